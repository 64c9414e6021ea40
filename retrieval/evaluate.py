"""``llmrec eval ranking``: the LlamaRec protocol over popularity, content, interest-model, transition and
full-pipeline rankers, the full pipeline going through Chroma exactly as it does when serving.

Model selection (epochs, blend weight) uses the validation targets only; test targets are read once, to score.

With ``lists_per_user`` it also writes the LLM ranker's training lists (``training_lists``): the pipeline's
top-20 at the last N points before each test item, from a pipeline refitted without those N items, so each
list's next item is as new to the retriever as a test target is (a pipeline that trained on it put it in its
top-20 64% of the time instead of 23%: measured on ml-latest-small).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .embed import Embedder
from .interest.config import InterestConfig
from .interest.pipeline import fit_interest, prepare, refit
from .interest.train import score_users
from .metrics import mask_history, ranking_metrics, target_ranks
from .protocol import ProtocolConfig
from .rankers import ContentRanker, PopularityRanker

PIPELINE_COLLECTION = "eval-interest-items"


@dataclass
class RankingReport:
    dataset: str
    users: int
    items: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    predictions: list[dict[str, Any]] = field(default_factory=list)
    training_lists: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "users": self.users,
            "items": self.items,
            "metrics": self.metrics,
            "seconds": self.seconds,
            "details": self.details,
        }


def evaluate_ranking(
    spec: str,
    embedder: Embedder,
    interest: InterestConfig,
    protocol: ProtocolConfig,
    chroma_client: Any,
    progress: bool = True,
    cache_dir: Path | None = None,
    catalog_spec: str | None = None,
    lists_per_user: int = 0,
) -> RankingReport:
    start = time.perf_counter()
    prep = prepare(spec, protocol, catalog_spec)
    data = prep.data
    report = RankingReport(dataset=spec, users=data.n_users, items=data.n_items)
    train = data.train()
    test_inputs, test_targets = data.test()

    def score(name: str, matrix: np.ndarray) -> None:
        mask_history(matrix, test_inputs, keep=test_targets)
        report.metrics[name] = ranking_metrics(target_ranks(matrix, test_targets), protocol.ks)

    pop = PopularityRanker()
    pop.fit(train, data.n_items)
    score("popularity", pop.scores(test_inputs))

    # The final model and transition statistics may use everything except the test targets themselves.
    fitted = fit_interest(prep, embedder, interest, cache_dir, progress, final_data=test_inputs)
    assert fitted.training is not None
    report.seconds["train_interest"] = fitted.training.seconds
    report.details["interest"] = {
        "best_epoch": fitted.training.best_epoch,
        "history": fitted.training.history,
        "losses": fitted.training.losses,
    }
    report.details["blend"] = fitted.blend

    assert fitted.features is not None
    content = ContentRanker(fitted.features[:, : embedder.dim])
    content.fit(train, data.n_items)
    score("content", content.scores(test_inputs))
    interest_scores = score_users(fitted.model, test_inputs)
    score("interest", interest_scores)
    score("transition", fitted.transition.scores(test_inputs))

    t = time.perf_counter()
    recommender = fitted.recommender(chroma_client, PIPELINE_COLLECTION)
    recommender.publish()
    ranked = recommender.rank(test_inputs, k=max(protocol.dump_top, *protocol.ks))
    report.seconds["pipeline_rank"] = time.perf_counter() - t
    ranks = []
    for u, rows in enumerate(ranked):
        ids = [i for i, _ in rows]
        # A target outside the Chroma candidates was never retrieved: a miss, ranked past every list.
        ranks.append(ids.index(test_targets[u]) + 1 if test_targets[u] in ids else data.n_items + 1)
        report.predictions.append(
            {
                "user_id": data.user_ids[u],
                "target_item_id": data.item_ids[test_targets[u]],
                "ranked_item_ids": [data.item_ids[i] for i in ids[: protocol.dump_top]],
                # R(u, c) of the interest model alone for the same items: `eval llm-ranking` orders the
                # candidates by it as a second baseline
                "interest_scores": [round(float(interest_scores[u, i]), 5) for i in ids[: protocol.dump_top]],
            }
        )
    report.metrics["pipeline"] = ranking_metrics(ranks, protocol.ks)
    if lists_per_user:
        t = time.perf_counter()
        before = [seq[: max(2, len(seq) - lists_per_user)] for seq in test_inputs]
        # The same choices, trained again on the shorter histories (always: the lists must be new to it).
        earlier = refit(fitted, prep, replace(interest, refit=True), before, progress)
        lists_recommender = earlier.recommender(chroma_client, PIPELINE_COLLECTION + "-lists")
        lists_recommender.publish()
        report.training_lists = training_lists(
            lists_recommender, data.item_ids, data.user_ids, test_inputs, lists_per_user
        )
        report.seconds["training_lists"] = time.perf_counter() - t
        hits = sum(row["target_item_id"] in row["ranked_item_ids"] for row in report.training_lists)
        report.details["training_lists"] = {"lists": len(report.training_lists), "target_in_top20": hits}
    report.seconds["total"] = time.perf_counter() - start
    return report


def training_lists(
    recommender: Any,
    item_ids: list[str],
    user_ids: list[str],
    histories: list[list[int]],
    per_user: int,
    size: int = 20,
    keep_history: int = 10,
) -> list[dict[str, Any]]:
    """For each user, the pipeline's top ``size`` at the last ``per_user`` points of their history (each
    history here is a sequence minus its test item, so no test target is read): the items seen up to that
    point, the item that came next, and the candidates. The user's other items are left out of the
    candidates: an item they watched later is no negative. ``recommender`` should not have been trained on
    those points (see the module's docstring)."""
    cuts = [(u, t) for u, seq in enumerate(histories) for t in range(max(2, len(seq) - per_user), len(seq))]
    ranked = recommender.rank([histories[u][:t] for u, t in cuts], k=size + per_user)
    rows = []
    for (u, t), scored in zip(cuts, ranked, strict=True):
        seq = histories[u]
        later = set(seq[t + 1 :]) - {seq[t]}
        candidates = [i for i, _ in scored if i not in later][:size]
        rows.append(
            {
                "user_id": user_ids[u],
                "target_item_id": item_ids[seq[t]],
                "history_item_ids": [item_ids[i] for i in seq[:t][-keep_history:]],
                "ranked_item_ids": [item_ids[i] for i in candidates],
            }
        )
    return rows
