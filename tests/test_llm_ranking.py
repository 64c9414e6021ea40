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


def test_training_lists_never_use_validation_or_test_items():
    from agent.llm.rank import LETTERS
    from finetune.ranking import ranking_records

    n_items = 60
    item_ids = ["", *[str(i) for i in range(1, n_items + 1)]]
    items = [
        None,
        *[make_item({"item_id": str(i), "title": f"Movie {i}"}, "test") for i in range(1, n_items + 1)],
    ]
    seqs = [[(u * 7 + k) % n_items + 1 for k in range(8)] for u in range(12)]
    prepared = SimpleNamespace(
        data=Sequences(item_ids=item_ids, user_ids=[f"u{u}" for u in range(12)], seqs=seqs), items=items
    )
    records = ranking_records(prepared, n=40, seed=1)
    assert len(records) == 40 and {r["task"] for r in records} == {"ranking"}
    held_out = {f"Movie {i}" for s in seqs for i in s[-2:]} - {f"Movie {i}" for s in seqs for i in s[:-2]}
    for r in records:
        prompt = r["messages"][-1]["content"]
        options = [line for line in prompt.splitlines() if line[:2] in {f"{x}." for x in LETTERS}]
        assert len(options) == 20 and r["answer"] in LETTERS
        answer_title = next(o for o in options if o.startswith(r["answer"] + "."))[3:].strip('"')
        assert answer_title not in held_out  # targets come from the training part of a history
    assert len({r["answer"] for r in records}) > 5  # the target's position is shuffled
