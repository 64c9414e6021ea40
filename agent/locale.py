"""The six conversation languages: detecting a message's language, and category names in each language.

Detection is deterministic and small on purpose: the LLM also reports a language, and this is the check (and
the fallback) for it. Japanese is told from Chinese by kana; the Latin-script languages by weighted function
words and letters that only one of them uses, and a tie between them by how common the message's words are in
each (wordfreq).
"""

from __future__ import annotations

import re

from .frequency import zipf

LANGUAGES = ("en", "zh", "es", "fr", "de", "ja")
LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "ja": "Japanese",
}

_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-zà-ÿ]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?¿¡:;]\s*)[\s\"'«“(]*$")  # nothing but sentence punctuation before
# Words (and letters) that carry language; ambiguous ones ("de", "un", "film") get low weight.
_MARKERS: dict[str, dict[str, float]] = {
    "en": dict.fromkeys(
        [
            "your",
            "you",
            "fits",
            "interest",
            "which",
            "also",
            "liked",
            "matches",
            "shares",
            "one",
            "top",
            "the",
            "a",
            "an",
            "and",
            "with",
            "without",
            "something",
            "some",
            "movie",
            "movies",
            "film",
            "films",
            "i",
            "me",
            "my",
            "want",
            "like",
            "please",
            "show",
            "give",
            "find",
            "recommend",
            "about",
            "from",
            "not",
            "no",
            "any",
            "more",
            "less",
            "that",
            "this",
            "it",
            "is",
            "are",
            "what",
            "why",
            "of",
            "for",
            "good",
        ],
        1.0,
    ),
    "es": dict.fromkeys(
        [
            "un",
            # genre words only Spanish uses: a short request is often nothing else ("un thriller criminal")
            "criminal",
            "bélica",
            "guerra",
            "comedia",
            "terror",
            "miedo",
            "animada",
            "romántica",
            "tu",
            "tus",
            "te",
            "es",
            "encaja",
            "gusto",
            "interés",
            "gustó",
            "parece",
            "comparte",
            "género",
            "principales",
            "una",
            "uno",
            "unos",
            "unas",
            "el",
            "los",
            "las",
            "y",
            "con",
            "sin",
            "algo",
            "película",
            "películas",
            "peli",
            "quiero",
            "me",
            "gusta",
            "gustan",
            "busco",
            "dame",
            "muestra",
            "recomienda",
            "recomiéndame",
            "sobre",
            "nada",
            "ningún",
            "ninguna",
            "más",
            "menos",
            "que",
            "por",
            "qué",
            "del",
            "al",
            "como",
            "años",
            "década",
            "pero",
            "también",
            "favor",
        ],
        1.0,
    ),
    "fr": dict.fromkeys(
        [
            # genre words only French uses ("un thriller policier", "un film de guerre")
            "policier",
            "guerre",
            "comédie",
            "horreur",
            "effrayant",
            "animée",
            "romantique",
            "votre",
            "vos",
            "correspond",
            "intérêt",
            "pour",
            "est",
            "aimé",
            "ressemble",
            "relève",
            "partage",
            "fait",
            "partie",
            "une",
            "le",
            "la",
            "les",
            "des",
            "et",
            "avec",
            "sans",
            "quelque",
            "chose",
            "je",
            "veux",
            "voudrais",
            "ai",
            "quoi",
            "autre",
            "autres",
            "dans",
            "conseille",
            "conseilles",
            "truc",
            "aime",
            "cherche",
            "donne",
            "montre",
            "recommande",
            "propose",
            "sur",
            "rien",
            "aucun",
            "aucune",
            "plus",
            "moins",
            "que",
            "pourquoi",
            "du",
            "au",
            "comme",
            "années",
            "mais",
            "aussi",
            "pas",
            "un",
            "ne",
            "svp",
            "s'il",
            "vous",
            "plaît",
        ],
        1.0,
    ),
    "de": dict.fromkeys(
        [
            "zu",
            "dein",
            "deine",
            "deinem",
            "deinen",
            "deiner",
            "dir",
            "für",
            "passt",
            "gehört",
            "ähnelt",
            "gefiel",
            "gefallen",
            "interesse",
            "vorliebe",
            "teilt",
            "hauptinteressen",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "der",
            "die",
            "das",
            "den",
            "dem",
            "und",
            "mit",
            "ohne",
            "etwas",
            "ich",
            "will",
            "möchte",
            "mag",
            "suche",
            "zeig",
            "zeige",
            "gib",
            "empfiehl",
            "empfehle",
            "über",
            "nichts",
            "kein",
            "keine",
            "keinen",
            "mehr",
            "weniger",
            "warum",
            "aus",
            "von",
            "wie",
            "jahre",
            "jahren",
            "aber",
            "auch",
            "nicht",
            "bitte",
            "ist",
            "sind",
            "filme",
        ],
        1.0,
    ),
}
_LETTERS = {"es": "ñ¿¡áíóú", "fr": "çèêëàâîôûœ", "de": "äöüß"}
TIE_MARGIN = 1.0  # mean Zipf per word by which one tied language's words must be more common (wordfreq)


def _title_words(text: str) -> list[str]:
    """Capitalized words inside a sentence: a title's ("j'ai adoré The Godfather"), so they say nothing of the
    message's language. "I" is English whatever its place."""
    return [
        m.group()
        for m in re.finditer(_WORD.pattern, text, flags=re.IGNORECASE)
        if m.group()[0].isupper() and m.group() != "I" and not _SENTENCE_START.search(text[: m.start()])
    ]


def detect_language(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of ``text`` among LANGUAGES; ``default`` when nothing tells."""
    if _KANA.search(text):
        return "ja"
    han = len(_HAN.findall(text))
    lowered = text.casefold()
    words = _WORD.findall(lowered)
    if han and han >= len(words):
        return "zh"
    scores = {lang: sum(table.get(w, 0.0) for w in words) for lang, table in _MARKERS.items()}
    scores["en"] -= sum(_MARKERS["en"].get(w.casefold(), 0.0) for w in _title_words(text))
    for lang, letters in _LETTERS.items():
        scores[lang] += 0.75 * sum(lowered.count(ch) for ch in letters)
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return "zh" if han else default
    tied = [lang for lang in scores if scores[lang] == scores[best]]
    if len(tied) > 1:
        # A tie goes to the language whose words these are, where wordfreq says so clearly ("algo animado para
        # mis hijos, posterior a 2005": "algo" against "a", but every word is common Spanish); otherwise
        # ("un thriller": Spanish or French) it keeps the conversation's language.
        usage = {lang: sum(zipf(w, lang) for w in words) / len(words) for lang in tied}
        first, second = sorted(tied, key=usage.__getitem__, reverse=True)[:2]
        if usage[first] - usage[second] >= TIE_MARGIN:
            return first
    return default if default in tied else best


# MovieLens genres in each language: the names the agent writes in explanations and that groundedness checks
# look for. A catalog category without an entry here is written as it is in the catalog.
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "Action": {"zh": "动作", "es": "acción", "fr": "action", "de": "Action", "ja": "アクション"},
    "Adventure": {"zh": "冒险", "es": "aventura", "fr": "aventure", "de": "Abenteuer", "ja": "冒険"},
    "Animation": {"zh": "动画", "es": "animación", "fr": "animation", "de": "Animation", "ja": "アニメ"},
    "Children": {"zh": "儿童", "es": "infantil", "fr": "jeunesse", "de": "Kinder", "ja": "子供向け"},
    "Comedy": {"zh": "喜剧", "es": "comedia", "fr": "comédie", "de": "Komödie", "ja": "コメディ"},
    "Crime": {"zh": "犯罪", "es": "crimen", "fr": "policier", "de": "Krimi", "ja": "犯罪"},
    "Documentary": {
        "zh": "纪录片",
        "es": "documental",
        "fr": "documentaire",
        "de": "Dokumentarfilm",
        "ja": "ドキュメンタリー",
    },
    "Drama": {"zh": "剧情", "es": "drama", "fr": "drame", "de": "Drama", "ja": "ドラマ"},
    "Fantasy": {"zh": "奇幻", "es": "fantasía", "fr": "fantastique", "de": "Fantasy", "ja": "ファンタジー"},
    "Film-Noir": {
        "zh": "黑色电影",
        "es": "cine negro",
        "fr": "film noir",
        "de": "Film noir",
        "ja": "フィルム・ノワール",
    },
    "Horror": {"zh": "恐怖", "es": "terror", "fr": "horreur", "de": "Horror", "ja": "ホラー"},
    "IMAX": {"zh": "IMAX", "es": "IMAX", "fr": "IMAX", "de": "IMAX", "ja": "IMAX"},
    "Musical": {
        "zh": "歌舞",
        "es": "musical",
        "fr": "comédie musicale",
        "de": "Musical",
        "ja": "ミュージカル",
    },
    "Mystery": {"zh": "悬疑", "es": "misterio", "fr": "mystère", "de": "Mystery", "ja": "ミステリー"},
    "Romance": {"zh": "爱情", "es": "romance", "fr": "romance", "de": "Liebesfilm", "ja": "恋愛"},
    "Sci-Fi": {
        "zh": "科幻",
        "es": "ciencia ficción",
        "fr": "science-fiction",
        "de": "Science-Fiction",
        "ja": "SF",
    },
    "Thriller": {"zh": "惊悚", "es": "suspense", "fr": "thriller", "de": "Thriller", "ja": "スリラー"},
    "War": {"zh": "战争", "es": "bélica", "fr": "guerre", "de": "Kriegsfilm", "ja": "戦争"},
    "Western": {"zh": "西部", "es": "wéstern", "fr": "western", "de": "Western", "ja": "西部劇"},
}


def category_name(category: str, language: str) -> str:
    """``category`` as written in ``language`` (English and unknown categories stay as they are)."""
    return CATEGORY_NAMES.get(category, {}).get(language, category)
