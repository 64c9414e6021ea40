"""Conversational moves are recognized by rules in all six languages."""

from __future__ import annotations

import pytest

from agent.intent import detect_intent, item_position

CASES = [
    ("why #2?", "explain", 2),
    ("Why the third one?", "explain", 3),
    ("¿por qué la segunda?", "explain", 2),
    ("pourquoi le numéro 4 ?", "explain", 4),
    ("warum der erste?", "explain", 1),
    ("为什么推荐第2个？", "explain", 2),
    ("なぜ3番目？", "explain", 3),
    ("why this?", "explain", None),
    ("more like the first one", "more_like", 1),
    ("más como la 2", "more_like", 2),
    ("plus comme le 3", "more_like", 3),
    ("mehr wie #2", "more_like", 2),
    ("更多像第1个的", "more_like", 1),
    ("2番目みたいなのをもっと", "more_like", 2),
    ("loved it", "liked", None),
    ("I liked #3", "liked", 3),
    ("me encantó la 2", "liked", 2),
    ("j'ai adoré le premier", "liked", 1),
    ("#2 hat mir gefallen", "liked", 2),
    ("第一个很好看，喜欢", "liked", 1),
    ("not for me", "disliked", None),
    ("I didn't like #4", "disliked", 4),
    ("la 3 no es para mí", "disliked", 3),
    ("le deuxième, pas pour moi", "disliked", 2),
    ("nicht mein Ding, der zweite", "disliked", 2),
    ("第3个我不喜欢", "disliked", 3),
    ("1番目は好きじゃない", "disliked", 1),
    ("start over", "reset", None),
    ("a 90s animated comedy, nothing scary", "request", None),
    ("une comédie des années 90", "request", None),
]


@pytest.mark.parametrize(("text", "kind", "position"), CASES)
def test_intents(text, kind, position):
    intent = detect_intent(text)
    assert intent.kind == kind, intent
    if kind != "request":
        assert intent.position == position


def test_relative_years_and_numbers_that_are_years():
    assert detect_intent("something older").shift == "older"
    assert detect_intent("algo más reciente").shift == "newer"
    assert detect_intent("etwas Älteres bitte").kind == "request"
    assert item_position("a comedy from 1995") is None
