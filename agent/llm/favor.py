"""Soft preferences in decoding: where a string of a JSON array starts, the tokens that begin one of a row's
favoured strings get a logit bonus. The model still decides; the bonus only outweighs a weak reading.

The glossary line tells a small model what a foreign word means, but the model often reads the word's surface
instead: adapter v28 read "スプラッター映画 = splatter movie (Horror)" as Animation. So the genres the line tags
are favoured where a category is chosen (``[llm] tag_bias``). The same bonus for the senses of the
line where a non-English keyword starts ("chats = cat", which v28 writes as "chicken") was measured and changed
nothing (docs/ADAPTERS.md), so keywords are left alone.

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
