"""Glossary genre tags on the held-out requests: how many genres are tagged, how many tags name another genre,
and what tagging costs per message.

    python benchmarks/genre_tags_bench.py --catalog movielens:../shared/data/ml-latest-small --json out/tags.json

"Tagged" counts the genres a request includes or excludes that one of its hints carries; "other" counts tags
naming a genre the request does not (often a keyword topic: "ghost (Horror)" in "a film about ghosts"). The
tagger is the one ``llmrec finetune`` builds: the training book's English phrases and the default embedder.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from agent.genre_tags import GenreTagger
from agent.glossary import Glossary
from agent.request import parse_request
from finetune.records import heldout_understanding, vocabulary_of
from finetune.understanding.data import english_genre_phrases
from retrieval import Embedder
from retrieval.loaders.registry import load_catalog

TAG = re.compile(r"\(([A-Za-z-]+)\)$")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--catalog", default="movielens:../shared/data/ml-latest-small")
    parser.add_argument("-n", type=int, default=600, help="held-out requests (all six languages)")
    parser.add_argument("--json", type=Path, help="also write the table here")
    args = parser.parse_args()

    items = load_catalog(args.catalog).items
    vocabulary = vocabulary_of(items)
    plain = Glossary()
    tagged = Glossary(tagger=GenreTagger(Embedder().encode, english_genre_phrases()))
    for language in tagged.languages:  # each dictionary is read once, on its first message: not timed here
        plain.table(language), tagged.table(language)
    counts: dict[str, Counter] = {}
    for record in heldout_understanding(items, n=args.n):
        language = record["language"]
        if language not in tagged.languages:
            continue
        gold = parse_request(record["answer"], vocabulary).request
        said = set(gold.include) | set(gold.exclude)
        start = time.perf_counter()
        plain.hints(record["message"], language)
        middle = time.perf_counter()
        hints = tagged.hints(record["message"], language)
        end = time.perf_counter()
        tags = {m.group(1) for _, gloss in hints if (m := TAG.search(gloss))}
        c = counts.setdefault(language, Counter())
        c.update(
            messages=1, genres=len(said), tagged=len(tags & said), other=len(tags - said),
            plain_ms=(middle - start) * 1e3, tagged_ms=(end - middle) * 1e3,
        )  # fmt: skip
    rows = {
        lang: {
            "messages": c["messages"],
            "genres_said": c["genres"],
            "genres_tagged": c["tagged"],
            "tags_naming_another_genre": c["other"],
            "hints_ms_per_message": round(c["plain_ms"] / c["messages"], 2),
            "with_tags_ms_per_message": round(c["tagged_ms"] / c["messages"], 2),
        }
        for lang, c in counts.items()
    }
    header = ["language", *next(iter(rows.values()))]
    print(" | ".join(header))
    for lang, row in rows.items():
        print(" | ".join([lang, *(str(v) for v in row.values())]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
