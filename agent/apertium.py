"""English glosses for a message's nouns and adjectives from Apertium language pairs (Spanish and French).

FreeDict's Spanish and French dictionaries have 4,500 and 8,000 headwords and lack most request topics ("boxeo",
"ajedrez", "fantôme"). Apertium's pairs (Debian ``apertium-eng-spa`` and ``apertium-fr-es``, GPL) have a
morphological analyser, which finds each word's lemma and part of speech ("submarinos" -> submarino<n><m><pl>),
and bilingual dictionaries, which give the lemma in the other language. Debian has no French-English pair, so
French goes through Spanish ("échecs" -> ajedrez -> chess). All are finite-state transducers run by ``lt-proc``
(Debian ``lttoolbox``): a few short subprocess calls per message. A missing pair or ``lt-proc`` means no glosses
from here, never an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# message language -> (analyser, bilingual dictionaries from that language to English), under the data folder
ROUTES = {
    "es": ("apertium-eng-spa/spa-eng.automorf.bin", ("apertium-eng-spa/spa-eng.autobil.bin",)),
    "fr": (
        "apertium-fr-es/fr-es.automorf.bin",
        ("apertium-fr-es/fr-es.autobil.bin", "apertium-eng-spa/spa-eng.autobil.bin"),
    ),
}
POS = ("n", "adj")  # what a request's topic or genre word is; verbs and function words get no gloss
_UNIT = re.compile(r"\^((?:[^$\\]|\\.)*)\$")
_SLASH = re.compile(r"(?<!\\)/")


@dataclass(frozen=True)
class Apertium:
    """One route into English: an analyser, then one or more bilingual dictionaries."""

    analyser: Path
    bilinguals: tuple[Path, ...]

    @classmethod
    def find(cls, language: str, root: Path = Path("/usr/share/apertium")) -> Apertium | None:
        """The installed route for ``language``, or None."""
        route = ROUTES.get(language)
        if route is None or shutil.which("lt-proc") is None:
            return None
        found = cls(root / route[0], tuple(root / b for b in route[1]))
        return found if all(p.exists() for p in (found.analyser, *found.bilinguals)) else None

    def glosses(self, text: str) -> dict[str, list[str]]:
        """{word as written: English glosses} for the nouns and adjectives of ``text``; {} if ``lt-proc`` fails
        (a hint is a help, never a reason to fail a request)."""
        try:
            # -w: lemmas in the dictionary's case ("Oeste" -> oeste), as the bilingual dictionaries write them
            current = pick_analyses(_lt_proc(self.analyser, _escape(text), "-w"))
            for bilingual in self.bilinguals:
                units = " ".join(f"^{a}$" for a in current.values())
                found = targets(_lt_proc(bilingual, units, "-b")) if current else []
                if len(found) != len(current):
                    return {}
                # a middle language goes on with its first translation, tags and all ("ajedrez<n><m><sg>")
                options = {w: f for w, f in zip(current, found, strict=True) if f}
                current = {w: f[0] for w, f in options.items()}
        except (OSError, subprocess.SubprocessError):
            return {}
        return (
            {w: list(dict.fromkeys(_untagged(t) for t in f)) for w, f in options.items()} if current else {}
        )


def pick_analyses(analysed: str) -> dict[str, str]:
    """{surface word: one noun analysis, else one adjective analysis} from ``lt-proc -w`` output such as
    ``^cocina/cocina<n><f><sg>/cocinar<vblex><pri><p3><sg>$``. Among nouns, a lemma spelt as the word comes first
    ("échecs" the game before échec, a failure); unknown words (``*word``) and contractions are skipped."""
    out: dict[str, str] = {}
    for unit in _UNIT.findall(analysed):
        surface, *analyses = _SLASH.split(unit)
        usable = [a for a in analyses if "+" not in a and not a.startswith("*")]
        for pos in POS:
            of_pos = [a for a in usable if re.match(rf"[^<]+<{pos}>", a)]
            if of_pos:
                same = [a for a in of_pos if a.split("<")[0] == surface.casefold()]
                out.setdefault(surface, (same or of_pos)[0])
                break
    return out


def targets(bilingual: str) -> list[list[str]]:
    """Per unit of ``lt-proc -b`` output (``^cocina<n><f><sg>/cookery<n><sg>/cooking<n><sg>$``), its translations
    with their tags; an empty list where the dictionary has none (``@cocina``)."""
    out = []
    for unit in _UNIT.findall(bilingual):
        _, *found = _SLASH.split(unit)
        out.append([t for t in found if t and not t.startswith("@")])
    return out


def _untagged(analysis: str) -> str:
    return re.sub(r"<[^>]*>", "", analysis).replace("#", "").replace("_", " ").strip()


def _escape(text: str) -> str:
    """Plain text in Apertium's stream format, which reserves ^ $ / < > @ * \\ and the brackets."""
    return re.sub(r"([\^$/<>\[\]{}@\\*])", r"\\\1", text)


def _lt_proc(transducer: Path, text: str, flag: str) -> str:
    run = subprocess.run(
        ["lt-proc", flag, str(transducer)], input=text, capture_output=True, text=True, timeout=10, check=True
    )
    return run.stdout
