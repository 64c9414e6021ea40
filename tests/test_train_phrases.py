"""The training phrasebook's structure: every language covers every genre, keyword and frame slot, and every
frame formats with exactly the placeholders its slot provides."""

from __future__ import annotations

import string

import pytest

from finetune.understanding.train_phrases import BY_LANGUAGE

GENRES = set(BY_LANGUAGE["en"].GENRES)
SLOT_FIELDS = {
    "open": set(),
    "close": set(),
    "generic": set(),
    "combine": {"np1", "np2", "topic1", "topic2"},
    "decade": {"d2", "d4"},
    "after": {"y"},
    "before": {"y"},
    "between": {"a", "b"},
    "exact": {"y"},
    "exclude": {"topic"},
    "title": {"t"},
    "keyword": {"k"},
    "chat": set(),
}
REQUIRED = {  # slots whose frames must use one of these placeholders
    "combine": {"np1", "topic1"},
    "decade": {"d2", "d4"},
    "after": {"y"},
    "before": {"y"},
    "between": {"a"},
    "exact": {"y"},
    "exclude": {"topic"},
    "title": {"t"},
    "keyword": {"k"},
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_structure(language):
    module = BY_LANGUAGE[language]
    assert set(module.GENRES) == GENRES
    seen: dict[str, str] = {}
    for genre, (noun_phrases, topics) in module.GENRES.items():
        assert noun_phrases and topics, genre
        for phrase in noun_phrases + topics:
            assert phrase.strip() == phrase and phrase, (genre, phrase)
            assert "{" not in phrase and "|" not in phrase and ";" not in phrase, (genre, phrase)
            other = seen.setdefault(phrase.casefold(), genre)
            assert other == genre, f"{phrase!r} is listed under both {other} and {genre}"
    assert set(module.KEYWORDS) == set(BY_LANGUAGE["en"].KEYWORDS)
    assert all(v.strip() for v in module.KEYWORDS.values())
    assert set(module.FRAMES) == set(SLOT_FIELDS)
    for slot, templates in module.FRAMES.items():
        assert templates, slot
        assert len(set(templates)) == len(templates), (slot, "duplicate frame")
        for template in templates:
            used = _fields(template)
            assert used <= SLOT_FIELDS[slot], (slot, template)
            if slot in REQUIRED:
                assert used & REQUIRED[slot], (slot, template)
            if slot == "between":
                assert {"a", "b"} <= used, template
            if slot == "decade" and "{d2}" in template:
                assert "{d4}" not in template, template


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_compounds_name_two_known_genres(language):
    compounds = BY_LANGUAGE[language].COMPOUNDS
    assert len({frozenset(pair) for _, pair in compounds}) >= 40
    for phrase, pair in compounds:
        assert phrase.strip() == phrase and "{" not in phrase, phrase
        assert len(pair) == 2 and set(pair) <= GENRES and pair[0] != pair[1], (phrase, pair)
    assert len({p.casefold() for p, _ in compounds}) == len(compounds), "duplicate compound phrase"


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_followups_and_negated_segments(language):
    module = BY_LANGUAGE[language]
    assert set(module.FOLLOWUPS) == {"exclude", "include"}
    for slot, field in (("exclude", "topic"), ("include", "np")):
        templates = module.FOLLOWUPS[slot]
        assert len(templates) >= 15 and len(set(templates)) == len(templates), slot
        assert all(_fields(t) == {field} for t in templates), slot
    assert set(module.NEGATED) <= GENRES
    for genre, segments in module.NEGATED.items():
        assert segments and all(s.strip() and not _fields(s) for s in segments), genre
