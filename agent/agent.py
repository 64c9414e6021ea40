"""The conversational recommender: one ``chat`` call is one turn.

A turn (1) reads the message's move by rules (``intent``): explain an item, feedback, "more like #n", reset,
or a request; (2) for a request, asks the LLM for constraints (``understand``) and merges them into the
session's; (3) ranks catalog items with the tools (Chroma retrieval, interest scores, session feedback),
excluding what was shown or disliked; (4) writes the reply in the message's language, with a grounded one-line
explanation per item, or, for "why #n?", the LLM's explanation when it passes the check (else the template).

The session is worked on as a copy and saved at the end, so a failing turn leaves the stored state as it was.
Sessions and feedback persist in SQLite under ``$LLMREC_HOME``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .config import Config, load_config
from .explain import check_explanation, explanation_messages, off_sheet_names, template_explanation
from .glossary import glossary_for
from .intent import Intent, detect_intent
from .locale import detect_language
from .memory import Memory
from .replies import say, summary
from .request import Request
from .session import Session, Shown
from .tools import Tools
from .understand import understand

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 2000


@dataclass
class TurnItem:
    item_id: str
    title: str
    score: float
    explanation: str
    year: int | None = None
    categories: list[str] = field(default_factory=list)


@dataclass
class Turn:
    reply: str
    language: str
    items: list[TurnItem] = field(default_factory=list)
    action: str = "recommend"  # recommend | refine | explain | feedback | reset | other
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what was repaired or dropped (for logs and evals)

    def to_json(self) -> dict[str, Any]:
        return {
            "reply": self.reply,
            "language": self.language,
            "action": self.action,
            "items": [
                {
                    "item_id": i.item_id,
                    "title": i.title,
                    "score": round(i.score, 4),
                    "explanation": i.explanation,
                }
                for i in self.items
            ],
        }


class RecommenderAgent:
    def __init__(self, config: Config, tools: Tools, llm: Any = None, memory: Memory | None = None) -> None:
        self.config = config
        self.tools = tools
        self.llm = llm
        self.glossary = glossary_for(llm, config.llm.dictd_dir, tools.embedder)
        self.memory = memory or Memory(config.memory_path)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    @classmethod
    def from_config(
        cls, home: str | None = None, load_model: bool = True, **overrides: Any
    ) -> RecommenderAgent:
        """An agent over the store built by ``llmrec ingest`` under ``home`` (default ``$LLMREC_HOME``).

        ``overrides`` are dotted config keys with ``__`` for dots, e.g. ``llm__quantize="none"``.
        """
        config = load_config(
            overrides={"home": home, **{k.replace("__", "."): v for k, v in overrides.items()}}
        )
        return cls.build(config, load_model)

    @classmethod
    def build(cls, config: Config, load_model: bool = True) -> RecommenderAgent:
        """An agent for ``config``; without a loadable model it answers by rules and retrieval alone."""
        tools = Tools.from_config(config)
        llm = None
        if load_model:
            from .llm import LLMLoadError, load_llm
            from .llm.constrain import token_pieces

            try:
                llm = load_llm(config.llm, config.models_dir)
                token_pieces(llm.tokenizer)  # once per process (seconds), so the first turn does not pay it
            except LLMLoadError as exc:
                log.warning("no language model: %s", exc)
        return cls(config, tools, llm)

    def describe(self) -> str:
        return self.llm.describe() if self.llm is not None else "no language model (rules and retrieval only)"

    # ---- one turn ------------------------------------------------------------------------------------------

    def chat(
        self,
        message: str,
        session_id: str = "default",
        user_id: str | None = None,
        k: int = 10,
        emit: Callable[[str], None] | None = None,
    ) -> Turn:
        """One turn. ``emit``, when given, receives the text of a generated explanation piece by piece while
        it is written (the final text is in the Turn: a streamed explanation that fails the check is replaced
        by the template's)."""
        return self._run(
            session_id,
            lambda work: self._turn(message if isinstance(message, str) else "", work, user_id, k, emit),
        )

    def stream(
        self, message: str, session_id: str = "default", user_id: str | None = None, k: int = 10
    ) -> Iterator[str | Turn]:
        """``chat`` as a generator: text pieces as they are generated, then the finished Turn."""
        return self._streamed(lambda emit: self.chat(message, session_id, user_id, k, emit))

    def explain_item(
        self, position: int, session_id: str = "default", user_id: str | None = None
    ) -> Iterator[str | Turn]:
        """ "Why #position?" in the session's language (a UI button has no language of its own), streamed."""
        intent = Intent("explain", position)
        return self._streamed(
            lambda emit: self._run(
                session_id, lambda work: self._explain(intent, work, user_id, work.language, [], emit)
            )
        )

    def feedback(
        self, position: int, liked: bool, session_id: str = "default", user_id: str | None = None, k: int = 10
    ) -> Turn:
        """👍 / 👎 on shown item #position, in the session's language; the next list follows at once."""
        intent = Intent("liked" if liked else "disliked", position)
        return self._run(
            session_id, lambda work: self._feedback(intent, work, user_id, work.language, _clamp(k), [])
        )

    def taste(self, user_id: str | None, session_id: str | None = None) -> dict[str, float]:
        """{category: interest 0..1}, highest first: the user's learned profile with their stored feedback and
        this session's likes and dislikes applied."""
        feedback = dict(self.memory.feedback(user_id)) if user_id else {}
        if session_id:
            work = self.session(session_id)
            feedback.update({i: 1 for i in work.liked} | {i: -1 for i in work.disliked})
        return self.tools.taste(user_id, feedback)

    def _run(self, session_id: str, move: Callable[[Session], Turn]) -> Turn:
        """Apply one move to a copy of the session and store the copy only when the move finished."""
        start = time.perf_counter()
        with self._lock(session_id):
            work = (self.memory.load_session(session_id) or Session()).copy()
            turn = move(work)
            self.memory.save_session(session_id, work)
        turn.seconds = time.perf_counter() - start
        return turn

    @staticmethod
    def _streamed(run: Callable[[Callable[[str], None]], Turn]) -> Iterator[str | Turn]:
        """Run a turn in a worker thread and yield what it emits, then the Turn (or re-raise its error)."""
        pieces: queue.Queue = queue.Queue()
        done = object()
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["turn"] = run(pieces.put)
            except BaseException as exc:  # handed to the caller's thread below
                result["error"] = exc
            finally:
                pieces.put(done)

        threading.Thread(target=work, daemon=True).start()
        while (piece := pieces.get()) is not done:
            yield piece
        if "error" in result:
            raise result["error"]
        yield result["turn"]

    def session(self, session_id: str) -> Session:
        return self.memory.load_session(session_id) or Session()

    def reset(self, session_id: str) -> None:
        self.memory.forget_session(session_id)

    def _lock(self, session_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(session_id, threading.Lock())

    def _turn(
        self, message: str, work: Session, user_id: str | None, k: int, emit: Callable[[str], None] | None
    ) -> Turn:
        text, k = " ".join(message.split()), _clamp(k)
        if len(text) <= MAX_MESSAGE_CHARS:
            return self._move(text, work, user_id, k, emit)
        turn = self._move(text[:MAX_MESSAGE_CHARS], work, user_id, k, emit)
        turn.reply += "\n" + say(turn.language, "truncated", limit=MAX_MESSAGE_CHARS)
        return turn

    def _move(
        self, text: str, work: Session, user_id: str | None, k: int, emit: Callable[[str], None] | None
    ) -> Turn:
        notes: list[str] = []
        if not any(ch.isalnum() for ch in text):  # empty, whitespace, emoji or punctuation only
            return Turn(say(work.language, "empty"), work.language, action="other")
        language = detect_language(text, default=work.language)
        work.language = language
        work.turns += 1
        intent = detect_intent(text)
        if intent.kind == "reset":
            fresh = Session(language=language)
            work.__dict__.update(fresh.__dict__)
            return Turn(say(language, "reset"), language, action="reset")
        if intent.kind == "explain":
            return self._explain(intent, work, user_id, language, notes, emit)
        if intent.kind in ("liked", "disliked"):
            return self._feedback(intent, work, user_id, language, k, notes)
        if intent.kind == "more_like":
            return self._more_like(intent, work, user_id, language, k, notes)
        return self._request(text, intent, work, user_id, language, k, notes)

    # ---- moves ---------------------------------------------------------------------------------------------

    def _pick(self, intent: Intent, work: Session, language: str) -> tuple[Shown | None, str | None]:
        """The item a move points at, or the reply that says why there is none."""
        if not work.shown:
            return None, say(language, "no_items")
        if intent.position is None:
            focus = next((s for s in work.shown if s.item_id == work.focus), None)
            return (focus, None) if focus else (None, say(language, "which"))
        item = work.item_at(intent.position)
        if item is None:
            return None, say(language, "bad_number", n=intent.position, count=len(work.shown))
        return item, None

    def _explain(
        self,
        intent: Intent,
        work: Session,
        user_id: str | None,
        language: str,
        notes: list[str],
        emit: Callable[[str], None] | None = None,
    ) -> Turn:
        shown, problem = self._pick(intent, work, language)
        if shown is None:
            return Turn(problem or "", language, action="explain", notes=notes)
        items = self.tools.items([shown.item_id])
        if not items:  # the catalog changed since it was shown
            return Turn(say(language, "which"), language, action="explain", notes=notes)
        item = items[0]
        sheet = self._sheet(item, work, user_id)
        number = work.shown.index(shown) + 1
        head = f"#{number} {item.title}: "
        if emit is not None:
            emit(head)
        text, used = self._llm_explanation(sheet, language, emit)
        notes.append(f"explanation from {used}")
        work.focus = item.item_id
        reply = head + text
        return Turn(reply, language, [self._turn_item(item, shown.score, text)], "explain", notes=notes)

    def _feedback(
        self, intent: Intent, work: Session, user_id: str | None, language: str, k: int, notes: list[str]
    ) -> Turn:
        shown, problem = self._pick(intent, work, language)
        if shown is None:
            return Turn(problem or "", language, action="feedback", notes=notes)
        liked = intent.kind == "liked"
        own, other = (work.liked, work.disliked) if liked else (work.disliked, work.liked)
        if shown.item_id in other:
            other.remove(shown.item_id)
        if shown.item_id not in own:
            own.append(shown.item_id)
        if user_id:
            self.memory.record(user_id, shown.item_id, 1 if liked else -1)
        work.focus = shown.item_id
        ack = say(language, "liked" if liked else "disliked", title=shown.title)
        turn = self._recommend(work, user_id, language, k, notes, action="feedback")
        turn.reply = f"{ack}\n{turn.reply}"
        return turn

    def _more_like(
        self, intent: Intent, work: Session, user_id: str | None, language: str, k: int, notes: list[str]
    ) -> Turn:
        shown, problem = self._pick(intent, work, language)
        if shown is None:
            return Turn(problem or "", language, action="refine", notes=notes)
        work.anchor = shown.item_id
        work.focus = shown.item_id
        if shown.item_id not in work.liked:
            work.liked.append(shown.item_id)
        turn = self._recommend(work, user_id, language, k, notes, action="refine")
        turn.reply = f"{say(language, 'more_like', title=shown.title)}\n{turn.reply}"
        return turn

    def _request(
        self,
        text: str,
        intent: Intent,
        work: Session,
        user_id: str | None,
        language: str,
        k: int,
        notes: list[str],
    ) -> Turn:
        understood = understand(
            text,
            self.tools.vocabulary,
            self.llm,
            language,
            self.glossary,
            is_title=self.is_title,
        )
        notes += understood.problems
        new = understood.request
        has_content = bool(
            new.include or new.exclude or new.year_min or new.year_max or new.titles or new.keywords
        )
        if understood.source == "none" and not has_content:
            # No usable model output: search by the message itself, keeping the session's constraints.
            new = replace(new, keywords=(text[:200],))
            has_content = True
        if not has_content and intent.shift is None and not work.shown:
            return Turn(say(language, "chat"), language, action="other", notes=notes)
        action = "refine" if work.shown else "recommend"
        work.constraints = merge(work.constraints, new)
        if intent.shift and work.shown:
            work.constraints = shift_years(work.constraints, work.shown, intent.shift)
        anchor = None
        for title in new.titles:
            anchor = self.tools.resolve_title(title)
            if anchor is not None:
                work.anchor = anchor.item_id
                break
        if new.titles and anchor is None:
            work.anchor = None
        return self._recommend(work, user_id, language, k, notes, action=action)

    # ---- shared steps --------------------------------------------------------------------------------------

    def _recommend(
        self, work: Session, user_id: str | None, language: str, k: int, notes: list[str], action: str
    ) -> Turn:
        feedback = self.memory.feedback(user_id) if user_id else {}
        liked = [*dict.fromkeys([*(i for i, v in feedback.items() if v > 0), *work.liked])]
        disliked = [*dict.fromkeys([*(i for i, v in feedback.items() if v < 0), *work.disliked])]
        anchor_items = self.tools.items([work.anchor]) if work.anchor else []
        exclude = set(work.seen) | set(disliked) | {a.item_id for a in anchor_items}
        scored = self.tools.recommend(
            work.constraints,
            self.tools.history(user_id),
            liked,
            disliked,
            exclude,
            k,
            anchor_items[0] if anchor_items else None,
        )
        head = summary(work.constraints, language)
        if not scored:
            work.shown = []
            return Turn(say(language, "nothing", summary=head), language, action=action, notes=notes)
        taste = self.tools.taste(user_id, feedback) if (user_id or self.tools.fitted) else {}
        liked_items = self.tools.items(liked[-20:]) + self.tools.items(self.tools.history(user_id)[-50:])
        items, shown = [], []
        for s in scored:
            sheet = self.tools.fact_sheet(s.item, taste, liked_items, work.constraints)
            line = template_explanation(sheet, language)
            items.append(self._turn_item(s.item, s.score, line))
            shown.append(
                Shown(s.item.item_id, s.item.title, s.item.year, list(s.item.categories), s.score, line)
            )
        work.shown = shown
        work.seen = [*dict.fromkeys([*work.seen, *(s.item_id for s in shown)])]
        lines = [say(language, "results", n=len(items), summary=head)]
        lines += [f"{n}. {i.title} — {i.explanation}" for n, i in enumerate(items, 1)]
        return Turn("\n".join(lines), language, items, action, notes=notes)

    def _sheet(self, item: Any, work: Session, user_id: str | None):
        feedback = self.memory.feedback(user_id) if user_id else {}
        taste = self.tools.taste(user_id, feedback) if (user_id or self.tools.fitted) else {}
        liked_ids = [
            *work.liked,
            *(i for i, v in feedback.items() if v > 0),
            *self.tools.history(user_id)[-50:],
        ]
        return self.tools.fact_sheet(item, taste, self.tools.items(liked_ids), work.constraints)

    def _llm_explanation(
        self, sheet: Any, language: str, emit: Callable[[str], None] | None = None
    ) -> tuple[str, str]:
        """The LLM's explanation when it passes the groundedness and language check, else the template's.
        With ``emit``, the text is handed over piece by piece as it is generated."""
        if self.llm is not None:
            from .llm import stream_text

            try:
                pieces = []
                off_sheet = off_sheet_names(sheet, self.tools.vocabulary)
                for piece in stream_text(
                    self.llm, explanation_messages(sheet, language), 96, avoid=off_sheet
                ):
                    pieces.append(piece)
                    if emit is not None:
                        emit(piece)
                text = "".join(pieces).strip()
                if check_explanation(text, sheet, language, self.tools.vocabulary, self.is_title).ok:
                    return text, "llm"
            except Exception as exc:  # a model failure falls back, it does not end the turn
                log.warning("explanation failed: %s", exc)
        return template_explanation(sheet, language), "template"

    def is_title(self, title: str) -> bool:
        """Is ``title`` a catalog title? (The understanding rules and the explanation check ask.)"""
        return self.tools.resolve_title(title) is not None

    @staticmethod
    def _turn_item(item: Any, score: float, explanation: str) -> TurnItem:
        return TurnItem(item.item_id, item.title, float(score), explanation, item.year, list(item.categories))


def _clamp(k: int) -> int:
    return max(1, min(int(k), 50))


def merge(old: Request, new: Request) -> Request:
    """Refine the session's constraints with a new message's: named categories replace the old includes,
    exclusions accumulate, a new year bound replaces the old range, new titles and keywords replace old ones."""
    include = new.include or tuple(c for c in old.include if c not in new.exclude)
    exclude = tuple(dict.fromkeys([*(c for c in old.exclude if c not in new.include), *new.exclude]))
    years_given = new.year_min is not None or new.year_max is not None
    return Request(
        include=include,
        exclude=exclude,
        year_min=new.year_min if years_given else old.year_min,
        year_max=new.year_max if years_given else old.year_max,
        titles=new.titles or (old.titles if not new.include else ()),
        keywords=new.keywords or (old.keywords if not new.include else ()),
        language=new.language or old.language,
    )


def shift_years(request: Request, shown: list[Shown], direction: str) -> Request:
    """ "Something older/newer": a range before the oldest or after the newest item just shown."""
    years = [s.year for s in shown if s.year]
    if not years:
        return request
    if direction == "older":
        return replace(request, year_min=None, year_max=min(years) - 1)
    return replace(request, year_min=max(years) + 1, year_max=None)
