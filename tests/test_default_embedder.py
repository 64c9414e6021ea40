"""The real offline default (all-MiniLM-L6-v2 from PyPI) on the real MovieLens catalog, through the CLI."""

from __future__ import annotations

import json

import pytest
from test_cli import run

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def test_default_embedder_resolves_offline():
    from retrieval import Embedder
    from retrieval.embed import resolve_model

    assert resolve_model("all-MiniLM-L6-v2").endswith("model_files")
    embedder = Embedder()
    vectors = embedder.encode(["a funny cartoon for kids", "an animated comedy", "a tax law textbook"])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_movielens_demo_index(tmp_path, ml_small):
    home = tmp_path / "home"
    # Embedding 9,742 movies takes about 1.5 minutes on 2 idle cores; a busy machine needs far longer.
    first = json.loads(
        run("ingest", "--catalog", f"movielens:{ml_small}", "--json", home=home, timeout=1800).stdout
    )
    assert (first["added"], first["total"]) == (9742, 9742)
    second = json.loads(run("ingest", "--catalog", f"movielens:{ml_small}", "--json", home=home).stdout)
    assert (second["added"], second["updated"], second["removed"], second["unchanged"]) == (0, 0, 0, 9742)

    out = run(
        "search",
        "animated comedy",
        "--include",
        "Animation",
        "--year-min",
        "1990",
        "--year-max",
        "1999",
        "--json",
        home=home,
    ).stdout
    items = json.loads(out)["items"]
    assert len(items) == 10
    assert all("Animation" in it["categories"] and 1990 <= it["year"] <= 1999 for it in items)
    assert sum("Comedy" in it["categories"] for it in items) >= 7  # the text part of the query matters too
