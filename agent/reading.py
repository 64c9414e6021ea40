"""A second, English reading of a message for request understanding: each word the glossary line tags with a
genre ("Schlachtenepos = battles epic (War)") is replaced by its first gloss ("ein battles epic mit ...").

The adapter reads a foreign word from its surface, and a tag does not override that: v28 answers Action for
"Schlachtenepos" even with the hint rewritten to "war epic" (the German surface is close to training's
"Schlägereien"), but reads "battles epic" in the same sentence as War. Decoding both readings in step and
averaging their log-probabilities (``agent/llm/readings.py``, weight ``[llm] english_reading``) lets the English
words count without throwing away the model's own reading of the original: a wrong tag ("trucs = trick /
stunt (Action)") gives an English word that names no genre, which moves little.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .genre_tags import TAG

_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def english_reading(text: str, hints: Sequence[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]] | None:
    """(the message with its tagged words replaced by their first gloss, the hints of the words left), or None
    when no hint has a tag (the reading would be the message itself)."""
    tagged = {word: gloss for word, gloss in hints if TAG.search(gloss)}
    if not tagged:
        return None
    reading = text
    for word in sorted(tagged, key=len, reverse=True):  # "Schlachtenepos" before "Schlachten"
        english = TAG.sub("", tagged[word]).split(" / ")[0].strip()
        # whole words in alphabetic scripts; Chinese and Japanese have no spaces to bound a word
        bounded = rf"(?<!\w){re.escape(word)}(?!\w)" if _LATIN.match(word) else re.escape(word)
        reading = re.sub(bounded, lambda _m, e=english: e, reading)
    return reading, [(w, g) for w, g in hints if w not in tagged]
