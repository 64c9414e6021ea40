"""What a message asks the agent to do, decided by rules before any model runs.

Conversational moves have fixed shapes in every language ("why #2?", "more like the first one", "loved it",
"not for me", "start over", "something older"), and they must work even when the model is wrong, so they are
matched here with per-language patterns. Everything else is a request (recommend or refine), which the LLM
turns into constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORDINALS = {
    # word -> position (1-based); covers en, es, fr, de, zh, ja
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
    "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3, "cuarto": 4,
    "cuarta": 4, "quinto": 5, "quinta": 5, "último": -1, "última": -1,
    "premier": 1, "première": 1, "deuxième": 2, "troisième": 3, "quatrième": 4,
    "cinquième": 5, "dernier": -1, "dernière": -1,
    "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2, "dritte": 3, "dritten": 3,
    "vierte": 4, "vierten": 4, "fünfte": 5, "fünften": 5, "letzte": -1, "letzten": -1,
    "第一": 1, "第二": 2, "第三": 3, "第四": 4, "第五": 5, "最后": -1, "最後": -1,
    "一番目": 1, "二番目": 2, "三番目": 3, "四番目": 4, "五番目": 5,
}  # fmt: skip
_NUMBER = re.compile(
    r"(?:#|no\.?\s*|n[°º]\s*|nr\.?\s*|number\s+|número\s+|numéro\s+|nummer\s+|第)\s*(\d{1,3})", re.I
)
_BARE_NUMBER = re.compile(r"(?<![\d.])(\d{1,2})(?:\s*(?:番目?|个|部|つ目))?(?![\d])")

_WHY = re.compile(
    r"\b(why|how come|explain|por ?qu[ée]|pourquoi|warum|wieso|weshalb)\b|为什么|為什麼|为何|なぜ|どうして|なんで|理由",
    re.I,
)
_MORE_LIKE = re.compile(
    r"\bmore like\b|\bsimilar to (?:#|the |number )|\bm[áa]s (?:como|parecid[oa]s? a)\b|\bplus comme\b|"
    r"\bdans le (?:même )?genre (?:du|de la)\b|\bmehr wie\b|\bähnlich wie (?:#|der|die|das|nummer)|"
    r"更多像|类似第|像第.*那样|みたいなの(?:を)?もっと|ような(?:の|もの|作品)をもっと|に似た",
    re.I,
)
_LIKED = re.compile(
    r"\b(loved? it|liked it|great pick|loved|liked|me (?:encant[óa]|gust[óa])|j'ai (?:ador[ée]|aim[ée])|"
    r"hat mir gefallen|fand ich (?:toll|super|gut)|liebe ich)\b|喜欢|好看|大好き|好きだった|気に入った|良かった",
    re.I,
)
_DISLIKED = re.compile(
    r"\b(not for me|didn'?t like|did not like|hated it|no me gust[óa]|no es para m[íi]|pas pour moi|"
    r"je n'ai pas aimé|nicht mein ding|hat mir nicht gefallen|mag ich nicht)\b|不喜欢|不感兴趣|好きじゃない|"
    r"好きではない|苦手だった|合わなかった",
    re.I,
)
_RESET = re.compile(
    r"\b(start over|reset|new search|empezar de nuevo|recommencer|von vorne|neu anfangen)\b|重新开始|最初から|リセット",
    re.I,
)
_OLDER = re.compile(
    r"\b(older|más antigu[oa]s?|plus ancien(?:ne)?s?|älter(?:e|es|en)?)\b|更老|老一点|更早|もっと古い|古め",
    re.I,
)
_NEWER = re.compile(
    r"\b(newer|more recent|más recientes?|más nuev[oa]s?|plus récent(?:e)?s?|neuer(?:e|es|en)?)\b|更新的|新一点|"
    r"もっと新しい|新しめ",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    kind: str  # "explain" | "more_like" | "liked" | "disliked" | "reset" | "request"
    position: int | None = None  # the item number the message points at (1-based; -1 = the last shown)
    shift: str | None = None  # "older" | "newer": move the year range relative to what was shown


def item_position(text: str) -> int | None:
    """The item a message points at: "#3", "number 3", "the second one", "第2个", "2番目"."""
    match = _NUMBER.search(text)
    if match:
        return int(match.group(1))
    lowered = text.casefold()
    for word, position in sorted(_ORDINALS.items(), key=lambda kv: -len(kv[0])):
        if word in lowered and (not word.isascii() or re.search(rf"\b{re.escape(word)}\b", lowered)):
            return position
    match = _BARE_NUMBER.search(text)
    if match and len(text) < 60 and not re.search(r"\d{3,}", text):  # "why 2?" but not "from 1995"
        return int(match.group(1))
    return None


def detect_intent(text: str) -> Intent:
    position = item_position(text)
    if _RESET.search(text):
        return Intent("reset")
    if _WHY.search(text) and (position is not None or len(text) <= 25):  # "why #2?", or a bare "why this?"
        return Intent("explain", position)
    if _MORE_LIKE.search(text) and position is not None:
        return Intent("more_like", position)
    if _DISLIKED.search(text):  # before "liked": "didn't like" contains "like"
        return Intent("disliked", position)
    if _LIKED.search(text):
        return Intent("liked", position)
    shift = "older" if _OLDER.search(text) else "newer" if _NEWER.search(text) else None
    return Intent("request", position, shift)
