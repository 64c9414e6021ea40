"""The model card written beside an adapter (README.md with the Hugging Face front matter peft uses)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agent.genre_tags import PHRASES_FILE
from agent.llm.packaged import HUB_IDS, PACKAGED


def _per_process(processes: int) -> str:
    return f" per process x {processes} processes (DDP)" if processes > 1 else ""


def write_card(
    out_dir: Path, summary: dict[str, Any], command: str, metrics: dict[str, Any] | None = None
) -> Path:
    base = summary.get("base_model", "?")
    if summary.get("quantized"):
        weights = "4-bit NF4 (QLoRA)"
    else:
        weights = "full-precision (bf16 autocast)" if summary.get("bf16_autocast") else "full-precision"
    license_ = PACKAGED.get(base, ("", "", "see the base model"))[2]
    cfg = summary.get("config", {})
    lines = [
        "---",
        f"base_model: {HUB_IDS.get(base, base)}",
        "library_name: peft",
        "pipeline_tag: text-generation",
        f"tags: [lora, {'qlora, ' if summary.get('quantized') else ''}recommendation, llmrec]",
        "---",
        "",
        f"# llmrec LoRA adapter for {base}",
        "",
        *_tasks(cfg),
        "",
        "## Training",
        "",
        f"- Base model: `{base}` ({weights} base weights "
        f"during training, on {summary.get('device', '?').upper()}); license of the base: {license_}.",
        f"- Data: {cfg.get('understanding_examples')} request-understanding and {cfg.get('explanation_examples')} "
        f"explanation examples generated from the catalog `{summary.get('catalog') or 'movielens:ml-latest-small'}`"
        " by `finetune/` "
        "(training phrasebook; the held-out evaluation uses a separately written one)"
        + (
            f", and {cfg['ranking_examples']} ranking lists of the retriever's own candidates "
            f"(`{cfg.get('ranking_lists')}`, from `llmrec eval ranking --dump-training-lists`)."
            if cfg.get("ranking_examples")
            else "."
        ),
        f"- LoRA: r={cfg.get('lora_r')}, alpha={cfg.get('lora_alpha')}, dropout={cfg.get('lora_dropout')}, "
        f"modules {', '.join(cfg.get('target_modules', []))}; {summary.get('trainable_parameters') or 0:,} trainable "
        "parameters.",
        f"- Optimizer: AdamW, lr {cfg.get('learning_rate')}, cosine schedule, {cfg.get('warmup_steps')} warm-up "
        f"steps, batch {cfg.get('batch_size')}{_per_process(summary.get('processes', 1))}, "
        f"{summary.get('steps')} steps, seed {cfg.get('seed')}; loss on answer tokens only.",
        *_glossary(
            summary.get("glossary"),
            (Path(out_dir) / PHRASES_FILE).exists(),
            cfg.get("genre_tag_share", 1.0),
            cfg.get("keyword_min_zipf", 0.0),
            cfg.get("keyword_zipf_languages") or [],
            cfg.get("genre_word_share", 0.25),
            bool(cfg.get("tagged_genre_words")),
            cfg.get("keyword_word_share", 0.5),
        ),
        *(_lineage(summary["init_adapter"]) if summary.get("init_adapter") else []),
        f"- Final training loss {summary.get('final_loss') or float('nan'):.4f}; "
        f"{summary.get('train_seconds')} s of training.",
        *_shrunk(summary.get("rank_reduction")),
        *_averaged(summary.get("average")),
        '- Served on a 4-bit NF4 base by default (`[llm] quantize = "4bit"`).',
        f"- Adapter size: {summary.get('adapter_bytes', 0) / 1e6:.1f} MB. Loss curve: `loss_curve.png`.",
        "",
        "Reproduce with:",
        "",
        f"    {command}",
        "",
    ]
    if metrics:
        lines += ["## Held-out evaluation", "", "```json", json.dumps(metrics, indent=2), "```", ""]
    path = out_dir / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _tasks(cfg: dict[str, Any]) -> list[str]:
    """What the adapter was trained to do: the tasks that had examples."""
    tasks = []
    if cfg.get("understanding_examples"):
        tasks.append(
            "turning a recommendation request (en, zh, es, fr, de, ja) into a JSON request over the catalog's categories"
        )
    if cfg.get("explanation_examples"):
        tasks.append(
            "writing a one- or two-sentence explanation, in the requested language, that states only the facts of a fact sheet"
        )
    if cfg.get("ranking_examples"):
        tasks.append(
            "picking, from a user's recent titles, the next item among 20 lettered candidates (LlamaRec-style, English)"
        )
    return ["Trained for these llmrec tasks:", "", *(f"- {t}." for t in tasks)]


def _glossary(
    languages: list[str] | None,
    tagged: bool,
    share: float,
    min_zipf: float,
    zipf_languages: list[str],
    word_share: float,
    tag_words: bool,
    keyword_share: float = 0.5,
) -> list[str]:
    if not languages:
        return ["- No glossary: the understanding prompts carry no dictionary hints."]
    lines = [
        f"- Glossary: understanding prompts in {', '.join(languages)} end with dictionary hints for their words "
        "(CC-CEDICT for zh, Apertium then FreeDict for es and fr, FreeDict for de and ja; `agent/glossary.py`), "
        "and some training keywords and genres are said with dictionary words the model can only read through "
        "them"
        + (
            f" (keywords{' in ' + ', '.join(zipf_languages) if zipf_languages else ''} drawn from words of"
            f" Zipf frequency {min_zipf:g} or more in wordfreq's lists)"
            if min_zipf
            else ""
        )
        + f"; a keyword of {keyword_share:.0%} and a genre of {word_share:.0%} of the non-English requests are"
        " said with such a word"
        + (
            ", which may be one only its genre tag ties to the genre (that prompt always shows the tags)"
            if tagged and tag_words
            else ""
        )
        + ". The agent gives the same hints for these languages, as this adapter's training.json records."
    ]
    if tagged:
        lines.append(
            "- Genre tags: a hint whose English is close to one genre's English training phrases carries that "
            f'genre ("splatter movie (Horror)"; `agent/genre_tags.py`); `{PHRASES_FILE}` holds the phrases, '
            "the embedding model and the thresholds, and the agent tags as training did."
            + (
                f" Training tagged the hints of {share:.0%} of the records, so that the model also reads an "
                "untagged gloss."
                if share < 1
                else ""
            )
        )
    return lines


def _shrunk(report: dict[str, Any] | None) -> list[str]:
    if not report:
        return []
    return [
        f"- Rank lowered after training from r={report['rank_before']} to r={report['rank_after']} "
        "(`llmrec shrink`: the truncated SVD of each module's update, at the same scale); share of each "
        f"update kept: mean {report['energy_kept_mean']:.3f}, worst module {report['energy_kept_min']:.3f}."
    ]


def _averaged(record: dict[str, Any] | None) -> list[str]:
    if not record:
        return []
    cut = (
        f", cut from rank {record['rank_before']} to {record['rank']} by truncated SVD (share of each update "
        f"kept: mean {record['energy_kept_mean']:.4f}, worst module {record['energy_kept_min']:.4f})"
        if record["rank"] < record["rank_before"]
        else ""
    )
    return [
        f"- Averaged after training (`llmrec average`): the weighted mean of {record['members']} adapters' "
        f"updates ({_members(record)}){cut}. The lines above describe the first adapter listed here."
    ]


def _members(record: dict[str, Any]) -> str:
    """One clause per averaged adapter; a member that is itself a mean lists its own members in brackets."""
    return "; ".join(
        f"weight {w:g}: "
        + (
            f"itself the mean of {m['average']['members']} adapters [{_members(m['average'])}]"
            if m.get("average")
            else f"{m.get('steps', '?')} steps, seed {m.get('config', {}).get('seed', '?')}, final loss "
            f"{m.get('final_loss') or float('nan'):.4f}"
        )
        + (f", data and code at {m['source']}" if m.get("source") else "")
        for w, m in zip(record["weights"], record["adapters"], strict=True)
    )


def _lineage(origin: dict[str, Any], depth: int = 0) -> list[str]:
    """The card lines for continued training: what the starting adapter was trained with, and what it
    started from in turn (``source``, when recorded, says where that adapter's code and data are)."""
    cfg = origin.get("config", {})
    lead = (
        "- Continued training: the LoRA weights started from"
        if depth == 0
        else "  " * depth + "- which started from"
    )
    source = f" (data and code at {origin['source']})" if origin.get("source") else ""
    if origin.get("average"):  # its own fields are its first member's: name all members instead
        record = origin["average"]
        return [
            f"{lead} an earlier adapter{source}, the mean of {record['members']} adapters [{_members(record)}]."
        ]
    line = (
        f"{lead} an earlier adapter{source}, itself trained for {origin.get('steps', '?')} steps "
        f"(lr {cfg.get('learning_rate', '?')}, seed {cfg.get('seed', '?')}, {cfg.get('understanding_examples', '?')} "
        f"+ {cfg.get('explanation_examples', '?')} examples, final loss {origin.get('final_loss') or float('nan'):.4f}, "
        f"{origin.get('train_seconds', '?')} s)"
    )
    if origin.get("init_adapter"):
        return [line + ",", *_lineage(origin["init_adapter"], depth + 1)]
    return [line + " from fresh weights."]
