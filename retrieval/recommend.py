"""Personal recommendations: candidates from Chroma by the user's interest vector, then a blended rerank.

The learned item vectors c live in their own Chroma collection (inner-product space), so candidate retrieval
for a user vector u is a nearest-neighbour query for the largest u^T c. The candidates are then reranked by

    score = u^T c / s_interest + transition_weight * sequential(u, c) / s_transition

where each s is the signal's standard deviation over all (user, item) pairs of the validation users, so the
weight means the same in training and serving. The weight is chosen on validation data when the model is
trained (see ``fit_blend``), never on test.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from .interest.model import InterestModel, left_pad
from .interest.transition import TransitionRanker
from .metrics import mask_history, ranking_metrics, target_ranks

VECTOR_BATCH = 5000


@dataclass
class BlendConfig:
    transition_weight: float = 0.25
    interest_scale: float = 1.0
    transition_scale: float = 1.0
    candidates: int = 200  # items fetched from Chroma per user before reranking

    def combine(self, interest: np.ndarray, sequential: np.ndarray) -> np.ndarray:
        return interest / self.interest_scale + self.transition_weight * sequential / self.transition_scale


class ItemVectorStore:
    """The interest model's item vectors in a Chroma collection (inner product), keyed by catalog item id."""

    def __init__(self, client: Any, name: str) -> None:
        self._client, self.name = client, name

    def write(self, item_ids: list[str], vectors: np.ndarray) -> None:
        """Replace the collection with these vectors (a retrained model moves every vector)."""
        with contextlib.suppress(Exception):  # the collection did not exist yet
            self._client.delete_collection(self.name)
        col = self._client.create_collection(
            self.name, embedding_function=None, configuration={"hnsw": {"space": "ip"}}
        )
        step = min(VECTOR_BATCH, self._client.get_max_batch_size())
        for start in range(0, len(item_ids), step):
            col.add(ids=item_ids[start : start + step], embeddings=vectors[start : start + step].tolist())

    def nearest(self, user: np.ndarray, n: int) -> list[str]:
        col = self._client.get_collection(self.name, embedding_function=None)
        n = min(n, col.count())
        result = col.query(query_embeddings=[user.astype(np.float32).tolist()], n_results=n, include=[])
        return result["ids"][0]


class Recommender:
    """Ranks catalog items for a history of item indices (the model's numbering)."""

    def __init__(
        self,
        model: InterestModel,
        item_ids: list[str],
        transition: TransitionRanker,
        blend: BlendConfig,
        vectors: ItemVectorStore,
    ) -> None:
        self.model, self.item_ids, self.transition, self.blend, self.vectors = (
            model,
            item_ids,
            transition,
            blend,
            vectors,
        )
        self.index = {raw: i for i, raw in enumerate(item_ids) if i > 0}
        with torch.no_grad():
            self.item_matrix = model.items().numpy()

    def publish(self) -> None:
        """Write the item vectors to Chroma (after training or loading a new model)."""
        self.vectors.write(self.item_ids[1:], self.item_matrix[1:])

    @torch.no_grad()
    def user_vectors(self, histories: list[list[int]]) -> np.ndarray:
        self.model.eval()
        return self.model.user_vectors(left_pad(histories, self.model.config.max_len)).numpy()

    def score_items(self, history: list[int], items: list[int]) -> np.ndarray:
        """The blended score of the given items (model numbering) for one history."""
        user = self.user_vectors([history])[0]
        cand = np.asarray(items, dtype=np.int64)
        sequential = np.asarray(
            (self.transition.user_vectors([history]) @ self.transition.matrix)[0, cand].todense()
        )
        return self.blend.combine(self.item_matrix[cand] @ user, sequential.ravel())

    def cold_scores(self, history: list[int], features: np.ndarray) -> np.ndarray:
        """Interest scores for items the model never saw, from their content features alone
        (the id embedding of an unseen item carries nothing; the content projection does)."""
        user = self.user_vectors([history])[0]
        proj = self.model.items.proj
        if proj is None:
            return np.zeros(len(features))
        with torch.no_grad():
            vectors = proj(torch.from_numpy(features.astype(np.float32))).numpy()
        return (vectors @ user) / self.blend.interest_scale

    def rank(self, histories: list[list[int]], k: int = 50) -> list[list[tuple[int, float]]]:
        """For each history: the top ``k`` (item index, blended score), history excluded, best first."""
        users = self.user_vectors(histories)
        trans = self.transition.user_vectors(histories) @ self.transition.matrix  # sparse (users, items)
        out = []
        for row, hist in enumerate(histories):
            seen = set(hist)
            ids = self.vectors.nearest(users[row], self.blend.candidates + len(seen))
            cand = np.array([self.index[i] for i in ids if self.index.get(i) not in seen], dtype=np.int64)
            if cand.size == 0:
                out.append([])
                continue
            interest = self.item_matrix[cand] @ users[row]
            sequential = np.asarray(trans[row, cand].todense()).ravel()
            score = self.blend.combine(interest, sequential)
            order = np.argsort(-score, kind="stable")[:k]
            out.append([(int(cand[j]), float(score[j])) for j in order])
        return out


def fit_blend(
    interest_scores: np.ndarray,
    transition_scores: np.ndarray,
    inputs: list[list[int]],
    targets: list[int],
    grid: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0),
    candidates: int = 200,
) -> tuple[BlendConfig, dict[float, float]]:
    """The transition weight with the best validation NDCG@10 (all items scored), and every weight's score."""
    blend = BlendConfig(
        interest_scale=float(interest_scores.std()) or 1.0,
        transition_scale=float(transition_scores.std()) or 1.0,
        candidates=candidates,
    )
    results = {}
    for weight in grid:
        blend.transition_weight = weight
        scores = blend.combine(interest_scores, transition_scores)
        mask_history(scores, inputs, keep=targets)
        results[weight] = ranking_metrics(target_ranks(scores, targets))["ndcg@10"]
    blend.transition_weight = max(results, key=lambda w: (results[w], -w))
    return blend, results
