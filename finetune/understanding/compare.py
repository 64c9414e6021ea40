"""Is adapter B better than adapter A on the held-out requests, or is the gap noise? A paired bootstrap.

Both evaluations score the same requests, so the comparison resamples requests (with replacement, within each
language) and recomputes both micro field F1s on every resample: the spread of B - A over the resamples gives a
95% interval and the share of resamples where B is not better. With 100 requests a language, gaps of .01 are
often inside the noise; this says which ones are not (Efron & Tibshirani 1993, ch. 16).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Counts = Sequence[int]  # (true positive, false positive, false negative) field pairs of one request


def _f1(counts: np.ndarray) -> np.ndarray:
    """Micro F1 over the last-but-one axis of (..., requests, 3) counts; 1.0 where nothing was asked."""
    tp, fp, fn = np.moveaxis(counts.sum(axis=-2), -1, 0)
    denominator = 2 * tp + fp + fn
    return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 1.0)


def paired_bootstrap(
    a: Sequence[Counts],
    b: Sequence[Counts],
    languages: Sequence[str],
    samples: int = 2000,
    seed: int = 0,
) -> dict[str, dict[str, float | list[float]]]:
    """Per language and overall: A's and B's field F1, B - A, its 95% bootstrap interval, and the share of
    resamples in which B is not better than A. ``a[i]`` and ``b[i]`` must score the same request."""
    if not (len(a) == len(b) == len(languages)):
        raise ValueError(f"the evaluations differ in size ({len(a)} and {len(b)} requests)")
    ca, cb = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    rng = np.random.default_rng(seed)
    groups = {lang: np.flatnonzero(np.asarray(languages) == lang) for lang in dict.fromkeys(languages)}
    # One resample of each language serves both its own row and the overall row (stratified, as the set is).
    picks = {lang: rng.choice(idx, size=(samples, len(idx))) for lang, idx in groups.items()}
    rows: dict[str, tuple[np.ndarray, np.ndarray]] = {
        lang: (idx, picks[lang]) for lang, idx in groups.items()
    }
    rows["all"] = (np.arange(len(languages)), np.concatenate(list(picks.values()), axis=1))
    report: dict[str, dict[str, float | list[float]]] = {}
    for name, (idx, pick) in rows.items():
        diffs = _f1(cb[pick]) - _f1(ca[pick])
        low, high = np.quantile(diffs, [0.025, 0.975])
        fa, fb = float(_f1(ca[idx])), float(_f1(cb[idx]))
        report[name] = {
            "a": round(fa, 4),
            "b": round(fb, 4),
            "diff": round(fb - fa, 4),
            "ci95": [round(float(low), 4), round(float(high), 4)],
            "p_b_not_better": round(float(np.mean(diffs <= 0)), 4),
        }
    return report
