"""The slide handout (``--only slide-handout``): slide miniatures with ruled lines for notes.

Three slides a page, each with ruled lines beside it; in large print one slide a page with the
lines below. No office suite is needed: each miniature is drawn by reportlab from the plan,
with the deck's own geometry and the paragraphs the deck's fitter measured
(:func:`generator.outputs.deck.textfit.body_paras`), in the default theme's look: background,
title in the primary colour, the accent bar, the footer and the slide number. With
``--template`` the miniatures take the template's theme colours and boxes, not its artwork.
Numbers are the plan's, so "slide 7" here is slide 7 of the deck and of the guide.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from generator.outputs import RenderInputs
from generator.outputs.deck.textfit import (
    CELL_MAR_X,
    CELL_MAR_Y,
    EMU_PER_PT,
    SMALL_PT,
    Box,
    DeckMetrics,
    Para,
    body_paras,
    cell_para,
    face,
    line_ratio,
    table_row_height,
    table_widths,
    title_para,
    wrap,
)
from generator.outputs.pdfbase import picture_reader, register_family
from generator.outputs.sheet import FOOTER_PT, Look, look, paper, render_sheet
from generator.plan import Plan, PlannedSlide
from generator.source.slide_kinds import KINDS

PER_PAGE = 3


def slide_colors(plan: Plan, metrics: DeckMetrics) -> dict[str, str]:
    """Return the miniature's colours by role: the practice's, or the template's theme's."""
    own = plan.practice.colors
    colors = {
        "text": own.text,
        "primary": own.primary,
        "accent": own.accent,
        "background": own.background,
    }
    if metrics.template is not None:
        colors.update(metrics.colors)
    colors["inverse"] = colors["background"]
    return colors


class Miniature:
    """Draws one slide at a given width, in slide points scaled down on the canvas."""

    def __init__(self, plan: Plan, metrics: DeckMetrics) -> None:
        self.plan = plan
        self.metrics = metrics
        self.colors = slide_colors(plan, metrics)
        self.fonts = (metrics.heading, metrics.body)
        self.families = (register_family(metrics.heading), register_family(metrics.body))
        self.width = metrics.slide_w / EMU_PER_PT
        self.height = metrics.slide_h / EMU_PER_PT
        # One reader per picture file: reportlab keeps the decoded pixels on the reader, so a
        # picture on several slides is decoded once (and embedded once, named by its pixels).
        self.pictures: dict[str, ImageReader] = {}

    def draw(self, canv: Canvas, s: PlannedSlide, x: float, y: float, width: float) -> None:
        """Draw slide ``s`` with its bottom-left corner at (x, y), ``width`` points wide."""
        k = width / self.width
        canv.saveState()
        canv.translate(x, y)
        canv.scale(k, k)
        path = canv.beginPath()
        path.rect(0, 0, self.width, self.height)
        canv.clipPath(path, stroke=0, fill=0)
        dark = KINDS[s.kind].dark  # as the deck draws them (the slide-kind table)
        canv.setFillColor(HexColor(self.colors["primary" if dark else "background"]))
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        region = KINDS[s.kind].title_region
        title = title_para(s.title, s.title_pt or 36, "inverse" if dark else "primary")
        self._paras(canv, [title], self.metrics.boxes[region], anchor="b")
        if not dark and "accent" in self.metrics.boxes:
            self._accent(canv, self.metrics.boxes["accent"])
        paras = body_paras(s, self.metrics, date=self.plan.date, step_start=self.plan.first_step(s))
        for name, content in paras.items():
            if content:
                self._paras(canv, content, self.metrics.boxes[name], anchor="t")
        if s.kind == "image" and s.image is not None:
            self._image(canv, s, self.metrics.boxes["image"])
        if s.kind == "table":
            self._table(canv, s, self.metrics.boxes["body"])
        self._furniture(canv, s, dark)
        canv.restoreState()
        canv.saveState()
        canv.setStrokeColor(HexColor("#8C9599"))
        canv.setLineWidth(0.6)
        canv.rect(x, y, width, self.height * k, stroke=1, fill=0)
        canv.restoreState()

    # ............................................................... pieces

    def _top(self, box: Box) -> float:
        """Return the y of ``box``'s top edge in the canvas's upward coordinates."""
        return self.height - box.top / EMU_PER_PT

    def _paras(self, canv: Canvas, paras: Sequence[Para], box: Box, anchor: str) -> None:
        """Draw ``paras`` in ``box`` as the deck wraps them, anchored at its top or bottom."""
        width = box.inner_w_pt
        laid = []
        total = 0.0
        for para in paras:
            run = para.runs[0]
            family = self.fonts[0] if run.heading else self.fonts[1]
            leading = para.size * line_ratio(str(face(family, False, False)))
            lines = wrap(para, width, self.fonts)
            laid.append((para, lines, leading))
            total += para.space_before + leading * len(lines)
        left = box.left / EMU_PER_PT + box.left_inset / EMU_PER_PT
        if anchor == "b":
            y = self._top(box) - box.height / EMU_PER_PT + box.bottom_inset / EMU_PER_PT + total
        else:
            y = self._top(box) - box.top_inset / EMU_PER_PT
        for para, lines, leading in laid:
            y -= para.space_before
            run = para.runs[0]
            name = self._face(run.heading, run.bold, run.italic)
            canv.setFillColor(HexColor(self.colors[para.color]))
            for i, line in enumerate(lines):
                y -= leading
                base = y + leading * 0.22
                x = left + para.mar_l + (para.indent if i == 0 and not para.bullet else 0)
                canv.setFont(name, para.size)
                if para.align == "ctr":
                    canv.drawCentredString(left + width / 2, base, line)
                elif para.align == "r":
                    canv.drawRightString(left + width, base, line)
                else:
                    canv.drawString(x, base, line)
                if i == 0 and para.bullet:
                    mark = f"{para.number}." if para.bullet == "#" else para.bullet
                    canv.setFillColor(HexColor(self.colors["primary"]))
                    canv.setFont(self._face(False, False, False), para.size)
                    canv.drawString(left + para.mar_l + para.indent, base, mark)
                    canv.setFillColor(HexColor(self.colors[para.color]))

    def _face(self, heading: bool, bold: bool, italic: bool) -> str:
        """Return the registered face name for a run's style."""
        family = self.families[0] if heading else self.families[1]
        suffix = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic"}
        return family + suffix.get((bold, italic), "-BoldItalic")

    def _accent(self, canv: Canvas, bar: Box) -> None:
        canv.setFillColor(HexColor(self.colors["accent"]))
        top = self._top(bar)
        canv.rect(bar.left / EMU_PER_PT, top - bar.height / EMU_PER_PT, bar.width / EMU_PER_PT,
                  bar.height / EMU_PER_PT, stroke=0, fill=1)  # fmt: skip

    def _table(self, canv: Canvas, s: PlannedSlide, box: Box) -> None:
        """Draw the slide's table in ``box`` with the widths and heights the deck uses."""
        size = s.body_pt or 24
        widths = table_widths(s.columns, s.rows, box, size, self.fonts)
        rows = [s.columns, *s.rows]
        heights = [
            table_row_height(cells, widths, size, self.fonts, header=r == 0)
            for r, cells in enumerate(rows)
        ]
        x0 = (box.left + box.left_inset) / EMU_PER_PT
        top = self._top(box) - box.top_inset / EMU_PER_PT
        for r, (cells, h) in enumerate(zip(rows, heights, strict=True)):
            x = x0
            canv.setFillColor(HexColor(self.colors["primary" if r == 0 else "background"]))
            canv.setStrokeColor(HexColor(self.colors["primary"]))
            canv.setLineWidth(1)
            canv.rect(x0, top - h, sum(widths), h, stroke=1, fill=1)
            for text, w in zip(cells, widths, strict=True):
                cell = Box(
                    int(x * EMU_PER_PT),
                    int((self.height - top) * EMU_PER_PT),
                    int(w * EMU_PER_PT),
                    int(h * EMU_PER_PT),
                    int(CELL_MAR_X * EMU_PER_PT),
                    int(CELL_MAR_X * EMU_PER_PT),
                    int(CELL_MAR_Y * EMU_PER_PT),
                    int(CELL_MAR_Y * EMU_PER_PT),
                )
                self._paras(canv, [cell_para(text, size, header=r == 0)], cell, anchor="t")
                x += w
            top -= h

    def _image(self, canv: Canvas, s: PlannedSlide, box: Box) -> None:
        """Draw the slide's picture inside ``box``, its proportions kept, centred."""
        w, h = box.width / EMU_PER_PT, box.height / EMU_PER_PT
        path = str(s.image)
        if path not in self.pictures:
            self.pictures[path] = picture_reader(path)  # the bytes, not the path: see there
        canv.drawImage(
            self.pictures[path],
            box.left / EMU_PER_PT,
            self._top(box) - h,
            w,
            h,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )

    def _furniture(self, canv: Canvas, s: PlannedSlide, dark: bool) -> None:
        """Draw the slide number in its box, as the deck shows it."""
        box = self.metrics.boxes.get("number")
        if box is None:
            return
        canv.setFillColor(HexColor(self.colors["inverse" if dark else "primary"]))
        canv.setFont(self._face(False, False, False), SMALL_PT)
        right = (box.left + box.width - box.right_inset) / EMU_PER_PT
        middle = self._top(box) - box.height / EMU_PER_PT / 2
        canv.drawRightString(right, middle - SMALL_PT * 0.35, str(s.number))


class SlideWithLines(Flowable):
    """One slide miniature with its number and ruled lines: beside it, or below in large print."""

    def __init__(
        self, mini: Miniature, slide: PlannedSlide, lk: Look, *, height: float, large: bool
    ) -> None:
        super().__init__()
        self.mini = mini
        self.slide = slide
        self.lk = lk
        self.row_height = height
        self.large = large

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the full width and the row's fixed height."""
        self.width = avail_width
        self.height = self.row_height
        return self.width, self.height

    def draw(self) -> None:
        """Draw the label, the miniature and the ruled lines."""
        canv, lk = self.canv, self.lk
        size = lk.styles["body"].fontSize
        label = f"Slide {self.slide.number}"
        ratio = self.mini.height / self.mini.width
        gap = size * 2.2  # room between ruled lines for handwriting
        canv.saveState()
        canv.setFillColor(HexColor(lk.colors.text))
        canv.setFont(f"{lk.body}-Bold", size)
        top = self.height - size
        canv.drawString(0, top, label)
        if self.large:
            mini_w = self.width
            mini_y = top - size * 0.6 - mini_w * ratio
            self.mini.draw(canv, self.slide, 0, mini_y, mini_w)
            lines_x, lines_top = 0.0, mini_y - gap
        else:
            mini_w = self.width * 0.52
            mini_y = top - size * 0.6 - mini_w * ratio
            self.mini.draw(canv, self.slide, 0, mini_y, mini_w)
            lines_x, lines_top = mini_w + 0.3 * inch, top - size * 0.6
        canv.setStrokeColor(HexColor(lk.colors.rule))
        canv.setLineWidth(0.7)
        y = lines_top - gap
        while y >= size * 0.5:
            canv.line(lines_x, y, self.width, y)
            y -= gap
        canv.restoreState()


def render(inputs: RenderInputs) -> bytes:
    """Return the slide handout's bytes (its row in :data:`generator.outputs.OUTPUTS`)."""
    return render_slide_handout(inputs.plan, inputs.metrics)


def render_slide_handout(plan: Plan, metrics: DeckMetrics | None) -> bytes:
    """Return the slide handout PDF of ``plan`` as reproducible bytes.

    ``metrics`` are the deck's (the plan was paginated with them, so numbers and text match the
    deck's). Large print (the audience's or ``--large-print``) gives one slide a page.
    """
    if metrics is None:
        raise ValueError("the slide handout needs the deck's metrics")
    large = plan.handout.large_print
    lk = look(plan, size=18 if large else 11)
    margin = (1.0 if large else 0.6) * inch
    pagesize = paper(plan)
    usable = pagesize[1] - 2 * margin - 2 * FOOTER_PT - 2  # the footer band, and slack
    per_page = 1 if large else PER_PAGE
    height = usable / per_page - 1
    mini = Miniature(plan, metrics)
    story = [SlideWithLines(mini, s, lk, height=height, large=large) for s in plan.slides]
    data, _ = render_sheet(
        plan,
        story,
        lk,
        label=f"Slide handout \u00b7 {plan.title}",
        subject=f"Slides of \u201c{plan.title}\u201d with room for notes",
        pagesize=pagesize,
        margin=margin,
    )
    return data
