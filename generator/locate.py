"""Find where, in the files a person edits, a finding belongs: ``file:line:column``.

Findings are made on the customized outline (an audience may have dropped elements, so list
indices shift), so positions are found through element ids: the deepest element on a path
that has an ``id`` is looked up in the outline file (or the overlay files it came from), and
the rest of the path is followed from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel

from generator.errors import Problem, display_path

PathT = tuple[str | int, ...]


def _walk_ids(data: object, path: PathT, out: dict[str, PathT]) -> None:
    """Record the path of every mapping with an ``id`` (or audience ``name``) in ``data``."""
    if isinstance(data, dict):
        ident = data.get("id")
        if isinstance(ident, str) and ident not in out:
            out[ident] = path
        for key, value in data.items():
            _walk_ids(value, (*path, key), out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _walk_ids(value, (*path, i), out)


def format_where(path: Iterable[str | int]) -> str:
    """Return a path as people read it: ``sections[2].slides[0].points``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Source:
    """One YAML file: its document (when the located reader is available) and its ids."""

    def __init__(self, path: Path) -> None:
        self.file = display_path(path)
        self.doc = None
        self.ids: dict[str, PathT] = {}
        try:
            from generator.yamlsource import load_yaml

            self.doc = load_yaml(path)
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the loader itself
            return
        _walk_ids(self.doc.data, (), self.ids)

    def locate(self, path: PathT) -> tuple[int, int]:
        return self.doc.locate(path) if self.doc is not None else (1, 1)

    def has(self, path: PathT) -> bool:
        """Return True when the first key of ``path`` exists in this file."""
        data = self.doc.data if self.doc is not None else None
        return isinstance(data, dict) and bool(path) and path[0] in data


class Locator:
    """Turns paths in the customized outline into ``(file, line, column)`` in the source files."""

    def __init__(self, outline_path: Path, sources: Sequence[Path] = ()) -> None:
        paths = [outline_path, *[Path(s) for s in sources if Path(s) != outline_path]]
        self._sources = [_Source(p) for p in paths]
        self.file = self._sources[0].file

    def at(self, path: PathT) -> tuple[str, int, int]:
        """Return where the top-level ``path`` is (first file that has its first key)."""
        for source in self._sources:
            if source.has(path):
                return (source.file, *source.locate(path))
        return (self.file, 1, 1)

    def by_id(self, ident: str | None, rest: PathT = ()) -> tuple[str, int, int] | None:
        """Return where the element with ``ident`` (then ``rest`` inside it) is, or None."""
        if not ident:
            return None
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
    return Problem(file, line, column, format_where(path), message)
