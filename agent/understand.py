"""From a message to a validated ``Request``: the fine-tuned LLM writes JSON (category lists constrained to the
catalog vocabulary), ``parse_request`` validates it, and the message's language is checked against the rule
based detector. Without a model, or when its output is unusable, the request is empty and the message text is
used for retrieval as it is: the turn goes on, and no category is ever invented.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .frequency import zipf
from .genre_tags import favored_genres
from .glossary import Glossary, format_hints
from .locale import detect_language
from .reading import english_reading
from .request import Request, parse_request, understanding_messages

if TYPE_CHECKING:
    from .llm import LoadedLLM

log = logging.getLogger(__name__)
MAX_MODEL_CHARS = 600  # longer messages are cut for the model (the prompt would dwarf the answer)
# Grounded keywords (``keyword_terms``): a word this common in its language is a function word, and an
# unglossed word at least ENGLISH_ZIPF common in English may be copied as it is (a loan: "zombies", "kung-fu").
FUNCTION_ZIPF = 6.0
ENGLISH_ZIPF = 3.0


@dataclass
class Understood:
    request: Request
    source: str  # "llm" | "none" (no model, or its output was unusable)
    problems: list[str] = field(default_factory=list)


def keyword_terms(text: str, language: str, senses: dict[str, list[str]] | None = None) -> list[str] | None:
    """What the model's keywords may be: for an English message, runs of its own words (its keywords are its
    words); given the message's dictionary ``senses`` (``grounded_senses``), the English glosses of its words or
    its names and its English words no dictionary glosses (``agent.llm.spans.grounded_terms``); None (free)
    otherwise. Function words (Zipf ``FUNCTION_ZIPF`` or more in the message's language: "para", "auf") give no
    keyword, neither their gloss ("for") nor themselves: v28, kept from "gatos" -> "cats", wrote "for" instead.
    Other unglossed words are not copied either: v28 wrote "choisirais" (a verb Apertium does not gloss) for
    "chats" and "samouraïs" for samurai; keywords must be English, which is all the embedder reads."""
    from .llm.spans import grounded_terms, spans

    if language == "en":
        return spans(text)
    if senses is None:
        return None

    def copyable(word: str) -> bool:
        if word[:1].isupper():  # a name; in German, where every noun is capitalized, an unglossed one
            return language != "de" or word not in senses
        common = zipf(word, language) >= FUNCTION_ZIPF  # "in", "die": English too, but function words here
        return word not in senses and not common and zipf(word, "en") >= ENGLISH_ZIPF

    content = {w: g for w, g in senses.items() if zipf(w, language) < FUNCTION_ZIPF}
    terms = grounded_terms(text, content, copyable)
    # no lone English function word either ("a" of "a slice", "to" of "to introduce")
    return [t for t in terms if " " in t or zipf(t, "en") < FUNCTION_ZIPF]


def grounded_senses(
    text: str, language: str, glossary: Glossary | None, grounded: Sequence[str]
) -> dict[str, list[str]] | None:
    """The message's dictionary senses if its keywords are to be grounded in them: its language is one of
    ``grounded`` (``[llm] grounded_keywords``) and that language's dictionary is installed; else None."""
    if glossary is None or language not in grounded or language not in glossary.available():
        return None
    return glossary.senses(text, language, synonyms=True)


def reading_messages(
    text: str, language: str, hints: Sequence[tuple[str, str]], vocabulary: Sequence[str], llm: LoadedLLM
) -> list[dict[str, str]] | None:
    """The understanding prompt of the message's English reading (``agent.reading``), or None: the reading is
    off, not for this language (``llm.english_reading_languages``) or no word is tagged."""
    if not llm.english_reading or language not in llm.english_reading_languages:
        return None
    reading = english_reading(text, hints)
    return (
        None if reading is None else understanding_messages(reading[0], vocabulary, format_hints(reading[1]))
    )


def keyword_bias(language: str, llm: LoadedLLM) -> float:
    """The bonus for a "keywords" key in this language (``[llm] keyword_bias``; agent/llm/favor.py)."""
    return llm.keyword_bias if language in llm.keyword_bias_languages else 0.0


def understand(
    text: str,
    vocabulary: Sequence[str],
    llm=None,
    language: str | None = None,
    glossary: Glossary | None = None,
    is_title: Callable[[str], bool] | None = None,
) -> Understood:
    """``glossary``: dictionary hints for the prompt, for an adapter trained with them (``llm.glossary``).
    ``is_title``: the catalog's title lookup, for titles written unbracketed in Latin script in Chinese or
    Japanese (``request.latin_titles``)."""
    language = language or detect_language(text)
    if llm is None:
        return Understood(Request(language=language), "none", ["no language model loaded"])
    from .llm import generate_text

    try:
        shown = text[:MAX_MODEL_CHARS]
        senses = grounded_senses(shown, language, glossary, llm.grounded_keywords)
        hints = glossary.hints(shown, language) if glossary else []
        output = generate_text(
            llm,
            understanding_messages(shown, vocabulary, format_hints(hints)),
            96,
            categories=vocabulary,
            copy_keywords=keyword_terms(shown, language, senses),
            copy_titles=shown,
            favored_genres=favored_genres(hints, vocabulary),
            reading=reading_messages(shown, language, hints, vocabulary, llm),
            keyword_bias=keyword_bias(language, llm),
        )
    except Exception as exc:  # a model failure must not end the turn
        log.warning("understanding failed: %s", exc)
        return Understood(Request(language=language), "none", [f"model error: {exc}"])
    parsed = parse_request(output, vocabulary, text, is_title, language)
    if any(p.startswith("no JSON") for p in parsed.problems):
        return Understood(Request(language=language), "none", parsed.problems)
    request = parsed.request
    if request.language != language:  # the rules see scripts and function words; trust them for the reply
        parsed.problems.append(f"model said language {request.language!r}, rules say {language!r}")
        request = replace(request, language=language)
    return Understood(request, "llm", parsed.problems)
