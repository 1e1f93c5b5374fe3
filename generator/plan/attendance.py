"""Who qualifies for a certificate: attendance of the session's instructional minutes.

The run of show (the plan's segments) says when each part of the session runs; breaks are not
instructional time. A participant's time is the union of their intervals — rejoining adds up,
two devices at once count once — clipped to the instructional parts. They qualify when the
instructional minutes they missed are no more than the allowed absence.

Hours are the instructional minutes rounded to the nearest quarter hour (15 minutes); minutes
are whole numbers, so a tie (7.5 minutes past a quarter) cannot happen. The same
:func:`credit_hours` serves every output that states the hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from generator.plan import Plan
from generator.source.model import Practice, Sponsor

if TYPE_CHECKING:  # the guide imports this module; reading rosters is for certificates
    from generator.source.roster import Attendance, Attendee, Interval

DEFAULT_ALLOWED_ABSENCE = 10
"""Minutes of instructional time a participant may miss and still receive a certificate.

Ten minutes covers a late join or a dropped connection in a 60-120 minute session; a sponsor
that asks for full attendance is served by ``--allowed-absence 0``."""


def ce_sponsor(practice: Practice) -> Sponsor | None:
    """Return the sponsor when continuing-education wording may be printed, else None.

    Only a named sponsor whose approval statement the profile gives (to print verbatim)
    qualifies; without one, what participants receive is a certificate of attendance.
    """
    sponsor = practice.sponsor
    if sponsor and sponsor.name.strip() and (sponsor.approval_statement or "").strip():
        return sponsor
    return None


def instructional_windows(plan: Plan) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) minutes from the session's start of every part that is not a
    break, in order."""
    return tuple(
        (seg.start_minute, seg.start_minute + seg.minutes)
        for seg in plan.segments
        if seg.section.activity != "break" and seg.minutes > 0
    )


def instructional_minutes(plan: Plan) -> int:
    """Return the session's minutes without its breaks."""
    return sum(end - start for start, end in instructional_windows(plan))


def credit_hours(minutes: int) -> float:
    """Return ``minutes`` in hours rounded to the nearest quarter hour (75 → 1.25)."""
    return round(minutes / 15) / 4


def hours_text(hours: float) -> str:
    """Return hours as printed: ``1.25``, ``1.5``, ``2``."""
    return f"{hours:g}"


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Return the intervals merged where they overlap or touch, in order.

    Two devices in the meeting at once give overlapping intervals: merged, they count once.
    """
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def overlap_seconds(intervals: Sequence[Interval], windows: Sequence[Interval]) -> float:
    """Return the seconds of ``intervals`` (merged) that fall inside ``windows``."""
    total = 0.0
    for start, end in intervals:
        for w_start, w_end in windows:
            seconds = (min(end, w_end) - max(start, w_start)).total_seconds()
            if seconds > 0:
                total += seconds
    return total


@dataclass(frozen=True)
class Outcome:
    """One participant's attendance and whether a certificate is issued."""

    attendee: Attendee
    minutes: int
    """Instructional minutes attended (rounded to the nearest minute)."""
    missed: int
    qualifies: bool


@dataclass(frozen=True)
class Session:
    """The session the certificates are for, as the attendance was measured against it."""

    date: date | None
    start: datetime | None
    """When the run of show starts, for timed attendance; None for a roster without times."""
    start_from: str
    """Where the start came from, in words (printed by the command)."""
    minutes: int
    """Instructional minutes (breaks excluded)."""
    hours: float
    allowed_absence: int


def session_start(plan: Plan, attendance: Attendance, day: date) -> tuple[datetime | None, str]:
    """Return when the run of show starts on ``day``, and where that came from in words.

    The plan's start (``--start`` or the audience's ``start``) wins; then the meeting's start
    as the report states it; then the earliest join.
    """
    if not attendance.timed:
        return None, "no times in the roster"
    if plan.start:
        hours, minutes = (int(x) for x in plan.start.split(":"))
        return datetime(day.year, day.month, day.day, hours, minutes), "the run of show"
    if attendance.meeting_start is not None:
        return attendance.meeting_start, "the meeting's start in the report"
    first = min(start for a in attendance.attendees for start, _ in a.intervals)
    return first, "the earliest time in the file"


def evaluate(
    plan: Plan,
    attendance: Attendance,
    *,
    day: date | None,
    allowed_absence: int = DEFAULT_ALLOWED_ABSENCE,
) -> tuple[Session, list[Outcome]]:
    """Return the session and each participant's outcome, in the file's order.

    ``day`` is the session's date (checked against the report's by the caller). A roster
    without times lists people who attended in full.
    """
    minutes = instructional_minutes(plan)
    windows_at = instructional_windows(plan)
    stand_in = day or (attendance.dates() or [date(2000, 1, 1)])[0]
    if attendance.timed and not attendance.dated:
        stand_in = attendance.dates()[0]  # the times were put on this day when read
    start, start_from = session_start(plan, attendance, stand_in)
    session = Session(day, start, start_from, minutes, credit_hours(minutes), allowed_absence)
    outcomes = []
    for attendee in attendance.attendees:
        if start is None:
            attended = minutes
        else:
            windows = [
                (start + timedelta(minutes=a), start + timedelta(minutes=b)) for a, b in windows_at
            ]
            seconds = overlap_seconds(union(attendee.intervals), windows)
            attended = min(minutes, round(seconds / 60))
        missed = minutes - attended
        outcomes.append(Outcome(attendee, attended, missed, missed <= allowed_absence))
    return session, outcomes
