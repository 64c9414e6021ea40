"""What the agent remembers across restarts, in one SQLite file under ``$LLMREC_HOME``: each user's feedback
("loved it" = +1, "not for me" = -1, the latest word on an item wins) and each session's state.

Every call opens its own connection, so concurrent sessions (Gradio workers, several CLI processes) are safe;
WAL mode lets readers proceed while one writer commits. A write is one transaction: a crash leaves the
previous value, never half of one.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from .session import Session

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    user_id TEXT NOT NULL, item_id TEXT NOT NULL, value INTEGER NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (user_id, item_id));
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL);
"""


class Memory:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def record(self, user_id: str, item_id: str, value: int) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?) ON CONFLICT(user_id, item_id) "
                "DO UPDATE SET value = excluded.value, updated = excluded.updated",
                (user_id, item_id, int(value), time.time()),
            )

    def feedback(self, user_id: str) -> dict[str, int]:
        """{item_id: +1 or -1} for a user, oldest first."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT item_id, value FROM feedback WHERE user_id = ? ORDER BY updated", (user_id,)
            ).fetchall()
        return dict(rows)

    def load_session(self, session_id: str) -> Session | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT state FROM sessions WHERE session_id = ?", (session_id,)).fetchone()
        return Session.from_json(json.loads(row[0])) if row else None

    def save_session(self, session_id: str, session: Session) -> None:
        state = json.dumps(session.to_json(), ensure_ascii=False)
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?) ON CONFLICT(session_id) "
                "DO UPDATE SET state = excluded.state, updated = excluded.updated",
                (session_id, state, time.time()),
            )

    def forget_session(self, session_id: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))
