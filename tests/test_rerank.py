"""Request-aware personal ranking: text, interest and session feedback fused over Chroma candidates."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval import CatalogStore, Filters, Item, ingest, open_client, semantic_search
from retrieval.interest.config import InterestConfig
from retrieval.interest.features import content_features
from retrieval.interest.train import train_interest
from retrieval.interest.transition import TransitionRanker
from retrieval.recommend import BlendConfig, ItemVectorStore, Recommender
from retrieval.rerank import Personalization, personalized_search

WORDS = [
    "toy",
    "story",
    "space",
    "alien",
    "ghost",
    "horror",
    "love",
    "comedy",
    "dog",
    "city",
    "night",
    "dragon",
]
CATS = ["Comedy", "Horror", "Drama"]
N = 36


def catalog() -> list[Item]:
    items = []
    for i in range(N):
        words = f"{WORDS[i % 12]} {WORDS[(i * 5 + 1) % 12]}"
        items.append(
            Item(f"m{i}", words.title() + f" {i}", f"a film about {words}", (CATS[i % 3],), 1950 + i)
        )
    return items


@pytest.fixture(scope="module")
def world(tmp_path_factory, tiny_embedder):
    tmp = tmp_path_factory.mktemp("rerank")
    client = open_client(tmp / "chroma")
    store = CatalogStore.create_or_open(client, "catalog", tiny_embedder.name, tiny_embedder.dim)
    items = catalog()
    ingest(items, store, tiny_embedder, progress=False)
    # The model knows the first 30 items only (m30..m35 are new); users walk m0 -> m1 -> ...
    item_ids = ["<pad>", *[f"m{i}" for i in range(30)]]
    rng = np.random.default_rng(0)
    seqs = []
    for _ in range(40):
        start = int(rng.integers(0, 30))
        seqs.append([(start + s) % 30 + 1 for s in range(10)])
    model_items: list[Item | None] = [None, *items[:30]]
    feats = content_features(model_items, tiny_embedder, CATS)
    config = InterestConfig(dim=16, layers=1, max_len=8, dropout=0.0, epochs=20, lr=1e-2, batch_size=16)
    model = train_interest(seqs, 30, config, feats, progress=False).model
    trans = TransitionRanker()
    trans.fit(seqs, 30)
    rec = Recommender(
        model,
        item_ids,
        trans,
        BlendConfig(transition_weight=0.5, candidates=30),
        ItemVectorStore(client, "vectors"),
    )
    rec.publish()
    return store, rec


def test_text_only_equals_semantic_search(world, tiny_embedder):
    store, _ = world
    filters = Filters(exclude=("Horror",))
    ranked = personalized_search(store, tiny_embedder, "ghost night", filters, k=5)
    plain = semantic_search(store, tiny_embedder, "ghost night", k=5, filters=filters)
    assert [s.item.item_id for s in ranked] == [h.item.item_id for h in plain]
    assert all(s.interest is None and "Horror" not in s.item.categories for s in ranked)


def test_history_without_request_follows_the_interest_model(world, tiny_embedder):
    store, rec = world
    user = Personalization(history=("m3", "m4", "m5"))
    ranked = personalized_search(store, tiny_embedder, None, None, rec, user, k=3, categories=CATS)
    assert ranked and ranked[0].item.item_id == "m6"  # the next step of the walk
    assert not {"m3", "m4", "m5"} & {s.item.item_id for s in ranked}


def test_new_user_and_new_items(world, tiny_embedder):
    store, rec = world
    ranked = personalized_search(
        store, tiny_embedder, "dragon", Filters(year_min=1980), rec, k=10, categories=CATS
    )
    assert ranked and all(s.item.year >= 1980 for s in ranked)
    new = [s for s in ranked if s.item.item_id in {"m30", "m31", "m32", "m33", "m34", "m35"}]
    assert new and all(s.interest is not None and np.isfinite(s.interest) for s in new)
    cold = personalized_search(store, tiny_embedder, None, None, rec, Personalization(), k=5, categories=CATS)
    assert len(cold) == 5  # no history, no request: the model's cold-start vector still ranks


def test_feedback_moves_similar_items_and_exclusions_hold(world, tiny_embedder):
    store, rec = world
    before = personalized_search(store, tiny_embedder, "a film", None, rec, k=36, categories=CATS)
    liked = Personalization(liked=("m0",), disliked=("m1",))
    after = personalized_search(
        store, tiny_embedder, "a film", None, rec, liked, exclude={"m0", "m1"}, k=36, categories=CATS
    )
    rank = {s.item.item_id: r for r, s in enumerate(after)}
    old = {s.item.item_id: r for r, s in enumerate(before)}
    assert "m0" not in rank and "m1" not in rank
    twin = "m12"  # same words as m0 ("toy story")
    assert rank[twin] < old[twin] or rank[twin] == 0
