"""Constrained decoding of strings that must be copied from the message: inside ``"keywords": [...]`` or
``"titles": [...]`` each string is a run of whole words of the message, as written there.

- Keywords (``spans``, up to ``MAX_WORDS``): for an English message the keyword *is* the user's words
  ("centered on submarines" -> "submarines"). A small model that has memorised a list of training topics
  otherwise writes a near neighbour from that list ("submarines" -> "swords", "ghosts" -> "spirits"), which
  retrieval then searches for. In the languages of ``[llm] grounded_keywords`` a keyword is an English gloss
  of one of the message's words, or one of its words that no dictionary translates (``grounded_terms``);
  other languages are left free.
- Titles (``title_spans``, up to ``MAX_TITLE_WORDS``), in every language: a referenced title is always written
  in the message, but a small model copying a foreign title garbles it ("Autumn Sonata (Höstsonaten)" ->
  "Autumn Sonata (HÖWETSONA)") or drops its end ("Chinese Puzzle (Casse-tête"). Title words split where Latin
  meets Chinese or Japanese script ("像Toy Story那样" holds "Toy Story"), and a span may take the brackets
  and marks around its ends ("(Casse-tête chinois)", "Jalla! Jalla!").

Cost: no scan of the tokenizer's vocabulary per message. Every allowed token is one of a few hundred (keywords)
or a few thousand (titles, at the array's start) strings, prefixes of what may follow, looked up in a table
from token text to ids built once per tokenizer: milliseconds per step.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import torch

from .constrain import token_pieces

MAX_WORDS = 4
MAX_TITLE_WORDS = 16  # "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb" is 14
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TITLE_WORD = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]+")
_LEADS, _TRAILS = "([¡¿'‘", ")]!?.'’"  # marks a title may start or end with, next to its first or last word
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


def grounded_terms(
    message: str,
    senses: dict[str, list[str]],
    copyable: Callable[[str], bool] = lambda word: False,
    max_words: int = MAX_WORDS,
) -> list[str]:
    """What a keyword of a non-English message may be: a run of words of the English gloss of one of its words,
    or that gloss in the plural or with an article ("des chats" with "chats = cat" -> "cat", "cats", "a cat"),
    or a run of the message's own words that the dictionary glosses as themselves ("Paris = Paris") or that
    ``copyable`` allows (the caller lets names and English loans through: "Wall Street", "zombies").
    ``senses``: the message's words and their glosses (``Glossary.senses``).

    Why: a small model reads a foreign word's surface and ends it as a training keyword it knows by heart
    ("chats" -> "chickens", "samuráis" -> "samurays", "Geister" -> "geishas") even with the right gloss in its
    prompt; retrieval would then search for the wrong thing."""

    def own(word: str) -> bool:
        return word.casefold() in {g.casefold() for g in senses.get(word, ())} or copyable(word)

    glosses = {g for gs in senses.values() for g in gs}
    nouns = glosses | {_plural(g) for g in glosses if re.fullmatch(r"[a-z]+", g)}
    terms = {t for g in glosses for t in spans(g, max_words)} | nouns
    # with an article too: the model writes "a wedding" as "a" then the noun, and a lone "a" is no keyword
    terms |= {f"{'an' if n[0] in 'aeiou' else 'a'} {n}" for n in glosses if n[:1].islower()}
    terms |= {f"the {n}" for n in nouns if n[:1].islower()}
    terms |= {s for s in spans(message, max_words) if all(own(w) for w in _WORD.findall(s))}
    return sorted(terms)


def _plural(noun: str) -> str:
    """English plural, by the regular rules: topics are mostly said in the plural ("cats", "submarines"). A
    gloss that is already plural stays as it is (v28 wrote "Boxen = boxes" as "boxeses")."""
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def title_spans(message: str, max_words: int = MAX_TITLE_WORDS) -> list[str]:
    """Every run of 1..``max_words`` title words of ``message`` as written, with or without the opening marks
    just before it and the closing marks just after it; none holds a double quote."""
    words = list(_TITLE_WORD.finditer(message))

    def starts(i: int) -> set[int]:
        at = words[i].start()
        lead = at
        while lead > 0 and message[lead - 1] in _LEADS:
            lead -= 1
        return {at, lead}

    def ends(j: int) -> set[int]:
        at = words[j].end()
        trail = at
        while trail < len(message) and message[trail] in _TRAILS:
            trail += 1
        return {at, trail}

    out = {
        message[a:b]
        for i in range(len(words))
        for j in range(i, min(i + max_words, len(words)))
        for a in starts(i)
        for b in ends(j)
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


class CopySpans:
    """A transformers LogitsProcessor: each string in row ``i``'s ``key`` array is one of ``terms[i]``; rows
    whose terms are None decode freely. Build one per generate call (it keeps the prompt length)."""

    def __init__(
        self, tokenizer: Any, key: str, terms: Sequence[list[str] | None], prompt_length: int
    ) -> None:
        self.tokenizer = tokenizer
        self.terms = list(terms)
        self.prompt_length = prompt_length
        self.by_piece = _by_piece(tokenizer)
        self._key = re.compile(rf'"{key}"\s*:\s*$')
        self._array = re.compile(rf'"{key}"\s*:\s*\[([^\]]*)$')

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
        if self._key.search(text):
            nexts = {"["} | {"[" + s for s in self._array_starts(terms, first=True)}
        elif match := self._array.search(text):
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
