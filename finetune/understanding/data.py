"""Request-understanding examples: the training set and the separately phrased held-out set."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from agent.locale import LANGUAGES
from agent.request import Request, request_json, understanding_messages

from . import heldout, phrases
from .render import Phrasebook, render, render_chat, sample_request, split_entries, split_titles

HELDOUT_BOOK = Phrasebook(split_entries(heldout.GENRES), heldout.KEYWORDS, heldout.FRAMES)
TRAIN_BOOK = Phrasebook(phrases.GENRES, phrases.KEYWORDS, phrases.FRAMES).without(HELDOUT_BOOK)
CHAT_SHARE = 0.04


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
        request = sample_request(rng, genres, keywords, pool, language)
        out.append(UnderstandingExample(render(request, book, rng), request))
    return out
