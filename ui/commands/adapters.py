"""Commands that rewrite trained LoRA adapters without training: ``export`` (merge into the base), ``shrink``
(a lower rank) and ``average`` (a weight soup of several)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from agent.config import Config

from .common import positive_int
from .llm import llm_options


def register_export(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="merge a LoRA adapter into its base model and save a plain transformers folder",
        description="Load the base in full precision, merge the adapter (peft merge_and_unload) and save the "
        "model with its tokenizer and chat template, ready for tools that do not use peft.",
    )
    llm_options(p, parts=("model", "adapter"))
    p.add_argument("--out", type=Path, required=True, help="folder to write (must not exist)")
    p.set_defaults(handler=_cmd_export)


def _cmd_export(args: argparse.Namespace, config: Config) -> int:
    from finetune.export import export_merged

    if args.out.exists():
        raise FileExistsError(f"{args.out} already exists; pass a new folder to --out")
    out = export_merged(config.llm, config.models_dir, args.out)
    print(f"merged model saved to {out}")
    return 0


def register_shrink(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "shrink",
        parents=[common],
        help="lower a LoRA adapter's rank (a smaller file) without retraining",
        description="Replace each module's LoRA update by its best lower-rank approximation (truncated SVD) "
        "and write the adapter to a new folder; the LoRA scale stays the same. Prints how much of each update "
        "is kept. What that costs on the tasks, the evaluations say: `llmrec eval understanding --adapter OUT`.",
    )
    p.add_argument("--adapter", required=True, help="adapter folder, or 'default' for the shipped one")
    p.add_argument(
        "--rank", type=positive_int, required=True, help="the new LoRA rank (below the current one)"
    )
    p.add_argument("--out", type=Path, required=True, help="folder to write (must not exist)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_cmd_shrink)


def _cmd_shrink(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import replace

    from agent.llm.load import resolve_adapter
    from finetune.shrink import shrink_adapter

    source = resolve_adapter(replace(config.llm, adapter=args.adapter))  # "default" -> the shipped folder
    if not source or not (Path(source) / "adapter_config.json").exists():
        raise FileNotFoundError(
            f"no adapter in {source or args.adapter!r}; pass a folder made by llmrec finetune"
        )
    report = shrink_adapter(Path(source), args.out, args.rank)
    if args.json:
        print(json.dumps(report.__dict__, indent=2))
    else:
        print(
            f"rank {report.rank_before} -> {report.rank_after}: {report.bytes_before / 1e6:.1f} MB -> "
            f"{report.bytes_after / 1e6:.1f} MB; share of each update kept: mean {report.energy_kept_mean:.3f}, "
            f"worst module {report.energy_kept_min:.3f}\nsaved to {args.out}; measure it: "
            f"llmrec eval understanding --adapter {args.out}"
        )
    return 0


def register_average(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "average",
        parents=[common],
        help="average LoRA adapters into one (a weight soup), optionally at a lower rank",
        description="Write the weighted mean of several adapters' LoRA updates as one adapter, without "
        "loading the base model. Adapters that share a start (one continued from the other) often generalize "
        "better averaged than alone; measure it: `llmrec eval understanding --adapter OUT`. The adapters "
        "must adapt the same modules and have been trained with the same glossary and genre tags; the first "
        "one's training record is kept.",
    )
    p.add_argument(
        "--adapter",
        action="append",
        required=True,
        dest="members",  # not `adapter`, which would become the [llm] adapter override
        metavar="DIR",
        help="an adapter folder, or 'default' for the shipped one; give it once per adapter",
    )
    p.add_argument(
        "--weights", type=float, nargs="+", help="one weight per --adapter, summing to 1 (default: equal)"
    )
    p.add_argument(
        "--rank",
        type=positive_int,
        help="cut each module's averaged update to this rank (truncated SVD; default: the sum of the ranks)",
    )
    p.add_argument("--out", type=Path, required=True, help="folder to write (must not exist)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_cmd_average)


def _cmd_average(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import replace

    from agent.llm.load import resolve_adapter
    from finetune.average import average_adapters
    from finetune.card import write_card

    sources = [Path(resolve_adapter(replace(config.llm, adapter=a)) or a) for a in args.members]
    report = average_adapters(sources, args.out, args.weights, args.rank)
    summary = json.loads((args.out / "training.json").read_text())
    write_card(args.out, summary, "llmrec " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    if args.json:
        print(json.dumps(report.__dict__, indent=2))
    else:
        cut = (
            f"; share of each update kept: mean {report.energy_kept_mean:.3f}, worst module "
            f"{report.energy_kept_min:.3f}"
            if report.energy_kept_mean < 1
            else ""
        )
        print(
            f"{report.members} adapters averaged (weights {', '.join(f'{w:g}' for w in report.weights)}) at "
            f"rank {report.rank}, {report.bytes_after / 1e6:.1f} MB{cut}\nsaved to {args.out}; measure it: "
            f"llmrec eval understanding --adapter {args.out}"
        )
    return 0
