"""LLM latency on this machine: the default base + shipped adapter, 4-bit NF4 vs bf16 weights.

    python benchmarks/llm_bench.py --requests 12 --json out/llm_bench.json

For each precision: load time (the GGUF conversion is done once before timing), weight memory,
request -> JSON latency per message (p50/p95, constrained decoding as the agent runs it), explanation latency,
and decode speed in tokens/s. Messages come from the held-out understanding set, so nothing here was trained on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from bench_table import (
    markdown_table,  # benchmarks/bench_table.py: scripts run from benchmarks/ see it on sys.path
)

from agent.config import load_config
from agent.explain import explanation_messages
from agent.glossary import glossary_for
from agent.llm import generate_text, load_llm
from agent.request import understanding_messages
from finetune.explanation import sheet_from_json
from finetune.records import heldout_explanation, heldout_understanding, vocabulary_of
from retrieval import load_catalog
from retrieval.datasets import find_movielens_small


def _weights_mb(model) -> float:
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    return base.get_memory_footprint() / 2**20


def measure(config, models_dir: Path, prompts: list[list[dict]], sheets: list, vocabulary: list[str]) -> dict:
    start = time.perf_counter()
    llm = load_llm(config, models_dir)
    load_s = time.perf_counter() - start
    generate_text(llm, understanding_messages("warm-up", vocabulary), 4)  # first call pays one-off setup
    understand_s = []
    for prompt in prompts:
        t = time.perf_counter()
        generate_text(llm, prompt, 96, categories=vocabulary)
        understand_s.append(time.perf_counter() - t)
    explain_s, tokens = [], 0
    for sheet, language in sheets:
        t = time.perf_counter()
        out = generate_text(llm, explanation_messages(sheet, language), 96)
        explain_s.append(time.perf_counter() - t)
        tokens += len(llm.tokenizer(out, add_special_tokens=False).input_ids)
    return {
        "model": llm.describe(),
        "load_s": round(load_s, 2),
        "weights_mb": round(_weights_mb(llm.model), 1),
        "understand_p50_s": round(statistics.median(understand_s), 3),
        "understand_p95_s": round(sorted(understand_s)[int(0.95 * (len(understand_s) - 1))], 3),
        "explain_p50_s": round(statistics.median(explain_s), 3),
        "explain_tokens_per_s": round(tokens / sum(explain_s), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=12, help="held-out messages to time (default 12)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    config = load_config()
    items = load_catalog(f"movielens:{find_movielens_small(config.data_dir)}").items
    vocabulary = vocabulary_of(items)
    sheets = [(sheet_from_json(r["sheet"]), r["language"]) for r in heldout_explanation(items, n=6)]
    llm = load_llm(config.llm, config.models_dir)  # converts the GGUF once, outside the timings
    glossary = glossary_for(llm, config.llm.dictd_dir)  # the prompts the agent builds for this adapter
    prompts = [r["messages"] for r in heldout_understanding(items, n=args.requests, glossary=glossary)]
    del llm
    rows = [
        measure(replace(config.llm, quantize=q), config.models_dir, prompts, sheets, vocabulary)
        for q in ("4bit", "none")
    ]
    print(markdown_table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
