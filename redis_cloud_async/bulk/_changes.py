"""What `diff` reports: one `Change` per item of the plan, and the plan's `PlanDiff`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import attrs

__all__ = ["Action", "Change", "PlanDiff"]

#: What `apply` does to an item: make it, change it in place, delete and make it
#: again (it cannot change in place), leave it, or (pruning) delete it.
Action = Literal["create", "update", "replace", "keep", "delete"]


@attrs.frozen(kw_only=True)
class Change:
    """What `apply` would do to one item (`item`: its key, as in `RunResult`)."""

    item: str
    action: Action
    #: Each field that differs: (current, planned) in the spec's Python names; a secret
    #: shows as ``<hidden>``, a value the account does not show as ``<unknown>``.
    fields: Mapping[str, tuple[Any, Any]] = attrs.field(factory=dict)
    #: Why the item must be replaced (``replace``), or deleted (``delete``).
    reasons: tuple[str, ...] = ()
    #: Fields the plan sets that could not be compared: the account does not show them
    #: and no journal remembers what was sent (pass `journal=`).
    unverified: tuple[str, ...] = ()
    #: The item's id in the account, if it exists.
    resource_id: int | None = None

    def describe(self) -> str:
        """One line: the action, the fields with their old and new values, the reasons."""
        line = f"{self.action} {self.item}"
        if self.fields:
            line += ": " + ", ".join(
                f"{n} {old!r} -> {new!r}" for n, (old, new) in self.fields.items()
            )
        if self.reasons:
            line += f" ({'; '.join(self.reasons)})"
        if self.unverified:
            line += f" [not compared: {', '.join(self.unverified)}]"
        return line


@attrs.frozen(kw_only=True)
class PlanDiff:
    """Every item of the plan against the account, in plan order (then the deletions).

    `unmanaged`: what the planned subscriptions hold that the plan does not name (never
    touched; `diff(..., prune=True)` lists them as ``delete`` changes instead).
    """

    changes: list[Change]
    unmanaged: list[str] = attrs.field(factory=list)

    @property
    def has_changes(self) -> bool:
        """Whether `apply` would change anything (every item ``keep``: False)."""
        return any(change.action != "keep" for change in self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __getitem__(self, item: str) -> Change:
        for change in self.changes:
            if change.item == item:
                return change
        raise KeyError(item)

    def counts(self) -> Counter[str]:
        """How many items take each action."""
        return Counter(change.action for change in self.changes)

    def summary(self) -> str:
        counts = self.counts()
        line = ", ".join(
            f"{counts[action]} to {action}" for action in ("create", "update", "replace", "delete")
        )
        line += f"; {counts['keep']} unchanged"
        if self.unmanaged:
            line += f"; {len(self.unmanaged)} unmanaged"
        return line
