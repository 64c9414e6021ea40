"""``llmrec eval conversation``: run the scripted scenarios through a real agent and measure what users feel.

Per language: constraint precision@10 (share of recommended items meeting every gold constraint of the step),
catalog rate (every item id resolves in the store), reply language match (titles removed before detection),
groundedness of explanations (the agent's own check, re-run on the final text), repeats within a session
(items shown twice), turn latency (p50 / p95 seconds), and agreement with the English twin (the share of the
English scenario's items that the same step in another language also shows: a request in any language should
reach the same items). ``turns`` lists every step with the session's constraints after it, its items and how
many met the gold ones, for finding what went wrong.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from typing import Any

from .agent import RecommenderAgent, Turn
from .explain import check_explanation
from .locale import detect_language
from .scenarios import Scenario, Step, scenarios


def _satisfies(item: Any, gold: dict, previous_oldest: int | None) -> bool:
    cats = set(item.categories)
    if not set(gold.get("include", ())) <= cats or cats & set(gold.get("exclude", ())):
        return False
    year = item.year
    if gold.get("year_min") is not None and (year is None or year < gold["year_min"]):
        return False
    if gold.get("year_max") is not None and (year is None or year > gold["year_max"]):
        return False
    return not (
        gold.get("older") and previous_oldest is not None and (year is None or year >= previous_oldest)
    )


def _reply_language(turn: Turn) -> str:
    text = turn.reply
    for item in turn.items:
        text = text.replace(item.title, " ")
    return detect_language(text, default="?")


def run(agent: RecommenderAgent, chosen: list[Scenario] | None = None, k: int = 10) -> dict[str, Any]:
    stats: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    turns: list[dict[str, Any]] = []
    for n, scenario in enumerate(chosen or scenarios()):
        session = f"eval-{n}-{scenario.name}-{scenario.language}-{time.time_ns()}"
        seen: set[str] = set()
        previous_oldest = None
        for step in scenario.steps:
            turn = agent.chat(step.message, session_id=session, user_id=None, k=k)
            s = stats["bad-input" if scenario.name == "bad-input" else scenario.language]
            s["latency"].append(turn.seconds)
            expected = step.language or scenario.language
            if step.message.strip() and any(ch.isalpha() for ch in step.message):
                s["language_ok"].append(_reply_language(turn) == expected)
            met = _score_items(agent, step, turn, s, seen, previous_oldest)
            turns.append(
                {
                    "scenario": scenario.name,
                    "language": scenario.language,
                    "message": step.message[:200],
                    "kind": step.kind,
                    "constraints": agent.session(session).constraints.to_json(),
                    "gold": step.gold,
                    "items": len(turn.items),
                    "item_ids": [i.item_id for i in turn.items],
                    "met": sum(met) if met is not None else None,
                }
            )
            if step.kind == "explain" and turn.items:
                item = agent.tools.items([turn.items[0].item_id])[0]
                sheet = agent._sheet(item, agent.session(session), None)
                check = check_explanation(
                    turn.items[0].explanation, sheet, expected, agent.tools.vocabulary, agent.is_title
                )
                s["grounded"].append(check.grounded)
                s["llm_explanation"].append("explanation from llm" in turn.notes)
            if turn.items and step.kind in ("recommend", "refine", "feedback"):
                years = [i.year for i in turn.items if i.year]
                previous_oldest = min(years) if years else previous_oldest
    for lang, overlap in _twin_overlap(turns).items():
        stats[lang]["twin"] += overlap
    return {
        "per_language": {lang: _summary(s) for lang, s in stats.items()},
        "scenarios": len(chosen or scenarios()),
        "turns": turns,
    }


def _score_items(
    agent, step: Step, turn: Turn, s: dict, seen: set[str], previous_oldest: int | None
) -> list[bool] | None:
    """Record the turn's item checks in ``s``; return which items met the gold constraints (None: no gold)."""
    ids = [i.item_id for i in turn.items]
    if not ids:
        return [] if step.gold else None
    found = {i.item_id: i for i in agent.tools.items(ids)}
    s["in_catalog"] += [i in found for i in ids]
    if step.kind != "explain":
        s["repeats"] += [i in seen for i in ids]
        seen.update(ids)
    if not step.gold:
        return None
    met = [_satisfies(found[i], step.gold, previous_oldest) if i in found else False for i in ids]
    s["precision"] += met
    return met


def _twin_overlap(turns: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Per language, for each recommending step with gold constraints: the share of the English twin step's
    items that this step shows too."""
    english = {(t["scenario"], n): set(t["item_ids"]) for n, t in _numbered(turns) if t["language"] == "en"}
    out: dict[str, list[float]] = defaultdict(list)
    for n, t in _numbered(turns):
        twin = english.get((t["scenario"], n))
        if t["language"] != "en" and t["gold"] and t["kind"] != "explain" and twin:
            out[t["language"]].append(len(twin & set(t["item_ids"])) / len(twin))
    return out


def _numbered(turns: list[dict[str, Any]]):
    """``(step number within its scenario, turn)`` pairs."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for t in turns:
        key = (t["scenario"], t["language"])
        yield counts[key], t
        counts[key] += 1


def _rate(values: list) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _summary(s: dict) -> dict[str, Any]:
    latency = sorted(s["latency"])
    return {
        "constraint_precision@10": _rate(s["precision"]),
        "in_catalog": _rate(s["in_catalog"]),
        "language_match": _rate(s["language_ok"]),
        "groundedness": _rate(s["grounded"]),
        "llm_explanations": _rate(s["llm_explanation"]),
        "repeat_rate": _rate(s["repeats"]),
        "english_twin_overlap@10": _rate(s["twin"]),
        "turns": len(latency),
        "latency_p50_s": round(statistics.median(latency), 3) if latency else None,
        "latency_p95_s": round(latency[int(0.95 * (len(latency) - 1))], 3) if latency else None,
    }
