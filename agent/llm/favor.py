"""Soft preferences in decoding: where a string of a JSON array starts, the tokens that begin one of a row's
favoured strings get a logit bonus. The model still decides; the bonus only outweighs a weak reading.

The glossary line tells a small model what a foreign word means, but the model often reads the word's surface
instead: adapter v28 read "スプラッター映画 = splatter movie (Horror)" as Animation. So the genres the line tags,
and those a katakana loan's gloss spells ("スリラー = thriller"), are favoured where a category is chosen
(``[llm] tag_bias``, ``agent.genre_tags.favored_genres``). The same bonus for the senses of the
line where a non-English keyword starts ("chats = cat", which v28 writes as "chicken") was measured and changed
nothing (docs/ADAPTERS.md), so keywords are left alone.

``PreferKeywords`` is the same kind of bonus for a key: where the model would close the request with its
"language" key before writing any keyword, the "keywords" key gets ``[llm] keyword_bias``. Adapter v28 drops
the keyword of a Japanese sentence frame it was not trained with ("猫を描いた作品", a film depicting cats):
teacher-forced on the --seed 7 held-out set, 16 of 39 Japanese keywords lost to "language", 9 of them by less
than 2 (docs/ADAPTERS.md).

Cost: per step, a dictionary lookup for each prefix of each favoured string (``spans._by_piece``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import torch

from .spans import _by_piece


class FavorStarts:
    """A transformers LogitsProcessor: inside the arrays of ``keys`` (a regex alternation, "include|exclude"),
    where a string starts, ``bias`` is added to each token that begins one of ``favored[i]`` not yet written in
    the answer. Build one per generate call (it keeps the prompt length)."""

    def __init__(
        self,
        tokenizer: Any,
        keys: str,
        favored: Sequence[Sequence[str]],
        bias: float,
        prompt_length: int,
    ) -> None:
        self.tokenizer = tokenizer
        self.favored = list(favored)
        self.bias = bias
        self.prompt_length = prompt_length
        self.by_piece = _by_piece(tokenizer)
        self._array = re.compile(rf'"(?:{keys})"\s*:\s*\[([^\]]*)$')

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row in range(input_ids.shape[0]):
            if not self.favored[row]:
                continue
            text = self.tokenizer.decode(input_ids[row, self.prompt_length :], skip_special_tokens=True)
            ids = self.starts_after(text, self.favored[row])
            if ids:
                scores[row, ids] += self.bias
        return scores

    def starts_after(self, text: str, favored: Sequence[str]) -> list[int]:
        """Token ids that would begin a favoured string right after ``text`` (the answer so far)."""
        match = self._array.search(text)
        if match is None:
            return []
        tail = match.group(1)
        if tail.count('"') % 2 == 0:  # between strings: only a token that opens one, '"' + a start
            lead = '"'
        elif tail.endswith('"'):  # a string just opened
            lead = ""
        else:  # mid-string: its first token was already chosen
            return []
        unwritten = [f for f in favored if f and f'"{f}"' not in text]
        pieces = {lead + f[:n] for f in unwritten for n in range(1, len(f) + 1)}
        return sorted({t for p in pieces for t in self.by_piece.get(p, ())})


def key_tokens(tokenizer: Any) -> tuple[int, int]:
    """The tokens that start the "keywords" key and the "language" key where the two answers part."""
    with_keywords = tokenizer('{"keywords":["x"],"language":"en"}', add_special_tokens=False).input_ids
    without = tokenizer('{"language":"en"}', add_special_tokens=False).input_ids
    part = next(i for i, (a, b) in enumerate(zip(with_keywords, without, strict=False)) if a != b)
    return with_keywords[part], without[part]


class PreferKeywords:
    """A transformers LogitsProcessor: where row ``i``'s best next token starts the "language" key and no
    "keywords" key is written yet, ``bias[i]`` is added to the token that starts "keywords". Other keys are
    never outweighed: the answer's keys come in a fixed order, and only "language" follows "keywords". It
    runs after ``MeanOfReadings``, so the rows of a reading group see the same best token."""

    def __init__(self, tokenizer: Any, bias: Sequence[float], prompt_length: int) -> None:
        self.tokenizer = tokenizer
        self.bias = list(bias)
        self.prompt_length = prompt_length
        self.keywords, self.language = key_tokens(tokenizer)

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        best = scores.argmax(-1).tolist()
        for row in range(input_ids.shape[0]):
            if not self.bias[row] or best[row] != self.language:
                continue
            text = self.tokenizer.decode(input_ids[row, self.prompt_length :], skip_special_tokens=True)
            if self.at_key(text) and '"keywords"' not in text:
                scores[row, self.keywords] += self.bias[row]
        return scores

    @staticmethod
    def at_key(text: str) -> bool:
        """Is ``text`` (the answer so far) where a key of the request object starts: a quote opened after
        "{" or after a value's comma, outside any array?"""
        head = text.rstrip()
        if not head.endswith('"'):
            head += '"'  # a tokenizer that writes the quote with the key
        before = head[:-1].rstrip()
        return before.endswith(("{", ",")) and head.count("[") == head.count("]")
