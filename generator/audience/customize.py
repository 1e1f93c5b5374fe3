"""Customize one outline for one audience: the rules of docs/audiences.md, as a pure function.

:func:`customize` takes a validated outline and an audience profile and returns a new outline
plus notes of what it dropped. It applies, in this order:

1. **extras** — elements marked ``extra: true`` are left out unless ``include`` names them (by
   id or ``tag:NAME``); an included extra adds its ``minutes`` to its section;
2. **exclude** — the elements named are left out; a left-out element with ``minutes`` (an
   exercise, a timed slide) takes its minutes off its section; a left-out exercise takes its
   exercise slides with it. Exclude wins over include;
3. **overrides** — ``{id: {field: value}}`` sets fields of any element; an unknown id or a
   field that element does not have is an error;
4. **variables** — ``{{name}}`` in any text takes the audience's value, else the outline's;
   a placeholder with no value is an error that names it;
5. **terms** — whole words swapped, case kept (``Clients`` → ``Couples``), never inside a
   quote from the article, an id or a file name;
6. **duration fitting** — while the sections add up to more than the audience's duration, the
   last optional element (in document order) that saves time is dropped: an optional section
   goes whole, an optional exercise or timed slide takes its minutes off its section. When
   nothing optional is left and the session is still too long, or when it comes out shorter
   than the duration, that is an error giving both numbers.

The result is validated through the model again, so an override that breaks the outline is
reported, not rendered. Loading overlays and finding audiences by name is
:mod:`generator.audience.load`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.audience.tree import (
    VARIABLE,
    Path_,
    Tree,
    describe,
    error_steps,
    index_ids,
    is_dropped,
    kind_of,
    map_text,
    mark_dropped,
    own_minutes,
    section_of,
    select,
    sweep,
    term_replacer,
    to_tree,
    walk,
)
from generator.errors import OutlineError, Problem
from generator.source.messages import did_you_mean, plain_message
from generator.source.model import Audience, Outline
from generator.source.typed import ValidationError
from generator.source.yaml_reader import Document, format_path

__all__ = ["customize"]


class _Report:
    """Collects problems with an audience, located in its file when the file is known."""

    def __init__(
        self,
        audience: Audience | None,
        doc: Document | None,
        at: Path_,
        locate: Locate | None = None,
    ) -> None:
        self.name = audience.name if audience else "default session"
        self.doc = doc
        self.at = at
        self.locate = locate
        self.problems: list[Problem] = []
        self.plain: list[str] = []
        # (element id, field) of each value an override wrote, so one that fails validation
        # is reported at the override (the tree is copied between steps: ids, not id())
        self.overridden: set[tuple[str, str]] = set()

    def add_in_outline(
        self, tree: Tree, path: Path_, message: str, *, otherwise: Path_ = ()
    ) -> None:
        """Report a problem with the outline's content at ``path`` of ``tree``, located where
        it was typed (in the outline or an overlay) when that can be found, else at
        ``otherwise`` in the audience."""
        ident, rest = _anchor(tree, path)
        found = self.locate(ident, rest) if self.locate and ident else None
        if found is None:
            self.add(otherwise, f"{format_path(path)}: {message}")
            return
        where = f"audience '{self.name}': {format_path(path)}"
        self.problems.append(Problem(*found, where, message))

    def add(self, path: Iterable[str | int], message: str) -> None:
        path = tuple(path)
        where = f"audience '{self.name}'"
        if self.doc is not None:
            self.problems.append(
                self.doc.problem((*self.at, *path), message, where=f"{where}: {format_path(path)}")
            )
        else:
            self.plain.append(f"{where}: {format_path(path)}: {message}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise OutlineError("", self.problems)
        if self.plain:
            raise OutlineError("\n".join(self.plain))


Locate = Callable[[str, Path_], "tuple[str, int, int] | None"]
"""Where the element with an id (then a path inside it) was written: file, line, column."""


def _anchor(tree: Tree, path: Path_) -> tuple[str | None, Path_]:
    """Return the id of the deepest element with one on ``path``, and the rest of the path."""
    node: object = tree
    ident, rest = None, path
    for depth, part in enumerate(path):
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            ident, rest = node["id"], path[depth + 1 :]
    return ident, rest


def _words(text: object) -> str:
    """Return text compared as words: case and spacing ignored."""
    return " ".join(str(text or "").casefold().split())


def _activities(tree: Tree) -> None:
    """Label a 'discuss' section 'teach' once nothing is left in it to discuss.

    The label follows the content: a section whose discussion slides and questions were all
    dropped for time would otherwise still read "Discuss" in the run of show.
    """
    for section in tree.get("sections") or []:
        if section.get("activity") != "discuss":
            continue
        slides = [s for s in section.get("slides") or [] if s.get("kind") == "discussion"]
        if not slides and not (section.get("facilitator") or {}).get("discussion"):
            section["activity"] = "teach"


def _remove(tree: Tree, path: Path_, node: dict, *, adjust: bool) -> None:
    """Mark an element removed; with ``adjust`` its minutes come off its section."""
    if is_dropped(node):
        return
    section = section_of(tree, path)
    if adjust and section is not None and not is_dropped(section):
        section["minutes"] = max(0, section["minutes"] - own_minutes(path, node))
    mark_dropped(node)
    if node.get("kind") == "discussion" and section is not None:
        # The question on the slide is the one the guide lists: it goes with its slide.
        asked = _words(node.get("question"))
        for question in (section.get("facilitator") or {}).get("discussion") or []:
            if _words(question.get("question")) == asked:
                mark_dropped(question)
    if path[-2:-1] == ("exercises",) and section is not None:
        # An exercise slide cannot outlive its exercise; its time went with the exercise.
        for slide in section.get("slides") or []:
            if slide.get("kind") == "exercise" and slide.get("exercise") == node.get("id"):
                mark_dropped(slide)


def _apply_extras(tree: Tree, audience: Audience | None, report: _Report) -> None:
    included: set[int] = set()
    for n, selector in enumerate(audience.include if audience else []):
        found = select(tree, selector)
        if not found:
            report.add(("include", n), _unknown(selector, tree))
        included.update(id(node) for _, node in found)
    # An exercise slide comes with its included exercise.
    kept_exercises = {
        node.get("id")
        for path, node in walk(tree)
        if path[-2:-1] == ("exercises",) and (not node.get("extra") or id(node) in included)
    }
    for path, node in list(walk(tree)):
        if not node.get("extra"):
            continue
        if id(node) in included or (
            node.get("kind") == "exercise" and node.get("exercise") in kept_exercises
        ):
            node["extra"] = False
            section = section_of(tree, path)
            if section is not None and section is not node:
                section["minutes"] += own_minutes(path, node)
        else:
            _remove(tree, path, node, adjust=False)


def _unknown(selector: str, tree: Tree) -> str:
    if selector.startswith("tag:"):
        tags = sorted({t for _, n in walk(tree) for t in (n.get("tags") or [])})
        return f"no element has the tag '{selector[4:]}'{did_you_mean(selector[4:], tags)}" + (
            f" — the tags are: {', '.join(tags)}" if tags else ""
        )
    return f"no element has the id '{selector}'{did_you_mean(selector, index_ids(tree))}"


def _apply_excludes(tree: Tree, original: Tree, audience: Audience, report: _Report) -> None:
    # Selectors are checked against the outline as written: excluding an extra that was
    # never included is pointless but not wrong.
    for n, selector in enumerate(audience.exclude):
        if not select(original, selector):
            report.add(("exclude", n), _unknown(selector, original))
        for path, node in select(tree, selector):
            section = section_of(tree, path)
            minutes = own_minutes(path, node)
            if section is not None and not is_dropped(section) and minutes > section["minutes"]:
                report.add(
                    ("exclude", n),
                    f"leaving out {describe(path, node)} takes its {minutes} minutes off the "
                    f"section '{section['title']}', which has only {section['minutes']} left — "
                    f"the {kind_of(path)} cannot take more minutes than its section: correct its "
                    "'minutes:' or the section's",
                )
                continue
            _remove(tree, path, node, adjust=True)


def _apply_overrides(tree: Tree, original: Tree, audience: Audience, report: _Report) -> None:
    ids = index_ids(tree)
    for ident, fields in audience.overrides.items():
        if ident not in ids:
            if not select(original, ident):
                report.add(("overrides", ident), _unknown(ident, original))
            continue  # written in the outline but left out for this audience
        path, node = ids[ident]
        for field, value in fields.items():
            if field not in node or field.startswith("\x00"):
                options = [k for k in node if not k.startswith("\x00")]
                report.add(
                    ("overrides", ident, field),
                    f"{describe(path, node)} has no field '{field}'{did_you_mean(field, options)}"
                    f" — its fields are: {', '.join(options)}",
                )
                continue
            node[field] = value
            report.overridden.add((ident, field))


def _apply_variables(tree: Tree, values: dict[str, str], report: _Report) -> Tree:
    missing: dict[str, Path_] = {}

    def fill(text: str, path: Path_) -> str:
        def one(match):  # re callback
            name = match.group(1)
            if name in values:
                return values[name]
            missing.setdefault(name, path)
            return match.group(0)

        return VARIABLE.sub(one, text)

    filled = map_text(tree, fill)
    for name, path in missing.items():
        known = ", ".join(sorted(values)) or "none"
        report.add_in_outline(
            tree,
            path,
            f"'{{{{{name}}}}}' has no value{did_you_mean(name, values)} — add '{name}: ...' "
            f"under the audience's or the outline's variables: (known variables: {known})",
            otherwise=("variables",),
        )
    return filled


def _breakdown(tree: Tree, dropped: list[str]) -> str:
    """Return the minutes of each section, and what fitting already dropped, for a message."""
    sections = ", ".join(
        f"{s['title']} {s['minutes']}" for s in tree["sections"] if not is_dropped(s)
    )
    text = f"minutes per section: {sections}"
    return text + (f"; already dropped: {', '.join(dropped)}" if dropped else "")


def _fit(tree: Tree, target: int, report: _Report) -> list[str]:
    """Drop optional elements, last first, until the sections fit ``target`` minutes."""
    name = report.name
    notes: list[str] = []
    dropped: list[str] = []

    def total() -> int:
        return sum(s["minutes"] for s in tree["sections"] if not is_dropped(s))

    while total() > target:
        candidates = [
            (path, node)
            for path, node in walk(tree)
            if node.get("optional")
            and section_of(tree, path) is not None
            and (own_minutes(path, node) or len(path) == 2)
        ]
        if not candidates:
            over = total() - target
            report.add(
                ("duration",),
                f"the session is {over} minutes too long for the {target}-minute session even "
                f"after dropping every optional element: the sections add up to {total()} minutes "
                f"({_breakdown(tree, dropped)}) — mark more elements 'optional: true', "
                "exclude some, or lengthen 'duration:'",
            )
            report.raise_if_any()
        path, node = candidates[-1]
        saved = node["minutes"]
        section = section_of(tree, path)
        where = "" if section is node else f" from '{section['title']}'"
        _remove(tree, path, node, adjust=True)
        dropped.append(f"{describe(path, node)} ({saved} min)")
        notes.append(
            f"audience '{name}': dropped optional {describe(path, node)}{where} "
            f"({saved} min) to fit {target} minutes"
        )
    if total() < target:
        report.add(
            ("duration",),
            f"the sections add up to {total()} minutes but the session is {target} minutes "
            f"({_breakdown(tree, dropped)}) — lengthen a section, include an extra, or change "
            f"'duration:' to {total()}",
        )
        report.raise_if_any()
    return notes


def customize(
    outline: Outline,
    audience: Audience | None,
    *,
    doc: Document | None = None,
    at: Path_ = (),
    locate: Locate | None = None,
) -> tuple[Outline, list[str]]:
    """Return ``(outline customized for audience, notes of what was dropped)``.

    Pure: ``outline`` is not changed. ``audience`` None means the outline's default session
    (extras left out, duration as written). ``doc``/``at`` tell where the audience is written so
    problems point at its lines; ``locate`` finds where an element was typed (by id), so a
    problem in the outline's own text (a ``{{variable}}`` with no value) points there.
    Raises :class:`OutlineError` listing every problem.
    """
    report = _Report(audience, doc, at, locate)
    tree = to_tree(outline)
    original = to_tree(outline)
    _apply_extras(tree, audience, report)
    if audience is not None:
        _apply_excludes(tree, original, audience, report)
        _apply_overrides(tree, original, audience, report)
    report.raise_if_any()
    tree = sweep(tree)  # type: ignore[assignment]
    emptied = _drop_emptied_slides(tree, report.name)

    values = {**outline.variables, **(audience.variables if audience else {})}
    tree = _apply_variables(tree, values, report)
    report.raise_if_any()
    if audience is not None and audience.objectives:
        # The audience's own objectives replace the outline's (the evaluation page follows).
        tree["objectives"] = [o.model_dump(mode="python") for o in audience.objectives]
    if audience is not None and audience.terms:
        tree = _apply_terms(tree, audience, report)
        report.raise_if_any()

    # Validate before fitting, so fitting only ever sees well-formed minutes.
    tree = to_tree(_validated(tree, report))
    target = audience.duration if audience and audience.duration else outline.duration
    notes = _fit(tree, target, report)
    sweep(tree)
    _activities(tree)
    tree["duration"] = target
    if audience is not None and audience.level:
        tree["level"] = audience.level
    return _validated(tree, report), emptied + notes


def _apply_terms(tree: Tree, audience: Audience, report: _Report) -> Tree:
    """Return ``tree`` with the audience's terms swapped, only inside ``terms_in`` if given.

    Limiting them keeps a word right where it is right: a couples training may speak of
    couples in its own sections while the article's individual clients stay clients.
    """
    swap = term_replacer(audience.terms)
    if not audience.terms_in:
        return map_text(tree, lambda text, _path: swap(text), verbatim=False)
    scopes: list[Path_] = []
    for i, selector in enumerate(audience.terms_in):
        found = select(tree, selector)
        if not found:
            report.add(("terms_in", i), _unknown(selector, tree))
        scopes += [path for path, _node in found]

    def limited(text: str, path: Path_) -> str:
        inside = any(path[: len(scope)] == scope for scope in scopes)
        return swap(text) if inside else text

    return map_text(tree, limited, verbatim=False)


def _drop_emptied_slides(tree: Tree, name: str) -> list[str]:
    """Drop slides left with no bullets once extras and exclusions are applied; return notes.

    A bullets slide whose every point was extra or excluded has nothing left to show, so it
    goes too, rather than failing validation with a list that must not be empty.
    """
    notes = []
    for section in tree.get("sections") or []:
        kept = []
        for slide in section.get("slides") or []:
            columns = [slide] if slide.get("kind") == "bullets" else []
            if slide.get("kind") == "two-column":
                columns = [slide.get("left") or {}, slide.get("right") or {}]
            if any(not column.get("points") for column in columns):
                label = slide.get("title") or slide.get("id") or "a slide"
                notes.append(
                    f"audience '{name}': dropped slide '{label}' from '{section.get('title')}': "
                    "every one of its points is extra or excluded for this audience"
                )
                continue
            kept.append(slide)
        section["slides"] = kept
    return notes


def _validated(tree: Tree, report: _Report) -> Outline:
    """Return the tree as a validated outline, or raise with each problem located.

    A value an override wrote is reported at that override in the audience's file; anything
    else at the element in the outline (or overlay) where it was typed.
    """
    try:
        return Outline.model_validate(tree)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message = plain_message(Outline, err, tree)
            steps, missing = error_steps(tree, err)
            override = next(
                (
                    (parent["id"], part)
                    for parent, part in steps
                    if isinstance(parent, dict) and (parent.get("id"), part) in report.overridden
                ),
                None,
            )
            if override is not None:
                report.add(("overrides", *override), message)
            else:
                path = (*(part for _parent, part in steps), *missing)
                report.add_in_outline(tree, path, message)
        report.raise_if_any()
        raise OutlineError(f"audience '{report.name}': {exc}") from None  # no errors listed


# Loading overlays and resolving audiences by name; imported last because it uses customize().
