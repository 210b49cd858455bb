"""One item compared with the plan, field by field: what differs, and how it changes.

The plan is the source of truth for the fields it sets; a field it leaves unset is not
compared. A field the account shows is compared in its canonical form; one it does
not show (a password, a certificate, backup settings) is compared with the fingerprint
the journal kept of the value last sent: without a journal it is `unverified` (listed,
not counted as a change), and with a journal that has no fingerprint yet it differs
(shown as `UNKNOWN`), so that one apply sets it and remembers it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._fields import HIDDEN, UNKNOWN, Field, Observed, plain
from ._fingerprint import fingerprint
from ._journal import Journal

__all__ = ["Comparison", "compare", "fingerprints", "matches"]


@attrs.frozen(kw_only=True)
class Comparison:
    """What differs between an item of the plan and the account."""

    #: Each differing field: (current, planned), secrets `HIDDEN`, unknown `UNKNOWN`.
    fields: Mapping[str, tuple[Any, Any]] = attrs.field(factory=dict)
    #: The planned values to send, by update step (secrets among them: never shown).
    steps: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, repr=False)
    #: Why the item cannot change in place (empty: it can).
    reasons: tuple[str, ...] = ()
    #: Fields that could not be compared (not shown, and no journal).
    unverified: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        if self.reasons:
            return "replace"
        return "update" if self.fields else "keep"


def _version(text: Any) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return ()


def compare(
    key: str,
    fields: Sequence[Field],
    planned: Mapping[str, Any],
    observed: Observed,
    journal: Journal | None,
) -> Comparison:
    """Compare item `key`'s planned values with the observed ones."""
    differs: dict[str, tuple[Any, Any]] = {}
    steps: dict[str, dict[str, Any]] = {}
    reasons = list(observed.reasons)
    unverified: list[str] = []
    salt: bytes | None = None
    for field in fields:
        new = planned.get(field.name)
        if new is None or (field.shown and field.name not in observed.values):
            continue
        old = observed.values.get(field.name, UNKNOWN)
        if not field.shown or old is UNKNOWN:
            if journal is None:
                unverified.append(field.name)
                continue
            stored = journal.fingerprint(key, field.name)
            salt = salt or journal.salt()
            if stored == fingerprint(salt, key, field.name, new, secret=field.secret):
                continue
            old = UNKNOWN
        elif field.canon(old) == field.canon(new):
            continue
        shown_old = old if old is UNKNOWN else HIDDEN if field.secret else plain(old)
        differs[field.name] = (shown_old, HIDDEN if field.secret else plain(new))
        if field.step is None:
            reasons.append(f"{field.name}: {field.reason}")
        elif field.only_up and old is not UNKNOWN and _version(new) < _version(old):
            reasons.append(f"{field.name}: {old} cannot go down to {new} in place")
        else:
            step = steps.setdefault(field.step, {})
            step[field.name] = new
            step.update({name: planned[name] for name in field.along if name in planned})
    return Comparison(
        fields=differs, steps=steps, reasons=tuple(reasons), unverified=tuple(unverified)
    )


def fingerprints(
    key: str, fields: Sequence[Field], sent: Mapping[str, Any], journal: Journal
) -> dict[str, str]:
    """The fingerprints to keep of the values just sent that the account may not show."""
    salt = journal.salt()
    return {
        field.name: fingerprint(salt, key, field.name, sent[field.name], secret=field.secret)
        for field in fields
        if (field.secret or not field.shown) and sent.get(field.name) is not None
    }


def matches(fields: Sequence[Field], sent: Mapping[str, Any], observed: Observed) -> bool | None:
    """Whether the observed item shows the values `sent`; None if it shows none of them."""
    shown = [
        field
        for field in fields
        if field.name in sent
        and field.shown
        and observed.values.get(field.name, UNKNOWN) is not UNKNOWN
    ]
    if not shown:
        return None
    return all(
        field.canon(observed.values[field.name]) == field.canon(sent[field.name]) for field in shown
    )
