"""`list subscriptions|databases SUB_ID|tasks`: a table, or the API's JSON (redacted)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from .._client import AsyncClient
from .._secrets import redact_data
from ._exit import ExitCode
from ._output import Output
from ._session import connect

__all__ = ["register"]

#: What a listing gives: its header and rows, and the objects behind them (for --json).
Listing = tuple[Sequence[str], list[list[object]], list[Any]]


async def _subscriptions(client: AsyncClient, _: argparse.Namespace) -> Listing:
    subs = await client.subscriptions.list()
    rows: list[list[object]] = [
        [s.id, s.name, s.status, s.deployment_type, s.number_of_databases] for s in subs
    ]
    return ["ID", "NAME", "STATUS", "DEPLOYMENT", "DATABASES"], rows, subs


async def _databases(client: AsyncClient, args: argparse.Namespace) -> Listing:
    await client.subscriptions.get(args.subscription_id)  # a missing one is a 404, not []
    dbs = await client.databases.list(args.subscription_id)
    rows: list[list[object]] = [
        [
            d.database_id,
            d.name,
            d.status,
            d.memory_limit_in_gb if d.memory_limit_in_gb is not None else d.dataset_size_in_gb,
            d.replication,
            d.public_endpoint,
        ]
        for d in dbs
    ]
    return ["ID", "NAME", "STATUS", "MEMORY GB", "REPLICATION", "ENDPOINT"], rows, dbs


async def _tasks(client: AsyncClient, _: argparse.Namespace) -> Listing:
    tasks = await client.tasks.list()
    rows: list[list[object]] = [
        [t.task_id, t.status, t.command_type, t.resource_id, t.timestamp] for t in tasks
    ]
    return ["TASK ID", "STATUS", "COMMAND", "RESOURCE", "TIMESTAMP"], rows, tasks


_KINDS: dict[str, tuple[str, Callable[[AsyncClient, argparse.Namespace], Awaitable[Listing]]]] = {
    "subscriptions": ("the account's Pro subscriptions", _subscriptions),
    "databases": ("the databases of one Pro subscription", _databases),
    "tasks": ("the account's recent tasks", _tasks),
}


def register(commands: Any, api: argparse.ArgumentParser) -> None:
    listing = commands.add_parser("list", help="list subscriptions, databases or tasks")
    kinds = listing.add_subparsers(dest="kind", required=True, metavar="WHAT")
    for kind, (what, fetch) in _KINDS.items():
        parser = kinds.add_parser(kind, parents=[api], help=f"list {what}")
        if kind == "databases":
            parser.add_argument("subscription_id", type=int, metavar="SUB_ID")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.set_defaults(run=_run, fetch=fetch)


async def _run(args: argparse.Namespace, out: Output) -> int:
    async with connect(args) as client:
        columns, rows, objects = await args.fetch(client, args)
        if args.json:
            out.json(redact_data(client.converter.unstructure(objects)))
        else:
            out.table(columns, rows)
    return ExitCode.OK
