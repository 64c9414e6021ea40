"""Lower a trained LoRA adapter's rank without retraining, so that the file shipped with the code is small.

Each module's update is ``ΔW = s·B·A`` (B: out × r, A: r × in, s the LoRA scale). Its best rank-k
approximation in the Frobenius norm is the truncated SVD (Eckart–Young); it is computed from the factors,
never from the full out × in matrix: with ``B = Qb·Rb`` and ``Aᵀ = Qa·Ra`` (thin QR), ``B·A = Qb·(Rb·Raᵀ)·Qaᵀ``,
so only the r × r core is decomposed. The kept singular values are split evenly between the new factors, and
``lora_alpha`` is changed so that the scale s stays what it was.

The share of ``‖ΔW‖²`` kept per module is reported: it says how much was cut, not what the cut costs on a task.
That is for the evaluations to say (`llmrec eval ...`).
"""

from __future__ import annotations

import json
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

WEIGHTS = "adapter_model.safetensors"
CONFIG = "adapter_config.json"
CARRIED = ("training.json", "losses.json", "loss_curve.png")  # copied along; training.json gets a note


@dataclass(frozen=True)
class ShrinkReport:
    rank_before: int
    rank_after: int
    modules: int
    energy_kept_min: float  # the worst module's share of ‖ΔW‖² kept
    energy_kept_mean: float
    bytes_before: int
    bytes_after: int


def low_rank_factors(b: torch.Tensor, a: torch.Tensor, rank: int) -> tuple[torch.Tensor, torch.Tensor, float]:
    """New ``(B', A')`` with ``B'·A'`` the best rank-``rank`` approximation of ``B·A``, and the share of
    ``‖B·A‖²`` it keeps (1.0 for a zero update)."""
    qb, rb = torch.linalg.qr(b.double())
    qa, ra = torch.linalg.qr(a.double().T)
    u, s, vh = torch.linalg.svd(rb @ ra.T)
    total = float((s**2).sum())
    kept = float((s[:rank] ** 2).sum()) / total if total > 0 else 1.0
    root = s[:rank].sqrt()
    new_b = (qb @ u[:, :rank]) * root
    new_a = root[:, None] * (vh[:rank] @ qa.T)
    return new_b.to(b.dtype).contiguous(), new_a.to(a.dtype).contiguous(), kept


def lora_config(src: Path) -> dict:
    """``src``'s adapter config, checked to be a plain LoRA (one rank for every module, no DoRA): what
    ``shrink_adapter`` and ``average.average_adapters`` rewrite."""
    if not (src / CONFIG).exists() or not (src / WEIGHTS).exists():
        raise FileNotFoundError(f"no LoRA adapter in {src} ({CONFIG} and {WEIGHTS} expected)")
    config = json.loads((src / CONFIG).read_text())
    if config.get("peft_type") != "LORA":
        raise ValueError(f"{src} is not a LoRA adapter (peft_type {config.get('peft_type')!r})")
    if config.get("rank_pattern") or config.get("alpha_pattern") or config.get("use_dora"):
        raise ValueError(f"{src} uses per-module ranks or DoRA, which only plain LoRA rewriting handles")
    return config


def write_partial(dst: Path, config: dict, weights: dict[str, torch.Tensor]) -> Path:
    """A new adapter written beside ``dst`` as ``dst.partial``: renamed to ``dst`` once complete, so that a
    crash never leaves a half-written adapter under the name asked for."""
    partial = dst.with_name(dst.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    (partial / CONFIG).write_text(json.dumps(config, indent=2))
    save_file(weights, partial / WEIGHTS, metadata={"format": "pt"})
    return partial


def shrink_adapter(src: Path, dst: Path, rank: int) -> ShrinkReport:
    """Write ``src``'s adapter at rank ``rank`` to the new folder ``dst``."""
    config = lora_config(src)
    before = int(config.get("r", 0))
    if not 0 < rank < before:
        raise ValueError(f"the new rank must be between 1 and {before - 1} (the adapter has rank {before})")
    if dst.exists():
        raise FileExistsError(f"{dst} already exists; pass a new folder")

    weights = load_file(src / WEIGHTS)
    out, kept = dict(weights), []
    for key_a in [k for k in weights if ".lora_A." in k]:
        key_b = key_a.replace(".lora_A.", ".lora_B.")
        out[key_b], out[key_a], share = low_rank_factors(weights[key_b], weights[key_a], rank)
        kept.append(share)
    if not kept:
        raise ValueError(f"{src / WEIGHTS} holds no lora_A/lora_B weights")

    scale = math.sqrt(rank / before) if config.get("use_rslora") else rank / before
    config = config | {"r": rank, "lora_alpha": config["lora_alpha"] * scale}
    partial = write_partial(dst, config, out)
    report = ShrinkReport(
        rank_before=before,
        rank_after=rank,
        modules=len(kept),
        energy_kept_min=round(min(kept), 4),
        energy_kept_mean=round(sum(kept) / len(kept), 4),
        bytes_before=(src / WEIGHTS).stat().st_size,
        bytes_after=(partial / WEIGHTS).stat().st_size,
    )
    for name in CARRIED:
        if (src / name).exists():
            shutil.copy(src / name, partial / name)
    if (partial / "training.json").exists():
        summary = json.loads((partial / "training.json").read_text())
        summary["rank_reduction"] = report.__dict__
        summary["adapter_bytes"] = report.bytes_after
        (partial / "training.json").write_text(json.dumps(summary, indent=2))
    partial.rename(dst)
    return report
