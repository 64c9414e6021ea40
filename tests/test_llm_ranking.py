"""The LlamaRec-style ranking evaluation on a hand-made data set and the tiny LM."""

from __future__ import annotations

import json
from types import SimpleNamespace

from agent.config import LLMConfig
from agent.llm import load_llm
from finetune.ranking import evaluate_ranking, ranking_cases
from retrieval.catalog import make_item
from retrieval.sequences import Sequences


def test_cases_and_report(tiny_lm, tmp_path):
    item_ids = ["", *[str(i) for i in range(1, 31)]]
    items = [
        None,
        *[make_item({"item_id": str(i), "title": f"Movie {i} (199{i % 10})"}, "test") for i in range(1, 31)],
    ]
    data = Sequences(item_ids=item_ids, user_ids=["u1", "u2"], seqs=[[1, 2, 3, 4], [5, 6, 7, 8]])
    prepared = SimpleNamespace(data=data, items=items)
    predictions = tmp_path / "pred.jsonl"
    rows = [
        {"user_id": "u1", "target_item_id": "4", "ranked_item_ids": ["4", *[str(i) for i in range(10, 29)]]},
        {
            "user_id": "u2",
            "target_item_id": "8",
            "ranked_item_ids": [str(i) for i in range(10, 30)],
        },  # a miss
    ]
    predictions.write_text("\n".join(json.dumps(r) for r in rows))
    cases = ranking_cases(prepared, predictions, n_users=5)
    by_user = {c.user_id: c for c in cases}
    assert by_user["u1"].history == ["Movie 1", "Movie 2", "Movie 3"]  # test item excluded, years stripped
    assert len(by_user["u1"].candidates) == 20 and by_user["u1"].titles[0] == "Movie 4"

    llm = load_llm(LLMConfig(model=str(tiny_lm), device="cpu"), tmp_path)
    report = evaluate_ranking(llm, cases, progress=False)
    assert report["users"] == 2 and report["target_in_top20"] == 0.5
    assert report["ndcg@10"]["interest_model"] == 0.5  # rank 1 for u1, a miss for u2
    assert 0.0 <= report["ndcg@10"]["llm"] <= 0.5
