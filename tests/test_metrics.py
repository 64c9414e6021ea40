"""Ranking metrics against hand-computed cases."""

import math

import numpy as np
import pytest

from retrieval.metrics import mask_history, ranking_metrics, target_ranks, top_k


def test_hand_computed_metrics():
    # ranks 1, 3, 7, 20: recall@5 = 2/4; ndcg@5 = (1 + 1/log2(4)) / 4; mrr = (1 + 1/3 + 1/7 + 1/20) / 4
    m = ranking_metrics([1, 3, 7, 20])
    assert m["recall@5"] == 0.5 and m["recall@10"] == 0.75
    assert m["ndcg@5"] == pytest.approx((1 + 0.5) / 4)
    assert m["ndcg@10"] == pytest.approx((1 + 0.5 + 1 / math.log2(8)) / 4)
    assert m["mrr"] == pytest.approx((1 + 1 / 3 + 1 / 7 + 1 / 20) / 4)


def test_ranks_mask_history_and_count_strictly_higher():
    scores = np.array([[9.0, 0.5, 0.9, 0.7, 0.7, 0.1]])  # column 0 is padding
    mask_history(scores, [[2]], keep=[3])
    assert np.isneginf(scores[0, [0, 2]]).all()
    assert target_ranks(scores, [3]).tolist() == [1]  # item 4 ties with 3: ties do not push the target down
    assert target_ranks(scores, [1]).tolist() == [3]


def test_leaking_split_is_refused():
    with pytest.raises(ValueError, match="leaks"):
        mask_history(np.zeros((1, 4)), [[1, 2]], keep=[2])


def test_top_k_orders_and_breaks_ties_by_index():
    scores = np.array([[-np.inf, 0.2, 0.9, 0.9, 0.1]])
    assert top_k(scores, 3).tolist() == [[2, 3, 1]]


def test_bad_ranks():
    with pytest.raises(ValueError):
        ranking_metrics([])
