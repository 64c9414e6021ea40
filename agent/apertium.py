"""English glosses for a message's nouns and adjectives from an Apertium language pair (Spanish for now).

FreeDict's Spanish-English dictionary has 4,500 headwords and lacks most topics ("boxeo", "ajedrez", "cocina");
Apertium's eng-spa pair (Debian ``apertium-eng-spa``, GPL) has a morphological analyser, which finds each word's
lemma and part of speech ("submarinos" -> submarino<n><m><pl>), and a bilingual dictionary, which gives the
lemma's English ("submarine"). Both are finite-state transducers run by ``lt-proc`` (Debian ``lttoolbox``): two
short subprocess calls per message. A missing pair or ``lt-proc`` means no glosses from here, never an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PAIRS = {"es": "spa-eng"}  # message language -> Apertium direction into English
POS = ("n", "adj")  # what a request's topic or genre word is; verbs and function words get no gloss
_UNIT = re.compile(r"\^((?:[^$\\]|\\.)*)\$")


@dataclass(frozen=True)
class Apertium:
    """One Apertium direction into English: ``folder`` holds its ``<pair>.automorf.bin`` and ``.autobil.bin``."""

    folder: Path
    pair: str

    @classmethod
    def find(cls, language: str, root: Path = Path("/usr/share/apertium")) -> Apertium | None:
        """The installed pair for ``language``, or None."""
        pair = PAIRS.get(language)
        if pair is None or shutil.which("lt-proc") is None:
            return None
        source, target = pair.split("-")
        for folder in (root / f"apertium-{target}-{source}", root / f"apertium-{source}-{target}"):
            found = cls(folder, pair)
            if found.automorf.exists() and found.autobil.exists():
                return found
        return None

    @property
    def automorf(self) -> Path:
        return self.folder / f"{self.pair}.automorf.bin"

    @property
    def autobil(self) -> Path:
        return self.folder / f"{self.pair}.autobil.bin"

    def glosses(self, text: str) -> dict[str, list[str]]:
        """{word as written: English glosses} for the nouns and adjectives of ``text``."""
        # -w: lemmas in the dictionary's case ("Oeste" -> oeste), as the bilingual dictionary writes them
        picked = pick_analyses(_lt_proc(self.automorf, _escape(text), "-w"))
        if not picked:
            return {}
        bilingual = _lt_proc(self.autobil, " ".join(f"^{a}$" for a in picked.values()), "-b")
        out = {}
        for word, english in zip(picked, translations(bilingual), strict=False):
            if english:
                out[word] = english
        return out


def pick_analyses(analysed: str) -> dict[str, str]:
    """{surface word: its first noun analysis, else its first adjective one} from ``lt-proc -w`` output such as
    ``^cocina/cocina<n><f><sg>/cocinar<vblex><pri><p3><sg>$`` (unknown words, ``*word``, are skipped)."""
    out: dict[str, str] = {}
    for unit in _UNIT.findall(analysed):
        surface, *analyses = re.split(r"(?<!\\)/", unit)
        usable = [a for a in analyses if "+" not in a and not a.startswith("*")]  # "+": contractions ("del")
        for pos in POS:
            first = next((a for a in usable if re.match(rf"[^<]+<{pos}>", a)), None)
            if first:
                out.setdefault(surface, first)
                break
    return out


def translations(bilingual: str) -> list[list[str]]:
    """Per unit of ``lt-proc -b`` output (``^cocina<n><f><sg>/cookery<n><sg>/cooking<n><sg>$``), its English
    words without tags; an empty list where the dictionary has none (``@cocina``)."""
    out = []
    for unit in _UNIT.findall(bilingual):
        _, *targets = re.split(r"(?<!\\)/", unit)
        words = [re.sub(r"<[^>]*>", "", t).replace("#", "").replace("_", " ").strip() for t in targets]
        out.append([w for w in dict.fromkeys(words) if w and not w.startswith("@")])
    return out


def _escape(text: str) -> str:
    """Plain text in Apertium's stream format, which reserves ^ $ / < > @ * \\ and the brackets."""
    return re.sub(r"([\^$/<>\[\]{}@\\*])", r"\\\1", text)


def _lt_proc(transducer: Path, text: str, flag: str) -> str:
    run = subprocess.run(
        ["lt-proc", flag, str(transducer)],
        input=text,
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return run.stdout
