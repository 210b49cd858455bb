"""The one converter between the API's camelCase JSON and the library's attrs classes.

Two flavours from one factory: lenient (the default in production: unknown fields are
kept in `Model.extra`, unknown enum values are kept as plain strings) and strict (used
by the test suite: an unknown field or enum value is an error, so that a model that
drops something the server sends is caught). Models are structured by a function built
for each class (`_structure`); cattrs's detailed validation runs only to explain a
failure. Requests leave out the fields left at their default; `Converter.to_dict` (what
`Model.to_dict()` and `Spec.to_dict()` call) gives every field, by API or Python name,
with secrets masked unless asked.
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
from ._structure import list_item, make_list_structure_fn, make_structure_fn
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
        self._building: set[type] = set()  # models whose function is being generated
        conv = cattrs.Converter(forbid_extra_keys=strict)
        self._conv = conv
        conv.register_structure_hook(datetime, self._structure_datetime)
        conv.register_unstructure_hook(datetime, _iso)
        conv.register_structure_hook_func(
            lambda t: _enum_or_str(t) is not None, self._structure_enum_or_str
        )
        conv.register_structure_hook_factory(_is_model, self._model_hook)
        conv.register_structure_hook_factory(
            lambda t: _is_model(list_item(t)),
            lambda t: make_list_structure_fn(t, conv.get_structure_hook(list_item(t))),
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
        """The model's generated structure function (`_structure`)."""
        keys = {f.name: json_name(f) for f in attrs.fields(cls) if f.name != "extra"}
        prepare = cls.__dict__.get("_prepare_json")
        prepare = prepare.__get__(None, cls) if prepare is not None else None
        self._building.add(cls)
        try:
            return make_structure_fn(
                cls,
                keys=keys,
                hook_for=self._hook_for,
                is_model=_is_model,
                strict=self.strict,
                explain=self._detailed(cls, keys, prepare),
                prepare=prepare,
                relink=_relink if "links" in keys.values() else None,
            )
        finally:
            self._building.discard(cls)

    def _hook_for(self, tp: Any) -> Callable[[Any, Any], Any]:
        if tp in self._building:  # a model that holds itself: look its function up later
            return lambda data, cls: self._conv.structure(data, cls)
        return self._conv.get_structure_hook(tp)

    def _detailed(
        self, cls: type[Model], keys: Mapping[str, str], prepare: Callable[[Any], Any] | None
    ) -> Callable[[Any], Model]:
        """cattrs's structure function of `cls`, with detailed validation: it says which
        field of an answer does not fit, and why. Built on first use (a failure)."""
        inner: Callable[[Any, Any], Model] | None = None
        known = frozenset(keys.values())

        def structure(data: Any) -> Model:
            nonlocal inner
            if inner is None:
                renames: dict[str, Any] = {name: override(rename=key) for name, key in keys.items()}
                inner = make_dict_structure_fn(
                    cls,
                    self._conv,
                    _cattrs_forbid_extra_keys=self.strict,
                    _cattrs_detailed_validation=True,
                    extra=override(rename=_EXTRA_KEY),
                    **renames,
                )
            data = prepare(data) if prepare else data
            if not isinstance(data, Mapping):
                raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
            if "links" in known and "_links" in data and "links" not in data:
                data = _relink(data)
            if self.strict:
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


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model)


def _relink(data: Mapping[str, Any]) -> dict[str, Any]:
    """An answer with its old `_links` object as the newer `links` list."""
    relinked = {k: v for k, v in data.items() if k != "_links"}
    relinked["links"] = _links_as_list(data["_links"])
    return relinked


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
