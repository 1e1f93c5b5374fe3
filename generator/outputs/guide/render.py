"""The facilitator guide: the PDF a consultant runs a consultation group or training from.

``render_guide`` returns the guide's bytes: at a glance, run of show, one part per segment
(see :mod:`generator.outputs.guide.segments`), references, presenter and credit, and an
evaluation form. Its wording lives in :mod:`generator.outputs.guide.text`; its look in
:mod:`generator.outputs.guide.styles`. Slide numbers come from the plan, like the deck's.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from generator.outputs import RenderInputs, pdfbase
from generator.outputs.guide.segments import segment
from generator.outputs.guide.styles import (
    MUTED,
    RULE,
    SHADE,
    SMALL_PT,
    Story,
    make_styles,
    markup,
)
from generator.outputs.guide.text import (
    CLIENT_GROUP_AGREEMENTS,
    DISTRESS_PLAN,
    EFT_STATUS,
    PARTNER_VIOLENCE,
    RATING_LABELS,
    RATING_SCALE,
    before_you_use,
    check_sums,
    client_safety_steps,
    coi_line,
    compress_numbers,
    credit_line,
    evaluation_items,
    group_exercises,
    instructional_text,
    materials,
    mentions_eft,
    minutes_text,
    open_questions,
)
from generator.plan import Plan, start_article
from generator.plan.references import apa_runs
from generator.plan.schedule import offset_text, schedule, time_span
from generator.source import safety
from generator.source.fonts import font_files
from generator.source.model import Practice

MARGIN = 0.75 * inch
TOP = 0.95 * inch  # room for the running header
BOTTOM = 0.9 * inch  # room for the footer


def render(inputs: RenderInputs) -> bytes:
    """Return the guide's bytes: this output's entry in :data:`generator.outputs.OUTPUTS`."""
    names = inputs.file_names
    return render_guide(inputs.plan, deck_file=names["deck"], handout_file=names["handout"])


def render_guide(plan: Plan, *, deck_file: str, handout_file: str) -> bytes:
    """Return the facilitator guide PDF for ``plan`` as reproducible bytes.

    ``deck_file`` and ``handout_file`` are the names the guide tells the facilitator to open and
    print. Raises :class:`RenderError` when the run of show does not add up to the session
    length. Characters the fonts lack are found before rendering, by the build
    (:func:`generator.build.check_glyphs`).
    """
    check_sums(plan)
    practice = plan.practice
    body = pdfbase.register_family(font_files(practice.fonts.body, practice, plan.practice_dir))
    heading = pdfbase.register_family(
        font_files(practice.fonts.heading, practice, plan.practice_dir)
    )
    story = Story(
        make_styles(body, heading, practice.colors),
        primary=colors.HexColor(practice.colors.primary),
    )
    # The build's paper (--paper, the audience's, else the profile's) for every PDF it prints.
    pagesize = A4 if plan.handout.paper == "a4" else LETTER
    width = pagesize[0] - 2 * MARGIN
    story.frame_height = pagesize[1] - TOP - BOTTOM
    cite = plan.cite

    _at_a_glance(story, plan, deck_file, handout_file, width)
    story.add(PageBreak())
    _run_of_show(story, plan, width)
    story.add(PageBreak())
    story.add(story.p("Session, segment by segment", "h1"))
    for index, seg in enumerate(plan.segments, start=1):
        segment(story, plan, index, seg, cite)
    story.add(PageBreak())
    _references(story, plan)
    _presenter(story, plan)
    story.add(PageBreak())
    _evaluation(story, plan, width)

    header = (plan.title, plan.audience_title)

    def draw(buffer: io.BytesIO) -> None:
        doc = BaseDocTemplate(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=f"{plan.title} — Facilitator Guide",
            author=practice.practitioner.name,
            subject=f"Facilitator guide for {plan.audience_title}",
            keywords=", ".join(plan.outline.keywords),
            creator="workshop-kit",
            lang=plan.outline.language,
            # reportlab starts every page in Helvetica, which would be an unembedded font.
            initialFontName=body,
            initialFontSize=SMALL_PT,
        )
        frame = Frame(
            MARGIN,
            BOTTOM,
            width,
            pagesize[1] - TOP - BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(story.flowables, canvasmaker=_canvas_class(header, body, practice))

    return pdfbase.render_reproducibly(draw)


# --------------------------------------------------------------------------- page furniture


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Return ``text`` shortened with an ellipsis so it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _canvas_class(header: tuple[str, str], font: str, practice: Practice) -> type[Canvas]:
    """Return a canvas class that draws header and footer with "Page N of M" on every page.

    Pages are kept until the end so the total is known (reportlab's usual two-step canvas).
    """
    title, audience = header
    primary = colors.HexColor(practice.colors.primary)

    class GuideCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            w, h = self._pagesize
            half = (w - 2 * MARGIN) / 2 - 6
            self.saveState()
            self.setFont(f"{font}-Bold", SMALL_PT)
            self.setFillColor(primary)
            self.drawString(MARGIN, h - 0.6 * inch, _fit(title, f"{font}-Bold", SMALL_PT, half))
            self.setFont(font, SMALL_PT)
            self.setFillColor(MUTED)
            self.drawRightString(w - MARGIN, h - 0.6 * inch, _fit(audience, font, SMALL_PT, half))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(MARGIN, h - 0.68 * inch, w - MARGIN, h - 0.68 * inch)
            self.line(MARGIN, 0.62 * inch, w - MARGIN, 0.62 * inch)
            self.drawString(MARGIN, 0.45 * inch, "Facilitator guide")
            self.drawRightString(w - MARGIN, 0.45 * inch, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return GuideCanvas


def _table(
    story: Story,
    rows: list[list[object]],
    widths: list[float],
    *,
    header: bool = True,
    total: bool = False,
) -> Table:
    """Return a calm table: shaded header row, light rules, cells that wrap."""
    table = pdfbase.BreakableTable(
        rows,
        colWidths=widths,
        repeatRows=1 if header else 0,
        hAlign="LEFT",
        frame_height=story.frame_height,
    )
    style = [
        # Table cells default to Helvetica even when they hold only paragraphs: name ours.
        ("FONT", (0, 0), (-1, -1), story.styles["cell"].fontName, story.styles["cell"].fontSize),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), story.primary))
    if total:
        style += [
            ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ("LINEABOVE", (0, -1), (-1, -1), 1, MUTED),
        ]
    table.setStyle(TableStyle(style))
    return table


# --------------------------------------------------------------------------- pages


def _at_a_glance(story: Story, plan: Plan, deck_file: str, handout_file: str, width: float) -> None:
    outline = plan.outline
    story.para(plan.title, "title")
    if outline.subtitle:
        story.para(outline.subtitle, "subtitle")
    story.para("Facilitator guide", "h2")
    _boxed(story, "Before you use this guide", before_you_use(plan), width)
    if mentions_eft(plan):
        story.para(EFT_STATUS, "muted")
    if plan.handout.couples:
        line = safety.domestic_violence_line(plan.practice)
        _boxed(story, "Couples: partner violence", [f"{PARTNER_VIOLENCE} {line}"], width)
    audience = plan.audience
    rows = [
        ("Audience", plan.audience_title),
        ("About the group", audience.description if audience else None),
        ("Level", plan.level.capitalize()),
        ("Total time", minutes_text(plan.duration)),
        # Instructional time is what credit is counted from; a client group earns none.
        ("Instructional time", None if plan.client_group else instructional_text(plan)),
        ("Date", plan.date),
        (
            "Start time",
            (
                f"{plan.start} (ends {time_span(plan, plan.segments[-1]).split('–')[1]})"
                if plan.start
                else None
            ),
        ),
        (
            "Facilitator" if plan.client_group else "Presenter",
            ", ".join(
                x
                for x in (plan.practice.practitioner.name, plan.practice.practitioner.credentials)
                if x
            ),
        ),
        (
            "Based on",
            f"“{outline.source.title}” by {outline.source.author}"
            + (f" ({outline.source.year})" if outline.source.year else ""),
        ),
    ]
    cells = [[story.p(k, "cellbold"), story.p(v, "cell")] for k, v in rows if v]
    story.add(_table(story, cells, [1.4 * inch, width - 1.4 * inch], header=False))
    story.gap(8)
    story.add(story.p("Learning objectives", "h2"))
    story.para("By the end of the session, participants will be able to:")
    story.numbered([o.text for o in plan.objectives])
    story.add(story.p("Materials and preparation", "h2"))
    story.bullets(materials(plan, deck_file=deck_file, handout_file=handout_file))
    story.gap(4)
    if plan.client_group:
        _client_group(story, plan)
    else:
        story.para(credit_line(plan.practice), "muted")


def _client_group(story: Story, plan: Plan) -> None:
    """Add what facilitating a client group needs: group agreements and safety steps."""
    story.add(story.p("Group agreements", "h2"))
    story.para("Read these with the group at the start, and ask everyone to agree to them.")
    story.bullets(list(CLIENT_GROUP_AGREEMENTS))
    story.add(story.p("Safety steps for the facilitator", "h2"))
    story.bullets(client_safety_steps(safety.crisis_line(plan.practice)))


def _run_of_show(story: Story, plan: Plan, width: float) -> None:
    story.add(story.p("Run of show", "h1"))
    clock = bool(plan.start)
    story.para(
        f"Clock times from {start_article(plan.start)} {plan.start} start."
        if clock
        else "No start time given: times are elapsed from the start (h:mm). Pass --start "
        "HH:MM or set the audience's start to print clock times.",
        "muted",
    )
    head = ["Time" if clock else "Elapsed", "Min", "Segment", "Activity", "Slides"]
    rows: list[list[object]] = [[story.p(h, "cellhead") for h in head]]
    # The same rows as the announcement's schedule (plan.schedule), plus the slides.
    for row, seg in zip(schedule(plan), plan.segments, strict=True):
        rows.append(
            [
                story.p(row.span, "cell"),
                story.p(str(row.minutes), "cell"),
                story.p(row.title, "cell"),
                story.p(row.activity, "cell"),
                story.p(compress_numbers(seg.slide_numbers), "cell"),
            ]
        )
    total = check_sums(plan)
    end = time_span(plan, plan.segments[-1]).split("–")[1] if plan.segments else ""
    rows.append(
        [
            story.p("Total", "cellbold"),
            story.p(str(total), "cellbold"),
            story.p(
                f"{minutes_text(total)}; ends {end}" if clock else minutes_text(total),
                "cellbold",
            ),
            story.p("", "cell"),
            story.p(f"{len(plan.slides)} slides", "cellbold"),
        ]
    )
    fixed = [1.05 * inch, 0.5 * inch, 1.25 * inch, 1.0 * inch]
    widths = [fixed[0], fixed[1], width - sum(fixed), fixed[2], fixed[3]]
    story.add(_table(story, rows, widths, total=True))
    story.gap(6)
    story.para(
        f"The segments add up to {total} minutes, the length of the session "
        f"({offset_text(total)}).",
        "muted",
    )
    # A client group has its own safety steps (see _client_group); clinicians get this plan.
    exercises = any(seg.section.facilitator.exercises for seg in plan.segments)
    if not plan.client_group and (group_exercises(plan) or exercises):
        story.add(story.p("If a participant becomes distressed", "h2"))
        *steps, last = DISTRESS_PLAN
        story.bullets([*steps, f"{last} \u201c{safety.crisis_line(plan.practice)}\u201d"])


def _boxed(story: Story, title: str, items: list[str], width: float) -> None:
    """Append a shaded box with a bold title and a bulleted list (what must not be missed)."""
    # Plain paragraphs: a cell's paragraph may be split across pages, which OnceWrapped cannot.
    cells = [[Paragraph(markup(title), story.styles["cellbold"])]]
    cells += [[Paragraph(markup(f"\u2022 {i}"), story.styles["cell"])] for i in items]
    table = Table(cells, colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), story.styles["cell"].fontName, SMALL_PT),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LINEBEFORE", (0, 0), (0, -1), 3, story.primary),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.add(table)
    story.gap(8)


def _references(story: Story, plan: Plan) -> None:
    story.add(story.p("References", "h1"))
    if not plan.references:
        story.para("The outline cites no references.", "muted")
    for ref in plan.references:
        story.add(story.rich([(t, "i" if italic else "") for t, italic in apa_runs(ref)], "ref"))
        if ref.note:
            story.add(story.rich([("Facilitator caveat: ", "b"), (ref.note, "")], "refnote"))


def _presenter(story: Story, plan: Plan) -> None:
    person = plan.practice.practitioner
    contact = plan.practice.contact
    story.add(story.p("Facilitator" if plan.client_group else "Presenter and credit", "h1"))
    name = ", ".join(x for x in (person.name, person.credentials) if x)
    if person.pronouns:
        name += f" ({person.pronouns})"
    story.para(name, "h3")
    if person.bio:
        story.para(person.bio)
    details = [x for x in (contact.practice, contact.email, contact.phone, contact.website) if x]
    if details:
        story.para(" · ".join(details), "muted")
    story.gap(4)
    story.para(coi_line(plan.practice))
    if not plan.client_group:
        story.para(credit_line(plan.practice))


def _evaluation(story: Story, plan: Plan, width: float) -> None:
    story.add(story.p("Evaluation", "h1"))
    when = f" ({plan.date})" if plan.date else ""
    story.para(
        f"{plan.title}{when}. Copy one per participant, or paste into a form.",
        "muted",
    )
    story.para(
        f"Rate each statement from 1 ({RATING_LABELS[0].lower()}) to "
        f"{RATING_SCALE[-1]} ({RATING_LABELS[1].lower()}). Circle one number.",
    )
    box = 0.42 * inch
    head = [story.p("Statement", "cellhead")] + [story.p(n, "cellheadc") for n in RATING_SCALE]
    rows = [head]
    for item in evaluation_items(plan):
        rows.append([story.p(item, "cell")] + [story.p(n, "cellcenter") for n in RATING_SCALE])
    table = _table(story, rows, [width - box * len(RATING_SCALE)] + [box] * len(RATING_SCALE))
    table.setStyle(
        TableStyle([("ALIGN", (1, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    story.add(table)
    story.gap(10)
    for question in open_questions(plan):
        story.add(story.p(question, "label"))
        for _ in range(3):
            story.add(
                HRFlowable(width="100%", thickness=0.5, color=MUTED, spaceBefore=22, spaceAfter=0)
            )
        story.gap(6)
