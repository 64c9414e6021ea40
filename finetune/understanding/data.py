"""Request-understanding examples: the training set and the separately phrased held-out set."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from agent.glossary import Glossary, format_hints
from agent.locale import LANGUAGES
from agent.request import Request, request_json, understanding_messages
from agent.scenarios import MESSAGES as SCENARIO_MESSAGES

from . import heldout, phrases
from .glossary_words import genre_words, keyword_words, respeak_genre, swap_keyword
from .render import (
    YEAR_WEIGHTS,
    Phrasebook,
    bare,
    elide_french,
    render,
    render_chat,
    render_followup,
    sample_request,
    split_entries,
    split_titles,
)

HELDOUT_BOOK = Phrasebook(split_entries(heldout.GENRES), heldout.KEYWORDS, heldout.FRAMES)
_SCENARIO_SAID = {lang: [m for ms in by.values() for m in ms] for lang, by in SCENARIO_MESSAGES.items()}
_SCRIPTED = {bare(m) for ms in _SCENARIO_SAID.values() for m in ms}
TRAIN_BOOK = (
    Phrasebook(
        phrases.GENRES,
        phrases.KEYWORDS,
        phrases.FRAMES,
        phrases.COMPOUNDS,
        phrases.FOLLOWUPS,
        phrases.NEGATED,
    )
    .without(HELDOUT_BOOK)
    .without_phrasings_in(_SCENARIO_SAID)
)
CHAT_SHARE = 0.04
COMPOUND_SHARE = 0.12  # training requests whose two genres are said as one compound ("a crime thriller")
# Short mid-conversation messages: one genre to drop ("no {topic} either") or to add ("what about {np}?"), as
# often one as the other: with two drops per add, v4 learnt that a short message drops, and read the bare
# compound "un thriller criminal" as "no crime".
FOLLOWUP_SHARE = 0.12
# Training sees single-year bounds more often than the held-out mix: their direction is the hardest part.
TRAIN_YEAR_WEIGHTS = YEAR_WEIGHTS | {"none": 36, "decade": 21, "after": 13, "before": 14, "exact": 9}
# Japanese requests whose clause-starting exclusion hangs off the noun phrase ("…のコメディで、怖くないやつで"):
# v5, which only saw exclusions after the closer, read that shape as "include Horror".
JOINED_SHARE = 0.4
# Training requests whose included genres are said without an article ("fantasy adventure without romance";
# ``render.without_article``).
ARTICLELESS_SHARE = 0.2
# Non-English training requests with a keyword that swap it for a dictionary word (see glossary_words); the
# default of ``FinetuneConfig.keyword_word_share``.
GLOSSARY_KEYWORD_SHARE = 0.5
# Non-English training requests with a genre that say one genre with a dictionary word (see glossary_words);
# the default of ``FinetuneConfig.genre_word_share``.
GLOSSARY_GENRE_SHARE = 0.25


@dataclass(frozen=True)
class UnderstandingExample:
    message: str
    request: Request
    # Its genre is said with a word only the glossary's genre tag explains: its prompt must carry the tags.
    needs_tags: bool = False

    @property
    def language(self) -> str:
        return self.request.language or "en"

    def to_record(self, vocabulary: Sequence[str], glossary: Glossary | None = None) -> dict:
        """The chat-format training record: prompt messages (with the glossary line when a glossary is given,
        as the agent builds them) plus the answer the model should write."""
        hints = format_hints(glossary.hints(self.message, self.language)) if glossary else ""
        return {
            "task": "understanding",
            "language": self.language,
            "message": self.message,
            "messages": understanding_messages(self.message, vocabulary, hints),
            "answer": request_json(self.request),
        }


def build(
    n: int,
    seed: int,
    titles: Sequence[str],
    heldout_set: bool = False,
    glossary: Glossary | None = None,
    keyword_min_zipf: float = 0.0,
    keyword_zipf_languages: Sequence[str] = (),
    keyword_word_share: float = GLOSSARY_KEYWORD_SHARE,
    genre_word_share: float | None = None,
    tagged_genre_words: bool = False,
) -> list[UnderstandingExample]:
    """``n`` examples spread evenly over the six languages (training or held-out phrasing). With a glossary,
    training examples draw ``keyword_word_share`` of their keywords from its dictionaries, among words at
    least ``keyword_min_zipf`` common in ``keyword_zipf_languages`` (empty: every language), and say a genre
    with a dictionary word in ``genre_word_share`` of them (default ``GLOSSARY_GENRE_SHARE``); with
    ``tagged_genre_words`` that word may be one only its genre tag explains (``glossary_words.genre_words``),
    and such examples are marked ``needs_tags``."""
    genre_share = GLOSSARY_GENRE_SHARE if genre_word_share is None else genre_word_share
    book = HELDOUT_BOOK if heldout_set else TRAIN_BOOK
    rng = random.Random(seed)
    pool = split_titles(list(titles), heldout=heldout_set)
    genres = sorted(book.genres)
    keywords = sorted(book.keywords)
    words, genre_spoken = {}, {}
    if glossary is not None and not heldout_set:
        words = {
            lang: keyword_words(
                glossary,
                lang,
                HELDOUT_BOOK,
                book,
                keyword_min_zipf if not keyword_zipf_languages or lang in keyword_zipf_languages else 0.0,
            )
            for lang in glossary.available()
        }
        genre_spoken = {
            lang: genre_words(glossary, lang, HELDOUT_BOOK, book, tagged_genre_words)
            for lang in glossary.available()
        }
    out: list[UnderstandingExample] = []
    while len(out) < n:
        language = LANGUAGES[len(out) % len(LANGUAGES)]
        if heldout_set:
            request = sample_request(rng, genres, keywords, pool, language)
            out.append(UnderstandingExample(render(request, book, rng), request))
            continue
        example = _training_example(language, book, rng, genres, keywords, pool)
        if genre_spoken.get(language) and rng.random() < genre_share:
            spoken = respeak_genre(example, book, genre_spoken[language], glossary, rng, tagged_genre_words)
            if spoken:
                example = replace(_polished(spoken.message, spoken.request), needs_tags=tagged_genre_words)
        if words.get(language) and example.request.keywords and rng.random() < keyword_word_share:
            surface = book.keywords[example.request.keywords[0]][language]
            example = swap_keyword(example, surface, words[language], glossary, rng) or example
        if bare(example.message) not in _SCRIPTED:  # a scripted message said word for word: draw again
            out.append(example)
    return out


def _training_example(
    language: str,
    book: Phrasebook,
    rng: random.Random,
    genres: list[str],
    keywords: list[str],
    pool: list[str],
) -> UnderstandingExample:
    if rng.random() < CHAT_SHARE:
        return UnderstandingExample(render_chat(language, book, rng), Request(language=language))
    if rng.random() < FOLLOWUP_SHARE:
        genre = rng.choice(genres)
        request = Request(language=language, **{rng.choice(["include", "exclude"]): (genre,)})
        return _polished(render_followup(request, book, rng), request)
    request = sample_request(rng, genres, keywords, pool, language, TRAIN_YEAR_WEIGHTS)
    what = None
    if book.compounds.get(language) and rng.random() < COMPOUND_SHARE:
        what, pair = rng.choice(book.compounds[language])
        request = replace(request, include=pair, exclude=tuple(g for g in request.exclude if g not in pair))
    return _polished(render(request, book, rng, what, JOINED_SHARE, ARTICLELESS_SHARE), request)


def _polished(message: str, request: Request) -> UnderstandingExample:
    """A training example, with the French elision that slot filling misses (the held-out set is left as
    written, so its scores stay comparable across versions)."""
    return UnderstandingExample(elide_french(message) if request.language == "fr" else message, request)


def english_genre_phrases(book: Phrasebook = TRAIN_BOOK) -> dict[str, list[str]]:
    """genre -> its name and the training book's English phrases for it, article dropped ("a slasher" ->
    "slasher"): what glossary genre tags are matched against (``agent.genre_tags``). Held-out phrases are not
    in the training book, so a held-out word is tagged only through the embedder's own sense of English."""
    article = re.compile(r"^(?:an?|the|some|something|a movie|a film)\s+", re.IGNORECASE)
    out = {}
    for genre in book.genres:
        texts = [genre.replace("-", " "), *book.noun_phrases(genre, "en"), *book.topics(genre, "en")]
        out[genre] = list(dict.fromkeys(article.sub("", t).strip() for t in texts if t.strip()))
    return out
