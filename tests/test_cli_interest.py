"""`llmrec train`, `recommend` and `eval ranking` end to end on a small synthetic data set."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_cli import run

pytestmark = pytest.mark.slow

N_ITEMS = 30
CONFIG = """
[interest]
dim = 16
layers = 1
max_len = 10
epochs = 10
eval_every = 5
lr = 0.01
"""


@pytest.fixture
def dataset(tmp_path, tiny_embedder_dir):
    rng = np.random.default_rng(0)
    lines = ["user_id,item_id,rating,timestamp"]
    for u in range(40):
        start = int(rng.integers(0, N_ITEMS))
        for step in range(12):
            lines.append(f"u{u},m{(start + step) % N_ITEMS},{1 + (u + step) % 5},{1000 * u + step}")
    (tmp_path / "inter.csv").write_text("\n".join(lines) + "\n")
    cats = ["Comedy", "Horror", "Drama"]
    rows = ["item_id,title,categories,year"] + [
        f"m{i},Toy Story Ghost {i},{cats[i % 3]},{1950 + i}" for i in range(N_ITEMS)
    ]
    (tmp_path / "catalog.csv").write_text("\n".join(rows) + "\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(CONFIG + f'\n[embedding]\nmodel = "{tiny_embedder_dir}"\n')
    return tmp_path, home


def test_train_recommend_and_eval(dataset):
    root, home = dataset
    sources = ["--interactions", f"csv:{root / 'inter.csv'}", "--catalog", f"csv:{root / 'catalog.csv'}"]
    trained = json.loads(run("train", *sources, "--json", home=home).stdout)
    model_dir = home / "interest" / "default"
    assert trained["model_dir"] == str(model_dir) and (model_dir / "loss_curve.png").stat().st_size > 1000
    assert (trained["users"], trained["items"]) == (40, N_ITEMS)

    run("ingest", "--catalog", f"csv:{root / 'catalog.csv'}", home=home)
    chart = root / "taste.png"
    rec = json.loads(
        run("recommend", "--user", "u3", "-k", "5", "--json", "--plot", str(chart), home=home).stdout
    )
    assert chart.stat().st_size > 1000
    assert len(rec["items"]) == 5 and all(it["title"].startswith("Toy Story Ghost") for it in rec["items"])
    assert set(rec["profile"]) == {"Comedy", "Horror", "Drama"}
    unknown = run("recommend", "--user", "nobody", home=home, check=False)
    assert unknown.returncode == 1 and "not in the trained model" in unknown.stderr

    dump = root / "pred.jsonl"
    out = run(
        "eval",
        "ranking",
        "--dataset",
        f"csv:{root / 'inter.csv'}",
        "--catalog",
        f"csv:{root / 'catalog.csv'}",
        "--json",
        "--dump-predictions",
        str(dump),
        "--dump-training-lists",
        str(root / "lists.jsonl"),
        "--lists-per-user",
        "3",
        home=home,
    ).stdout
    report = json.loads(out)
    assert (report["users"], report["items"]) == (40, N_ITEMS)
    assert set(report["metrics"]) == {"popularity", "content", "interest", "transition", "pipeline"}
    for metrics in report["metrics"].values():
        assert set(metrics) == {"recall@5", "ndcg@5", "recall@10", "ndcg@10", "mrr"}
    rows = [json.loads(line) for line in dump.read_text().splitlines()]
    assert len(rows) == 40 and all(
        set(r) == {"user_id", "target_item_id", "ranked_item_ids", "interest_scores"} for r in rows
    )
    assert all(len(r["interest_scores"]) == len(r["ranked_item_ids"]) for r in rows)
    # the walk is deterministic, so the trained pipeline must find most next items
    assert report["metrics"]["pipeline"]["recall@10"] > 0.5
    lists = [json.loads(line) for line in (root / "lists.jsonl").read_text().splitlines()]
    assert len(lists) == 3 * 40 and report["details"]["training_lists"]["lists"] == 120
    tests = {(r["user_id"], r["target_item_id"]) for r in rows}
    assert not tests & {(r["user_id"], r["target_item_id"]) for r in lists}  # no test item is a target
    assert all(0 < len(r["ranked_item_ids"]) <= 20 and 2 <= len(r["history_item_ids"]) <= 10 for r in lists)
