"""Catalog loaders: ``load_catalog("movielens:DIR")`` and friends."""

from .amazon import load_amazon
from .files import load_csv, load_jsonl
from .movielens import load_movielens
from .registry import LOADERS, load_catalog, parse_spec

__all__ = ["LOADERS", "load_amazon", "load_catalog", "load_csv", "load_jsonl", "load_movielens", "parse_spec"]
