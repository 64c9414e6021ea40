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
        # a number in a title the message names is not a year (held-out ja: 「Blade Runner 2049」っぽい)
        ("「Blade Runner 2049」っぽい映画", '{"year_min":2049,"titles":["Blade Runner 2049"]}', (None, None)),
        (
            "like 2001: A Space Odyssey but from 2001",
            '{"year_min":2001,"titles":["2001: A Space Odyssey"]}',
            (2001, None),
        ),
    ],
)
def test_years_must_be_in_the_message(message, output, expected):
    request = parse_request(output, ["Comedy"], message=message).request
    assert (request.year_min, request.year_max) == expected


@pytest.mark.parametrize(
    ("message", "output", "expected"),
    [
        ("a picture no older than 1962", '{"year_max":1962}', (1962, None)),
        ("nothing much older than 1980", '{"year_max":1980}', (1980, None)),
        ("a comedy older than 1980", '{"year_min":1980}', (None, 1980)),
        ("not before 1990", '{"year_max":1990}', (1990, None)),
        ("no más antigua que 1994", '{"year_max":1994}', (1994, None)),
        ("que no sea más reciente que 2001", '{"year_min":2001}', (None, 2001)),
        ("pas plus ancien que 1945 ; évite elfes", '{"year_max":1945}', (1945, None)),
        ("mais rien de plus récent que 1975", '{"year_min":1975}', (None, 1975)),
        ("Katzen nicht älter als 1958, danke", '{"year_max":1958}', (1958, None)),
        ("auf keinen Fall neuer als 1996", '{"year_min":1996}', (None, 1996)),
        ("不早于1990年的喜剧", '{"year_max":1990}', (1990, None)),
        ("不晚于2000年的", '{"year_min":2000}', (None, 2000)),
        ("1961年を過ぎない幽霊", '{"year_min":1961}', (None, 1961)),
        ("1990年以降のアニメ", '{"year_max":1990}', (1990, None)),
        # Both bounds given: the model's reading stands (the validator only orders them).
        ("made after 1990 but before 2000", '{"year_min":1990,"year_max":2000}', (1990, 2000)),
        # A negation further back may or may not bear on the comparative: left to the model, either way.
        ("I don't want anything older than 1990", '{"year_min":1990}', (1990, None)),
        ("I don't want anything older than 1990", '{"year_max":1990}', (None, 1990)),
        ("no horror older than 1990", '{"year_min":1990}', (1990, None)),
        # The negation of another clause does not.
        ("no horror; older than 1990", '{"year_min":1990}', (None, 1990)),
    ],
)
def test_a_lone_year_goes_on_the_side_its_comparative_says(message, output, expected):
    parsed = parse_request(output, ["Comedy"], message=message)
    assert (parsed.request.year_min, parsed.request.year_max) == expected
    as_output = parse_request(output, ["Comedy"]).request
    moved = expected != (as_output.year_min, as_output.year_max)
    assert any("comparative" in p for p in parsed.problems) == moved


CATALOG_TITLES = {"toy story", "the matrix", "2012", "up", "the godfather", "police academy", "last dance"}


def _is_title(text: str) -> bool:
    return text.casefold() in CATALOG_TITLES


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Toy Storyみたいな映画で、犬が出てくるもの", ("Toy Story",)),
        ("有没有像 Toy Story 那样的电影", ("Toy Story",)),
        ("The MatrixみたいなSFスリラー", ("The Matrix",)),  # "SF" is an acronym, not a title
        ("2012年の映画", ()),  # a year is no title even where the catalog has one
        ("Upみたいなアニメ", ("Up",)),
        ("Frozenみたいな映画", ()),  # not in the catalog
    ],
)
def test_titles_a_cjk_message_writes_in_latin_script_are_added(message, expected):
    parsed = parse_request('{"language": "ja"}', VOCAB, message, is_title=_is_title)
    assert parsed.request.titles == expected
    # the model's own title is kept once, not added again
    again = parse_request('{"titles": ["Toy Story"]}', VOCAB, "Toy Storyみたいな", is_title=_is_title)
    assert again.request.titles == ("Toy Story",)
    assert parse_request("{}", VOCAB, message).request.titles == ()  # without a lookup, nothing is added


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("The Godfather hat mir gefallen, was soll ich als Nächstes schauen?", ("The Godfather",)),
        ("j'ai adoré The Godfather, tu me conseilles quoi d'autre ?", ("The Godfather",)),
        ("Loved Toy Story, anything similar?", ("Toy Story",)),  # the run without its first word
        ("Meine Freunde wollen einen Film", ()),  # capitalized German nouns that are no title
        ("something like Police Academy: Mission to Moscow", ()),  # part of a longer title
        ("in the spirit of Save the Last Dance", ()),
        ("something like Up", ()),  # one capitalized word: too often not a title in a Latin-script message
    ],
)
def test_titles_a_latin_script_message_writes_as_capitalized_words_are_added(message, expected):
    parsed = parse_request("{}", VOCAB, message, is_title=_is_title)
    assert parsed.request.titles == expected
