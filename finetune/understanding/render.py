"""From a target request to a message: sample what a user asks for, then say it in one language.

The sampler (``sample_request``) decides the constraints; a ``Phrasebook`` (training or held-out) decides the
words. The same sampler drives both sets, so they ask for the same kinds of things while the held-out set says
them with other synonyms and sentence frames.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from typing import Any

from agent.request import Request

DECADES = list(range(1930, 2020, 10))
# How often a request carries no year, a decade, a lower bound, an upper bound, a range or one exact year.
YEAR_WEIGHTS = {"none": 45, "decade": 25, "after": 10, "before": 8, "between": 7, "exact": 5}
# Leading articles, dropped when a compound phrase is compared with other text.
_ARTICLES = re.compile(
    r"^(?:(?:an?|the|some|un|una|unos|unas|el|la|une|des|le|ein|eine|einen|den|die|das)\s+|l')", re.I
)


@dataclass(frozen=True)
class Phrasebook:
    genres: dict[str, dict[str, tuple[list[str], list[str]]]]  # genre -> language -> (noun phrases, topics)
    keywords: dict[str, dict[str, str]]  # English keyword -> language -> phrase
    frames: dict[str, dict[str, list[str]]]  # language -> slot -> templates
    # language -> (noun phrase naming two genres, those genres): "a romantic comedy" -> (Romance, Comedy)
    compounds: dict[str, list[tuple[str, tuple[str, str]]]] = field(default_factory=dict)
    # language -> "exclude" ({topic}) / "include" ({np}) -> whole follow-up messages ("no {topic} this time")
    followups: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # genre -> language -> exclusion segments that name it without its noun (", nothing too scary")
    negated: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def noun_phrases(self, genre: str, language: str) -> list[str]:
        return self.genres[genre][language][0]

    def topics(self, genre: str, language: str) -> list[str]:
        return self.genres[genre][language][1]

    def without(self, other: Phrasebook) -> Phrasebook:
        """This book minus every genre phrase, keyword phrase and frame that ``other`` also uses (genre phrases
        and compounds: also those that contain one of ``other``'s, "a movie with lots of car chases" for "car
        chases", or the fixed words of one of its keyword frames; frames: also near variants, where one
        contains the other).

        The training book is written independently of the held-out one, so common words ("a cartoon") turn
        up in both; removing them here keeps the held-out set's phrasing unseen in training.
        """
        taken = {
            lang: {p.casefold() for by_lang in other.genres.values() for part in by_lang[lang] for p in part}
            for lang in self.frames
        }
        taken_kw = {
            (lang, v.casefold()) for by_lang in other.keywords.values() for lang, v in by_lang.items()
        }

        # The fixed words of other's keyword frames ("を描いた" of "{k}を描いた"): a genre phrase holding them
        # ("組織犯罪を描いた映画") would teach that frame as a genre's, and the held-out set uses it for keywords.
        frame_words = {
            lang: {
                part.strip().casefold()
                for frame in other.frames.get(lang, {}).get("keyword", [])
                for part in re.split(r"\{\w+\}", frame)
                if len(part.strip()) >= 4
            }
            for lang in self.frames
        }

        def unseen(phrase: str, lang: str, genre: str) -> bool:  # a held-out phrase inside it counts as seen
            folded = phrase.casefold()
            if folded == genre.casefold():
                return True
            if any(words in folded for words in frame_words[lang]):
                return False
            return folded not in taken[lang] and not any(len(t) >= 5 and t in folded for t in taken[lang])

        genres = {
            genre: {
                lang: tuple([p for p in part if unseen(p, lang, genre)] for part in entry)
                for lang, entry in by_lang.items()
            }
            for genre, by_lang in self.genres.items()
        }
        taken_keys = {_key(k) for k in other.keywords}
        keywords = {
            key: by_lang
            for key, by_lang in self.keywords.items()
            if _key(key) not in taken_keys
            and not any((lang, v.casefold()) in taken_kw for lang, v in by_lang.items())
        }
        frames = {
            lang: {
                slot: [f for f in templates if not _near_any(f, other.frames.get(lang, {}).get(slot, []))]
                for slot, templates in slots.items()
            }
            for lang, slots in self.frames.items()
        }
        compounds = {
            lang: [(p, pair) for p, pair in entries if unseen(p, lang, "")]
            for lang, entries in self.compounds.items()
        }
        followups = {
            lang: {
                slot: [
                    f for f in templates if not _near_any(f, other.frames.get(lang, {}).get("exclude", []))
                ]
                for slot, templates in slots.items()
            }
            for lang, slots in self.followups.items()
        }
        negated = {
            genre: {
                lang: [p for p in segments if not any(t in p.casefold() for t in taken[lang] if len(t) >= 4)]
                for lang, segments in by_lang.items()
            }
            for genre, by_lang in self.negated.items()
        }
        return Phrasebook(genres, keywords, frames, compounds, followups, negated)

    def without_phrasings_in(self, messages: dict[str, list[str]]) -> Phrasebook:
        """This book minus what ``messages`` (by language) say: compound phrases that occur in them (article
        aside), follow-up templates that would produce one of them, and negated segments that overlap one.

        The conversation evaluation's scripted messages use compounds ("a crime thriller"), follow-ups ("no
        musicals either") and negated adjectives ("nothing scary"); dropping those phrasings from training
        keeps that evaluation about understanding, not recall.
        """
        said = {lang: [m.casefold() for m in ms] for lang, ms in messages.items()}
        compounds = {
            lang: [
                (p, pair)
                for p, pair in entries
                if not any(_ARTICLES.sub("", p.casefold()) in m for m in said.get(lang, []))
            ]
            for lang, entries in self.compounds.items()
        }
        followups = {
            lang: {
                slot: [f for f in templates if not any(_produces(f, m) for m in said.get(lang, []))]
                for slot, templates in slots.items()
            }
            for lang, slots in self.followups.items()
        }
        negated = {
            genre: {
                lang: [p for p in segments if not any(_overlaps(p, m) for m in said.get(lang, []))]
                for lang, segments in by_lang.items()
            }
            for genre, by_lang in self.negated.items()
        }
        return Phrasebook(self.genres, self.keywords, self.frames, compounds, followups, negated)

    def negated_segments(self, genre: str, language: str) -> list[str]:
        return self.negated.get(genre, {}).get(language, [])


def _key(keyword: str) -> str:
    """A keyword as the score compares it: no article, no plural "s" ("the Samurai" ~ "samurai")."""
    word = _ARTICLES.sub("", keyword.casefold())
    return word[:-1] if word.endswith("s") else word


def bare(text: str) -> str:
    """Text without surrounding punctuation and spaces, case-folded: how two short messages are compared."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", text.casefold())


def _produces(template: str, message: str) -> bool:
    """Whether filling the template's slots could give ``message`` (punctuation at the ends aside)."""
    parts = re.split(r"\{\w+\}", bare(template))
    return re.fullmatch(".+".join(map(re.escape, parts)), bare(message)) is not None


def _overlaps(segment: str, message: str, least: int = 4) -> bool:
    """Whether a segment and a clause of ``message`` contain one another (ends stripped, at least ``least``
    characters): ", nothing scary" overlaps "a comedy, nothing scary"; "、怖くないもので" overlaps "…、怖くないもの"."""
    core = bare(segment)
    clauses = {bare(c) for c in re.split(r"[,，、。;；:!?！？]", message)} | {bare(message)}
    return len(core) >= least and any(core in c or (len(c) >= least and c in core) for c in clauses if c)


def _skeleton(frame: str) -> str:
    return " ".join(re.sub(r"\{\w+\}", "§", frame).casefold().split())


def _words(skeleton: str) -> str:
    return " ".join(re.sub(r"[^\w§\s]", " ", skeleton).split())


def _near_any(frame: str, others: list[str]) -> bool:
    """Whether ``frame`` equals one of ``others`` or one contains the other ("up to {y}" in
    "made up to {y}"), counting only containments of at least four fixed characters. Punctuation does not
    count in a containment: "{np1}, gemischt mit {topic2}" is "{np1} gemischt mit {topic2}"; a frame of punctuation
    alone (a close of ".") has no fixed words, so only an identical one counts."""
    mine = _skeleton(frame)
    for other in map(_skeleton, others):
        short, long = sorted((_words(mine), _words(other)), key=len)
        if mine == other or (short in long and len(short.replace("§", "").replace(" ", "")) >= 4):
            return True
    return False


def split_entries(genres: dict[str, dict[str, str]]) -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """Genre tables written as ``"np|np ; topic|topic"`` strings (the held-out book) in ``Phrasebook`` form."""

    def split(entry: str) -> tuple[list[str], list[str]]:
        nps, topics = entry.split(";")
        return [p.strip() for p in nps.split("|")], [p.strip() for p in topics.split("|")]

    return {
        genre: {lang: split(entry) for lang, entry in by_lang.items()} for genre, by_lang in genres.items()
    }


def clean_title(title: str) -> str:
    """How a person writes a catalog title: no year suffix, "Matrix, The" -> "The Matrix"."""
    title = re.sub(r"\s*\(\d{4}\)\s*$", "", title).strip()
    title = re.sub(r"\s*\(a\.k\.a\..*\)$", "", title).strip()
    match = re.match(r"^(.*), (The|A|An)$", title)
    return f"{match.group(2)} {match.group(1)}" if match else title


def split_titles(titles: list[str], heldout: bool) -> list[str]:
    """A stable split of catalog titles: one in five goes to the held-out set, the rest to training."""
    out = []
    for title in titles:
        digit = int(hashlib.sha1(title.encode()).hexdigest(), 16) % 5
        if (digit == 0) == heldout and 2 <= len(title) <= 40:
            out.append(title)
    return sorted(set(out))


def sample_request(
    rng: random.Random,
    genres: list[str],
    keywords: list[str],
    titles: list[str],
    language: str,
    year_weights: dict[str, int] = YEAR_WEIGHTS,
) -> Request:
    """A random, plausible request: 0-2 genres, maybe an exclusion, a year bound, a title, a topic."""
    while True:
        include = rng.sample(genres, rng.choices([0, 1, 2], weights=[25, 55, 20])[0])
        rest = [g for g in genres if g not in include]
        exclude = rng.sample(rest, rng.choices([0, 1, 2], weights=[55, 40, 5])[0])
        year_min, year_max = _years(rng, year_weights)
        title = [rng.choice(titles)] if titles and rng.random() < 0.15 else []
        keyword = [rng.choice(keywords)] if rng.random() < 0.3 else []
        request = Request(
            tuple(include), tuple(exclude), year_min, year_max, tuple(title), tuple(keyword), language
        )
        if include or exclude or year_min or year_max or title or keyword:
            return request


def _years(rng: random.Random, weights: dict[str, int]) -> tuple[int | None, int | None]:
    kind = rng.choices(list(weights), list(weights.values()))[0]
    if kind == "decade":
        start = rng.choice(DECADES)
        return start, start + 9
    year = rng.randint(1940, 2018)
    if kind == "after":
        return year, None
    if kind == "before":
        return None, year
    if kind == "between":
        end = min(year + rng.randint(3, 25), 2018)
        return year, end
    if kind == "exact":
        return year, year
    return None, None


def year_kind(request: Request) -> str | None:
    lo, hi = request.year_min, request.year_max
    if lo is None and hi is None:
        return None
    if lo is not None and hi is None:
        return "after"
    if lo is None:
        return "before"
    if lo == hi:
        return "exact"
    if lo % 10 == 0 and hi == lo + 9:
        return "decade"
    return "between"


def render(
    request: Request,
    book: Phrasebook,
    rng: random.Random,
    what: str | None = None,
    joined_share: float = 0.0,
    articleless_share: float = 0.0,
) -> str:
    """Say ``request`` in ``request.language`` with phrases from ``book`` (``what``: a given noun phrase
    for the included genres, such as a compound; ``joined_share``: how often a Japanese exclusion that starts
    a clause follows the noun phrase through で instead of the closer, "…コメディで、怖くないやつで";
    ``articleless_share``: how often the noun phrase loses its leading article, "fantasy adventure without
    romance").

    The shares draw from ``rng`` only when above zero, so the held-out set (rendered without them) stays the
    same message for message."""
    lang = request.language or "en"
    frames = book.frames[lang]
    parts: dict[str, str] = {"what": what or _what(request, book, frames, rng)}
    if articleless_share > 0 and rng.random() < articleless_share:
        parts["what"] = without_article(parts["what"], lang)
    kind = year_kind(request)
    if kind:
        parts["when"] = _when(request, kind, frames, rng)
    if request.keywords:
        parts["about"] = rng.choice(frames["keyword"]).format(k=book.keywords[request.keywords[0]][lang])
    if request.titles:
        parts["like"] = rng.choice(frames["title"]).format(t=request.titles[0])
    notx = "".join(_exclusion(g, lang, book, rng) for g in request.exclude)
    if lang == "ja" and notx.startswith("、") and joined_share > 0 and rng.random() < joined_share:
        mods = [parts[k] for k in ("when", "about", "like") if k in parts]
        rng.shuffle(mods)
        return rng.choice(frames["open"]) + "".join(mods) + parts["what"] + "で" + notx
    return _assemble(lang, parts, notx, frames, rng)


NEGATED_SHARE = 0.5  # exclusions said through an adjective (", nothing scary") when the book has some
BARE_SHARE = 0.35  # one-genre follow-ups that are just the noun phrase ("a war movie?")


def _exclusion(genre: str, lang: str, book: Phrasebook, rng: random.Random) -> str:
    negated = book.negated_segments(genre, lang)
    if negated and rng.random() < NEGATED_SHARE:
        return rng.choice(negated)
    return rng.choice(book.frames[lang]["exclude"]).format(topic=rng.choice(book.topics(genre, lang)))


def render_followup(request: Request, book: Phrasebook, rng: random.Random) -> str:
    """A short mid-conversation message for a one-genre request: "no {topic} this time" (exclude) or
    "what about {np}?" (include); exclusions are often a bare negated segment ("nothing too scary"), and
    inclusions sometimes the bare noun phrase."""
    lang = request.language or "en"
    if request.include:
        phrase = rng.choice(book.noun_phrases(request.include[0], lang))
        if rng.random() < BARE_SHARE:
            return phrase + rng.choice(["", "", "?", "!", "."])
        return rng.choice(book.followups[lang]["include"]).format(np=phrase)
    genre = request.exclude[0]
    negated = book.negated_segments(genre, lang)
    if negated and rng.random() < NEGATED_SHARE:
        return _bare_segment(rng.choice(negated))
    return rng.choice(book.followups[lang]["exclude"]).format(topic=rng.choice(book.topics(genre, lang)))


# Indefinite articles that start the training book's noun phrases ("a", "una", "un", "einen": 94% of them).
ARTICLES = {"en": ("a", "an"), "es": ("un", "una"), "fr": ("un", "une"), "de": ("ein", "eine", "einen")}


def without_article(phrase: str, language: str) -> str:
    """The noun phrase as people type it in a hurry: "a fantasy adventure" -> "fantasy adventure". Before,
    every included genre in training came with its article while excluded topics come bare ("without
    romance"), and v28 reads a bare genre as an exclusion: "fantasy adventure without romance" and "horror
    comedy, nothing gory" exclude Fantasy and Horror; with "a" in front it includes both genres."""
    first, _, rest = phrase.partition(" ")
    return rest if rest and first.casefold() in ARTICLES.get(language, ()) else phrase


def _bare_segment(segment: str) -> str:
    """An exclusion segment said on its own: leading punctuation and connectives' spaces removed."""
    return re.sub(r"^[\s,，、。.;；:—–-]+", "", segment)


def _what(request: Request, book: Phrasebook, frames: dict[str, Any], rng: random.Random) -> str:
    lang = request.language or "en"
    genres = list(request.include)
    if not genres:
        return rng.choice(frames["generic"])
    if len(genres) == 1:
        return rng.choice(book.noun_phrases(genres[0], lang))
    first, second = genres
    return rng.choice(frames["combine"]).format(
        np1=rng.choice(book.noun_phrases(first, lang)),
        np2=rng.choice(book.noun_phrases(second, lang)),
        topic1=rng.choice(book.topics(first, lang)),
        topic2=rng.choice(book.topics(second, lang)),
    )


def _when(request: Request, kind: str, frames: dict[str, Any], rng: random.Random) -> str:
    lo, hi = request.year_min, request.year_max
    templates = frames[kind]
    if kind == "decade" and lo is not None and lo >= 2000:
        templates = [t for t in templates if "{d2}" not in t] or templates
    template = rng.choice(templates)
    year = lo if lo is not None else hi
    return template.format(y=year, a=lo, b=hi, d2=str(lo)[2:] if lo else "", d4=lo)


def _assemble(lang: str, parts: dict[str, str], notx: str, frames: dict[str, Any], rng: random.Random) -> str:
    opener, closer = rng.choice(frames["open"]), rng.choice(frames["close"])
    if lang in ("zh", "ja"):
        # Modifiers come before the noun: [when][about][like][what], then the verb, then any exclusion.
        mods = [parts[k] for k in ("when", "about", "like") if k in parts]
        rng.shuffle(mods)
        if lang == "zh":  # Chinese closers are particles and punctuation: the exclusion goes before them
            return opener + "".join(mods) + parts["what"] + notx + closer
        return opener + "".join(mods) + parts["what"] + closer + notx
    mods = [" " + parts["when"] if "when" in parts else "", parts.get("about", ""), parts.get("like", "")]
    mods = [m for m in mods if m]
    rng.shuffle(mods)
    text = opener + parts["what"] + "".join(mods) + notx + closer
    return text[0].upper() + text[1:]


_ELIDABLE = re.compile(
    r"\b([DdJjLlNn]e|[Qq]ue|[Ll]a) (?=[aeiouàâéèêîïôûAEIOUÀÂÉÈÊÎÔÛ]|h(?:orreur|istoire|umour|omme|ôpital)s?\b)"
)


def elide_french(text: str) -> str:
    """French elision, which slot filling cannot know: "pas de horreur" -> "pas d'horreur",
    "que un" -> "qu'un"."""
    return _ELIDABLE.sub(lambda m: m.group(1)[:-1] + "'", text)


def render_chat(language: str, book: Phrasebook, rng: random.Random) -> str:
    """A message with no request in it (greetings, thanks, injected instructions)."""
    return rng.choice(book.frames[language]["chat"])
