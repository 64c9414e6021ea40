"""Catalog commands: ingest, search, info, demo."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from agent.config import Config

from .common import drop, make_embedder, positive_int, say, store_client, where
from .serve import cmd_serve, serve_options


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "ingest",
        parents=[common],
        help="index a catalog into the vector store",
        description="Load a catalog, embed every item and upsert it into Chroma. Idempotent: a second run "
        "writes nothing; an interrupted run resumes; items that left the catalog are removed.",
    )
    p.add_argument(
        "--catalog",
        required=True,
        metavar="KIND:PATH",
        help="csv:FILE, jsonl:FILE, movielens:DIR (ml-latest-small or ml-100k), amazon:DIR|FILE",
    )
    p.add_argument(
        "--skip-bad", action="store_true", help="skip and count malformed rows instead of stopping"
    )
    p.add_argument(
        "--rebuild", action="store_true", help="drop the collection first and build it from scratch"
    )
    p.add_argument(
        "--batch-size", type=positive_int, help="items per Chroma write (default from config: 1000)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    p.set_defaults(handler=_cmd_ingest)

    p = sub.add_parser(
        "search",
        parents=[common],
        help="semantic search with filters",
        description="Embed TEXT and return the nearest catalog items that satisfy every filter.",
    )
    p.add_argument("text", help="what you are looking for, in words")
    p.add_argument("-k", type=positive_int, default=10, help="number of results (default 10)")
    filter_options(p)
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"items": [{"item_id", "title", "score", "categories", "year"}]}',
    )
    p.set_defaults(handler=_cmd_search)

    p = sub.add_parser(
        "demo",
        parents=[common],
        help="index the MovieLens demo catalog and serve the chat UI",
        description="Index MovieLens ml-latest-small (../shared/data when present, else the official "
        "download; already indexed items are skipped), run an example search, then serve the chat UI with "
        "the default model and adapter (see `llmrec serve --help`). --no-serve stops after the search.",
    )
    p.add_argument("--data", type=Path, help="a MovieLens ml-latest-small folder to use")
    p.add_argument("--no-serve", action="store_true", help="stop after indexing and the example search")
    serve_options(p)
    p.set_defaults(handler=_cmd_demo)

    p = sub.add_parser(
        "info",
        parents=[common],
        help="show the store and its collection",
        description="Where the store is, how many items it holds, and how it was built.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_cmd_info)


def filter_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="CAT",
        help="item must have this category (repeat: all of them)",
    )
    g.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="CAT",
        help="item must not have this category (repeat: none of them)",
    )
    g.add_argument("--year-min", type=int, help="earliest year, inclusive")
    g.add_argument("--year-max", type=int, help="latest year, inclusive")
    g.add_argument("--price-min", type=float, help="lowest price, inclusive")
    g.add_argument("--price-max", type=float, help="highest price, inclusive")


def _cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from retrieval import ingest, load_catalog

    report = load_catalog(args.catalog, skip_bad=args.skip_bad)
    say(
        f"loaded {len(report.items)} items from {args.catalog}"
        + (f"; skipped {len(report.skipped)} bad rows" if report.skipped else "")
        + (f"; merged {report.merged_duplicates} repeated rows" if report.merged_duplicates else ""),
    )
    for line in report.skipped[:5]:
        say(f"  skipped {line}")
    embedder = make_embedder(config)
    client = store_client(config)
    if args.rebuild:
        drop(client, config.store.collection)
    from retrieval import CatalogStore

    store = CatalogStore.create_or_open(client, config.store.collection, embedder.name, embedder.dim)
    batch = min(config.store.batch_size, client.get_max_batch_size())
    result = ingest(
        report.items,
        store,
        embedder,
        batch_size=batch,
        catalog_name=args.catalog,
        progress=not (args.no_progress or args.json),
    )
    summary = {
        "catalog": args.catalog,
        "collection": config.store.collection,
        "store": where(config),
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "removed": result.removed,
        "skipped_rows": len(report.skipped),
        "total": result.total,
        "seconds": round(result.seconds, 2),
        "items_per_second": round(result.items_per_second, 1),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.removed} removed; {result.total} items in {summary['collection']!r} at {summary['store']} "
            f"({result.written} written in {result.seconds:.1f} s, {result.items_per_second:.0f} items/s)"
        )
    return 0


def _cmd_search(args: argparse.Namespace, config: Config) -> int:
    from retrieval import CatalogStore, Filters, semantic_search

    filters = Filters(
        include=tuple(args.include),
        exclude=tuple(args.exclude),
        year_min=args.year_min,
        year_max=args.year_max,
        price_min=args.price_min,
        price_max=args.price_max,
    )
    store = CatalogStore.open(store_client(config), config.store.collection)
    hits = semantic_search(store, make_embedder(config), args.text, k=args.k, filters=filters)
    rows = [
        {
            "item_id": h.item.item_id,
            "title": h.item.title,
            "score": round(h.score, 4),
            "categories": list(h.item.categories),
            "year": h.item.year,
        }
        for h in hits
    ]
    if args.json:
        print(json.dumps({"items": rows}, ensure_ascii=False))
    elif not rows:
        print("no items match these filters")
    else:
        for rank, row in enumerate(rows, 1):
            year = row["year"] or "----"
            print(
                f"{rank:>3}. {row['score']:.3f}  {year}  {row['title']}  [{', '.join(row['categories'])}]"
                f"  (id {row['item_id']})"
            )
    return 0


def _cmd_demo(args: argparse.Namespace, config: Config) -> int:
    from retrieval.datasets import find_movielens_small

    data = find_movielens_small(config.data_dir, args.data)
    print(f"demo catalog: {data}")
    ingest_args = argparse.Namespace(
        catalog=f"movielens:{data}", skip_bad=False, rebuild=False, no_progress=False, json=False
    )
    _cmd_ingest(ingest_args, config)
    query = "animated comedy"
    print(f'\nllmrec search "{query}" --include Animation --year-min 1990 --year-max 1999')
    search_args = argparse.Namespace(
        text=query,
        k=10,
        include=["Animation"],
        exclude=[],
        year_min=1990,
        year_max=1999,
        price_min=None,
        price_max=None,
        json=False,
    )
    _cmd_search(search_args, config)
    return 0 if args.no_serve else cmd_serve(args, config)


def _cmd_info(args: argparse.Namespace, config: Config) -> int:
    from retrieval import CatalogStore

    store = CatalogStore.open(store_client(config), config.store.collection, require_complete=False)
    info = store.info()
    data = {
        "store": where(config),
        "collection": info.name,
        "state": info.state,
        "items": info.count,
        "embedder": info.embedder,
        "dim": info.dim,
        "catalog": info.catalog,
        "categories": list(info.categories),
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            print(f"{key:>10}: {', '.join(value) if isinstance(value, list) else value}")
    return 0
