"""Task (a), request understanding: multilingual training data, a separately phrased held-out set, scoring."""

from .data import HELDOUT_BOOK, TRAIN_BOOK, UnderstandingExample, build
from .score import field_scores

__all__ = ["HELDOUT_BOOK", "TRAIN_BOOK", "UnderstandingExample", "build", "field_scores"]
