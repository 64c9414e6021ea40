"""The ranking evaluation protocol, as configuration (a section of llmrec's Config)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ProtocolConfig:
    """The evaluation protocol, as data. Defaults are LlamaRec's (Yue et al. 2023)."""

    min_user: int = 5
    min_item: int = 5
    min_rating: float | None = None  # None: every interaction counts
    ks: tuple[int, ...] = (5, 10)
    dump_top: int = 50
