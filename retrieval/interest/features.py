"""Content features of items for the interest model: text embedding | categories | era.

Rows follow a model's item numbering (row 0 is padding). An item missing from the catalog gets zeros and is
then known by its interactions alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from ..catalog import Item
from ..embed import Embedder

ERA_START, ERA_END, ERA_STEP = 1915, 2025, 5


def content_features(
    items: list[Item | None], embedder: Embedder, categories: list[str], cache_dir: Path | None = None
) -> np.ndarray:
    """(len(items), embed_dim + len(categories) + eras + 2) float32 matrix.

    Text embeddings are the slow part (a minute for a few thousand items on 2 cores); with ``cache_dir`` they
    are kept in a file named by a hash of the embedder and the exact texts, so a changed catalog misses.
    """
    texts = [item.embedding_text() if item else "" for item in items]
    key = hashlib.sha1("\x00".join([embedder.name, *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"text-{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        text = np.load(path)
    else:
        known = [i for i, t in enumerate(texts) if t]
        text = np.zeros((len(items), embedder.dim), dtype=np.float32)
        if known:
            text[known] = embedder.encode([texts[i] for i in known], progress=True)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, text)
    return np.concatenate([text, category_onehot(items, categories), era_features(items)], axis=1)


def category_onehot(items: list[Item | None], categories: list[str]) -> np.ndarray:
    col = {c: k for k, c in enumerate(categories)}
    out = np.zeros((len(items), len(categories)), dtype=np.float32)
    for row, item in enumerate(items):
        for cat in item.categories if item else ():
            if cat in col:
                out[row, col[cat]] = 1.0
    return out


def era_features(items: list[Item | None]) -> np.ndarray:
    """Five-year buckets one-hot, a scaled year, and an unknown-year flag: people watch in eras."""
    buckets = (ERA_END - ERA_START) // ERA_STEP + 1
    out = np.zeros((len(items), buckets + 2), dtype=np.float32)
    for row, item in enumerate(items):
        if item is None:
            continue
        if item.year is None:
            out[row, -1] = 1.0
            continue
        out[row, min(max((item.year - ERA_START) // ERA_STEP, 0), buckets - 1)] = 1.0
        out[row, -2] = (item.year - 1990) / 20.0
    return out
