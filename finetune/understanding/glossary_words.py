"""Dictionary words in training messages, so the model learns to use the glossary line's English.

The phrasebook's 350-odd keywords are learnt by heart in a few hundred steps; with them alone the model has no
reason to read the glossary and still fails on a word it never saw. So a share of training messages swap their
keyword for a random dictionary word ("讲{k}的" with 潜望镜), whose English the model can only get from the
glossary line, and the gold keyword becomes that word's first gloss.

The same goes for genres: a share of training messages say one of their genres with a dictionary word whose
first gloss is an English genre phrase of the training book ("鬼屋" = haunted house -> Horror), so the model
learns to map a hinted word's meaning to a category rather than only recognizing the genre words it was shown.

Optionally the genre words also take in words whose gloss the genre tagger names ("Graben = ditch / trench
(War)"): the model can then only get the genre from the tag, as with a held-out word whose English is no training
phrase ("Schlachten = battles / slaughtering (War)", which v23 read as Action).

Words that the held-out phrasebook uses, or whose gloss is one of its keywords, are never drawn (the held-out
score must stay a test of words the model has not seen).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from agent.frequency import zipf
from agent.genre_tags import spells
from agent.glossary import MAX_GLOSSES, Glossary, cjk_content

from .render import Phrasebook, _key, render

_GLOSS = re.compile(r"[a-z]+(?: [a-z]+)?")  # one or two lower-case words: a common noun, not a name
# How a dictionary genre word is said as the request's noun phrase (its bare form is the topic). Always as a
# kind of film: v11, trained with "etwas mit {w}", read the follow-up "etwas Älteres" as a genre.
GENRE_NOUN_FRAMES = {
    "zh": ["{w}片", "{w}类的电影"],
    "ja": ["{w}系の映画", "{w}映画"],
    "de": ["einen Film der Sorte {w}", "einen Film aus dem Genre {w}"],
    "fr": ["un film de {w}"],
    "es": ["una película de {w}"],
}
# English glosses too ambiguous to name a genre ("procès" = action, a lawsuit; "Knebel" = gag, a mouth gag).
_AMBIGUOUS = {"action", "animation", "spell", "crook", "tension", "gag", "hit", "nail"}
# Tagged genre words: a stricter closeness than the agent's tags (0.7), since these become gold labels; at 0.7
# "toilet" was Comedy and "spectacles" IMAX, at 0.8 "trench" (.87) and "soldier" (.83) are War, "nail" (.81)
# Thriller is the worst left. Only common words (Zipf 3): they read naturally, and tagging a whole German
# dictionary would take minutes.
TAGGED_SIMILARITY = 0.8
TAGGED_MIN_ZIPF = 3.0


def keyword_words(
    glossary: Glossary, language: str, heldout: Phrasebook, train: Phrasebook, min_zipf: float = 0.0
) -> list[tuple[str, str]]:
    """(word as it would be written, its first gloss) pairs to draw from, sorted (the same for a seed).

    Only words at least ``min_zipf`` common (``zipf``). Left out: held-out keywords and phrases (unseen words
    must stay unseen), and genre words of either book ("喜剧" = comedy as a keyword would teach the model that
    a genre word is a topic)."""
    phrases = [p.casefold() for v in heldout.keywords.values() if v.get(language) for p in [v[language]]]
    phrases += [p for book in (heldout, train) for p in _genre_phrases(book, language)]
    taken = {_key(k) for k in heldout.keywords}
    taken |= {_key(p) for book in (heldout, train) for p in _genre_phrases(book, "en")}
    genre_words = {w for g in train.genres for w in g.casefold().split("-")} | {"film", "movie", "genre"}
    out = []
    for word, glosses in glossary.table(language).items():
        gloss = glosses[0]
        if not _GLOSS.fullmatch(gloss) or gloss.startswith("to ") or _key(gloss) in taken:
            continue
        if genre_words & set(gloss.split()) or not _shape_ok(word, language):
            continue
        if any(word in p or p in word for p in phrases):
            continue
        if min_zipf and zipf(word, language) < min_zipf:
            continue
        out.append((word.capitalize() if language == "de" else word, gloss))
    return sorted(out)


def _genre_phrases(book: Phrasebook, language: str) -> list[str]:
    return [p.casefold() for v in book.genres.values() for part in v.get(language, ()) for p in part]


def _shape_ok(word: str, language: str) -> bool:
    if language == "zh":  # common characters only: the extension blocks hold rare and archaic ones
        return 2 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word)
    if language == "ja":
        hiragana = any("\u3040" <= ch <= "\u309f" for ch in word)
        return 2 <= len(word) <= 4 and not hiragana and cjk_content(word, language)
    return word.isalpha() and 5 <= len(word) <= 14


def swap_keyword(example, surface: str, words: list[tuple[str, str]], glossary: Glossary, rng: random.Random):
    """``example`` with its keyword phrase ``surface`` replaced by a dictionary word, or None when the
    glossary would not show that word's gloss for the new message (then the model could not know it)."""
    if example.message.count(surface) != 1:
        return None
    word, gloss = rng.choice(words)
    message = example.message.replace(surface, word)
    shown = dict(glossary.hints(message, example.language))
    if not shown.get(word, "").startswith(gloss):
        return None
    return replace(example, message=message, request=replace(example.request, keywords=(gloss,)))


def genre_words(
    glossary: Glossary, language: str, heldout: Phrasebook, train: Phrasebook, tagged: bool = False
) -> dict[str, list[tuple[str, str]]]:
    """genre -> (word as written, its first gloss) for dictionary words whose first gloss is an English genre
    phrase or topic of the training book, or a genre's name; sorted, so the same for a seed.

    Left out: words inside or around a held-out genre or keyword phrase of the language, glosses that name
    more than one genre, and glosses too ambiguous to name one (``_AMBIGUOUS``). The training book has no
    held-out English phrase (``Phrasebook.without``), so no gloss is a held-out synonym either. Also left out,
    since the same words would then be taught as two genres: a word whose other shown sense names another
    genre, and a word inside another genre's training phrases ("驚悚 = horror / thriller" drawn for Horror
    made "驚悚片", the first Thriller phrase in traditional characters, a Horror request; v14 and v16 read
    "惊悚片" as Horror).

    With ``tagged`` (and a glossary that tags), also common words whose shown senses the tagger names one genre
    with at least ``TAGGED_SIMILARITY``; their messages must then show the tag (``respeak_genre``)."""
    english: dict[str, set[str]] = {}
    for genre, by_lang in train.genres.items():
        for phrase in [genre, *(p for part in by_lang.get("en", ()) for p in part)]:
            english.setdefault(_key(phrase), set()).add(genre)
    phrases = _genre_phrases(heldout, language)
    phrases += [v[language].casefold() for v in heldout.keywords.values() if v.get(language)]
    said = {g: [p.casefold() for part in v.get(language, ()) for p in part] for g, v in train.genres.items()}
    table = glossary.table(language)
    named = _tagged_genres(glossary, language, table) if tagged and glossary.tagger else {}
    out: dict[str, list[tuple[str, str]]] = {}
    for word, glosses in table.items():
        genres = english.get(_key(glosses[0]), set()) or ({named[word]} if word in named else set())
        if len(genres) != 1 or _key(glosses[0]) in _AMBIGUOUS or not _shape_ok(word, language):
            continue
        genre = next(iter(genres))
        if any(english.get(_key(g), {genre}) != {genre} for g in glosses[1:MAX_GLOSSES]):
            continue
        if any(word in p or p in word for p in phrases):
            continue
        if any(word.casefold() in p for other, ps in said.items() if other != genre for p in ps):
            continue
        out.setdefault(genre, []).append((word.capitalize() if language == "de" else word, glosses[0]))
    return {genre: sorted(words) for genre, words in sorted(out.items())}


def _tagged_genres(glossary: Glossary, language: str, table: dict[str, list[str]]) -> dict[str, str]:
    """word -> the genre the strict tagger names for its shown senses and for its first sense alone (a tag
    earned by a second sense, "一阵子 = a while / a spell (Fantasy)", would teach noise), for common words of
    a usable shape."""
    strict = replace(glossary.tagger, similarity=TAGGED_SIMILARITY)
    words = [w for w in table if _shape_ok(w, language) and zipf(w, language) >= TAGGED_MIN_ZIPF]
    lines = strict.tag([(w, " / ".join(table[w][:MAX_GLOSSES])) for w in words])
    out = {}
    for word, (_, line) in zip(words, lines, strict=True):
        match = re.search(r" \(([\w-]+)\)$", line)
        if match and strict.genre_of(table[word][0]) == match.group(1):
            out[word] = match.group(1)
    return out


def respeak_genre(
    example, book: Phrasebook, words: dict[str, list[tuple[str, str]]], glossary, rng, tagged: bool = False
):
    """``example``'s request said again with one of its genres named by a dictionary word (as the noun
    phrase, or as the topic where the sentence needs one), or None when no genre has words or the glossary
    would not show the word's gloss for the new message. ``tagged``: the shown gloss must also carry the
    genre's tag, unless it spells the genre ("Horrorfilm = horror film" gets none)."""
    request = example.request
    language = request.language or "en"
    genres = [g for g in (*request.include, *request.exclude) if words.get(g)]
    if not genres or language not in GENRE_NOUN_FRAMES:
        return None
    genre = rng.choice(genres)
    word, gloss = rng.choice(words[genre])
    noun_phrases = [f.format(w=word) for f in GENRE_NOUN_FRAMES[language]]
    spoken = replace(
        book,
        genres={**book.genres, genre: {**book.genres[genre], language: (noun_phrases, [word])}},
        negated={**book.negated, genre: {}},  # ", nothing scary" would name the genre without the word
    )
    message = render(request, spoken, rng)
    shown = dict(glossary.hints(message, language)).get(word, "")
    if not shown.startswith(gloss):
        return None
    if tagged and not (shown.endswith(f"({genre})") or spells(shown, genre)):
        return None
    return replace(example, message=message)
