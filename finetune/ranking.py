"""Task (c), LlamaRec-style candidate ranking: the LLM reorders the recommender's top-20 for each test user,
scored from letter logits in one forward pass (``agent.llm.rank``). Compared on the very same lists with two
orders without an LLM: the recommender's own (the pipeline: Chroma candidates reranked by interest model and
transitions), so the difference is the LLM's alone, and the interest model's alone (R(u, c) = u·c of each
candidate).

Training lists (``ranking_records``) are the pipeline's candidates at the last points before each test item,
from a pipeline refitted without those points (``llmrec eval ranking --dump-training-lists``), so
fine-tuning never sees an evaluated target.

Candidate lists come from ``llmrec eval ranking --dump-predictions FILE`` (the full pipeline's ranking of every
test user, trained without the test items), so no target leaks into the candidates' construction.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from agent.llm import LoadedLLM, letter_scores
from agent.llm.rank import LETTERS, ranking_messages

from .understanding.render import clean_title


@dataclass(frozen=True)
class RankingCase:
    user_id: str
    history: list[str]  # titles, oldest first (the test item excluded)
    candidates: list[str]  # item ids in the pipeline's order
    titles: list[str]
    target: str
    interest: list[float] | None = (
        None  # the interest model's score of each candidate (dumps since session 32)
    )


def ranking_cases(prepared: Any, predictions: Path, n_users: int, seed: int = 0) -> list[RankingCase]:
    """Up to ``n_users`` randomly chosen test users with their top-20 candidates and history titles."""
    data, items = prepared.data, prepared.items
    index = data.index_of()
    row_of = {u: r for r, u in enumerate(data.user_ids)}

    def title(raw: str) -> str:
        item = items[index[raw]] if raw in index else None
        return clean_title(item.title) if item else raw

    rows = [json.loads(line) for line in predictions.read_text().splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)
    cases = []
    for row in rows[:n_users]:
        seq = data.seqs[row_of[row["user_id"]]][:-1]
        candidates = row["ranked_item_ids"][: len(LETTERS)]
        cases.append(
            RankingCase(
                user_id=row["user_id"],
                history=[title(data.item_ids[i]) for i in seq[-10:]],
                candidates=candidates,
                titles=[title(c) for c in candidates],
                target=row["target_item_id"],
                interest=row["interest_scores"][: len(candidates)] if "interest_scores" in row else None,
            )
        )
    return cases


def _ndcg(rank: int | None) -> float:
    return 1.0 / math.log2(rank + 1) if rank is not None and rank <= 10 else 0.0


def evaluate_ranking(llm: LoadedLLM, cases: list[RankingCase], progress: bool = True) -> dict[str, Any]:
    from tqdm import tqdm

    pipeline, interest, tuned, hits = [], [], [], 0
    start = time.perf_counter()
    for case in tqdm(cases, desc="ranking", unit="list", disable=not progress):
        if case.target not in case.candidates:
            pipeline.append(0.0)
            interest.append(0.0)
            tuned.append(0.0)
            continue
        hits += 1
        pipeline.append(_ndcg(case.candidates.index(case.target) + 1))
        if case.interest is not None:
            interest.append(_ndcg(_rank_of(case.target, case.candidates, np.array(case.interest))))
        tuned.append(
            _ndcg(_rank_of(case.target, case.candidates, letter_scores(llm, case.history, case.titles)))
        )
    n = max(len(cases), 1)
    ndcg = {"pipeline": round(sum(pipeline) / n, 4)}
    if all(case.interest is not None for case in cases):  # not so in dumps before session 32
        ndcg["interest_model"] = round(sum(interest) / n, 4)
    return {
        "users": len(cases),
        "target_in_top20": round(hits / n, 4),
        "ndcg@10": ndcg | {"llm": round(sum(tuned) / n, 4)},
        "seconds_per_list": round((time.perf_counter() - start) / n, 3),
    }


def _rank_of(target: str, candidates: list[str], scores: np.ndarray) -> int:
    """The target's 1-based place when the candidates are sorted by ``scores`` (ties keep their order)."""
    order = [candidates[i] for i in np.argsort(-scores, kind="stable")]
    return order.index(target) + 1


def ranking_records(prepared: Any, lists: Path, n: int, seed: int = 0) -> list[dict]:
    """Up to ``n`` training records from ``llmrec eval ranking --dump-training-lists FILE``: the retriever's
    own top-20 at earlier points of users' histories (LlamaRec trains its ranker on the retriever's
    candidates too). Lists whose next item was not retrieved are skipped: there is no right letter.

    The candidates keep the retriever's order, as in evaluation and serving: the lists come from a retriever
    that never saw their next items, so how far its order can be trusted is the same as on test lists, and
    the ranker learns when to depart from it. Records are English, like the task."""
    data, items = prepared.data, prepared.items
    index = data.index_of()

    def title(raw: str) -> str | None:
        item = items[index[raw]] if raw in index else None
        return clean_title(item.title) if item else None

    rows = [json.loads(line) for line in lists.read_text().splitlines() if line.strip()]
    usable = [r for r in rows if r["target_item_id"] in r["ranked_item_ids"][: len(LETTERS)]]
    if not usable:
        raise ValueError(
            f"{lists}: no list holds its next item; write lists with `llmrec eval ranking "
            "--dump-training-lists FILE` on the same data set"
        )
    rng = random.Random(seed)
    rng.shuffle(usable)
    records = []
    for row in usable[:n]:
        candidates = row["ranked_item_ids"][: len(LETTERS)]
        titles = [title(c) for c in candidates]
        if any(t is None for t in titles):
            continue  # an item without catalog metadata cannot be shown
        past = [t for t in map(title, row["history_item_ids"]) if t]
        records.append(
            {
                "task": "ranking",
                "language": "en",
                "messages": ranking_messages(past, titles),
                "answer": LETTERS[candidates.index(row["target_item_id"])],
            }
        )
    return records
