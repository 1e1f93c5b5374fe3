"""A small model base for the outline format: pydantic's behaviour without its start-up cost.

Every command validates an outline, and importing pydantic and building its validators for
the format's ~60 classes took 130–170 ms of each run, more than the rest of ``validate``
together. The classes in :mod:`generator.source.model` are therefore written against this
module's :class:`Model`, which offers the part of pydantic's interface the project uses
(``model_validate``, ``model_dump``, ``model_copy``, ``model_fields``, ``Field``,
``field_validator``, ``model_validator``) and validates in two steps:

1. **A fast check** in plain Python accepts a document only when every value already has the
   exact type its field declares (text for text, a whole number for a whole number…), every
   constraint holds and every validator passes. What it accepts is exactly what pydantic
   would make of it: text is stripped of Unicode white space as pydantic strips it, an integer
   becomes a float where a number is asked for, defaults are filled in.
2. **Anything else goes to pydantic**: a *twin* of the model (:func:`pydantic_twin`, the same
   names, fields, constraints, docstrings and validators as pydantic classes) is built on
   first need and decides. When it refuses, its errors are raised as this module's
   :class:`ValidationError`, so the messages users see come from pydantic's error list as
   before; when it accepts (a value pydantic coerces, such as ``'30'`` for a number of
   minutes), its result is taken over.

So a valid outline never imports pydantic, and an invalid one costs the import only when a
message is needed. The JSON Schema is the twin's (:mod:`generator.source.schema`).
"""

from __future__ import annotations

import copy
import re
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any, Literal, TypeVar, get_args, get_origin

M = TypeVar("M", bound="Model")

WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Unicode's White_Space characters: what pydantic strips (Rust's ``str::trim``). Python's
``str.strip()`` would also strip U+001C–U+001F, which pydantic keeps."""

_NO_DEFAULT: Any = object()
_SURROGATE = re.compile("[\ud800-\udfff]").search


class _Reject(Exception):
    """The fast check cannot vouch for a value: pydantic decides instead."""


# --------------------------------------------------------------------------- declarations


class FieldInfo:
    """What ``Field(...)`` declared: default, alias, description and constraints."""

    __slots__ = ("annotation", "default", "default_factory", "alias", "description", "kwargs")

    def __init__(self, default: Any = _NO_DEFAULT, **kwargs: Any) -> None:
        self.annotation: Any = None
        self.default = default
        self.default_factory: Callable[[], Any] | None = kwargs.get("default_factory")
        self.alias: str | None = kwargs.get("alias")
        self.description: str | None = kwargs.get("description")
        self.kwargs = kwargs

    @property
    def constraints(self) -> dict[str, Any]:
        """Return the constraints (pattern, min_length, ge…) as ``Field`` was given them."""
        names = ("default_factory", "alias", "description", "discriminator")
        return {k: v for k, v in self.kwargs.items() if k not in names and v is not None}

    def is_required(self) -> bool:
        """Return True when the field has neither a default nor a default factory."""
        return self.default is _NO_DEFAULT and self.default_factory is None

    def get_default(self) -> Any:
        """Return the field's default value, calling its factory for a fresh one."""
        if self.default_factory is not None:
            return self.default_factory()
        return self.default

    def __repr__(self) -> str:
        return f"FieldInfo(annotation={self.annotation!r}, kwargs={self.kwargs!r})"


def Field(default: Any = _NO_DEFAULT, **kwargs: Any) -> Any:  # noqa: N802 (pydantic's name)
    """Return a field declaration, as ``pydantic.Field`` takes it."""
    return FieldInfo(default, **kwargs)


def ConfigDict(**settings: Any) -> dict[str, Any]:  # noqa: N802 (pydantic's name)
    """Return a model's settings (``extra="forbid"``, ``str_strip_whitespace=True``)."""
    return settings


def field_validator(*names: str, mode: Literal["before", "after"] = "after") -> Callable:
    """Mark a classmethod as a validator of the fields ``names`` (run before or after them)."""

    def mark(method: Any) -> Any:
        function = method.__func__ if isinstance(method, classmethod) else method
        function._typed_validator = ("field", names, mode)
        return method if isinstance(method, classmethod) else classmethod(method)

    return mark


def model_validator(*, mode: Literal["after"]) -> Callable:
    """Mark a method as a validator of the whole instance, run after its fields are checked."""

    def mark(function: Any) -> Any:
        function._typed_validator = ("model", (), mode)
        return function

    return mark


def _mark(attr: Any) -> tuple[Any, tuple[str, tuple[str, ...], str] | None]:
    """Return a class attribute's function and its validator mark ``(kind, fields, mode)``
    (None when it is no validator)."""
    function = attr.__func__ if isinstance(attr, classmethod) else attr
    return function, getattr(function, "_typed_validator", None)


def _validators(cls: type) -> Iterator[tuple[str, str, tuple[str, ...], str]]:
    """Yield ``(name, kind, fields, mode)`` for each validator ``cls`` defines itself."""
    for name, attr in vars(cls).items():
        mark = _mark(attr)[1]
        if mark is not None:
            kind, fields, mode = mark
            yield name, kind, fields, mode


# --------------------------------------------------------------------------- the fast check


class _Fields:
    """``Model.model_fields``: each field's :class:`FieldInfo`, resolved on first use."""

    def __get__(self, obj: object, cls: type[Model]) -> dict[str, FieldInfo]:
        return _table(cls).fields


def _constraint_check(info: FieldInfo | None) -> Callable[[Any], None] | None:
    """Return a function raising _Reject when a value breaks ``info``'s constraints, or None."""
    if info is None:
        return None
    c = info.constraints
    pattern = re.compile(c["pattern"], re.ASCII).search if "pattern" in c else None
    low, high = c.get("min_length"), c.get("max_length")
    gt, ge, lt, le = c.get("gt"), c.get("ge"), c.get("lt"), c.get("le")
    if pattern is None and low is None and high is None and (gt, ge, lt, le) == (None,) * 4:
        return None

    def check(value: Any) -> None:
        if pattern is not None and not pattern(value):
            raise _Reject
        if low is not None and len(value) < low or high is not None and len(value) > high:
            raise _Reject
        if gt is not None and not value > gt or ge is not None and not value >= ge:
            raise _Reject
        if lt is not None and not value < lt or le is not None and not value <= le:
            raise _Reject

    return check


def _merge(infos: list[FieldInfo]) -> FieldInfo | None:
    """Return one FieldInfo holding the constraints of several (``Annotated`` nests them)."""
    if not infos:
        return None
    merged = FieldInfo()
    for info in infos:
        merged.kwargs = {**merged.kwargs, **{k: v for k, v in info.kwargs.items() if v is not None}}
    return merged


def _checker(tp: Any, strip: bool, info: FieldInfo | None = None) -> Callable[[Any], Any]:
    """Return a function that returns a value checked as type ``tp`` or raises _Reject.

    Only values that already have the exact type pass; ``info`` adds a field's constraints.
    """
    origin = get_origin(tp)
    if origin is typing.Annotated:
        inner, *meta = get_args(tp)
        infos = [m for m in meta if isinstance(m, FieldInfo)]
        if info is not None:
            infos.append(info)
        discriminator = next(
            (i.kwargs["discriminator"] for i in infos if "discriminator" in i.kwargs), None
        )
        if discriminator is not None:
            return _tagged_union(inner, discriminator)
        return _checker(inner, strip, _merge(infos))
    limits = _constraint_check(info)
    if tp is str:

        def text(value: Any) -> Any:
            if type(value) is not str or not value.isascii() and _SURROGATE(value):
                raise _Reject  # pydantic refuses text holding a lone surrogate
            if strip:
                value = value.strip(WHITE_SPACE)
            if limits is not None:
                limits(value)
            return value

        return text
    if tp is int or tp is float:

        def number(value: Any) -> Any:
            kind = type(value)
            if kind is not tp:
                if tp is float and kind is int:
                    value = float(value)
                else:
                    raise _Reject
            if limits is not None:
                limits(value)
            return value

        return number
    if tp is bool:

        def flag(value: Any) -> Any:
            if type(value) is not bool:
                raise _Reject
            return value

        return flag
    if tp is type(None):

        def nothing(value: Any) -> Any:
            if value is not None:
                raise _Reject
            return value

        return nothing
    if tp is object or tp is Any:
        return lambda value: value
    if origin is Literal:
        allowed = {(type(v), v) for v in get_args(tp)}
        kinds = {type(v) for v in get_args(tp)}

        def choice(value: Any) -> Any:
            if type(value) not in kinds or (type(value), value) not in allowed:
                raise _Reject
            return value

        return choice
    if origin is list:
        item = _checker(get_args(tp)[0], strip)

        def items(value: Any) -> Any:
            if type(value) is not list:
                raise _Reject
            checked = [item(v) for v in value]
            if limits is not None:
                limits(checked)
            return checked

        return items
    if origin is dict:
        key_tp, value_tp = get_args(tp)
        key, val = _checker(key_tp, False), _checker(value_tp, strip)

        def mapping(value: Any) -> Any:
            if type(value) is not dict:
                raise _Reject
            checked = {}
            for k, v in value.items():
                # A key with white space at an end is pydantic's to strip or refuse.
                if type(k) is not str or k != k.strip(WHITE_SPACE):
                    raise _Reject
                checked[key(k)] = val(v)
            return checked

        return mapping
    if origin in (typing.Union, types.UnionType):
        members = [_checker(a, strip, info) for a in get_args(tp)]

        def union(value: Any) -> Any:
            # The members of each union in the format take values of different Python types
            # (text, mapping, list, number, None), so the first that accepts is the one
            # pydantic's smart mode picks for an exact-typed value.
            for member in members:
                try:
                    return member(value)
                except _Reject:
                    continue
            raise _Reject

        return union
    if isinstance(tp, type) and issubclass(tp, Model):
        return lambda value: _check_model(tp, value)
    raise TypeError(f"the model layer has no check for the type {tp!r}")


def _tagged_union(tp: Any, tag: str) -> Callable[[Any], Any]:
    """Return a checker for a union of models told apart by the Literal field ``tag``."""
    by_tag: dict[Any, type[Model]] = {}
    for member in get_args(tp):
        for value in get_args(member.model_fields[tag].annotation):
            by_tag[value] = member

    def tagged(value: Any) -> Any:
        if type(value) is not dict:
            if any(isinstance(value, m) for m in by_tag.values()):
                return value
            raise _Reject
        member = by_tag.get(value.get(tag)) if type(value.get(tag)) is str else None
        if member is None:
            raise _Reject
        return _check_model(member, value)

    return tagged


class _Table:
    """How to check one model class: its fields, their checkers, defaults and validators."""

    def __init__(self, cls: type[Model]) -> None:
        config = getattr(cls, "model_config", {})
        self.forbid = config.get("extra") == "forbid"
        strip = bool(config.get("str_strip_whitespace"))
        hints = typing.get_type_hints(cls, include_extras=True)
        declared: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):  # a field declared again keeps its first place
            declared.update(klass.__dict__.get("_typed_declared", {}))
        self.fields = {name: _resolved(value, hints[name]) for name, value in declared.items()}
        self.keys = {(info.alias or name): name for name, info in self.fields.items()}
        before: dict[str, list[Callable]] = {}
        after: dict[str, list[Callable]] = {}
        self.model_after: list[Callable] = []
        for klass in reversed(cls.__mro__):
            for name, kind, fields, mode in _validators(klass):
                bound = getattr(cls, name)
                if kind == "model":
                    self.model_after.append(bound)
                for field in fields:
                    (before if mode == "before" else after).setdefault(field, []).append(bound)
        self.plan = [
            (
                name,
                info.alias or name,
                _checker(info.annotation, strip, info),
                info,
                before.get(name, []),
                after.get(name, []),
            )
            for name, info in self.fields.items()
        ]


def _resolved(declared: Any, hint: Any) -> FieldInfo:
    """Return a field's FieldInfo with its type, as pydantic keeps it.

    An ``Annotated`` type's own ``Field`` (``Text``'s ``min_length``) is merged in, the
    field's own declaration winning, and the bare type kept as the annotation.
    """
    info = declared if isinstance(declared, FieldInfo) else FieldInfo(declared)
    kwargs = dict(info.kwargs)
    if get_origin(hint) is typing.Annotated:
        hint, *meta = get_args(hint)
        outer = _merge([m for m in meta if isinstance(m, FieldInfo)])
        if outer is not None:
            kwargs = {**outer.kwargs, **kwargs}
    resolved = FieldInfo(info.default, **kwargs)
    resolved.annotation = hint
    if isinstance(info.default, (list, dict, set)):  # each instance gets its own, as in pydantic
        resolved.default_factory = lambda: copy.deepcopy(info.default)
    return resolved


def _table(cls: type[Model]) -> _Table:
    """Return the check table of ``cls``, built on first use."""
    table = cls.__dict__.get("_typed_table")
    if table is None:
        table = _Table(cls)
        cls._typed_table = table
    return table


def _check_model(cls: type[M], value: Any) -> M:
    """Return ``value`` (a mapping, or an instance already) checked as ``cls``, or raise _Reject."""
    if isinstance(value, cls):
        return value
    if type(value) is not dict:
        raise _Reject
    table = _table(cls)
    if table.forbid and any(key not in table.keys for key in value):
        raise _Reject
    data: dict[str, Any] = {}
    try:
        for name, key, check, info, before, after in table.plan:
            if key in value:
                item = value[key]
                for validator in before:
                    item = validator(item)
                item = check(item)
                for validator in after:
                    item = validator(item)
            elif info.default_factory is not None:
                item = info.default_factory()
            elif info.default is not _NO_DEFAULT:
                item = info.default  # immutable: a list or mapping has a factory (_resolved)
            else:
                raise _Reject
            data[name] = item
        instance = object.__new__(cls)
        instance.__dict__ = data
        for validator in table.model_after:
            instance = validator(instance)
    except (ValueError, AssertionError) as exc:  # a validator refused: pydantic says how
        raise _Reject from exc
    return instance


# --------------------------------------------------------------------------- the model base


class ValidationError(ValueError):
    """A document the model refuses; :meth:`errors` lists pydantic's errors for it."""

    def __init__(self, error: Any) -> None:
        super().__init__(str(error))
        self.error = error

    def errors(self, **options: Any) -> list[dict[str, Any]]:
        """Return pydantic's list of errors (type, loc, msg, input, ctx)."""
        return self.error.errors(**options)


class Model:
    """Base of every model: validated on creation, compared and copied field by field.

    Methods read fields with ``getattr`` rather than through ``__dict__``, so that what
    :mod:`generator.reads` records of a dump, copy or comparison is the fields it read.
    """

    model_config: typing.ClassVar[dict[str, Any]] = {}
    model_fields: typing.ClassVar[dict[str, FieldInfo]] = _Fields()  # type: ignore[assignment]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared: dict[str, Any] = {}
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if name.startswith("_") or get_origin(annotation) is typing.ClassVar:
                continue
            declared[name] = cls.__dict__.get(name, _NO_DEFAULT)
            if name in cls.__dict__:
                delattr(cls, name)  # as in pydantic, the class has no attribute per field
        cls._typed_declared = declared
        cls._typed_table = None

    def __init__(self, **data: Any) -> None:
        self.__dict__ = type(self).model_validate(data).__dict__

    @classmethod
    def model_validate(cls: type[M], value: Any) -> M:
        """Return ``value`` validated as this model; raise :class:`ValidationError`."""
        try:
            return _check_model(cls, value)
        except _Reject:
            return _pydantic_verdict(cls, value)

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        by_alias: bool = False,
        exclude_defaults: bool = False,
        exclude: set[str] | None = None,
    ) -> dict[str, Any]:
        """Return the fields as plain data (nested models as mappings), as pydantic dumps them."""
        out: dict[str, Any] = {}
        for name, info in _table(type(self)).fields.items():
            if exclude and name in exclude:
                continue
            value = getattr(self, name)
            if exclude_defaults and not info.is_required() and value == info.get_default():
                continue
            key = info.alias if by_alias and info.alias else name
            out[key] = _dump(value, mode, by_alias, exclude_defaults)
        return out

    def model_copy(self: M, *, update: dict[str, Any] | None = None, deep: bool = False) -> M:
        """Return a copy (deep or shallow) with ``update``'s fields replaced, not validated."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        if deep:
            data = copy.deepcopy(data)
        if update:
            data.update(update)
        copied = object.__new__(type(self))
        copied.__dict__ = data
        return copied

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in type(self).model_fields)

    __hash__ = None  # type: ignore[assignment]  # mutable, like pydantic's models

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for name in type(self).model_fields:
            yield name, getattr(self, name)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in type(self).model_fields)
        return f"{type(self).__name__}({shown})"


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _dump(value: Any, mode: str, by_alias: bool, exclude_defaults: bool) -> Any:
    """Return one field's value as plain data."""
    kind = type(value)
    if kind in _PLAIN:  # most values: checked first, as customizing dumps every outline
        return value
    if kind is list:
        return [_dump(v, mode, by_alias, exclude_defaults) for v in value]
    if isinstance(value, Model):
        return value.model_dump(mode=mode, by_alias=by_alias, exclude_defaults=exclude_defaults)  # type: ignore[arg-type]
    if isinstance(value, (list, tuple)):
        dumped = [_dump(v, mode, by_alias, exclude_defaults) for v in value]
        return dumped if mode == "json" or isinstance(value, list) else tuple(dumped)
    if isinstance(value, dict):
        return {k: _dump(v, mode, by_alias, exclude_defaults) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- the pydantic twin

_twins: dict[type, type] = {}


def pydantic_twin(cls: type[Model]) -> Any:
    """Return a pydantic model class with ``cls``'s name, fields, docstrings and validators.

    It decides what the fast check cannot, words the errors and exports the JSON Schema.
    """
    twin = _twins.get(cls)
    if twin is not None:
        return twin
    import pydantic

    bases = tuple(
        pydantic_twin(b) if b is not Model else pydantic.BaseModel
        for b in cls.__bases__
        if issubclass(b, Model)
    )
    hints = typing.get_type_hints(cls, include_extras=True)
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "__annotations__": {},
    }
    if "model_config" in cls.__dict__:
        namespace["model_config"] = pydantic.ConfigDict(**cls.model_config)  # type: ignore[typeddict-item]
    for name, declared in cls.__dict__["_typed_declared"].items():
        namespace["__annotations__"][name] = _twin_type(hints[name])
        if declared is not _NO_DEFAULT:
            namespace[name] = _twin_field(declared) if isinstance(declared, FieldInfo) else declared
    skip = {"__dict__", "__weakref__", "__annotations__", "_typed_declared", "_typed_table"}
    for name, attr in cls.__dict__.items():
        if name in skip or name in namespace:
            continue
        function, mark = _mark(attr)
        if mark is None:
            namespace[name] = attr
        elif mark[0] == "field":
            namespace[name] = pydantic.field_validator(*mark[1], mode=mark[2])(
                classmethod(function)
            )
        else:
            namespace[name] = pydantic.model_validator(mode=mark[2])(function)
    twin = types.new_class(cls.__name__, bases, {}, lambda ns: ns.update(namespace))
    twin._typed_origin = cls
    _twins[cls] = twin
    return twin


def _twin_field(info: FieldInfo) -> Any:
    """Return ``pydantic.Field`` declared as ``info`` was (a model factory made its twin's)."""
    import pydantic

    kwargs = dict(info.kwargs)
    factory = kwargs.get("default_factory")
    if isinstance(factory, type) and issubclass(factory, Model):
        kwargs["default_factory"] = pydantic_twin(factory)
    if info.default is not _NO_DEFAULT:
        return pydantic.Field(info.default, **kwargs)
    return pydantic.Field(**kwargs)


def _twin_type(tp: Any) -> Any:
    """Return the type ``tp`` with every model in it replaced by its pydantic twin."""
    if isinstance(tp, type) and issubclass(tp, Model):
        return pydantic_twin(tp)
    origin, args = get_origin(tp), get_args(tp)
    if origin is typing.Annotated:
        meta = [_twin_field(m) if isinstance(m, FieldInfo) else m for m in tp.__metadata__]
        return typing.Annotated[(_twin_type(args[0]), *meta)]  # type: ignore[return-value]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_twin_type(a) for a in args)]  # noqa: UP007 (built from a tuple)
    if origin is list:
        return list[_twin_type(args[0])]  # type: ignore[misc]
    if origin is dict:
        return dict[_twin_type(args[0]), _twin_type(args[1])]  # type: ignore[misc]
    return tp


def _adopt(value: Any) -> Any:
    """Return a value pydantic validated with each twin instance turned into its model's."""
    origin = getattr(type(value), "_typed_origin", None)
    if origin is not None:
        instance = object.__new__(origin)
        instance.__dict__ = {name: _adopt(getattr(value, name)) for name in origin.model_fields}
        return instance
    if isinstance(value, list):
        return [_adopt(v) for v in value]
    if isinstance(value, dict):
        return {k: _adopt(v) for k, v in value.items()}
    return value


def _pydantic_verdict(cls: type[M], value: Any) -> M:
    """Return ``value`` as pydantic validates it for ``cls``'s twin; raise ValidationError."""
    import pydantic

    try:
        validated = pydantic_twin(cls).model_validate(_to_twins(value))
    except pydantic.ValidationError as exc:
        raise ValidationError(exc) from None
    return _adopt(validated)


def _to_twins(value: Any) -> Any:
    """Return ``value`` with model instances in it given as their twins' (pydantic checks types)."""
    if isinstance(value, Model):
        twin = pydantic_twin(type(value))
        return twin.model_construct(**{n: _to_twins(v) for n, v in value})
    if isinstance(value, list):
        return [_to_twins(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_twins(v) for k, v in value.items()}
    return value
