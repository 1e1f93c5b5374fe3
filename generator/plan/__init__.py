"""The workshop plan: the render-neutral model every renderer draws from.

``make_plan`` turns a customized outline into numbered slides (continuation slides included),
a timed run of show and the client-facing handout content. Slide numbers are decided here,
once, so the deck and the facilitator guide can never disagree about "slide 7".

Renderers receive a :class:`Plan` and never the YAML or the raw outline tree. Text in the plan
is final: variables substituted, citations written out in APA style, facilitator-only content
removed from everything that participants or clients see.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar, cast

from generator.errors import RenderError
from generator.plan.references import cited, citer, sort_references
from generator.source.model import (
    NOT_TEXT,
    Audience,
    Column,
    Element,
    Exercise,
    Handout,
    Objective,
    Outline,
    Point,
    Practice,
    Reference,
    Section,
)
from generator.source.typed import Model as BaseModel
from generator.source.validate import resolve_asset

T = TypeVar("T", bound=Element)


@dataclass(frozen=True)
class Bullet:
    """A bullet with at most one level of sub-bullets."""

    text: str
    sub: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedColumn:
    """One column of a two-column slide."""

    heading: str | None
    bullets: tuple[Bullet, ...]


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: a section and its minutes."""

    title: str
    minutes: int


@dataclass(frozen=True)
class PlannedSlide:
    """One slide of the deck, final and numbered.

    Only the fields that belong to ``kind`` are set. ``part``/``parts`` count continuation slides:
    a slide split in three becomes parts 1, 2 and 3, each titled uniquely ("… (cont.)").
    ``title_pt``/``body_pt`` are the sizes the fitter chose; ``None`` lets the renderer use its
    defaults.
    """

    number: int
    kind: str
    title: str
    section_id: str
    element_id: str | None = None
    part: int = 1
    parts: int = 1
    notes: str = ""
    subtitle: str | None = None
    bullets: tuple[Bullet, ...] = ()
    left: PlannedColumn | None = None
    right: PlannedColumn | None = None
    quote: str | None = None
    attribution: str | None = None
    image: Path | None = None
    alt: str | None = None
    decorative: bool = False
    caption: str | None = None
    question: str | None = None
    prompts: tuple[str, ...] = ()
    minutes: int | None = None
    exercise: Exercise | None = None
    steps: tuple[str, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    references: tuple[Reference, ...] = ()
    message: str | None = None
    statement: str | None = None
    back: str | None = None
    """A break slide's return time in words: "Back at 19:35", or "Back in 10 minutes"."""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    title_pt: float | None = None
    body_pt: float | None = None
    source: tuple[str | int, ...] = ()
    """Where the slide stands in the customized outline, e.g. ``("sections", 1, "slides", 3)``:
    the link to its outline slide, so a problem found while fitting or rendering it can be
    located in the file. Continuation slides share their first part's link."""
    hidden_points: tuple[str, ...] = ()
    """The outline slide's facilitator-only bullets, left off the slide, citations written out:
    the guide shows them next to the slide."""


@dataclass(frozen=True)
class Segment:
    """One row of the run of show: a section with its clock time and slides."""

    section: Section
    start_minute: int
    minutes: int
    slide_numbers: tuple[int, ...]

    def clock(self, start: str | None) -> str | None:
        """Return the segment's start as HH:MM from a session start ``start``, or None."""
        return clock_at(start, self.start_minute) if start else None


@dataclass(frozen=True)
class HandoutPlan:
    """Client-facing handout content, finished, and how to print it."""

    content: Handout
    """The outline's handout without facilitator-only elements, citations written out."""
    image: Path | None
    """The handout image's file, resolved and confined like a slide's; None without one."""
    paper: str
    large_print: bool
    form: bool
    given_by: str = "participants"
    """'practitioner' (the presenter's own clients) or 'participants' (their clients)."""
    couples: bool = False
    """True when the clients are couples: the partner-violence caveat and line are added."""
    cited: tuple[Reference, ...] = ()
    """The works the handout cites, in APA order: its credit line names them."""


@dataclass(frozen=True)
class Plan:
    """Everything the renderers need for one outline and one audience."""

    outline: Outline
    practice: Practice
    audience: Audience | None
    slides: tuple[PlannedSlide, ...]
    segments: tuple[Segment, ...]
    handout: HandoutPlan
    references: tuple[Reference, ...]
    objectives: tuple[Objective, ...]
    start: str | None
    date: str | None
    level: str
    duration: int
    base_dir: Path
    practice_dir: Path

    @property
    def title(self) -> str:
        """Return the workshop title."""
        return self.outline.title

    @property
    def client_group(self) -> bool:
        """Return True when the participants are clients (a psychoeducation group)."""
        return self.audience is not None and self.audience.participants == "clients"

    @property
    def audience_title(self) -> str:
        """Return who this build is for, in words."""
        return self.audience.title if self.audience else "Default session"

    def slide(self, number: int) -> PlannedSlide:
        """Return the slide with 1-based ``number``."""
        return self.slides[number - 1]

    def slides_for_element(self, element_id: str) -> tuple[PlannedSlide, ...]:
        """Return every slide (continuations included) made from the element ``element_id``."""
        return tuple(s for s in self.slides if s.element_id == element_id)

    def first_step(self, slide: PlannedSlide) -> int:
        """Return the number of the first exercise step on ``slide`` (continuations go on)."""
        if slide.kind != "exercise" or slide.part == 1 or not slide.element_id:
            return 1
        before = [p for p in self.slides_for_element(slide.element_id) if p.part < slide.part]
        return 1 + sum(len(p.steps) for p in before)

    @functools.cached_property
    def _citer(self) -> Callable[[str], str]:
        return citer(self.references)

    def cite(self, text: str) -> str:
        """Return ``text`` with its whitespace collapsed and its citations written out as the
        slides write them, "(Author, year)": for outline text a renderer prints as it is (the
        guide's facilitator notes)."""
        return self._citer(" ".join(text.split()))


def clock_time(start: str | None) -> str | None:
    """Return a start time as HH:MM with two-digit hours ("9:30" → "09:30"), or None."""
    if not start:
        return None
    hours, minutes = start.split(":")
    return f"{int(hours):02d}:{minutes}"


def start_article(start: str | None) -> str:
    """Return "an" before a time said with a vowel sound (8, 11 and 18 o'clock), else "a"."""
    hour = int(start.split(":")[0]) if start else 0
    return "an" if hour in (8, 11, 18) else "a"


Paginator = Callable[[PlannedSlide], Sequence[PlannedSlide]]
"""Splits one slide into the slides it needs to fit; the deck renderer supplies the real one."""


def no_split(slide: PlannedSlide) -> Sequence[PlannedSlide]:
    """Return the slide unsplit (for callers that never render a deck)."""
    return (slide,)


def _bullets(points: Sequence[str | Point], cite: Callable[[str], str]) -> tuple[Bullet, ...]:
    """Return participant-visible bullets; facilitator-only points are dropped."""
    out = []
    for p in points:
        if isinstance(p, str):
            out.append(Bullet(cite(p)))
        elif not p.facilitator_only:
            out.append(Bullet(cite(p.text), tuple(cite(s) for s in p.sub)))
    return tuple(out)


def _hidden_points(points: Sequence[str | Point], cite: Callable[[str], str]) -> tuple[str, ...]:
    """Return the facilitator-only bullets that :func:`_bullets` leaves off the slide."""
    return tuple(
        cite(_clean(p.text)) for p in points if isinstance(p, Point) and p.facilitator_only
    )


def _column(col: Column, cite: Callable[[str], str]) -> PlannedColumn:
    return PlannedColumn(col.heading, _bullets(col.points, cite))


def _unique_titles(slides: list[PlannedSlide]) -> list[PlannedSlide]:
    """Return slides whose titles are unique: a repeated title gets a counter, "Title (2)"."""
    seen: dict[str, int] = {}
    out = []
    for s in slides:
        title = s.title
        key = title.casefold()
        if key in seen:
            seen[key] += 1
            title = f"{title} ({seen[key]})"
        else:
            seen[key] = 1
        out.append(replace(s, title=title))
    return out


_WS = re.compile(r"\s+")


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text).strip() if text else ""


def clock_at(start: str, minute: int) -> str:
    """Return the clock time ``minute`` minutes after ``start`` (both HH:MM, 24-hour)."""
    hours, minutes = (int(x) for x in start.split(":"))
    total = hours * 60 + minutes + minute
    return f"{(total // 60) % 24:02d}:{total % 60:02d}"


def back_text(start: str | None, section_start: int, minutes: int) -> str:
    """Return when a break ends, in words: "Back at 19:35", or "Back in 10 minutes"."""
    if start:
        return f"Back at {clock_at(start, section_start + minutes)}"
    return f"Back in {minutes} minute{'s' if minutes != 1 else ''}"


def make_plan(
    outline: Outline,
    practice: Practice,
    *,
    base_dir: Path,
    practice_dir: Path,
    audience: Audience | None = None,
    paginate: Paginator = no_split,
    start: str | None = None,
    paper: str | None = None,
    large_print: bool | None = None,
    form: bool | None = None,
) -> Plan:
    """Return the plan for an already customized ``outline``.

    ``paginate`` is the deck's fitter: it is asked once per slide and may return continuation
    slides. Options given here (from the command line) win over the audience's, which win over
    the practice profile's. ``outline`` comes from
    :func:`generator.audience.load.load_workshop`, which wrote the audience's duration and
    level into it and checked that the sections' minutes add up.
    Raises :class:`RenderError` (with ``at``) for an image that cannot be used.
    """
    cite = citer(outline.references)

    # The break is listed too, so the agenda's minutes add up to the session.
    agenda = tuple(AgendaItem(s.title, s.minutes) for s in outline.sections)
    start = clock_time(start or (audience.start if audience else None))
    raw: list[PlannedSlide] = []
    section_start = 0
    for section_index, section in enumerate(outline.sections):
        section_start += outline.sections[section_index - 1].minutes if section_index else 0
        exercises = {e.id: e for e in section.facilitator.exercises}
        for slide_index, slide in enumerate(section.slides):
            if slide.facilitator_only:
                continue
            source = ("sections", section_index, "slides", slide_index)
            common = dict(
                number=0,
                source=source,
                kind=slide.kind,
                section_id=section.id,
                element_id=slide.id,
                notes=cite(_clean(slide.notes)),
                minutes=slide.minutes,
            )
            title = slide.title
            extra: dict[str, object] = {}
            if slide.kind == "title":
                title = title or outline.title
                extra["subtitle"] = slide.subtitle or outline.subtitle
            elif slide.kind == "agenda":
                title = title or "Agenda"
                extra["agenda"] = agenda
            elif slide.kind == "section":
                title = title or section.title
                extra["subtitle"] = slide.subtitle
            elif slide.kind == "bullets":
                extra["bullets"] = _bullets(slide.points, cite)
                extra["hidden_points"] = _hidden_points(slide.points, cite)
            elif slide.kind == "quote":
                extra["quote"] = cite(slide.quote)
                extra["attribution"] = slide.attribution
            elif slide.kind == "statement":
                extra["statement"] = cite(slide.text)
            elif slide.kind == "break":
                title = title or "Break"
                extra["message"] = slide.message
                # The cross-checks keep break slides in break sections: the break is the section.
                extra["back"] = back_text(start, section_start, section.minutes)
                common["minutes"] = section.minutes
            elif slide.kind == "table":
                extra["columns"] = tuple(cite(c) for c in slide.columns)
                extra["rows"] = tuple(tuple(cite(c) for c in row) for row in slide.rows)
            elif slide.kind == "image":
                # The loader has already confined and checked the path; resolve it the same way,
                # and never fall back to an unchecked path (an outline built without loading).
                found, why = resolve_asset(base_dir, slide.image)
                if found is None:
                    raise RenderError(why or "", at=(*source, "image"))
                extra.update(
                    image=found,
                    alt=slide.alt,
                    decorative=slide.decorative,
                    caption=slide.caption,
                )
            elif slide.kind == "two-column":
                extra["left"] = _column(slide.left, cite)
                extra["right"] = _column(slide.right, cite)
                points = [*slide.left.points, *slide.right.points]
                extra["hidden_points"] = _hidden_points(points, cite)
            elif slide.kind == "discussion":
                extra["question"] = cite(slide.question)
                extra["prompts"] = tuple(cite(p) for p in slide.prompts)
            elif slide.kind == "exercise":
                exercise = exercises[slide.exercise]
                title = title or exercise.title
                extra["exercise"] = exercise
                extra["steps"] = tuple(cite(s) for s in exercise.steps)
                common["minutes"] = slide.minutes or exercise.minutes
            elif slide.kind == "references":
                title = title or "References"
                extra["references"] = tuple(sort_references(outline.references))
            elif slide.kind == "closing":
                title = title or "Thank you"
                extra["message"] = slide.message
            raw.append(PlannedSlide(title=title or section.title, **common, **extra))

    slides: list[PlannedSlide] = []
    for planned in raw:
        parts = list(paginate(planned))
        for i, part in enumerate(parts, start=1):
            title = planned.title if i == 1 else f"{planned.title} (cont.)"
            if i > 2:
                title = f"{planned.title} (cont. {i - 1})"
            slides.append(replace(part, title=title, part=i, parts=len(parts)))
    slides = _unique_titles(slides)
    slides = [replace(s, number=n) for n, s in enumerate(slides, start=1)]

    segments = []
    clock = 0
    for section in outline.sections:
        numbers = tuple(s.number for s in slides if s.section_id == section.id)
        segments.append(Segment(section, clock, section.minutes, numbers))
        clock += section.minutes

    opts = audience.handout if audience else None
    content = client_safe_handout(outline.handout)
    image = None
    if content.image is not None:
        image, why = resolve_asset(base_dir, content.image.image)
        if image is None:
            raise RenderError(why or "", at=("handout", "image", "image"))
    handout = HandoutPlan(
        content=cast(Handout, _cite_model(content, cite)),
        image=image,
        cited=cited(_model_texts(content), outline.references),
        paper=paper or (opts.paper if opts and opts.paper else practice.paper),
        large_print=bool(
            large_print if large_print is not None else (opts.large_print if opts else False)
        ),
        form=bool(
            form if form is not None else (opts.form if opts and opts.form is not None else True)
        ),
        given_by=given_by(audience),
        couples=bool(audience and audience.clients == "couples"),
    )
    return Plan(
        outline=outline,
        practice=practice,
        audience=audience,
        slides=tuple(slides),
        segments=tuple(segments),
        handout=handout,
        references=tuple(sort_references(outline.references)),
        objectives=tuple(outline.objectives),
        start=start,
        date=audience.date if audience else None,
        level=outline.level,
        duration=outline.duration,
        base_dir=base_dir,
        practice_dir=practice_dir,
    )


def given_by(audience: Audience | None) -> str:
    """Return who hands the handout to clients: 'practitioner' or 'participants'.

    An audience says so in ``handout.given_by``; otherwise a group of clients (``participants:
    clients``) are the presenter's own clients, and every other session (consultation group,
    training, the default session) is for therapists who give it to *their* clients.
    """
    if audience is not None and audience.handout.given_by:
        return audience.handout.given_by
    if audience is not None and audience.participants == "clients":
        return "practitioner"
    return "participants"


def client_safe_handout(handout: Handout) -> Handout:
    """Return the handout with every facilitator-only element removed.

    Several practices always stay a list; a single facilitator-only part (the image, the
    tracker, the when-to-get-help box) becomes None.
    """

    def single(element: T | None) -> T | None:
        return None if element is None or element.facilitator_only else element

    return handout.model_copy(
        update={
            "key_ideas": [k for k in handout.key_ideas if not k.facilitator_only],
            "try_this": [t for t in handout.practices if not t.facilitator_only]
            if isinstance(handout.try_this, list)
            else handout.try_this,
            "reflection": [r for r in handout.reflection if not r.facilitator_only],
            "resources": [r for r in handout.resources if not r.facilitator_only],
            "image": single(handout.image),
            "tracker": single(handout.tracker),
            "get_help": single(handout.get_help),
        }
    )


def _model_texts(node: object) -> list[str]:
    """Return every piece of prose in ``node`` (a model, list or string), in reading order;
    names, paths and choices (:data:`NOT_TEXT`) are not prose."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for item in node for text in _model_texts(item)]
    if isinstance(node, BaseModel):
        names = [name for name in type(node).model_fields if name not in NOT_TEXT]
        return [text for name in names for text in _model_texts(getattr(node, name))]
    return []


def _cite_model(node: object, cite: Callable[[str], str]) -> object:
    """Return ``node`` (a model, list or string) with the citations in its prose written out,
    "(Author, year)", as on the slides: the handout's text, finished."""
    if isinstance(node, str):
        return cite(node)
    if isinstance(node, list):
        return [_cite_model(item, cite) for item in node]
    if isinstance(node, BaseModel):
        update = {
            name: _cite_model(getattr(node, name), cite)
            for name in type(node).model_fields
            if name not in NOT_TEXT
        }
        return node.model_copy(update=update)
    return node
