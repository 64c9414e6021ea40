"""The Chroma store and ingest: idempotence, sync, filters, brute-force agreement, server mode."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import WORDS

from retrieval import (
    CatalogStore,
    Filters,
    IncompleteIndexError,
    Item,
    StoreError,
    ingest,
    open_client,
    semantic_search,
)
from retrieval.store import INGESTING

CATS = ["Animation", "Comedy", "Horror", "Sci-Fi", "Drama"]


def make_items(n: int, seed: int = 1) -> list[Item]:
    rng = np.random.default_rng(seed)
    items = []
    for i in range(n):
        words = " ".join(str(w) for w in rng.choice(WORDS, size=3, replace=False))
        cats = tuple(sorted(str(c) for c in rng.choice(CATS, size=int(rng.integers(0, 3)), replace=False)))
        year = None if i % 17 == 0 else int(rng.integers(1950, 2020))
        items.append(Item(str(i), words.title(), f"a film about {words}", cats, year))
    return items


@pytest.fixture
def store(tmp_path, tiny_embedder):
    client = open_client(tmp_path / "chroma")
    return CatalogStore.create_or_open(client, "catalog", tiny_embedder.name, tiny_embedder.dim)


def test_ingest_is_idempotent_and_syncs(store, tiny_embedder):
    items = make_items(300)
    first = ingest(items, store, tiny_embedder, batch_size=64, progress=False)
    assert (first.added, first.updated, first.unchanged, first.total) == (300, 0, 0, 300)
    assert store.info().state == "complete" and set(store.info().categories) <= set(CATS)

    again = ingest(items, store, tiny_embedder, batch_size=64, progress=False)
    assert (again.written, again.unchanged, again.removed) == (0, 300, 0)

    changed = [*items[1:250], Item(items[250].item_id, "Renamed", categories=("Drama",)), *items[251:]]
    sync = ingest(changed, store, tiny_embedder, batch_size=64, progress=False)
    assert (sync.added, sync.updated, sync.removed, sync.total) == (0, 1, 1, 299)
    assert store.get(["250", "0", "nope"]) == [Item("250", "Renamed", categories=("Drama",))]


def test_items_round_trip_through_metadata(store, tiny_embedder):
    item = Item(
        "x1", "Heat", "cops and robbers", ("Crime",), 1995, "1995-12-15", 9.99, "en", {"imdb": "113277"}
    )
    ingest([item, Item("x2", "Bare")], store, tiny_embedder, progress=False)
    got = store.get(["x2", "x1"])
    assert got == [Item("x2", "Bare"), item] and got[1].extra == {"imdb": "113277"}


def brute_force(items, embedder, text, k, filters):
    vectors = embedder.encode([it.embedding_text() for it in items])
    query = embedder.encode([text])[0]
    scores = vectors @ query
    order = [i for i in np.argsort(-scores, kind="stable") if filters.matches(items[i])]
    return [items[i].item_id for i in order[:k]], {items[i].item_id: scores[i] for i in order[:k]}


@pytest.mark.parametrize("overfetch", [0, 20])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(include=("Comedy",)),
        Filters(exclude=("Horror", "Drama"), year_min=1980),
        Filters(include=("animation",), year_max=1990),
    ],
)
def test_search_matches_brute_force(store, tiny_embedder, filters, overfetch):
    items = make_items(400)
    ingest(items, store, tiny_embedder, progress=False)
    canonical = filters.canonical(CATS)
    hits = store.search(tiny_embedder.encode(["ghost robot night"])[0], 10, canonical, overfetch=overfetch)
    expected_ids, expected_scores = brute_force(items, tiny_embedder, "ghost robot night", 10, canonical)
    assert all(canonical.matches(h.item) for h in hits)
    assert [h.item.item_id for h in hits] == expected_ids
    for hit in hits:
        assert hit.score == pytest.approx(expected_scores[hit.item.item_id], abs=1e-4)


def test_interrupted_ingest_is_refused_then_resumed(store, tiny_embedder, tmp_path):
    items = make_items(200)
    ingest(items[:50], store, tiny_embedder, progress=False)
    store.set_state(INGESTING)  # what a killed run leaves behind
    client = open_client(tmp_path / "chroma")
    with pytest.raises(IncompleteIndexError, match="Run the same"):
        CatalogStore.open(client, "catalog")
    report = ingest(items, store, tiny_embedder, progress=False)
    assert (report.added, report.unchanged) == (150, 50)
    assert CatalogStore.open(client, "catalog").info().count == 200


def test_missing_collection_and_embedder_mismatch(tmp_path, tiny_embedder):
    client = open_client(tmp_path / "chroma")
    with pytest.raises(StoreError, match="llmrec ingest"):
        CatalogStore.open(client, "catalog")
    CatalogStore.create_or_open(client, "catalog", tiny_embedder.name, tiny_embedder.dim)
    with pytest.raises(StoreError, match="--rebuild"):
        CatalogStore.create_or_open(client, "catalog", "other-model", 384)


def test_unreachable_server_says_what_to_do():
    from conftest import free_port

    with pytest.raises(StoreError, match="chroma run"):
        open_client(host="127.0.0.1", port=free_port())


def test_server_and_embedded_agree(tmp_path, tiny_embedder, chroma_server):
    host, port = chroma_server
    items = make_items(250, seed=3)
    results = []
    for client in (open_client(tmp_path / "embedded"), open_client(host=host, port=port)):
        store = CatalogStore.create_or_open(client, "agree", tiny_embedder.name, tiny_embedder.dim)
        report = ingest(items, store, tiny_embedder, batch_size=100, progress=False)
        assert report.total == 250
        assert ingest(items, store, tiny_embedder, progress=False).written == 0
        hits = semantic_search(store, tiny_embedder, "space alien", k=10, filters=Filters(exclude=("Drama",)))
        results.append([h.item.item_id for h in hits])
    assert results[0] == results[1] and len(results[0]) == 10


def test_selective_filter_falls_back_to_chroma(store, tiny_embedder):
    items = make_items(400)
    ingest(items, store, tiny_embedder, progress=False)
    rare = Filters(include=("Comedy", "Horror"), year_min=2015)
    expected = [it.item_id for it in items if rare.matches(it)]
    assert 0 < len(expected) < 10
    hits = store.search(tiny_embedder.encode(["dog"])[0], 10, rare, overfetch=2)
    assert sorted(h.item.item_id for h in hits) == sorted(expected)
