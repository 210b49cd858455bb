"""Decoding the API's JSON: a model, or a `DecodeError` naming the request.

Every answer the library decodes goes through `decode`: the resources' reads, and
through `decode_task` the tasks that writes, asynchronous reads and the task watcher see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs

from ._converter import Converter
from ._errors import DecodeError
from ._secrets import scrub
from .models.tasks import Task

__all__ = ["decode", "decode_task"]

T = TypeVar("T")


def decode(
    converter: Converter,
    data: Any,
    cls: type[T],
    *,
    method: str,
    path: str,
    expected: str | None = None,
) -> T:
    """`data` structured as `cls`; `DecodeError` when it is not one.

    `expected` says what the answer should have been, for the error's message
    (by default, the name of `cls`).
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # the converter's errors, whatever their class
        what = expected or f"a {getattr(cls, '__name__', cls)}"
        raise DecodeError(
            f"the answer is not {what}: {_describe(exc)}", method=method, path=path
        ) from scrub(exc)


def decode_task(converter: Converter, data: Any, *, method: str, path: str) -> Task:
    """The task an answer carries (a write's 202, an asynchronous read, a task lookup)."""
    task_id = data.get("taskId") if isinstance(data, Mapping) else None
    if not isinstance(task_id, str) or not task_id:
        raise DecodeError("the answer carries no taskId: not a task", method=method, path=path)
    return decode(
        converter, data, Task, method=method, path=path, expected=f"a task (taskId {task_id[:64]})"
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        notes = cattrs.transform_error(exc)
        return "; ".join(notes[:5])
    return str(exc)[:300]
