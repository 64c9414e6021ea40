"""``llmrec``: the command line. It parses flags, builds the Config, and calls the packages; nothing more."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.config import Config, ConfigError, load_config

EPILOG = """\
Everything llmrec writes (the Chroma store, models, adapters, user memory) lives under $LLMREC_HOME
(default ~/.llmrec). Settings come from defaults < $LLMREC_HOME/config.toml (or --config) < flags.

examples:
  llmrec ingest --catalog movielens:../shared/data/ml-latest-small
  llmrec search "animated comedy" --include Animation --year-min 1990 --year-max 1999 --json
  llmrec demo
"""


def main(argv: Sequence[str] | None = None) -> int:
    _quiet_libraries()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        config = load_config(args.config, overrides=_overrides(args))
        return int(args.handler(args, config) or 0)
    except KeyboardInterrupt:
        print(
            "\nllmrec: interrupted; state on disk is consistent, rerun the command to continue",
            file=sys.stderr,
        )
        return 130
    except Exception as exc:  # every expected failure becomes one clear line; set LLMREC_DEBUG=1 for a trace
        if os.environ.get("LLMREC_DEBUG") or not _is_expected(exc):
            raise
        return _fail(args, str(exc))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llmrec",
        description="Conversational recommendations over your catalog: Chroma retrieval, learned interest "
        "scores and a small fine-tuned LLM, all offline.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    common = _common_options()

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
        "--batch-size", type=_positive_int, help="items per Chroma write (default from config: 1000)"
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
    p.add_argument("-k", type=_positive_int, default=10, help="number of results (default 10)")
    _filter_options(p)
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"items": [{"item_id", "title", "score", "categories", "year"}]}',
    )
    p.set_defaults(handler=_cmd_search)

    p = sub.add_parser(
        "demo",
        parents=[common],
        help="build the MovieLens demo index and answer a search",
        description="Index MovieLens ml-latest-small (../shared/data when present, else the official "
        "download) and run an example search.",
    )
    p.add_argument("--data", type=Path, help="a MovieLens ml-latest-small folder to use")
    p.set_defaults(handler=_cmd_demo)

    p = sub.add_parser(
        "info",
        parents=[common],
        help="show the store and its collection",
        description="Where the store is, how many items it holds, and how it was built.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_cmd_info)
    return parser


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("store and settings")
    g.add_argument("--home", type=Path, help="data home (default $LLMREC_HOME or ~/.llmrec)")
    g.add_argument("--config", type=Path, help="TOML config file (default $LLMREC_HOME/config.toml)")
    g.add_argument("--chroma-host", help="use the Chroma server at this host instead of the embedded store")
    g.add_argument("--chroma-port", type=int, help="port of the Chroma server (default 8000)")
    g.add_argument("--collection", help="collection name (default: catalog)")
    g.add_argument("--embed-model", help="sentence-transformers model: hub id or local folder")
    return common


def _filter_options(p: argparse.ArgumentParser) -> None:
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


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "home": getattr(args, "home", None),
        "store.host": getattr(args, "chroma_host", None),
        "store.port": getattr(args, "chroma_port", None),
        "store.collection": getattr(args, "collection", None),
        "store.batch_size": getattr(args, "batch_size", None),
        "embedding.model": getattr(args, "embed_model", None),
    }


# --- commands -------------------------------------------------------------------------------------------


def _cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from retrieval import ingest, load_catalog

    report = load_catalog(args.catalog, skip_bad=args.skip_bad)
    _say(
        args,
        f"loaded {len(report.items)} items from {args.catalog}"
        + (f"; skipped {len(report.skipped)} bad rows" if report.skipped else "")
        + (f"; merged {report.merged_duplicates} repeated rows" if report.merged_duplicates else ""),
    )
    for line in report.skipped[:5]:
        _say(args, f"  skipped {line}")
    embedder = _embedder(config)
    client = _client(config)
    if args.rebuild:
        _drop(client, config.store.collection)
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
        "store": _where(config),
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
    store = CatalogStore.open(_client(config), config.store.collection)
    hits = semantic_search(store, _embedder(config), args.text, k=args.k, filters=filters)
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
    return _cmd_search(search_args, config)


def _cmd_info(args: argparse.Namespace, config: Config) -> int:
    from retrieval import CatalogStore

    store = CatalogStore.open(_client(config), config.store.collection, require_complete=False)
    info = store.info()
    data = {
        "store": _where(config),
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


# --- helpers --------------------------------------------------------------------------------------------


def _client(config: Config) -> Any:
    from retrieval import open_client

    return open_client(config.chroma_path, config.store.host, config.store.port)


def _embedder(config: Config) -> Any:
    from retrieval import Embedder

    return Embedder(
        config.embedding.model, device=config.embedding.device, batch_size=config.embedding.batch_size
    )


def _drop(client: Any, name: str) -> None:
    with contextlib.suppress(Exception):  # nothing to drop
        client.delete_collection(name)


def _where(config: Config) -> str:
    return f"http://{config.store.host}:{config.store.port}" if config.store.host else str(config.chroma_path)


def _say(args: argparse.Namespace, text: str) -> None:
    # Progress and notes go to stderr so that stdout stays machine-readable with --json.
    print(text, file=sys.stderr)


def _is_expected(exc: Exception) -> bool:
    from retrieval import CatalogError, EmbedderError, StoreError, UnknownCategoryError

    expected: tuple[type[Exception], ...] = (
        ConfigError,
        CatalogError,
        EmbedderError,
        StoreError,
        UnknownCategoryError,
        FileNotFoundError,
        ValueError,
    )
    return isinstance(exc, expected)


def _fail(args: argparse.Namespace, message: str) -> int:
    if getattr(args, "json", False):
        print(json.dumps({"error": message}, ensure_ascii=False))
    hint = (
        " (use --skip-bad to skip such rows and count them)"
        if "skip" not in message and _is_row_error(message)
        else ""
    )
    print(f"llmrec: error: {message}{hint}", file=sys.stderr)
    return 1


def _is_row_error(message: str) -> bool:
    head = message.split(": ", 1)[0]
    return head.rsplit(":", 1)[-1].isdigit()


def _quiet_libraries() -> None:
    """Keep the terminal for llmrec's own output: libraries' notices that need no action go."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    # bitsandbytes warns at import that an optional hub-downloaded CPU kernel is missing; it falls back fine.
    logging.getLogger("bitsandbytes").setLevel(logging.ERROR)
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text}")
    return value


if __name__ == "__main__":
    sys.exit(main())
