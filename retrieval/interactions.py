"""User-item interaction logs (ratings, clicks, reviews) with timestamps.

Sources, as ``KIND:PATH`` like catalogs: ``movielens:DIR`` (ratings.csv of ml-latest-small/20m/25m, u.data of
ml-100k, ratings.dat of ml-1m/10m), ``amazon:DIR|FILE`` (the 2018 review files ``*_5.json.gz``), ``csv:FILE`` with columns
user_id,item_id[,rating][,timestamp]. Rows keep the file order, which breaks timestamp ties.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .catalog import CatalogError


@dataclass(frozen=True)
class Interaction:
    user_id: str
    item_id: str
    rating: float | None
    timestamp: int


def load_interactions(spec: str) -> list[Interaction]:
    """All interactions of a source, in file order. Raises CatalogError naming file:line on a bad row."""
    kind, sep, raw_path = spec.partition(":")
    path = Path(raw_path)
    readers = {"movielens": _movielens, "amazon": _amazon, "csv": _csv}
    if not sep or kind not in readers:
        raise CatalogError(f"interactions {spec!r}: expected KIND:PATH with KIND one of {', '.join(readers)}")
    if not path.exists():
        raise CatalogError(f"interactions {spec!r}: {path} does not exist")
    rows = list(readers[kind](path))
    if not rows:
        raise CatalogError(f"interactions {spec!r}: no interactions found")
    return rows


def _row(where: str, user: str, item: str, rating: str | float | None, ts: str | int | None) -> Interaction:
    try:
        value = float(rating) if rating not in (None, "") else None
        stamp = int(float(ts)) if ts not in (None, "") else 0
    except ValueError:
        raise CatalogError(f"{where}: rating {rating!r} or timestamp {ts!r} is not a number") from None
    if not user or not item:
        raise CatalogError(f"{where}: user_id and item_id are required")
    return Interaction(str(user), str(item), value, stamp)


def _movielens(root: Path) -> Iterator[Interaction]:
    if (root / "ratings.csv").exists():
        path = root / "ratings.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield _row(
                    f"{path}:{reader.line_num}",
                    row["userId"],
                    row["movieId"],
                    row["rating"],
                    row["timestamp"],
                )
    elif (root / "u.data").exists():
        path = root / "u.data"
        with path.open(encoding="latin-1") as handle:
            for number, line in enumerate(handle, start=1):
                fields = line.split("\t")
                if len(fields) != 4:
                    raise CatalogError(
                        f"{path}:{number}: expected 4 tab-separated fields, found {len(fields)}"
                    )
                yield _row(f"{path}:{number}", *fields[:3], fields[3].strip())
    elif (root / "ratings.dat").exists():
        path = root / "ratings.dat"  # ml-1m / ml-10m: UserID::MovieID::Rating::Timestamp
        with path.open(encoding="latin-1") as handle:
            for number, line in enumerate(handle, start=1):
                fields = line.strip().split("::")
                if len(fields) != 4:
                    raise CatalogError(
                        f"{path}:{number}: expected 4 '::'-separated fields, found {len(fields)}"
                    )
                yield _row(f"{path}:{number}", *fields)
    else:
        raise CatalogError(
            f"{root}: no ratings.csv (ml-latest-small/20m/25m), u.data (ml-100k) or ratings.dat (ml-1m/10m)"
        )


def _amazon(path: Path) -> Iterator[Interaction]:
    files = sorted(path.glob("*_5.json.gz")) if path.is_dir() else [path]
    if not files:
        raise CatalogError(f"{path}: no Amazon review files (*_5.json.gz)")
    for file in files:
        with gzip.open(file, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CatalogError(f"{file}:{number}: not valid JSON ({exc.msg})") from None
                yield _row(
                    f"{file}:{number}",
                    row.get("reviewerID"),
                    row.get("asin"),
                    row.get("overall"),
                    row.get("unixReviewTime"),
                )


def _csv(path: Path) -> Iterator[Interaction]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"user_id", "item_id"} - set(reader.fieldnames or [])
        if missing:
            raise CatalogError(f"{path}:1: header lacks required column(s) {sorted(missing)}")
        for row in reader:
            yield _row(
                f"{path}:{reader.line_num}",
                row["user_id"],
                row["item_id"],
                row.get("rating"),
                row.get("timestamp"),
            )
