"""The Chroma vector store: one factory for embedded or server clients, and the catalog collection.

The collection's own metadata records how it was built (embedder, dimension), the category vocabulary, and an
ingest state. An ingest sets the state to "ingesting" before its first write and to "complete" after its last,
so an interrupted run can never pass for a complete index: readers refuse it with a message that says to run
the ingest again, which then resumes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import Item
from .filters import Filters

STATE_KEY = "llmrec_state"
COMPLETE = "complete"
INGESTING = "ingesting"
PAGE = 2000  # ids fetched per get() when scanning the collection


class StoreError(RuntimeError):
    """The store is unreachable, missing, or was built differently from what is asked now."""


class IncompleteIndexError(StoreError):
    """The collection exists but its last ingest did not finish."""


def open_client(path: Path | None = None, host: str | None = None, port: int = 8000) -> Any:
    """An embedded PersistentClient at ``path``, or an HttpClient when ``host`` is given. Telemetry is off."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if host:
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
            client.heartbeat()
        except Exception as exc:  # chromadb raises several types for a refused connection
            raise StoreError(
                f"cannot reach the Chroma server at {host}:{port} ({exc}); start it with "
                f"`chroma run --path DIR --host {host} --port {port}` or drop --chroma-host to use the embedded store"
            ) from exc
        return client
    if path is None:
        raise StoreError("open_client needs a path for the embedded store, or a host for a server")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


@dataclass(frozen=True)
class Hit:
    item: Item
    score: float  # cosine similarity to the query, in [-1, 1]


@dataclass(frozen=True)
class StoreInfo:
    name: str
    state: str
    count: int
    embedder: str | None
    dim: int | None
    catalog: str | None
    categories: tuple[str, ...]


class CatalogStore:
    """The catalog collection. Vectors are always computed by llmrec and passed in: Chroma's own default
    embedding function (which would try to download a model) is never used."""

    def __init__(self, collection: Any) -> None:
        self._col = collection

    @classmethod
    def create_or_open(cls, client: Any, name: str, embedder: str, dim: int) -> CatalogStore:
        """For writing: open the collection, creating it if needed; refuse one built with another embedder."""
        try:
            col = client.get_collection(name, embedding_function=None)
        except Exception:  # not found; get_or_create_collection would overwrite an existing one's metadata
            col = client.create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={STATE_KEY: INGESTING, "llmrec_embedder": embedder, "llmrec_dim": dim},
            )
        store = cls(col)
        info = store.info()
        if info.embedder not in (None, embedder) or info.dim not in (None, dim):
            raise StoreError(
                f"collection {name!r} was built with embedder {info.embedder} ({info.dim}-d), not {embedder} "
                f"({dim}-d); re-ingest with --rebuild to replace it, or choose another --collection"
            )
        return store

    @classmethod
    def open(cls, client: Any, name: str, require_complete: bool = True) -> CatalogStore:
        """For reading: the collection must exist and, by default, hold a complete ingest."""
        try:
            col = client.get_collection(name, embedding_function=None)
        except Exception as exc:  # NotFoundError in chromadb 1.x, ValueError in older releases
            raise StoreError(
                f"no catalog collection {name!r} in the store; build it with `llmrec ingest --catalog KIND:PATH`"
            ) from exc
        store = cls(col)
        if require_complete and store.info().state != COMPLETE:
            raise IncompleteIndexError(
                f"collection {name!r} is incomplete: its last ingest did not finish. Run the same "
                "`llmrec ingest --catalog ...` again; it resumes where it stopped."
            )
        return store

    def info(self) -> StoreInfo:
        meta = self._col.metadata or {}
        cats = json.loads(meta.get("llmrec_categories", "[]"))
        return StoreInfo(
            name=self._col.name,
            state=str(meta.get(STATE_KEY, INGESTING)),
            count=self._col.count(),
            embedder=meta.get("llmrec_embedder"),
            dim=meta.get("llmrec_dim"),
            catalog=meta.get("llmrec_catalog"),
            categories=tuple(cats),
        )

    def set_state(self, state: str, **fields: Any) -> None:
        meta = dict(self._col.metadata or {})
        meta.update({STATE_KEY: state, **fields})
        # Chroma rejects the reserved hnsw:* keys in modify(); the space lives in the configuration anyway.
        self._col.modify(metadata={k: v for k, v in meta.items() if not k.startswith("hnsw:")})

    def fingerprints(self) -> dict[str, str]:
        """item_id -> fingerprint of every stored item (paged, so it scales past one response)."""
        out: dict[str, str] = {}
        for ids, metas in self._pages(include=["metadatas"]):
            out.update({i: (m or {}).get("fingerprint", "") for i, m in zip(ids, metas, strict=True)})
        return out

    def upsert(self, items: list[Item], vectors: np.ndarray) -> None:
        self._col.upsert(
            ids=[it.item_id for it in items],
            embeddings=vectors.tolist(),
            metadatas=[_to_metadata(it) for it in items],
            documents=[it.embedding_text() for it in items],
        )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._col.delete(ids=ids)

    def get(self, ids: list[str]) -> list[Item]:
        """Items by id, in the order asked; unknown ids are left out."""
        if not ids:
            return []
        found = self._col.get(ids=list(dict.fromkeys(ids)), include=["metadatas"])
        by_id = {i: _from_metadata(i, m) for i, m in zip(found["ids"], found["metadatas"], strict=True)}
        return [by_id[i] for i in ids if i in by_id]

    def vectors(self, ids: list[str]) -> np.ndarray:
        """The stored embeddings of these items, in the order asked (unknown ids raise)."""
        if not ids:
            return np.zeros((0, 0), dtype=np.float32)
        found = self._col.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        by_id = dict(zip(found["ids"], found["embeddings"], strict=True))
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise KeyError(f"items not in the store: {', '.join(missing[:5])}")
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)

    def search(
        self, vector: np.ndarray, k: int = 10, filters: Filters | None = None, overfetch: int = 10
    ) -> list[Hit]:
        """The ``k`` nearest items to ``vector`` (a normalized embedding) that satisfy ``filters``.

        Chroma evaluates range and ``$not_contains`` filters by scanning metadata, which costs hundreds of
        milliseconds at 100k items, while an unfiltered HNSW query takes a few. So a filtered search first
        asks for the ``k * overfetch`` nearest items without a filter and keeps those that pass; only when
        fewer than ``k`` pass does it run the filtered query. Both give the same items: if ``k`` of the
        nearest items pass, no passing item can be nearer than the k-th of them. ``overfetch=0`` always
        filters in Chroma.
        """
        if k <= 0:
            return []
        where = filters.to_where() if filters else None
        if where is not None and overfetch > 0:
            hits = [h for h in self._query(vector, k * overfetch, None) if filters.matches(h.item)]  # type: ignore[union-attr]
            if len(hits) >= k:
                return hits[:k]
        return self._query(vector, k, where)

    def _query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None) -> list[Hit]:
        result = self._col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
            n_results=n,
            where=where,
            include=["metadatas", "distances"],
        )
        ids, metas, dists = result["ids"][0], result["metadatas"][0], result["distances"][0]
        # Chroma's cosine distance is 1 - cosine similarity.
        return [Hit(_from_metadata(i, m), 1.0 - float(d)) for i, m, d in zip(ids, metas, dists, strict=True)]

    def _pages(self, include: list[str]) -> Iterator[tuple[list[str], list[Any]]]:
        offset = 0
        while True:
            page = self._col.get(include=include, limit=PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page["ids"], page["metadatas"]
            offset += len(page["ids"])


def _to_metadata(item: Item) -> dict[str, Any]:
    # Every key is always present: Chroma's upsert merges metadata, and only an explicit None removes a key
    # that an earlier version of the item had (a year that was corrected away, say).
    return {
        "title": item.title,
        "description": item.description,
        "fingerprint": item.fingerprint(),
        # Chroma rejects empty lists; a missing key still passes "$not_contains".
        "categories": [str(c) for c in item.categories] or None,
        "year": item.year,
        "date": item.date,
        "price": item.price,
        "language": item.language,
        "extra_json": json.dumps(item.extra, ensure_ascii=False) if item.extra else None,
    }


def _from_metadata(item_id: str, meta: dict[str, Any] | None) -> Item:
    meta = meta or {}
    return Item(
        item_id=item_id,
        title=str(meta.get("title", "")),
        description=str(meta.get("description", "")),
        categories=tuple(meta.get("categories") or ()),
        year=meta.get("year"),
        date=meta.get("date"),
        price=meta.get("price"),
        language=meta.get("language"),
        extra=json.loads(meta["extra_json"]) if meta.get("extra_json") else {},
    )
