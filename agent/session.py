"""One conversation's state: the accumulated constraints, the numbered items last shown, everything shown so
far (not repeated unless asked), this session's likes and dislikes, and the language.

It is plain data with a JSON form, so it can live in SQLite (``memory.py``), in a ``--session FILE`` for
scripts, or in a browser tab's state, and a turn that fails part-way leaves the previous state untouched
(the agent works on a copy and commits it at the end of the turn).
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from .request import Request


@dataclass
class Shown:
    item_id: str
    title: str
    year: int | None
    categories: list[str]
    score: float
    explanation: str = ""


@dataclass
class Session:
    constraints: Request = field(default_factory=Request)
    shown: list[Shown] = field(default_factory=list)  # the last numbered list, #1 first
    seen: list[str] = field(default_factory=list)  # every item id shown in this session
    liked: list[str] = field(default_factory=list)
    disliked: list[str] = field(default_factory=list)
    anchor: str | None = None  # "more like #n": the item the results should resemble
    focus: str | None = None  # the item last talked about ("loved it" refers to it)
    language: str = "en"
    turns: int = 0

    def item_at(self, position: int | None) -> Shown | None:
        """The shown item at a 1-based position (-1 = last); None when out of range."""
        if position is None or not self.shown:
            return None
        if position == -1:
            return self.shown[-1]
        return self.shown[position - 1] if 1 <= position <= len(self.shown) else None

    def copy(self) -> Session:
        return copy.deepcopy(self)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["constraints"] = self.constraints.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Session:
        c = data.get("constraints") or {}
        constraints = Request(
            include=tuple(c.get("include") or ()),
            exclude=tuple(c.get("exclude") or ()),
            year_min=c.get("year_min"),
            year_max=c.get("year_max"),
            titles=tuple(c.get("titles") or ()),
            keywords=tuple(c.get("keywords") or ()),
            language=c.get("language"),
        )
        return cls(
            constraints=constraints,
            shown=[Shown(**s) for s in data.get("shown") or []],
            seen=list(data.get("seen") or []),
            liked=list(data.get("liked") or []),
            disliked=list(data.get("disliked") or []),
            anchor=data.get("anchor"),
            focus=data.get("focus"),
            language=data.get("language") or "en",
            turns=int(data.get("turns") or 0),
        )
