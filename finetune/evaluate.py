"""Judging a model (base or base + adapter) on the held-out sets.

- understanding: generate the JSON for each held-out message, validate it against the catalog vocabulary
  (``agent.request.parse_request``, as the agent does), and score fields per language;
- explanation: generate for each held-out fact sheet and run the agent's check (groundedness, language).

Generation is greedy and batched; ``progress`` shows a bar over batches.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from agent.explain import check_explanation, off_sheet_names
from agent.genre_tags import favored_genres
from agent.glossary import Glossary, read_hints
from agent.llm import LoadedLLM, generate_batch
from agent.locale import LANGUAGES, detect_language
from agent.request import parse_request
from agent.understand import grounded_senses, keyword_bias, keyword_terms, reading_messages

from .explanation import sheet_from_json
from .understanding.score import field_scores, request_counts


def _generate(
    llm: LoadedLLM,
    records: Sequence[dict],
    max_new_tokens: int,
    batch_size: int,
    progress: bool,
    categories: Sequence[str] | None = None,
    avoid: Sequence[Sequence[str]] | None = None,
    copy_keywords: Sequence[Sequence[str] | None] | None = None,
    copy_titles: Sequence[str | None] | None = None,
    favored_genres: Sequence[Sequence[str]] | None = None,
    readings: Sequence[list[dict[str, str]] | None] | None = None,
    keyword_biases: Sequence[float] | None = None,
) -> tuple[list[str], float]:
    from tqdm import tqdm

    outputs: list[str] = []
    start = time.perf_counter()
    batches = range(0, len(records), batch_size)
    for i in tqdm(batches, desc="generating", unit="batch", disable=not progress):
        chats = [r["messages"] for r in records[i : i + batch_size]]
        rows = None if avoid is None else avoid[i : i + batch_size]
        sources = None if copy_keywords is None else copy_keywords[i : i + batch_size]
        titled = None if copy_titles is None else copy_titles[i : i + batch_size]
        genres = None if favored_genres is None else favored_genres[i : i + batch_size]
        second = None if readings is None else readings[i : i + batch_size]
        biases = None if keyword_biases is None else keyword_biases[i : i + batch_size]
        outputs += generate_batch(
            llm,
            chats,
            max_new_tokens,
            categories=categories,
            avoid=rows,
            copy_keywords=sources,
            copy_titles=titled,
            favored_genres=genres,
            readings=second,
            keyword_bias=biases,
        )
    return outputs, time.perf_counter() - start


def _by_language(records: Sequence[dict], score: Callable[[list[int]], dict]) -> dict[str, dict]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[r["language"]].append(i)
    return {lang: score(groups[lang]) for lang in LANGUAGES if lang in groups}


def evaluate_understanding(
    llm: LoadedLLM,
    records: Sequence[dict],
    vocabulary: Sequence[str],
    batch_size: int = 16,
    progress: bool = True,
    constrain: bool = True,
    glossary: Glossary | None = None,
    titles: Iterable[str] = (),
) -> dict[str, Any]:
    """``constrain``: decode as the agent does: category lists from the vocabulary (the genres the glossary
    line tags or a katakana loan spells favoured), titles copied from the message, an English message's keywords copied from it, and in
    the languages of ``llm.grounded_keywords`` keywords taken from ``glossary``'s senses of the message's words
    (the language told by the rules, as in a new conversation). ``titles``: the catalog's titles as a person
    writes them (``clean_title``), looked up as the agent looks up a title a Chinese or Japanese message writes
    in Latin script (exactly, where the agent asks its store)."""
    known = {t.casefold() for t in titles}
    messages = [r.get("message", r["messages"][-1]["content"]) for r in records]
    languages = [detect_language(m) for m in messages]
    sources = (
        [
            keyword_terms(m, lang, grounded_senses(m, lang, glossary, llm.grounded_keywords))
            for m, lang in zip(messages, languages, strict=True)
        ]
        if constrain
        else None
    )
    hints = [read_hints(r["messages"][-1]["content"]) for r in records]
    tags = [favored_genres(h, vocabulary) for h in hints] if constrain else None
    readings = (
        [
            reading_messages(m, lang, h, vocabulary, llm)
            for m, lang, h in zip(messages, languages, hints, strict=True)
        ]
        if constrain
        else None
    )
    outputs, seconds = _generate(
        llm,
        records,
        96,
        batch_size,
        progress,
        vocabulary if constrain else None,
        copy_keywords=sources,
        copy_titles=messages if constrain else None,
        favored_genres=tags,
        readings=readings,
        keyword_biases=[keyword_bias(lang, llm) for lang in languages] if constrain else None,
    )
    gold = [parse_request(r["answer"], vocabulary).request for r in records]
    is_title = (lambda t: t.casefold() in known) if known else None
    parsed = [parse_request(o, vocabulary, m, is_title) for o, m in zip(outputs, messages, strict=True)]
    valid = [not any(p.startswith("no JSON") for p in x.problems) for x in parsed]
    per_language = _by_language(
        records,
        lambda idx: {
            **field_scores((parsed[i].request, gold[i]) for i in idx),
            "valid_json": round(sum(valid[i] for i in idx) / len(idx), 4),
        },
    )
    overall = field_scores((p.request, g) for p, g in zip(parsed, gold, strict=True))
    counts = [
        [r["language"], *request_counts(p.request, g)] for r, p, g in zip(records, parsed, gold, strict=True)
    ]
    examples = [
        {"language": r["language"], "message": m, "gold": r["answer"], "output": o}
        for r, m, o, p, g in zip(records, messages, outputs, parsed, gold, strict=True)
        if p.request != g
    ]
    return {
        "per_language": per_language,
        "overall": overall,
        "seconds_per_request": round(seconds / max(len(records), 1), 3),
        "errors": examples,
        "request_counts": counts,  # [language, right, spurious, missed] per request, for `llmrec eval compare`
    }


def genre_check(report: dict[str, Any], records: Sequence[dict], vocabulary: Sequence[str]) -> dict[str, Any]:
    """The categories alone of an understanding report (``llmrec eval basics``): per language, how many
    requests got exactly their included and excluded categories, and the misses. The language the model
    names is left aside: the agent takes it from its rules, and "un western" alone is Spanish or French."""
    wrong = {}
    for e in report["errors"]:
        got = parse_request(e["output"], vocabulary, e["message"]).request
        want = parse_request(e["gold"], vocabulary).request
        if (set(got.include), set(got.exclude)) != (set(want.include), set(want.exclude)):
            wrong[e["language"], e["message"]] = {
                "language": e["language"],
                "message": e["message"],
                "include": list(got.include),
                "want": list(want.include),
            }
    per_language = _by_language(
        records,
        lambda idx: {
            "right": sum((records[i]["language"], records[i]["message"]) not in wrong for i in idx),
            "n": len(idx),
        },
    )
    return {"per_language": per_language, "misses": list(wrong.values())}


def evaluate_explanation(
    llm: LoadedLLM,
    records: Sequence[dict],
    vocabulary: Sequence[str],
    batch_size: int = 16,
    progress: bool = True,
    ground: bool = True,
    titles: Iterable[str] = (),
) -> dict[str, Any]:
    """``ground``: keep off-sheet category names out of the text while decoding, as the agent does.
    ``titles``: the catalog's titles, so that one written without quotation marks is checked too."""
    sheets = [sheet_from_json(r["sheet"]) for r in records]
    avoid = [off_sheet_names(s, vocabulary) for s in sheets] if ground else None
    outputs, seconds = _generate(llm, records, 120, batch_size, progress, avoid=avoid)
    known = {t.casefold() for t in titles}
    is_title = (lambda t: t.casefold() in known) if known else None
    checks = [
        check_explanation(o, sheet, r["language"], vocabulary, is_title)
        for r, o, sheet in zip(records, outputs, sheets, strict=True)
    ]

    def score(idx: list[int]) -> dict:
        return {
            "groundedness": round(sum(checks[i].grounded for i in idx) / len(idx), 4),
            "language_match": round(sum(checks[i].language_ok for i in idx) / len(idx), 4),
            "n": len(idx),
        }

    return {
        "per_language": _by_language(records, score),
        "overall": score(list(range(len(records)))),
        "seconds_per_explanation": round(seconds / max(len(records), 1), 3),
        "errors": [
            {"sheet": r["sheet"], "language": r["language"], "output": o, "problems": c.problems}
            for r, o, c in zip(records, outputs, checks, strict=True)
            if not c.ok
        ],
    }
