"""The evaluation form (``--only evaluation``): a participant-facing PDF, printable and fillable.

One rating row per learning objective of the audience, then the session (presenter, methods,
relevance, room or platform), then open questions with room to write. Each rating is a radio
group of five buttons when the form is fillable (the audience's ``handout.form``, or
``--no-form``), else five circles to fill with a pen. Fields are made in reading order, which
is the order viewers tab in, and each field's tooltip is its visible statement.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from generator.outputs import RenderInputs
from generator.outputs.evaluation.items import (
    OBJECTIVE_LEAD,
    SCALE,
    SCALE_ENDS,
    Rating,
    evaluation,
)
from generator.outputs.handout.parts import WritingSpace
from generator.outputs.sheet import Look, look, paper, render_sheet
from generator.plan import Plan

COLUMN = 0.42 * inch  # width of one rating column
CIRCLE = 13.0  # diameter of a rating circle or radio button, in points
PAD = 5.0


class RatingRow(Flowable):
    """A statement on the left and five rating circles (or radio buttons) on the right."""

    def __init__(self, item: Rating, tooltip: str, lk: Look, *, form: bool) -> None:
        super().__init__()
        self.item = item
        self.tooltip = tooltip
        self.lk = lk
        self.form = form
        self.para = lk.p(item.text, "body")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the full width, and the statement's height (at least a circle's) padded."""
        self.width = avail_width
        _, self.text_height = self.para.wrap(avail_width - len(SCALE) * COLUMN, avail_height)
        self.height = max(self.text_height, CIRCLE) + 2 * PAD
        return self.width, self.height

    def draw(self) -> None:
        """Draw the statement, the circles and the rule under the row."""
        canv, c = self.canv, self.lk.colors
        self.para.drawOn(canv, 0, self.height - PAD - self.text_height)
        middle = self.height / 2
        first = self.width - len(SCALE) * COLUMN
        canv.saveState()
        canv.setStrokeColor(HexColor(c.rule))
        canv.setLineWidth(0.5)
        canv.line(0, 0, self.width, 0)
        canv.setStrokeColor(HexColor(c.text))
        canv.setLineWidth(0.8)
        for i, value in enumerate(SCALE):
            x = first + (i + 0.5) * COLUMN
            if not self.form:
                canv.circle(x, middle, CIRCLE / 2, stroke=1, fill=0)
                continue
            canv.acroForm.radio(
                name=self.item.name,
                tooltip=self.tooltip,
                value=value,
                selected=False,
                x=x - CIRCLE / 2,
                y=middle - CIRCLE / 2,
                size=CIRCLE,
                buttonStyle="circle",
                shape="circle",
                borderColor=HexColor(c.text),
                fillColor=HexColor("#FFFFFF"),
                textColor=HexColor(c.text),
                borderWidth=0.8,
                # Not "required": a participant may leave an item blank.
                fieldFlags="noToggleToOff radio",
                relative=True,
            )
        canv.restoreState()


class ScaleHeader(Flowable):
    """The numbers 1 to 5 over the rating columns, with the scale's two ends under them."""

    def __init__(self, lk: Look, heading: str) -> None:
        super().__init__()
        self.lk = lk
        self.heading = lk.p(heading, "bold")
        self.size = lk.styles["small"].fontSize

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the full width, and the taller of the heading and the scale's labels."""
        self.width = avail_width
        _, self.head_height = self.heading.wrap(avail_width - len(SCALE) * COLUMN, avail_height)
        self.height = max(self.head_height, self.size * 2.6) + PAD
        return self.width, self.height

    def draw(self) -> None:
        """Draw the heading on the left and the numbered columns on the right."""
        canv = self.canv
        self.heading.drawOn(canv, 0, PAD)
        first = self.width - len(SCALE) * COLUMN
        canv.saveState()
        canv.setFillColor(HexColor(self.lk.colors.text))
        canv.setFont(f"{self.lk.body}-Bold", self.size)
        top = self.height - self.size
        for i, value in enumerate(SCALE):
            canv.drawCentredString(first + (i + 0.5) * COLUMN, top, value)
        canv.setFont(self.lk.body, self.size * 0.85)
        canv.drawString(first, top - self.size * 1.3, SCALE_ENDS[0].split()[1])
        canv.drawRightString(self.width, top - self.size * 1.3, SCALE_ENDS[1].split()[1])
        canv.restoreState()


def _intro(plan: Plan, lk: Look) -> list[Flowable]:
    """Return the title block and the instructions."""
    when = " \u00b7 ".join(x for x in (plan.audience_title, plan.date) if x)
    how = (
        "Click one circle per line in this PDF, or print it and fill in one circle with a pen."
        if plan.handout.form
        else "Fill in one circle per line."
    )
    keep = (
        " What you type stays inside this file: save it and send it back as you were asked."
        if plan.handout.form
        else ""
    )
    low, high = SCALE_ENDS
    return [
        lk.p("Evaluation", "title"),
        lk.p(plan.title, "subtitle"),
        lk.p(when, "small"),
        Spacer(1, 8),
        lk.p(
            f"Please rate each statement from 1 ({low.lower()}) to {SCALE[-1]} "
            f"({high.lower()}). {how} You do not need to write your name.{keep}"
        ),
    ]


def render(inputs: RenderInputs) -> bytes:
    """Return the evaluation form's bytes (its row in :data:`generator.outputs.OUTPUTS`)."""
    return render_evaluation(inputs.plan)


def render_evaluation(plan: Plan) -> bytes:
    """Return the evaluation form PDF of ``plan`` as reproducible bytes."""
    lk = look(plan)
    form = plan.handout.form
    items = evaluation(plan)
    story: list[Flowable] = _intro(plan, lk)
    story.append(lk.p("What you learned", "h2"))
    rows: list[Flowable] = [ScaleHeader(lk, OBJECTIVE_LEAD)]
    for item in items.objectives:
        rows.append(RatingRow(item, f"{OBJECTIVE_LEAD} {item.text}", lk, form=form))
    story.append(KeepTogether(rows))
    story.append(lk.p("The session", "h2"))
    rows = [ScaleHeader(lk, "How much do you agree?")]
    rows += [RatingRow(item, item.text, lk, form=form) for item in items.session]
    story.append(KeepTogether(rows))
    story.append(lk.p("In your own words", "h2"))
    size = lk.styles["body"].fontSize
    for item in items.questions:
        label: Paragraph = lk.p(item.text, "bold")
        space = WritingSpace(
            lines=3,
            gap=22,
            name=item.name,
            tooltip=item.text,
            form=form,
            font_size=size,
            rule_color=lk.colors.rule,
            text_color=lk.colors.text,
        )
        story.append(KeepTogether([Spacer(1, 4), label, space]))
    data, _ = render_sheet(
        plan,
        story,
        lk,
        label="Evaluation",
        subject=f"Evaluation of \u201c{plan.title}\u201d for {plan.audience_title}",
        pagesize=paper(plan),
    )
    return data
