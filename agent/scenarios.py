"""Scripted conversations for ``llmrec eval conversation``, written by hand in six languages (not generated
from the fine-tuning phrasebooks). Each step carries the constraints a correct agent must then satisfy
("gold"), so a wrong parse shows up as imprecise items rather than passing unnoticed.

Gold keys: include (all of), exclude (none of), year_min / year_max, and "older": every item must be older
than the oldest one shown in the previous step.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    message: str
    kind: str  # what the agent should do: recommend | explain | feedback | refine | other
    gold: dict = field(default_factory=dict)
    language: str | None = None  # the reply's expected language when it differs from the scenario's


@dataclass(frozen=True)
class Scenario:
    name: str
    language: str
    steps: tuple[Step, ...]


_90S_ANIMATED = {
    "include": ["Animation", "Comedy"],
    "exclude": ["Horror"],
    "year_min": 1990,
    "year_max": 1999,
}
_NO_MUSICALS = {**_90S_ANIMATED, "exclude": ["Horror", "Musical"]}
_CRIME_70S = {"include": ["Crime", "Thriller"], "year_min": 1970, "year_max": 1979}

# language -> the messages of each script, in order
MESSAGES = {
    "en": {
        "refine": ["a 90s animated comedy, nothing scary", "why #2?", "why #99?", "no musicals either",
                   "loved the first one"],
        "older": ["a war movie", "something older", "more like #1"],
        "decade": ["a crime thriller", "only from the 70s", "why #1?"],
        "switch": ["a romantic comedy", "la segunda no es para mí"],
    },
    "zh": {
        "refine": ["来一部90年代的动画喜剧，不要恐怖的", "为什么推荐第2部？", "为什么推荐第99部？", "也不要歌舞片",
                   "第一部很喜欢"],
        "older": ["想看一部战争片", "来点更老的", "更多像第1部那样的"],
        "decade": ["犯罪惊悚片", "只要70年代的", "为什么推荐第1部？"],
        "switch": ["浪漫喜剧", "not for me, the second one"],
    },
    "es": {
        "refine": ["una comedia animada de los 90, nada de terror", "¿por qué la 2?", "¿por qué la 99?",
                   "tampoco musicales", "me encantó la primera"],
        "older": ["una película bélica", "algo más antiguo", "más como la 1"],
        "decade": ["un thriller criminal", "solo de los 70", "¿por qué la 1?"],
        "switch": ["una comedia romántica", "not for me, the second one"],
    },
    "fr": {
        "refine": ["une comédie animée des années 90, rien d'effrayant", "pourquoi le 2 ?", "pourquoi le 99 ?",
                   "pas de comédies musicales non plus", "j'ai adoré le premier"],
        "older": ["un film de guerre", "quelque chose de plus ancien", "plus comme le 1"],
        "decade": ["un thriller policier", "seulement des années 70", "pourquoi le 1 ?"],
        "switch": ["une comédie romantique", "not for me, the second one"],
    },
    "de": {
        "refine": ["eine animierte Komödie aus den 90ern, nichts Gruseliges", "warum Nr. 2?", "warum Nr. 99?",
                   "auch keine Musicals", "der erste hat mir gefallen"],
        "older": ["einen Kriegsfilm", "etwas Älteres", "mehr wie Nr. 1"],
        "decade": ["einen Krimi-Thriller", "nur aus den 70ern", "warum Nr. 1?"],
        "switch": ["eine romantische Komödie", "not for me, the second one"],
    },
    "ja": {
        "refine": ["90年代のアニメのコメディで、怖くないもの", "2番目はなぜ？", "99番目はなぜ？", "ミュージカルもなしで",
                   "1番目が気に入った"],
        "older": ["戦争映画が見たい", "もっと古いのがいい", "1番目みたいなのをもっと"],
        "decade": ["犯罪スリラー", "70年代のものだけ", "1番目はなぜ？"],
        "switch": ["ロマンチックコメディ", "not for me, the second one"],
    },
}  # fmt: skip

BAD_INPUT = ("", "   ", "🎬🍿🎥", "a steampunk opera about clocks", "why " * 25_000)


def scenarios() -> list[Scenario]:
    out = []
    for lang, m in MESSAGES.items():
        switch_lang = "es" if lang == "en" else "en"
        out += [
            Scenario(
                "refine",
                lang,
                (
                    Step(m["refine"][0], "recommend", _90S_ANIMATED),
                    Step(m["refine"][1], "explain"),
                    Step(m["refine"][2], "explain"),  # no #99: a clear reply, nothing else changes
                    Step(m["refine"][3], "refine", _NO_MUSICALS),
                    Step(m["refine"][4], "feedback", _NO_MUSICALS),
                ),
            ),
            Scenario(
                "older",
                lang,
                (
                    Step(m["older"][0], "recommend", {"include": ["War"]}),
                    Step(m["older"][1], "refine", {"include": ["War"], "older": True}),
                    Step(m["older"][2], "refine", {"include": ["War"]}),
                ),
            ),
            Scenario(
                "decade",
                lang,
                (
                    Step(m["decade"][0], "recommend", {"include": ["Crime", "Thriller"]}),
                    Step(m["decade"][1], "refine", _CRIME_70S),
                    Step(m["decade"][2], "explain"),
                ),
            ),
            Scenario(
                "switch",
                lang,
                (
                    Step(m["switch"][0], "recommend", {"include": ["Romance", "Comedy"]}),
                    Step(
                        m["switch"][1], "feedback", {"include": ["Romance", "Comedy"]}, language=switch_lang
                    ),
                ),
            ),
        ]
    out.append(Scenario("bad-input", "en", tuple(Step(text, "other") for text in BAD_INPUT)))
    return out
