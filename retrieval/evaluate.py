"""``llmrec eval ranking``: the LlamaRec protocol over popularity, content, interest-model and full-pipeline
rankers, with the full pipeline going through Chroma exactly as it does when serving.

Model selection (epochs, blend weight) uses the validation targets only; test targets are read once, to score.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import Item
from .embed import Embedder
from .interactions import load_interactions
from .interest import CategoryProfiles, category_matrix, fit_profiles
from .interest.config import InterestConfig
from .interest.features import content_features
from .interest.train import score_users, train_interest
from .interest.transition import TransitionRanker
from .loaders import load_catalog
from .metrics import mask_history, ranking_metrics, target_ranks
from .protocol import ProtocolConfig
from .rankers import ContentRanker, PopularityRanker
from .recommend import ItemVectorStore, Recommender, fit_blend
from .sequences import Sequences, build_sequences


@dataclass
class Prepared:
    data: Sequences
    items: list[Item | None]  # aligned with data.item_ids (row 0 is padding)
    categories: list[str]
    ratings: dict[tuple[str, str], float | None]


@dataclass
class RankingReport:
    dataset: str
    users: int
    items: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    predictions: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "users": self.users,
            "items": self.items,
            "metrics": self.metrics,
            "seconds": self.seconds,
            "details": self.details,
        }


def prepare(spec: str, protocol: ProtocolConfig) -> Prepared:
    rows = load_interactions(spec)
    data = build_sequences(rows, protocol.min_user, protocol.min_item, protocol.min_rating)
    catalog = {item.item_id: item for item in load_catalog(spec, skip_bad=True).items}
    items: list[Item | None] = [None] + [catalog.get(raw) for raw in data.item_ids[1:]]
    categories = sorted({c for item in items if item for c in item.categories})
    ratings = {(r.user_id, r.item_id): r.rating for r in rows}
    return Prepared(data, items, categories, ratings)


def evaluate_ranking(
    spec: str,
    embedder: Embedder,
    interest: InterestConfig,
    protocol: ProtocolConfig,
    chroma_client: Any,
    progress: bool = True,
    cache_dir: Path | None = None,
) -> RankingReport:
    start = time.perf_counter()
    prep = prepare(spec, protocol)
    data = prep.data
    report = RankingReport(dataset=spec, users=data.n_users, items=data.n_items)
    train = data.train()
    valid = data.valid()
    test_inputs, test_targets = data.test()

    def score(name: str, matrix: np.ndarray) -> None:
        mask_history(matrix, test_inputs, keep=test_targets)
        report.metrics[name] = ranking_metrics(target_ranks(matrix, test_targets), protocol.ks)

    pop = PopularityRanker()
    pop.fit(train, data.n_items)
    score("popularity", pop.scores(test_inputs))

    t = time.perf_counter()
    features = content_features(prep.items, embedder, prep.categories, cache_dir)
    report.seconds["content_features"] = time.perf_counter() - t
    text = features[:, : embedder.dim]
    content = ContentRanker(text)
    content.fit(train, data.n_items)
    score("content", content.scores(test_inputs))

    result = train_interest(train, data.n_items, interest, features, valid=valid, progress=progress)
    report.seconds["train_interest"] = result.seconds
    report.details["interest"] = {
        "best_epoch": result.best_epoch,
        "config": asdict(interest),
        "history": result.history,
        "losses": result.losses,
    }
    score("interest", score_users(result.model, test_inputs))

    # Blend weight on validation: transition fitted on the training part, scored on validation inputs.
    trans = TransitionRanker()
    trans.fit(train, data.n_items)
    blend, grid = fit_blend(score_users(result.model, valid[0]), trans.scores(valid[0]), *valid)
    report.details["blend"] = {**asdict(blend), "validation_ndcg@10": grid}
    # For test, the transition statistics may use everything but the test targets.
    trans.fit(test_inputs, data.n_items)
    score("transition", trans.scores(test_inputs))

    t = time.perf_counter()
    vectors = ItemVectorStore(chroma_client, "eval-interest-items")
    recommender = Recommender(result.model, data.item_ids, trans, blend, vectors)
    recommender.publish()
    ranked = recommender.rank(test_inputs, k=max(protocol.dump_top, *protocol.ks))
    report.seconds["pipeline_rank"] = time.perf_counter() - t
    ranks = []
    for u, rows in enumerate(ranked):
        ids = [i for i, _ in rows]
        # A target outside the Chroma candidates is never retrieved: it counts as a miss (rank past the list).
        ranks.append(ids.index(test_targets[u]) + 1 if test_targets[u] in ids else len(data.item_ids) + 1)
        report.predictions.append(
            {
                "user_id": data.user_ids[u],
                "target_item_id": data.item_ids[test_targets[u]],
                "ranked_item_ids": [data.item_ids[i] for i in ids[: protocol.dump_top]],
            }
        )
    report.metrics["pipeline"] = ranking_metrics(ranks, protocol.ks)
    report.seconds["total"] = time.perf_counter() - start
    return report


def user_profiles(prep: Prepared, histories: list[list[int]]) -> CategoryProfiles:
    """Category interest profiles from histories, observed interest = rating / max rating (1 if unrated)."""
    top = max((r for r in prep.ratings.values() if r is not None), default=1.0) or 1.0
    values = [
        [(prep.ratings.get((prep.data.user_ids[u], prep.data.item_ids[i])) or top) / top for i in hist]
        for u, hist in enumerate(histories)
    ]
    cats = category_matrix([item.categories if item else () for item in prep.items], prep.categories)
    return fit_profiles(histories, values, cats, prep.categories)
