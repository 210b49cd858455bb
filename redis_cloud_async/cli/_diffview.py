"""A `PlanDiff` as `terraform plan` shows one, and as JSON.

One line per item that changes: ``+`` create, ``~`` update (then each field,
``current -> planned``), ``-/+`` replace (with the reason), ``-`` delete (pruning);
items that stay as they are are left out. Then what the planned subscriptions hold
that the plan does not name (unmanaged), the fields that could not be compared, and
the summary line. Secrets show as ``<hidden>``: the diff never holds them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..bulk import Change, PlanDiff
from ..bulk._fields import Marker
from ._output import Output

__all__ = ["SYMBOLS", "as_json", "show", "value"]

#: How each action is marked, as Terraform marks it.
SYMBOLS = {"create": "+", "update": "~", "replace": "-/+", "delete": "-"}
_STYLES = {"create": "green", "update": "yellow", "replace": "red", "delete": "red"}


def value(shown: Any) -> str:
    """A field's value for a person: numbers as written (1, not 1.0), text quoted,
    lists and mappings as compact JSON, `<hidden>` and `<unknown>` as they are."""
    if isinstance(shown, Marker):
        return str(shown)
    return json.dumps(_whole(shown), sort_keys=True, default=str, separators=(", ", ": "))


def _whole(shown: Any) -> Any:
    """Whole numbers without their ``.0`` (the diff compares numbers as floats)."""
    if isinstance(shown, float) and shown.is_integer():
        return int(shown)
    if isinstance(shown, list):
        return [_whole(item) for item in shown]
    if isinstance(shown, dict):
        return {key: _whole(item) for key, item in shown.items()}
    return shown


def _head(change: Change) -> str:
    line = f"{SYMBOLS[change.action]} {change.item}"
    if change.reasons:
        line += f" ({'; '.join(change.reasons)})"
    return line


def show(out: Output, changes: PlanDiff, *, held: Mapping[str, str] | None = None) -> None:
    """Print what would change, item by item, then the summary line. `held`: items
    that will not be done this time, with why (printed under the item)."""
    held = held or {}
    shown = [change for change in changes if change.action != "keep"]
    for change in shown:
        out.line(_head(change), style=_STYLES[change.action])
        for name, (current, planned) in change.fields.items():
            out.line(f"    {name}: {value(current)} -> {value(planned)}")
        if change.unverified:
            out.line(
                f"    not compared: {', '.join(change.unverified)} (no journal remembers them)"
            )
        if change.item in held:
            out.line(f"    not done: {held[change.item]}", style="bold")
    unverified = [c for c in changes if c.action == "keep" and c.unverified]
    for change in unverified:
        out.line(f"  {change.item}: not compared: {', '.join(change.unverified)}")
    if unverified:
        out.line("  (the account does not show these back: pass --journal, which remembers them)")
    if changes.unmanaged:
        out.line("Unmanaged (in the planned subscriptions, not in the plan; --prune deletes):")
        for item in changes.unmanaged:
            out.line(f"  {item}")
    if not shown:
        out.line("No changes: the account matches the plan.")
    out.line(f"Plan: {changes.summary()}.", style="bold")


def as_json(changes: PlanDiff) -> dict[str, Any]:
    """Every item (unchanged ones too), the unmanaged ones, and the counts."""
    counts = changes.counts()
    return {
        "changes": [
            {
                "item": change.item,
                "action": change.action,
                "fields": {
                    name: {"current": current, "planned": planned}
                    for name, (current, planned) in change.fields.items()
                },
                "reasons": list(change.reasons),
                "unverified": list(change.unverified),
                "resource_id": change.resource_id,
            }
            for change in changes
        ],
        "unmanaged": list(changes.unmanaged),
        "summary": {a: counts[a] for a in ("create", "update", "replace", "delete", "keep")},
        "has_changes": changes.has_changes,
    }
