"""The session's timed schedule in words: what the guide's run of show and the announcement print.

Both read :func:`schedule`, so the schedule a participant is promised on the announcement is the
run of show the facilitator runs from, row for row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.plan import Plan, Segment

ACTIVITY_LABELS = {
    "teach": "Teach",
    "discuss": "Discuss",
    "exercise": "Exercise",
    "case consultation": "Case consultation",
    "break": "Break",
}


@dataclass(frozen=True)
class ScheduleRow:
    """One row of the schedule: its time span, minutes, numbered title and activity."""

    span: str
    minutes: int
    title: str
    activity: str


def offset_text(minute: int) -> str:
    """Return minutes since the start as ``H:MM``, for a run of show without a clock time."""
    return f"{minute // 60}:{minute % 60:02d}"


def time_span(plan: Plan, seg: Segment) -> str:
    """Return the segment's span: clock time when the plan has a start, else elapsed time."""
    from generator.plan import Segment

    if plan.start:
        end = Segment(seg.section, seg.start_minute + seg.minutes, 0, ())
        return f"{seg.clock(plan.start)}–{end.clock(plan.start)}"
    return f"{offset_text(seg.start_minute)}–{offset_text(seg.start_minute + seg.minutes)}"


def schedule(plan: Plan) -> tuple[ScheduleRow, ...]:
    """Return one row per segment of ``plan``, in order, titles numbered from 1."""
    return tuple(
        ScheduleRow(
            span=time_span(plan, seg),
            minutes=seg.minutes,
            title=f"{i}. {seg.section.title}",
            activity=ACTIVITY_LABELS[seg.section.activity],
        )
        for i, seg in enumerate(plan.segments, start=1)
    )


def session_end(plan: Plan) -> str:
    """Return when the session ends: a clock time, or elapsed ``H:MM`` without a start."""
    return time_span(plan, plan.segments[-1]).split("–")[1]
