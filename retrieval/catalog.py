"""The catalog item schema, its validation, and the text an item is embedded by.

Every loader turns its source rows into ``Item`` through ``make_item`` so that validation and error messages
are the same for CSV, JSONL, MovieLens and Amazon.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT = 20_000  # characters kept from a description; longer text adds nothing to an embedding
_ID_RE = re.compile(r"^[^\s\x00-\x1f]{1,200}$")


class CatalogError(ValueError):
    """A catalog row that cannot become an Item. The message names the file and line."""


@dataclass(frozen=True)
class Item:
    item_id: str
    title: str
    description: str = ""
    categories: tuple[str, ...] = ()
    year: int | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when the source has a full date
    price: float | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def embedding_text(self) -> str:
        """The text the embedder sees: title, year, categories, description."""
        head = f"{self.title} ({self.year})" if self.year else self.title
        parts = [head]
        if self.categories:
            parts.append("Categories: " + ", ".join(self.categories))
        if self.description:
            parts.append(self.description)
        return ". ".join(parts)

    def fingerprint(self) -> str:
        """A stable hash of everything stored for the item; ingest skips items whose hash is unchanged."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "title": self.title,
            "description": self.description,
            "categories": list(self.categories),
            "year": self.year,
            "date": self.date,
            "price": self.price,
            "language": self.language,
            "extra": self.extra,
        }


@dataclass
class LoadReport:
    """What a loader produced: the items, and the rows it skipped (only with ``skip_bad``)."""

    items: list[Item]
    skipped: list[str] = field(default_factory=list)
    merged_duplicates: int = 0

    @property
    def categories(self) -> list[str]:
        return sorted({c for item in self.items for c in item.categories})


def make_item(raw: dict[str, Any], where: str) -> Item:
    """Validate one raw row (already mapped to schema keys) into an Item; ``where`` is "file:line".

    A loader that could not even parse the row passes ``{"__error__": reason}``.
    """
    if "__error__" in raw:
        raise CatalogError(f"{where}: {raw['__error__']}")
    item_id = _text(raw.get("item_id"), "item_id", where)
    if not _ID_RE.match(item_id):
        raise CatalogError(f"{where}: item_id {item_id[:40]!r} must be 1-200 visible characters, no spaces")
    title = _text(raw.get("title"), "title", where)
    description = str(raw.get("description") or "").strip()[:MAX_TEXT]
    categories = _categories(raw.get("categories"), where)
    year = _int_or_none(raw.get("year"), "year", where)
    if year is not None and not 1000 <= year <= 2200:
        raise CatalogError(f"{where}: year {year} is out of range 1000-2200")
    date = _date_or_none(raw.get("date"), where)
    if year is None and date:
        year = int(date[:4])
    price = _number_or_none(raw.get("price"), "price", where)
    if price is not None and price < 0:
        raise CatalogError(f"{where}: price {price} is negative")
    language = str(raw.get("language") or "").strip() or None
    extra = raw.get("extra") or {}
    if not isinstance(extra, dict):
        raise CatalogError(f"{where}: extra must be an object, got {type(extra).__name__}")
    return Item(item_id, title, description, categories, year, date, price, language, extra)


def collect(rows: Iterable[tuple[str, dict[str, Any]]], skip_bad: bool) -> LoadReport:
    """Turn (where, raw row) pairs into a LoadReport, failing on the first bad row unless ``skip_bad``.

    Duplicate item ids are bad rows too: silently keeping one of two different items would hide a data error.
    """
    report = LoadReport(items=[])
    seen: dict[str, str] = {}
    for where, raw in rows:
        try:
            item = make_item(raw, where)
            if item.item_id in seen:
                raise CatalogError(
                    f"{where}: duplicate item_id {item.item_id!r} (first at {seen[item.item_id]})"
                )
        except CatalogError as exc:
            if not skip_bad:
                raise
            report.skipped.append(str(exc))
            continue
        seen[item.item_id] = where
        report.items.append(item)
    return report


def iter_lines(path: str, lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Number lines as "path:N" (1-based) for error messages."""
    for number, line in enumerate(lines, start=1):
        yield f"{path}:{number}", line


def json_lines(path: str, lines: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """("path:N", object) for each non-blank line of a JSON-lines file. A line that does not parse, or holds
    something other than an object, becomes an error row (``{"__error__": ...}``) that ``collect`` reports or
    skips like any other bad row."""
    for where, line in iter_lines(path, lines):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, {"__error__": f"not valid JSON ({exc.msg})"}
            continue
        yield where, row if isinstance(row, dict) else {"__error__": "a line must hold a JSON object"}


def _text(value: Any, name: str, where: str) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise CatalogError(f"{where}: {name} is missing or empty")
    return text


def _categories(value: Any, where: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split("|")
    if not isinstance(value, list | tuple):
        raise CatalogError(f"{where}: categories must be a list or a '|'-separated string")
    out: list[str] = []
    for cat in value:
        name = str(cat).strip()
        if name and name not in out:
            out.append(name)
    return tuple(out)


def _number_or_none(value: Any, name: str, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CatalogError(f"{where}: {name} {value!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CatalogError(f"{where}: {name} {value!r} is not a finite number")
    return number


def _int_or_none(value: Any, name: str, where: str) -> int | None:
    number = _number_or_none(value, name, where)
    if number is not None and number != int(number):
        raise CatalogError(f"{where}: {name} {value!r} is not a whole number")
    return None if number is None else int(number)


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date_or_none(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise CatalogError(f"{where}: date {text!r} must be ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text
