"""Finding the demo data set: a local copy of MovieLens ml-latest-small, or the official archive."""

from __future__ import annotations

import shutil
import sys
import urllib.request
import zipfile
from pathlib import Path

MOVIELENS_URL = "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip"
# Where a checkout of this project finds the evaluation data that sits beside it.
LOCAL_CANDIDATES = (Path("../shared/data/ml-latest-small"), Path("shared/data/ml-latest-small"))


def find_movielens_small(data_dir: Path, explicit: Path | None = None) -> Path:
    """The ml-latest-small folder to use: ``explicit``, a local copy, or a fresh download into ``data_dir``."""
    if explicit is not None:
        if not (explicit / "movies.csv").exists():
            raise FileNotFoundError(f"{explicit} has no movies.csv; pass a MovieLens ml-latest-small folder")
        return explicit
    for candidate in (*LOCAL_CANDIDATES, data_dir / "ml-latest-small"):
        if (candidate / "movies.csv").exists():
            return candidate.resolve()
    return download_movielens_small(data_dir)


def download_movielens_small(data_dir: Path) -> Path:
    target = data_dir / "ml-latest-small"
    archive = data_dir / "ml-latest-small.zip"
    print(
        f"MovieLens ml-latest-small not found locally; downloading {MOVIELENS_URL} to {data_dir}",
        file=sys.stderr,
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".part")
    try:
        with urllib.request.urlopen(MOVIELENS_URL, timeout=60) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise FileNotFoundError(
            f"could not download {MOVIELENS_URL} ({exc}); download it by hand and pass --data DIR"
        ) from exc
    partial.rename(archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(data_dir)  # the archive holds one folder, ml-latest-small/
    return target
