"""Requests written by hand, the way a person types them: how request understanding does outside both phrasebooks.

    python benchmarks/natural_requests.py --dump out/natural.json

The held-out set (``llmrec eval understanding``) is generated: an opener, a genre phrase, a year frame and a
closer from the held-out phrasebook, so every draw shares its sentence shapes. ``data/natural_requests.jsonl``
holds 14 short requests per language, written directly in each of the six languages (the same 14 wishes:
"a 90s animated comedy, nothing scary", "something like Toy Story but with dogs", "a crime drama from 1994"),
with no opener or closer and with the genre words a person reaches for first. They were written before their
first run; the decade and Latin-title rules of session 30 were then made for errors they showed, so they are no
longer unseen for those rules (docs/ADAPTERS.md). The scoring is the held-out set's (``finetune.evaluate.evaluate_understanding``); the dump reads like
``llmrec eval understanding --dump``, so two checkouts compare with ``llmrec eval compare BEFORE AFTER``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench_table import (
    markdown_table,  # benchmarks/bench_table.py: scripts run from benchmarks/ see it on sys.path
)

from agent.config import load_config
from agent.glossary import glossary_for
from agent.llm import load_llm
from agent.request import Request
from finetune.evaluate import evaluate_understanding
from finetune.records import clean_title, vocabulary_of
from finetune.understanding.data import UnderstandingExample
from retrieval import load_catalog
from retrieval.datasets import find_movielens_small

REQUESTS = Path(__file__).parent / "data" / "natural_requests.jsonl"


def natural_examples(path: Path = REQUESTS) -> list[UnderstandingExample]:
    """The hand-written requests, each with the request it asks for."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        request = Request(
            include=tuple(row.get("include", ())),
            exclude=tuple(row.get("exclude", ())),
            year_min=row.get("year_min"),
            year_max=row.get("year_max"),
            titles=tuple(row.get("titles", ())),
            keywords=tuple(row.get("keywords", ())),
            language=row["language"],
        )
        examples.append(UnderstandingExample(row["message"], request))
    return examples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dump", type=Path, help="write the report with its per-request counts here")
    parser.add_argument("--json", type=Path, help="also write the per-language scores here")
    parser.add_argument("--adapter", help="a LoRA adapter folder to evaluate instead of the configured one")
    args = parser.parse_args()
    config = load_config(overrides={"llm.adapter": args.adapter} if args.adapter else None)
    items = load_catalog(f"movielens:{find_movielens_small(config.data_dir)}").items
    vocabulary = vocabulary_of(items)
    llm = load_llm(config.llm, config.models_dir)
    glossary = glossary_for(llm, config.llm.dictd_dir)
    records = [e.to_record(vocabulary, glossary) for e in natural_examples()]
    titles = [clean_title(i.title) for i in items]
    report = evaluate_understanding(llm, records, vocabulary, glossary=glossary, titles=titles)
    rows = [
        {"language": lang, "requests": s["n"], "field F1": s["field_f1"], "exact match": s["exact_match"]}
        | {f"{field} F1": value for field, value in s["per_field"].items()}
        for lang, s in report["per_language"].items()
    ]
    print(markdown_table(rows))
    if args.dump:
        args.dump.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
