"""Sequential item-to-item scores: which items tend to come right after the ones a user just had.

co[i, j] adds step_decay**(k-1) whenever j follows i by k <= window steps in a training sequence, and
``back`` times that when j precedes i (nearby co-occurrence is mostly symmetric in rating bursts). It is
normalized by sqrt(out-degree(i) * in-degree(j)) to damp popular items. A user is the recency-weighted
indicator of their history, so the score is again u^T c_j with c_j the column of j. Sparse: memory grows
with observed pairs, not with items squared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..rankers import recency_weights


@dataclass
class TransitionConfig:
    window: int = 30
    step_decay: float = 0.9
    back: float = 0.5
    recency: float = 0.85  # weight of a history item = recency**age


class TransitionRanker:
    name = "transition"

    def __init__(self, config: TransitionConfig | None = None) -> None:
        self.config = config or TransitionConfig()

    def fit(self, train: list[list[int]], n_items: int) -> None:
        c = self.config
        rows, cols, vals = [], [], []
        for seq in train:
            a = np.asarray(seq, dtype=np.int64)
            for k in range(1, min(c.window, len(a) - 1) + 1):
                w = c.step_decay ** (k - 1)
                rows += [a[:-k], a[k:]]
                cols += [a[k:], a[:-k]]
                vals += [np.full(len(a) - k, w), np.full(len(a) - k, c.back * w)]
        size = n_items + 1
        if rows:
            co = sparse.coo_matrix(
                (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(size, size)
            ).tocsr()  # duplicates are summed
        else:
            co = sparse.csr_matrix((size, size))
        out_deg = np.sqrt(np.asarray(co.sum(axis=1)).ravel()) + 1e-9
        in_deg = np.sqrt(np.asarray(co.sum(axis=0)).ravel()) + 1e-9
        self.matrix = sparse.diags(1 / out_deg) @ co @ sparse.diags(1 / in_deg)
        self.n_items = n_items

    def user_vectors(self, inputs: list[list[int]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for row, seq in enumerate(inputs):
            rows.append(np.full(len(seq), row))
            cols.append(np.asarray(seq, dtype=np.int64))
            vals.append(recency_weights(len(seq), self.config.recency))
        if not rows:
            return sparse.csr_matrix((0, self.n_items + 1))
        return sparse.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(inputs), self.n_items + 1),
        )

    def scores(self, inputs: list[list[int]]) -> np.ndarray:
        return np.asarray((self.user_vectors(inputs) @ self.matrix).todense())
