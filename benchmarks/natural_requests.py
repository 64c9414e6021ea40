"""Requests written by hand, the way a person types them: how request understanding does outside both phrasebooks.

    python benchmarks/natural_requests.py --dump out/natural.json

The held-out set (``llmrec eval understanding``) is generated: an opener, a genre phrase, a year frame and a
closer from the held-out phrasebook, so every draw shares its sentence shapes. ``data/natural_requests.jsonl``
holds 30 short requests per language, written directly in each of the six languages (the same 30 wishes:
"a 90s animated comedy, nothing scary", "something like Toy Story but with dogs", "a crime drama from 1994"),
with no opener or closer and with the genre words a person reaches for first. The first 14 wishes were written
in session 30 and the decade and Latin-title rules were then made for errors they showed; the last 16
(exclusions said first or after "but", compounds, "isn't animated") in session 31, before their first run and
before the genre-polarity rules (docs/ADAPTERS.md). The scoring is the held-out set's
(``finetune.evaluate.evaluate_understanding``); the dump reads like ``llmrec eval understanding --dump``, so two
checkouts compare with ``llmrec eval compare BEFORE AFTER``.
"""

from __future__ import annotations

import json
from pathlib import Path

import understanding_run  # benchmarks/understanding_run.py: scripts run from benchmarks/ see it on sys.path

from agent.request import Request
from finetune.understanding.data import UnderstandingExample

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
    args = understanding_run.parser(__doc__).parse_args()
    result = understanding_run.evaluate(lambda _titles: natural_examples(), args.adapter)
    rows = [{"language": lang} | understanding_run.score_row(s) for lang, s in result["per_language"].items()]
    understanding_run.report(result, rows, args)


if __name__ == "__main__":
    main()
