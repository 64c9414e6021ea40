"""Grounded explanations: the fact sheet an explanation may draw on, the prompt, the check, the fallback.

An explanation may state only what its ``FactSheet`` holds. ``check_explanation`` enforces that: every title
(quoted, or a catalog title written without quotes), every year, every score and every category name it
mentions (in English or in the reply's language) must come from the sheet, and the text must be in the asked
language. The agent shows the LLM's text when the
check passes and ``template_explanation`` (deterministic, localized) otherwise; fine-tuning learns from the
template's variants.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .locale import CATEGORY_NAMES, LANGUAGE_NAMES, category_name, detect_language
from .request import latin_titles


@dataclass(frozen=True)
class FactSheet:
    title: str
    year: int | None
    categories: tuple[str, ...]
    interests: tuple[tuple[str, float], ...] = ()  # the user's top categories with interest scores (0..1)
    liked: tuple[tuple[str, int | None], ...] = ()  # items from the user's history that share a category
    requested: tuple[str, ...] = ()  # categories of the current request this item satisfies

    def text(self) -> str:
        """The sheet as the model reads it (item text is quoted data, never instructions)."""
        lines = [f"Item: {_quote(self.title, self.year)}; categories: {', '.join(self.categories) or 'none'}"]
        if self.interests:
            lines.append("User's top interests: " + ", ".join(f"{c} {s:.2f}" for c, s in self.interests))
        if self.liked:
            lines.append("Liked before: " + ", ".join(_quote(t, y) for t, y in self.liked))
        if self.requested:
            lines.append("Requested: " + ", ".join(self.requested))
        return "\n".join(lines)

    @property
    def overlap(self) -> list[tuple[str, float]]:
        return [(c, s) for c, s in self.interests if c in self.categories]

    @property
    def years(self) -> set[int]:
        return {y for y in [self.year, *(y for _, y in self.liked)] if y is not None}

    @property
    def titles(self) -> set[str]:
        return {self.title.casefold(), *(t.casefold() for t, _ in self.liked)}

    @property
    def all_categories(self) -> set[str]:
        return {*self.categories, *(c for c, _ in self.interests), *self.requested}


def _quote(title: str, year: int | None) -> str:
    return f'"{title}"' + (f" ({year})" if year else "")


EXPLANATION_SYSTEM = "Explain in {language} why this suits the user, using only these facts:\n{sheet}"


def explanation_messages(sheet: FactSheet, language: str) -> list[dict[str, str]]:
    system = EXPLANATION_SYSTEM.format(language=LANGUAGE_NAMES.get(language, "English"), sheet=sheet.text())
    return [{"role": "system", "content": system}, {"role": "user", "content": "Why?"}]


# ---- the deterministic, localized explanation -------------------------------------------------------------

_JOIN = {
    "en": (", ", " and "),
    "zh": ("、", "、"),
    "es": (", ", " y "),
    "fr": (", ", " et "),
    "de": (", ", " und "),
    "ja": ("・", "・"),
}
_Q = {
    "en": ('"', '"'),
    "zh": ("《", "》"),
    "es": ("«", "»"),
    "fr": ("« ", " »"),
    "de": ("„", "“"),
    "ja": ("「", "」"),
}

# {t} item title with year, {cats} its categories, {c} the best-matching interest, {s} its score, {l} a liked title.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "both": [
            "{t} is {cats}, which fits your interest in {c} ({s}); you also liked {l}.",
            "{t} ({cats}) matches your taste for {c} ({s}) and is close to {l}, which you liked.",
        ],
        "interest": [
            "{t} is {cats}, and {c} is one of your top interests ({s}).",
            "{t} ({cats}) fits your interest in {c} ({s}).",
        ],
        "liked": [
            "{t} is {cats}, like {l}, which you liked.",
            "{t} ({cats}) shares a genre with {l}, a film you liked.",
        ],
        "plain": ["{t} is {cats}.", "{t} is a {cats} film."],
    },
    "zh": {
        "both": [
            "{t}是{cats}类型，符合你对{c}的兴趣（{s}），你也喜欢过{l}。",
            "{t}（{cats}）契合你对{c}的偏好（{s}），和你喜欢的{l}相近。",
        ],
        "interest": [
            "{t}是{cats}类型，而{c}是你最感兴趣的类型之一（{s}）。",
            "{t}（{cats}）符合你对{c}的兴趣（{s}）。",
        ],
        "liked": ["{t}是{cats}类型，和你喜欢过的{l}一样。", "{t}（{cats}）与你喜欢的{l}属于同一类型。"],
        "plain": ["{t}是{cats}类型的电影。", "{t}属于{cats}类型。"],
    },
    "es": {
        "both": [
            "{t} es de {cats}, encaja con tu interés por {c} ({s}) y te gustó {l}.",
            "{t} ({cats}) coincide con tu gusto por {c} ({s}) y se parece a {l}, que te gustó.",
        ],
        "interest": [
            "{t} es de {cats}, y {c} es uno de tus intereses principales ({s}).",
            "{t} ({cats}) encaja con tu interés por {c} ({s}).",
        ],
        "liked": [
            "{t} es de {cats}, como {l}, que te gustó.",
            "{t} ({cats}) comparte género con {l}, que te gustó.",
        ],
        "plain": ["{t} es una película de {cats}.", "{t} es de {cats}."],
    },
    "fr": {
        "both": [
            "{t} relève de {cats}, ce qui correspond à votre intérêt pour {c} ({s}) ; vous avez aussi aimé {l}.",
            "{t} ({cats}) correspond à votre goût pour {c} ({s}) et ressemble à {l}, que vous avez aimé.",
        ],
        "interest": [
            "{t} relève de {cats}, et {c} fait partie de vos intérêts principaux ({s}).",
            "{t} ({cats}) correspond à votre intérêt pour {c} ({s}).",
        ],
        "liked": [
            "{t} relève de {cats}, comme {l}, que vous avez aimé.",
            "{t} ({cats}) partage un genre avec {l}, que vous avez aimé.",
        ],
        "plain": ["{t} est un film de genre {cats}.", "{t} relève de {cats}."],
    },
    "de": {
        "both": [
            "{t} gehört zu {cats}, passt zu deinem Interesse an {c} ({s}), und dir gefiel auch {l}.",
            "{t} ({cats}) passt zu deiner Vorliebe für {c} ({s}) und ähnelt {l}, der dir gefiel.",
        ],
        "interest": [
            "{t} gehört zu {cats}, und {c} ist eines deiner Hauptinteressen ({s}).",
            "{t} ({cats}) passt zu deinem Interesse an {c} ({s}).",
        ],
        "liked": [
            "{t} gehört zu {cats}, wie {l}, der dir gefiel.",
            "{t} ({cats}) teilt ein Genre mit {l}, der dir gefallen hat.",
        ],
        "plain": ["{t} ist ein Film der Kategorie {cats}.", "{t} gehört zu {cats}."],
    },
    "ja": {
        "both": [
            "{t}は{cats}の作品で、あなたの{c}への関心（{s}）に合い、好きだった{l}にも近いです。",
            "{t}（{cats}）は{c}好きのあなた（{s}）に合い、気に入った{l}とも似ています。",
        ],
        "interest": [
            "{t}は{cats}の作品で、{c}はあなたの主な関心の一つです（{s}）。",
            "{t}（{cats}）は{c}への関心（{s}）に合います。",
        ],
        "liked": [
            "{t}は{cats}の作品で、気に入った{l}と同じジャンルです。",
            "{t}（{cats}）は好きだった{l}とジャンルが同じです。",
        ],
        "plain": ["{t}は{cats}の映画です。", "{t}は{cats}の作品です。"],
    },
}


def _join(names: Sequence[str], language: str) -> str:
    sep, last = _JOIN[language]
    return names[0] if len(names) == 1 else sep.join(names[:-1]) + last + names[-1]


def _title(title: str, year: int | None, language: str) -> str:
    left, right = _Q[language]
    return f"{left}{title}{right}" + (f" ({year})" if year else "")


def template_explanation(
    sheet: FactSheet, language: str, variant: int = 0, rng: random.Random | None = None
) -> str:
    """A localized explanation built only from the sheet. ``rng`` picks phrasing (training data); else
    ``variant`` does."""
    language = language if language in TEMPLATES else "en"
    names = [category_name(c, language) for c in sheet.categories[:3]] or ["?"]
    overlap = sheet.overlap
    key = ("both" if sheet.liked else "interest") if overlap else ("liked" if sheet.liked else "plain")
    options = TEMPLATES[language][key]
    template = rng.choice(options) if rng else options[variant % len(options)]
    liked = rng.choice(sheet.liked) if (rng and sheet.liked) else (sheet.liked[0] if sheet.liked else None)
    best = overlap[0] if overlap else None
    return template.format(
        t=_title(sheet.title, sheet.year, language),
        cats=_join(names, language),
        c=category_name(best[0], language) if best else "",
        s=f"{best[1]:.2f}" if best else "",
        l=_title(liked[0], None, language) if liked else "",
    )


# ---- the check --------------------------------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|«\s?([^»]+?)\s?»|《([^》]+)》|「([^」]+)」|„([^“”]+)[“”]')
_LIST_BREAK = re.compile(r"[,;]|\s(?:and|or|y|o|e|et|ou|und|oder)\s")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_SCORE = re.compile(r"(?<![\d.])([01][.,]\d{1,3})(?!\d)")


@dataclass
class Check:
    grounded: bool
    language_ok: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.grounded and self.language_ok


def check_explanation(
    text: str,
    sheet: FactSheet,
    language: str,
    vocabulary: Iterable[str],
    is_title: Callable[[str], bool] | None = None,
) -> Check:
    """Is every title, year, score and category in ``text`` on the sheet, and is ``text`` in ``language``?
    ``is_title`` (the catalog's title lookup) also finds catalog titles written without quotation marks."""
    vocabulary = list(vocabulary)
    problems: list[str] = []
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    titles = {_title_key(t) for t in sheet.titles}
    for title in quoted:
        if _title_key(title) not in titles:
            problems.append(f"title not on the sheet: {title!r}")
    unquoted = _QUOTED.sub(" ", text)
    # Split at list words first: latin_titles reads "The Lion King and Finding Nemo" as one longer title.
    pieces = _LIST_BREAK.split(unquoted) if is_title is not None else []
    for title in (t for piece in pieces for t in latin_titles(piece, is_title, vocabulary)):
        if not any(_title_key(title) in t for t in titles):  # a sheet title, or a part of one
            problems.append(f"title not on the sheet: {title!r}")
    for year in _YEAR.findall(unquoted):
        if int(year) not in sheet.years:
            problems.append(f"year not on the sheet: {year}")
    scores = {f"{s:.2f}" for _, s in sheet.interests}
    for score in _SCORE.findall(unquoted):
        if score.replace(",", ".") not in scores:
            problems.append(f"score not on the sheet: {score}")
    allowed = sheet.all_categories
    for category in vocabulary:
        if category in allowed:
            continue
        for name in {category, *CATEGORY_NAMES.get(category, {}).values()}:
            if _mentions(unquoted, name):
                problems.append(f"category not on the sheet: {category} ({name!r})")
                break
    if not text.strip():
        problems.append("empty explanation")
    grounded = not problems
    detected = detect_language(unquoted, default=language)
    if detected != language:
        problems.append(f"written in {detected}, not {language}")
    return Check(grounded=grounded, language_ok=detected == language, problems=problems)


def _title_key(title: str) -> str:
    """A title as the check compares it: an apostrophe that opens or closes it is often dropped inside
    quotation marks ("'Round Midnight" quoted as « Round Midnight »), and that still names the same film."""
    return title.strip().strip("'’‘").strip().casefold()


def off_sheet_names(sheet: FactSheet, vocabulary: Iterable[str]) -> list[str]:
    """Every name (English and localized) of a vocabulary category that is not on the sheet: what an
    explanation must not say, and what its generation is kept from writing. A name that is part of a title
    on the sheet ("Crime and Punishment") stays writable, so the title can be copied."""
    allowed = sheet.all_categories
    titles = " ".join(sheet.titles)
    names: set[str] = set()
    for category in vocabulary:
        if category not in allowed:
            names |= {category, *CATEGORY_NAMES.get(category, {}).values()}
    return sorted(n for n in names if n.casefold() not in titles)


def _mentions(text: str, name: str) -> bool:
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", name):
        return name in text
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE) is not None
