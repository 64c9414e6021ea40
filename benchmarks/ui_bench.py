"""Latency through the web UI: a real Gradio server over the default agent, driven by gradio_client.

    python benchmarks/ui_bench.py --turns 6 --json out/ui_bench.json

Needs the demo catalog (`llmrec demo --no-serve` or `llmrec ingest`). For each scripted request it measures,
from the client's side of the HTTP API: the first streamed update (the reply placeholder), the full turn
(the numbered list and cards), and for "Why?" on a card the first token of the explanation and the full
explanation. Prints a table; --json writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import time
from pathlib import Path


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)


def _timed(job_factory, is_first) -> tuple[float, float, object]:
    """(seconds to the first update that ``is_first`` accepts, seconds to the end, final outputs)."""
    start = time.perf_counter()
    job = job_factory()
    first = None
    while not job.done():
        outputs = job.outputs()
        if first is None and outputs and is_first(outputs[-1]):
            first = time.perf_counter() - start
        time.sleep(0.01)
    total = time.perf_counter() - start
    final = job.result()
    return (first if first is not None else total), total, final


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--turns", type=int, default=6, help="requests to send (default: the UI's six examples)"
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()

    from gradio_client import Client

    from agent.agent import RecommenderAgent
    from agent.config import load_config
    from ui.app import EXAMPLES, build_app

    t = time.perf_counter()
    agent = RecommenderAgent.build(load_config())
    load_s = time.perf_counter() - t
    app = build_app(agent, k=5)
    port = _port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    client.predict("hello", [], "", [], api_name="/chat")  # warm-up: first-call setup is not a turn's cost

    rows = []
    for message in (EXAMPLES * 2)[: args.turns]:  # the example prompts the UI offers, one per language
        first, total, (history, cards, *_rest) = _timed(
            lambda m=message: client.submit(m, [], "", [], api_name="/chat"), lambda out: True
        )
        why_first, why_total, why_history = _timed(
            lambda h=history: client.submit(1, h, "", api_name="/why"),
            # the head "#1 Title: " streams first; the first token is the first update that goes past it
            lambda out: _text(out[-1]) != "…" and not _text(out[-1]).endswith(": "),
        )
        rows.append(
            {
                "message": message,
                "first_update_s": round(first, 3),
                "turn_s": round(total, 3),
                "cards": len(cards),
                "why_first_token_s": round(why_first, 3),
                "why_total_s": round(why_total, 3),
                "explanation": _text(why_history[-1])[:120],
            }
        )
    app.close()

    def p50(key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 3)

    summary = {
        "model": agent.describe(),
        "agent_load_s": round(load_s, 1),
        "turns": len(rows),
        "turn_first_update_p50_s": p50("first_update_s"),
        "turn_full_p50_s": p50("turn_s"),
        "why_first_token_p50_s": p50("why_first_token_s"),
        "why_full_p50_s": p50("why_total_s"),
        "rows": rows,
    }
    print(f"{summary['model']}; agent load {summary['agent_load_s']} s")
    print(f"{'message':42} {'first':>6} {'turn':>6} {'why 1st':>8} {'why':>6}")
    for r in rows:
        print(
            f"{r['message'][:42]:42} {r['first_update_s']:6.2f} {r['turn_s']:6.2f} "
            f"{r['why_first_token_s']:8.2f} {r['why_total_s']:6.2f}"
        )
    print(
        f"{'p50':42} {summary['turn_first_update_p50_s']:6.2f} {summary['turn_full_p50_s']:6.2f} "
        f"{summary['why_first_token_p50_s']:8.2f} {summary['why_full_p50_s']:6.2f}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
