"""Scoring a predicted request against the gold one: field-level F1 and exact match.

Every request is a set of (field, value) pairs: each included and excluded category, each year bound, each
title and keyword (case, articles and a plural "s" ignored), and the language. Field F1 is the micro F1 of
those pairs over a set of examples; exact match asks for identical sets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from agent.request import Request

FIELDS = ("include", "exclude", "year_min", "year_max", "titles", "keywords", "language")


def _norm(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def pairs(request: Request) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for key in ("include", "exclude"):
        out |= {(key, c) for c in getattr(request, key)}
    for key in ("titles", "keywords"):
        out |= {(key, _norm(v)) for v in getattr(request, key)}
    for key in ("year_min", "year_max", "language"):
        if getattr(request, key) is not None:
            out.add((key, str(getattr(request, key))))
    return out


def request_counts(predicted: Request, gold: Request) -> tuple[int, int, int]:
    """(right, spurious, missed) field pairs of one request: what ``field_scores`` sums, kept per request in an
    evaluation's dump so that two evaluations can be compared request by request (``compare.py``)."""
    p, g = pairs(predicted), pairs(gold)
    return len(p & g), len(p - g), len(g - p)


def field_scores(results: Iterable[tuple[Request, Request]]) -> dict:
    """``{"field_f1", "exact_match", "n", "per_field": {field: f1}}`` over (predicted, gold) pairs."""
    tp, fp, fn = Counter(), Counter(), Counter()
    exact = n = 0
    for predicted, gold in results:
        p, g = pairs(predicted), pairs(gold)
        exact += p == g
        n += 1
        for field, _ in p & g:
            tp[field] += 1
        for field, _ in p - g:
            fp[field] += 1
        for field, _ in g - p:
            fn[field] += 1

    def f1(t: int, f_p: int, f_n: int) -> float:
        return 1.0 if t + f_p + f_n == 0 else 2 * t / (2 * t + f_p + f_n)

    total = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    per_field = {f: round(f1(tp[f], fp[f], fn[f]), 4) for f in FIELDS if tp[f] + fp[f] + fn[f]}
    return {
        "field_f1": round(total, 4),
        "exact_match": round(exact / n, 4) if n else 0.0,
        "n": n,
        "per_field": per_field,
    }
