"""Search constraints and their translation to a Chroma ``where`` clause.

Categories are stored as a string array in each item's metadata, so "all of" is one ``$contains`` per
category and "none of" one ``$not_contains`` (which also matches items that have no categories at all).
Items without a year (or price) never match a year (or price) range.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .catalog import Item


class UnknownCategoryError(ValueError):
    """A category that is not in the catalog's vocabulary."""


@dataclass(frozen=True)
class Filters:
    include: tuple[str, ...] = ()  # the item must have all of these
    exclude: tuple[str, ...] = ()  # the item must have none of these
    year_min: int | None = None
    year_max: int | None = None
    price_min: float | None = None
    price_max: float | None = None

    def __post_init__(self) -> None:
        for low, high, name in (
            (self.year_min, self.year_max, "year"),
            (self.price_min, self.price_max, "price"),
        ):
            if low is not None and high is not None and low > high:
                raise ValueError(f"{name} range is empty: min {low} > max {high}")

    def to_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = [{"categories": {"$contains": c}} for c in self.include]
        clauses += [{"categories": {"$not_contains": c}} for c in self.exclude]
        for key, low, high in (
            ("year", self.year_min, self.year_max),
            ("price", self.price_min, self.price_max),
        ):
            if low is not None:
                clauses.append({key: {"$gte": low}})
            if high is not None:
                clauses.append({key: {"$lte": high}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, item: Item) -> bool:
        """The same rule as ``to_where``, in Python: for checks and for results that did not come from Chroma."""
        cats = set(item.categories)
        if not set(self.include) <= cats or cats & set(self.exclude):
            return False
        for value, low, high in (
            (item.year, self.year_min, self.year_max),
            (item.price, self.price_min, self.price_max),
        ):
            if (low is not None or high is not None) and value is None:
                return False
            if low is not None and value < low:  # type: ignore[operator]
                return False
            if high is not None and value > high:  # type: ignore[operator]
                return False
        return True

    def canonical(self, vocabulary: Iterable[str]) -> Filters:
        """Map category names to the catalog's spelling, case-insensitively; unknown names raise."""
        by_fold = {v.casefold(): v for v in vocabulary}

        def fix(names: tuple[str, ...]) -> tuple[str, ...]:
            unknown = [n for n in names if n.casefold() not in by_fold]
            if unknown:
                known = ", ".join(sorted(by_fold.values())[:40])
                raise UnknownCategoryError(
                    f"unknown categor{'y' if len(unknown) == 1 else 'ies'} "
                    f"{', '.join(map(repr, unknown))}; the catalog has: {known}"
                )
            return tuple(dict.fromkeys(by_fold[n.casefold()] for n in names))

        return replace(self, include=fix(self.include), exclude=fix(self.exclude))
