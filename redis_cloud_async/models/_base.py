"""What every model and every request spec shares.

Models are frozen attrs classes decoded from the server's camelCase JSON by the one
converter (`redis_cloud_async._converter`). Fields the server sends that a model does not
declare are kept in `extra`, so that nothing the server said is lost when the API grows.
Specs are what a user builds to send; they validate themselves before anything is sent.
Both serialise (`to_dict`, `to_json`) through the same converter, which registers itself
here (`set_dumper`): the converter lives above the models, and the models never import it.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._secrets import CREDENTIAL_URI, mask_uri, register_field_secrets
from ._types import check_types

__all__ = [
    "Dumper",
    "Model",
    "Spec",
    "StrEnum",
    "credential_uri",
    "json_name",
    "set_dumper",
    "wire",
]

_JSON_NAME = "redis_cloud_async.json_name"

#: How a model or spec becomes a dict: ``dumper(obj, python_names, secrets)``.
Dumper = Callable[[Any, bool, bool], dict[str, Any]]
_DUMPER: list[Dumper] = []


def set_dumper(dumper: Dumper) -> None:
    """Called once by the converter module, which knows how to unstructure everything."""
    _DUMPER[:] = [dumper]


class Serializable:
    """`to_dict()` and `to_json()`, for models and specs alike."""

    __slots__ = ()

    def to_dict(self, *, python_names: bool = False, secrets: bool = False) -> dict[str, Any]:
        """This object as JSON data: every field, keyed by the API's names (camelCase, the
        fields the server sent that the model does not declare included), or by the
        Python names with ``python_names=True`` (undeclared fields then under ``extra``).
        Nested models become dicts, enums their values, datetimes ISO 8601 strings.

        Secrets (passwords, keys, credentials in URIs) are masked as ``***`` unless
        ``secrets=True``.
        """
        return _DUMPER[0](self, python_names, secrets)

    def to_json(
        self, *, python_names: bool = False, secrets: bool = False, indent: int | None = None
    ) -> str:
        """`to_dict()` as a JSON text; secrets masked unless asked."""
        data = self.to_dict(python_names=python_names, secrets=secrets)
        return json.dumps(data, indent=indent)


class StrEnum(enum.StrEnum):
    """Base of the library's enums: compares equal to the server's strings."""


def wire(name: str, **kwargs: Any) -> Any:
    """An attrs field whose JSON name is not the camelCase of its Python name."""
    metadata = dict(kwargs.pop("metadata", {}) or {})
    metadata[_JSON_NAME] = name
    return attrs.field(metadata=metadata, **kwargs)


def _masked(value: Any) -> str:
    """The repr of a URI, or of a list of URIs, with their credentials masked."""
    if isinstance(value, str):
        return repr(mask_uri(value, whole=True))
    if isinstance(value, list | tuple):
        masked = (mask_uri(v, whole=True) if isinstance(v, str) else v for v in value)
        return repr(type(value)(masked))
    return repr(value)


def credential_uri(**kwargs: Any) -> Any:
    """An attrs field holding a URI (or a list of URIs) that may carry credentials
    (``redis://user:pass@host``, a signed URL's ``sig=``): shown with them masked (or
    not at all with ``repr=False``), and, in a spec, its credentials registered as
    secrets as soon as the spec is built."""
    metadata = dict(kwargs.pop("metadata", {}) or {})
    metadata[CREDENTIAL_URI] = True
    return attrs.field(repr=kwargs.pop("repr", _masked), metadata=metadata, **kwargs)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def json_name(field: attrs.Attribute[Any]) -> str:
    """The JSON key of a field: its `wire` name, or the camelCase of its Python name."""
    explicit = field.metadata.get(_JSON_NAME)
    return explicit if isinstance(explicit, str) else _camel(field.name)


@attrs.frozen(kw_only=True)
class Model(Serializable):
    """A decoded answer of the API.

    `extra` holds the fields the server sent that this model does not declare (empty
    when decoding strictly, which rejects them instead).
    """

    extra: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


class _SpecMeta(type):
    """Registers the secrets among a spec's arguments, then checks their types, before
    its own rules run (so that no error of theirs can show a secret)."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if attrs.has(cls):
            for field in attrs.fields(cls):
                if field.name in kwargs:
                    register_field_secrets(field, kwargs[field.name])
        check_types(cls, kwargs, converted=False)
        return super().__call__(*args, **kwargs)


@attrs.frozen(kw_only=True)
class Spec(Serializable, metaclass=_SpecMeta):
    """A request body the user builds.

    Values are checked against the annotations first, then field validators (and
    `__attrs_post_init__` for rules across fields) raise `ValidationError` naming the
    offending field when the spec is built; the client runs them all once more right
    before sending. Secret fields are declared `repr=False`, URIs that may carry
    credentials with `credential_uri`; their secrets are registered as the spec is built.
    """
