"""Prebuilt structure functions: one generated function per model class, for speed.

Decoding a page of answers is most of what the client spends on it, so each model gets a
function written for it (as cattrs does, but in one pass): every field is read once, the
common cases are inline (a value that already has its type, a known enum value, a nested
model, a list of models) and anything else goes to the converter's hook for its type, so
both ways decode alike. Unknown fields are captured in the same pass: they exist only when
the answer's keys are not all known, a check made in C. Nothing is validated in detail on
the way: when anything fails, `explain` (the converter's detailed validation) runs on the
same data, only then, to say which field and why.
"""

from __future__ import annotations

import enum
import inspect
import itertools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from cattrs.errors import IterableValidationError, IterableValidationNote

from ._json import MAX_DEPTH, deeper_than

__all__ = ["NO_EXTRA", "list_item", "make_list_structure_fn", "make_structure_fn"]

#: The `extra` of a model whose answer had no unknown field (one shared, read-only).
NO_EXTRA: Mapping[str, Any] = types.MappingProxyType({})

Hook = Callable[[Any, Any], Any]

_MISSING = object()
_PRIMITIVES = (str, int, float, bool)


def _optional_arm(tp: Any) -> Any:
    """`X` for an `X | None` annotation, else None."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    arms = typing.get_args(tp)
    if len(arms) != 2 or type(None) not in arms:
        return None
    return next(arm for arm in arms if arm is not type(None))


def _enum_of(tp: Any) -> type[enum.Enum] | None:
    """The enum of an `E`, `E | str`, `E | None` or `E | str | None` annotation."""
    arms = (
        typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,)
    )
    enums = [a for a in arms if isinstance(a, type) and issubclass(a, enum.Enum)]
    others = [a for a in arms if a not in (str, type(None)) and a not in enums]
    return enums[0] if len(enums) == 1 and not others else None


def _holds_any(tp: Any) -> bool:
    """Whether values of `tp` may hold any JSON (`Any` in it, at any depth)."""
    return tp is Any or any(_holds_any(arg) for arg in typing.get_args(tp))


def _bounded(value: Any) -> Any:
    """`value` if it nests at most `MAX_DEPTH` levels, else `ValueError`."""
    if deeper_than(value, MAX_DEPTH):
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    return value


def list_item(tp: Any) -> Any:
    """`X` for a `list[X]` annotation, else None."""
    if typing.get_origin(tp) is list and len(typing.get_args(tp)) == 1:
        return typing.get_args(tp)[0]
    return None


def _construction(
    cls: type, writer: _Writer, values: list[tuple[attrs.Attribute[Any], str]]
) -> list[str]:
    """The lines that make and return the instance from its fields' values.

    attrs's `__init__` of a slotted class whose fields have no validator, converter or
    hook does nothing but set each slot: set them straight away (the call, its keyword
    matching and its frozen-class `setattr`s cost as much as a model's whole decoding).
    """
    plain = (
        "__slots__" in cls.__dict__
        and not any(f.validator or f.converter or not f.init for f in attrs.fields(cls))
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
    )
    slots = {f.name: inspect.getattr_static(cls, f.name, None) for f, _ in values}
    if not plain or not all(isinstance(s, types.MemberDescriptorType) for s in slots.values()):
        call = ", ".join(f"{field.alias}={local}" for field, local in values)
        return [f"return _cl({call})"]
    new = writer.bind("n", object.__new__)
    lines = [f"self = {new}(_cl)"]
    for field, local in values:
        lines.append(f"{writer.bind('s', slots[field.name].__set__)}(self, {local})")
    return [*lines, "return self"]


def make_list_structure_fn(tp: Any, each: Hook) -> Hook:
    """The structure function of `list[M]`, `each` being the model's: one call per item
    from C (`map`); a failure names the item's index, as cattrs's detailed validation does."""
    item_type = list_item(tp)

    def structure(data: Any, _: Any = None) -> list[Any]:
        if data.__class__ is not list:
            raise TypeError(f"expected a list, got {type(data).__name__}")
        try:
            return list(map(each, data, itertools.repeat(item_type)))
        except Exception:  # find the item, and say which
            errors: list[Exception] = []
            for index, item in enumerate(data):
                try:
                    each(item, item_type)
                except Exception as error:
                    note = f"Structuring {tp!r} @ index {index}"
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        IterableValidationNote(note, index, item_type),
                    ]
                    errors.append(error)
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp) from None

    return structure


class _Writer:
    """Collects the generated function's lines and the names its globals bind."""

    def __init__(self, hook_for: Callable[[Any], Hook], is_model: Callable[[Any], bool]) -> None:
        self.globals: dict[str, Any] = {
            "_MISSING": _MISSING,
            "_NO_EXTRA": NO_EXTRA,
            "_bounded": _bounded,
            "_map": map,
            "_repeat": itertools.repeat,
        }
        self._hook_for = hook_for
        self._is_model = is_model

    def bind(self, prefix: str, value: Any) -> str:
        """A name for `value` in the generated code (a literal for None and booleans)."""
        if value is None or value is True or value is False:
            return repr(value)
        name = f"_{prefix}{len(self.globals)}"
        self.globals[name] = value
        return name

    def parameters(self) -> str:
        """Every bound name, as the parameters of the function that makes the closure (a
        closure's variables are faster to read than globals)."""
        return ", ".join(self.globals)

    def value(self, tp: Any, v: str) -> str:
        """An expression that structures `v` as `tp`."""
        hook = self.bind("h", self._hook_for(tp))
        t = self.bind("t", tp)
        slow = f"{hook}({v}, {t})"
        if tp in _PRIMITIVES:
            return f"({v} if {v}.__class__ is {tp.__name__} else {slow})"
        if self._is_model(tp):
            return slow  # the model's own generated function
        if (members := _enum_of(tp)) is not None:
            known = self.bind("m", members._value2member_map_)
            return (
                f"((_e if (_e := {known}.get({v})) is not None else {slow}) "
                f"if {v}.__class__ is str else {slow})"
            )
        if (arm := _optional_arm(tp)) is not None:
            if arm in _PRIMITIVES:
                return f"({v} if {v} is None or {v}.__class__ is {arm.__name__} else {slow})"
            return f"(None if {v} is None else {self.value(arm, v)})"
        if (item := list_item(tp)) is not None and self._is_model(item):
            each, item_type = self.bind("h", self._hook_for(item)), self.bind("t", item)
            listed = f"list(_map({each}, {v}, _repeat({item_type})))"
            return f"({listed} if {v}.__class__ is list else {slow})"
        if (item := list_item(tp)) is not None and item in _PRIMITIVES:
            each = self.value(item, "_x")
            listed = f"([{each} for _x in {v}] if {v} else [])"
            return f"({listed} if {v}.__class__ is list else {slow})"
        if _holds_any(tp):  # plain JSON kept as it came: bounded in depth
            return f"_bounded({slow})"
        return slow


def make_structure_fn(
    cls: type,
    *,
    keys: Mapping[str, str],
    hook_for: Callable[[Any], Hook],
    is_model: Callable[[Any], bool],
    strict: bool,
    explain: Callable[[Any], Any],
    prepare: Callable[[Any], Any] | None = None,
    relink: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None,
) -> Hook:
    """The structure function of the attrs class `cls` (a model with an `extra` field).

    `keys` maps each field to its JSON key; `hook_for(tp)` is the converter's hook for a
    type; `explain(data)` structures `data` with detailed validation and raises why it
    does not fit (called only after a failure). `prepare` reshapes the data first (a
    model's `_prepare_json`); `relink` turns an old `_links` object into `links`.
    Lenient: unknown fields go to `extra`. Strict: an unknown field is a failure.
    """
    attrs.resolve_types(cls)
    writer = _Writer(hook_for, is_model)
    writer.globals.update(_cl=cls, _explain=explain, _Mapping=Mapping, _prepare=prepare)
    writer.globals.update(_relink=relink, _known=frozenset(keys.values()))
    body: list[str] = []
    if prepare is not None:
        body.append("o = _prepare(o)")
    body += [
        "if o.__class__ is not dict and not isinstance(o, _Mapping):",
        f"    raise TypeError('{cls.__name__}: expected an object, got ' + type(o).__name__)",
    ]
    if relink is not None:
        body.append("if '_links' in o and 'links' not in o: o = _relink(o)")
    # Count the fields the answer lacks: it has an unknown one when it has more keys than
    # the known ones it holds (usually fewer are missing than present: cheaper to count).
    body.append("missing = 0")
    arguments = []
    for number, field in enumerate(f for f in attrs.fields(cls) if f.name in keys):
        local = f"f{number}"
        body.append(f"v = o.get({keys[field.name]!r}, _MISSING)")
        convert = writer.value(field.type, "v")
        if field.default is attrs.NOTHING:
            absent = f"raise KeyError({keys[field.name]!r})"
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            if field.default.takes_self:
                raise TypeError(f"{cls.__name__}.{field.name}: a default taking self")
            factory = writer.bind("d", field.default.factory)
            absent = f"{local} = {factory}(); missing += 1"
        else:
            absent = f"{local} = {writer.bind('d', field.default)}; missing += 1"
        body += ["if v is _MISSING:", f"    {absent}", "else:", f"    {local} = {convert}"]
        arguments.append((field, local))
    unknown = (
        "raise KeyError('unknown field')"
        if strict
        else "extra = _bounded({k: w for k, w in o.items() if k not in _known})"
    )
    body += [
        f"if len(o) == {len(arguments)} - missing:",
        "    extra = _NO_EXTRA",
        "else:",
        f"    {unknown}",
        *_construction(cls, writer, [*arguments, (attrs.fields_dict(cls)["extra"], "extra")]),
    ]
    name = f"structure_{cls.__name__}"
    lines = [
        f"def make({writer.parameters()}):",
        f"    def {name}(data, _=None):",
        "        try:",
        "            o = data",
        *(f"            {line}" for line in body),
        "        except Exception as exc:",
        "            _explain(data)",  # raises the detailed error; if not, ours stands
        "            raise exc",
        f"    return {name}",
    ]
    namespace: dict[str, Any] = {}
    code = compile("\n".join(lines), f"<redis_cloud_async structure {cls.__qualname__}>", "exec")
    exec(code, {}, namespace)  # noqa: S102 - our own code, built from the class
    function: Hook = namespace["make"](**writer.globals)
    return function
