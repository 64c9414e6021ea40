"""Interest-model benchmark: training time, evaluation time, per-user recommend latency, memory.

    python benchmarks/interest_bench.py --dataset movielens:../shared/data/ml-latest-small --json out/interest_bench.json

Recommend latency is one user at a time, as when serving: the user vector, a Chroma query on the item
vectors, and the blended rerank of the candidates (``Recommender.rank``), plus the request-aware
``personalized_search`` that the agent calls (text + interest over both collections).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from retrieval import CatalogStore, Embedder, ingest, open_client
from retrieval.interest.config import InterestConfig
from retrieval.interest.pipeline import fit_interest, prepare
from retrieval.interest.train import score_users
from retrieval.protocol import ProtocolConfig
from retrieval.rerank import Personalization, personalized_search


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", default="movielens:../shared/data/ml-latest-small")
    parser.add_argument("--users", type=int, default=200, help="users timed for recommend latency")
    parser.add_argument("--epochs", type=int, help="cap on training epochs (default: the config's)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    rows: dict[str, float] = {"rss_start_mb": peak_rss_mb()}
    t = time.perf_counter()
    prep = prepare(args.dataset, ProtocolConfig())
    rows["prepare_s"] = time.perf_counter() - t
    embedder = Embedder()
    config = InterestConfig()
    if args.epochs:
        config.epochs = args.epochs
    with tempfile.TemporaryDirectory() as tmp:
        inputs, _ = prep.data.test()
        t = time.perf_counter()
        fitted = fit_interest(prep, embedder, config, cache_dir=None, progress=True, final_data=inputs)
        rows["fit_s"] = time.perf_counter() - t
        rows["train_model_s"] = fitted.training.seconds if fitted.training else float("nan")  # with refit
        rows["best_epoch"] = fitted.training.best_epoch if fitted.training else 0
        rows["rss_after_training_mb"] = peak_rss_mb()

        t = time.perf_counter()
        score_users(fitted.model, inputs)
        rows["score_all_users_s"] = time.perf_counter() - t

        client = open_client(Path(tmp) / "chroma")
        recommender = fitted.recommender(client, "bench-items")
        recommender.publish()
        rng = np.random.default_rng(0)
        users = rng.choice(len(inputs), size=min(args.users, len(inputs)), replace=False)
        latencies = []
        for u in users:
            start = time.perf_counter()
            recommender.rank([inputs[u]], 10)
            latencies.append((time.perf_counter() - start) * 1000)
        rows["recommend_p50_ms"], rows["recommend_p95_ms"] = percentiles(latencies[5:])

        known = [it for it in prep.items if it is not None]
        store = CatalogStore.create_or_open(client, "bench-catalog", embedder.name, embedder.dim)
        ingest(known, store, embedder, progress=True)
        requests = [
            "a funny animated movie",
            "dark crime thriller",
            "romantic comedy from the 90s",
            "space adventure",
        ]
        latencies = []
        for j, u in enumerate(users[:50]):
            history = tuple(prep.data.item_ids[i] for i in inputs[u])
            start = time.perf_counter()
            personalized_search(
                store,
                embedder,
                requests[j % len(requests)],
                None,
                recommender,
                Personalization(history=history),
                k=10,
                categories=prep.categories,
            )
            latencies.append((time.perf_counter() - start) * 1000)
        rows["personalized_search_p50_ms"], rows["personalized_search_p95_ms"] = percentiles(latencies[3:])
        rows["rss_peak_mb"] = peak_rss_mb()

    print(
        f"\n{args.dataset}: {prep.data.n_users} users, {prep.data.n_items} items, "
        f"{sum(map(len, prep.data.seqs))} interactions, {os.cpu_count()} CPUs\n"
    )
    print("| measure | value |\n|---|---:|")
    for key, value in rows.items():
        print(f"| {key} | {value:,.1f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        machine = {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        }
        args.json.write_text(
            json.dumps({"dataset": args.dataset, "machine": machine, "results": rows}, indent=2)
        )
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
