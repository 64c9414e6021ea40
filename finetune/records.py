"""The fine-tuning mixture and the held-out sets, built from a catalog.

Training records mix the tasks; held-out records come from separately written phrasings (understanding) and
the other side of the title split (explanation). Records are chat-format dicts: ``messages`` (the prompt) and
``answer`` (the target), plus ``task`` and ``language``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from agent.config import FinetuneConfig
from agent.glossary import Glossary
from agent.locale import LANGUAGES
from agent.request import Request
from retrieval.catalog import Item

from . import explanation, understanding
from .understanding.data import TRAIN_BOOK, UnderstandingExample
from .understanding.render import clean_title


def vocabulary_of(items: Sequence[Item]) -> list[str]:
    return sorted({c for item in items for c in item.categories if c != "(no genres listed)"})


def training_records(
    items: Sequence[Item], config: FinetuneConfig, interactions: Any = None, glossary: Glossary | None = None
) -> list[dict]:
    """The three tasks' records; ranking lists need ``config.ranking_lists`` and ``interactions`` (the
    ``prepare``d data set those lists were written from). With a glossary, understanding prompts carry its
    hints, as the agent's do."""
    for name in ("genre_tag_share", "genre_word_share", "keyword_word_share"):
        if not 0 <= getattr(config, name) <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {getattr(config, name)}")
    vocabulary = vocabulary_of(items)
    titles = [clean_title(i.title) for i in items]
    rng = random.Random(config.seed + 1)  # its own stream: the examples stay the same at any tag share
    examples = understanding.build(
        config.understanding_examples,
        config.seed,
        titles,
        glossary=glossary,
        keyword_min_zipf=config.keyword_min_zipf,
        keyword_zipf_languages=config.keyword_zipf_languages,
        keyword_word_share=config.keyword_word_share,
        genre_word_share=config.genre_word_share,
        tagged_genre_words=config.tagged_genre_words,
    )
    records = []
    for example in examples:
        hints = _hint_glossary(glossary, config, rng)  # drawn for every record: the stream stays the same
        records.append(example.to_record(vocabulary, glossary if example.needs_tags else hints))
    records += explanation.build(items, vocabulary, config.explanation_examples, config.seed)
    if config.ranking_examples:
        if interactions is None or not config.ranking_lists:
            raise ValueError(
                "ranking examples need candidate lists and their interactions: pass --ranking-lists FILE "
                "(from `llmrec eval ranking --dump-training-lists FILE`) and --dataset KIND:PATH"
            )
        from .ranking import ranking_records

        records += ranking_records(
            interactions, Path(config.ranking_lists), config.ranking_examples, config.seed
        )
    if not records:
        raise ValueError("no training records: every task has 0 examples")
    return records


def _hint_glossary(glossary: Glossary | None, config: FinetuneConfig, rng: random.Random) -> Glossary | None:
    """The glossary for one training record: tagged for ``genre_tag_share`` of them, untagged otherwise."""
    if glossary is None or glossary.tagger is None or rng.random() < config.genre_tag_share:
        return glossary
    return replace(glossary, tagger=None)


def heldout_understanding(
    items: Sequence[Item], n: int = 600, seed: int = 12345, glossary: Glossary | None = None
) -> list[dict]:
    vocabulary = vocabulary_of(items)
    titles = [clean_title(i.title) for i in items]
    return [e.to_record(vocabulary, glossary) for e in understanding.build(n, seed, titles, heldout_set=True)]


def basic_understanding(items: Sequence[Item], glossary: Glossary | None = None) -> list[dict]:
    """Each catalog genre's first training noun phrase, alone, in each language ("un thriller" -> Thriller).
    A regression check for an adapter, not a score: these are training phrases. A held-out score can rise
    while a bare genre word breaks (an adapter once read "un thriller" as Mystery), and a conversation often
    starts with just that."""
    vocabulary = vocabulary_of(items)
    return [
        UnderstandingExample(
            TRAIN_BOOK.noun_phrases(genre, lang)[0], Request(include=(genre,), language=lang)
        ).to_record(vocabulary, glossary)
        for lang in LANGUAGES
        for genre in sorted(TRAIN_BOOK.genres)
        if genre in vocabulary
    ]


def heldout_explanation(items: Sequence[Item], n: int = 300, seed: int = 54321) -> list[dict]:
    return explanation.build(items, vocabulary_of(items), n, seed, heldout_set=True)


def write_jsonl(records: Sequence[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
