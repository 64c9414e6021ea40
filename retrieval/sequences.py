"""Interaction logs -> per-user chronological item sequences, k-core filtering, and the leave-one-out split.

Protocol (LlamaRec, Yue et al. 2023): every interaction counts (optionally only ratings >= min_rating);
iterative k-core on users and items; each user's items ordered by timestamp, ties kept in file order; the last
item is the test target, the second-last the validation target, the rest is training history. Items are
numbered 1..n (0 is padding) so that models can index embedding tables directly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .interactions import Interaction


@dataclass
class Sequences:
    item_ids: list[str]  # index -> raw item id; index 0 is padding
    user_ids: list[str]  # row -> raw user id
    seqs: list[list[int]]  # row -> chronological item indices

    @property
    def n_items(self) -> int:
        return len(self.item_ids) - 1

    @property
    def n_users(self) -> int:
        return len(self.seqs)

    def index_of(self) -> dict[str, int]:
        return {raw: i for i, raw in enumerate(self.item_ids) if i > 0}

    # Leave-one-out views. Validation sees the training history; test also sees the validation item.
    def train(self) -> list[list[int]]:
        return [s[:-2] for s in self.seqs]

    def valid(self) -> tuple[list[list[int]], list[int]]:
        return [s[:-2] for s in self.seqs], [s[-2] for s in self.seqs]

    def test(self) -> tuple[list[list[int]], list[int]]:
        return [s[:-1] for s in self.seqs], [s[-1] for s in self.seqs]


def k_core(rows: list[Interaction], min_user: int, min_item: int) -> list[Interaction]:
    """Drop users and items with too few interactions, repeatedly, until every one left has enough."""
    while True:
        users = Counter(r.user_id for r in rows)
        items = Counter(r.item_id for r in rows)
        kept = [r for r in rows if users[r.user_id] >= min_user and items[r.item_id] >= min_item]
        if len(kept) == len(rows):
            return kept
        rows = kept


def build_sequences(
    rows: list[Interaction], min_user: int = 5, min_item: int = 5, min_rating: float | None = None
) -> Sequences:
    if min_rating is not None:
        rows = [r for r in rows if r.rating is not None and r.rating >= min_rating]
    # A user who rated an item twice keeps the first time: a sequence names each item once.
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in sorted(rows, key=lambda r: r.timestamp):  # sorted() is stable: ties keep file order
        if (r.user_id, r.item_id) not in seen:
            seen.add((r.user_id, r.item_id))
            unique.append(r)
    rows = k_core(unique, min_user, min_item)
    index: dict[str, int] = {}
    item_ids = ["<pad>"]
    by_user: dict[str, list[int]] = {}
    for r in rows:
        if r.item_id not in index:
            index[r.item_id] = len(item_ids)
            item_ids.append(r.item_id)
        by_user.setdefault(r.user_id, []).append(index[r.item_id])
    users = sorted(by_user, key=lambda u: (len(u), u))  # numeric ids in numeric order
    return Sequences(item_ids=item_ids, user_ids=users, seqs=[by_user[u] for u in users])
