"""The item schema: validation, fingerprints, duplicate handling."""

import pytest

from retrieval.catalog import CatalogError, Item, collect, make_item


def test_make_item_parses_and_normalizes():
    item = make_item(
        {
            "item_id": " 42 ",
            "title": " Heat ",
            "categories": "Action|Crime|Action",
            "year": "1995.0",
            "price": "9.5",
            "extra": {"k": 1},
        },
        "f.csv:2",
    )
    assert item == Item("42", "Heat", "", ("Action", "Crime"), 1995, None, 9.5, None)
    assert item.extra == {"k": 1}


def test_year_comes_from_date_when_missing():
    assert make_item({"item_id": "a", "title": "t", "date": "2001-05-02"}, "w").year == 2001


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"title": "t"}, "item_id is missing"),
        ({"item_id": "a b", "title": "t"}, "no spaces"),
        ({"item_id": "a"}, "title is missing"),
        ({"item_id": "a", "title": "t", "year": "199x"}, "year '199x' is not a number"),
        ({"item_id": "a", "title": "t", "year": 99999}, "out of range"),
        ({"item_id": "a", "title": "t", "price": "-1"}, "negative"),
        ({"item_id": "a", "title": "t", "price": "nan"}, "not a finite number"),
        ({"item_id": "a", "title": "t", "date": "May 2001"}, "ISO 8601"),
        ({"item_id": "a", "title": "t", "categories": 5}, "categories must be"),
        ({"__error__": "3 fields, header has 4"}, "3 fields"),
    ],
)
def test_bad_rows_name_the_place(raw, message):
    with pytest.raises(CatalogError, match=message) as info:
        make_item(raw, "cat.csv:7")
    assert str(info.value).startswith("cat.csv:7: ")


def test_duplicates_fail_or_are_skipped_and_counted():
    rows = [
        ("f:2", {"item_id": "1", "title": "a"}),
        ("f:3", {"item_id": "1", "title": "b"}),
        ("f:4", {"item_id": "2", "title": "c"}),
    ]
    with pytest.raises(CatalogError, match=r"f:3: duplicate item_id '1' \(first at f:2\)"):
        collect(rows, skip_bad=False)
    report = collect(rows, skip_bad=True)
    assert [i.item_id for i in report.items] == ["1", "2"]
    assert len(report.skipped) == 1


def test_fingerprint_tracks_content():
    a = Item("1", "Heat", categories=("Crime",))
    assert a.fingerprint() == Item("1", "Heat", categories=("Crime",)).fingerprint()
    assert a.fingerprint() != Item("1", "Heat", categories=("Action",)).fingerprint()
    assert "Heat" in a.embedding_text() and "Crime" in a.embedding_text()
