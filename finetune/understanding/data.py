"""Request-understanding examples: the training set and the separately phrased held-out set."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from agent.locale import LANGUAGES
from agent.request import Request, request_json, understanding_messages
from agent.scenarios import MESSAGES as SCENARIO_MESSAGES

from . import heldout, phrases
from .render import (
    YEAR_WEIGHTS,
    Phrasebook,
    elide_french,
    render,
    render_chat,
    render_followup,
    sample_request,
    split_entries,
    split_titles,
)

HELDOUT_BOOK = Phrasebook(split_entries(heldout.GENRES), heldout.KEYWORDS, heldout.FRAMES)
TRAIN_BOOK = (
    Phrasebook(
        phrases.GENRES,
        phrases.KEYWORDS,
        phrases.FRAMES,
        phrases.COMPOUNDS,
        phrases.FOLLOWUPS,
        phrases.NEGATED,
    )
    .without(HELDOUT_BOOK)
    .without_phrasings_in(
        {lang: [m for ms in by.values() for m in ms] for lang, by in SCENARIO_MESSAGES.items()}
    )
)
CHAT_SHARE = 0.04
COMPOUND_SHARE = 0.12  # training requests whose two genres are said as one compound ("a crime thriller")
FOLLOWUP_SHARE = 0.08  # short mid-conversation messages: one genre to drop ("no {topic} either") or to add
# Training sees single-year bounds more often than the held-out mix: their direction is the hardest part.
TRAIN_YEAR_WEIGHTS = YEAR_WEIGHTS | {"none": 36, "decade": 21, "after": 13, "before": 14, "exact": 9}


@dataclass(frozen=True)
class UnderstandingExample:
    message: str
    request: Request

    @property
    def language(self) -> str:
        return self.request.language or "en"

    def to_record(self, vocabulary: Sequence[str]) -> dict:
        """The chat-format training record: prompt messages plus the answer the model should write."""
        return {
            "task": "understanding",
            "language": self.language,
            "messages": understanding_messages(self.message, vocabulary),
            "answer": request_json(self.request),
        }


def build(n: int, seed: int, titles: Sequence[str], heldout_set: bool = False) -> list[UnderstandingExample]:
    """``n`` examples spread evenly over the six languages (training or held-out phrasing)."""
    book = HELDOUT_BOOK if heldout_set else TRAIN_BOOK
    rng = random.Random(seed)
    pool = split_titles(list(titles), heldout=heldout_set)
    genres = sorted(book.genres)
    keywords = sorted(book.keywords)
    out = []
    for i in range(n):
        language = LANGUAGES[i % len(LANGUAGES)]
        if not heldout_set and rng.random() < CHAT_SHARE:
            out.append(UnderstandingExample(render_chat(language, book, rng), Request(language=language)))
            continue
        if heldout_set:
            request = sample_request(rng, genres, keywords, pool, language)
            out.append(UnderstandingExample(render(request, book, rng), request))
            continue
        if rng.random() < FOLLOWUP_SHARE:
            genre = rng.choice(genres)
            request = Request(language=language, **{rng.choice(["include", "exclude", "exclude"]): (genre,)})
            out.append(_polished(render_followup(request, book, rng), request))
            continue
        request = sample_request(rng, genres, keywords, pool, language, TRAIN_YEAR_WEIGHTS)
        what = None
        if book.compounds.get(language) and rng.random() < COMPOUND_SHARE:
            what, pair = rng.choice(book.compounds[language])
            request = replace(
                request, include=pair, exclude=tuple(g for g in request.exclude if g not in pair)
            )
        out.append(_polished(render(request, book, rng, what), request))
    return out


def _polished(message: str, request: Request) -> UnderstandingExample:
    """A training example, with the French elision that slot filling misses (the held-out set is left as
    written, so its scores stay comparable across versions)."""
    return UnderstandingExample(elide_french(message) if request.language == "fr" else message, request)
