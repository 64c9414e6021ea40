"""Interest commands: ``llmrec eval ranking`` (the LlamaRec protocol, all systems)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from agent.config import Config

from .common import make_embedder, say, store_client

METRIC_COLUMNS = ("recall@5", "ndcg@5", "recall@10", "ndcg@10", "mrr")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "eval",
        help="evaluate: `llmrec eval ranking ...`",
        description="Evaluations. `ranking`: next-item ranking under the LlamaRec protocol.",
    )
    evals = p.add_subparsers(title="evaluations", metavar="EVAL")
    r = evals.add_parser(
        "ranking",
        parents=[common],
        help="next-item ranking: popularity, content, interest model, transition, full pipeline",
        description="Leave-one-out by time on a 5-core data set; each user's last item is the test target, "
        "the second-last the validation target (used to pick epochs and the blend weight), ranked against "
        "all items the user has not seen. The full pipeline retrieves candidates from Chroma and reranks them.",
    )
    r.add_argument(
        "--dataset",
        required=True,
        metavar="KIND:PATH",
        help="movielens:DIR or amazon:DIR (interactions and catalog), e.g. movielens:../shared/data/ml-latest-small",
    )
    r.add_argument("--epochs", type=int, help="maximum training epochs (default from config)")
    r.add_argument("--seed", type=int, help="random seed (default from config)")
    r.add_argument(
        "--json",
        action="store_true",
        help='print {"dataset", "users", "items", "metrics": {"<system>": {...}}} on stdout',
    )
    r.add_argument(
        "--dump-predictions",
        type=Path,
        metavar="FILE",
        help='write one JSON line per test user: {"user_id", "target_item_id", "ranked_item_ids"}',
    )
    r.add_argument(
        "--plot",
        type=Path,
        metavar="PNG",
        help="bar chart of the metrics (default: next to --dump-predictions or under $LLMREC_HOME/reports)",
    )
    r.set_defaults(handler=_cmd_eval_ranking)


def _cmd_eval_ranking(args: argparse.Namespace, config: Config) -> int:
    from retrieval.evaluate import evaluate_ranking
    from retrieval.plots import loss_curve, metric_bars

    interest = config.interest
    if args.epochs:
        interest.epochs = args.epochs
    if args.seed is not None:
        interest.seed = args.seed
    report = evaluate_ranking(
        args.dataset,
        make_embedder(config),
        interest,
        config.eval,
        store_client(config),
        progress=not args.json,
        cache_dir=config.cache_dir / "content",
    )
    reports = config.home / "reports"
    slug = args.dataset.replace(":", "_").replace("/", "_").strip("._")[-60:]
    plot = args.plot or reports / f"ranking-{slug}.png"
    metric_bars(report.metrics, plot, f"{args.dataset}: test ranking ({report.users} users)")
    interest_info = report.details["interest"]
    curve = loss_curve(
        interest_info["losses"],
        interest_info["history"],
        reports / f"loss-{slug}.png",
        "interest model training",
    )
    if args.dump_predictions:
        args.dump_predictions.parent.mkdir(parents=True, exist_ok=True)
        with args.dump_predictions.open("w", encoding="utf-8") as out:
            for row in report.predictions:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(report.to_json()))
        return 0
    print(
        f"\n{args.dataset}: {report.users} users, {report.items} items; test targets ranked against all "
        "unseen items\n"
    )
    print("| system | " + " | ".join(METRIC_COLUMNS) + " |")
    print("|---|" + "---:|" * len(METRIC_COLUMNS))
    for system, metrics in report.metrics.items():
        print(f"| {system} | " + " | ".join(f"{metrics[m]:.4f}" for m in METRIC_COLUMNS) + " |")
    blend = report.details["blend"]
    print(
        f"\nbest epoch {interest_info['best_epoch']}; transition weight {blend['transition_weight']} "
        f"(validation NDCG@10 by weight: {', '.join(f'{w}: {v:.4f}' for w, v in blend['validation_ndcg@10'].items())})"
    )
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))
    say(
        f"chart: {plot}\nloss curve: {curve}"
        + (f"\npredictions: {args.dump_predictions}" if args.dump_predictions else "")
    )
    return 0
