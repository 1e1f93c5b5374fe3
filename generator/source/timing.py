"""Timings that cannot be run: refused before anything is planned, located in the file.

The run of show gives each section its clock time from its ``minutes``. A section of 0 minutes
that holds a timed exercise or slide would print "10:05–10:05 0 min" above a 15-minute
exercise: no facilitator can run that, so it is an error rather than a warning.
"""

from __future__ import annotations

from generator.source.model import Outline


def timing_problems(outline: Outline) -> list[tuple[tuple[str | int, ...], str]]:
    """Return ``(path, message)`` for each section with no minutes that holds timed content."""
    found = []
    for si, section in enumerate(outline.sections):
        if section.minutes:
            continue
        exercises = {e.id: e for e in section.facilitator.exercises}
        timed = []
        for slide in section.slides:
            if slide.facilitator_only:
                continue
            exercise = exercises.get(slide.exercise) if slide.kind == "exercise" else None
            minutes = slide.minutes or (exercise.minutes if exercise else 0)
            if minutes:
                what = (
                    f"exercise '{exercise.title}'"
                    if exercise
                    else f"slide '{slide.id or slide.title}'"
                )
                timed.append(f"the {minutes}-minute {what}")
        if timed:
            found.append(
                (
                    ("sections", si, "minutes"),
                    f"the section has 0 minutes but holds {' and '.join(timed)} — give the "
                    "section the minutes it needs (and take them from another section, so the "
                    "total still matches the duration), or remove what it cannot hold",
                )
            )
    return found
