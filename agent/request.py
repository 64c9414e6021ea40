"""The structured request the LLM extracts from a message, and its deterministic validation.

The model is asked for one JSON object:

    {"include": [...], "exclude": [...], "year_min": 1990, "year_max": 1999,
     "titles": [...], "keywords": [...], "language": "en"}

Whatever it returns, ``parse_request`` yields a valid ``Request``: categories are mapped onto the catalog's
own vocabulary (case-insensitively) and anything else is dropped and reported, never invented; years must be
four-digit and ordered; malformed JSON gives an empty request plus a problem list, so a bad generation can
never crash a turn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .genre_mentions import follow_polarity
from .locale import LANGUAGES, detect_language
from .years import grounded_years, sided_years

YEAR_RANGE = (1870, 2100)
# A run of Latin script (with digits and title punctuation) inside a Chinese or Japanese message.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 '&:,.!?-]*[A-Za-z0-9!?]|[A-Za-z]")
# Two or more capitalized words (or numbers) in a row, in a Latin-script message.
_CAPITALIZED_RUN = re.compile(r"(?<!\w)[A-Z0-9][\w'’&-]*(?:[ ]+[A-Z0-9][\w'’&-]*)+")
_LINKS = r"(?:of|the|and|a|an|in|on|to|for|de|la|le|les|el|los|del|des|du|der|die|das|y|et|und|von)"
_TITLE_GOES_ON = re.compile(rf"\s*:|(?:\s+{_LINKS})+\s+[A-Z0-9]")
_TITLE_CAME_FROM = re.compile(rf"[A-Z0-9][\w'’&-]*\s+(?:{_LINKS}\s+)+$")


@dataclass(frozen=True)
class Request:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    titles: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "include": list(self.include),
            "exclude": list(self.exclude),
            "year_min": self.year_min,
            "year_max": self.year_max,
            "titles": list(self.titles),
            "keywords": list(self.keywords),
            "language": self.language,
        }


@dataclass
class Parsed:
    request: Request
    problems: list[str] = field(default_factory=list)  # what was dropped or repaired, for logs and evals


def parse_request(
    text: str,
    vocabulary: Iterable[str],
    message: str | None = None,
    is_title: Callable[[str], bool] | None = None,
    language: str | None = None,
    polarity: bool = True,
) -> Parsed:
    """Turn raw model output into a valid Request over ``vocabulary`` (the catalog's categories).

    With the user's ``message``, a title is kept only if the message names it, and a year only if the message
    mentions it outside the titles it names (``years.grounded_years``): what the user did not write is the model's invention, and would
    steer retrieval away from what was asked. A lone year bound goes on the side the message's comparative
    puts it ("no older than 1962" is a lower bound; ``years.sided_years``). ``is_title`` (is this text a
    catalog title?) adds the titles a message writes unbracketed: Latin script in Chinese or Japanese,
    capitalized words elsewhere (``latin_titles``).
    The genres the message names in everyday words go in the list its negations say
    (``genre_mentions.follow_polarity``; ``language``: the message's, detected when not given; ``polarity``
    False skips this, to measure it).
    """
    problems: list[str] = []
    data = _first_json_object(text)
    if data is None:
        return Parsed(Request(), ["no JSON object in the model output"])
    by_fold = {c.casefold(): c for c in vocabulary}

    def categories(key: str) -> tuple[str, ...]:
        out: list[str] = []
        for name in _strings(data.get(key), key, problems):
            canonical = by_fold.get(name.casefold())
            if canonical is None:
                problems.append(f"{key}: {name!r} is not a catalog category; dropped")
            elif canonical not in out:
                out.append(canonical)
        return tuple(out)

    include, exclude = categories("include"), categories("exclude")
    titles = _named_titles(_strings(data.get("titles"), "titles", problems), message, problems)
    if message is not None and polarity:
        include, exclude, notes = follow_polarity(
            include,
            exclude,
            _without_titles(message, titles),  # "War Horse" names no genre
            language or detect_language(message),
            set(by_fold.values()),
        )
        problems += notes
    clash = set(include) & set(exclude)
    if clash:
        problems.append(f"categories both included and excluded: {sorted(clash)}; dropped from both")
        include = tuple(c for c in include if c not in clash)
        exclude = tuple(c for c in exclude if c not in clash)
    year_min, year_max = (
        _year(data.get("year_min"), "year_min", problems),
        _year(data.get("year_max"), "year_max", problems),
    )
    if year_min is not None and year_max is not None and year_min > year_max:
        problems.append(f"year_min {year_min} > year_max {year_max}; swapped")
        year_min, year_max = year_max, year_min
    if message is not None and is_title is not None:
        found = [
            t
            for t in latin_titles(message, is_title, by_fold)
            if t.casefold() not in map(str.casefold, titles)
        ]
        if found:
            problems.append(f"titles: {found} written in Latin script in the message; added")
            titles += tuple(found)
    if message is not None:
        message = _without_titles(message, titles)  # "Blade Runner 2049" names no year
        kept = grounded_years(year_min, year_max, message)
        if kept != (year_min, year_max):
            problems.append(
                f"years {year_min}-{year_max} are not all in the message; kept {kept[0]}-{kept[1]}"
            )
        year_min, year_max = kept
        sided = sided_years(year_min, year_max, message)
        if sided != (year_min, year_max):
            problems.append(
                f"years {year_min}-{year_max}: the message's comparative says {sided[0]}-{sided[1]}"
            )
        year_min, year_max = sided
    language = data.get("language")
    if language is not None and language not in LANGUAGES:
        problems.append(f"language {language!r} is not one of {', '.join(LANGUAGES)}; dropped")
        language = None
    return Parsed(
        Request(
            include=include,
            exclude=exclude,
            year_min=year_min,
            year_max=year_max,
            titles=titles,
            keywords=tuple(_strings(data.get("keywords"), "keywords", problems)),
            language=language,
        ),
        problems,
    )


def latin_titles(message: str, is_title: Callable[[str], bool], vocabulary: Iterable[str] = ()) -> list[str]:
    """The catalog titles a message writes without brackets that the model may have dropped. In Chinese or
    Japanese, a run of Latin script ("Toy Storyみたいな映画"): adapter v28, trained on titles in brackets
    (「{t}」, 《{t}》), drops most unbracketed ones. A run must have a letter and be no acronym ("SF", "CG", a
    category such as "IMAX"): those are genre words, not titles. In a Latin-script message, a run of two or more
    capitalized words ("The Godfather hat mir gefallen"), or that run without its first word (which may open the
    sentence). ``is_title``: the catalog's title lookup."""
    names = {v.casefold() for v in vocabulary}
    if detect_language(message) not in ("zh", "ja"):
        found = []
        for match in _CAPITALIZED_RUN.finditer(message):
            if _TITLE_GOES_ON.match(message, match.end()) or _TITLE_CAME_FROM.search(
                message[: match.start()]
            ):
                continue  # part of a longer title ("Police Academy: Mission to Moscow", "Save the Last Dance")
            run = match.group()
            words = run.split()
            for candidate in (run, " ".join(words[1:]) if len(words) > 2 else ""):
                if candidate and candidate.casefold() not in names and is_title(candidate):
                    found.append(candidate)
                    break
        return found
    found = []
    for run in _LATIN_RUN.findall(message):
        run = run.strip(" ,.:")
        acronym = run.isupper() and len(run) <= 4
        if any(c.isalpha() for c in run) and not acronym and run.casefold() not in names and is_title(run):
            found.append(run)
    return found


def _named_titles(titles: list[str], message: str | None, problems: list[str]) -> tuple[str, ...]:
    if message is None:
        return tuple(titles)
    kept = []
    for title in titles:
        if _appears(title, message):
            kept.append(title)
        else:
            problems.append(f"titles: {title!r} is not in the message; dropped")
    return tuple(kept)


def _without_titles(message: str, titles: Iterable[str]) -> str:
    """The message with each title it writes out cut, so the numbers in a title are not read as years."""
    for title in titles:
        message = re.sub(re.escape(title), " ", message, flags=re.IGNORECASE)
    return message


def _appears(title: str, message: str) -> bool:
    """Is ``title`` written in ``message`` (case, punctuation and small typos aside)?"""
    import difflib

    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())

    t, m = norm(title), norm(message)
    if not t:
        return False
    if t in m:
        return True
    words, size = m.split(), len(t.split())
    windows = (" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))
    return any(difflib.SequenceMatcher(None, t, w).ratio() >= 0.85 for w in windows)


def _first_json_object(text: str) -> dict[str, Any] | None:
    """The first parseable {...} in the text; models add prose or code fences around JSON."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text or ""):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _strings(value: Any, key: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(f"{key}: expected a list, got {type(value).__name__}; dropped")
        return []
    out = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        else:
            problems.append(f"{key}: {item!r} is not a non-empty string; dropped")
    return out


def _year(value: Any, key: str, problems: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        problems.append(f"{key}: {value!r} is not a four-digit year; dropped")
        return None
    return value


# Short on purpose: every prompt token costs CPU time in training and at each turn. The keys and their meaning
# are in the module docstring; the fine-tuned model learns them from the data.
UNDERSTANDING_SYSTEM = "Request as JSON. Categories: {vocabulary}"


def understanding_messages(text: str, vocabulary: Iterable[str], glossary: str = "") -> list[dict[str, str]]:
    """The chat messages that ask a model for the JSON request of ``text`` (fine-tuning uses the same);
    ``glossary`` is the dictionary line for its words (``agent.glossary.format_hints``), after the message."""
    system = UNDERSTANDING_SYSTEM.format(vocabulary=", ".join(vocabulary))
    user = f"{text}\n{glossary}" if glossary else text
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def request_json(request: Request) -> str:
    """The answer a model is trained to give: compact JSON, empty keys left out, language last."""
    data = {key: value for key, value in request.to_json().items() if value not in (None, [])}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
