"""Find an outline's audiences, resolve one by name, and print the result as YAML.

An outline's audiences are the ones in its ``audiences:`` list plus one per overlay file in
the folder named after it (``outlines/science-of-connection/*.yaml``). :func:`load_workshop`
is what every command calls: it reads the files, applies overlay patches, customizes for the
audience and returns a :class:`Resolved` ready for :func:`generator.plan.make_plan`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator.audience.customize import customize
from generator.audience.overlay import Link, Patched, apply_chain, extends_chain, is_overlay
from generator.errors import OutlineError, Problem, display_path
from generator.source.loader import load_outline, load_practice
from generator.source.locate import Locator, ModelDoc
from generator.source.messages import close_match, parse_model
from generator.source.model import Audience, Outline, Overlay, Practice
from generator.source.yaml_reader import Document, dump_yaml, load_yaml

T = TypeVar("T")


@dataclass(frozen=True)
class Resolved:
    """One outline customized for one audience, with everything a build needs to know.

    ``base_dir`` is the folder of the base outline: image paths resolve from there even when
    the audience comes from an overlay in a subfolder. ``sources`` lists every file read (for
    watch mode). ``warnings`` are the notes of what duration fitting dropped.
    """

    outline: Outline
    audience: Audience | None
    base_dir: Path
    sources: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    base: Path | None = None
    """The base outline file (``sources`` also lists overlays of other audiences)."""
    overlays: tuple[Path, ...] = ()
    """The overlay files whose patches made ``outline``, in the order they were applied."""
    audience_at: tuple[Path, tuple[str | int, ...]] | None = None
    """The file the audience is written in, and its path there."""

    def locator(self) -> Locator:
        """Return a :class:`~generator.source.locate.Locator` for paths in ``outline``.

        A field an overlay patch or the audience's ``overrides`` changed is located where that
        change is written, not at the outline's old value.
        """
        base = self.base if self.base is not None else self.sources[0]
        return Locator(base, overlays=self.overlays, audience=self.audience_at)


@dataclass(frozen=True)
class _Found:
    """Where an audience is defined: in the base outline's list, or in an overlay file."""

    audience: Audience
    file: Path
    overlay: bool


# --------------------------------------------------------------------------- reading once

_memo: dict[tuple[str, Path, str], object] | None = None


@contextmanager
def reading_once() -> Iterator[None]:
    """Within the block, read, parse and validate each outline and overlay file at most once.

    ``workshop validate`` resolves every audience of an outline, and each resolution needs the
    base outline and every overlay: without this it parsed the same files 23 times. Files are
    read again in the next block, so a rebuild in watch mode always sees the files as they are
    now (and the images they point at, which validation checks). Blocks may nest.
    """
    global _memo
    if _memo is not None:
        yield
        return
    _memo = {}
    try:
        yield
    finally:
        _memo = None


def _once(kind: str, path: Path, make: Callable[[], T]) -> T:
    """Return ``make()``, remembered per file while a :func:`reading_once` block is open.

    Failures are not remembered: asking again raises the same error again.
    """
    if _memo is None:
        return make()
    # The shown name is part of the key: messages name a file as the user wrote it.
    try:
        where = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (3.11: RuntimeError): reported on reading
        where = path.absolute()
    key = (kind, where, display_path(path))
    if key not in _memo:
        _memo[key] = make()
    return _memo[key]  # type: ignore[return-value]


def _doc(path: Path) -> Document:
    return _once("yaml", path, lambda: load_yaml(path))


def _outline(path: Path) -> Outline:
    return _once("outline", path, lambda: load_outline(path, _doc(path)))


def load_practice_once(path: Path, *, slides: bool = True) -> Practice:
    """Return :func:`generator.source.loader.load_practice` of ``path``, read once per
    :func:`reading_once` block (validate plans every audience with the same profile)."""
    return _once(f"practice {slides}", path, lambda: load_practice(path, slides=slides))


def _overlay(path: Path) -> Overlay:
    return _once("overlay", path, lambda: parse_model(_doc(path), Overlay))


def _patched(path: Path) -> Patched:
    """Return the outline at ``path`` (a base outline or an overlay) with every overlay in its
    ``extends`` chain applied, each file read once."""
    chain = _chain(path)
    return apply_chain(chain, _outline(chain[-1].path))


def _chain(path: Path) -> list[Link]:
    """Return :func:`generator.audience.overlay.extends_chain` of ``path``, each file read once."""
    return extends_chain(path, _doc, lambda overlay_path, _doc: _overlay(overlay_path))


# --------------------------------------------------------------------------- audiences


def _base_of(path: Path) -> tuple[Path, Document]:
    """Return the base outline at the root of ``path``'s extends chain, and its document."""
    base = _chain(path)[-1]
    return base.path, base.doc


def overlay_dir(base: Path) -> Path:
    """Return the folder that holds ``base``'s overlays: ``<folder>/<stem>/``."""
    return base.parent / base.stem


def _catalogue(base: Path) -> tuple[Outline, list[_Found], list[Path]]:
    """Return the base outline, every audience with where it is defined, and the files read."""
    outline = _outline(base)
    found = [_Found(a, base, False) for a in outline.audiences]
    files = [base]
    folder = overlay_dir(base)
    if folder.is_dir():
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            overlay = _overlay(path)
            files.append(path)
            found.append(_Found(overlay.audience, path, True))
    first: dict[str, _Found] = {}
    for index, item in enumerate(found):
        name = item.audience.name
        if name in first:
            # Located at the second one's name: in its overlay, or in the base's list.
            at = ("audience", "name") if item.overlay else ("audiences", index, "name")
            problem = _doc(item.file).problem(
                at,
                f"the audience name '{name}' is already used in "
                f"{display_path(first[name].file)} — give each audience its own name",
            )
            raise OutlineError("", [problem])
        first[name] = item
    return outline, found, files


def list_audiences(path: str | Path) -> list[Audience]:
    """Return every audience of the outline at ``path``: its own list first, then overlays."""
    with reading_once():
        base, _ = _base_of(Path(path))
        return [item.audience for item in _catalogue(base)[1]]


def load_workshop(path: str | Path, audience_name: str | None) -> Resolved:
    """Return the outline at ``path`` customized for the audience named ``audience_name``.

    ``path`` is a base outline or an overlay file. With no name: the overlay's own audience,
    else the outline's ``default_audience``, else the default session as written (extras left
    out). Raises :class:`OutlineError` for an unknown name, listing the names there are.
    """
    with reading_once():
        return _load_workshop(Path(path), audience_name)


def _load_workshop(path: Path, audience_name: str | None) -> Resolved:
    doc = _doc(path)
    base, base_doc = _base_of(path)
    outline, found, files = _catalogue(base)
    if audience_name is None:
        if is_overlay(doc):
            audience_name = _overlay(path).audience.name
        elif outline.default_audience:
            audience_name = outline.default_audience
    if audience_name is None:
        custom, notes = customize(outline, None, locate=_by_id(base))
        sources = tuple(p.resolve() for p in files)
        resolved = Resolved(custom, None, base.parent, sources, tuple(notes), base)
        return _checked(resolved)

    by_name = {item.audience.name: item for item in found}
    if audience_name not in by_name:
        names = ", ".join(by_name) or "(none — add an 'audiences:' list or an overlay file)"
        match = close_match(audience_name, by_name)
        hint = f" Did you mean '{match}'?" if match else ""
        if outline.default_audience == audience_name:
            raise OutlineError(
                "",
                [
                    base_doc.problem(
                        ("default_audience",),
                        f"no audience is named '{audience_name}' — the audiences are: {names}",
                    )
                ],
            )
        raise OutlineError(
            f"{display_path(base)} has no audience named '{audience_name}'.{hint} "
            f"The audiences are: {names}."
        )
    item = by_name[audience_name]
    if item.overlay:
        patched = _patched(item.file)
        overlays = tuple(patched.sources[1:])
        custom, notes = customize(
            patched.outline,
            item.audience,
            doc=patched.doc,
            at=("audience",),
            locate=_by_id(base, overlays),
        )
        sources = tuple(dict.fromkeys(p.resolve() for p in [*files, *patched.sources]))
        audience_at: tuple[Path, tuple[str | int, ...]] = (item.file, ("audience",))
    else:
        index = next(i for i, a in enumerate(outline.audiences) if a.name == audience_name)
        custom, notes = customize(
            outline,
            item.audience,
            doc=base_doc,
            at=("audiences", index),
            locate=_by_id(base),
        )
        sources = tuple(p.resolve() for p in files)
        overlays = ()
        audience_at = (base, ("audiences", index))
    resolved = Resolved(
        custom, item.audience, base.parent, sources, tuple(notes), base, overlays, audience_at
    )
    return _checked(resolved)


def _by_id(base: Path, overlays: tuple[Path, ...] = ()) -> Callable:
    """Return a function that finds where the element with an id was typed (files read only
    when a problem needs placing)."""

    def locate(ident: str, rest: tuple[str | int, ...]) -> tuple[str, int, int] | None:
        return Locator(base, overlays=overlays).by_id(ident, rest)

    return locate


def source_warnings(resolved: Resolved) -> list[Problem]:
    """Return the warnings of every file read for ``resolved`` (YAML that reads, but likely
    not as meant: see :attr:`generator.source.yaml_reader.Document.warnings`)."""
    found: list[Problem] = []
    for path in resolved.sources:
        if path.suffix.lower() in (".yaml", ".yml"):
            found += _doc(path).warnings
    return found


def _checked(resolved: Resolved) -> Resolved:
    """Return ``resolved`` once the outline-wide checks pass on the customized outline.

    Patches, overrides and variables change the outline after the file's own checks ran: an
    image path, a citation or an exercise slide they bring in is checked here like one
    written in the outline, and located where it was written.
    """
    from generator.source.timing import timing_problems
    from generator.source.validate import check_outline

    name = resolved.audience.name if resolved.audience else None
    prefix = f"audience '{name}': " if name else ""
    doc = ModelDoc(resolved.outline, resolved.locator, prefix)
    problems = check_outline(resolved.outline, doc, resolved.base_dir)
    problems += [doc.problem(path, message) for path, message in timing_problems(resolved.outline)]
    if problems:
        raise OutlineError("", problems)
    return resolved


# --------------------------------------------------------------------------- show


def resolved_yaml(resolved: Resolved) -> str:
    """Return the resolved outline as YAML that validates and builds to the same outputs.

    The audience's choices are baked in: extras included or left out, excludes and drops done,
    overrides, variables and terms applied. What remains of the audience (name, title, level,
    duration, start, date, handout options) is kept as the only profile and made the default,
    so building the printed file without ``--audience`` gives the same outputs. Image paths stay
    relative to ``resolved.base_dir``: save the file in that folder to build it.
    """
    outline = resolved.outline
    data = outline.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.pop("variables", None)
    data.pop("audiences", None)
    data.pop("default_audience", None)
    if resolved.audience is not None:
        kept = resolved.audience.model_copy(
            update={"include": [], "exclude": [], "variables": {}, "terms": {}, "overrides": {}}
        )
        data["audiences"] = [kept.model_dump(mode="json", exclude_defaults=True)]
        data["default_audience"] = kept.name
    who = f"the audience '{resolved.audience.name}'" if resolved.audience else "the default session"
    header = (
        f"# {outline.title}: resolved for {who} by 'workshop show'.\n"
        "# Generated: edit the outline or its audience instead of this file.\n"
    )
    folder = display_path(resolved.base_dir) or "."
    header += f"# Image paths are relative to {folder}/: save this file there to build it.\n"
    body = dump_yaml(data)
    return header + body
