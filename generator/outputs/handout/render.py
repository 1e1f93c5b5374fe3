"""The client handout: one or two printable, fillable pages of plain-language psychoeducation.

Reading order on the page follows the evidence on patient materials (CDC Clear Communication
Index, AHRQ PEMAT): the main message first, what to know, one practice in numbered steps,
reflection prompts with room to write, a closing thought, then the source. Every page ends with
whom to contact, a one-line disclaimer and the crisis line for the profile's locale at body size
(:mod:`generator.source.safety`), in a footer band measured before the page is laid out so
content can never run into it.

Standard print is 12 pt body on 0.75-inch margins; large print is 18 pt body on 1-inch margins,
one column (APH, University of Montana large-print spec), and may run to more pages.

Whom to contact depends on who hands the handout out (``plan.handout.given_by``): the
practitioner's own clients see the practitioner's contact details and QR code; the clients of
the therapists attending a consultation group or training see a "Your therapist: ____
Phone: ____" block (fillable in the form version), and the consultant is credited only as the
author, so a client in distress is never sent to a stranger. The full disclaimer is printed
once, at body size. A couples handout adds the partner-violence caveat and the locale's
domestic violence line before its practices.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image as PILImage
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    ListItem,
    PageTemplate,
    Spacer,
    TableStyle,
)

from generator.outputs import RenderInputs
from generator.outputs.handout.parts import (
    AltImage,
    CheckCell,
    Footer,
    QRCode,
    TherapistBlock,
    WritingSpace,
)
from generator.outputs.markup import escape
from generator.outputs.pdfbase import (
    BreakableTable,
    mix,
    readable_on,
    register_family,
    render_reproducibly,
)
from generator.outputs.tagging import (
    ArtifactTable,
    Node,
    Recorder,
    TaggedList,
    TaggedParagraph,
    TaggingCanvas,
    add_structure,
    list_item_paths,
)
from generator.plan import Plan
from generator.plan.references import apa_text
from generator.source import safety
from generator.source.fonts import font_files

PAPER = {"letter": LETTER, "a4": A4}
WHITE = "#FFFFFF"
BLACK = "#000000"


@dataclass(frozen=True)
class Sizes:
    """Type sizes (pt) and spacing for one print size."""

    body: float
    title: float
    heading: float
    message: float
    footer: float
    crisis: float
    margin: float
    rule_gap: float
    qr: float


# The crisis line is never smaller than the body text (12 pt; 18 pt in large print).
STANDARD = Sizes(
    body=12, title=24, heading=16, message=15, footer=10, crisis=12,
    margin=0.75 * inch, rule_gap=26, qr=0.75 * inch,
)  # fmt: skip
# Large print is read by people with low vision: the crisis line stays at the 18 pt body size,
# and the contact lines shrink no further than 14 pt.
LARGE = Sizes(
    body=18, title=30, heading=22, message=21, footer=14, crisis=18,
    margin=1.0 * inch, rule_gap=34, qr=0.9 * inch,
)  # fmt: skip


@dataclass(frozen=True)
class Palette:
    """Colours as #RRGGBB, each checked for contrast on white paper."""

    text: str
    heading: str
    tint: str
    rule: str


def palette(plan: Plan) -> Palette:
    """Return the handout colours: brand headings only where they stay readable on white.

    Meaning is never carried by colour alone (headings are also bold and larger), so the
    page reads the same printed in greyscale.
    """
    colors = plan.practice.colors
    text = readable_on(colors.text, WHITE, BLACK, 7.0)
    heading = readable_on(colors.primary, WHITE, text, 4.5)
    return Palette(
        text=text,
        heading=heading,
        # A very light tint keeps dark text well above 7:1 even when printed in grey.
        tint=mix(heading, WHITE, 0.9),
        rule=mix(text, WHITE, 0.55),
    )


def handout_title(plan: Plan) -> str:
    """Return the handout's title: its own, or the workshop's."""
    return plan.handout.content.title or plan.outline.title


class _Styles:
    """Paragraph styles for one font family, size set and palette."""

    def __init__(self, font: str, s: Sizes, c: Palette) -> None:
        def style(name: str, **kw: object) -> ParagraphStyle:
            base = dict(
                fontName=font, fontSize=s.body, leading=s.body * 1.4, alignment=TA_LEFT,
                textColor=HexColor(c.text), allowWidows=0, allowOrphans=0,
            )  # fmt: skip
            base.update(kw)
            return ParagraphStyle(name, **base)

        bold = f"{font}-Bold"
        self.title = style("title", fontName=bold, fontSize=s.title, leading=s.title * 1.2,
                           textColor=HexColor(c.heading), spaceAfter=s.body * 0.9)  # fmt: skip
        self.message = style("message", fontName=bold, fontSize=s.message,
                             leading=s.message * 1.35)  # fmt: skip
        self.heading = style("heading", fontName=bold, fontSize=s.heading,
                             leading=s.heading * 1.25, textColor=HexColor(c.heading),
                             spaceBefore=s.body * 1.5, spaceAfter=s.body * 0.5,
                             keepWithNext=1)  # fmt: skip
        self.idea_heading = style("idea-heading", fontName=bold, keepWithNext=1,
                                  spaceBefore=s.body * 0.5)  # fmt: skip
        self.body = style("body", spaceAfter=s.body * 0.3)
        self.prompt = style("prompt", fontName=bold, spaceBefore=s.body * 0.6,
                            spaceAfter=s.body * 0.1, keepWithNext=1)  # fmt: skip
        self.closing = style("closing", fontName=bold, fontSize=s.message,
                             leading=s.message * 1.35, textColor=HexColor(c.heading),
                             spaceBefore=s.body * 1.5)  # fmt: skip
        self.credit = style("credit", fontSize=s.footer, leading=s.footer * 1.35,
                            spaceBefore=s.body * 1.2)  # fmt: skip
        self.footer = style("footer", fontSize=s.footer, leading=s.footer * 1.3)
        self.crisis = style("crisis", fontName=bold, fontSize=s.crisis, leading=s.crisis * 1.3)
        self.box_heading = style("box-heading", fontName=bold, fontSize=s.heading,
                                 leading=s.heading * 1.25, textColor=HexColor(c.heading),
                                 spaceAfter=s.body * 0.4)  # fmt: skip
        self.box_crisis = style("box-crisis", fontName=bold, spaceBefore=s.body * 0.6)
        self.caption = style("caption", fontSize=s.footer, leading=s.footer * 1.35,
                             spaceBefore=s.body * 0.3)  # fmt: skip
        self.cell = style("cell", leading=s.body * 1.2)
        self.grid_item = style("grid-item", leftIndent=s.body * 1.2, bulletIndent=s.body * 0.2,
                               bulletFontName=bold, bulletFontSize=s.body,
                               bulletColor=HexColor(c.heading))  # fmt: skip
        self.cellhead = style("cellhead", fontName=bold, leading=s.body * 1.2, alignment=1)
        self.note = style("note", spaceAfter=s.body * 0.3)
        self.note_heading = style("note-heading", fontName=bold, keepWithNext=1)


def _p(text: str, style: ParagraphStyle, *path: Node) -> TaggedParagraph:
    """Return a paragraph of plain ``text``, tagged with ``path`` (default: one P)."""
    return _markup(escape(text), style, *path)


def _markup(markup: str, style: ParagraphStyle, *path: Node) -> TaggedParagraph:
    """Return a paragraph of reportlab ``markup``, tagged with ``path`` (default: one P)."""
    para = TaggedParagraph(markup, style)
    para.tag = path or (Node("P"),)
    return para


class _PageTable(ArtifactTable, BreakableTable):
    """A table drawn as decoration (its fills and lines are artifacts) whose row taller than a
    page breaks across pages instead of raising LayoutError: the message box, a resource
    beside its QR code, the tracker."""


def _message_box(
    text: str | list, st: _Styles, s: Sizes, c: Palette, page: float = float("inf")
) -> ArtifactTable:
    """Return the main message (or a list of flowables) in a lightly tinted box with a bar on
    its left edge (the box is an artifact, its text tagged).

    ``page`` is the height of an empty page's frame: a longer message breaks across pages.
    """
    content = text if isinstance(text, list) else [_p(text, st.message)]
    box = _PageTable([[content]], colWidths=["100%"], frame_height=page)
    pad = s.body * 0.9
    box.setStyle(
        TableStyle(
            [
                # The table's own default font is Helvetica; name ours so none is referenced.
                ("FONT", (0, 0), (-1, -1), st.message.fontName, s.message),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(c.tint)),
                ("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(c.heading)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return box


def _bullets(
    items: list[str], st: _Styles, s: Sizes, c: Palette, numbered: bool = False
) -> TaggedList:
    """Return a bulleted (or numbered) list in the body style, tagged L › LI › Lbl + LBody."""
    lst = Node("L")
    bodies = []
    for item in items:
        label, body = list_item_paths((), lst)
        para = _p(item, st.body, *body)
        para.label = label
        bodies.append(para)
    if numbered:
        listed = [ListItem(b, value=i) for i, b in enumerate(bodies, start=1)]
        kind = {"bulletType": "1", "bulletFormat": "%s.", "bulletDedent": s.body * 1.8}
    else:
        listed = [ListItem(b) for b in bodies]
        kind = {"bulletType": "bullet", "start": "\u2022", "bulletDedent": s.body * 1.2}
    return TaggedList(
        listed,
        bulletFontName=st.body.fontName + "-Bold",
        bulletFontSize=s.body,
        bulletColor=HexColor(c.heading),
        leftIndent=s.body * 1.8,
        spaceBefore=s.body * 0.2,
        **kind,
    )


def _short_list(items: list[str], st: _Styles, s: Sizes, c: Palette, width: float):
    """Return short bulleted items in two columns, or a plain bulleted list when one is long.

    Items that each fit on one line of half the column (warning signs, small habits) read as
    well side by side and take half the height; they are placed row by row, so the order in
    which they are read aloud or extracted is the order written.
    """
    half = width / 2 - s.body * 1.2 - 6
    if len(items) < 4 or any(stringWidth(i, st.body.fontName, s.body) > half for i in items):
        return _bullets(items, st, s, c)
    # Still one list to a screen reader: L › LI › LBody, the bullet drawn with the item's text.
    lst = Node("L")
    cells = []
    for item in items:
        cell = TaggedParagraph(escape(item), st.grid_item, bulletText="\u2022")
        cell.tag = list_item_paths((), lst)[1]
        cells.append(cell)
    if len(cells) % 2:
        cells.append(TaggedParagraph("", st.grid_item))  # untagged: an artifact (draws nothing)
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    grid = ArtifactTable(rows, colWidths=[width / 2, width / 2], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.body.fontName, s.body),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), s.body * 0.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return grid


def _key_ideas(plan: Plan, st: _Styles, s: Sizes, c: Palette, width: float) -> list:
    """Return "What to know": each idea's heading with its text and its bulleted points."""
    out: list = [_p("What to know", st.heading, Node("H2"))]
    for idea in plan.handout.content.key_ideas:
        block = [_p(idea.heading, st.idea_heading, Node("H3"))]
        if idea.text:
            block.append(_p(idea.text, st.body))
        if idea.points:
            block.append(_short_list(list(idea.points), st, s, c, width))
        out.append(KeepTogether(block))
    return out


def _image(plan: Plan, width: float, st: _Styles) -> list:
    """Return the handout's picture, scaled to its share of the column, and its caption."""
    image = plan.handout.content.image
    if image is None or plan.handout.image is None:
        return []
    with PILImage.open(plan.handout.image) as img:
        pw, ph = img.size
    w = width * image.width
    h = w * ph / pw
    alt = None if image.decorative else (image.alt or "")
    block: list = [AltImage(str(plan.handout.image), w, h, alt)]
    if image.caption:
        block.append(_p(image.caption, st.caption))
    return [KeepTogether(block)]


def _partner_violence(plan: Plan, st: _Styles, s: Sizes, c: Palette) -> list:
    """Return the couples caveat and the locale's domestic violence line, in a box (couples
    handouts only): it comes just before the practices, which must be skipped where a partner
    is unsafe."""
    if not plan.handout.couples:
        return []
    box = [
        _p("If a partner hurts you", st.note_heading, Node("H2")),
        _p(safety.PARTNER_VIOLENCE, st.note),
        _p(safety.domestic_violence_line(plan.practice), st.note_heading),
    ]
    return [Spacer(1, s.body * 1.5), _message_box(box, st, s, c)]


def _practices(plan: Plan, st: _Styles, s: Sizes, c: Palette, width: float, room: float) -> list:
    """Return each try-this practice with its numbered steps, one block per practice.

    A practice whose heading and intro are taller than a page (``room``, at ``width``) is not
    kept together: reportlab looped for ever over such a heading inside a KeepTogether."""
    out = []
    for t in plan.handout.content.practices:
        practice = [_p(f"Try this: {t.title}", st.heading, Node("H2"))]
        if t.intro:
            practice.append(_p(t.intro, st.body))
        practice.append(_bullets(list(t.steps), st, s, c, numbered=True))
        # The heading and intro measured (the list cannot be before it is drawn).
        if sum(f.wrap(width, room)[1] for f in practice[:-1]) > room:
            practice[0].keepWithNext = False
            out += practice
            continue
        # Steps read best on one page.
        out.append(KeepTogether(practice))
    return out


def _tracker(plan: Plan, st: _Styles, s: Sizes, c: Palette, width: float, room: float) -> list:
    """Return the tracker: a table with a box per cell, a check box field in the fillable PDF."""
    tracker = plan.handout.content.tracker
    if tracker is None:
        return []
    block: list = [_p(tracker.title, st.heading, Node("H2"))]
    if tracker.intro:
        block.append(_p(tracker.intro, st.body))
    label_w = min(width * 0.42, max(stringWidth(r, st.body.fontName, s.body) for r in tracker.rows)
                  + s.body * 1.2)  # fmt: skip
    col_w = (width - label_w) / len(tracker.columns)
    box = s.body * 1.1
    # Table › TR › TH (column heads, row labels) and TD (a box each, its field a Form in it).
    grid = Node("Table")
    head = Node("TR")
    rows: list[list] = [
        [_p("", st.cell, grid, head, Node("TD"))]
        + [_p(col, st.cellhead, grid, head, Node("TH", scope="Column")) for col in tracker.columns]
    ]
    for r, label in enumerate(tracker.rows, start=1):
        tr = Node("TR")
        row: list = [_p(label, st.cell, grid, tr, Node("TH", scope="Row"))]
        for k, col in enumerate(tracker.columns, start=1):
            row.append(
                CheckCell(
                    size=box,
                    name=f"tracker_{r}_{k}",
                    tooltip=f"{label}, {col}",
                    form=plan.handout.form,
                    color=c.text,
                    tag=(grid, tr, Node("TD")),
                )
            )
        rows.append(row)
    widths = [label_w] + [col_w] * len(tracker.columns)
    table = _PageTable(rows, colWidths=widths, repeatRows=1, frame_height=room)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.cell.fontName, s.body),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, HexColor(c.rule)),
                ("TOPPADDING", (0, 0), (-1, -1), s.body * 0.35),
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.body * 0.35),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    block.append(table)
    return [KeepTogether(block)]


def _get_help(plan: Plan, st: _Styles, s: Sizes, c: Palette, width: float, room: float) -> list:
    """Return the "when to get help" box: signs, what to do, and the crisis line, on one page.

    One table cell cannot split, so the box and its crisis line always print together. A box
    taller than a whole page (very long signs in large print) cannot be kept on one: it is
    then printed without its frame, its heading kept with the first signs.
    """
    help_ = plan.handout.content.get_help
    if help_ is None:
        return []
    inner: list = [_p(help_.heading, st.box_heading, Node("H2"))]
    if help_.intro:
        inner.append(_p(help_.intro, st.body))
    inner.append(_p("Watch for:", st.idea_heading, Node("H3")))
    inner.append(_short_list(list(help_.signs), st, s, c, width - 2 * s.body * 0.8))
    if help_.what_to_do:
        inner.append(_p("What to do:", st.idea_heading, Node("H3")))
        inner.append(_bullets(list(help_.what_to_do), st, s, c, numbered=True))
    inner.append(_p(_unbreakable_brackets(safety.crisis_line(plan.practice)), st.box_crisis))
    box = ArtifactTable([[inner]], colWidths=["100%"])
    pad = s.body * 0.8
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.body.fontName, s.body),
                ("BOX", (0, 0), (-1, -1), 1.5, HexColor(c.heading)),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(c.tint)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    # Space above the box as its own spaceBefore, never a Spacer: a frame drops spaceBefore at
    # the top of a page, while a Spacer left alone there would be a blank page of its own.
    if box.wrap(width, room)[1] > room:
        inner[0].style = ParagraphStyle("box-heading-open", parent=st.box_heading,
                                        spaceBefore=s.body * 1.2)  # fmt: skip
        return [KeepTogether(inner)]
    box.spaceBefore = s.body * 1.2
    return [box]


def _resources(plan: Plan, st: _Styles, s: Sizes, c: Palette, width: float, room: float) -> list:
    """Return "Where to find help": each resource's name, what it offers, phone and address.

    ``room`` is the height of an empty page's frame: a description taller than that beside
    its QR code breaks across pages."""
    resources = plan.handout.content.resources
    if not resources:
        return []
    entries: list[list] = []
    for res in resources:
        lines = [f"<b>{escape(res.name)}</b>"]
        if res.description:
            lines.append(escape(res.description))
        web = safety.display_url(res.web) if res.web else None
        reach = [escape(x) for x in (res.phone, web) if x]
        if reach:
            lines.append("  \u00b7  ".join(reach))
        text = _markup("<br/>".join(lines), st.body)
        if res.qr and res.web:
            row = _PageTable(
                [[text, QRCode(res.web, s.qr)]],
                colWidths=[width - s.qr - 8, s.qr + 8],
                frame_height=room,
            )
            row.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), st.body.fontName, s.body),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ]
                )
            )
            entries.append([Spacer(1, s.body * 0.4), row])
        else:
            entries.append([Spacer(1, s.body * 0.4), text])
    # The heading travels with the first resource. KeepTogether is never nested: a nested one
    # reports an outsized height, which would push the whole group onto a new page.
    out: list = [KeepTogether([_p("Where to find help", st.heading, Node("H2")), *entries[0]])]
    out += [KeepTogether(entry) for entry in entries[1:]]
    return out


def _reflection(plan: Plan, st: _Styles, s: Sizes, c: Palette) -> list:
    """Return the reflection prompts, each with its writing space."""
    h = plan.handout.content
    out = []
    if h.reflection:
        how = "Write or type" if plan.handout.form else "Write"
        # The section's heading and instruction travel with its first question, never alone.
        # Where the client types: they may skip, and typed answers are not private by email.
        how_to = f"{how} your answers below each question. Only write what feels okay. "
        how_to += "You can skip any question."
        if plan.handout.form:
            how_to += " " + FORM_PRIVACY
        lead = [_p("Reflect", st.heading, Node("H2")), _p(how_to, st.body)]
        for n, r in enumerate(h.reflection, start=1):
            space = WritingSpace(
                lines=r.lines,
                gap=s.rule_gap,
                name=f"reflection_{n}",
                tooltip=r.prompt,
                form=plan.handout.form,
                font_size=s.body,
                rule_color=c.rule,
                text_color=c.text,
            )
            out.append(KeepTogether([*lead, _p(r.prompt, st.prompt), space]))
            lead = []
    return out


def _story(plan: Plan, st: _Styles, s: Sizes, c: Palette, width: float, room: float) -> list:
    """Return the handout's flowables in reading order.

    The credit line is kept with what comes before it, so a page never holds only the credit
    line above the footer.
    """
    h = plan.handout.content
    story: list = [
        _p(handout_title(plan), st.title, Node("H1")),
        _message_box(h.main_message, st, s, c, room),
    ]
    story += _key_ideas(plan, st, s, c, width)
    story += _image(plan, width, st)
    story += _partner_violence(plan, st, s, c)
    story += _practices(plan, st, s, c, width, room)
    story += _tracker(plan, st, s, c, width, room)
    story += _reflection(plan, st, s, c)
    story += _get_help(plan, st, s, c, width, room)
    story += _resources(plan, st, s, c, width, room)
    if h.closing:
        story.append(_p(h.closing, st.closing))
    # The full disclaimer once, at body size; every footer repeats it in one line.
    note = escape(safety.disclaimer(plan.practice))
    story.append(_markup(f"<b>Please note:</b> {note}", st.body))
    story[-1].keepWithNext = True
    story.append(_p(_credit(plan), st.credit))
    return story


FORM_PRIVACY = (
    "What you type is saved in this file. Email may not be private, so bring it to your "
    "session or use your therapist's secure portal."
)
"""The privacy note of the fillable version, printed where the client types."""


def _credit(plan: Plan) -> str:
    """Return the line crediting the source article, naming the works the handout cites, and
    the author of a handout that other therapists give to their clients (credited as the
    author, never as a contact)."""
    src = plan.outline.source
    year = f" ({src.year})" if src.year else ""
    url = f" {safety.display_url(src.url)}" if src.url else ""
    credit = f"Based on the article \u201c{src.title}\u201d by {src.author}{year}.{url}"
    if plan.handout.cited:
        credit += " Works cited: " + " ".join(apa_text(ref) for ref in plan.handout.cited)
    if plan.handout.given_by == "participants":
        credit = f"Handout written by {safety.practitioner_line(plan.practice)}. {credit}"
    return credit


_BRACKETS = re.compile(r"\([^()]{1,40}\)")


def _unbreakable_brackets(text: str) -> str:
    """Return ``text`` with short bracketed names kept on one line, e.g. a helpline's name."""
    return _BRACKETS.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def _footer(plan: Plan, st: _Styles, s: Sizes, c: Palette, font: str) -> Footer:
    """Return the page footer: whom to contact (by who hands the handout out), the one-line
    disclaimer and the crisis line."""
    p = plan.practice
    own_clients = plan.handout.given_by == "practitioner"
    if own_clients:
        who = escape(safety.practitioner_line(p))
        contact = "  \u00b7  ".join(escape(x) for x in safety.contact_parts(p))
        lines: list = [_markup(f"<b>{who}</b>" + (f"<br/>{contact}" if contact else ""), st.footer)]
    else:
        lines = [TherapistBlock(font=font, size=s.footer, form=plan.handout.form,
                                text_color=c.text)]  # fmt: skip
    lines.append(_p(safety.SHORT_DISCLAIMER, st.footer))
    return Footer(
        contact=tuple(lines),
        crisis=_p(_unbreakable_brackets(safety.crisis_line(p)), st.crisis),
        url=safety.website(p) if own_clients else None,
        qr_size=s.qr,
        label_font=font,
        label_size=s.footer,
        rule_color=c.heading,
        text_color=c.text,
        gap=s.body * 0.6,
    )


def _build(plan: Plan, buffer: io.BytesIO, total: int | None) -> tuple[int, Recorder | None]:
    """Lay the handout out into ``buffer``; return the number of pages and what was tagged
    (None on the first pass).

    ``total`` is the page count from a first pass, for "Page 1 of 2"; None on that first pass.
    """
    s = LARGE if plan.handout.large_print else STANDARD
    c = palette(plan)
    font = register_family(font_files(plan.practice.fonts.body, plan.practice, plan.practice_dir))
    st = _Styles(font, s, c)
    footer = _footer(plan, st, s, c, font)
    page_w, page_h = PAPER[plan.handout.paper]
    width = page_w - 2 * s.margin
    band = footer.height(width)
    bottom = s.margin + band + s.body * 1.2  # white space between content and footer rule
    frame = Frame(s.margin, bottom, width, page_h - s.margin - bottom, id="content",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip

    def on_page_end(canv, doc) -> None:  # reportlab's callback signature
        if not total:
            return  # the first pass only counts pages; the footer's height is already known
        # Drawn after the content so text extraction reads the page top to bottom.
        label = f"Page {doc.page} of {total}"
        footer.draw(canv, s.margin, s.margin, width, label, real=doc.page == total)

    title = handout_title(plan)
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_w, page_h),
        pageTemplates=[PageTemplate("page", [frame], onPageEnd=on_page_end)],
        title=title,
        author=safety.practitioner_line(plan.practice),
        subject=f"Client handout based on \u201c{plan.outline.source.title}\u201d",
        keywords=list(plan.outline.keywords),
        creator="workshop-kit",
        lang=plan.outline.language,
        displayDocTitle=True,
        # The canvas opens every page with a font; make it the embedded one, never Helvetica.
        initialFontName=font,
        initialFontSize=s.body,
        invariant=1,
    )
    made: list[Canvas] = []

    def canvas(*args: object, **kwargs: object) -> Canvas:
        made.append((TaggingCanvas if total else _PageCounter)(*args, **kwargs))
        return made[-1]

    doc.build(_story(plan, st, s, c, width, frame._aH), canvasmaker=canvas)
    return doc.page, getattr(made[0], "recorder", None)


class _PageCounter(Canvas):
    """The first pass's canvas: it only counts pages, so it never assembles the PDF file."""

    def save(self) -> None:
        """Skip writing: the first pass's bytes are thrown away."""


def render(inputs: RenderInputs) -> bytes:
    """Return the handout's bytes: this output's entry in :data:`generator.outputs.OUTPUTS`."""
    return render_handout(inputs.plan)


def render_handout(plan: Plan) -> bytes:
    """Return the client handout PDF for ``plan`` as bytes, identical for identical input.

    Raises :class:`~generator.errors.OutlineError` when the profile's locale has no crisis line.
    Characters the font lacks are found before rendering, by the build
    (:func:`generator.build.check_glyphs`).
    """
    pages, _ = _build(plan, io.BytesIO(), None)
    recorders: list[Recorder | None] = []
    data = render_reproducibly(lambda buffer: recorders.append(_build(plan, buffer, pages)[1]))
    recorder = recorders[0]
    assert recorder is not None  # the second pass draws on a tagging canvas
    return add_structure(
        data,
        recorder,
        title=handout_title(plan),
        lang=plan.outline.language,
        author=safety.practitioner_line(plan.practice),
    )
