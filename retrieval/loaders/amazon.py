"""Amazon Review Data 2018 product metadata (meta_*.json.gz, one JSON object per line).

The source is messy: HTML entities and tags in titles, CSS blobs or bare HTML fragments instead of a title
(most Magazine Subscriptions rows), feature bullets mixed into ``category``, prices as "$1,250.00", and
repeated rows for one ASIN. The loader cleans what can be cleaned, derives a title from the description when
the source has none (or from the category path or brand when that is all there is), and merges repeated ASINs (counted in the report).
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..catalog import CatalogError, LoadReport, collect, json_lines

_TAG_RE = re.compile(r"<[^>]*>?")
_SPACE_RE = re.compile(r"\s+")
_PRICE_RE = re.compile(r"^\$\s*([\d,]+(?:\.\d+)?)$")
MAX_CATEGORY_CHARS = 50
MAX_TITLE_CHARS = 120


def clean_html(text: str) -> str:
    """Strip tags and entities: ' Maggiano&#39;s <b>Gift</b> Card' -> "Maggiano's Gift Card"."""
    text = html.unescape(_TAG_RE.sub(" ", html.unescape(text or "")))
    return _SPACE_RE.sub(" ", text).strip()


def _looks_like_junk(text: str) -> bool:
    # CSS rules and leftover markup are not titles.
    return not text or "{" in text or text.startswith((".", "#")) or len(text) > 400


def load_amazon(path: str | Path, skip_bad: bool = False) -> LoadReport:
    root = Path(path)
    files = sorted(root.glob("meta_*.json.gz")) if root.is_dir() else [root]
    if not files or not all(f.exists() for f in files):
        raise CatalogError(f"{root}: no Amazon metadata found (expected meta_*.json.gz files)")
    merged = 0
    seen: set[str] = set()

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        nonlocal merged
        for file in files:
            with gzip.open(file, "rt", encoding="utf-8") as handle:
                for where, row in json_lines(str(file), handle):
                    if "__error__" in row:
                        yield where, row
                        continue
                    asin = str(row.get("asin") or "").strip()
                    if asin in seen:  # the source repeats rows for one ASIN; the first is kept
                        merged += 1
                        continue
                    seen.add(asin)
                    yield where, _to_raw(row, file.name)

    report = collect(rows(), skip_bad)
    report.merged_duplicates = merged
    return report


def _to_raw(row: dict[str, Any], source: str) -> dict[str, Any]:
    description = clean_html(" ".join(_strings(row.get("description")) + _strings(row.get("feature"))))
    title = clean_html(str(row.get("title") or ""))
    extra: dict[str, Any] = {"source": source}
    categories = _categories(row.get("category"))
    if _looks_like_junk(title):
        title = _title_from(description)
        extra["title_from"] = "description"
    brand = clean_html(str(row.get("brand") or ""))
    if brand:
        extra["brand"] = brand
    fallback = categories[-1] if categories else brand
    if not title and fallback and row.get("asin"):
        # Only a category path or a brand: name the item by it so that it stays findable.
        title = f"{fallback} ({row['asin']})"
        extra["title_from"] = "category" if categories else "brand"
    date = _date(str(row.get("date") or ""))
    return {
        "item_id": row.get("asin"),
        "title": title,
        "description": description,
        "categories": categories,
        "date": date,
        "price": _price(str(row.get("price") or "")),
        "language": None,
        "extra": extra,
    }


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _categories(value: Any) -> list[str]:
    # Real category paths are short names; long entries are feature bullets pasted into the field.
    names = [clean_html(c) for c in _strings(value)]
    return [n for n in names if n and len(n) <= MAX_CATEGORY_CHARS and not _looks_like_junk(n)]


def _title_from(description: str) -> str:
    first = re.split(r"(?<=[.!?])\s", description, maxsplit=1)[0] if description else ""
    if len(first) > MAX_TITLE_CHARS:
        first = first[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return first


def _price(text: str) -> float | None:
    match = _PRICE_RE.match(text.strip())
    return float(match.group(1).replace(",", "")) if match else None


def _date(text: str) -> str | None:
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None
