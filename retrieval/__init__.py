"""Catalog, embeddings, the Chroma store, interest scores and reranking. No LLM code lives here."""

from .catalog import CatalogError, Item, LoadReport
from .embed import DEFAULT_MODEL, Embedder, EmbedderError
from .filters import Filters, UnknownCategoryError
from .ingest import IngestReport, ingest
from .loaders import load_catalog
from .search import semantic_search
from .store import CatalogStore, Hit, IncompleteIndexError, StoreError, StoreInfo, open_client

__all__ = [
    "DEFAULT_MODEL",
    "CatalogError",
    "CatalogStore",
    "Embedder",
    "EmbedderError",
    "Filters",
    "Hit",
    "IncompleteIndexError",
    "IngestReport",
    "Item",
    "LoadReport",
    "StoreError",
    "StoreInfo",
    "UnknownCategoryError",
    "ingest",
    "load_catalog",
    "open_client",
    "semantic_search",
]
