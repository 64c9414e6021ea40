"""LLM commands: ``finetune`` (QLoRA adapters) and the LLM evaluations (``understanding``, ``explanation``,
``basics``, ``compare``, ``llm-ranking``). Commands that rewrite a trained adapter are in ``adapters.py``."""

from __future__ import annotations

import argparse
import contextlib
import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.config import Config
from agent.glossary import DICTIONARY_LANGUAGES
from agent.locale import LANGUAGES

from .common import non_negative_int, positive_int, say

if TYPE_CHECKING:
    from agent.genre_tags import GenreTagger


LLM_PARTS = ("model", "adapter", "quantize", "device", "decoding")


def llm_options(p: argparse.ArgumentParser, parts: tuple[str, ...] = LLM_PARTS) -> None:
    """The [llm] flags a command uses: ``parts`` leaves out those it would ignore (training picks its own
    base precision with --train-quantize; export merges in full precision on the CPU)."""
    g = p.add_argument_group("language model")
    g.add_argument(
        "--model", help="base model: gemma-3-270m (default), smollm2-135m, a hub id, a folder or a .gguf file"
    )
    if "adapter" in parts:
        g.add_argument("--adapter", help="LoRA adapter folder, 'default' (shipped) or 'none'")
    if "quantize" in parts:
        g.add_argument("--quantize", choices=["4bit", "none"], help="4-bit NF4 (default) or full precision")
    if "device" in parts:
        g.add_argument("--device", choices=["auto", "cpu", "cuda"], help="where to run (default auto)")
    if "decoding" in parts:
        _decoding_options(g)


def _decoding_options(g: argparse._ArgumentGroup) -> None:
    g.add_argument(
        "--tag-bias",
        type=float,
        help="logit bonus for the genres the glossary hints tag or a katakana loan spells (default 2.0; 0 = off)",
    )
    g.add_argument(
        "--english-reading",
        type=float,
        metavar="WEIGHT",
        help="weight (0 = off, below 1) of a second reading of the message with its genre-tagged words in "
        "English, averaged with the original while decoding (default 0.5)",
    )
    g.add_argument(
        "--english-reading-languages",
        nargs="+",
        choices=(*DICTIONARY_LANGUAGES, "none"),
        metavar="LANG",
        help="languages whose messages get the English reading (default: de es fr ja; 'none': no language)",
    )
    g.add_argument(
        "--keyword-bias",
        type=float,
        help="logit bonus for writing a keywords key where the model would end the request without one, "
        "in --keyword-bias-languages (default 2.0; 0 = off)",
    )
    g.add_argument(
        "--keyword-bias-languages",
        nargs="+",
        choices=(*LANGUAGES, "none"),
        metavar="LANG",
        help="languages that get --keyword-bias (default: ja; 'none': no language)",
    )
    g.add_argument(
        "--grounded-keywords",
        nargs="+",
        choices=(*DICTIONARY_LANGUAGES, "none"),
        metavar="LANG",
        help="languages whose keywords must be a dictionary gloss of one of the message's words, a name, or "
        "an English word of the message (default: de es fr ja; 'none': all free)",
    )


def llm_overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "llm.model": getattr(args, "model", None),
        "llm.adapter": getattr(args, "adapter", None),
        "llm.quantize": getattr(args, "quantize", None),
        "llm.device": getattr(args, "device", None),
        "llm.tag_bias": getattr(args, "tag_bias", None),
        "llm.english_reading": getattr(args, "english_reading", None),
        "llm.english_reading_languages": _languages(getattr(args, "english_reading_languages", None)),
        "llm.grounded_keywords": _languages(getattr(args, "grounded_keywords", None)),
        "llm.keyword_bias": getattr(args, "keyword_bias", None),
        "llm.keyword_bias_languages": _languages(getattr(args, "keyword_bias_languages", None)),
    }


def _languages(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(v for v in values if v != "none")


def _source(args: argparse.Namespace, config: Config) -> str:
    from retrieval.datasets import find_movielens_small

    return args.catalog or f"movielens:{find_movielens_small(config.data_dir)}"


def _catalog_name(source: str) -> str:
    """ "movielens:/data/ml-latest-small" -> "movielens:ml-latest-small": the kind and the folder or file
    name, without this machine's directories."""
    kind, _, path = source.partition(":")
    return f"{kind}:{Path(path).name}" if path else source


def _catalog(args: argparse.Namespace, config: Config) -> list:
    from retrieval import load_catalog

    return load_catalog(_source(args, config)).items


def register_finetune(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "finetune",
        parents=[common],
        help="train LoRA adapters (QLoRA on GPU) for request understanding and explanations",
        description="Generate multilingual training data from the catalog (request -> JSON, fact sheet -> "
        "explanation; with --ranking-examples also LlamaRec-style ranking lists), train LoRA adapters with the loss on answer tokens only, and save the adapter with a "
        "loss curve and a model card. Resumes from checkpoints in OUT. Runs unchanged under "
        "`accelerate launch -m ui finetune ...` on several GPUs.",
    )
    llm_options(p, parts=("model", "device"))
    p.add_argument(
        "--catalog", metavar="KIND:PATH", help="catalog for the data (default: the MovieLens demo)"
    )
    p.add_argument("--out", type=Path, help="adapter folder (default $LLMREC_HOME/adapters/NAME)")
    p.add_argument("--name", default="llmrec", help="adapter name under $LLMREC_HOME/adapters")
    p.add_argument("--steps", type=positive_int, help="optimizer steps (default from config)")
    p.add_argument("--batch-size", dest="ft_batch_size", type=positive_int, help="examples per step")
    p.add_argument("--learning-rate", type=float, help="peak learning rate")
    p.add_argument(
        "--understanding-examples", type=non_negative_int, help="request-understanding examples (0: none)"
    )
    p.add_argument("--explanation-examples", type=non_negative_int, help="explanation examples (0: none)")
    p.add_argument(
        "--ranking-examples",
        type=non_negative_int,
        help="LlamaRec-style ranking lists, taken from --ranking-lists (default from config; 0: none)",
    )
    p.add_argument(
        "--ranking-lists",
        metavar="FILE",
        help="the retriever's candidate lists, written by `llmrec eval ranking --dump-training-lists FILE`",
    )
    p.add_argument(
        "--dataset",
        metavar="KIND:PATH",
        help="interactions for the ranking lists (default: the catalog source, e.g. the MovieLens demo)",
    )
    p.add_argument(
        "--init-adapter",
        metavar="FOLDER",
        help="continue training this adapter instead of fresh LoRA weights: a folder, or 'default' for the "
        "shipped one (default: none)",
    )
    p.add_argument("--seed", dest="ft_seed", type=int, help="random seed for data and training")
    p.add_argument(
        "--save-dtype",
        choices=["bfloat16", "float32"],
        help="how the adapter's weights are stored (default bfloat16: half the size, upcast on load)",
    )
    p.add_argument(
        "--train-quantize",
        choices=["auto", "4bit", "none"],
        help="base weights while training: auto (default) is 4-bit NF4 on CUDA (QLoRA) and bf16 on the CPU, "
        "where a 4-bit step is about 2x slower",
    )
    p.add_argument(
        "--no-glossary",
        dest="glossary",
        action="store_false",
        default=None,
        help="train without dictionary hints in the understanding prompts (default: with them, for the "
        "languages whose dictionaries are installed; see `make dictionaries`)",
    )
    p.add_argument(
        "--no-genre-tags",
        dest="genre_tags",
        action="store_false",
        default=None,
        help="train without genre tags on the dictionary hints (default: with them; a hint whose English is "
        "close to one genre's training phrases reads 'splatter movie (Horror)')",
    )
    p.add_argument(
        "--genre-tag-share",
        type=float,
        metavar="SHARE",
        help="the share of training records whose hints carry genre tags, 0 to 1 (default 0.5: the model "
        "learns to read a bare hint too; the agent always tags)",
    )
    p.add_argument(
        "--keyword-min-zipf",
        type=float,
        metavar="ZIPF",
        help="draw training keywords only from dictionary words at least this common, on wordfreq's Zipf "
        "scale (3 is once per million words; default 0: any entry)",
    )
    p.add_argument(
        "--keyword-zipf-languages",
        nargs="+",
        choices=DICTIONARY_LANGUAGES,
        metavar="LANG",
        help="apply --keyword-min-zipf in these languages only (zh ja de fr es; default: all of them)",
    )
    p.add_argument(
        "--keyword-word-share",
        type=float,
        metavar="SHARE",
        help="the share of non-English training requests with a keyword that say it with a dictionary word "
        "(the model learns to write the glossary's English), 0 to 1 (default 0.5)",
    )
    p.add_argument(
        "--genre-word-share",
        type=float,
        metavar="SHARE",
        help="the share of non-English training requests with a genre that say it with a dictionary word, 0 "
        "to 1 (default 0.25)",
    )
    p.add_argument(
        "--tagged-genre-words",
        action="store_true",
        default=None,
        help="let those words be ones only the glossary's genre tag ties to a genre ('Graben = ditch / "
        "trench (War)'); their prompts always carry the tags (default: words glossed with a training genre "
        "phrase only)",
    )
    p.add_argument("--json", action="store_true", help="print the training summary as JSON")
    p.set_defaults(handler=_cmd_finetune, extra_overrides=_finetune_overrides)


def _finetune_overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "finetune.steps": args.steps,
        "finetune.batch_size": args.ft_batch_size,
        "finetune.learning_rate": args.learning_rate,
        "finetune.understanding_examples": args.understanding_examples,
        "finetune.explanation_examples": args.explanation_examples,
        "finetune.ranking_examples": args.ranking_examples,
        "finetune.ranking_lists": args.ranking_lists,
        "finetune.seed": args.ft_seed,
        "finetune.init_adapter": args.init_adapter,
        "finetune.quantize": args.train_quantize,
        "finetune.save_dtype": args.save_dtype,
        "finetune.glossary": args.glossary,
        "finetune.genre_tags": args.genre_tags,
        "finetune.genre_tag_share": args.genre_tag_share,
        "finetune.keyword_min_zipf": args.keyword_min_zipf,
        "finetune.keyword_zipf_languages": args.keyword_zipf_languages,
        "finetune.keyword_word_share": args.keyword_word_share,
        "finetune.genre_word_share": args.genre_word_share,
        "finetune.tagged_genre_words": args.tagged_genre_words,
    }


def _genre_tagger(config: Config) -> GenreTagger:
    from agent.genre_tags import GenreTagger
    from finetune.understanding.data import english_genre_phrases
    from retrieval.embed import Embedder

    say(f"genre tags on the hints, matched with {config.embedding.model}")
    embedder = Embedder(config.embedding.model, device=config.embedding.device)
    return GenreTagger(embedder.encode, english_genre_phrases())


def _cmd_finetune(args: argparse.Namespace, config: Config) -> int:
    from agent.glossary import Glossary
    from finetune.card import write_card
    from finetune.records import training_records, write_jsonl
    from finetune.train import finetune, is_main_process

    out = args.out or config.home / "adapters" / args.name
    if config.finetune.ranking_examples and not config.finetune.ranking_lists:  # say so before loading data
        raise ValueError(
            "--ranking-examples needs --ranking-lists FILE: write one with `llmrec eval ranking --dataset "
            "KIND:PATH --dump-training-lists FILE`"
        )
    items = _catalog(args, config)
    interactions = None
    if config.finetune.ranking_examples:
        from retrieval.interest.pipeline import prepare

        interactions = prepare(args.dataset or _source(args, config), config.eval)
    glossary = Glossary(Path(config.llm.dictd_dir)) if config.finetune.glossary else None
    if glossary is not None:
        say(f"glossary hints for: {', '.join(glossary.available()) or 'none (no dictionary installed)'}")
        if config.finetune.genre_tags:
            glossary.tagger = _genre_tagger(config)
    records = training_records(items, config.finetune, interactions, glossary)
    ranking = sum(r["task"] == "ranking" for r in records)
    if ranking < config.finetune.ranking_examples:
        say(
            f"only {ranking} of {config.finetune.ranking_examples} ranking lists hold their next item; using those"
        )
    if is_main_process():  # every process builds the same records; one writes them
        write_jsonl(records, out / "train.jsonl")
        if glossary is not None and glossary.tagger is not None:
            glossary.tagger.save(out, config.embedding.model)  # the agent tags as training did
        say(
            f"{len(records)} training records -> {out / 'train.jsonl'}; training {config.finetune.steps} steps"
        )
    with contextlib.redirect_stdout(sys.stderr):  # Trainer prints its logs; stdout stays for the result
        summary = finetune(
            records,
            config.llm,
            config.finetune,
            out,
            config.models_dir,
            glossary.available() if glossary else (),
            catalog=_catalog_name(_source(args, config)),
        )
    if not summary:  # not the main process under accelerate launch
        return 0
    command = (
        "llmrec " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else "llmrec finetune"
    )
    write_card(out, summary, command)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"adapter saved to {out} ({summary['adapter_bytes'] / 1e6:.1f} MB, {summary['steps']} steps, "
            f"final loss {summary['final_loss']}); loss curve {out / 'loss_curve.png'}\n"
            f"use it: llmrec eval understanding --adapter {out}"
        )
    return 0


def register_eval(evals: Any, common: argparse.ArgumentParser) -> None:
    for name, help_text, about in (
        (
            "understanding",
            'request -> JSON on the held-out set: {"per_language": {lang: {field_f1, ...}}}',
            "The held-out set is built from the catalog with phrasings and titles kept out of training.",
        ),
        (
            "explanation",
            "groundedness and language match of explanations on held-out fact sheets",
            "The held-out set is built from the catalog with phrasings and titles kept out of training.",
        ),
        (
            "basics",
            'regression check: each genre\'s first training phrase alone ("un thriller") -> that genre',
            "These are training phrases, so this is a check before shipping an adapter, not a score: every "
            "genre should be read right in every language; the categories right per language and each miss "
            "are printed (the language the model names is not counted).",
        ),
    ):
        p = evals.add_parser(
            name,
            parents=[common],
            help=help_text,
            description=f"Evaluate the configured model and adapter: {help_text}. {about} Use --adapter none "
            "for the base model alone.",
        )
        llm_options(p)
        p.add_argument("--catalog", metavar="KIND:PATH", help="catalog (default: the MovieLens demo)")
        if name != "basics":
            p.add_argument(
                "-n",
                type=positive_int,
                help="held-out examples (default 600 / 300), spread over six languages",
            )
            p.add_argument(
                "--seed",
                type=int,
                help="draw another held-out set from the same held-out phrasebook (default: the pinned set, "
                "seed 12345 for understanding, 54321 for explanations); scores on two draws show how much of "
                "a difference is the sample",
            )
        p.add_argument("--batch-size", dest="eval_batch_size", type=positive_int, default=16)
        p.add_argument(
            "--dump", type=Path, metavar="FILE", help="write the full report with every error as JSON"
        )
        p.add_argument("--json", action="store_true", help="print the per-language report as JSON")
        if name in ("understanding", "basics"):
            p.add_argument(
                "--no-constrain",
                action="store_true",
                help="decode category lists freely (default: constrained to the catalog's vocabulary)",
            )
        else:
            p.add_argument(
                "--no-ground",
                action="store_true",
                help="decode freely (default: category names not on the fact sheet cannot be written, and "
                "no 6-token sequence repeats, as in the agent)",
            )
        p.set_defaults(handler=_cmd_eval_llm, task=name)

    p = evals.add_parser(
        "compare",
        parents=[common],
        help="is adapter B better than A? a paired bootstrap of two `eval understanding --dump` files",
        description="Compare two held-out understanding evaluations request by request: field F1 of each per "
        "language, B - A with its 95%% bootstrap interval (requests resampled within each language), and the "
        "share of resamples where B is not better. Both dumps must come from the same held-out set (same -n "
        "and catalog): `llmrec eval understanding --adapter A --dump a.json`, then the same for B.",
    )
    p.add_argument("a", type=Path, metavar="A.json", help="the baseline's dump")
    p.add_argument("b", type=Path, metavar="B.json", help="the candidate's dump")
    p.add_argument("--samples", type=positive_int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_cmd_eval_compare)

    p = evals.add_parser(
        "llm-ranking",
        parents=[common],
        help="LlamaRec-style LLM reranking of the recommender's top-20 vs its own order and the interest model's",
        description="For test users of --dataset, the LLM reorders the top-20 candidates of a predictions file "
        "written by `llmrec eval ranking --dump-predictions FILE` (letter logits, one forward pass per list). "
        "Prints NDCG@10 of both orders on the same lists; users whose target is not in the top 20 count 0.",
    )
    llm_options(p)
    p.add_argument(
        "--dataset", required=True, metavar="KIND:PATH", help="the data set the predictions are for"
    )
    p.add_argument(
        "--predictions", required=True, type=Path, metavar="FILE", help="JSONL from --dump-predictions"
    )
    p.add_argument("-n", type=positive_int, default=200, help="test users to sample (default 200)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_cmd_eval_llm_ranking)


def _cmd_eval_compare(args: argparse.Namespace, config: Config) -> int:
    from finetune.understanding.compare import paired_bootstrap

    dumps = [_understanding_dump(path) for path in (args.a, args.b)]
    if [row[0] for row in dumps[0]["request_counts"]] != [row[0] for row in dumps[1]["request_counts"]]:
        raise ValueError(
            f"{args.a} and {args.b} are not evaluations of the same held-out requests; run both with the "
            "same -n and catalog"
        )
    languages = [row[0] for row in dumps[0]["request_counts"]]
    a, b = ([row[1:] for row in d["request_counts"]] for d in dumps)
    report = {
        "a": dumps[0].get("model", str(args.a)),
        "b": dumps[1].get("model", str(args.b)),
        "samples": args.samples,
        "field_f1": paired_bootstrap(a, b, languages, samples=args.samples),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"A: {report['a']}\nB: {report['b']}\nfield F1, {args.samples} paired resamples of the requests")
    print(f"  {'':4}{'A':>8}{'B':>8}{'B - A':>9}   95% interval      P(B not better)")
    for lang, row in report["field_f1"].items():
        low, high = row["ci95"]
        print(
            f"  {lang:4}{row['a']:8.4f}{row['b']:8.4f}{row['diff']:+9.4f}   [{low:+.4f}, {high:+.4f}]"
            f"  {row['p_b_not_better']:.3f}"
        )
    return 0


def _understanding_dump(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} does not exist; write it with `llmrec eval understanding --dump {path}`"
        )
    dump = json.loads(path.read_text(encoding="utf-8"))
    if "request_counts" not in dump:
        raise ValueError(
            f"{path} has no per-request counts (an explanation or basics dump, or one from an older llmrec); "
            f"write it again with `llmrec eval understanding --dump {path}`"
        )
    return dump


def _cmd_eval_llm_ranking(args: argparse.Namespace, config: Config) -> int:
    from agent.llm import load_llm
    from finetune.ranking import evaluate_ranking, ranking_cases
    from retrieval.interest.pipeline import prepare

    cases = ranking_cases(prepare(args.dataset, config.eval), args.predictions, args.n)
    llm = load_llm(config.llm, config.models_dir)
    say(f"ranking {len(cases)} candidate lists with {llm.describe()}")
    report = {"model": llm.describe(), **evaluate_ranking(llm, cases)}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        ndcg = report["ndcg@10"]
        print(
            f"{report['model']}: {report['users']} users, target in top 20 for {report['target_in_top20']:.1%}; "
            f"NDCG@10 of the same lists: pipeline order {ndcg['pipeline']}, interest model alone "
            f"{ndcg.get('interest_model', 'n/a (predictions written before session 32)')}, LLM rerank {ndcg['llm']}"
        )
    return 0


def _cmd_eval_llm(args: argparse.Namespace, config: Config) -> int:
    from agent.glossary import glossary_for
    from agent.llm import load_llm
    from finetune.evaluate import evaluate_explanation, evaluate_understanding, genre_check
    from finetune.records import (
        basic_understanding,
        clean_title,
        heldout_explanation,
        heldout_understanding,
        vocabulary_of,
    )

    items = _catalog(args, config)
    vocabulary = vocabulary_of(items)
    llm = load_llm(config.llm, config.models_dir)
    say(f"evaluating {llm.describe()} on {args.task}")
    if args.task in ("understanding", "basics"):
        glossary = glossary_for(llm, config.llm.dictd_dir)
        if args.task == "basics":
            records = basic_understanding(items, glossary)
        else:
            seed = {} if args.seed is None else {"seed": args.seed}
            records = heldout_understanding(items, n=args.n or 600, glossary=glossary, **seed)
        report = evaluate_understanding(
            llm,
            records,
            vocabulary,
            batch_size=args.eval_batch_size,
            constrain=not args.no_constrain,
            glossary=glossary,
            titles=[clean_title(item.title) for item in items],
        )
        if args.task == "basics":
            report = {**report, "genres": genre_check(report, records, vocabulary)}
    else:
        seed = {} if args.seed is None else {"seed": args.seed}
        records = heldout_explanation(items, n=args.n or 300, **seed)
        report = evaluate_explanation(
            llm,
            records,
            vocabulary,
            batch_size=args.eval_batch_size,
            ground=not args.no_ground,
            titles=[clean_title(item.title) for item in items],
        )
    report = {"model": llm.describe(), **report}
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    public = {k: v for k, v in report.items() if k not in ("errors", "request_counts")}
    if args.json:
        print(json.dumps(public, ensure_ascii=False, indent=2))
        return 0
    print(f"{report['model']}: {args.task}")
    for lang, scores in report["per_language"].items():
        print(f"  {lang}  " + "  ".join(f"{k} {v}" for k, v in scores.items() if not isinstance(v, dict)))
    overall = {k: v for k, v in report["overall"].items() if not isinstance(v, dict)}
    print("  all " + "  ".join(f"{k} {v}" for k, v in overall.items()))
    if args.task == "basics":
        genres = report["genres"]
        print(
            "  categories right: "
            + "  ".join(f"{k} {v['right']}/{v['n']}" for k, v in genres["per_language"].items())
        )
        for miss in genres["misses"]:
            print(f"  missed: {miss['message']} -> {miss['include']} (want {miss['want']})")
    return 0
