"""Top-k ranking metrics for leave-one-out evaluation: one target per user, ranked against all items.

rank = 1 + the number of candidate items scored strictly higher than the target, after the user's history is
masked out (the target itself is never masked).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def mask_history(
    scores: np.ndarray, histories: Sequence[Sequence[int]], keep: Sequence[int] | None = None
) -> None:
    """In place: set padding (column 0) and each row's history items to -inf, except ``keep[row]``."""
    scores[:, 0] = -np.inf
    for row, hist in enumerate(histories):
        if len(hist):
            scores[row, np.asarray(hist)] = -np.inf
        if keep is not None and keep[row] in hist:
            raise ValueError(f"row {row}: the target is in the history; the split leaks")


def target_ranks(scores: np.ndarray, targets: Sequence[int]) -> np.ndarray:
    """1-based rank of each row's target in an already masked score matrix."""
    target_scores = scores[np.arange(len(targets)), np.asarray(targets)]
    return 1 + (scores > target_scores[:, None]).sum(axis=1)


def ranking_metrics(ranks: Sequence[int] | np.ndarray, ks: Sequence[int] = (5, 10)) -> dict[str, float]:
    """Recall@k (hit rate with one target), NDCG@k = 1/log2(rank+1) within k, and MRR, averaged over users."""
    r = np.asarray(ranks, dtype=np.float64)
    if r.size == 0 or (r < 1).any():
        raise ValueError("ranks must be a non-empty list of numbers >= 1")
    out: dict[str, float] = {}
    for k in ks:
        hit = r <= k
        out[f"recall@{k}"] = float(hit.mean())
        out[f"ndcg@{k}"] = float(np.where(hit, 1.0 / np.log2(r + 1.0), 0.0).mean())
    out["mrr"] = float((1.0 / r).mean())
    return out


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best items per row of a masked score matrix, best first (ties: lower index first)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.lexsort((part, -np.take_along_axis(scores, part, axis=1)), axis=1)
    return np.take_along_axis(part, order, axis=1)
