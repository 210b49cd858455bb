"""The sentinel pass: the whole suite at DEBUG logging, and no secret anywhere.

Turned on by ``REDIS_CLOUD_ASYNC_SENTINELS=1`` (tests/conftest.py registers the plugin
and gives the `fake` fixture the sentinel keys). The sentinels are those keys plus every
secret the library registered during the run: the key pair of every client, and every
hidden (`repr=False`) value of a spec it sent (database, ACL user and cloud-account
passwords and keys, import URIs). They must appear in no log record of any logger (its
message and traceback), in no test report (failure text, captured output and logs), and
in no error the library raised (its message, repr, attributes and traceback).
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from collections import Counter
from typing import Any

import pytest

from redis_cloud_async import RedisCloudError
from redis_cloud_async import _secrets as secrets

#: Whether this run is the sentinel pass.
ENABLED = os.environ.get("REDIS_CLOUD_ASYNC_SENTINELS") == "1"
#: The `fake` fixture's keys in the sentinel pass.
SENTINEL_KEYS = {
    "api_key": "SENTINEL-API-KEY-5d2e8f1a",
    "api_secret": "SENTINEL-API-SECRET-c47b09e3",
}
#: Registered secrets shorter than this are not searched for (too likely in plain text).
MIN_LENGTH = 8


def _chain(error: BaseException) -> str:
    """What a traceback says of an error and its causes, without the source lines (a
    test's own code may spell a secret out)."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += traceback.format_exception_only(current)
        current = current.__cause__ or current.__context__
    return "".join(texts)


class _Formatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        return _chain(ei[1]) if ei[1] is not None else ""


class _Capture(logging.Handler):
    """Keeps the formatted records of the running test (scanned at its teardown)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(_Formatter("%(name)s %(levelname)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


class SentinelPass:
    """A pytest plugin: DEBUG logs on the root logger, every text scanned for sentinels."""

    def __init__(self) -> None:
        self.capture = _Capture()
        self.errors: list[BaseException] = []
        self.leaks: list[str] = []
        self.scanned: Counter[str] = Counter()
        self._pattern: re.Pattern[str] | None = None
        self._known = 0
        self._level = logging.WARNING

    def start(self) -> None:
        """Log everything, and record every library error as it is made."""
        root = logging.getLogger()
        self._level = root.level
        root.setLevel(logging.DEBUG)
        root.addHandler(self.capture)
        for value in SENTINEL_KEYS.values():
            secrets.register_secret(value)
        errors = self.errors

        def recording_init(error: RedisCloudError, *args: Any, **kwargs: Any) -> None:
            Exception.__init__(error, *args, **kwargs)
            errors.append(error)

        RedisCloudError.__init__ = recording_init  # type: ignore[method-assign]

    def stop(self) -> None:
        """Undo `start`."""
        del RedisCloudError.__init__  # back to Exception's
        root = logging.getLogger()
        root.removeHandler(self.capture)
        root.setLevel(self._level)

    # -- scanning --------------------------------------------------------------------
    def _sentinels(self) -> re.Pattern[str]:
        with secrets._registered_lock:
            values = sorted(v for v in secrets._registered if len(v) >= MIN_LENGTH)
        if self._pattern is None or len(values) != self._known:
            self._known = len(values)
            self._pattern = re.compile("|".join(re.escape(v) for v in values) or "(?!)")
        return self._pattern

    def _scan(self, where: str, kind: str, texts: list[str]) -> None:
        pattern = self._sentinels()
        for text in texts:
            self.scanned[kind] += 1
            found = pattern.search(text)
            if found is not None:
                excerpt = text[max(0, found.start() - 80) : found.end() + 20]
                excerpt = excerpt.replace(found[0], "<SENTINEL>")
                self.leaks.append(f"{where}: a {kind} holds a sentinel: ...{excerpt!r}")

    def _flush(self, where: str) -> None:
        records, self.capture.texts = self.capture.texts, []
        errors, self.errors[:] = list(self.errors), []
        self._scan(where, "log record", records)
        for error in errors:
            texts = [str(error), repr(error), repr(vars(error)), _chain(error)]
            self._scan(where, "library error", texts)

    # -- hooks -----------------------------------------------------------------------
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        texts = [report.longreprtext] + [content for _, content in report.sections]
        self._scan(report.nodeid, "test report", texts)
        if report.when == "teardown":
            self._flush(report.nodeid)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self._flush("session")
        if self.leaks:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_unconfigure(self) -> None:
        self.stop()

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        counts = ", ".join(f"{n} {kind}s" for kind, n in sorted(self.scanned.items()))
        terminalreporter.write_line(
            f"sentinel pass: {self._known} secrets searched for in {counts}: "
            f"{len(self.leaks)} leak(s)"
        )
        for leak in self.leaks[:50]:
            terminalreporter.write_line(f"  LEAK {leak}")
