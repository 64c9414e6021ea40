"""Next-item rankers over the catalog. Each one scores every item for a user as R(u, c) = u^T c.

A ranker is fitted on training sequences and then scores a batch of input sequences (item indices 1..n, 0 is
padding) into a (users, n_items + 1) matrix. The baselines here are deliberately simple; the learned interest
model lives in ``retrieval.interest``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Ranker(Protocol):
    name: str

    def fit(self, train: list[list[int]], n_items: int) -> None: ...

    def scores(self, inputs: list[list[int]]) -> np.ndarray: ...


def recency_weights(length: int, decay: float) -> np.ndarray:
    """Weight decay**age for each position of a sequence, the most recent item having age 0."""
    return decay ** np.arange(length - 1, -1, -1, dtype=np.float64)


class PopularityRanker:
    """Everyone gets the most interacted items: u is constant, c_i is the item's training count."""

    name = "popularity"

    def fit(self, train: list[list[int]], n_items: int) -> None:
        counts = np.zeros(n_items + 1)
        for seq in train:
            np.add.at(counts, seq, 1.0)
        self.counts = counts

    def scores(self, inputs: list[list[int]]) -> np.ndarray:
        return np.tile(self.counts, (len(inputs), 1))


class ContentRanker:
    """Items are their text embeddings c_i; u is the recency-weighted mean of the history's embeddings.
    Needs no interactions at all beyond the user's own, so it also serves new items."""

    name = "content"

    def __init__(self, item_vectors: np.ndarray, decay: float = 0.9) -> None:
        self.item_vectors = item_vectors  # (n_items + 1, d); row 0 is padding
        self.decay = decay

    def fit(self, train: list[list[int]], n_items: int) -> None:
        if self.item_vectors.shape[0] != n_items + 1:
            raise ValueError(f"content has {self.item_vectors.shape[0] - 1} items, the data {n_items}")

    def user_vectors(self, inputs: list[list[int]]) -> np.ndarray:
        users = np.zeros((len(inputs), self.item_vectors.shape[1]))
        for row, seq in enumerate(inputs):
            if seq:
                users[row] = recency_weights(len(seq), self.decay) @ self.item_vectors[seq]
        return users

    def scores(self, inputs: list[list[int]]) -> np.ndarray:
        return self.user_vectors(inputs) @ self.item_vectors.T
