"""From a message to a validated ``Request``: the fine-tuned LLM writes JSON (category lists constrained to the
catalog vocabulary), ``parse_request`` validates it, and the message's language is checked against the rule
based detector. Without a model, or when its output is unusable, the request is empty and the message text is
used for retrieval as it is: the turn goes on, and no category is ever invented.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .genre_tags import tagged_genres
from .glossary import Glossary, format_hints
from .locale import detect_language
from .request import Request, parse_request, understanding_messages

log = logging.getLogger(__name__)
MAX_MODEL_CHARS = 600  # longer messages are cut for the model (the prompt would dwarf the answer)


@dataclass
class Understood:
    request: Request
    source: str  # "llm" | "none" (no model, or its output was unusable)
    problems: list[str] = field(default_factory=list)


def keyword_source(text: str, language: str) -> str | None:
    """What the model's keywords must be copied from: an English message itself (its keywords are its own
    words); None for other languages, whose keywords are English translations."""
    return text if language == "en" else None


def understand(
    text: str,
    vocabulary: Sequence[str],
    llm=None,
    language: str | None = None,
    glossary: Glossary | None = None,
) -> Understood:
    """``glossary``: dictionary hints for the prompt, for an adapter trained with them (``llm.glossary``)."""
    language = language or detect_language(text)
    if llm is None:
        return Understood(Request(language=language), "none", ["no language model loaded"])
    from .llm import generate_text

    try:
        shown = text[:MAX_MODEL_CHARS]
        hints = glossary.hints(shown, language) if glossary else []
        output = generate_text(
            llm,
            understanding_messages(shown, vocabulary, format_hints(hints)),
            96,
            categories=vocabulary,
            copy_keywords=keyword_source(shown, language),
            copy_titles=shown,
            favored_genres=tagged_genres(hints, vocabulary),
        )
    except Exception as exc:  # a model failure must not end the turn
        log.warning("understanding failed: %s", exc)
        return Understood(Request(language=language), "none", [f"model error: {exc}"])
    parsed = parse_request(output, vocabulary, text)
    if any(p.startswith("no JSON") for p in parsed.problems):
        return Understood(Request(language=language), "none", parsed.problems)
    request = parsed.request
    if request.language != language:  # the rules see scripts and function words; trust them for the reply
        parsed.problems.append(f"model said language {request.language!r}, rules say {language!r}")
        request = replace(request, language=language)
    return Understood(request, "llm", parsed.problems)
