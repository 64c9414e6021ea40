"""Interest commands: `llmrec train`, `llmrec recommend` and `llmrec eval ranking` (the LlamaRec protocol)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from agent.config import Config

from .common import make_embedder, positive_int, say, store_client

METRIC_COLUMNS = ("recall@5", "ndcg@5", "recall@10", "ndcg@10", "mrr")


def register_eval(evals: Any, common: argparse.ArgumentParser) -> None:
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
    r.add_argument(
        "--catalog", metavar="KIND:PATH", help="item metadata, when --dataset holds interactions only"
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
        "--dump-training-lists",
        type=Path,
        metavar="FILE",
        help="also write the LLM ranker's training lists (`llmrec finetune --ranking-lists FILE`): the "
        "pipeline's top-20 at earlier points of each history, one JSON line each "
        '{"user_id", "target_item_id", "history_item_ids", "ranked_item_ids"}; no test item is read',
    )
    r.add_argument(
        "--lists-per-user",
        type=positive_int,
        default=10,
        metavar="N",
        help="training lists per user, at the last N points of the history (default 10)",
    )
    r.add_argument(
        "--plot",
        type=Path,
        metavar="PNG",
        help="bar chart of the metrics (default: $LLMREC_HOME/reports/ranking-DATASET.png)",
    )
    r.set_defaults(handler=_cmd_eval_ranking)


def _cmd_eval_ranking(args: argparse.Namespace, config: Config) -> int:
    from retrieval.evaluate import evaluate_ranking
    from retrieval.plots import loss_curve, metric_bars

    interest = config.interest  # --epochs / --seed are already in it (see ui.cli._overrides)
    report = evaluate_ranking(
        args.dataset,
        make_embedder(config),
        interest,
        config.eval,
        store_client(config),
        progress=not args.json,
        cache_dir=config.cache_dir / "content",
        catalog_spec=args.catalog,
        lists_per_user=args.lists_per_user if args.dump_training_lists else 0,
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
    for path, rows in (
        (args.dump_predictions, report.predictions),
        (args.dump_training_lists, report.training_lists),
    ):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as out:
                for row in rows:
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
        + (f"\ntraining lists: {args.dump_training_lists}" if args.dump_training_lists else "")
    )
    return 0


def register_train(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "train",
        parents=[common],
        help="learn interest scores from interactions",
        description="Train the interest model (sequence encoder + item vectors), fit the transition scores, "
        "the blend weight (on each user's second-last item) and the category profiles, save them under "
        "$LLMREC_HOME/interest/NAME with a loss-curve PNG, and publish the item vectors to Chroma.",
    )
    p.add_argument(
        "--interactions",
        required=True,
        metavar="KIND:PATH",
        help="movielens:DIR, amazon:DIR or csv:FILE (user_id,item_id,rating,timestamp)",
    )
    p.add_argument(
        "--catalog", metavar="KIND:PATH", help="item metadata, when --interactions holds interactions only"
    )
    p.add_argument(
        "--name", default="default", help="model name under $LLMREC_HOME/interest (default: default)"
    )
    p.add_argument("--epochs", type=int, help="maximum training epochs (default from config)")
    p.add_argument("--seed", type=int, help="random seed (default from config)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the outcome")
    p.set_defaults(handler=_cmd_train)

    p = sub.add_parser(
        "recommend",
        parents=[common],
        help="recommendations and taste profile for a known user",
        description="Rank the catalog for a user of the trained model: Chroma candidates by interest vector, "
        "reranked with the transition scores. Titles come from the ingested catalog when there is one.",
    )
    p.add_argument("--user", required=True, help="user id as in the interactions (e.g. 1)")
    p.add_argument("-k", type=int, default=10, help="number of items (default 10)")
    p.add_argument("--name", default="default", help="trained model name (default: default)")
    p.add_argument("--plot", type=Path, metavar="PNG", help="also draw the user's taste profile to this PNG")
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"user_id", "items": [{"item_id", "title", "score"}], "profile": {...}}',
    )
    p.set_defaults(handler=_cmd_recommend)


def _cmd_train(args: argparse.Namespace, config: Config) -> int:
    from retrieval.interest.pipeline import fit_interest, prepare
    from retrieval.plots import loss_curve

    interest = config.interest  # --epochs / --seed are already in it (see ui.cli._overrides)
    prep = prepare(args.interactions, config.eval, args.catalog)
    say(
        f"{prep.data.n_users} users, {prep.data.n_items} items, {sum(map(len, prep.data.seqs))} interactions "
        f"after {config.eval.min_user}-core filtering"
    )
    # Serving sees whole histories, so the final model and transition statistics use every interaction.
    fitted = fit_interest(
        prep,
        make_embedder(config),
        interest,
        config.cache_dir / "content",
        not args.json,
        final_data=prep.data.seqs,
    )
    out = config.interest_dir(args.name)
    fitted.save(out)
    assert fitted.training is not None
    curve = loss_curve(
        fitted.training.losses,
        fitted.training.history,
        out / "loss_curve.png",
        f"interest model: {args.interactions}",
    )
    fitted.recommender(store_client(config), config.interest_collection(args.name)).publish()
    best = max(fitted.training.history, key=lambda h: h["ndcg@10"]) if fitted.training.history else {}
    summary = {
        "model_dir": str(out),
        "loss_curve": str(curve),
        "users": prep.data.n_users,
        "items": prep.data.n_items,
        "best_epoch": fitted.training.best_epoch,
        "seconds": round(fitted.training.seconds, 1),
        "validation": best,
        "transition_weight": fitted.blend["transition_weight"],
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"trained in {summary['seconds']} s (best epoch {summary['best_epoch']}, validation NDCG@10 "
            f"{best.get('ndcg@10', float('nan')):.4f}); saved to {out}\nloss curve: {curve}"
        )
    return 0


def _cmd_recommend(args: argparse.Namespace, config: Config) -> int:
    from retrieval import CatalogStore, StoreError
    from retrieval.interest.pipeline import FittedInterest

    fitted = FittedInterest.load(config.interest_dir(args.name))
    if args.user not in fitted.user_ids:
        raise ValueError(
            f"user {args.user!r} is not in the trained model's data; known ids look like "
            f"{', '.join(fitted.user_ids[:5])}"
        )
    row = fitted.user_ids.index(args.user)
    client = store_client(config)
    ranked = fitted.recommender(client, config.interest_collection(args.name)).rank(
        [fitted.history_of(args.user)], args.k
    )[0]
    ids = [fitted.item_ids[i] for i, _ in ranked]
    try:
        titles = {it.item_id: it.title for it in CatalogStore.open(client, config.store.collection).get(ids)}
    except StoreError:
        titles = {}
    items = [
        {"item_id": i, "title": titles.get(i, ""), "score": round(s, 4)}
        for i, (_, s) in zip(ids, ranked, strict=True)
    ]
    profile = {k: round(v, 3) for k, v in fitted.profiles.of(row).items()}
    if args.plot:
        from retrieval.plots import taste_profile

        taste_profile(profile, args.plot, f"taste profile of user {args.user}", fitted.profiles.of(None))
        say(f"taste profile chart: {args.plot}")
    if args.json:
        print(json.dumps({"user_id": args.user, "items": items, "profile": profile}, ensure_ascii=False))
        return 0
    for rank, item in enumerate(items, 1):
        print(
            f"{rank:>3}. {item['score']:7.3f}  {item['title'] or '(not in the ingested catalog)'}  (id {item['item_id']})"
        )
    top = list(profile.items())[:5]
    print("\ntaste profile (interest per category, 0-1): " + ", ".join(f"{c} {v:.2f}" for c, v in top))
    return 0
