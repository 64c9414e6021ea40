"""Which years a message mentions: four-digit years, and decades written as "90s", "90年代", "九十年代",
"the nineties", "los noventa", "les années quatre-vingt", "die Neunziger"; and which side of a range a year
is on when a comparative says it ("no older than 1962" is a lower bound).

The request validator keeps a year bound only if the message mentions it: a small model asked about
"a film for my six-year-old" will otherwise invent the 1960s. It also puts a lone bound on the side its
comparative says: the model reads "older" and misses the "no" (v17: 26 of 600 held-out requests).
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
    words = _WORD.findall(text)
    # German declines the decade after "in den" / "aus den": "den Achtzigern"
    short |= {
        _DECADE_WORDS[w] for w in words + [w[:-1] for w in words if w.endswith("n")] if w in _DECADE_WORDS
    }
    decades = {int(a or b) for a, b in _DECADE_4.findall(text)}
    for decade in short:
        decades |= {1900 + decade, 2000 + decade} if decade < 30 else {1900 + decade}
    return years | decades, decades


def grounded_years(year_min: int | None, year_max: int | None, message: str) -> tuple[int | None, int | None]:
    """The bounds the message supports: each must be mentioned; a decade's end needs the decade mentioned.

    A decade the message does not mention, where it mentions exactly one decade and no other year, becomes
    that decade: the model has read a decade and misread which one (v28: "de los ochenta" -> the 1950s,
    "aus den Achtzigern" -> the 1940s)."""
    years, decades = mentioned_years(message)
    keep_min = year_min if year_min in years else None
    decade_end = year_max is not None and year_min in decades and year_max == year_min + 9
    keep_max = year_max if year_max in years or decade_end else None
    misread = year_min is not None and year_max == year_min + 9 and year_min % 10 == 0 and keep_min is None
    if misread and len(decades) == 1 and years == decades:
        (decade,) = decades
        return decade, decade + 9
    return keep_min, keep_max


# Comparatives that put a year on one side of a range, per language, as (pattern, side when not negated).
# Each pattern has a ``y`` group (the year) and may have a ``neg`` group (a negation right before the
# comparative, which flips the side). These are each language's grammar, not a list of phrasings.
_NEG_EN = r"(?P<neg>(?:\b(?:no|not|nothing|never)|n't)\s+(?:(?:much|any)\s+)?)?"
_NEG_ES = r"(?P<neg>\b(?:no|nada|nunca)\s+(?:(?:sea|sean|es|son|mucho)\s+)?)?"
_NEG_FR = r"(?P<neg>\b(?:pas|rien|jamais)\s+(?:(?:de|beaucoup)\s+)?)?"
_NEG_DE = r"(?P<neg>\b(?:nicht|nie|keinesfalls|auf\s+keinen\s+fall)\s+(?:viel\s+)?)?"
# Japanese negates after the comparative: "2016年より後じゃない" (not later than 2016), "より古くない".
_NEG_JA = r"(?:い|く)?(?P<neg>(?:じゃ|では|で)?(?:ない|なく))?"
_Y = r"(?P<y>1[89]\d\d|20\d\d)(?!\d)"
_COMPARATIVES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), side)
    for pattern, side in (
        (_NEG_EN + r"\b(?:older|earlier)\s+than\s+" + _Y, "max"),
        (_NEG_EN + r"\b(?:newer|later|more\s+recent)\s+than\s+" + _Y, "min"),
        (_NEG_EN + r"\bbefore\s+" + _Y, "max"),
        (_NEG_EN + r"\bafter\s+" + _Y, "min"),
        (_NEG_ES + r"\bmás\s+(?:antigu|viej)[oa]s?\s+que\s+" + _Y, "max"),
        (_NEG_ES + r"\bmás\s+(?:nuev[oa]s?|recientes?|modern[oa]s?)\s+que\s+" + _Y, "min"),
        (_NEG_ES + r"\b(?:anterior(?:es)?\s+a|antes\s+de)\s+" + _Y, "max"),
        (_NEG_ES + r"\b(?:posterior(?:es)?\s+a|después\s+de)\s+" + _Y, "min"),
        (_NEG_FR + r"\bplus\s+(?:ancien(?:ne)?s?|vieux|vieilles?)\s+que\s+" + _Y, "max"),
        (_NEG_FR + r"\bplus\s+(?:récente?s?|nouveaux?|nouvelles?|jeunes?)\s+que\s+" + _Y, "min"),
        (_NEG_FR + r"\b(?:antérieure?s?\s+à|avant)\s+" + _Y, "max"),
        (_NEG_FR + r"\b(?:postérieure?s?\s+à|après)\s+" + _Y, "min"),
        (_NEG_DE + r"\b(?:älter|früher)\s+als\s+" + _Y, "max"),
        (_NEG_DE + r"\b(?:neuer|jünger|später)\s+als\s+" + _Y, "min"),
        (_NEG_DE + r"\bvor\s+" + _Y, "max"),
        (_NEG_DE + r"\bnach\s+" + _Y, "min"),
        (r"(?P<neg>不)?(?:早于|早於|早过|早過)" + _Y, "max"),
        (r"(?P<neg>不)?(?:晚于|晚於|晚过|晚過)" + _Y, "min"),
        (_Y + r"\s*年?(?:以前|之前|よりも?(?:前|古))" + _NEG_JA, "max"),
        (_Y + r"\s*年?(?:以后|以後|之后|之後|以降|よりも?(?:後|新し))" + _NEG_JA, "min"),
        (_Y + r"\s*年?を(?:過ぎ|すぎ)(?P<neg>ない)?", "min"),
    )
)
# A negation or exclusion elsewhere in the same clause may or may not bear on the comparative ("I don't want
# anything older than 1990", "excluding anything before 1990", "1990年より前のは除いた", "1971年より前でも
# 1987年より後でもない"): such a year is left to the model.
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|nothing|never|without|except|excluding|skip|avoid|nada|nunca|ni|sin|salvo|excepto|pas|rien"
    r"|jamais|sans|sauf|nicht|nie|kein\w*|ohne|außer)\b|n't|不|别|別|没|沒|除"
)
_NEGATION_AFTER = re.compile(r"ない|なく|なし|除|抜き|以外")
_CLAUSE_END = re.compile(r"[,;.!?:，；。！？、]")


def _negated_around(text: str, start: int, end: int) -> bool:
    before = _CLAUSE_END.split(text[max(0, start - 40) : start])[-1]
    after = _CLAUSE_END.split(text[end : end + 20])[0]
    return _NEGATION_BEFORE.search(before) is not None or _NEGATION_AFTER.search(after) is not None


def year_sides(message: str) -> dict[int, str]:
    """Years a comparative puts on one side of a range: ``{1962: "min"}`` for "no older than 1962", ``"max"``
    for "older than 1962". A year said both ways is left out."""
    text = message.casefold()
    sides: dict[int, set[str]] = {}
    for pattern, side in _COMPARATIVES:
        for match in pattern.finditer(text):
            negated = match.groupdict().get("neg")
            if not negated and _negated_around(text, match.start(), match.end()):
                continue
            flipped = {"min": "max", "max": "min"}[side] if negated else side
            sides.setdefault(int(match.group("y")), set()).add(flipped)
    return {year: next(iter(found)) for year, found in sides.items() if len(found) == 1}


def sided_years(year_min: int | None, year_max: int | None, message: str) -> tuple[int | None, int | None]:
    """A lone bound moved to the side the message's comparative puts it on (``year_sides``)."""
    sides = year_sides(message)
    if year_max is None and year_min is not None and sides.get(year_min) == "max":
        return None, year_min
    if year_min is None and year_max is not None and sides.get(year_max) == "min":
        return year_max, None
    return year_min, year_max
