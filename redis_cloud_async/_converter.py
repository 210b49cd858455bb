"""The one converter between the API's camelCase JSON and the library's attrs classes.

Two flavours from one factory: lenient (the default in production: unknown fields are
kept in `Model.extra`, unknown enum values are kept as plain strings) and strict (used
by the test suite: an unknown field or enum value is an error, so that a model that
drops something the server sends is caught). Requests leave out the fields left at
their default; `Converter.to_dict` (what `Model.to_dict()` and `Spec.to_dict()` call)
gives every field, by API or Python name, with secrets masked unless asked.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._secrets import SECRET_FIELDS, redact_data
from .models._base import Model, Spec, json_name, set_dumper

__all__ = ["Converter", "make_converter"]

T = TypeVar("T")

_EXTRA_KEY = "\x00extra"
#: The secret fields by Python name too (`to_dict(python_names=True)`).
_PYTHON_SECRET_FIELDS = SECRET_FIELDS | {
    "".join(f"_{c.lower()}" if c.isupper() else c for c in name) for name in SECRET_FIELDS
}


def _is_attrs_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Model | Spec)


def _enum_or_str(tp: Any) -> type[enum.Enum] | None:
    """The enum of an `SomeEnum | str` annotation, else None."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if len(args) != 2 or str not in args:
        return None
    other = next(a for a in args if a is not str)
    return other if isinstance(other, type) and issubclass(other, enum.Enum) else None


class Converter:
    """Structures server JSON into models and unstructures specs into request JSON."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        conv = cattrs.Converter(forbid_extra_keys=strict)
        self._conv = conv
        conv.register_structure_hook(datetime, self._structure_datetime)
        conv.register_unstructure_hook(datetime, _iso)
        conv.register_structure_hook_func(
            lambda t: _enum_or_str(t) is not None, self._structure_enum_or_str
        )
        conv.register_structure_hook_factory(
            lambda t: isinstance(t, type) and issubclass(t, Model), self._model_hook
        )
        conv.register_unstructure_hook_factory(
            _is_attrs_model,
            lambda cls: _dict_hook(cls, conv, python_names=False, omit_defaults=True),
        )
        self._dumpers: dict[bool, cattrs.Converter] = {}

    # -- public -----------------------------------------------------------------------
    def structure(self, data: Any, cls: type[T]) -> T:
        """Decode JSON data into `cls` (a model, a list of models...)."""
        return self._conv.structure(data, cls)

    def unstructure(self, obj: Any) -> Any:
        """Encode a spec or model into JSON data with the API's field names."""
        return self._conv.unstructure(obj)

    def to_dict(
        self, obj: Model | Spec, *, python_names: bool = False, secrets: bool = False
    ) -> dict[str, Any]:
        """Every field of a model or spec as JSON data (see `Model.to_dict`)."""
        dumper = self._dumpers.get(python_names)
        if dumper is None:
            dumper = self._dumpers[python_names] = self._make_dumper(python_names)
        data: dict[str, Any] = dumper.unstructure(obj)
        if secrets:
            return data
        return redact_data(data, _PYTHON_SECRET_FIELDS if python_names else SECRET_FIELDS)  # type: ignore[no-any-return]

    @staticmethod
    def _make_dumper(python_names: bool) -> cattrs.Converter:
        conv = cattrs.Converter()
        conv.register_unstructure_hook(datetime, _iso)
        conv.register_unstructure_hook_factory(
            _is_attrs_model,
            lambda cls: _dict_hook(cls, conv, python_names=python_names, omit_defaults=False),
        )
        return conv

    # -- hooks -------------------------------------------------------------------------
    @staticmethod
    def _structure_datetime(value: Any, _: type) -> datetime:
        if isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
        return datetime.fromisoformat(value)

    def _structure_enum_or_str(self, value: Any, tp: Any) -> Any:
        enum_cls = _enum_or_str(tp)
        assert enum_cls is not None
        if value is None and type(None) in typing.get_args(tp):
            return None
        try:
            return enum_cls(value)
        except ValueError:
            if self.strict or not isinstance(value, str):
                raise
            return value

    def _model_hook(self, cls: type[Model]) -> Callable[[Any, Any], Model]:
        fields = [f for f in attrs.fields(cls) if f.name != "extra"]
        renames: dict[str, Any] = {f.name: override(rename=json_name(f)) for f in fields}
        known = frozenset(json_name(f) for f in fields)
        inner = make_dict_structure_fn(
            cls,
            self._conv,
            _cattrs_forbid_extra_keys=self.strict,
            extra=override(rename=_EXTRA_KEY),
            **renames,
        )
        links_declared = "links" in known
        strict = self.strict

        prepare = cls.__dict__.get("_prepare_json")
        prepare = prepare.__get__(None, cls) if prepare is not None else None

        def structure(data: Any, _: Any) -> Model:
            data = prepare(data) if prepare else data
            if not isinstance(data, Mapping):
                raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
            if links_declared and "_links" in data and "links" not in data:
                data = {**data, "links": _links_as_list(data["_links"])}
                data.pop("_links")
            if strict:
                return inner(data, cls)
            picked = {k: v for k, v in data.items() if k in known}
            picked[_EXTRA_KEY] = {k: v for k, v in data.items() if k not in known}
            return inner(picked, cls)

        return structure


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _dict_hook(
    cls: type[Any], conv: cattrs.Converter, *, python_names: bool, omit_defaults: bool
) -> Callable[[Any], dict[str, Any]]:
    """How a model or spec becomes a dict: by API names (a model's `extra` merged in) or
    by Python names (`extra` as a field); leaving out the fields at their default or not."""
    fields = attrs.fields(cls)
    renames: dict[str, Any] = {}
    if not python_names:
        renames = {f.name: override(rename=json_name(f)) for f in fields if f.name != "extra"}
        if issubclass(cls, Model):
            renames["extra"] = override(omit=True)
    inner = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=omit_defaults, **renames)
    if python_names or not issubclass(cls, Model):
        return inner

    def unstructure(obj: Any) -> dict[str, Any]:
        return {**obj.extra, **inner(obj)}

    return unstructure


def _links_as_list(links: Any) -> list[dict[str, str]]:
    """Older answers carry `_links: {rel: {href...}}`; newer ones a list of `{rel, href, type}`."""
    if isinstance(links, list):
        return links
    if not isinstance(links, Mapping):
        return []
    out: list[dict[str, str]] = []
    for rel, value in links.items():
        if isinstance(value, Mapping):
            out.append({"rel": str(rel), **{str(k): str(v) for k, v in value.items()}})
        else:
            out.append({"rel": str(rel), "href": str(value)})
    return out


@functools.cache
def make_converter(*, strict: bool = False) -> Converter:
    """The shared converter of each flavour (built once: hooks are cached per class)."""
    return Converter(strict=strict)


set_dumper(
    lambda obj, python_names, secrets: make_converter().to_dict(
        obj, python_names=python_names, secrets=secrets
    )
)
