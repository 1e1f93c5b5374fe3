"""Where the text of a planned slide was written: a problem found while fitting it is located
at the line a person typed, not at the slide that showed it.

A planned slide takes much of its text from elsewhere in the outline: the title slide's title
and subtitle are the outline's, a section slide's title is its section's, an exercise slide's
title and steps are its exercise's, the agenda lists every section's title and the references
slide every reference; a bullets slide leaves facilitator-only points out, so its n-th bullet
may be the outline's (n+2)-th point. The deck's fitter names a field of the planned slide
(``("sections", 1, "slides", 0, "agenda", 3)``); :func:`origin` turns that into the path of the
text in the customized outline (``("sections", 3, "title")``).
"""

from __future__ import annotations

from generator.plan.references import sort_references
from generator.source.model import Outline, Point, Practice

PathT = tuple[str | int, ...]


def origin(outline: Outline, at: PathT) -> PathT:
    """Return the path in ``outline`` where the text at ``at`` (a slide's path in the outline,
    then a field of its planned slide) was written; ``at`` itself when it was written there."""
    if len(at) < 5 or at[0] != "sections" or at[2] != "slides":
        return at
    section_index, slide_index = at[1], at[3]
    if not (isinstance(section_index, int) and isinstance(slide_index, int)):
        return at
    section = outline.sections[section_index]
    slide = section.slides[slide_index]
    here, field, rest = at[:4], at[4], at[5:]
    kind = slide.kind
    if field == "title" and slide.title is None:
        if kind == "title":
            return ("title",)
        if kind == "section":
            return ("sections", section_index, "title")
        if kind == "exercise":
            return (*_exercise(outline, section_index, slide.exercise), "title")
    if field == "subtitle" and kind == "title" and slide.subtitle is None:
        return ("subtitle",)
    if not rest or not isinstance(rest[-1], int):
        return at
    item = rest[-1]
    if field == "agenda":
        return ("sections", item, "title")
    if field == "steps" and kind == "exercise":
        return (*_exercise(outline, section_index, slide.exercise), "steps", item)
    if field == "references":
        return _reference(outline, item)
    if field == "bullets":
        return (*here, *_point(slide.points, item))
    if field in ("left", "right") and rest[0] == "bullets":
        return (*here, field, *_point(getattr(slide, field).points, item))
    return at


def _point(points: list, shown: int) -> PathT:
    """Return the path (from the slide) of the ``shown``-th point a participant sees: at its
    longest line, the point's text or one of its sub-points."""
    visible = [i for i, p in enumerate(points) if not (isinstance(p, Point) and p.facilitator_only)]
    if shown >= len(visible):
        return ("points",)
    index = visible[shown]
    point = points[index]
    if isinstance(point, Point) and point.sub:
        longest = max(range(len(point.sub)), key=lambda k: len(point.sub[k]))
        if len(point.sub[longest]) > len(point.text):
            return ("points", index, "sub", longest)
    return ("points", index)


def practice_origin(practice: Practice, at: PathT) -> PathT:
    """Return the path in ``practice`` of the text at ``at``, the longest field it names:
    ``("practitioner",)`` is the title slide's name and credentials, ``("contact",)`` the
    closing slide's name, credentials and contact details."""
    who, contact = practice.practitioner, practice.contact
    fields: dict[PathT, str | None] = {
        ("practitioner", "name"): who.name,
        ("practitioner", "credentials"): who.credentials,
    }
    if at == ("contact",):
        for name in ("practice", "email", "phone", "website"):
            fields["contact", name] = getattr(contact, name)
    elif at != ("practitioner",):
        return at
    return max(fields, key=lambda path: len(fields[path] or ""))


def _exercise(outline: Outline, section_index: int, exercise_id: str) -> PathT:
    """Return the path of the exercise ``exercise_id`` of section ``section_index``."""
    exercises = outline.sections[section_index].facilitator.exercises
    index = next(i for i, e in enumerate(exercises) if e.id == exercise_id)
    return ("sections", section_index, "facilitator", "exercises", index)


def _reference(outline: Outline, listed: int) -> PathT:
    """Return the path of the ``listed``-th reference in APA order, at its longest field."""
    ordered = sort_references(outline.references)
    if listed >= len(ordered):
        return ("references",)
    ref = ordered[listed]
    index = next(i for i, r in enumerate(outline.references) if r is ref)
    texts = {
        name: value
        for name, value in ref.model_dump().items()
        if isinstance(value, str) and name not in ("key", "type")
    }
    if not texts:
        return ("references", index)
    longest = max(texts, key=lambda name: len(texts[name]))
    author = max(range(len(ref.authors)), key=lambda i: len(ref.authors[i]))
    if len(ref.authors[author]) > len(texts[longest]):
        return ("references", index, "authors", author)
    return ("references", index, longest)
