"""The announcement (``--only flyer``): one printable page that says what the session is.

What sponsors of continuing education ask an announcement to carry, and what anyone deciding
whether to come needs: title and description, learning objectives, target audience and level,
the timed schedule (the guide's run of show, row for row: :func:`generator.plan.schedule.
schedule`), the presenter and credentials, conflict of interest, cost with the refund and
cancellation policy, how to ask for an accommodation, and whom to contact with a grievance.

A continuing-education statement appears only when the profile names a sponsor *and* gives the
approval statement that sponsor issued, printed verbatim: the tool never writes one. Without a
sponsor nothing on the page speaks of continuing education.

Everything must fit one page: the type steps down from 11 pt to 8.5 pt until it does.
"""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, ListFlowable, ListItem, Spacer

from generator.errors import RenderError
from generator.outputs import RenderInputs
from generator.outputs.markup import escape
from generator.outputs.sheet import (
    Look,
    look,
    objectives,
    paper,
    render_sheet,
    session_format,
    table,
)
from generator.plan import Plan
from generator.plan.attendance import ce_sponsor
from generator.plan.schedule import schedule, session_end
from generator.source import safety

SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5)


def ce_statement(plan: Plan) -> str | None:
    """Return the sponsor's approval statement, verbatim, with its approval number if given;
    None unless the profile names a sponsor *and* gives the statement that sponsor issued
    (:func:`generator.plan.attendance.ce_sponsor`, as certificates decide).

    ``ce_sponsor`` (a name alone) is not enough: the tool never writes a statement.
    """
    sponsor = ce_sponsor(plan.practice)
    if sponsor is None:
        return None
    statement = (sponsor.approval_statement or "").strip()
    number = (sponsor.approval_number or "").strip()
    return f"{statement} Approval number: {number}." if number else statement


def attendance_line(plan: Plan) -> str | None:
    """Return what participants receive for attending; None for a client group."""
    if plan.client_group:
        return None
    return "Participants who attend the whole session receive a certificate of attendance."


def contact_fallback(plan: Plan) -> str:
    """Return how to reach the practice, for a policy the profile leaves out."""
    parts = [p for p in (plan.practice.contact.email, plan.practice.contact.phone) if p]
    who = plan.practice.practitioner.name
    return f"{who} at {' or '.join(parts)}" if parts else who


def facts(plan: Plan) -> list[tuple[str, str]]:
    """Return the label/value lines under the title: when, how, who for, level, length."""
    rows = []
    if plan.date or plan.start:
        when = ", ".join(
            x
            for x in (plan.date, f"{plan.start}\u2013{session_end(plan)}" if plan.start else "")
            if x
        )
        rows.append(("When", when))
    fmt = session_format(plan)
    if fmt:
        rows.append(("Format", fmt.capitalize()))
    provider = plan.practice.provider
    if provider is not None:
        rows.append(("Offered by", provider.name))
    rows.append(("For", plan.audience_title))
    rows.append(("Level", plan.level.capitalize()))
    hours, minutes = divmod(plan.duration, 60)
    length = f"{plan.duration} minutes" + (
        f" ({hours} h{f' {minutes} min' if minutes else ''})" if hours else ""
    )
    rows.append(("Length", length))
    return rows


def policies(plan: Plan) -> list[tuple[str, str]]:
    """Return the cost, refund, accommodation and grievance lines, with fallbacks to contact."""
    p = plan.practice.policies
    reach = contact_fallback(plan)
    rows = []
    if p.cost:
        rows.append(("Cost", p.cost))
    if p.refund:
        rows.append(("Refunds and cancellation", p.refund))
    rows.append(
        (
            "Accommodation",
            p.accommodation or f"To ask for an accommodation, contact {reach}.",
        )
    )
    rows.append(("Concerns or complaints", p.grievance or f"Contact {reach}."))
    return rows


def _labelled(lk: Look, rows: list[tuple[str, str]]) -> list[Flowable]:
    return [lk.rich(f"<b>{escape(label)}:</b> {escape(text)}") for label, text in rows]


def _story(plan: Plan, lk: Look) -> list[Flowable]:
    """Return the page's flowables, in reading order."""
    outline = plan.outline
    size = lk.styles["body"].fontSize
    story: list[Flowable] = [lk.p(plan.title, "title")]
    if outline.subtitle:
        story.append(lk.p(outline.subtitle, "subtitle"))
    story.append(
        lk.rich(" \u00b7 ".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in facts(plan)))
    )
    description = plan.audience.description if plan.audience else None
    if description:
        story += [Spacer(1, size * 0.5), lk.p(description)]
    story.append(lk.p("You will be able to", "h2"))
    story.append(
        ListFlowable(
            [ListItem(lk.p(text), value="\u2022") for text in objectives(plan)],
            bulletType="bullet",
            start="\u2022",
            bulletFontName=lk.body,
            leftIndent=size * 1.2,
        )
    )
    story.append(lk.p("Schedule", "h2"))
    rows = [["Time", "Min", "Segment", "Activity"]] + [
        [r.span, str(r.minutes), r.title, r.activity] for r in schedule(plan)
    ]
    width = paper(plan)[0] - 2 * 0.75 * inch
    cells = [[lk.p(c, "cellhead" if i == 0 else "cell") for c in row] for i, row in enumerate(rows)]
    story.append(table(cells, [1.1 * inch, 0.5 * inch, width - 2.8 * inch, 1.2 * inch], lk))
    story.append(lk.p("Presenter", "h2"))
    person = plan.practice.practitioner
    story.append(lk.p(safety.practitioner_line(plan.practice), "bold"))
    if person.bio:
        story.append(lk.p(person.bio))
    coi = plan.practice.conflict_of_interest
    if coi and coi.strip():
        story.append(lk.rich(f"<b>Conflict of interest:</b> {escape(coi.strip())}"))
    story.append(lk.p("Before you sign up", "h2"))
    story += _labelled(lk, policies(plan))
    statement = ce_statement(plan)
    earned = statement or attendance_line(plan)
    if earned:
        story += [Spacer(1, size * 0.4), lk.p(earned)]
    contact = "  \u00b7  ".join(safety.contact_parts(plan.practice))
    if contact:
        story += [
            Spacer(1, size * 0.6),
            lk.rich(f"<b>Sign up and questions:</b> {escape(contact)}"),
        ]
    return story


def render(inputs: RenderInputs) -> bytes:
    """Return the announcement's bytes: this output's entry in :data:`generator.outputs.OUTPUTS`."""
    return render_flyer(inputs.plan)


def render_flyer(plan: Plan) -> bytes:
    """Return the one-page announcement PDF of ``plan`` as reproducible bytes.

    Raises :class:`RenderError` when even the smallest type size needs a second page.
    """
    for size in SIZES:
        lk = look(plan, size=size)
        data, pages = render_sheet(
            plan,
            _story(plan, lk),
            lk,
            label="Announcement",
            subject=f"Announcement of \u201c{plan.title}\u201d for {plan.audience_title}",
            pagesize=paper(plan),
        )
        if pages == 1:
            return data
    raise RenderError(
        f"The announcement of \u201c{plan.title}\u201d does not fit one page even in "
        f"{SIZES[-1]} pt type. Shorten the objectives, the presenter's bio or the policies in "
        "the practice profile."
    )
