"""Genre tags for glossary hints: "スプラッター映画 = splatter movie (Horror)".

A dictionary turns a word into English, but a 270M model often cannot tell which genre that English names:
v10 read "スプラッター映画 = splatter movie" as Animation and "Schlachtenepos = battle epic" as Romance. The
sentence embedder can: each gloss is compared with the English genre phrases the adapter was trained on, and a
gloss close to one genre's phrases (and clearly closer to it than to any other genre's) gets that genre in
brackets. The model still decides: a tag is a hint, and "ghost (Horror)" may be a keyword in its sentence.

An adapter trained with tags keeps its phrases, embedder and thresholds in ``genre_phrases.json`` so that the
agent tags exactly as training did; an adapter without that file gets no tags.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

PHRASES_FILE = "genre_phrases.json"
SIMILARITY = 0.7  # cosine to the nearest phrase of the genre (MiniLM); below it, tags were mostly wrong
MARGIN = 0.1  # over the next genre: "film" is about as close to Action as to Drama, so it gets no tag
TAG = re.compile(r" \(([A-Za-z-]+)\)$")  # "splatter movie (Horror)"
KATAKANA = re.compile(r"[\u30a1-\u30ff]+")  # a katakana word (with its long-vowel mark and middle dot)

Encode = Callable[[list[str]], np.ndarray]  # texts -> L2-normalized rows (retrieval.Embedder.encode)


@dataclass
class GenreTagger:
    encode: Encode
    phrases: dict[str, list[str]]  # genre -> English phrases naming it
    similarity: float = SIMILARITY
    margin: float = MARGIN
    _genres: list[str] = field(init=False, repr=False)
    _matrix: np.ndarray = field(init=False, repr=False)
    _owner: np.ndarray = field(init=False, repr=False)
    _cache: dict[str, tuple[str, float, float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._genres = sorted(g for g, texts in self.phrases.items() if texts)
        rows = [(g, t) for g in self._genres for t in self.phrases[g]]
        if not rows:
            raise ValueError("a genre tagger needs at least one phrase")
        self._matrix = self.encode([t for _, t in rows])
        self._owner = np.array([self._genres.index(g) for g, _ in rows])

    def genre_of(self, gloss: str) -> str | None:
        """The genre a gloss names, or None when no genre is clearly nearest."""
        return self._named(*self._nearest([gloss])[gloss])

    def tag(self, hints: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The hints with "(Genre)" after each gloss line whose senses name one genre. Senses naming two
        ("惊悚 = horror / thriller") leave the line untagged: the dictionary cannot say which is meant. A
        gloss that already spells its genre ("thriller = thriller") gets no tag either: the tag adds nothing,
        and an adapter trained with such tags read "un thriller" as Mystery."""
        senses = {
            h: [s.strip() for s in gloss.split(" / ") if s.strip()] for h, (_, gloss) in enumerate(hints)
        }
        nearest = self._nearest([s for texts in senses.values() for s in texts])
        out = []
        for h, (word, gloss) in enumerate(hints):
            named = {self._named(*nearest[s]) for s in senses[h]} - {None}
            genre = named.pop() if len(named) == 1 else None
            out.append((word, f"{gloss} ({genre})" if genre and not spells(gloss, genre) else gloss))
        return out

    def _named(self, genre: str, best: float, runner_up: float) -> str | None:
        return genre if best >= self.similarity and best - runner_up >= self.margin else None

    def _nearest(self, texts: list[str]) -> dict[str, tuple[str, float, float]]:
        """text -> (nearest genre, its similarity, the next genre's); encoded once per distinct text."""
        with self._lock:  # sessions share one tagger
            new = sorted({t for t in texts if t not in self._cache})
            if new:
                scores = self.encode(new) @ self._matrix.T
                per_genre = np.stack(
                    [scores[:, self._owner == g].max(1) for g in range(len(self._genres))], 1
                )
                for text, row in zip(new, per_genre, strict=True):
                    order = np.argsort(-row)
                    runner_up = float(row[order[1]]) if len(order) > 1 else -1.0
                    self._cache[text] = (self._genres[order[0]], float(row[order[0]]), runner_up)
            return {t: self._cache[t] for t in texts}

    def save(self, directory: Path, embedder: str) -> Path:
        path = Path(directory) / PHRASES_FILE
        record = {
            "embedder": embedder,
            "similarity": self.similarity,
            "margin": self.margin,
            "phrases": self.phrases,
        }
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        return path


def spells(gloss: str, genre: str) -> bool:
    """Does ``gloss`` contain the genre's name as a word ("thrillers" spells Thriller, "Film noir" Film-Noir)?"""
    name = re.escape(genre.casefold()).replace(r"\-", "[- ]?")
    return re.search(rf"(?<!\w){name}s?(?!\w)", gloss.casefold()) is not None


def favored_genres(hints: Sequence[tuple[str, str]], vocabulary: Sequence[str]) -> list[str]:
    """The genres decoding favours where a category is chosen (``agent/llm/favor.py``), in vocabulary order:
    those the hints' tags name ("splatter movie (Horror)"), and those a katakana word's gloss spells
    ("スリラー = thriller"). A katakana word is a loan, so its gloss is the word it was borrowed from; adapter v28
    read the held-out "サイコスリラー" (psycho thriller) as Sci-Fi in 7 of 7 requests of the --seed 2026 draw.
    Other spelled glosses are not favoured: FreeDict's "Krimi = mystery story" would push "einen Krimi" (Crime)
    to Mystery."""
    tagged = {m.group(1) for _, gloss in hints if (m := TAG.search(gloss))}
    loans = {c for word, gloss in hints if KATAKANA.fullmatch(word) for c in vocabulary if spells(gloss, c)}
    return [c for c in vocabulary if c in tagged | loans]


def saved_tagging(adapter_dir: str | Path | None) -> dict | None:
    """The tagging an adapter was trained with (its ``genre_phrases.json``), or None."""
    path = Path(adapter_dir) / PHRASES_FILE if adapter_dir else None
    return json.loads(path.read_text(encoding="utf-8")) if path and path.exists() else None


def tagger_from(record: dict, encode: Encode) -> GenreTagger:
    return GenreTagger(encode, record["phrases"], record["similarity"], record["margin"])
