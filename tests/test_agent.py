"""The agent's turn loop without a language model (rules + retrieval): numbering, explanations, feedback that
persists, no repeats, bad input, interleaved sessions, and a restart."""

from __future__ import annotations

import pytest

from agent.agent import RecommenderAgent, merge, shift_years
from agent.request import Request
from agent.session import Shown


def test_turns_number_explain_and_never_repeat(agent):
    first = agent.chat("a film about space dragons", session_id="s1", k=5)
    assert first.action == "recommend" and len(first.items) == 5 and first.language == "en"
    assert first.reply.splitlines()[1].startswith("1. ")
    why = agent.chat("why #2?", session_id="s1")
    assert why.action == "explain" and why.items[0].item_id == first.items[1].item_id
    assert first.items[1].title in why.reply
    more = agent.chat("more please", session_id="s1", k=5)
    assert not {i.item_id for i in more.items} & {i.item_id for i in first.items}  # nothing shown twice


def test_feedback_persists_and_steers(agent):
    first = agent.chat("a film about ghosts", session_id="s1", user_id="u7", k=5)
    disliked = first.items[0].item_id
    turn = agent.chat("not for me, the first one", session_id="s1", user_id="u7", k=5)
    assert turn.action == "feedback" and disliked not in {i.item_id for i in turn.items}
    assert agent.memory.feedback("u7") == {disliked: -1}
    again = agent.chat("a film about ghosts", session_id="fresh", user_id="u7", k=10)
    assert disliked not in {i.item_id for i in again.items}  # remembered across sessions

    restarted = RecommenderAgent(agent.config, agent.tools, llm=None)  # a new process on the same home
    assert restarted.session("s1").disliked == [disliked]


@pytest.mark.parametrize(
    ("message", "expect"),
    [("", "Tell me"), ("   \n ", "Tell me"), ("🎬🍿", "Tell me"), ("why #99?", "not shown anything")],
)
def test_bad_input_gets_a_clear_reply(agent, message, expect):
    turn = agent.chat(message, session_id="bad")
    assert expect in turn.reply and turn.items == []


def test_unknown_number_and_huge_message_leave_state_intact(agent):
    agent.chat("a film about love", session_id="s1", k=3)
    before = agent.session("s1")
    turn = agent.chat("why #99?", session_id="s1")
    assert "There is no #99" in turn.reply and "3 items" in turn.reply
    assert agent.session("s1").shown == before.shown
    huge = agent.chat("dragon " * 15000, session_id="s1", k=3)  # about 100 kB
    assert "first 2000 characters" in huge.reply and huge.items


def test_interleaved_sessions_do_not_mix(agent):
    a1 = agent.chat("a film about dogs", session_id="A", k=3)
    b1 = agent.chat("una película sobre el espacio", session_id="B", k=3)
    a2 = agent.chat("why #1?", session_id="A")
    b2 = agent.chat("¿por qué la 1?", session_id="B")
    assert a2.items[0].item_id == a1.items[0].item_id and b2.items[0].item_id == b1.items[0].item_id
    assert b2.language == "es" and a2.language == "en"


def test_reset(agent):
    agent.chat("a film about dogs", session_id="r", k=3)
    assert agent.chat("start over", session_id="r").action == "reset"
    assert (
        agent.session("r").shown == [] and "not shown anything" in agent.chat("why #1?", session_id="r").reply
    )


def test_merge_and_shift():
    old = Request(include=("Comedy",), exclude=("Horror",), year_min=1990, year_max=1999)
    assert merge(old, Request(exclude=("Drama",))) == Request(
        include=("Comedy",), exclude=("Horror", "Drama"), year_min=1990, year_max=1999
    )
    assert merge(old, Request(include=("Horror",))).exclude == ()  # naming it again lifts the exclusion
    assert merge(old, Request(year_min=2000)).year_max is None
    shown = [Shown("1", "a", 1994, [], 1.0), Shown("2", "b", 1997, [], 1.0)]
    assert shift_years(old, shown, "older").year_max == 1993
    assert shift_years(old, shown, "newer").year_min == 1998


def test_ask_command_carries_state_in_a_session_file(agent, tmp_path, tiny_lm, capsys):
    import json

    from ui.cli import main

    home, embed = str(agent.config.home), str(agent.config.embedding.model)
    state = tmp_path / "s.json"
    base = ["--home", home, "--embed-model", embed, "--model", str(tiny_lm), "--device", "cpu"]
    assert main(["ask", "a film about dragons", "--session", str(state), "-k", "3", "--json", *base]) == 0
    first = json.loads(capsys.readouterr().out)
    assert set(first) >= {"reply", "language", "items"} and len(first["items"]) == 3
    assert set(first["items"][0]) == {"item_id", "title", "score", "explanation"}
    assert main(["ask", "why #3?", "--session", str(state), "--json", *base]) == 0
    why = json.loads(capsys.readouterr().out)
    assert why["items"][0]["item_id"] == first["items"][2]["item_id"]
    state.write_text("{not json")
    assert main(["ask", "hi", "--session", str(state), *base]) == 1
    assert "not a session file" in capsys.readouterr().err


def test_conversation_eval_runs_every_scenario(agent):
    from agent.conversation_eval import run
    from agent.scenarios import scenarios

    chosen = [s for s in scenarios() if s.language in ("en", "ja") or s.name == "bad-input"]
    report = run(agent, chosen, k=5)
    assert set(report["per_language"]) == {"en", "ja", "bad-input"}
    en = report["per_language"]["en"]
    assert en["in_catalog"] == 1.0 and en["repeat_rate"] == 0.0 and en["turns"] == 13
    assert en["latency_p50_s"] is not None and en["constraint_precision@10"] is not None
    en_turns = [t for t in report["turns"] if t["language"] == "en" and t["scenario"] != "bad-input"]
    assert len(en_turns) == 13 and all("include" in t["constraints"] for t in en_turns)
    scored = [t for t in en_turns if t["gold"]]
    assert scored and all(0 <= t["met"] <= t["items"] for t in scored)
    assert all(len(t["item_ids"]) == t["items"] for t in report["turns"])
    twin = report["per_language"]["ja"]["english_twin_overlap@10"]
    assert twin is not None and 0.0 <= twin <= 1.0
    assert report["per_language"]["en"]["english_twin_overlap@10"] is None


def test_english_twin_overlap_compares_the_same_step():
    from agent.conversation_eval import _twin_overlap

    def turn(lang, kind, ids, gold=True):
        return {
            "scenario": "s",
            "language": lang,
            "kind": kind,
            "gold": {"x": 1} if gold else {},
            "item_ids": ids,
        }

    turns = [
        turn("en", "recommend", ["a", "b", "c", "d"]),
        turn("en", "explain", ["a"], gold=False),
        turn("en", "refine", ["e", "f"]),
        turn("ja", "recommend", ["a", "b", "x", "y"]),
        turn("ja", "explain", ["a"], gold=False),
        turn("ja", "refine", ["z", "y"]),
    ]
    assert _twin_overlap(turns) == {"ja": [0.5, 0.0]}


def test_stream_explain_item_feedback_and_taste(agent):
    pieces = list(agent.stream("a film about ghosts", session_id="s", k=4))
    turn = pieces[-1]
    assert turn.action == "recommend" and len(turn.items) == 4
    why = list(agent.explain_item(2, session_id="s"))
    assert why[0].startswith("#2 ")  # the head streams before the explanation is written
    assert why[-1].action == "explain" and why[-1].items[0].item_id == turn.items[1].item_id
    bad = list(agent.explain_item(9, session_id="s"))[-1]
    assert bad.action == "explain" and not bad.items and "9" in bad.reply  # a clear reply, no crash
    before = agent.taste(None, "s")
    liked = agent.feedback(1, True, session_id="s", k=4)
    assert liked.action == "feedback" and turn.items[0].item_id in agent.session("s").liked
    after = agent.taste(None, "s")
    category = turn.items[0].categories[0]
    assert after[category] > before[category]  # the profile moves toward what was liked, at once
