"""The LlamaRec-style ranking evaluation on a hand-made data set and the tiny LM."""

from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

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
        {
            "user_id": "u1",
            "target_item_id": "4",
            "ranked_item_ids": ["4", *[str(i) for i in range(10, 29)]],
            "interest_scores": [0.5, 0.9, 0.7, *[0.1] * 17],  # the interest model puts "4" third
        },
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
    assert report["ndcg@10"]["pipeline"] == 0.5  # rank 1 for u1, a miss for u2
    assert "interest_model" not in report["ndcg@10"]  # u2's row (an older dump's) has no interest scores
    by_user["u2"] = replace(by_user["u2"], interest=[0.0] * 20)
    report = evaluate_ranking(llm, list(by_user.values()), progress=False)
    assert (
        report["ndcg@10"]["interest_model"] == 0.25
    )  # u1's target third: 1 / log2(4), halved over two users
    assert 0.0 <= report["ndcg@10"]["llm"] <= 0.5


def _movies(n_items: int) -> tuple[list[str], list]:
    item_ids = ["", *[str(i) for i in range(1, n_items + 1)]]
    items = [
        None,
        *[make_item({"item_id": str(i), "title": f"Movie {i}"}, "test") for i in range(1, n_items + 1)],
    ]
    return item_ids, items


def test_training_lists_come_from_the_pipeline_without_test_items():
    """The dump of `eval ranking --dump-training-lists`: cuts before each test item, its later items left out."""
    from retrieval.evaluate import training_lists

    item_ids, _ = _movies(40)
    histories = [[1, 2, 3, 4, 5, 6], [7, 8, 9]]  # sequences minus their test items

    class Ranker:  # stands in for the Chroma pipeline: every item, lowest number first, history excluded
        def rank(self, hists, k):
            return [[(i, 0.0) for i in range(1, 41) if i not in h][:k] for h in hists]

    rows = training_lists(Ranker(), item_ids, ["a", "b"], histories, per_user=3)
    assert [(r["user_id"], r["target_item_id"]) for r in rows] == [
        ("a", "4"),
        ("a", "5"),
        ("a", "6"),
        ("b", "9"),
    ]
    first = rows[0]
    assert first["history_item_ids"] == ["1", "2", "3"]
    assert first["ranked_item_ids"][0] == "4" and len(first["ranked_item_ids"]) == 20
    assert not {"5", "6"} & set(first["ranked_item_ids"])  # watched later: not a negative


def test_training_records_from_lists(tmp_path):
    from agent.llm.rank import LETTERS
    from finetune.ranking import ranking_records

    item_ids, items = _movies(60)
    seqs = [[(u * 7 + k) % 60 + 1 for k in range(8)] for u in range(12)]
    prepared = SimpleNamespace(
        data=Sequences(item_ids=item_ids, user_ids=[f"u{u}" for u in range(12)], seqs=seqs), items=items
    )
    lists = tmp_path / "lists.jsonl"
    rows = []
    for u in range(12):
        others = [str(i) for i in range(1, 61) if i != seqs[u][5]][:19]
        hit = [*others[:u], str(seqs[u][5]), *others[u:]]  # the next item at position u
        rows.append(
            {
                "user_id": f"u{u}",
                "target_item_id": str(seqs[u][5]),
                "history_item_ids": [str(i) for i in seqs[u][:5]],
                "ranked_item_ids": hit if u % 3 else [*others, "60" if seqs[u][5] != 60 else "59"],
            }
        )
    lists.write_text("\n".join(json.dumps(r) for r in rows))
    records = ranking_records(prepared, lists, n=40, seed=1)
    assert len(records) == 8  # the four lists without their next item have no right answer
    for r in records:
        prompt = r["messages"][-1]["content"]
        options = [line for line in prompt.splitlines() if line[:2] in {f"{x}." for x in LETTERS}]
        assert len(options) == 20 and r["answer"] in LETTERS
        answer = next(o for o in options if o.startswith(r["answer"] + "."))[3:].strip('"')
        user = next(u for u in range(12) if f"Movie {seqs[u][5]}" == answer and u % 3)
        assert f'- "Movie {seqs[user][4]}"' in prompt  # the history shown is that list's own
        assert r["answer"] == LETTERS[user]  # the retriever's order is kept, as when serving

    lists.write_text(json.dumps(rows[0]))
    with pytest.raises(ValueError, match="dump-training-lists"):
        ranking_records(prepared, lists, n=5)
