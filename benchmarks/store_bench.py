"""Store benchmark: ingest throughput and filtered-query latency, embedded PersistentClient vs `chroma run`.

Vectors are random unit vectors (384-d, the default embedder's size) so that the numbers measure the store,
not the embedder; the embedder's own throughput on real MovieLens texts is measured separately.

    python benchmarks/store_bench.py --sizes 10000 100000 --json out/store_bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from retrieval import CatalogStore, Filters, Item, open_client
from retrieval.ingest import ingest

CATEGORIES = [f"cat{i:02d}" for i in range(20)]
DIM = 384


class ArrayEmbedder:
    """Stands in for the embedder so that ingest timing is the store's: returns precomputed vectors."""

    name, dim = "random-384", DIM

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])


def synthetic(n: int, seed: int = 0) -> tuple[list[Item], dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    items, by_text = [], {}
    for i in range(n):
        cats = tuple(rng.choice(CATEGORIES, size=int(rng.integers(1, 4)), replace=False).tolist())
        item = Item(str(i), f"item {i}", f"description {i}", cats, int(rng.integers(1950, 2024)))
        items.append(item)
        by_text[item.embedding_text()] = vectors[i]
    return items, by_text


def start_server(path: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma server did not start")


def bench_store(client, items, embedder, queries: int, rng) -> dict[str, float]:
    store = CatalogStore.create_or_open(client, "bench", embedder.name, embedder.dim)
    batch = min(1000, client.get_max_batch_size())
    report = ingest(items, store, embedder, batch_size=batch, progress=True)
    kinds = {  # name: (filters, overfetch); None = llmrec's default, 0 = Chroma's where clause alone
        "broad": lambda low: (Filters(exclude=(CATEGORIES[0],), year_min=low), None),
        "selective": lambda low: (
            Filters(include=(CATEGORIES[1],), exclude=(CATEGORIES[2],), year_min=low, year_max=low + 15),
            None,
        ),
        "selective_chroma": lambda low: (
            Filters(include=(CATEGORIES[1],), exclude=(CATEGORIES[2],), year_min=low, year_max=low + 15),
            0,
        ),
        "unfiltered": lambda low: (None, 0),
    }
    latencies: dict[str, list[float]] = {kind: [] for kind in kinds}
    for q in range(queries):
        vec = rng.normal(size=DIM).astype(np.float32)
        vec /= np.linalg.norm(vec)
        low = int(rng.integers(1950, 2005))
        for kind, make in kinds.items():
            filters, overfetch = make(low)
            start = time.perf_counter()
            options = {} if overfetch is None else {"overfetch": overfetch}
            store.search(vec, k=10, filters=filters, **options)
            if q >= 5:  # the first queries warm caches
                latencies[kind].append((time.perf_counter() - start) * 1000)
    out = {"ingest_items_per_s": report.items_per_second, "ingest_s": report.seconds}
    for kind, values in latencies.items():
        out[f"{kind}_p50_ms"] = float(np.percentile(values, 50))
        out[f"{kind}_p95_ms"] = float(np.percentile(values, 95))
    return out


def bench_embedder(n: int) -> dict[str, float]:
    from retrieval import Embedder, load_catalog
    from retrieval.datasets import LOCAL_CANDIDATES

    source = next((p for p in LOCAL_CANDIDATES if (p / "movies.csv").exists()), None)
    if source is None:
        return {}
    texts = [it.embedding_text() for it in load_catalog(f"movielens:{source}").items[:n]]
    embedder = Embedder()
    embedder.encode(texts[:32])
    start = time.perf_counter()
    embedder.encode(texts)
    return {"embed_texts_per_s": len(texts) / (time.perf_counter() - start), "embed_texts": len(texts)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--modes", nargs="+", default=["embedded", "server"], choices=["embedded", "server"])
    parser.add_argument(
        "--embed-texts", type=int, default=2000, help="MovieLens texts for the embedder row; 0 skips"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    rows = []
    for n in args.sizes:
        items, vectors = synthetic(n)
        for mode in args.modes:
            with tempfile.TemporaryDirectory() as tmp:
                server = None
                if mode == "server":
                    server, port = start_server(Path(tmp) / "server")
                    client = open_client(host="127.0.0.1", port=port)
                else:
                    client = open_client(Path(tmp) / "embedded")
                try:
                    result = bench_store(
                        client, items, ArrayEmbedder(vectors), args.queries, np.random.default_rng(1)
                    )
                finally:
                    if server:
                        server.terminate()
                        server.wait()
            rows.append({"items": n, "mode": mode, **result})
            print(f"done: {n} items, {mode}", file=sys.stderr)

    kinds = ("broad", "selective", "selective_chroma", "unfiltered")
    print(
        "\nquery latency p50 / p95 in ms, top-10; broad = exclude 1 of 20 categories + year >= Y; selective = "
        "include 1 + exclude 1 category + a 15-year range (~2% of items); 'Chroma only' = where clause alone"
    )
    print("\n| items | store | ingest items/s | broad | selective | selective, Chroma only | unfiltered |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = [f"{r[f'{kind}_p50_ms']:.1f} / {r[f'{kind}_p95_ms']:.1f}" for kind in kinds]
        print(f"| {r['items']:,} | {r['mode']} | {r['ingest_items_per_s']:,.0f} | {' | '.join(cells)} |")
    embed = bench_embedder(args.embed_texts) if args.embed_texts else {}
    if embed:
        print(
            f"\nembedder (default all-MiniLM-L6-v2, CPU): {embed['embed_texts_per_s']:.0f} MovieLens texts/s "
            f"over {embed['embed_texts']} texts"
        )
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine, "store": rows, "embedder": embed}, indent=2))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
