"""`export`: the account (or some of its subscriptions) as a plan file, on stdout."""

from __future__ import annotations

import argparse
import importlib.util
from typing import Any

from ..bulk import export
from ..bulk._dump import dumps_plan
from ._exit import ExitCode, UsageError
from ._output import Output
from ._session import connect, verify_credentials

__all__ = ["register"]


def register(commands: Any, api: argparse.ArgumentParser) -> None:
    """Add the `export` command to the `commands` subparsers."""
    parser = commands.add_parser(
        "export",
        parents=[api],
        help="print the account as a plan file (TOML, JSON or YAML)",
        description="Print the account as a plan: its subscriptions with their databases, "
        "regions and connectivity, and its ACL rules, roles and users. `redis-cloud plan` "
        "on it shows no change. Passwords are never written: the plan leaves them as they "
        "are.",
    )
    parser.add_argument(
        "--subscription",
        type=int,
        action="append",
        metavar="ID",
        help="only this subscription (Pro or Essentials; repeat for more); then no ACL",
    )
    parser.add_argument(
        "--format",
        choices=("toml", "json", "yaml"),
        default="toml",
        help="the plan file's format (default: toml; yaml needs PyYAML)",
    )
    parser.set_defaults(run=_export)


async def _export(args: argparse.Namespace, out: Output) -> int:
    if args.format == "yaml" and importlib.util.find_spec("yaml") is None:
        raise UsageError("YAML needs PyYAML: pip install 'redis-cloud-async[yaml]'")
    async with connect(args) as client:
        await verify_credentials(client)
        plan = await export(client, subscriptions=args.subscription)
    out.stdout.write(dumps_plan(plan, args.format))
    out.stdout.flush()
    return ExitCode.OK
