"""What each output read while it rendered, so ``build --watch`` renders again only what changed.

A renderer is a deterministic function of the :class:`~generator.outputs.RenderInputs` it is
given and of the files it opens. While an output renders, every attribute it reads of the
inputs, the plan, the outline, the practice profile, the handout plan and the planned slides
is recorded by field name, and every file it opens by path (an audit hook). When a rebuild's
inputs hold equal values in every field the output read, and no file it opened has changed,
rendering it again would read the same values, take the same paths through its code and give
the same bytes: its last bytes are kept. A field read for one slide is compared on every slide.

Anything read in a way that is not field by field (``model_dump``, ``__dict__``, a cached
property) counts as reading the whole object, compared whole. Methods and properties the
project defines are not counted themselves: they run while recording, so what they read is.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.outputs import RenderInputs

_ALWAYS_FINE = frozenset({"__class__"})
"""Names read that say nothing about the values (isinstance looks the class up)."""


@dataclass(frozen=True)
class Trace:
    """What one render read: fields by owner, owners read whole, and files opened."""

    fields: frozenset[tuple[str, str]]
    """(owner, field name) pairs, owners as in :func:`owners`."""
    whole: frozenset[str]
    """Owners read in a way that is not field by field: compared whole."""
    files: frozenset[str]
    """Absolute paths of every file opened."""

    def __or__(self, other: Trace) -> Trace:
        return Trace(self.fields | other.fields, self.whole | other.whole, self.files | other.files)


def owners(inputs: RenderInputs) -> dict[str, list[object]]:
    """Return the recorded objects of ``inputs`` by owner name (each slide under "slide")."""
    plan = inputs.plan
    return {
        "inputs": [inputs],
        "plan": [plan],
        "outline": [plan.outline],
        "practice": [plan.practice],
        "handout": [plan.handout],
        "slide": list(plan.slides),
    }


def _classes() -> dict[type, str]:
    """Return each recorded class with its owner name (imported here: the plan is heavy)."""
    from generator.outputs import RenderInputs
    from generator.plan import HandoutPlan, Plan, PlannedSlide
    from generator.source.model import Outline, Practice

    return {
        RenderInputs: "inputs",
        Plan: "plan",
        Outline: "outline",
        Practice: "practice",
        HandoutPlan: "handout",
        PlannedSlide: "slide",
    }


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    """Return the data fields of a dataclass or pydantic model class."""
    if is_dataclass(cls):
        return frozenset(f.name for f in fields(cls))
    return frozenset(getattr(cls, "model_fields", {}))


def _own_code(cls: type, name: str) -> bool:
    """Return True when ``name`` is a method or property this project wrote on ``cls``.

    Such code runs while recording, so the fields it reads are recorded themselves (cached
    properties are emptied when a recording starts, so they are computed inside it).
    """
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass.__module__.startswith("generator.")
    return False


def _forget_cached(inputs: RenderInputs) -> None:
    """Empty every cached property of the recorded objects, so reading one records its work."""
    for objects in owners(inputs).values():
        for obj in objects:
            cached = getattr(obj, "__dict__", None)
            if not cached:
                continue
            for klass in type(obj).__mro__:
                for name, attr in vars(klass).items():
                    if isinstance(attr, functools.cached_property):
                        cached.pop(name, None)


# A field that holds another recorded object is not compared as a value: what is read of that
# object is recorded and compared itself. Of the slides, only how many there are.
_LINKS = {
    ("inputs", "plan"): None,
    ("plan", "outline"): None,
    ("plan", "practice"): None,
    ("plan", "handout"): None,
    ("plan", "slides"): len,
}


class _Recorder:
    """Collects reads while active; see :func:`recording`."""

    def __init__(self) -> None:
        self.reads: set[tuple[str, str]] = set()
        self.files: set[str] = set()

    def trace(self, classes: dict[type, str]) -> Trace:
        by_owner = {owner: cls for cls, owner in classes.items()}
        fields_read, whole = set(), set()
        for owner, name in self.reads:
            cls = by_owner[owner]
            if name in _field_names(cls):
                fields_read.add((owner, name))
            elif name not in _ALWAYS_FINE and not _own_code(cls, name):
                whole.add(owner)
        return Trace(frozenset(fields_read), frozenset(whole), frozenset(self.files))


_active: _Recorder | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Record the path of every file opened while a recording is active."""
    if event == "open" and _active is not None and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)):
            name = os.fsdecode(path)
            if not name.endswith(".pyc"):  # modules imported while rendering
                _active.files.add(os.path.abspath(name))


_hooked = False


def install() -> None:
    """Add the audit hook that sees files opened (once per process; it costs nothing while no
    recording is active). Call it before forking a worker, which then inherits it."""
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True


@contextmanager
def recording(inputs: RenderInputs) -> Iterator[_Recorder]:
    """Record, inside the block, what is read of ``inputs`` (through the recorded classes) and
    which files are opened."""
    global _active
    install()
    _forget_cached(inputs)
    classes = _classes()
    recorder = _Recorder()
    patched = []
    for cls, owner in classes.items():
        own = cls.__dict__.get("__getattribute__")
        original = cls.__getattribute__

        def getattribute(
            self: object, name: str, _original=original, _owner=owner, _reads=recorder.reads
        ) -> object:
            _reads.add((_owner, name))
            return _original(self, name)

        cls.__getattribute__ = getattribute  # type: ignore[method-assign]
        patched.append((cls, own))
    _active = recorder
    try:
        yield recorder
    finally:
        _active = None
        for cls, own in patched:
            if own is None:
                del cls.__getattribute__
            else:
                cls.__getattribute__ = own  # type: ignore[method-assign]


def render_traced(kind: str, inputs: RenderInputs) -> bytes:
    """Return the output ``kind`` rendered, pickled with the :class:`Trace` of what it read.

    A module function, so a kept worker can be sent it (see :mod:`generator.parallel`).
    """
    from generator import outputs

    with recording(inputs) as recorder:
        data = outputs.render(kind, inputs)
    return framed(data, recorder.trace(_classes()))


def untraced(framed: bytes) -> tuple[bytes, Trace]:
    """Return the bytes and trace :func:`render_traced` returned."""
    return pickle.loads(framed)


def framed(data: bytes, trace: Trace) -> bytes:
    """Return ``data`` and ``trace`` as :func:`render_traced` returns them."""
    return pickle.dumps((data, trace), protocol=pickle.HIGHEST_PROTOCOL)


def unchanged(
    trace: Trace,
    old: RenderInputs,
    new: RenderInputs,
    changed: set[str],
    ignoring: frozenset[tuple[str, str]] = frozenset(),
) -> bool:
    """Return True when rendering again with ``new`` would read what it read with ``old``,
    apart from the (owner, field) pairs in ``ignoring``, which are not compared.

    ``changed`` holds the absolute paths of files changed since; one the render opened means
    it must render again. An owner read whole is compared whole, ``ignoring`` or not.
    """
    if trace.files & changed:
        return False
    before, after = owners(old), owners(new)
    for owner in trace.whole:
        if before[owner] != after[owner]:
            return False
    for owner, name in trace.fields - ignoring:
        if (owner, name) in _LINKS:
            measure = _LINKS[owner, name]
            if measure is not None and measure(getattr(before[owner][0], name)) != measure(
                getattr(after[owner][0], name)
            ):
                return False
            continue
        was, now = before[owner], after[owner]
        if len(was) != len(now):
            return False
        if any(getattr(a, name) != getattr(b, name) for a, b in zip(was, now, strict=True)):
            return False
    return True
