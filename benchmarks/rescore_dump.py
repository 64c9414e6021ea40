"""Score an ``llmrec eval understanding --dump`` file again with the current validator, without the model:

    python benchmarks/rescore_dump.py out/eval-understanding.json              # the pinned draw
    python benchmarks/rescore_dump.py out/seed7.json --seed 7 --show            # and list what changed

Decoding does not depend on ``agent.request.parse_request``, so a change to the validator (years, titles, the
genre-polarity rule) can be measured on a saved run in seconds instead of a 20-50 minute evaluation. The dump
keeps the raw output of every request it got wrong; for the others the gold answer stands in for the raw output,
which is exact unless the old validator turned a different raw output into gold. ``--without-polarity`` parses
without the genre-polarity rule (``parse_request(polarity=False)``): with the validator of the dump's own run, that reproduces the dump's
scores, the check that the stand-in holds.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agent.config import load_config
from agent.request import parse_request
from finetune.records import heldout_understanding, vocabulary_of
from finetune.understanding import field_scores
from finetune.understanding.render import clean_title
from retrieval import load_catalog
from retrieval.datasets import find_movielens_small


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dump", type=Path, help="a file written by llmrec eval understanding --dump")
    parser.add_argument("--seed", type=int, default=12345, help="the draw the dump is of (default: pinned)")
    parser.add_argument("-n", type=int, default=600, help="its size")
    parser.add_argument("--catalog", help="KIND:PATH (default: the MovieLens demo, as `llmrec` finds it)")
    parser.add_argument("--without-polarity", action="store_true", help="skip the genre-polarity rule")
    parser.add_argument("--show", action="store_true", help="list the requests whose exact match changed")
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()

    items = load_catalog(args.catalog or f"movielens:{find_movielens_small(load_config().data_dir)}").items
    vocabulary = vocabulary_of(items)
    known = {clean_title(item.title).casefold() for item in items}
    dump = json.loads(args.dump.read_text(encoding="utf-8"))
    wrong = {(e["language"], e["message"]): e["output"] for e in dump["errors"]}
    pairs: dict[str, list] = {}
    changed = []
    for record in heldout_understanding(items, n=args.n, seed=args.seed):
        key = (record["language"], record["message"])
        gold = parse_request(record["answer"], vocabulary).request
        raw = wrong.get(key, record["answer"])
        is_title = lambda t: t.casefold() in known  # noqa: E731
        got = parse_request(raw, vocabulary, key[1], is_title, polarity=not args.without_polarity).request
        pairs.setdefault(key[0], []).append((got, gold))
        if (got == gold) == (key in wrong):
            changed.append(("fixed" if got == gold else "broken", *key, raw))
    scores = {lang: field_scores(results) for lang, results in pairs.items()}
    overall = field_scores([p for results in pairs.values() for p in results])
    print("| language | field F1 | in the dump | exact match |")
    print("|---|---|---|---|")
    for lang, row in scores.items():
        print(
            f"| {lang} | {row['field_f1']} | {dump['per_language'][lang]['field_f1']} | {row['exact_match']} |"
        )
    print(f"| overall | {overall['field_f1']} | {dump['overall']['field_f1']} | {overall['exact_match']} |")
    print(f"{sum(c[0] == 'fixed' for c in changed)} fixed, {sum(c[0] == 'broken' for c in changed)} broken")
    if args.show:
        for change in changed:
            print(" | ".join(change))
    if args.json:
        args.json.write_text(json.dumps({"per_language": scores, "overall": overall}, indent=2))


if __name__ == "__main__":
    main()
