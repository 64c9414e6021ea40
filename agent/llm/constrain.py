"""Constrained decoding of the request JSON: inside ``"include": [...]`` and ``"exclude": [...]`` the model may
only write names from the catalog's vocabulary, those keys must open an array, and a year is four digits.

A small model that meets an unfamiliar synonym tends to translate it literally ("Cartoon", "Zeichentrick")
rather than pick the catalog's term ("Animation"); the validator would drop such a label and the request would
lose a constraint. Masking the logits so that only vocabulary continuations remain turns that into the model's
most likely *valid* choice. Years get the same treatment: a small model otherwise writes ranges such as
``"year_min":1965-1988``, which is not JSON and loses the whole request. Elsewhere decoding is untouched.

Cost: the token pieces are computed once per tokenizer (a batch decode of the vocabulary); at each step inside
an array only tokens starting with a plausible next character are checked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import torch

_ARRAY = re.compile(r'"(?:include|exclude)"\s*:\s*\[([^\]]*)$')
_ARRAY_KEY = re.compile(r'"(?:include|exclude)"\s*:\s*$')
_YEAR = re.compile(r'"year_(?:min|max)"\s*:\s*(\d*)$')
_PIECES: dict[int, list[str]] = {}  # id(tokenizer) -> surface string of every token after a quote


def token_pieces(tokenizer: Any) -> list[str]:
    """The text each token adds when it follows a double quote (spaces and byte tokens resolved)."""
    key = id(tokenizer)
    if key not in _PIECES:
        quote = tokenizer.encode('"', add_special_tokens=False)[-1]
        size = len(tokenizer)
        pairs = tokenizer.batch_decode([[quote, t] for t in range(size)], skip_special_tokens=False)
        prefix = tokenizer.decode([quote])
        _PIECES[key] = [p[len(prefix) :] if p.startswith(prefix) else "" for p in pairs]
    return _PIECES[key]


@dataclass(frozen=True)
class _TokenIndex:
    """Which tokens can appear where; built once per (tokenizer, vocabulary) because it scans every token."""

    pieces: list[str]
    by_first: dict[str, list[int]]  # first character -> tokens made only of characters the terms use
    digits: list[tuple[int, int]]  # (token, number of digits) for all-digit tokens
    year_ends: list[int]  # tokens that can close a year value
    openers: list[int]  # tokens that open a category array


_INDEXES: dict[tuple[int, tuple[str, ...]], _TokenIndex] = {}


def _index(tokenizer: Any, terms: tuple[str, ...]) -> _TokenIndex:
    key = (id(tokenizer), terms)
    if key not in _INDEXES:
        pieces = token_pieces(tokenizer)
        allowed_chars = set("".join(terms)) | set('", ]}')
        special = set(tokenizer.all_special_ids)
        usable = [(t, p) for t, p in enumerate(pieces) if p and t not in special]
        by_first: dict[str, list[int]] = defaultdict(list)
        for token_id, piece in usable:
            if set(piece) <= allowed_chars:
                by_first[piece[0]].append(token_id)
        _INDEXES[key] = _TokenIndex(
            pieces=pieces,
            by_first=dict(by_first),
            digits=[(t, len(p)) for t, p in usable if p.isdigit()],
            year_ends=[t for t, p in usable if p[0] in ",}" and set(p) <= allowed_chars],
            openers=[t for t, p in usable if p[0] == "[" and set(p[1:]) <= allowed_chars],
        )
    return _INDEXES[key]


class CategoryConstraint:
    """A transformers LogitsProcessor; build one per generate call (it keeps each row's prompt length)."""

    def __init__(self, tokenizer: Any, vocabulary: Iterable[str], prompt_length: int) -> None:
        self.tokenizer = tokenizer
        self.terms = sorted({t for t in vocabulary if t and '"' not in t})
        self.prompt_length = prompt_length
        index = _index(tokenizer, tuple(self.terms))
        self.pieces, self.by_first = index.pieces, index.by_first
        self.digits, self.year_ends, self.openers = index.digits, index.year_ends, index.openers

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        for row in range(input_ids.shape[0]):
            text = self.tokenizer.decode(input_ids[row, self.prompt_length :], skip_special_tokens=True)
            allowed = self.allowed_after(text)
            if allowed:
                mask = torch.full_like(scores[row], float("-inf"))
                mask[allowed] = 0.0
                scores[row] = scores[row] + mask
        return scores

    def allowed_after(self, text: str) -> list[int] | None:
        """The token ids that may follow ``text`` (the answer so far), or None where decoding is free."""
        if match := _ARRAY.search(text):
            return self._allowed(match.group(1))
        if _ARRAY_KEY.search(text):
            return [t for t in self.openers if self._valid(self.pieces[t][1:])]
        if match := _YEAR.search(text):
            written = len(match.group(1))
            if written == 4:
                return self.year_ends
            return [
                t for t, size in self.digits if written + size <= 4 and (written or self.pieces[t][0] != "0")
            ]
        return None

    def _allowed(self, tail: str) -> list[int]:
        """Tokens that keep the array's text valid: closed strings are terms, an open string is a term prefix."""
        partial = _open_string(tail)
        if partial is None:  # between strings: what JSON allows next
            stripped = tail.rstrip()
            firsts = '" ]' if not stripped else ('" ' if stripped.endswith(",") else ", ]")
        else:
            firsts = {t[len(partial)] for t in self.terms if t.startswith(partial) and len(t) > len(partial)}
            if partial in self.terms:
                firsts |= {'"'}
        out = []
        for first in firsts:
            for token_id in self.by_first.get(first, ()):
                if self._valid(tail + self.pieces[token_id]):
                    out.append(token_id)
        return out

    def _valid(self, tail: str) -> bool:
        """JSON array syntax (strings, commas, spaces, the closing bracket) with every string a term or, at
        the very end, a term prefix."""
        state, current = "start", []  # start | string | after_string | after_comma
        for i, ch in enumerate(tail):
            if state == "string":
                if ch == '"':
                    if "".join(current) not in self.terms:
                        return False
                    state, current = "after_string", []
                else:
                    current.append(ch)
            elif ch == " ":
                continue
            elif ch == '"' and state in ("start", "after_comma"):
                state = "string"
            elif ch == "," and state == "after_string":
                state = "after_comma"
            elif ch == "]" and state in ("start", "after_string"):
                return tail[i + 1 :] in ("", "}", ",", ',"')  # the array closed; JSON goes on
            else:
                return False
        return state != "string" or any(t.startswith("".join(current)) for t in self.terms)


def _open_string(tail: str) -> str | None:
    """The text of the string being written at the end of ``tail``, or None between strings."""
    return tail.rsplit('"', 1)[1] if tail.count('"') % 2 == 1 else None
