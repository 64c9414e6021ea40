"""Generic catalog files: CSV with a header row, and JSON Lines.

Columns / keys: item_id, title, description, categories ('|'-separated in CSV, a list in JSONL), year, date,
price, language. Any other column is kept in ``extra``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..catalog import CatalogError, LoadReport, collect, json_lines

SCHEMA_KEYS = ("item_id", "title", "description", "categories", "year", "date", "price", "language")


def load_csv(path: str | Path, skip_bad: bool = False) -> LoadReport:
    return collect(_csv_rows(Path(path)), skip_bad)


def load_jsonl(path: str | Path, skip_bad: bool = False) -> LoadReport:
    return collect(_jsonl_rows(Path(path)), skip_bad)


def _split_extra(row: dict[str, Any]) -> dict[str, Any]:
    raw = {k: row.get(k) for k in SCHEMA_KEYS}
    extra = {k: v for k, v in row.items() if k not in SCHEMA_KEYS and k != "extra" and v not in (None, "")}
    if isinstance(row.get("extra"), dict):
        extra.update(row["extra"])
    elif row.get("extra") not in (None, ""):
        raw["extra"] = row["extra"]  # make_item reports the wrong type
        return raw
    raw["extra"] = extra
    return raw


def _csv_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise CatalogError(f"{path}:1: the file is empty; expected a header row") from None
        missing = {"item_id", "title"} - set(header)
        if missing:
            raise CatalogError(f"{path}:1: header lacks required column(s) {sorted(missing)}; found {header}")
        for values in reader:
            where = f"{path}:{reader.line_num}"
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                yield where, {"__error__": f"{len(values)} fields, header has {len(header)}"}
                continue
            yield where, _split_extra(dict(zip(header, values, strict=True)))


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for where, row in json_lines(str(path), handle):
            yield where, row if "__error__" in row else _split_extra(row)
