"""What `apply` and `destroy` may do: shown first, then asked on a terminal.

`apply` shows the plan (`_diffview`) and, when something would change, asks; `--yes`
does not ask. A replace needs `--allow-replace` as well (it deletes the item's data),
a delete `--prune`. Without a terminal and without `--yes` nobody can answer: `apply`
then creates and updates only, and says which replaces and deletes it left out.
`destroy` lists what exists of the plan and asks; without a terminal it needs `--yes`
(`destroy_allowed`), before anything is read.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

import attrs

from ..bulk import PlanDiff
from ._confirm import ask, can_ask
from ._diffview import show
from ._exit import UsageError
from ._output import Output

__all__ = ["Approval", "approve_apply", "approve_destroy", "destroy_allowed"]


@attrs.frozen(kw_only=True)
class Approval:
    """What an apply was allowed: its `apply` options, and the items left out (why)."""

    allow_replace: bool
    prune: bool
    confirm: bool
    held: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def options(self) -> dict[str, Any]:
        return {"allow_replace": self.allow_replace, "prune": self.prune, "confirm": self.confirm}


_NO_TERMINAL = "no terminal to ask on: run again with --yes"


def approve_apply(out: Output, args: argparse.Namespace, changes: PlanDiff) -> Approval | None:
    """Show the plan and ask on a terminal; None if the answer was not yes."""
    replaces = [c.item for c in changes if c.action == "replace"]
    deletes = [c.item for c in changes if c.action == "delete"]
    if not args.yes and not can_ask():
        held = {
            item: f"replacing deletes its data ({_NO_TERMINAL} --allow-replace)"
            for item in replaces
        }
        held |= {item: f"deleting it deletes its data ({_NO_TERMINAL} --prune)" for item in deletes}
        show(out, changes, held=held)
        if held:
            out.note(
                f"left out {len(held)} replace(s) and delete(s), which delete data: {_NO_TERMINAL}"
            )
        return Approval(allow_replace=False, prune=False, confirm=False, held=held)
    held = {}
    if not args.allow_replace:
        held = {item: "replacing deletes its data: pass --allow-replace" for item in replaces}
    show(out, changes, held=held)
    if changes.has_changes and not args.yes and not ask(out, "Apply these changes?"):
        return None
    return Approval(allow_replace=args.allow_replace, prune=args.prune, confirm=True, held=held)


def destroy_allowed(args: argparse.Namespace) -> None:
    """Refuse a destroy nobody can confirm (no terminal, no `--yes`): nothing is sent."""
    if not args.yes and not can_ask():
        raise UsageError(
            "destroy deletes every item of the plan and its data: pass --yes to confirm "
            "(there is no terminal to ask on); nothing was deleted"
        )


def approve_destroy(out: Output, args: argparse.Namespace, existing: PlanDiff) -> bool:
    """List what exists of the plan (what a destroy deletes) and ask; False if the
    answer was not yes."""
    present = [change for change in existing if change.action != "create"]
    for change in present:
        ident = f" (id {change.resource_id})" if change.resource_id is not None else ""
        out.line(f"- {change.item}{ident}", style="red")
    if existing.unmanaged:
        out.line("Not in the plan, left in place (their subscription is then not deleted):")
        for item in existing.unmanaged:
            out.line(f"  {item}")
    absent = len(existing) - len(present)
    out.line(f"Destroy: {len(present)} to delete; {absent} absent already.", style="bold")
    if not present or args.yes:
        return True
    return ask(out, f"Delete these {len(present)} items and their data?")
