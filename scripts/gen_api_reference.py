"""Write docs/api-reference.md: every method of every `AsyncClient` namespace.

The page is generated, never edited by hand, so it cannot drift from the code: the
operations come from the catalogue the resource methods declare (`@operation`), the
signatures and summaries from the methods themselves. `tests/test_api_reference.py`
fails when the committed page differs from what this script writes.

    .venv/bin/python scripts/gen_api_reference.py          # rewrite the page
    .venv/bin/python scripts/gen_api_reference.py --check  # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redis_cloud_async import AsyncClient
from redis_cloud_async._catalogue import Operation, catalogue
from redis_cloud_async.resources._base import Resource

PAGE = Path(__file__).resolve().parents[1] / "docs" / "api-reference.md"
COMMAND = ".venv/bin/python scripts/gen_api_reference.py"

#: How each kind of method answers, as the page names it.
RETURNS = {
    "task handle": "a write: returns a `TaskHandle` at once; `await handle.wait()` gives the "
    "finished `Task`",
    "data through a task": "an asynchronous read: the server answers with a task that carries "
    "the data; the method waits for it and returns the data",
    "data": "the server answers with the data at once",
    "no data": "the server acts at once and answers with no data",
    "client-side": "no single operation of its own: built on the others (lookups, waits, "
    "dry-run estimates, page walks)",
}


def namespaces() -> dict[str, type[Resource]]:
    """Each namespace of a client (``client.essentials.plans``...) and its class, in the
    order the client creates them."""
    found: dict[str, type[Resource]] = {}

    def walk(path: str, owner: object) -> None:
        for name, value in vars(owner).items():
            if name.startswith("_") or not type(value).__module__.startswith(
                "redis_cloud_async.resources"
            ):
                continue
            if isinstance(value, Resource):
                found[f"{path}.{name}"] = type(value)
            else:  # a group of namespaces: client.essentials, .connectivity, .acl
                walk(f"{path}.{name}", value)

    walk("client", AsyncClient("reference-key", "reference-secret"))
    return found


def public_methods(cls: type) -> dict[str, Callable[..., Any]]:
    """The public methods of a namespace class (its bases' first), in source order."""
    names = dict.fromkeys(
        name for owner in reversed(cls.__mro__) for name in vars(owner) if not name.startswith("_")
    )
    found = {name: inspect.getattr_static(cls, name) for name in names}
    return {
        name: getattr(cls, name)
        for name, value in found.items()
        if inspect.isfunction(value) or isinstance(value, staticmethod | classmethod)
    }


def type_arguments(cls: type) -> dict[str, str]:
    """What a namespace fills its generic base in with: ``{"DatabaseT": "Database"}``."""
    names: dict[str, str] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        parameters = getattr(typing.get_origin(base), "__parameters__", ())
        for parameter, argument in zip(parameters, typing.get_args(base), strict=False):
            names[parameter.__name__] = getattr(argument, "__name__", str(argument))
    return names


class _Plain(str):
    """An annotation as written in the source (inspect would quote it)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self).replace("builtins.", "")


def signature(func: Callable[..., Any], types: dict[str, str]) -> str:
    """``(subscription_id: int) -> Subscription``: the signature as called on a namespace,
    with a generic base's type parameters (`types`) spelled as the namespace fills them."""
    sig = inspect.signature(func)
    params = [
        p.replace(annotation=_Plain(p.annotation)) if isinstance(p.annotation, str) else p
        for p in sig.parameters.values()
        if p.name != "self"
    ]
    returns = sig.return_annotation
    if isinstance(returns, str):
        returns = _Plain(returns)
    text = str(sig.replace(parameters=params, return_annotation=returns))
    return re.sub(r"\w+", lambda word: types.get(word[0], word[0]), text)


def summary(func: Callable[..., Any]) -> str:
    lines = (inspect.getdoc(func) or "").strip().splitlines()
    return lines[0] if lines else ""


def kind(op: Operation | None, func: Callable[..., Any]) -> str:
    returns = inspect.signature(func).return_annotation
    if op is None:
        return "client-side"
    if op.returns == "task":
        return "task handle" if returns == "TaskHandle" else "data through a task"
    return "no data" if returns in ("None", None) else "data"


def _http(op: Operation | None) -> str:
    """The operation a method serves, and what it sends when that is not the operation
    itself (an operation only the guide describes, served by published requests)."""
    if op is None:
        return "no HTTP operation of its own"
    served = f"`{op.method} {op.path}`"
    if op.sent_as_declared:
        return served
    sent = ", then ".join(f"`{method} {path}`" for method, path in op.sends)
    return f"{served} · guide only, sends {sent}"


def render() -> str:
    """The whole page, as `main` writes it."""
    by_qualname = {op.qualname: op for op in catalogue()}
    spaces = namespaces()
    sections: list[str] = []
    served: set[str] = set()
    methods = 0
    for path, cls in spaces.items():
        lines = [f"## `{path}`", "", summary(cls), ""]
        for name, func in public_methods(cls).items():
            op = by_qualname.get(f"{cls.__qualname__}.{name}")
            http = _http(op)
            lines.append(f"- `{path}.{name}{signature(func, type_arguments(cls))}`  ")
            lines.append(f"  {http} · {kind(op, func)} · {summary(func)}")
            methods += 1
            if op:
                served.add(op.qualname)
        sections.append("\n".join(lines))
    unserved = sorted(set(by_qualname) - served)
    if unserved:
        raise SystemExit(f"catalogued methods on no namespace of the client: {unserved}")
    legend = "\n".join(f"- *{label}*: {meaning}." for label, meaning in RETURNS.items())
    contents = "\n".join(f"- [`{path}`](#{_anchor(path)})" for path in spaces)
    head = f"""# API reference

Generated from the operation catalogue by `scripts/gen_api_reference.py`: do not edit
by hand, run `{COMMAND}` after changing a method.

{len(by_qualname)} operations of the Redis Cloud REST API, served by {methods} methods in
{len(spaces)} namespaces of `AsyncClient`. For each method: the Python call with its
signature, the HTTP operation it sends (for the few operations only the guide
describes, the published requests it sends instead), how it answers, and the first
line of its docstring. How a method answers:

{legend}

Methods that take `confirm` are destructive and refuse to send anything unless
`confirm=True`. Specs are validated before any request is sent.

## Namespaces

{contents}
"""
    return "\n\n".join([head.rstrip(), *sections]) + "\n"


def _anchor(path: str) -> str:
    """GitHub's heading anchor for ``## `client.x.y` ``."""
    return path.replace(".", "").lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/api-reference.md.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            print(f"{PAGE} is stale: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
