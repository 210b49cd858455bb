"""`client.account`: The account itself and its reference data: regions, modules, persistence options, payment methods, query performance factors, redis versions, audit and session logs."""

from __future__ import annotations

from ._base import Resource

__all__ = ["Account"]


class Account(Resource):
    """The account itself and its reference data: regions, modules, persistence options, payment methods, query performance factors, redis versions, audit and session logs."""
