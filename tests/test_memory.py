"""Session state round-trips through JSON and SQLite; feedback persists and concurrent writers are safe."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from agent.memory import Memory
from agent.request import Request
from agent.session import Session, Shown


def _session() -> Session:
    return Session(
        constraints=Request(
            include=("Comedy",), exclude=("Horror",), year_min=1990, year_max=1999, language="fr"
        ),
        shown=[Shown("1", "Toy Story (1995)", 1995, ["Animation", "Comedy"], 1.5, "…")],
        seen=["1"],
        liked=["1"],
        language="fr",
        turns=2,
    )


def test_session_round_trip(tmp_path):
    session = _session()
    assert Session.from_json(session.to_json()) == session
    assert session.item_at(1).item_id == "1" and session.item_at(-1).item_id == "1"
    assert session.item_at(2) is None and session.item_at(99) is None and session.item_at(None) is None

    memory = Memory(tmp_path / "memory.sqlite")
    memory.save_session("tab-1", session)
    assert Memory(tmp_path / "memory.sqlite").load_session("tab-1") == session  # survives a restart
    assert memory.load_session("tab-2") is None
    memory.forget_session("tab-1")
    assert memory.load_session("tab-1") is None


def test_feedback_latest_word_wins_and_concurrent_writers(tmp_path):
    memory = Memory(tmp_path / "memory.sqlite")
    memory.record("u1", "10", 1)
    memory.record("u1", "10", -1)
    memory.record("u2", "10", 1)
    assert memory.feedback("u1") == {"10": -1} and memory.feedback("u2") == {"10": 1}

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: memory.record(f"user{i % 4}", str(i), 1), range(200)))
    assert sum(len(memory.feedback(f"user{u}")) for u in range(4)) == 200
