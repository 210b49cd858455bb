"""The package's public names (`redis_cloud_async.__all__`): each one exists, is listed
once and, when it is a class or a function, is documented; every public model is a
frozen attrs class that takes keyword arguments only."""

from __future__ import annotations

import inspect
from collections import Counter

import attrs

import redis_cloud_async as package
from redis_cloud_async import Model, Spec

PUBLIC = list(package.__all__)


def _own_doc(obj: object) -> str:
    """Its own docstring: a class does not inherit its base's (`inspect.getdoc` would)."""
    doc = vars(obj).get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    return (doc or "").strip()


def test_all_lists_each_name_once() -> None:
    twice = sorted(name for name, count in Counter(PUBLIC).items() if count > 1)
    assert not twice, f"listed more than once in __all__: {twice}"


def test_every_public_name_exists() -> None:
    missing = [name for name in PUBLIC if not hasattr(package, name)]
    assert not missing, f"in __all__ but not in the package: {missing}"


def test_every_public_class_and_function_is_documented() -> None:
    objects = {name: getattr(package, name) for name in PUBLIC}
    undocumented = sorted(
        name
        for name, obj in objects.items()
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and not _own_doc(obj)
    )
    assert not undocumented, f"public classes or functions without a docstring: {undocumented}"


def test_every_public_model_is_a_frozen_keyword_only_attrs_class() -> None:
    classes = [getattr(package, name) for name in PUBLIC if inspect.isclass(getattr(package, name))]
    models = [cls for cls in classes if issubclass(cls, Model | Spec)]
    assert len(models) > 100
    not_attrs = [cls.__name__ for cls in models if not attrs.has(cls)]
    assert not not_attrs, f"models that are not attrs classes: {not_attrs}"
    positional = {
        cls.__name__: [f.name for f in attrs.fields(cls) if f.init and not f.kw_only]
        for cls in classes
        if attrs.has(cls)
    }
    positional = {name: fields for name, fields in positional.items() if fields}
    assert not positional, f"attrs classes with positional fields (want kw_only): {positional}"
    # Models and specs are values; counters such as RequestStats are meant to change.
    mutable = [cls.__name__ for cls in models if not _is_frozen(cls)]
    assert not mutable, f"attrs classes that are not frozen: {mutable}"


def _is_frozen(cls: type) -> bool:
    """Whether setting an attribute raises, as it does on frozen attrs instances."""
    fields = attrs.fields(cls)
    try:
        setattr(object.__new__(cls), fields[0].name if fields else "probe", None)
    except attrs.exceptions.FrozenInstanceError:
        return True
    except AttributeError:  # a slotted class without that attribute: not frozen either
        return False
    return False
