"""Lints on the customized outline and its plan: slides, timings, objectives, citations, colours.

Each function returns :class:`Finding` s (never raises) so one run reports everything.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.check import objectives, readability
from generator.check.findings import ERROR, WARNING, Finding
from generator.plan import Plan, PlannedSlide
from generator.source import contrast, placeholders
from generator.source.locate import Locator
from generator.source.model import Outline, Practice
from generator.source.slide_kinds import KINDS
from generator.source.validate import COLOUR_PAIRS, alt_text_problem

MAX_BULLETS = 6
"""More lines than this are hard to read on a shared screen (WebAIM, Paradi)."""
MAX_WORDS = 40
"""About this many words on a slide is the most people read while listening."""

Make = Callable[..., Finding]


def maker(audience: str | None) -> Callable[..., Finding]:
    """Return a function that builds findings for ``audience`` from a location tuple."""

    def make(
        severity: str, loc: tuple[str, int, int], where: str, message: str, hint: str
    ) -> Finding:
        file, line, column = loc
        return Finding(file, line, column, severity, where, message, hint, audience)

    return make


# --------------------------------------------------------------------------- readability


def lint_readability(plan: Plan, locator: Locator, max_grade: float, make: Make) -> list[Finding]:
    """Warn when the client handout reads above ``max_grade`` (Flesch–Kincaid)."""
    passages = readability.handout_passages(plan.handout.content)
    overall = readability.grade(readability.joined(passages))
    if overall <= max_grade:
        return []
    graded = sorted(
        ((readability.grade(readability.as_sentence(p.text)), p) for p in passages),
        key=lambda pair: -pair[0],
    )
    hardest = [f"{p.label} (grade {g:.1f})" for g, p in graded[:3] if g > max_grade]
    hint = "use shorter sentences and everyday words"
    if hardest:
        hint += "; hardest first: " + "; ".join(hardest)
    worst = graded[0][1] if graded else None
    loc = locator.in_model(plan.outline, worst.path) if worst else locator.at(("handout",))
    return [
        make(
            WARNING,
            loc,
            "handout",
            f"the client handout reads at US grade {overall:.1f} (Flesch–Kincaid); "
            f"aim for grade {max_grade:g} or lower",
            hint,
        )
    ]


# --------------------------------------------------------------------------- slides


def _bullet_lines(slide: PlannedSlide) -> list[list[str]]:
    """Return the visible text lines of each bullet list on the slide (one list per column)."""
    lists = []
    if slide.bullets:
        lists.append([t for b in slide.bullets for t in (b.text, *b.sub)])
    for col in (slide.left, slide.right):
        if col is not None:
            lists.append([t for b in col.bullets for t in (b.text, *b.sub)])
    if slide.steps:
        lists.append(list(slide.steps))
    return lists


def slide_words(slide: PlannedSlide) -> int:
    """Return the number of words in the slide's body (title excluded)."""
    texts = [t for lines in _bullet_lines(slide) for t in lines]
    for col in (slide.left, slide.right):
        if col is not None and col.heading:
            texts.append(col.heading)
    texts += [
        slide.quote or "",
        slide.attribution or "",
        slide.caption or "",
        slide.question or "",
        *slide.prompts,
        slide.message or "",
    ]
    return sum(len(t.split()) for t in texts)


def lint_slides(plan: Plan, paged: Plan | None, locator: Locator, make: Make) -> list[Finding]:
    """Return findings for crowded, split, note-less and alt-less slides.

    ``plan`` is made without splitting (one planned slide per outline slide); ``paged`` is the
    deck's own plan, whose continuation slides show which slides did not fit.
    """
    found = []
    for slide in plan.slides:
        path = slide.source
        loc = locator.in_model(plan.outline, path)
        where = f"slide '{slide.title}'"
        for lines in _bullet_lines(slide):
            if len(lines) > MAX_BULLETS:
                found.append(
                    make(
                        WARNING,
                        loc,
                        where,
                        f"{len(lines)} bullet lines; more than {MAX_BULLETS} are hard to read "
                        "on a shared screen",
                        "split it into two slides with their own titles, or move detail into "
                        "the speaker notes",
                    )
                )
        words = slide_words(slide)
        if KINDS[slide.kind].wordy and words > MAX_WORDS:
            found.append(
                make(
                    WARNING,
                    loc,
                    where,
                    f"{words} words on the slide; about {MAX_WORDS} is the most people read "
                    "while listening",
                    "keep a few key words on the slide and say the rest (put it in the notes)",
                )
            )
        if KINDS[slide.kind].notes and not slide.notes.strip():
            found.append(
                make(
                    WARNING,
                    locator.in_model(plan.outline, (*path, "notes")),
                    where,
                    "no speaker notes",
                    "add 'notes:' with what to say; the presenter reads them in presenter view "
                    "and the guide prints them",
                )
            )
        alt_problem = alt_text_problem(slide.alt, slide.decorative) if slide.image else None
        if alt_problem:
            at = "alt" if slide.alt else "image"
            found.append(
                make(
                    WARNING,
                    locator.in_model(plan.outline, (*path, at)),
                    where,
                    alt_problem,
                    "screen readers read the alt text out in place of the image",
                )
            )
    if paged is not None:
        for slide in paged.slides:
            # Generated lists (agenda, references) continue on a second slide by design.
            generated = slide.kind in ("agenda", "references")
            if slide.part == 1 and slide.parts > 1 and not generated:
                found.append(
                    make(
                        WARNING,
                        locator.in_model(plan.outline, slide.source),
                        f"slide '{slide.title}'",
                        f"did not fit on one slide and was split into {slide.parts} "
                        f"(slides {slide.number}–{slide.number + slide.parts - 1})",
                        "shorten it, or split it yourself into slides with their own titles",
                    )
                )
    return found


# --------------------------------------------------------------------------- colours


def lint_contrast(practice: Practice, practice_loc: Locator, make: Make) -> list[Finding]:
    """Return an error for each theme colour pair under 4.5:1 (WCAG 2.1 SC 1.4.3, AA)."""
    found = []
    colors = practice.colors
    for fg, bg, what in COLOUR_PAIRS:
        message = contrast.low_contrast(getattr(colors, fg), getattr(colors, bg), what)
        if message:
            found.append(
                make(
                    ERROR,
                    practice_loc.at(("colors", fg)),
                    f"colors.{fg}",
                    message,
                    f"darken colors.{fg} or lighten colors.{bg} (check the pair with any "
                    "WCAG contrast checker)",
                )
            )
    return found


# --------------------------------------------------------------------------- outline-wide


def lint_objectives(outline: Outline, locator: Locator, make: Make) -> list[Finding]:
    """Warn for each learning objective that does not start with a measurable verb."""
    found = []
    for i, objective in enumerate(outline.objectives):
        problem = objectives.objective_problem(objective.text)
        if problem:
            message, hint = problem
            found.append(
                make(
                    WARNING,
                    locator.in_model(outline, ("objectives", i, "text")),
                    f"objective {i + 1}",
                    message,
                    hint,
                )
            )
    return found


def lint_timings(outline: Outline, locator: Locator, make: Make) -> list[Finding]:
    """Warn when a section's slides or exercises need more minutes than the section has."""
    found = []
    for si, section in enumerate(outline.sections):
        loc = locator.in_model(outline, ("sections", si, "minutes"))
        where = f"section '{section.title}'"
        exercise_ids = {s.exercise for s in section.slides if s.kind == "exercise"}
        slide_minutes = sum(s.minutes or 0 for s in section.slides if not s.facilitator_only) + sum(
            e.minutes for e in section.facilitator.exercises if e.id in exercise_ids
        )
        # An exercise slide's minutes default to its exercise's: count each only once.
        slide_minutes -= sum(
            e.minutes
            for s in section.slides
            if s.kind == "exercise" and s.minutes
            for e in section.facilitator.exercises
            if e.id == s.exercise
        )
        if slide_minutes > section.minutes:
            found.append(
                make(
                    WARNING,
                    loc,
                    where,
                    f"its slides and exercises take {slide_minutes} minutes but the section "
                    f"has {section.minutes}",
                    "give the section more minutes (and another section fewer), or shorten "
                    "the timed slides and exercises",
                )
            )
        for exercise in section.facilitator.exercises:
            if exercise.minutes > section.minutes:
                found.append(
                    make(
                        WARNING,
                        loc,
                        where,
                        f"the exercise '{exercise.title}' takes {exercise.minutes} minutes, "
                        f"longer than the whole section ({section.minutes})",
                        "shorten the exercise or give the section more minutes",
                    )
                )
    return found


def lint_placeholders(
    practice: Practice,
    outline: Outline,
    practice_loc: Locator,
    locator: Locator,
    make: Make,
    *,
    strict: bool,
) -> list[Finding]:
    """Return a finding per placeholder: a warning, or an error under ``--strict``."""
    severity = ERROR if strict else WARNING
    found = []
    for p in placeholders.find(practice, outline):
        loc = practice_loc.at(p.path) if p.in_profile else locator.at(p.path)
        owner = "the practice profile" if p.in_profile else "the outline"
        found.append(
            make(
                severity,
                loc,
                p.where,
                f"{owner} still holds the example value \u201c{p.value}\u201d",
                f"replace it with {p.what}; handouts and guides print it as written",
            )
        )
    return found
