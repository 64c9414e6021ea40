"""Semantic search over the catalog: embed the request, apply the constraints, return scored items."""

from __future__ import annotations

from .embed import Embedder
from .filters import Filters
from .store import CatalogStore, Hit

MAX_QUERY_CHARS = 2000  # the embedder truncates long input anyway; this bounds the work done on huge messages


def semantic_search(
    store: CatalogStore, embedder: Embedder, text: str, k: int = 10, filters: Filters | None = None
) -> list[Hit]:
    """Top ``k`` catalog items for ``text`` that satisfy ``filters``; category names are matched to the
    catalog's vocabulary case-insensitively and unknown ones raise ``UnknownCategoryError``."""
    if filters is not None:
        filters = filters.canonical(store.info().categories)
    query = " ".join(text.split())[:MAX_QUERY_CHARS]
    if not query:
        raise ValueError("the search text is empty")
    return store.search(embedder.encode([query])[0], k=k, filters=filters)
