"""How often the genre-polarity rule (``agent/genre_mentions.py``) puts a genre on the wrong side, read against
gold without any model:

    python benchmarks/genre_polarity.py                       # generated training requests, seeds 1-2
    python benchmarks/genre_polarity.py --book heldout --json out/polarity.json
    python benchmarks/genre_polarity.py --book natural        # benchmarks/data/natural_requests.jsonl

Per language: the verdicts the rule would act on (an "include" only where every negation covers a genre word,
as ``follow_polarity`` requires), how many agree with gold, how many put a gold genre on the other side
("flipped") and how many name a genre gold does not have ("extra"), and the share of gold genres the rule reads
at all ("said"). The cue lists were completed from the training book, so ``--book heldout`` is the fair count.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from agent.genre_mentions import genre_polarity
from agent.locale import LANGUAGES

NATURAL = Path(__file__).parent / "data" / "natural_requests.jsonl"


def demo_catalog() -> str:
    from agent.config import load_config
    from retrieval.datasets import find_movielens_small

    return f"movielens:{find_movielens_small(load_config().data_dir)}"


def requests(book: str, n: int, catalog: str | None) -> list[tuple[str, str, set[str], set[str]]]:
    """(language, message, gold include, gold exclude) of the chosen set."""
    if book == "natural":
        rows = [json.loads(line) for line in NATURAL.read_text(encoding="utf-8").splitlines()]
        return [
            (r["language"], r["message"], set(r.get("include", [])), set(r.get("exclude", []))) for r in rows
        ]
    from finetune.understanding import build
    from retrieval import load_catalog

    titles = [item.title for item in load_catalog(catalog or demo_catalog()).items]
    return [
        (e.request.language, e.message, set(e.request.include), set(e.request.exclude))
        for seed in (1, 2)
        for e in build(n, seed, titles, heldout_set=book == "heldout")
    ]


def count(rows: list[tuple[str, str, set[str], set[str]]]) -> dict[str, dict[str, float]]:
    counts = {lang: Counter() for lang in LANGUAGES}
    for language, message, include, exclude in rows:
        polarity = genre_polarity(message, language)
        gold = {**dict.fromkeys(include, "include"), **dict.fromkeys(exclude, "exclude")}
        c = counts[language]
        for genre, way in polarity.genres.items():
            if way == "include" and not polarity.placed:
                continue  # follow_polarity would not act on it
            c["verdicts"] += 1
            c["right" if gold.get(genre) == way else "flipped" if genre in gold else "extra"] += 1
        c["gold"] += len(gold)
        c["said"] += sum(g in polarity.genres for g in gold)
    return {
        lang: {
            "verdicts": c["verdicts"],
            "right": c["right"],
            "flipped": c["flipped"],
            "extra": c["extra"],
            "wrong_share": round((c["flipped"] + c["extra"]) / max(c["verdicts"], 1), 4),
            "gold_said": round(c["said"] / max(c["gold"], 1), 3),
        }
        for lang, c in counts.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", choices=["train", "heldout", "natural"], default="train")
    parser.add_argument("-n", type=int, default=3000, help="generated requests per seed (two seeds)")
    parser.add_argument("--catalog", help="KIND:PATH (default: the MovieLens demo, as `llmrec` finds it)")
    parser.add_argument("--json", type=Path, help="also write the table here")
    args = parser.parse_args()
    table = count(requests(args.book, args.n, args.catalog))
    columns = ["verdicts", "right", "flipped", "extra", "wrong_share", "gold_said"]
    print("| language | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for lang, row in table.items():
        print(f"| {lang} | " + " | ".join(str(row[c]) for c in columns) + " |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"book": args.book, "per_language": table}, indent=2))


if __name__ == "__main__":
    main()
