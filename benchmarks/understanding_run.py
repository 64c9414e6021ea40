"""What the request-understanding benchmarks share: their flags, evaluating a set of examples with the shipped
(or a given) adapter as ``llmrec eval understanding`` does, and writing the report and score rows."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_table import markdown_table

from agent.config import load_config
from agent.glossary import glossary_for
from agent.llm import load_llm
from finetune.evaluate import evaluate_understanding
from finetune.records import clean_title, vocabulary_of
from finetune.understanding.data import UnderstandingExample
from retrieval import load_catalog
from retrieval.datasets import find_movielens_small


def parser(doc: str | None) -> argparse.ArgumentParser:
    out = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    out.add_argument("--dump", type=Path, help="write the report with its per-request counts here")
    out.add_argument("--json", type=Path, help="also write the score rows here")
    out.add_argument("--adapter", help="a LoRA adapter folder to evaluate instead of the configured one")
    return out


def evaluate(
    examples: Callable[[list[str]], list[UnderstandingExample]], adapter: str | None
) -> dict[str, Any]:
    """The understanding report of ``examples(titles)`` (titles: the MovieLens catalog's, as people write them)."""
    config = load_config(overrides={"llm.adapter": adapter} if adapter else None)
    items = load_catalog(f"movielens:{find_movielens_small(config.data_dir)}").items
    vocabulary = vocabulary_of(items)
    llm = load_llm(config.llm, config.models_dir)
    glossary = glossary_for(llm, config.llm.dictd_dir)
    titles = [clean_title(i.title) for i in items]
    records = [e.to_record(vocabulary, glossary) for e in examples(titles)]
    return evaluate_understanding(llm, records, vocabulary, glossary=glossary, titles=titles)


def score_row(scores: dict[str, Any]) -> dict[str, Any]:
    """One language's scores as a table row."""
    row = {"requests": scores["n"], "field F1": scores["field_f1"], "exact match": scores["exact_match"]}
    return row | {f"{field} F1": value for field, value in scores["per_field"].items()}


def report(result: dict[str, Any], rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(markdown_table(rows))
    if args.dump:
        args.dump.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
