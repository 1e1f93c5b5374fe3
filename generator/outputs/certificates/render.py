"""Certificates of attendance (or of completion, with an approved sponsor): one landscape page
per participant, drawn with reportlab's canvas.

Every field comes finished from :class:`CertificateSet`: this module only lays it out. The
wording is decided by :func:`certificate_kind`: "Certificate of Attendance" unless the practice
profile names a sponsor *and* gives its approval statement; then "Certificate of Completion"
with credit hours and the statement printed word for word.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from generator.errors import RenderError
from generator.outputs.pdfbase import OnceWrapped, readable_on, register_family, render_reproducibly
from generator.source.fonts import FontFiles

PAPER = {"letter": landscape(LETTER), "a4": landscape(A4)}
SIGNATURE_LINE = 1.15 * inch
SIGNATURE_TOP = SIGNATURE_LINE + 0.62 * inch + 0.15 * inch
"""Nothing above the signature line may come lower than this (the image and a gap)."""


@dataclass(frozen=True)
class Recipient:
    """One participant who receives a certificate."""

    name: str
    licence: str | None = None


@dataclass(frozen=True)
class CertificateSet:
    """Everything printed on the certificates of one session, finished text only."""

    heading: str
    """'Certificate of Attendance' or 'Certificate of Completion'."""
    verb: str
    """'attended' or 'completed'."""
    program: str
    date: str
    format: str
    hours: str
    """E.g. '1.25 instructional hours (breaks excluded)' or '1.25 credit hours'."""
    presenter: str
    provider: str
    sponsor_statement: str | None
    approval_number: str | None
    signature: Path | None
    signer: str
    fonts: FontFiles
    primary: str
    text: str
    paper: str
    language: str
    author: str


def _styles(font: str, bold: str, colour: str, heading: str) -> dict[str, ParagraphStyle]:
    centred = {"alignment": TA_CENTER, "textColor": HexColor(colour)}
    return {
        "program": ParagraphStyle("program", fontName=bold, fontSize=20, leading=24, **centred),
        "statement": ParagraphStyle(
            "statement", fontName=font, fontSize=9.5, leading=12, **centred
        ),
        "statement-8.5": ParagraphStyle(
            "statement-8.5", fontName=font, fontSize=8.5, leading=10.5, **centred
        ),
        "statement-7.5": ParagraphStyle(
            "statement-7.5", fontName=font, fontSize=7.5, leading=9.2, **centred
        ),
        "name": ParagraphStyle(
            "name",
            fontName=bold,
            fontSize=30,
            leading=34,
            alignment=TA_CENTER,
            textColor=HexColor(heading),
        ),  # fmt: skip
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Page:
    """Draws certificate pages for one :class:`CertificateSet` onto canvases."""

    def __init__(self, cert: CertificateSet) -> None:
        self.cert = cert
        self.font = register_family(cert.fonts)
        self.bold = f"{self.font}-Bold"
        self.heading_colour = readable_on(cert.primary, "#FFFFFF", cert.text)
        self.styles = _styles(self.font, self.bold, cert.text, self.heading_colour)
        self.width, self.height = PAPER[cert.paper]
        self.signature = ImageReader(str(cert.signature)) if cert.signature else None

    def canvas(self, buffer: io.BytesIO, title: str) -> Canvas:
        """Return a canvas writing into ``buffer`` with the document's metadata set."""
        canvas = Canvas(
            buffer,
            pagesize=(self.width, self.height),
            invariant=1,
            initialFontName=self.font,
            initialFontSize=12,
            lang=self.cert.language,
        )
        canvas.setTitle(title)
        canvas.setAuthor(self.cert.author)
        canvas.setSubject(f"{self.cert.heading}: {self.cert.program}")
        canvas.setCreator("workshop-kit")
        return canvas

    def _centred(self, canvas: Canvas, text: str, y: float, size: float, bold: bool = False,
                 colour: str | None = None) -> None:  # fmt: skip
        canvas.setFont(self.bold if bold else self.font, size)
        canvas.setFillColor(HexColor(colour or self.cert.text))
        canvas.drawCentredString(self.width / 2, y, text)

    def _paragraph(self, canvas: Canvas, text: str, style: str, top: float, width: float) -> float:
        """Draw ``text`` centred with its top at ``top``; return its bottom."""
        para = OnceWrapped(_escape(text), self.styles[style])
        _, height = para.wrap(width, self.height)
        para.drawOn(canvas, (self.width - width) / 2, top - height)
        return top - height

    def draw(self, canvas: Canvas, person: Recipient) -> None:
        """Draw one certificate page for ``person`` and end the page."""
        cert, w, h = self.cert, self.width, self.height
        canvas.setStrokeColor(HexColor(self.heading_colour))
        canvas.setLineWidth(2.5)
        canvas.rect(0.4 * inch, 0.4 * inch, w - 0.8 * inch, h - 0.8 * inch)
        canvas.setLineWidth(0.75)
        canvas.rect(0.5 * inch, 0.5 * inch, w - 1.0 * inch, h - 1.0 * inch)

        y = h - 1.1 * inch
        # With a sponsor's statement to print, the blocks sit closer to leave it room.
        gap = inch * (0.72 if cert.sponsor_statement else 1.0)
        self._centred(canvas, cert.provider, y, 13)
        y -= 0.85 * gap
        self._centred(canvas, cert.heading, y, 34, bold=True, colour=self.heading_colour)
        y -= 0.7 * gap
        self._centred(canvas, "This certifies that", y, 14)
        y -= 0.22 * gap
        y = self._paragraph(canvas, person.name, "name", y, w - 2.4 * inch)
        if person.licence:
            y -= 0.3 * gap
            self._centred(canvas, f"Licence: {person.licence}", y, 12)
        y -= 0.6 * gap
        self._centred(canvas, f"{cert.verb} the {cert.format} program", y, 14)
        y -= 0.18 * gap
        y = self._paragraph(canvas, cert.program, "program", y, w - 2.6 * inch)
        y -= 0.5 * gap
        self._centred(canvas, f"on {cert.date} \u00b7 {cert.hours}", y, 13)
        y -= 0.34 * gap
        self._centred(canvas, f"Presented by {cert.presenter}", y, 13)
        if cert.sponsor_statement:
            y -= 0.3 * inch
            style = self._statement_style(y, w - 3.6 * inch)
            y = self._paragraph(canvas, cert.sponsor_statement, style, y, w - 3.6 * inch)
            if cert.approval_number:
                y -= 0.2 * inch
                self._centred(canvas, f"Approval number: {cert.approval_number}", y, 9.5)
        self._signature(canvas)
        canvas.showPage()

    def _statement_style(self, top: float, width: float) -> str:
        """Return the largest statement style (9.5, 8.5 or 7.5 pt) whose text fits between
        ``top`` and the signature; raise RenderError when even the smallest does not."""
        room = top - SIGNATURE_TOP - (0.3 * inch if self.cert.approval_number else 0)
        text = _escape(self.cert.sponsor_statement or "")
        for name in ("statement", "statement-8.5", "statement-7.5"):
            if OnceWrapped(text, self.styles[name]).wrap(width, self.height)[1] <= room:
                return name
        words = len(text.split())
        raise RenderError(
            f"The sponsor's approval statement ({words} words) does not fit on a certificate "
            "page even in 7.5 pt type. Check that approval_statement in the practice profile "
            "holds only the statement the sponsor asks to print."
        )

    def _signature(self, canvas: Canvas) -> None:
        """Draw the signature (image when given) over a line, with the signer's name."""
        line_y = SIGNATURE_LINE
        left, right = self.width / 2 - 1.7 * inch, self.width / 2 + 1.7 * inch
        if self.signature is not None:
            canvas.drawImage(
                self.signature, left, line_y + 2, right - left, 0.62 * inch,
                mask="auto", preserveAspectRatio=True, anchor="s",
            )  # fmt: skip
        canvas.setStrokeColor(HexColor(self.cert.text))
        canvas.setLineWidth(0.6)
        canvas.line(left, line_y, right, line_y)
        self._centred(canvas, self.cert.signer, line_y - 15, 11)


def render_certificates(cert: CertificateSet, people: list[Recipient]) -> tuple[bytes, list[bytes]]:
    """Return one PDF with a page per person, and each person's own one-page PDF, in the order
    of ``people``; identical bytes for identical input."""
    page = _Page(cert)

    def draw_all(buffer: io.BytesIO) -> None:
        canvas = page.canvas(buffer, f"{cert.heading}s: {cert.program}")
        for person in people:
            page.draw(canvas, person)
        canvas.save()

    # Page contents compressed with Flate alone (not also ASCII85, reportlab's default): a
    # third smaller, and what split_pages can copy from page to page.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        combined = render_reproducibly(draw_all)
    finally:
        rl_config.useA85 = previous
    titles = [f"{cert.heading}: {person.name}" for person in people]
    return combined, split_pages(combined, titles, cert)


def split_pages(combined: bytes, titles: list[str], cert: CertificateSet) -> list[bytes]:
    """Return each page of ``combined`` as a one-page PDF titled from ``titles``.

    Rendering each person's PDF again costs a font subset and a full serialisation per file
    (3.2 s of CPU for 500 people, measured); here the first page, with the fonts and images
    every page shares, is copied once, and only its content stream changes from file to file
    (0.6 s). The fonts hold the glyphs of every name, never the names: a person's file shows
    only their own.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(combined))
    shared = reader.pages[0].get("/Resources") if reader.pages else None
    writer = PdfWriter()
    writer.root_object[NameObject("/Lang")] = TextStringObject(cert.language)
    template = writer.add_page(reader.pages[0]) if reader.pages else None
    files = []
    for source, title in zip(reader.pages, titles, strict=True):
        if source.get("/Resources") == shared and template is not None:
            own, target = writer, template
        else:  # a page with resources of its own (reportlab shares them; kept for safety)
            own = PdfWriter()
            own.root_object[NameObject("/Lang")] = TextStringObject(cert.language)
            target = own.add_page(source)
        contents = target["/Contents"].get_object()
        contents.set_data(source["/Contents"].get_object().get_data())
        own.add_metadata(
            {
                "/Title": title,
                "/Author": cert.author,
                "/Subject": f"{cert.heading}: {cert.program}",
                "/Creator": "workshop-kit",
            }
        )
        buffer = io.BytesIO()
        own.write(buffer)
        files.append(buffer.getvalue())
    return files
