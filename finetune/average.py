"""Average trained LoRA adapters into one, without loading the base model.

Fine-tuned weights that share a start often generalize better averaged than alone ("model soups", Wortsman et
al. 2022): an adapter and the one it continued from (v17 and v20) differ where each run overfitted its own draw
of the data. Each module's update is ``ΔW_i = s_i·B_i·A_i`` (``s_i`` the LoRA scale). Their weighted mean
``Σ w_i·ΔW_i`` is exactly a LoRA update of rank ``Σ r_i`` at scale 1: ``B = [B_1 … B_n]`` side by side and
``A = [w_1·s_1·A_1; …; w_n·s_n·A_n]`` stacked. With ``rank``, each module is then cut to its best
rank-``rank`` approximation (``shrink.low_rank_factors``), so the file stays the size of one adapter.

peft's ``add_weighted_adapter(combination_type="cat")`` computes the same sum, but on a loaded base model; here
only the adapter files are read.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file

from agent.genre_tags import PHRASES_FILE

from .shrink import WEIGHTS, lora_config, low_rank_factors, write_partial

# Copied from the first member. What the agent reads besides the weights, the genre tagging (PHRASES_FILE) and
# the glossary languages (training.json), must be the same in every member.
CARRIED = (PHRASES_FILE, "losses.json", "loss_curve.png")


@dataclass(frozen=True)
class AverageReport:
    members: int
    weights: tuple[float, ...]
    rank_before: int  # the sum of the members' ranks: the exact mean's
    rank: int  # of the written adapter
    energy_kept_min: float  # with a rank cut: the worst module's share of ‖ΔW‖² kept (1.0 without a cut)
    energy_kept_mean: float
    bytes_after: int


def average_adapters(
    sources: Sequence[Path], dst: Path, weights: Sequence[float] | None = None, rank: int | None = None
) -> AverageReport:
    """Write the weighted mean of ``sources``' LoRA updates to the new folder ``dst`` (equal weights by
    default; they must sum to 1). The first member's training.json is kept, with an ``average`` record of
    every member's."""
    if len(sources) < 2:
        raise ValueError("averaging needs at least two adapters")
    weights = tuple(weights) if weights is not None else (1 / len(sources),) * len(sources)
    if len(weights) != len(sources):
        raise ValueError(f"{len(weights)} weights for {len(sources)} adapters; give one per --adapter")
    if abs(sum(weights) - 1) > 1e-6 or min(weights) < 0:
        raise ValueError(f"the weights must be non-negative and sum to 1, not {list(weights)}")
    if dst.exists():
        raise FileExistsError(f"{dst} already exists; pass a new folder")
    configs = [lora_config(src) for src in sources]
    members = [load_file(src / WEIGHTS) for src in sources]
    keys = set(members[0])
    for src, tensors in zip(sources[1:], members[1:], strict=True):
        if set(tensors) != keys:  # the same modules adapted (target_modules is saved as an unordered list)
            raise ValueError(
                f"{src} adapts other modules than {sources[0]}: only adapters of one shape average"
            )
        if _read(src / PHRASES_FILE) != _read(sources[0] / PHRASES_FILE):
            raise ValueError(
                f"{src} and {sources[0]} tag genres differently: the agent could not prompt both"
            )
    if len({tuple(_training(src).get("glossary") or ()) for src in sources}) > 1:
        raise ValueError("the adapters were trained with different glossary languages (their training.json)")

    total = sum(int(c["r"]) for c in configs)
    if rank is not None and not 0 < rank <= total:
        raise ValueError(f"the rank must be between 1 and {total} (the sum of the members' ranks)")
    out: dict[str, torch.Tensor] = {}
    kept = []
    for key_a in sorted(k for k in keys if ".lora_A." in k):
        key_b = key_a.replace(".lora_A.", ".lora_B.")
        a = torch.cat(
            [w * _scale(c) * m[key_a].double() for w, c, m in zip(weights, configs, members, strict=True)]
        )
        b = torch.cat([m[key_b].double() for m in members], dim=1)
        dtype = members[0][key_a].dtype
        if rank is not None and rank < total:
            b, a, share = low_rank_factors(b, a, rank)
            kept.append(share)
        out[key_a], out[key_b] = a.to(dtype).contiguous(), b.to(dtype).contiguous()
    if not out:
        raise ValueError(f"{sources[0] / WEIGHTS} holds no lora_A/lora_B weights")
    new_rank = rank or total
    config = configs[0] | {"r": new_rank, "lora_alpha": new_rank, "use_rslora": False}  # scale 1
    partial = write_partial(dst, config, out)
    report = AverageReport(
        members=len(sources),
        weights=weights,
        rank_before=total,
        rank=new_rank,
        energy_kept_min=round(min(kept), 4) if kept else 1.0,
        energy_kept_mean=round(sum(kept) / len(kept), 4) if kept else 1.0,
        bytes_after=(partial / WEIGHTS).stat().st_size,
    )
    for name in CARRIED:
        if (sources[0] / name).exists():
            shutil.copy(sources[0] / name, partial / name)
    summary = _training(sources[0])
    summary["average"] = report.__dict__ | {
        "weights": list(weights),
        "adapters": [_training(src) | {"folder": str(src)} for src in sources],
    }
    summary["adapter_bytes"] = report.bytes_after
    # the written adapter's own shape (the first member's record keeps its training rank and alpha)
    summary["config"] = summary.get("config", {}) | {"lora_r": new_rank, "lora_alpha": new_rank}
    summary["trainable_parameters"] = sum(t.numel() for t in out.values())
    (partial / "training.json").write_text(json.dumps(summary, indent=2))
    partial.rename(dst)
    return report


def _scale(config: dict) -> float:
    r = int(config["r"])
    return config["lora_alpha"] / (math.sqrt(r) if config.get("use_rslora") else r)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _training(src: Path) -> dict:
    text = _read(src / "training.json")
    return json.loads(text) if text else {}
