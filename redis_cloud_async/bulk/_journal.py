"""The journal: what a run submitted and finished, kept in SQLite so a killed run resumes.

One row per item: ``submitting`` (the request may be on its way), ``submitted`` (the
server gave the task id), ``finished`` or ``failed``. One row per update step of an
item while it runs (``updating``, then ``submitted`` with its task id), so that a
resumed run follows the task of an update instead of sending it again. And the
fingerprints of the values the account does not show back (passwords, certificates,
backup settings): keyed hashes (`_fingerprint`), never the values. Each change is one
short transaction in WAL mode: a process killed at any instant leaves the last
committed state.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from os import PathLike

import attrs

__all__ = ["Journal", "JournalEntry", "UpdateEntry"]

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS items (
    item TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    task_id TEXT,
    resource_id INTEGER,
    updated REAL NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS updates (
    step TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    task_id TEXT,
    horizon TEXT,
    intended TEXT,
    updated REAL NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS fingerprints (
    item TEXT NOT NULL,
    field TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (item, field)
)
""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


@attrs.frozen
class JournalEntry:
    item: str
    state: str
    task_id: str | None
    resource_id: int | None


@attrs.frozen
class UpdateEntry:
    """An update step that a run began: ``updating`` (the request may be on its way)
    or ``submitted`` (its task is `task_id`). For a step the account cannot show back:
    `horizon`, the tasks of its kind the account listed before it was sent, and
    `intended`, a fingerprint of the values it sent."""

    step: str
    state: str
    task_id: str | None
    horizon: frozenset[str] | None
    intended: str | None = None


class Journal:
    """An item journal in one SQLite file (created if missing)."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        for statement in _SCHEMA:
            self._db.execute(statement)

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

    # -- update steps ------------------------------------------------------------------
    def updates(self) -> dict[str, UpdateEntry]:
        """Every update step begun and not ended, by step key (``item@step``)."""
        rows = self._db.execute("SELECT step, state, task_id, horizon, intended FROM updates")
        return {
            row[0]: UpdateEntry(
                row[0],
                row[1],
                row[2],
                None if row[3] is None else frozenset(json.loads(row[3])),
                row[4],
            )
            for row in rows
        }

    def record_update(
        self,
        step: str,
        state: str,
        *,
        task_id: str | None = None,
        horizon: frozenset[str] | None = None,
        intended: str | None = None,
    ) -> None:
        """Set an update step's state; what was given earlier is kept unless replaced."""
        shown = None if horizon is None else json.dumps(sorted(horizon))
        with self._db:
            self._db.execute(
                "INSERT INTO updates (step, state, task_id, horizon, intended, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(step) DO UPDATE SET "
                "state = excluded.state, "
                "task_id = COALESCE(excluded.task_id, updates.task_id), "
                "horizon = COALESCE(excluded.horizon, updates.horizon), "
                "intended = COALESCE(excluded.intended, updates.intended), "
                "updated = excluded.updated",
                (step, state, task_id, shown, intended, time.time()),
            )

    def end_update(self, step: str) -> None:
        """The step is done (or was never needed): forget it."""
        with self._db:
            self._db.execute("DELETE FROM updates WHERE step = ?", (step,))

    # -- fingerprints ---------------------------------------------------------------------
    def salt(self) -> bytes:
        """This journal's random salt for fingerprints (made on first use)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        if row is not None:
            return bytes.fromhex(row[0])
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)",
                (os.urandom(16).hex(),),
            )
        return bytes.fromhex(
            self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0]
        )

    def fingerprint(self, item: str, field: str) -> str | None:
        """The fingerprint of the value last sent for an item's field, if any."""
        row = self._db.execute(
            "SELECT digest FROM fingerprints WHERE item = ? AND field = ?", (item, field)
        ).fetchone()
        return None if row is None else str(row[0])

    def remember(self, item: str, fingerprints: dict[str, str]) -> None:
        """Keep the fingerprints of the values just sent for an item's fields."""
        with self._db:
            self._db.executemany(
                "INSERT INTO fingerprints (item, field, digest) VALUES (?, ?, ?) "
                "ON CONFLICT(item, field) DO UPDATE SET digest = excluded.digest",
                [(item, field, digest) for field, digest in fingerprints.items()],
            )

    def close(self) -> None:
        self._db.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"
