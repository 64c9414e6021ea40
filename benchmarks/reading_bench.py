"""What the English reading costs the agent: request understanding latency per message, one message at a time
as a chat turn runs it (``agent.understand.understand``), with ``[llm] english_reading`` off and at a weight.

    python benchmarks/reading_bench.py --requests 24 --weight 0.5 --json out/reading_bench.json

Messages are held-out ones (never trained on) in the languages that get the reading, half with a genre-tagged
glossary word (they get a second prompt) and half without (they should cost the same either way). The two settings alternate message by
message on one loaded model, so machine noise hits both alike; compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench_table import (
    markdown_table,  # benchmarks/bench_table.py: scripts run from benchmarks/ see it on sys.path
)

from agent.config import load_config
from agent.glossary import glossary_for, read_hints
from agent.llm import load_llm
from agent.reading import english_reading
from agent.understand import understand
from finetune.records import heldout_understanding, vocabulary_of
from retrieval import load_catalog
from retrieval.datasets import find_movielens_small


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=24, help="messages to time, half of them tagged")
    parser.add_argument("--weight", type=float, default=0.5, help="the English reading's weight when on")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    config = load_config()
    items = load_catalog(f"movielens:{find_movielens_small(config.data_dir)}").items
    vocabulary = vocabulary_of(items)
    llm = load_llm(config.llm, config.models_dir)
    glossary = glossary_for(llm, config.llm.dictd_dir)
    languages = llm.english_reading_languages
    records = [
        r for r in heldout_understanding(items, n=600, glossary=glossary) if r["language"] in languages
    ]

    def tagged(r: dict) -> bool:
        return english_reading(r["message"], read_hints(r["messages"][-1]["content"])) is not None

    half = args.requests // 2
    chosen = {
        "tagged": [r for r in records if tagged(r)][:half],
        "untagged": [r for r in records if not tagged(r)][:half],
    }
    understand("warm-up", vocabulary, llm, "en", glossary)  # the first call pays one-off setup
    seconds: dict[tuple[str, str], list[float]] = {}
    for kind, group in chosen.items():
        for r in group:
            for setting, weight in (("off", 0.0), ("on", args.weight)):
                llm.english_reading = weight
                start = time.perf_counter()
                understand(r["message"], vocabulary, llm, r["language"], glossary)
                seconds.setdefault((kind, setting), []).append(time.perf_counter() - start)
    rows = []
    for kind in chosen:
        off, on = seconds[kind, "off"], seconds[kind, "on"]
        rows.append(
            {
                "messages": kind,
                "n": len(off),
                "off_p50_s": round(statistics.median(off), 3),
                "on_p50_s": round(statistics.median(on), 3),
                "on_p95_s": round(sorted(on)[int(0.95 * (len(on) - 1))], 3),
                "on/off (total)": round(sum(on) / sum(off), 2),
            }
        )
    print(f"{llm.describe()}, English reading weight {args.weight}")
    print(markdown_table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"model": llm.describe(), "weight": args.weight, "rows": rows}, indent=2)
        )


if __name__ == "__main__":
    main()
