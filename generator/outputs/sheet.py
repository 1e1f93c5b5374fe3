"""What the training paperwork shares: the evaluation, the sign-in sheet and the announcement.

Each is a short participant-facing PDF on the handout's paper, in the practice's embedded fonts
and in the handout's colours (brand headings only where they stay readable on white paper).
:func:`render_sheet` lays a story out on pages with a footer that names the document, the
practitioner and the page, and returns reproducible bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from generator.outputs.handout.render import Palette, palette
from generator.outputs.markup import escape
from generator.outputs.pdfbase import OnceWrapped, register_family, render_reproducibly
from generator.plan import Plan
from generator.source import safety
from generator.source.fonts import font_files

MARGIN = 0.75 * inch
FOOTER_PT = 9.5


@dataclass(frozen=True)
class Look:
    """The registered fonts, colours and paragraph styles of one sheet."""

    body: str
    heading: str
    colors: Palette
    styles: dict[str, ParagraphStyle]

    def p(self, text: str, style: str = "body") -> OnceWrapped:
        """Return a paragraph of plain ``text`` (escaped for reportlab's markup)."""
        return OnceWrapped(escape(text), self.styles[style])

    def rich(self, markup: str, style: str = "body") -> OnceWrapped:
        """Return a paragraph of ``markup`` already escaped, with ``<b>``/``<i>`` tags."""
        return OnceWrapped(markup, self.styles[style])


def look(plan: Plan, size: float = 11) -> Look:
    """Return the sheet's look for ``plan`` with body text of ``size`` points."""
    practice = plan.practice
    body = register_family(font_files(practice.fonts.body, practice, plan.practice_dir))
    heading = register_family(font_files(practice.fonts.heading, practice, plan.practice_dir))
    c = palette(plan)
    text, accent = HexColor(c.text), HexColor(c.heading)
    base = ParagraphStyle(
        "body",
        fontName=body,
        fontSize=size,
        leading=size * 1.3,
        textColor=text,
        alignment=TA_LEFT,
        bulletFontName=body,  # reportlab's default bullet font is an unembedded Helvetica
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    bold = f"{heading}-Bold"
    styles = {
        "body": base,
        "title": derive(
            "title", fontName=bold, fontSize=size * 2, leading=size * 2.35, textColor=accent
        ),
        "subtitle": derive("subtitle", fontSize=size * 1.25, leading=size * 1.6, spaceAfter=4),
        "h2": derive(
            "h2",
            fontName=bold,
            fontSize=size * 1.3,
            leading=size * 1.6,
            textColor=accent,
            spaceBefore=size * 0.9,
            spaceAfter=size * 0.3,
            keepWithNext=1,
        ),
        "bold": derive("bold", fontName=f"{body}-Bold"),
        "small": derive("small", fontSize=size * 0.9, leading=size * 1.15),
        "cell": derive("cell", fontSize=size * 0.95, leading=size * 1.2),
        "cellhead": derive(
            "cellhead", fontName=f"{body}-Bold", fontSize=size * 0.95, leading=size * 1.2
        ),
        "bullet": derive("bullet", leftIndent=size * 1.2, bulletIndent=size * 0.3, spaceAfter=2),
    }
    return Look(body, heading, c, styles)


def paper(plan: Plan, *, turned: bool = False) -> tuple[float, float]:
    """Return the handout's paper size (letter or A4), in landscape when ``turned``."""
    size = A4 if plan.handout.paper == "a4" else LETTER
    return landscape(size) if turned else size


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    lk: Look,
    *,
    header: bool = True,
    heights: Sequence[float | None] | None = None,
) -> Table:
    """Return a plain table: light rules, cells that wrap, a tinted header row repeated.

    ``heights`` fixes row heights (None for a row that takes what it needs).
    """
    t = Table(
        rows,
        colWidths=list(widths),
        rowHeights=list(heights) if heights else None,
        repeatRows=1 if header else 0,
        hAlign="LEFT",
    )
    style = [
        # Table cells default to Helvetica even when they hold only paragraphs: name ours.
        ("FONT", (0, 0), (-1, -1), lk.body, lk.styles["cell"].fontSize),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor(lk.colors.rule)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(lk.colors.tint)))
    t.setStyle(TableStyle(style))
    return t


def session_format(plan: Plan) -> str | None:
    """Return how the session meets ("in person", "live online"): the audience's, else the
    profile's; None when neither says."""
    own = plan.audience.format if plan.audience else None
    return own or plan.practice.format


def objectives(plan: Plan) -> list[str]:
    """Return the learning objectives participants see (none marked facilitator-only)."""
    return [o.text for o in plan.objectives if not o.facilitator_only]


def render_sheet(
    plan: Plan,
    story: list[Flowable],
    lk: Look,
    *,
    label: str,
    subject: str,
    pagesize: tuple[float, float],
    margin: float = MARGIN,
    on_page: Callable[[Canvas], None] | None = None,
) -> tuple[bytes, int]:
    """Return the PDF of ``story`` and its page count.

    Every page ends with a footer: ``label`` and the practitioner on the left, the page number
    on the right. ``on_page`` may draw more on each page (after the content).
    """
    width, height = pagesize
    bottom = margin + FOOTER_PT * 2
    frame = Frame(
        margin,
        bottom,
        width - 2 * margin,
        height - margin - bottom,
        id="content",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    who = safety.practitioner_line(plan.practice)

    def footer(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setStrokeColor(HexColor(lk.colors.rule))
        canv.setLineWidth(0.6)
        canv.line(margin, margin + FOOTER_PT * 1.4, width - margin, margin + FOOTER_PT * 1.4)
        canv.setFillColor(HexColor(lk.colors.text))
        canv.setFont(lk.body, FOOTER_PT)
        canv.drawString(margin, margin, f"{label} \u00b7 {who}")
        canv.drawRightString(width - margin, margin, f"Page {doc.page}")
        canv.restoreState()
        if on_page is not None:
            on_page(canv)

    pages = 0

    def draw(buffer: io.BytesIO) -> None:
        nonlocal pages
        doc = BaseDocTemplate(
            buffer,
            pagesize=pagesize,
            pageTemplates=[PageTemplate("page", [frame], onPageEnd=footer)],
            title=f"{plan.title} \u2014 {label}",
            author=who,
            subject=subject,
            keywords=list(plan.outline.keywords),
            creator="workshop-kit",
            lang=plan.outline.language,
            displayDocTitle=True,
            # The canvas opens every page with a font; make it the embedded one, never Helvetica.
            initialFontName=lk.body,
            initialFontSize=lk.styles["body"].fontSize,
            invariant=1,
        )
        doc.build(story)
        pages = doc.page

    data = render_reproducibly(draw)
    return data, pages
