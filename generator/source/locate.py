"""Find where, in the files a person edits, a finding belongs: ``file:line:column``.

Findings are made on the customized outline (an audience may have dropped elements, so list
indices shift), so positions are found through element ids: the deepest element on a path
that has an ``id`` is looked up in the outline file (or the overlay files it came from), and
the rest of the path is followed from there. A field that an overlay patch (``set``,
``replace``) or an audience's ``overrides`` changed is found where that change is written: the
outline's own line would point at a value that is no longer there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from generator.errors import Problem, display_path
from generator.source.typed import Model as BaseModel
from generator.source.yaml_reader import format_path

PathT = tuple[str | int, ...]


def _walk_ids(data: object, path: PathT, out: dict[str, PathT]) -> None:
    """Record the path of every mapping with an ``id`` in ``data``."""
    if isinstance(data, dict):
        ident = data.get("id")
        if isinstance(ident, str) and ident not in out:
            out[ident] = path
        for key, value in data.items():
            _walk_ids(value, (*path, key), out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _walk_ids(value, (*path, i), out)


def _get(data: object, path: PathT) -> object:
    """Return the value at ``path`` in plain YAML data, or None when it is not there."""
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_list or isinstance(data, dict) and part in data):
            return None
        data = data[part]  # type: ignore[index]
    return data


class _Source:
    """One YAML file: its document (when the located reader is available) and its ids."""

    def __init__(self, path: Path) -> None:
        self.file = display_path(path)
        self.doc = None
        self.ids: dict[str, PathT] = {}
        try:
            from generator.source.yaml_reader import load_yaml

            self.doc = load_yaml(path)
        except Exception:  # an unreadable file is reported by the loader itself
            return
        _walk_ids(self.doc.data, (), self.ids)

    @property
    def data(self) -> object:
        return self.doc.data if self.doc is not None else None

    def locate(self, path: PathT) -> tuple[int, int]:
        return self.doc.locate(path) if self.doc is not None else (1, 1)

    def has(self, path: PathT) -> bool:
        """Return True when the first key of ``path`` exists in this file."""
        data = self.data
        return isinstance(data, dict) and bool(path) and path[0] in data


_Edit = tuple[_Source, PathT, "frozenset[str] | None"]
"""Where an element was changed: the file, the mapping written there, and the fields it sets
(None: the whole element was written there, as ``replace`` does)."""


class Locator:
    """Turns paths in the customized outline into ``(file, line, column)`` in the source files.

    ``overlays`` are the overlay files whose patches made the outline, in the order they were
    applied; ``audience`` is the file and path of the audience whose ``overrides`` were
    applied. What they changed is found where they changed it, the latest change first.
    """

    def __init__(
        self,
        outline_path: Path,
        sources: Sequence[Path] = (),
        *,
        overlays: Sequence[Path] = (),
        audience: tuple[Path, PathT] | None = None,
    ) -> None:
        opened: dict[Path, _Source] = {}

        def source(path: Path) -> _Source:
            key = Path(path).resolve()
            if key not in opened:
                opened[key] = _Source(Path(path))
            return opened[key]

        first = source(outline_path)
        self.file = first.file
        # Ids an overlay inserted or rewrote are looked up there before the outline.
        ordered = [source(p) for p in reversed(overlays)]
        ordered += [first, *(source(Path(p)) for p in sources)]
        self._sources = list({id(s): s for s in ordered}.values())
        self._edits: dict[str, list[_Edit]] = {}
        if audience is not None:
            file, at = audience
            self._audience: tuple[_Source, PathT] | None = (source(file), at)
            overrides = _get(source(file).data, (*at, "overrides"))
            for ident, fields in (overrides or {}).items() if isinstance(overrides, dict) else ():
                if isinstance(fields, dict):
                    where = (*at, "overrides", ident)
                    self._edit(str(ident), (source(file), where, frozenset(map(str, fields))))
        else:
            self._audience = None
        for path in reversed(overlays):
            overlay = source(path)
            patches = _get(overlay.data, ("patches",))
            for n, patch in enumerate(patches if isinstance(patches, list) else ()):
                if not isinstance(patch, dict) or not isinstance(patch.get("with"), dict):
                    continue
                at = ("patches", n, "with")
                if isinstance(patch.get("set"), str):
                    fields = frozenset(map(str, patch["with"]))
                    self._edit(patch["set"], (overlay, at, fields))
                elif isinstance(patch.get("replace"), str):
                    self._edit(patch["replace"], (overlay, at, None))

    def _edit(self, ident: str, edit: _Edit) -> None:
        self._edits.setdefault(ident, []).append(edit)

    def at(self, path: PathT) -> tuple[str, int, int]:
        """Return where the top-level ``path`` is (first file that has its first key)."""
        for source in self._sources:
            if source.has(path):
                return (source.file, *source.locate(path))
        return (self.file, 1, 1)

    def in_audience(self, path: PathT) -> tuple[str, int, int] | None:
        """Return where ``path`` inside the audience profile is written, or None if unknown."""
        if self._audience is None:
            return None
        source, at = self._audience
        return (source.file, *source.locate((*at, *path)))

    def by_id(self, ident: str | None, rest: PathT = ()) -> tuple[str, int, int] | None:
        """Return where the element with ``ident`` (then ``rest`` inside it) is, or None."""
        if not ident:
            return None
        for source, at, fields in self._edits.get(ident, ()):
            if fields is None or (rest and rest[0] in fields):
                return (source.file, *source.locate((*at, *rest)))
        for source in self._sources:
            if ident in source.ids:
                return (source.file, *source.locate((*source.ids[ident], *rest)))
        return None

    def in_model(self, root: BaseModel, path: PathT) -> tuple[str, int, int]:
        """Return where ``path`` (a path in the customized outline ``root``) was written."""
        nodes: list[object] = [root]
        node: object = root
        for part in path:
            node = _child(node, part)
            nodes.append(node)
        for depth in range(len(path), 0, -1):
            ident = getattr(nodes[depth], "id", None)
            if isinstance(ident, str):
                found = self.by_id(ident, path[depth:])
                if found:
                    return found
        return self.at(path)


def _child(node: object, part: str | int) -> object:
    """Return ``node[part]`` for lists and ``node.part`` for models; None when missing."""
    if node is None:
        return None
    if isinstance(part, int):
        return node[part] if isinstance(node, (list, tuple)) and part < len(node) else None
    if isinstance(node, dict):
        return node.get(part)
    return getattr(node, part, None)


def located(locator: Locator, root: BaseModel, path: PathT, message: str) -> Problem:
    """Return a :class:`Problem` for ``path`` in the customized ``root``, placed in its file."""
    file, line, column = locator.in_model(root, path)
    return Problem(file, line, column, format_path(path), message)


class ModelDoc:
    """A customized outline standing in for its :class:`~generator.source.yaml_reader.Document`.

    :mod:`generator.source.validate` reports problems through ``doc.problem(path, message)``; this
    places each path of the customized ``root`` in the files it came from, so the same checks
    run on an outline after overlays and audiences changed it. The files are read only when a
    problem is found. ``prefix`` starts every ``where`` (e.g. ``audience 'couples-120': ``).
    """

    def __init__(self, root: BaseModel, locator: Callable[[], Locator], prefix: str = "") -> None:
        self._root = root
        self._make = locator
        self._locator: Locator | None = None
        self._prefix = prefix

    def _where(self, path: PathT) -> tuple[str, int, int]:
        if self._locator is None:
            self._locator = self._make()
        return self._locator.in_model(self._root, path)

    def locate(self, path: PathT) -> tuple[int, int]:
        """Return ``(line, column)`` where ``path`` was written (in whichever file)."""
        _, line, column = self._where(tuple(path))
        return line, column

    def problem(self, path: PathT, message: str, *, where: str | None = None) -> Problem:
        """Return a :class:`Problem` for ``path``, located in the file it was written in."""
        path = tuple(path)
        file, line, column = self._where(path)
        shown = format_path(path) if where is None else where
        return Problem(file, line, column, f"{self._prefix}{shown}", message)
