"""Task (b), grounded explanation: fact sheets from the catalog and localized target explanations."""

from .data import build, sheet_from_json, sheet_to_json

__all__ = ["build", "sheet_from_json", "sheet_to_json"]
