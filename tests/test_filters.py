"""Filters -> Chroma where clauses, and the same rule in Python."""

import pytest

from retrieval import Filters, Item, UnknownCategoryError


def test_where_shapes():
    assert Filters().to_where() is None
    assert Filters(include=("A",)).to_where() == {"categories": {"$contains": "A"}}
    where = Filters(include=("A", "B"), exclude=("C",), year_min=1990, year_max=1999, price_max=5).to_where()
    assert where == {
        "$and": [
            {"categories": {"$contains": "A"}},
            {"categories": {"$contains": "B"}},
            {"categories": {"$not_contains": "C"}},
            {"year": {"$gte": 1990}},
            {"year": {"$lte": 1999}},
            {"price": {"$lte": 5}},
        ]
    }


def test_matches():
    item = Item("1", "t", categories=("A", "B"), year=1995)
    assert Filters(include=("A",), exclude=("C",), year_min=1990).matches(item)
    assert not Filters(exclude=("B",)).matches(item)
    assert not Filters(price_max=3).matches(item)  # no price: never inside a price range
    assert Filters(exclude=("A",)).matches(Item("2", "u"))


def test_empty_range_and_canonical_names():
    with pytest.raises(ValueError, match="year range is empty"):
        Filters(year_min=2000, year_max=1990)
    assert Filters(include=("animation",)).canonical(["Animation"]).include == ("Animation",)
    with pytest.raises(UnknownCategoryError, match=r"'Cartoon'.*Animation"):
        Filters(exclude=("Cartoon",)).canonical(["Animation"])
