"""Constrained decoding of keywords that must be copied: inside ``"keywords": [...]`` each string is a run of
whole words of the message (up to ``MAX_WORDS``), as written there.

For an English message the keyword *is* the user's words ("centered on submarines" -> "submarines"). A small
model that has memorised a list of training topics otherwise writes a near neighbour from that list
("submarines" -> "swords", "ghosts" -> "spirits"), which retrieval then searches for. Other languages are left
free: their keywords are English translations, which cannot be copied.

Cost: no scan of the tokenizer's vocabulary per message. Every allowed token is one of a few hundred strings
(a prefix of what may follow), looked up in a table from token text to ids built once per tokenizer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import torch

from .constrain import token_pieces

MAX_WORDS = 4
_KEY = re.compile(r'"keywords"\s*:\s*$')
_ARRAY = re.compile(r'"keywords"\s*:\s*\[([^\]]*)$')
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_CLOSE = ("]", "],", "]}", "] ", '],"')  # how a token may end the array and go on with the JSON
_BY_PIECE: dict[int, dict[str, list[int]]] = {}  # id(tokenizer) -> token text after a quote -> token ids


def spans(message: str, max_words: int = MAX_WORDS) -> list[str]:
    """Every run of 1..``max_words`` consecutive words of ``message``, exactly as written (inner spaces and
    punctuation kept); none holds a double quote, which would end the JSON string."""
    words = list(_WORD.finditer(message))
    out = {
        message[words[i].start() : words[j].end()]
        for i in range(len(words))
        for j in range(i, min(i + max_words, len(words)))
    }
    return sorted(s for s in out if '"' not in s)


def _by_piece(tokenizer: Any) -> dict[str, list[int]]:
    key = id(tokenizer)
    if key not in _BY_PIECE:
        special = set(tokenizer.all_special_ids)
        table: dict[str, list[int]] = defaultdict(list)
        for token_id, piece in enumerate(token_pieces(tokenizer)):
            if piece and token_id not in special:
                table[piece].append(token_id)
        _BY_PIECE[key] = dict(table)
    return _BY_PIECE[key]


class KeywordSpans:
    """A transformers LogitsProcessor: row ``i``'s keywords are spans of ``messages[i]``; rows whose message
    is None decode freely. Build one per generate call (it keeps the prompt length)."""

    def __init__(self, tokenizer: Any, messages: Sequence[str | None], prompt_length: int) -> None:
        self.tokenizer = tokenizer
        self.terms = [None if m is None else spans(m) for m in messages]
        self.prompt_length = prompt_length
        self.by_piece = _by_piece(tokenizer)

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row in range(input_ids.shape[0]):
            if self.terms[row] is None:
                continue
            text = self.tokenizer.decode(input_ids[row, self.prompt_length :], skip_special_tokens=True)
            allowed = self.allowed_after(text, self.terms[row])
            if allowed:
                mask = torch.full_like(scores[row], float("-inf"))
                mask[allowed] = 0.0
                scores[row] = scores[row] + mask
        return scores

    def allowed_after(self, text: str, terms: list[str]) -> list[int] | None:
        """Token ids that may follow ``text`` (the answer so far), or None where decoding is free."""
        if _KEY.search(text):
            nexts = {"["} | {"[" + s for s in self._array_starts(terms, first=True)}
        elif match := _ARRAY.search(text):
            nexts = self._continuations(match.group(1), terms)
        else:
            return None
        return sorted({t for s in nexts for t in self.by_piece.get(s, ())})

    def _continuations(self, tail: str, terms: list[str]) -> set[str]:
        """Every string a next token may be, given the array's text so far."""
        if tail.count('"') % 2:  # inside a string: the rest of a span, then its quote and what may follow
            partial = tail.rsplit('"', 1)[1]
            ends = [f'"{c}' for c in ("", ",", ", ", ',"', *_CLOSE)]
            rests = [t[len(partial) :] for t in terms if t.startswith(partial)]
            return {r[:n] for r in rests for n in range(1, len(r) + 1)} | {r + e for r in rests for e in ends}
        stripped = tail.rstrip()
        if not stripped or stripped.endswith(","):
            return self._array_starts(terms, first=not stripped)
        return {" ", ",", ", ", ',"', *_CLOSE}  # after a string

    @staticmethod
    def _array_starts(terms: list[str], first: bool) -> set[str]:
        """A space, or a quote with the start of a span; an empty array may close at once."""
        starts = {q + t[:n] for q in ('"', ' "') for t in terms for n in range(0, len(t) + 1)}
        return starts | {" "} | ({"]", "]}", "],"} if first else set())
