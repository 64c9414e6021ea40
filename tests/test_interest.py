"""The learned interest model, transition scores and the Chroma-backed recommender, on tiny synthetic data."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from retrieval import open_client
from retrieval.interest.checkpoint import load_model, save_model
from retrieval.interest.config import InterestConfig
from retrieval.interest.train import score_users, train_interest
from retrieval.interest.transition import TransitionRanker
from retrieval.recommend import BlendConfig, ItemVectorStore, Recommender, fit_blend

N_ITEMS = 30
TINY = InterestConfig(
    dim=16,
    layers=1,
    heads=2,
    max_len=10,
    dropout=0.0,
    epochs=30,
    eval_every=5,
    patience=10,
    batch_size=16,
    lr=1e-2,
)


def cyclic_sequences(n_users: int = 40, length: int = 12, seed: int = 0) -> list[list[int]]:
    """Each user walks the items in order from a random start (item i is followed by i + 1): learnable."""
    rng = np.random.default_rng(seed)
    seqs = []
    for _ in range(n_users):
        start = int(rng.integers(1, N_ITEMS + 1))
        seqs.append([(start + step - 1) % N_ITEMS + 1 for step in range(length)])
    return seqs


def content(seed: int = 0) -> np.ndarray:
    feats = np.random.default_rng(seed).normal(size=(N_ITEMS + 1, 8)).astype(np.float32)
    feats[0] = 0
    return feats


def test_training_lowers_the_loss_and_learns_the_pattern():
    seqs = cyclic_sequences()
    valid = ([s[:-1] for s in seqs], [s[-1] for s in seqs])
    result = train_interest([s[:-1] for s in seqs], N_ITEMS, TINY, content(), valid=valid, progress=False)
    assert result.losses[-1] < result.losses[0] * 0.7
    scores = score_users(result.model, [[3, 4, 5]])[0]
    assert int(np.argmax(scores[1:])) + 1 == 6  # the next item in the walk
    assert result.history and result.best_epoch in [h["epoch"] for h in result.history]


def test_saved_model_reloads_with_identical_scores(tmp_path):
    seqs = cyclic_sequences()
    result = train_interest(seqs, N_ITEMS, TINY, content(), stop_after=3, progress=False)
    ids = ["<pad>", *[f"i{i}" for i in range(1, N_ITEMS + 1)]]
    save_model(tmp_path, result.model, ids, {"best_epoch": 3})
    model, loaded_ids = load_model(tmp_path)
    assert loaded_ids == ids
    inputs = [[1, 2, 3], [7], []]
    assert np.array_equal(score_users(result.model, inputs), score_users(model, inputs))
    with pytest.raises(FileNotFoundError, match="llmrec train"):
        load_model(tmp_path / "missing")


def test_cold_item_gets_a_vector_from_content_and_cold_user_gets_scores():
    seqs = [[i for i in s if i != 30] for s in cyclic_sequences()]  # item 30 never interacted with
    result = train_interest(seqs, N_ITEMS, TINY, content(), stop_after=3, progress=False)
    with torch.no_grad():
        vectors = result.model.items()
    assert vectors[30].abs().sum() > 0  # the projected content part
    cold_user = score_users(result.model, [[]])[0]
    assert np.isfinite(cold_user[1:]).all() and cold_user[1:].std() > 0


def test_transition_scores_follow_sequences():
    ranker = TransitionRanker()
    ranker.fit([[1, 2, 3], [1, 2, 4], [5, 6]], 6)
    scores = ranker.scores([[1], [5], []])
    assert scores.shape == (3, 7)
    assert scores[0, 2] > scores[0, 3] > 0 and scores[0, 5] == 0
    assert scores[1, 6] > 0 and not scores[2].any()


def test_chroma_candidates_match_brute_force(tmp_path):
    seqs = cyclic_sequences()
    result = train_interest(seqs, N_ITEMS, TINY, content(), stop_after=5, progress=False)
    ids = ["<pad>", *[f"i{i}" for i in range(1, N_ITEMS + 1)]]
    trans = TransitionRanker()
    trans.fit(seqs, N_ITEMS)
    blend = BlendConfig(transition_weight=0.0, candidates=N_ITEMS)
    rec = Recommender(result.model, ids, trans, blend, ItemVectorStore(open_client(tmp_path), "vectors"))
    rec.publish()
    histories = [[3, 4, 5], [10], [1, 2]]
    ranked = rec.rank(histories, k=5)
    brute = score_users(result.model, histories)
    for hist, rows, row_scores in zip(histories, ranked, brute, strict=True):
        row_scores[0] = -np.inf
        row_scores[hist] = -np.inf
        expected = [int(i) for i in np.argsort(-row_scores, kind="stable")[:5]]
        assert [i for i, _ in rows] == expected
        assert not set(hist) & {i for i, _ in rows}


def test_fit_blend_prefers_the_useful_signal():
    rng = np.random.default_rng(0)
    inputs, targets = [[1], [2], [3], [4]], [5, 6, 7, 8]
    noise = rng.normal(size=(4, 9))
    useful = np.zeros((4, 9))
    useful[np.arange(4), targets] = 5.0
    blend, grid = fit_blend(noise, useful, inputs, targets)
    assert blend.transition_weight > 0 and grid[blend.transition_weight] == 1.0
