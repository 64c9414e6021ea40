"""Which years a message mentions: four-digit years, and decades written as "90s", "90年代", "九十年代",
"the nineties", "los noventa", "les années quatre-vingt", "die Neunziger".

The request validator keeps a year bound only if the message mentions it: a small model asked about
"a film for my six-year-old" will otherwise invent the 1960s.
"""

from __future__ import annotations

import re

# Decade words -> two-digit decade, for the languages that write decades in words.
_DECADE_WORDS = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
    "eighties": 80, "nineties": 90,
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "soixante-dix": 70,
    "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90,
    "zwanziger": 20, "dreißiger": 30, "vierziger": 40, "fünfziger": 50, "sechziger": 60, "siebziger": 70,
    "achtziger": 80, "neunziger": 90,
}  # fmt: skip
_CJK_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_DECADE = re.compile(r"([二三四五六七八九])(?:十|零)年代")
_WORD = re.compile(r"[a-zäöüß]+(?:-[a-z]+)*")


_DECADE_4 = re.compile(
    r"(?:années|años|los|les|década\s+de|decade\s+of|décennie|jahrzehnt)\s+(1[89]\d0|20\d0)|(1[89]\d0|20\d0)\s*(?:'?s|er|年代)"
)


def mentioned_years(message: str) -> tuple[set[int], set[int]]:
    """``(years, decades)`` the message names: four-digit years, and decade starts (a two-digit decade read as
    both 19xx and 20xx where both are plausible)."""
    text = message.casefold()
    years = {int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)}
    short = {int(d) for d in re.findall(r"(?<!\d)(\d0)(?!\d)", text)}
    short |= {_CJK_DIGITS[d] * 10 for d in _CJK_DECADE.findall(text)}
    short |= {_DECADE_WORDS[w] for w in _WORD.findall(text) if w in _DECADE_WORDS}
    decades = {int(a or b) for a, b in _DECADE_4.findall(text)}
    for decade in short:
        decades |= {1900 + decade, 2000 + decade} if decade < 30 else {1900 + decade}
    return years | decades, decades


def grounded_years(year_min: int | None, year_max: int | None, message: str) -> tuple[int | None, int | None]:
    """The bounds the message supports: each must be mentioned; a decade's end needs the decade mentioned."""
    years, decades = mentioned_years(message)
    keep_min = year_min if year_min in years else None
    decade_end = year_max is not None and year_min in decades and year_max == year_min + 9
    keep_max = year_max if year_max in years or decade_end else None
    return keep_min, keep_max
