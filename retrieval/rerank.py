"""Request-aware personal ranking: what the agent calls for each recommendation.

Candidates come from two Chroma collections: the catalog (nearest items to the request text, with the
request's filters) and the interest model's item vectors (nearest items to the user's interest vector). Each
candidate is then scored on three signals, standardized over the candidates and summed with weights:

- text: cosine similarity between the request and the item's embedding;
- interest: the user's learned score for the item (the blended u^T c + transition score; items the model
  never saw are scored from their content through the model's content projection);
- feedback: how much the item resembles what the user liked in this session minus what they disliked.

A user without history and without a request still gets items (the interest model's cold-start vector); a
request from a new user is ranked by text alone; a new item is found by its text and scored by its content.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .catalog import Item
from .embed import Embedder
from .filters import Filters
from .interest.features import content_features
from .recommend import Recommender
from .search import MAX_QUERY_CHARS
from .store import CatalogStore


@dataclass
class RerankConfig:
    text_weight: float = 1.0
    interest_weight: float = 0.6
    feedback_weight: float = 0.8
    text_candidates: int = 100
    interest_candidates: int = 100


@dataclass(frozen=True)
class Scored:
    item: Item
    score: float
    text: float | None  # cosine to the request, None without a request
    interest: float | None  # the user's interest score, None without an interest model


@dataclass
class Personalization:
    """What is known about the user for this ranking: history and this session's feedback (catalog ids)."""

    history: tuple[str, ...] = ()
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()


def personalized_search(
    store: CatalogStore,
    embedder: Embedder,
    text: str | None,
    filters: Filters | None = None,
    recommender: Recommender | None = None,
    user: Personalization | None = None,
    exclude: set[str] | frozenset[str] = frozenset(),
    k: int = 10,
    config: RerankConfig | None = None,
    categories: list[str] | None = None,
) -> list[Scored]:
    """The top ``k`` catalog items for this request and user, every one satisfying ``filters``.

    ``categories`` is the interest model's category vocabulary, needed to score items it never saw.
    """
    config = config or RerankConfig()
    user = user or Personalization()
    filters = filters.canonical(store.info().categories) if filters else Filters()
    query = embedder.encode([" ".join(text.split())[:MAX_QUERY_CHARS]])[0] if text and text.strip() else None

    candidates: dict[str, Item] = {}
    if query is not None:
        for hit in store.search(query, config.text_candidates, filters):
            candidates[hit.item.item_id] = hit.item
    history = (
        [recommender.index[i] for i in (*user.history, *user.liked) if i in recommender.index]
        if recommender
        else []
    )
    if recommender is not None and (query is None or history):
        ranked = recommender.rank([history], config.interest_candidates)[0]
        ids = [recommender.item_ids[i] for i, _ in ranked]
        for item in store.get(ids):
            if filters.matches(item):
                candidates.setdefault(item.item_id, item)
    items = [it for it in candidates.values() if it.item_id not in exclude]
    if not items:
        return []

    ids = [it.item_id for it in items]
    vectors = store.vectors(ids)
    text_score = vectors @ query if query is not None else None
    interest = _interest(recommender, history, items, embedder, categories) if recommender else None
    feedback = _feedback(store, vectors, user)

    total = np.zeros(len(items))
    if text_score is not None:
        total += config.text_weight * _z(text_score)
    if interest is not None:
        total += config.interest_weight * _z(interest)
    if feedback is not None:
        total += config.feedback_weight * _z(feedback)
    order = np.argsort(-total, kind="stable")[:k]
    return [
        Scored(
            item=items[j],
            score=float(total[j]),
            text=float(text_score[j]) if text_score is not None else None,
            interest=float(interest[j]) if interest is not None else None,
        )
        for j in order
    ]


def _interest(
    recommender: Recommender,
    history: list[int],
    items: list[Item],
    embedder: Embedder,
    categories: list[str] | None,
) -> np.ndarray:
    known = [j for j, it in enumerate(items) if it.item_id in recommender.index]
    cold = [j for j, it in enumerate(items) if it.item_id not in recommender.index]
    scores = np.zeros(len(items))
    if known:
        scores[known] = recommender.score_items(history, [recommender.index[items[j].item_id] for j in known])
    if cold:
        feats = content_features([items[j] for j in cold], embedder, categories or [])
        scores[cold] = recommender.cold_scores(history, feats)
    return scores


def _feedback(store: CatalogStore, vectors: np.ndarray, user: Personalization) -> np.ndarray | None:
    if not user.liked and not user.disliked:
        return None
    score = np.zeros(len(vectors))
    for ids, sign in ((user.liked, 1.0), (user.disliked, -1.0)):
        if ids:
            score += sign * (vectors @ store.vectors(list(ids)).T).mean(axis=1)
    return score


def _z(x: np.ndarray) -> np.ndarray:
    std = x.std()
    return (x - x.mean()) / std if std > 1e-12 else np.zeros_like(x)
