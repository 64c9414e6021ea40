"""The paired bootstrap that says whether one adapter's held-out field F1 beats another's beyond noise."""

from __future__ import annotations

import pytest

from finetune.understanding.compare import paired_bootstrap

LANGUAGES = ["en"] * 50 + ["de"] * 50


def test_identical_evaluations_differ_by_nothing():
    counts = [(3, 1, 0)] * 60 + [(2, 0, 2)] * 40
    report = paired_bootstrap(counts, counts, LANGUAGES, samples=200)
    assert set(report) == {"en", "de", "all"}
    for row in report.values():
        assert row["diff"] == 0 and row["ci95"] == [0, 0] and row["p_b_not_better"] == 1


def test_a_consistent_gain_has_an_interval_above_zero_and_a_rare_one_does_not():
    a = [(2, 1, 1)] * 100  # every request: two pairs right, one spurious, one missed
    fixed_everywhere = [(3, 0, 0)] * 100
    report = paired_bootstrap(a, fixed_everywhere, LANGUAGES, samples=500)
    assert report["all"]["a"] == pytest.approx(4 / 6, abs=1e-4) and report["all"]["b"] == 1.0
    assert report["all"]["ci95"][0] > 0 and report["all"]["p_b_not_better"] == 0
    # one German request better and one worse: a gap of zero, an interval on both sides of it
    mixed = list(a)
    mixed[60], mixed[61] = (3, 0, 0), (1, 2, 2)
    row = paired_bootstrap(a, mixed, LANGUAGES, samples=500)["de"]
    assert row["diff"] == 0 and row["ci95"][0] < 0 < row["ci95"][1]
    assert 0.2 < row["p_b_not_better"] < 1


def test_the_interval_is_reproducible_and_sizes_must_match():
    a = [(2, 1, 1)] * 50 + [(3, 0, 0)] * 50
    b = [(3, 0, 0)] * 50 + [(2, 0, 1)] * 50
    assert paired_bootstrap(a, b, LANGUAGES, samples=300) == paired_bootstrap(a, b, LANGUAGES, samples=300)
    with pytest.raises(ValueError, match="differ in size"):
        paired_bootstrap(a, b[:-1], LANGUAGES)
