"""The training phrasebook in ``Phrasebook`` form, gathered from the per-language modules in ``train_phrases``."""

from __future__ import annotations

from .train_phrases import BY_LANGUAGE

_GENRE_NAMES = sorted(BY_LANGUAGE["en"].GENRES)

GENRES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    genre: {lang: module.GENRES[genre] for lang, module in BY_LANGUAGE.items()} for genre in _GENRE_NAMES
}
KEYWORDS: dict[str, dict[str, str]] = {
    keyword: {lang: module.KEYWORDS[keyword] for lang, module in BY_LANGUAGE.items()}
    for keyword in BY_LANGUAGE["en"].KEYWORDS
}
FRAMES: dict[str, dict[str, list[str]]] = {lang: module.FRAMES for lang, module in BY_LANGUAGE.items()}
COMPOUNDS: dict[str, list[tuple[str, tuple[str, str]]]] = {
    lang: module.COMPOUNDS for lang, module in BY_LANGUAGE.items()
}
FOLLOWUPS: dict[str, dict[str, list[str]]] = {lang: module.FOLLOWUPS for lang, module in BY_LANGUAGE.items()}
NEGATED: dict[str, dict[str, list[str]]] = {
    genre: {lang: module.NEGATED.get(genre, []) for lang, module in BY_LANGUAGE.items()}
    for genre in BY_LANGUAGE["en"].NEGATED
}
