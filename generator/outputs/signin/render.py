"""The sign-in and sign-out sheet (``--only signin``): attendance with times, on landscape paper.

Sponsors of continuing education verify attendance by sign-in and sign-out times, and a
consultant keeps the same record for certificates of attendance. The header names the session
(title, date, time, presenter, format); the table has a row per participant of ``--roster`` (a
few blank rows follow for walk-ins) or ``--blank-rows`` empty rows. A client group is not asked
for a licence.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Spacer, TableStyle

from generator.outputs import RenderInputs
from generator.outputs.markup import escape
from generator.outputs.sheet import (
    Look,
    look,
    paper,
    render_sheet,
    session_format,
    table,
)
from generator.plan import Plan
from generator.plan.schedule import session_end
from generator.source import safety
from generator.source.roster import Attendee

ROW_HEIGHT = 0.42 * inch  # room for a handwritten name and signature
WALK_INS = 3  # blank rows after a roster, for people who were not on it
BLANK = "_" * 14  # a line to write on in the header when the date or time is unknown


def columns(clients: bool) -> list[tuple[str, float]]:
    """Return the table's columns as (heading, share of the width); no licence for clients."""
    if clients:
        return [
            ("#", 0.04),
            ("Name", 0.28),
            ("Email", 0.28),
            ("Signature", 0.24),
            ("Time in", 0.08),
            ("Time out", 0.08),
        ]
    return [
        ("#", 0.04),
        ("Name", 0.22),
        ("Licence type and number", 0.18),
        ("Email", 0.22),
        ("Signature", 0.18),
        ("Time in", 0.08),
        ("Time out", 0.08),
    ]


def _header(plan: Plan, lk: Look, width: float) -> list[Flowable]:
    """Return the title block: what, when, who, how."""
    when = escape(plan.date) if plan.date else BLANK
    time = f"{plan.start}\u2013{session_end(plan)}" if plan.start else BLANK
    fmt = session_format(plan)
    how = escape(fmt.capitalize()) if fmt else "In person / Live online (circle one)"
    facts = [
        ("Date", when),
        ("Time", time),
        ("Presenter", escape(safety.practitioner_line(plan.practice))),
        ("Format", how),
    ]
    note = "Please sign in when you arrive and sign out when you leave."
    if not plan.client_group:
        note += (
            " Certificates are given for attendance of the whole session; breaks do not count "
            "toward its hours."
        )
    if fmt == "live online":
        note += (
            " For a live online session the video platform's participant report (join and "
            "leave times) is kept with this sheet as the attendance record."
        )
    return [
        lk.p(plan.title, "title"),
        lk.p(f"Sign-in and sign-out sheet \u00b7 {plan.audience_title}", "subtitle"),
        table(
            [[lk.rich(f"<b>{label}:</b> {value}", "cell") for label, value in facts]],
            [width * share for share in (0.2, 0.16, 0.4, 0.24)],
            lk,
            header=False,
        ),
        Spacer(1, 4),
        lk.p(note, "small"),
        Spacer(1, 8),
    ]


def render(inputs: RenderInputs) -> bytes:
    """Return the sign-in sheet's bytes (its row in :data:`generator.outputs.OUTPUTS`)."""
    return render_signin(inputs.plan, inputs.roster, inputs.blank_rows)


def render_signin(
    plan: Plan, roster: Sequence[Attendee] | None = None, blank_rows: int = 20
) -> bytes:
    """Return the sign-in sheet PDF of ``plan`` as reproducible bytes.

    With a ``roster`` its participants fill the first rows, followed by a few blank ones;
    without, ``blank_rows`` empty rows.
    """
    lk = look(plan, size=10.5)
    clients = plan.client_group
    cols = columns(clients)
    pagesize = paper(plan, turned=True)
    margin = 0.6 * inch
    width = pagesize[0] - 2 * margin
    rows: list[list[object]] = [[lk.p(heading, "cellhead") for heading, _ in cols]]
    filled = list(roster or ())
    for n, entry in enumerate(filled, start=1):
        licence = [] if clients else [entry.licence or ""]
        cells = [str(n), entry.name, *licence, entry.email or ""]
        rows.append([lk.p(c, "cell") for c in cells] + ["", "", ""])
    extra = WALK_INS if roster is not None else blank_rows
    for n in range(len(filled) + 1, len(filled) + extra + 1):
        rows.append([lk.p(str(n), "cell")] + [""] * (len(cols) - 1))
    # Fixed heights so every row has room to write in, filled or not.
    heights = [None] + [ROW_HEIGHT] * (len(rows) - 1)
    grid = table(rows, [share * width for _, share in cols], lk, heights=heights)
    grid.setStyle(TableStyle([("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    story = [*_header(plan, lk, width), grid]
    data, _ = render_sheet(
        plan,
        story,
        lk,
        label="Sign-in and sign-out sheet",
        subject=f"Attendance for \u201c{plan.title}\u201d, {plan.audience_title}",
        pagesize=pagesize,
        margin=margin,
    )
    return data
