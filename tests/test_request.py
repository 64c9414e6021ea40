"""Validation of the LLM's structured request: never invent categories, never crash on bad output."""

import pytest

from agent.request import Request, parse_request

VOCAB = ["Animation", "Comedy", "Horror", "Sci-Fi", "Children"]


def test_valid_output_with_prose_and_fences():
    text = (
        'Sure! ```json\n{"include": ["animation", "Comedy"], "exclude": ["Horror"], "year_min": 1990, '
        '"year_max": "1999", "titles": ["Toy Story"], "keywords": ["funny"], "language": "en"}\n```'
    )
    parsed = parse_request(text, VOCAB)
    assert parsed.request == Request(
        ("Animation", "Comedy"), ("Horror",), 1990, 1999, ("Toy Story",), ("funny",), "en"
    )
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json at all", "no JSON object"),
        ('{"include": ["Dibujos animados"]}', "not a catalog category"),
        ('{"include": "Comedy", "exclude": ["comedy"]}', "both included and excluded"),
        ('{"year_min": 1910, "year_max": 1890}', "swapped"),
        ('{"year_min": 85}', "not a four-digit year"),
        ('{"language": "klingon"}', "language"),
        ('{"titles": [3, ""]}', "not a non-empty string"),
        ('{"include": {"a": 1}}', "expected a list"),
        ('{"include": ["Comedy"', "no JSON object"),
    ],
)
def test_bad_output_is_repaired_and_reported(text, problem):
    parsed = parse_request(text, VOCAB)
    assert any(problem in p for p in parsed.problems), parsed.problems
    assert set(parsed.request.include) <= set(VOCAB) and set(parsed.request.exclude) <= set(VOCAB)


def test_years_are_ordered_and_unknown_categories_never_survive():
    parsed = parse_request('{"include": ["Cartoons", "Children"], "year_min": 1910, "year_max": 1890}', VOCAB)
    assert parsed.request.include == ("Children",)
    assert (parsed.request.year_min, parsed.request.year_max) == (1890, 1910)


def test_titles_must_be_named_in_the_message():
    output = '{"titles": ["Toy Story", "The Day of the Death"], "language": "zh"}'
    parsed = parse_request(output, ["Comedy"], message="像《toy story》那样的电影")
    assert parsed.request.titles == ("Toy Story",)
    assert any("not in the message" in p for p in parsed.problems)
    assert parse_request(output, ["Comedy"]).request.titles == ("Toy Story", "The Day of the Death")
    typo = parse_request('{"titles": ["The Matrix"]}', [], message="something like the matrx please")
    assert typo.request.titles == ("The Matrix",)


@pytest.mark.parametrize(
    ("message", "output", "expected"),
    [
        ("a film for my six-year-old", '{"year_min":1960,"year_max":1969}', (None, None)),
        ("a 90s comedy", '{"year_min":1990,"year_max":1999}', (1990, 1999)),
        ("九十年代的喜剧", '{"year_min":1990,"year_max":1999}', (1990, 1999)),
        ("die Neunziger", '{"year_min":1990,"year_max":1999}', (1990, 1999)),
        ("gedreht 1965-1988", '{"year_min":1965,"year_max":1988}', (1965, 1988)),
        ("released in 2000", '{"year_min":2000,"year_max":2009}', (2000, None)),
    ],
)
def test_years_must_be_in_the_message(message, output, expected):
    request = parse_request(output, ["Comedy"], message=message).request
    assert (request.year_min, request.year_max) == expected
