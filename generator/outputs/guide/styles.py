"""The guide's look and a small story builder.

:class:`Story` escapes text for reportlab's paragraph markup and collects the guide's
flowables, keeping headings with the block that follows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from generator.outputs.markup import escape
from generator.outputs.pdfbase import OnceWrapped
from generator.source.model import Colors

BODY_PT = 11  # the guide is read at arm's length while presenting; never smaller than 11 pt
SMALL_PT = 10  # header and footer only; body text and table cells use BODY_PT
MUTED = colors.HexColor("#4A5458")  # dark grey: 7.6:1 on white, still calm
RULE = colors.HexColor("#C9D3D1")
SHADE = colors.HexColor("#EEF3F2")
FACILITATOR = colors.HexColor("#8A4B08")  # warm brown marks facilitator-only content


def make_styles(body: str, heading: str, palette: Colors) -> dict[str, ParagraphStyle]:
    """Return the guide's paragraph styles for the registered fonts ``body`` and ``heading``."""
    primary = colors.HexColor(palette.primary)
    text = colors.HexColor(palette.text)
    bold = f"{heading}-Bold"
    base = ParagraphStyle(
        "body",
        fontName=body,
        fontSize=BODY_PT,
        leading=BODY_PT * 1.35,
        bulletFontName=body,  # reportlab's default bullet font is an unembedded Helvetica
        bulletFontSize=BODY_PT,
        textColor=text,
        alignment=TA_LEFT,
        spaceAfter=4,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "title": derive(
            "title", fontName=bold, fontSize=26, leading=31, textColor=primary, spaceAfter=6
        ),
        "subtitle": derive("subtitle", fontSize=15, leading=19, textColor=MUTED, spaceAfter=14),
        "h1": derive(
            "h1",
            fontName=bold,
            fontSize=19,
            leading=23,
            textColor=primary,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": derive(
            "h2",
            fontName=bold,
            fontSize=14.5,
            leading=18,
            textColor=primary,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h3": derive(
            "h3",
            fontName=bold,
            fontSize=12,
            leading=15,
            textColor=text,
            spaceBefore=8,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "label": derive("label", fontName=f"{body}-Bold", spaceAfter=1, keepWithNext=1),
        "muted": derive("muted", textColor=MUTED),
        "nonotes": derive("nonotes", textColor=MUTED, leftIndent=12, spaceAfter=2),
        "meta": derive("meta", textColor=MUTED, spaceAfter=6, keepWithNext=1),
        "bullet": derive("bullet", leftIndent=16, bulletIndent=4, spaceAfter=2),
        "bullet2": derive("bullet2", leftIndent=32, bulletIndent=20, spaceAfter=2, textColor=MUTED),
        "number": derive("number", leftIndent=20, bulletIndent=2, spaceAfter=2),
        "facilitator": derive(
            "facilitator", textColor=FACILITATOR, leftIndent=16, bulletIndent=4, spaceAfter=2
        ),
        "slide": derive(
            "slide", fontName=f"{body}-Bold", spaceBefore=6, spaceAfter=1, keepWithNext=1
        ),
        "onscreen": derive("onscreen", leftIndent=12, textColor=MUTED, spaceAfter=1),
        "notes": derive("notes", leftIndent=12, spaceAfter=2),
        "ref": derive("ref", leftIndent=0.5 * inch, firstLineIndent=-0.5 * inch, spaceAfter=6),
        "refnote": derive("refnote", leftIndent=0.5 * inch, textColor=FACILITATOR, spaceAfter=8),
        "cell": derive("cell", fontSize=BODY_PT, leading=14, spaceAfter=0),
        "cellhead": derive(
            "cellhead",
            fontName=f"{body}-Bold",
            fontSize=BODY_PT,
            leading=14,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "cellcenter": derive(
            "cellcenter", fontSize=BODY_PT, leading=14, spaceAfter=0, alignment=TA_CENTER
        ),
        "cellheadc": derive(
            "cellheadc",
            fontName=f"{body}-Bold",
            fontSize=BODY_PT,
            leading=14,
            spaceAfter=0,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
        "cellbold": derive(
            "cellbold", fontName=f"{body}-Bold", fontSize=BODY_PT, leading=14, spaceAfter=0
        ),
    }


def markup(text: str) -> str:
    """Return ``text`` escaped for reportlab paragraph markup."""
    return escape(text)


@dataclass
class Story:
    """The flowables of the guide, and the styles its paragraphs are set in."""

    styles: dict[str, ParagraphStyle]
    primary: colors.Color = field(default_factory=lambda: colors.HexColor("#2F5D62"))
    flowables: list[Flowable] = field(default_factory=list)
    frame_height: float = float("inf")
    """The height of an empty page's frame: a table row taller than that breaks inside."""

    def p(self, text: str, style: str = "body", **kw: object) -> Paragraph:
        """Return a paragraph of plain ``text``."""
        return OnceWrapped(markup(text), self.styles[style], **kw)

    def rich(self, parts: Sequence[tuple[str, str]], style: str = "body") -> Paragraph:
        """Return a paragraph of ``(text, tag)`` parts; tag is "", "b" or "i"."""
        html = [f"<{tag}>{markup(text)}</{tag}>" if tag else markup(text) for text, tag in parts]
        return OnceWrapped("".join(html), self.styles[style])

    def add(self, *flowables: Flowable) -> None:
        """Append flowables to the story."""
        self.flowables.extend(flowables)

    def para(self, text: str, style: str = "body") -> None:
        """Append a paragraph of plain ``text``."""
        self.add(self.p(text, style))

    def labelled(self, label: str, text: str, style: str = "body") -> None:
        """Append ``text`` after a bold ``label``, e.g. "Goal: …"."""
        self.add(self.rich([(f"{label}: ", "b"), (text, "")], style))

    def bullets(self, items: Sequence[str], style: str = "bullet") -> None:
        """Append one bulleted paragraph per item."""
        for item in items:
            self.add(self.p(item, style, bulletText="•"))

    def numbered(self, items: Sequence[str]) -> None:
        """Append a numbered list."""
        for i, item in enumerate(items):
            self.add(self.p(item, "number", bulletText=f"{i + 1}."))

    def keep(self, flowables: Sequence[Flowable]) -> None:
        """Append flowables that must stay on one page, with the headings just before them.

        reportlab's ``keepWithNext`` does not reach into a ``KeepTogether``, so headings left
        waiting for their content are moved into the block here.
        """
        block = list(flowables)
        while self.flowables and self.flowables[-1].getKeepWithNext():
            block.insert(0, self.flowables.pop())
        self.add(KeepTogether(block))

    def gap(self, points: float = 6) -> None:
        """Append vertical space."""
        self.add(Spacer(1, points))
