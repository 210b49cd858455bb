"""A list of CIDRs a task checks: each one valid, none repeated.

A subscription's CIDR allowlist and a Transit Gateway attachment's CIDRs are checked the
same way; each area fails with its own error types (the service's).
"""

from __future__ import annotations

import ipaddress

from ..engine.errors import TaskError


def check_cidrs(cidrs: list[str], *, invalid: str, repeated: str) -> None:
    """Fail the running task with `invalid` for a CIDR that does not parse, with
    `repeated` for one listed twice."""
    try:
        for cidr in cidrs:
            ipaddress.ip_network(cidr)
    except ValueError as error:
        raise TaskError(invalid, str(error)) from None
    if len(set(cidrs)) != len(cidrs):
        raise TaskError(repeated, "A CIDR is listed twice")
