"""Overlay files: an audience in its own file that ``extends:`` an outline and patches it by id.

An overlay lives beside its base, in ``outlines/<base-stem>/NAME.yaml``::

    extends: ../science-of-connection.yaml
    audience: {name: couples-120, title: ..., duration: 120}
    patches:
      - after: surviving                  # insert new elements after the one with this id
        items: [{id: couples-lens, title: ..., minutes: 15, ...}]
      - replace: try-reach                # swap an element for a new one (its id is kept)
        with: {title: ..., steps: [...]}
      - set: closing                      # change some fields of an element
        with: {message: ...}
      - remove: wired-diagram             # take an element out

Patches edit the outline exactly as if you had edited a copy of the base by hand: minutes are
what you write (use ``set`` on a section to change its minutes). The base file is never
written. An overlay may extend another overlay; its patches then apply after the other's.
Unknown ids, unknown keys and cycles of ``extends`` are errors located at ``file:line:col``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.audience.tree import (
    Path_,
    Tree,
    describe,
    error_steps,
    index_ids,
    mark_dropped,
    sweep,
    to_tree,
    walk,
)
from generator.errors import OutlineError, Problem, display_path
from generator.source.messages import did_you_mean, parse_model, plain_message
from generator.source.model import Outline, Overlay
from generator.source.typed import ValidationError
from generator.source.yaml_reader import Document, format_path, load_yaml

OPS = ("replace", "remove", "before", "after", "set")


@dataclass
class Patched:
    """A base outline with the patches of a chain of overlays applied."""

    base_path: Path
    outline: Outline
    sources: list[Path] = field(default_factory=list)
    overlay: Overlay | None = None
    doc: Document | None = None


def is_overlay(doc: Document) -> bool:
    """Return True when the document is an overlay (it has ``extends:``)."""
    return isinstance(doc.data, dict) and "extends" in doc.data


@dataclass(frozen=True)
class Link:
    """One file of an ``extends`` chain: an overlay (``overlay`` set) or the base outline."""

    path: Path
    doc: Document
    overlay: Overlay | None = None


def _parse(doc: Document) -> Overlay:
    """Return the validated overlay in ``doc``."""
    return parse_model(doc, Overlay)


MAX_EXTENDS = 16
"""Longest chain of overlays extending overlays; a real one is two or three long."""


def extends_target(path: Path, overlay: Overlay, doc: Document, chain: tuple[Path, ...]) -> Path:
    """Return the file ``overlay`` (read from ``path``) extends, resolved; check it first.

    ``chain`` holds the files already followed, the one the user named first, then ``path``.
    Raises :class:`OutlineError` located at ``extends:`` when the target makes a cycle, makes
    the chain longer than :data:`MAX_EXTENDS`, lies outside the named file's folder and the
    folder above it (where a base outline and its overlays live), or is not a YAML file there.
    Nothing of a refused file is read, so no error can show what it holds.
    """

    def refuse(message: str) -> OutlineError:
        return OutlineError("", [doc.problem(("extends",), message)])

    target = (path.parent / overlay.extends).resolve()
    if target in chain:
        names = " → ".join(display_path(p) for p in (*chain, target))
        raise refuse(
            f"'extends' makes a cycle: {names} — an overlay "
            "must extend the base outline or another overlay, never itself"
        )
    if len(chain) >= MAX_EXTENDS:
        raise refuse(
            f"the chain of overlays is more than {MAX_EXTENDS} files long — the limit; extend "
            "the base outline (or an overlay near it) directly"
        )
    first = chain[0].parent
    allowed = (first, first.parent)
    if not any(target.is_relative_to(folder) for folder in allowed):
        raise refuse(
            f"'{overlay.extends}' is outside the folder of {display_path(chain[0])} and the "
            "folder above it; an overlay may only extend an outline beside it or one folder up "
            "— copy the outline there"
        )
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise refuse(f"'{overlay.extends}' is not a .yaml outline — name the outline's file")
    if not target.is_file():
        raise refuse(
            f"'{overlay.extends}' does not exist (looked for "
            f"{display_path(target)}) — write the path relative to this file, "
            "e.g. ../science-of-connection.yaml"
        )
    return target


def extends_chain(
    path: Path,
    read_doc: Callable[[Path], Document] = load_yaml,
    read_overlay: Callable[[Path, Document], Overlay] = lambda _path, doc: _parse(doc),
) -> list[Link]:
    """Return the files ``path`` extends, from ``path`` itself to the base outline (last).

    The one walk of an ``extends`` chain: resolving an overlay and finding an audience's base
    outline both use it. ``read_doc`` and ``read_overlay`` read and validate a file (the
    defaults read it now; :mod:`generator.audience.load` passes readers that read each file
    once). Raises :class:`OutlineError` located at the ``extends`` that makes a cycle or names
    a missing file.
    """
    chain: list[Link] = []
    seen: list[Path] = []
    doc = read_doc(path)
    while is_overlay(doc):
        overlay = read_overlay(path, doc)
        seen.append(path.resolve())
        target = extends_target(path, overlay, doc, tuple(seen))
        chain.append(Link(path, doc, overlay))
        path, doc = target, read_doc(target)
    chain.append(Link(path, doc))
    return chain


def apply_chain(chain: list[Link], base: Outline) -> Patched:
    """Return the ``base`` outline (the chain's last file, loaded) with the patches of every
    overlay in ``chain`` applied, the one nearest the base first."""
    patched = Patched(base_path=chain[-1].path, outline=base, sources=[chain[-1].path])
    for link in reversed(chain[:-1]):
        assert link.overlay is not None  # every link but the last is an overlay
        patched = Patched(
            base_path=patched.base_path,
            outline=apply_patches(patched.outline, link.overlay, link.doc),
            sources=[*patched.sources, link.path],
            overlay=link.overlay,
            doc=link.doc,
        )
    return patched


def _container(tree: Tree, path: Path_) -> object:
    node: object = tree
    for part in path[:-1]:
        node = node[part]  # type: ignore[index]
    return node


def apply_patches(outline: Outline, overlay: Overlay, doc: Document) -> Outline:
    """Return ``outline`` with the overlay's patches applied, validated; or raise OutlineError.

    Problems in the patches (unknown ids, unknown fields, content that does not fit the outline
    format) are reported at their lines in the overlay file.
    """
    tree = to_tree(outline)
    problems: list[Problem] = []
    # id() of inserted content, or (id() of a node, field) for a field set by a patch → where
    # it is in the overlay
    origin: dict[int | tuple[int, str], Path_] = {}
    for n, patch in enumerate(overlay.patches):
        at: Path_ = ("patches", n)
        ops = [op for op in OPS if getattr(patch, op) is not None]
        if len(ops) != 1:
            problems.append(
                doc.problem(
                    at,
                    "each patch needs exactly one of: "
                    + ", ".join(OPS)
                    + (f" — this one has {', '.join(ops)}" if ops else ""),
                )
            )
            continue
        op = ops[0]
        target = getattr(patch, op)
        ids = index_ids(tree)
        if target not in ids:
            problems.append(
                doc.problem(
                    (*at, op), f"no element has the id '{target}'{did_you_mean(target, ids)}"
                )
            )
            continue
        path, node = ids[target]
        if op in ("replace", "set") and patch.with_ is None:
            problems.append(doc.problem(at, f"'{op}' needs a 'with:' mapping"))
            continue
        if op in ("before", "after") and not patch.items:
            problems.append(doc.problem(at, f"'{op}' needs 'items:', a list of elements to insert"))
            continue
        if op == "remove":
            mark_dropped(node)
        elif op == "set":
            for key, value in (patch.with_ or {}).items():
                if key not in node:
                    fields = ", ".join(k for k in node if not k.startswith("\x00"))
                    problems.append(
                        doc.problem(
                            (*at, "with", key),
                            f"{describe(path, node)} has no field '{key}'"
                            f"{did_you_mean(key, [k for k in node if not k.startswith(chr(0))])}"
                            f" — its fields are: {fields}",
                        )
                    )
                    continue
                node[key] = copy.deepcopy(value)
                # A set value is found by its field: a scalar has no identity of its own
                # (every 42 is the same object), so record the field of the node it went into.
                origin[_field_key(node, key)] = (*at, "with", key)
                if isinstance(node[key], (dict, list)):
                    origin[id(node[key])] = (*at, "with", key)
        elif op == "replace":
            new = copy.deepcopy(patch.with_ or {})
            new.setdefault("id", target)
            container = _container(tree, path)
            container[path[-1]] = new  # type: ignore[index]
            origin[id(new)] = (*at, "with")
        else:
            container = _container(tree, path)
            if not isinstance(container, list):
                problems.append(
                    doc.problem(
                        (*at, op), f"cannot insert {op} {describe(path, node)}: it is not in a list"
                    )
                )
                continue
            items = copy.deepcopy(patch.items)
            for k, item in enumerate(items):
                origin[id(item)] = (*at, "items", k)
            index = path[-1] + (1 if op == "after" else 0)  # type: ignore[operator]
            container[index:index] = items
    if problems:
        raise OutlineError("", problems)
    sweep(tree)
    return _validate(tree, origin, doc)


def _validate(tree: Tree, origin: dict[int | tuple[int, str], Path_], doc: Document) -> Outline:
    """Return the patched outline validated, locating problems in the overlay when possible."""
    # validate.check_ids runs on the customized outline too, but it finds elements by id: two
    # elements sharing one id cannot be told apart there. Here the message names the patches.
    duplicates = _duplicate_ids(tree)
    problems = [
        doc.problem(
            ("patches",),
            f"the id '{d}' is used twice after patching — give inserted elements ids of their own",
        )
        for d in duplicates
    ]
    try:
        outline = Outline.model_validate(tree)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(_locate_error(tree, err, origin, doc))
        outline = None
    if problems:
        raise OutlineError("", problems)
    return outline  # type: ignore[return-value]


def _duplicate_ids(tree: Tree) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for _path, node in walk(tree):
        ident = node.get("id")
        if isinstance(ident, str):
            if ident in seen and ident not in dup:
                dup.append(ident)
            seen.add(ident)
    return dup


def _field_key(node: dict, key: str) -> tuple[int, str]:
    """Return the key under which a field set by a patch is recorded in the origin map."""
    return (id(node), key)


def _locate_error(
    tree: Tree, err: dict, origin: dict[int | tuple[int, str], Path_], doc: Document
) -> Problem:
    """Return the problem located at the overlay content it comes from (else at patches)."""
    steps, missing = error_steps(tree, err)
    found: Path_ = ("patches",)
    rest: list[str | int] = []
    for parent, part in steps:
        child = parent[part]  # type: ignore[index]
        field = _field_key(parent, part) if isinstance(parent, dict) else None
        if id(child) in origin:
            found, rest = origin[id(child)], []
        elif field in origin:
            found, rest = origin[field], []
        else:
            rest.append(part)
    rest += missing
    data_path = [part for _parent, part in steps]
    message = plain_message(Outline, err, tree)
    where = format_path(data_path) or "patches"
    return doc.problem((*found, *rest), f"{message} (in the patched outline at {where})")
