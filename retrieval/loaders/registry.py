"""``KIND:PATH`` catalog specs -> loaders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..catalog import CatalogError, LoadReport
from .amazon import load_amazon
from .files import load_csv, load_jsonl
from .movielens import load_movielens

LOADERS: dict[str, Callable[..., LoadReport]] = {
    "csv": load_csv,
    "jsonl": load_jsonl,
    "movielens": load_movielens,
    "amazon": load_amazon,
}


def parse_spec(spec: str) -> tuple[str, Path]:
    """'movielens:../data/ml-latest-small' -> ('movielens', Path(...)). A bare path uses its suffix."""
    kind, sep, path = spec.partition(":")
    if not sep or kind not in LOADERS:
        suffix = Path(spec).suffix.lstrip(".").lower()
        if suffix in ("csv", "jsonl"):
            return suffix, Path(spec)
        kinds = ", ".join(f"{k}:PATH" for k in LOADERS)
        raise CatalogError(f"catalog {spec!r}: expected KIND:PATH with KIND one of {kinds}")
    if not Path(path).exists():
        raise CatalogError(f"catalog {spec!r}: {path} does not exist")
    return kind, Path(path)


def load_catalog(spec: str, skip_bad: bool = False) -> LoadReport:
    """Load and validate a whole catalog. Raises CatalogError on the first bad row unless ``skip_bad``."""
    kind, path = parse_spec(spec)
    try:
        report = LOADERS[kind](path, skip_bad=skip_bad)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"catalog {spec!r}: cannot read {path}: {exc}") from exc
    if not report.items:
        raise CatalogError(f"catalog {spec!r}: no valid items ({len(report.skipped)} rows skipped)")
    return report
