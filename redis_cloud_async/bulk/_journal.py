"""The journal: what a run submitted and finished, kept in SQLite so a killed run resumes.

One row per item: ``submitting`` (the request may be on its way), ``submitted`` (the
server gave the task id), ``finished`` or ``failed``. Each change is one short
transaction in WAL mode: a process killed at any instant leaves the last committed
state, and the next run follows a submitted task by its id instead of sending again.
"""

from __future__ import annotations

import sqlite3
import time
from os import PathLike

import attrs

__all__ = ["Journal", "JournalEntry"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    item TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    task_id TEXT,
    resource_id INTEGER,
    updated REAL NOT NULL
)
"""


@attrs.frozen
class JournalEntry:
    item: str
    state: str
    task_id: str | None
    resource_id: int | None


class Journal:
    """An item journal in one SQLite file (created if missing)."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def entries(self) -> dict[str, JournalEntry]:
        """Every item the journal knows, by key."""
        rows = self._db.execute("SELECT item, state, task_id, resource_id FROM items")
        return {row[0]: JournalEntry(*row) for row in rows}

    def record(
        self,
        item: str,
        state: str,
        *,
        task_id: str | None = None,
        resource_id: int | None = None,
    ) -> None:
        """Set an item's state; a task or resource id given earlier is kept unless replaced."""
        with self._db:
            self._db.execute(
                "INSERT INTO items (item, state, task_id, resource_id, updated) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(item) DO UPDATE SET "
                "state = excluded.state, "
                "task_id = COALESCE(excluded.task_id, items.task_id), "
                "resource_id = COALESCE(excluded.resource_id, items.resource_id), "
                "updated = excluded.updated",
                (item, state, task_id, resource_id, time.time()),
            )

    def forget_task(self, item: str) -> None:
        """Drop an item's task id (its task failed: a new one will be submitted)."""
        with self._db:
            self._db.execute("UPDATE items SET task_id = NULL WHERE item = ?", (item,))

    def close(self) -> None:
        self._db.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"
