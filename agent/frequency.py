"""How common a word is, from wordfreq's lists: training draws common dictionary words, and the glossary only
trusts an accent-stripped word as English when English uses it."""

from __future__ import annotations

import math
from functools import cache


def zipf(word: str, language: str) -> float:
    """How common ``word`` is in ``language``, on the Zipf scale (log10 of uses per billion words; 3 is once
    per million): wordfreq's list, looked up as is (no tokenizer, so no MeCab or jieba). 0 when unlisted:
    wordfreq's Chinese is simplified, so a traditional-only form counts as rare."""
    frequency = _frequencies(language).get(word.casefold(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0


@cache
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # reads a few MB, once per language

    return get_frequency_dict(language, wordlist="large")
