"""Drawing pieces of the client handout: writing space with a form field, and the page footer.

Kept apart from :mod:`generator.outputs.handout.render` so that module reads as the handout's layout
and this one as how each piece is drawn.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
from dataclasses import dataclass
from pathlib import Path as FilePath
from types import ModuleType

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from generator.outputs.pdfbase import picture_reader
from generator.outputs.tagging import Node, Path, marked, record_link, record_widget

# Open-source reportlab cannot put a TrueType font in a form field (it raises ValueError), so
# typed answers use a standard PDF font; every printed word still uses the embedded TTF.
FIELD_FONT = "Helvetica"


def text_field(
    canv: Canvas,
    name: str,
    tooltip: str,
    box: tuple[float, float, float, float],
    *,
    size: float,
    color: str,
    multiline: bool,
) -> None:
    """Add a transparent, borderless text field over ``box`` (x, y, width, height, relative to
    the current drawing origin) that prints with the page; its tooltip is its visible label."""
    x, y, width, height = box
    canv.acroForm.textfield(
        name=name,
        tooltip=tooltip,
        value="",
        x=x,
        y=y,
        width=width,
        height=height,
        relative=True,
        fieldFlags="multiline doNotSpellCheck" if multiline else "doNotSpellCheck",
        annotationFlags="print",
        borderWidth=0,
        borderColor=None,
        fillColor=None,
        textColor=HexColor(color),
        fontName=FIELD_FONT,
        fontSize=size,
        maxlen=None,
    )


class WritingSpace(Flowable):
    """Ruled lines for a pen and, when ``form`` is set, a multi-line text field over them.

    The field is transparent and borderless so the rules show through; it is flagged to
    print, so typed answers appear on paper. Its tooltip is the prompt a screen reader or a
    tablet shows, and fields are created in reading order, which is the order viewers tab in.
    """

    def __init__(
        self,
        *,
        lines: int,
        gap: float,
        name: str,
        tooltip: str,
        form: bool,
        font_size: float,
        rule_color: str,
        text_color: str,
        tag: Path = (),
    ) -> None:
        super().__init__()
        self.tag = tag  # the path of the field's parent; the field is a Form element in it
        self.lines = lines
        self.gap = gap
        self.name = name
        self.tooltip = tooltip
        self.form = form
        self.font_size = font_size
        self.rule_color = rule_color
        self.text_color = text_color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the space taken: the full width, one ``gap`` per ruled line."""
        self.width = avail_width
        self.height = self.lines * self.gap
        return self.width, self.height

    def draw(self) -> None:
        """Draw the rules (lowest at the bottom edge, an artifact) and the field covering all of
        them (a Form element named by its tooltip)."""
        canv = self.canv
        with marked(canv, None):
            canv.saveState()
            canv.setStrokeColor(HexColor(self.rule_color))
            canv.setLineWidth(0.7)
            for i in range(self.lines):
                canv.line(0, i * self.gap, self.width, i * self.gap)
            canv.restoreState()
        if self.form:
            text_field(
                canv,
                self.name,
                self.tooltip,
                (0, 0, self.width, self.height),
                size=self.font_size,
                color=self.text_color,
                multiline=True,
            )
            record_widget(canv, self.name, (*self.tag, Node("Form")))


class TherapistBlock(Flowable):
    """ "Your therapist: ____  Phone: ____": whom to call, filled in by the therapist who gives
    the handout to their client (a consultant's handout goes to other therapists' clients).

    Two blanks on a rule; in the fillable version each blank is also a one-line text field,
    named per page (``therapist_name_1``, ``therapist_phone_1`` …) so that every page's block
    is its own field and the tab order stays page by page.
    """

    LABELS = ("Your therapist:", "Phone:")
    # The printed labels and blanks: one paragraph, or an artifact where the footer repeats.
    tag: Path | None = None

    def __init__(self, *, font: str, size: float, form: bool, text_color: str) -> None:
        super().__init__()
        self.font = font
        self.size = size
        self.form = form
        self.text_color = text_color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the space taken: the full width, one line with room to write above it."""
        self.width = avail_width
        self.height = self.size * 2.0
        return self.width, self.height

    def draw(self) -> None:
        """Draw both labels and their blanks; in a form, a text field over each blank."""
        canv = self.canv
        bold = f"{self.font}-Bold"
        gap = self.size * 0.4
        name_label, phone_label = self.LABELS
        name_w = stringWidth(name_label, bold, self.size)
        phone_w = stringWidth(phone_label, bold, self.size)
        # The name gets about 60 % of the line after the labels, the phone the rest.
        free = self.width - name_w - phone_w - 4 * gap
        blanks = ((name_w + gap, free * 0.6), (name_w + free * 0.6 + 3 * gap + phone_w, free * 0.4))
        baseline = self.size * 0.35
        with marked(canv, self.tag, "Pagination"):
            canv.saveState()
            canv.setFillColor(HexColor(self.text_color))
            canv.setFont(bold, self.size)
            canv.drawString(0, baseline, name_label + " ")
            canv.drawString(blanks[1][0] - gap - phone_w, baseline, phone_label)
            canv.setStrokeColor(HexColor(self.text_color))
            canv.setLineWidth(0.6)
            for x, w in blanks:
                canv.line(x, baseline - 2, x + w, baseline - 2)
            canv.restoreState()
        if self.form:
            page = canv.getPageNumber()
            for (x, w), what, label in zip(blanks, ("name", "phone"), self.LABELS, strict=True):
                name = f"therapist_{what}_{page}"
                text_field(
                    canv,
                    name,
                    label.rstrip(":"),
                    (x, baseline - 3, w, self.size * 1.5),
                    size=self.size,
                    color=self.text_color,
                    multiline=False,
                )
                # Every page's fields are real (each can be filled), so each is a Form element.
                record_widget(canv, name, (Node("Form"),))


@dataclass(frozen=True)
class Footer:
    """The band at the foot of every page: contact, disclaimer, crisis line, QR, page number.

    The contact lines stack on the left; on the right sit the QR code (when there is a
    website) and the page number; the crisis line runs below at the full width, so even in
    large print it takes few lines. Measure the band with :meth:`height` before laying out
    the page, so the content frame ends above it and the two can never overlap.
    """

    contact: tuple[Flowable, ...]
    crisis: Paragraph
    url: str | None
    qr_size: float
    label_font: str
    label_size: float
    rule_color: str
    text_color: str
    gap: float

    def _label_width(self) -> float:
        return stringWidth("Page 88 of 88", self.label_font, self.label_size)

    def _right_width(self) -> float:
        return max(self.qr_size if self.url else 0.0, self._label_width())

    def _right_height(self) -> float:
        return (self.qr_size + self.gap * 0.4 if self.url else 0.0) + self.label_size * 1.2

    def _contact_width(self, width: float) -> float:
        return width - self._right_width() - self.gap

    def _crisis_width(self, width: float) -> float:
        return width

    def _contact_height(self, width: float) -> float:
        heights = [p.wrap(self._contact_width(width), 10_000)[1] for p in self.contact]
        return sum(heights) + self.gap * 0.4 * (len(heights) - 1)

    def height(self, width: float) -> float:
        """Return the band's height for a content ``width``, from its top rule to its bottom."""
        top = max(self._contact_height(width), self._right_height())
        crisis = self.crisis.wrap(self._crisis_width(width), 10_000)[1]
        return self.gap + top + self.gap * 0.6 + crisis

    def draw(self, canv: Canvas, x: float, y: float, width: float, label: str, real: bool) -> None:
        """Draw the band with its bottom-left corner at (``x``, ``y``).

        The band repeats on every page, so a screen reader reads it once: where ``real`` (the
        last page) its contact lines, QR code and crisis line are tagged content, elsewhere
        artifacts. The rule and the page number are always artifacts; fields and links are
        always tagged, since each of them can be used on its own page.
        """
        top = y + self.height(width)
        canv.saveState()
        with marked(canv, None, "Pagination"):
            canv.setStrokeColor(HexColor(self.rule_color))
            canv.setLineWidth(0.8)
            canv.line(x, top, x + width, top)
        cursor = top - self.gap
        for p in self.contact:
            p.tag = (Node("P"),) if real else None
            _, h = p.wrap(self._contact_width(width), 10_000)
            p.drawOn(canv, x, cursor - h)
            cursor -= h + self.gap * 0.4
        cursor = top - self.gap
        if self.url:
            cursor -= self.qr_size
            link = Node("Link", contents=f"Website: {self.url}")
            figure = Node("Figure", alt=f"QR code linking to {self.url}")
            draw_qr(canv, self.url, x + width - self.qr_size, cursor, self.qr_size,
                    link=(link,), figure=(link, figure) if real else None)  # fmt: skip
            cursor -= self.gap * 0.4
        with marked(canv, None, "Pagination"):
            canv.setFillColor(HexColor(self.text_color))
            canv.setFont(self.label_font, self.label_size)
            canv.drawRightString(x + width, cursor - self.label_size, label)
        self.crisis.tag = (Node("P"),) if real else None
        self.crisis.wrap(self._crisis_width(width), 10_000)
        self.crisis.drawOn(canv, x, y)
        canv.restoreState()


@functools.cache
def _qrencoder() -> ModuleType:
    """Return reportlab's QR encoder module, loaded from its file on its own.

    Importing it the usual way runs ``reportlab.graphics.barcode``'s package file first, which
    imports every barcode and chart widget reportlab has (15 ms of a cold build, measured); the
    encoder itself needs only ``re`` and ``itertools``.
    """
    path = FilePath(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("_workshop_qrencoder", path)
    if spec is None or spec.loader is None or not path.is_file():
        from reportlab.graphics.barcode import qrencoder  # another layout: the usual way

        return qrencoder
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=8)
def qr_runs(url: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Return the QR code of ``url`` as rows of dark runs ``(first column, length)``.

    Encoded once per URL: the footer draws it on every page of both layout passes.
    """
    qrencoder = _qrencoder()
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(url)
    qr.make()
    rows = []
    for row in qr.modules:
        runs, c = [], 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            n = len(list(run))
            if dark:
                runs.append((c, n))
            c += n
        rows.append(tuple(runs))
    return tuple(rows)


def draw_qr(
    canv: Canvas,
    url: str,
    x: float,
    y: float,
    size: float,
    *,
    link: Path,
    figure: Path | None,
) -> None:
    """Draw a QR code for ``url`` in a ``size`` square at (x, y), with a link over it.

    The link annotation is the last element of ``link``; the code is drawn as the Figure at
    the end of ``figure`` (inside the link), or as an artifact when ``figure`` is None.

    Drawn as plain rectangles on the canvas (reportlab's graphics renderer would add an
    unembedded Helvetica to the page). The code keeps a quiet zone of four modules, so phone
    cameras read it from paper.
    """
    border = 4
    rows = qr_runs(url)
    box = size / (len(rows) + 2 * border)
    with marked(canv, figure, "Pagination"):
        canv.saveState()
        canv.setFillColor(HexColor("#FFFFFF"))
        canv.rect(x, y, size, size, stroke=0, fill=1)
        canv.setFillColor(HexColor("#000000"))
        for r, row in enumerate(rows):
            top = y + size - (r + border) * box
            for c, n in row:
                canv.rect(x + (c + border) * box, top - box, n * box, box, stroke=0, fill=1)
        canv.restoreState()
    canv.linkURL(url, (x, y, x + size, y + size), relative=1, thickness=0)
    record_link(canv, link)


class AltImage(Flowable):
    """A picture with its alt text, for screen readers and text extraction.

    The picture is a Figure element with its description as ``/Alt``; a decorative picture is
    an artifact, so assistive technology skips it.
    """

    def __init__(self, path: str, width: float, height: float, alt: str | None) -> None:
        super().__init__()
        self.path = path
        self.width = width
        self.height = height
        self.alt = alt
        self.tag: Path | None = None if alt is None else (Node("Figure", alt=alt),)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the picture's own size (scaled by the caller to fit the column)."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the picture inside its marked-content sequence."""
        image = picture_reader(self.path)  # the bytes, not the path: see picture_reader
        with marked(self.canv, self.tag):
            self.canv.drawImage(image, 0, 0, self.width, self.height, mask="auto")


class CheckCell(Flowable):
    """One tracker cell: a printed box and, when ``form`` is set, a check box over it.

    The field's tooltip names its row and column ("Walk, Mon"), so a screen reader or a
    tablet says which box it is; fields are created row by row, the order viewers tab in.
    """

    def __init__(
        self, *, size: float, name: str, tooltip: str, form: bool, color: str, tag: Path
    ) -> None:
        super().__init__()
        self.tag = tag  # the cell's path (ending in TD): the box is its content
        self.size = size
        self.name = name
        self.tooltip = tooltip
        self.form = form
        self.color = color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the box's square size, centred in the cell by the table."""
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        """Draw the box, then the check box field exactly over it."""
        canv = self.canv
        with marked(canv, self.tag):
            canv.saveState()
            canv.setStrokeColor(HexColor(self.color))
            canv.setLineWidth(1)
            canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)
            canv.restoreState()
        if self.form:
            canv.acroForm.checkbox(
                name=self.name,
                tooltip=self.tooltip,
                x=0,
                y=0,
                size=self.size,
                relative=True,
                buttonStyle="check",
                borderWidth=0,
                borderColor=None,
                fillColor=None,
                textColor=HexColor(self.color),
                forceBorder=False,
                checked=False,
                annotationFlags="print",
            )
            record_widget(canv, self.name, (*self.tag, Node("Form")))


class QRCode(Flowable):
    """A QR code of ``url`` as a flowable (a resource's web address)."""

    def __init__(self, url: str, size: float, parent: Path = ()) -> None:
        super().__init__()
        self.parent = parent
        self.url = url
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the code's square size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the code as a Figure inside a Link element, with the link over it."""
        link = (*self.parent, Node("Link", contents=f"Website: {self.url}"))
        figure = (*link, Node("Figure", alt=f"QR code linking to {self.url}"))
        draw_qr(self.canv, self.url, 0, 0, self.width, link=link, figure=figure)
