"""Idempotent, resumable catalog ingest: sync a loaded catalog into the Chroma collection.

Each item is stored with a fingerprint of its content. A run embeds and upserts only the items that are new
or changed, removes items that left the catalog, and writes in batches no larger than Chroma allows. Because
finished batches are durable and unchanged items are skipped, a run that was killed simply resumes when it
is started again, and a second run over the same catalog writes nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from tqdm import tqdm

from .catalog import Item
from .embed import Embedder
from .store import COMPLETE, INGESTING, CatalogStore


@dataclass
class IngestReport:
    added: int
    updated: int
    unchanged: int
    removed: int
    total: int
    seconds: float

    @property
    def written(self) -> int:
        return self.added + self.updated

    @property
    def items_per_second(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0


def ingest(
    items: list[Item],
    store: CatalogStore,
    embedder: Embedder,
    batch_size: int = 1000,
    catalog_name: str = "",
    progress: bool = True,
) -> IngestReport:
    start = time.perf_counter()
    stored = store.fingerprints()
    wanted = {it.item_id for it in items}
    todo = [it for it in items if stored.get(it.item_id) != it.fingerprint()]
    stale = [i for i in stored if i not in wanted]
    added = sum(1 for it in todo if it.item_id not in stored)

    if todo or stale or store.info().state != COMPLETE:
        store.set_state(INGESTING, llmrec_catalog=catalog_name)
        for offset in range(0, len(stale), batch_size):
            store.delete(stale[offset : offset + batch_size])
        with tqdm(total=len(todo), desc="ingest", unit="item", disable=not progress or not todo) as bar:
            for offset in range(0, len(todo), batch_size):
                batch = todo[offset : offset + batch_size]
                store.upsert(batch, embedder.encode([it.embedding_text() for it in batch]))
                bar.update(len(batch))
        categories = sorted({c for it in items for c in it.categories})
        store.set_state(
            COMPLETE,
            llmrec_catalog=catalog_name,
            llmrec_categories=json.dumps(categories, ensure_ascii=False),
        )

    return IngestReport(
        added=added,
        updated=len(todo) - added,
        unchanged=len(items) - len(todo),
        removed=len(stale),
        total=store.info().count,
        seconds=time.perf_counter() - start,
    )
