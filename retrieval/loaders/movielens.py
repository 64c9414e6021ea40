"""MovieLens catalogs: ml-latest-small (movies.csv, tags.csv, links.csv) and ml-100k (u.item, u.genre).

item_id is the movieId as a string, so ratings files join on it directly. Years come from the title
("Toy Story (1995)"); trailing articles move to the front ("American President, The" -> "The American
President") so that titles read naturally in replies and match what users type.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..catalog import CatalogError, LoadReport, collect

_YEAR_RE = re.compile(r"^(?P<title>.*?)\s*\((?P<year>\d{4})(?:\s*[-–]\s*\d{0,4})?\)\s*$")
_ARTICLE_RE = re.compile(
    r"^(?P<main>.+?), (?P<article>The|A|An|L'|Les|La|Le|Il|Der|Die|Das|El|Los|Las|Det|Den)(?P<rest>\s*\(.*\))?$"
)
NO_GENRE = {"(no genres listed)", "unknown"}
MAX_TAGS = 12


def split_title(raw: str) -> tuple[str, int | None]:
    """'Usual Suspects, The (1995)' -> ('The Usual Suspects', 1995)."""
    raw = raw.strip()
    year = None
    match = _YEAR_RE.match(raw)
    if match:
        raw, year = match["title"].strip(), int(match["year"])
    article = _ARTICLE_RE.match(raw)
    if article:
        sep = "" if article["article"].endswith("'") else " "
        raw = f"{article['article']}{sep}{article['main']}{article['rest'] or ''}"
    return raw, year


def load_movielens(directory: str | Path, skip_bad: bool = False) -> LoadReport:
    root = Path(directory)
    if (root / "movies.csv").exists():
        return collect(_latest_rows(root), skip_bad)
    if (root / "u.item").exists():
        return collect(_ml100k_rows(root), skip_bad)
    if (root / "movies.dat").exists():
        return collect(_dat_rows(root / "movies.dat"), skip_bad)
    raise CatalogError(
        f"{root}: not a MovieLens folder (expected movies.csv as in ml-latest-small/20m/25m, u.item as in "
        "ml-100k, or movies.dat as in ml-1m/10m)"
    )


def _dat_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """ml-1m / ml-10m movies.dat: MovieID::Title::Genres (ml-1m is Latin-1; Latin-1 reads both safely)."""
    with path.open(encoding="latin-1") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            fields = line.rstrip("\r\n").split("::")
            where = f"{path}:{number}"
            if len(fields) != 3:
                yield where, {"__error__": f"{len(fields)} '::'-separated fields, expected 3"}
                continue
            title, year = split_title(fields[1])
            yield (
                where,
                {
                    "item_id": fields[0],
                    "title": title,
                    "year": year,
                    "categories": [g for g in fields[2].split("|") if g not in NO_GENRE],
                    "extra": {"source_title": fields[1]},
                },
            )


def _latest_rows(root: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    tags = _top_tags(root / "tags.csv")
    links = _links(root / "links.csv")
    path = root / "movies.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != ["movieId", "title", "genres"]:
            raise CatalogError(f"{path}:1: expected header movieId,title,genres; found {header}")
        for values in reader:
            where = f"{path}:{reader.line_num}"
            if len(values) != 3:
                yield where, {"__error__": f"{len(values)} fields, expected 3 (movieId,title,genres)"}
                continue
            movie_id, raw_title, genres = values
            title, year = split_title(raw_title)
            movie_tags = tags.get(movie_id, [])
            yield (
                where,
                {
                    "item_id": movie_id,
                    "title": title,
                    "year": year,
                    "categories": [g for g in genres.split("|") if g not in NO_GENRE],
                    "description": ("Tags: " + ", ".join(movie_tags)) if movie_tags else "",
                    "language": None,
                    "extra": {"source_title": raw_title, **links.get(movie_id, {})},
                },
            )


def _top_tags(path: Path) -> dict[str, list[str]]:
    """The most used user tags per movie (case-folded duplicates merged), most frequent first."""
    if not path.exists():
        return {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    spelling: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            tag = (row.get("tag") or "").strip()
            if tag and row.get("movieId"):
                spelling.setdefault(tag.casefold(), tag)
                counts[row["movieId"]][tag.casefold()] += 1
    return {m: [spelling[t] for t, _ in c.most_common(MAX_TAGS)] for m, c in counts.items()}


def _links(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["movieId"]: {k: row[k] for k in ("imdbId", "tmdbId") if row.get(k)}
            for row in csv.DictReader(handle)
        }


def _ml100k_rows(root: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    genre_path = root / "u.genre"
    genres = [line.split("|")[0] for line in genre_path.read_text(encoding="latin-1").splitlines() if line]
    path = root / "u.item"
    # u.item is Latin-1 (e.g. "Misérables"); reading it as UTF-8 fails.
    with path.open(encoding="latin-1") as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{path}:{number}"
            fields = line.rstrip("\n").split("|")
            if not line.strip():
                continue
            if len(fields) != 5 + len(genres):
                yield where, {"__error__": f"{len(fields)} fields, expected {5 + len(genres)}"}
                continue
            title, year = split_title(fields[1])
            date = _release_date(fields[2])
            flags = fields[5:]
            yield (
                where,
                {
                    "item_id": fields[0],
                    "title": title,
                    "year": year if year is not None else (int(date[:4]) if date else None),
                    "date": date,
                    "categories": [
                        g for g, f in zip(genres, flags, strict=True) if f == "1" and g not in NO_GENRE
                    ],
                    "extra": {"source_title": fields[1], **({"imdb_url": fields[4]} if fields[4] else {})},
                },
            )


def _release_date(text: str) -> str | None:
    try:
        return datetime.strptime(text.strip(), "%d-%b-%Y").date().isoformat() if text.strip() else None
    except ValueError:
        return None
