"""``llmrec``: the command line. It parses flags, builds the Config, and calls the packages; nothing more."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.config import ConfigError, load_config

from .commands import adapters, catalog, chat, interest, llm, serve

EPILOG = """\
Everything llmrec writes (the Chroma store, models, adapters, user memory) lives under $LLMREC_HOME
(default ~/.llmrec). Settings come from defaults < $LLMREC_HOME/config.toml (or --config) < flags.

examples:
  llmrec demo                                    # index the MovieLens demo catalog and open the chat UI
  llmrec serve --port 7860                       # the chat UI over the catalog already indexed
  llmrec ask "a 90s animated comedy, nothing scary" --session s.json --json
  llmrec ask "why #2?" --session s.json
  llmrec chat --user 1
  llmrec ingest --catalog movielens:../shared/data/ml-latest-small
  llmrec search "animated comedy" --include Animation --year-min 1990 --year-max 1999 --json
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

    catalog.register(sub, common)
    chat.register(sub, common)
    serve.register(sub, common)
    interest.register_train(sub, common)
    llm.register_finetune(sub, common)
    adapters.register_export(sub, common)
    adapters.register_shrink(sub, common)
    adapters.register_average(sub, common)
    evals = sub.add_parser(
        "eval",
        help="evaluate: ranking, understanding, explanation, basics, compare, llm-ranking, conversation",
        description="Evaluations. `ranking`: next-item ranking under the LlamaRec protocol. `understanding`: "
        "request -> JSON on the held-out multilingual set. `explanation`: groundedness and language of "
        "explanations. `llm-ranking`: LlamaRec-style LLM ranking of candidate lists vs the interest model. "
        "`conversation`: scripted multi-turn conversations in six languages. `basics`: each genre's first "
        "training phrase alone, a check before shipping. `compare`: whether one adapter's understanding "
        "score beats another's beyond noise (paired bootstrap of two dumps).",
    ).add_subparsers(title="evaluations", metavar="EVAL")
    interest.register_eval(evals, common)
    llm.register_eval(evals, common)
    chat.register_eval(evals, common)
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


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    extra = getattr(args, "extra_overrides", None)
    return {
        **llm.llm_overrides(args),
        **(extra(args) if extra else {}),
        "home": getattr(args, "home", None),
        "store.host": getattr(args, "chroma_host", None),
        "store.port": getattr(args, "chroma_port", None),
        "store.collection": getattr(args, "collection", None),
        "store.batch_size": getattr(args, "batch_size", None),
        "embedding.model": getattr(args, "embed_model", None),
        "interest.epochs": getattr(args, "epochs", None),
        "interest.seed": getattr(args, "seed", None),
    }


def _is_expected(exc: Exception) -> bool:
    from agent.llm.load import LLMLoadError
    from agent.tools import NoCatalogError
    from retrieval import CatalogError, EmbedderError, StoreError, UnknownCategoryError

    expected: tuple[type[Exception], ...] = (
        ConfigError,
        CatalogError,
        EmbedderError,
        StoreError,
        UnknownCategoryError,
        FileNotFoundError,
        FileExistsError,
        LLMLoadError,
        NoCatalogError,
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


if __name__ == "__main__":
    sys.exit(main())
