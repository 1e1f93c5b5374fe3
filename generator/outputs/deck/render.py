"""The slide deck renderer: a :class:`~generator.plan.Plan` in, .pptx bytes out.

Three calls, in the order the CLI makes them::

    metrics = deck_metrics(practice, practice_dir, template)   # geometry, fonts, warnings
    plan = make_plan(..., paginate=paginator(metrics))          # sizes chosen, slides split
    data = render_deck(plan, metrics)                           # the .pptx bytes

``metrics.warnings`` lists what the user should be told (e.g. a layout the template lacks and
the one used instead); the CLI prints them. Every text region is written with explicit
positions, insets, spacing and run sizes, exactly as :mod:`generator.outputs.deck.textfit`
measured them, so nothing relies on PowerPoint's shrink-on-overflow (which it applies only
after an edit).

Text is set in the fonts the metrics name: the practice profile's (Calibri by default, measured
with its metric twin Carlito), or on a practitioner's template its theme fonts when they can be
measured (Calibri, Arial, or a family the profile gives .ttf files for; see
:func:`generator.outputs.deck.geometry.deck_metrics`).
"""

from __future__ import annotations

import copy
import functools
import io
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn as _pptx_qn

from generator.errors import OutlineError, display_path
from generator.outputs import RenderInputs
from generator.outputs.deck import package as deck_package

# Planning needs only these two, kept in a module without python-pptx; part of this API too.
from generator.outputs.deck import template as deck_template
from generator.outputs.deck import theme as deck_theme
from generator.outputs.deck.geometry import deck_metrics, paginator  # noqa: F401
from generator.outputs.deck.textfit import (
    CELL_MAR_X,
    CELL_MAR_Y,
    EMU_PER_IN,
    EMU_PER_PT,
    SMALL_PT,
    Box,
    DeckMetrics,
    Para,
    Run,
    body_paras,
    cell_para,
    fits,
    table_row_height,
    table_widths,
    title_para,
)
from generator.plan import Plan, PlannedSlide
from generator.source.slide_kinds import KINDS

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
# python-pptx's qn parses "a:p" into a Clark name on every call; the writer asks thousands of
# times per deck for a few dozen names.
qn = functools.cache(_pptx_qn)


# --------------------------------------------------------------------------- rendering


def render(inputs: RenderInputs) -> bytes:
    """Return the deck's bytes: this output's entry in :data:`generator.outputs.OUTPUTS`."""
    if inputs.metrics is None:  # the deck's row needs slides, so the build always measured
        raise ValueError("the deck is rendered from a plan paginated with the deck's metrics")
    return render_deck(inputs.plan, inputs.metrics)


def render_deck(plan: Plan, metrics: DeckMetrics) -> bytes:
    """Return the .pptx bytes of ``plan``'s slides, reproducibly packaged."""
    if metrics.template is None:
        colors = plan.practice.colors
        prs = deck_theme.default_presentation(colors, metrics.heading_name, metrics.body_name)
        palette = {
            "text": colors.text,
            "primary": colors.primary,
            "inverse": colors.background,
            "accent": colors.accent,
            "background": colors.background,
        }
    else:
        # The very bytes that were measured: no second read, no second check of the file.
        data = metrics.template_data or deck_template.read_template(metrics.template)[1]
        prs = Presentation(io.BytesIO(data))
        palette = None
    deck_template.remove_slides(prs)
    # The layouts were chosen from these same bytes, so every one is there. A template's are
    # found by index (names repeat across slide masters), the default theme's by name.
    if metrics.layout_keys:
        layouts = {
            role: deck_template.layout_at(prs, key) for role, key in metrics.layout_keys.items()
        }
    else:
        by_name = {layout.name: layout for layout in prs.slide_layouts}
        layouts = {role: by_name[name] for role, name in metrics.layouts.items()}
    writer = _Writer(plan, metrics, palette)
    with deck_package.partnames_tracked(prs):
        for slide in plan.slides:
            writer.add(prs, layouts[KINDS[slide.kind].layout], slide)
    deck_package.drop_thumbnail(prs)
    outline = plan.outline
    deck_package.set_properties(
        prs,
        title=outline.title,
        author=plan.practice.practitioner.name,
        subject=outline.subtitle or plan.audience_title,
        keywords=", ".join(outline.keywords),
        language=outline.language,
    )
    ratio = metrics.slide_w / metrics.slide_h
    fmt = (
        "Widescreen"
        if abs(ratio - 16 / 9) < 0.01
        else ("On-screen Show (4:3)" if abs(ratio - 4 / 3) < 0.01 else "Custom")
    )
    return deck_package.save(prs, slides=len(plan.slides), fmt=fmt)


def notes_text(slide: PlannedSlide) -> str:
    """Return the text of ``slide``'s notes slide: all that its notes change in the deck
    (:func:`generator.outputs.deck.package.with_notes` relies on that)."""
    return slide.notes or ""


@dataclass(frozen=True)
class _Skeleton:
    """A layout's placeholders as cloned onto its first slide, and which is which (indices)."""

    shapes: tuple  # lxml elements, copied before anything was written in them
    title: int | None
    bodies: tuple[int, ...]
    others: tuple[int, ...]


@dataclass
class _Slots:
    """One new slide's placeholder elements: its title, its body-like ones and the others."""

    title: object | None
    bodies: list
    others: list


class _Writer:
    """Writes one slide at a time; holds what every slide shares."""

    def __init__(self, plan: Plan, metrics: DeckMetrics, palette: dict[str, str] | None):
        self.plan = plan
        self.metrics = metrics
        self.palette = palette
        self.fonts = (metrics.heading, metrics.body)
        self.lang = plan.outline.language
        self.notes = deck_package.NotesSlides()
        self._skeletons: dict[str, _Skeleton] = {}
        self._kept: dict[str, object] = {}  # see _shape

    # ..................................................................... slide

    def add(self, prs: Presentation, layout, s: PlannedSlide) -> None:
        slide, slots = self._new_slide(prs, layout)
        default = self.palette is not None
        dark = KINDS[s.kind].dark
        if default and dark:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(self.palette["primary"][1:])
        used = set()
        title_region = KINDS[s.kind].title_region
        title_sp = slots.title if slots.title is not None else self._textbox(slide)
        used.add(id(title_sp))
        colour = "inverse" if dark else "primary"
        anchor = "b" if default else None
        role = KINDS[s.kind].layout
        # A template's colour where its own would not read on what lies beneath (else None).
        own = self.metrics.region_colours
        self._write(
            title_sp,
            [title_para(s.title, s.title_pt or 36, colour)],
            self.metrics.boxes[title_region],
            anchor,
            own.get(f"{role}:{title_region}"),
            f"{role}:{title_region}",
        )
        _set_name(title_sp, "Title")
        step_start = self.plan.first_step(s)
        regions = body_paras(s, self.metrics, date=self.plan.date, step_start=step_start)
        bodies = list(slots.bodies)
        for region, paras in regions.items():
            if not paras:
                continue
            if region == "caption" or not bodies:
                sp = self._textbox(slide)
            elif region == "right" and len(bodies) > 1:
                sp = bodies.pop(1)
            else:
                sp = bodies.pop(0)
            used.add(id(sp))
            self._write(
                sp,
                paras,
                self.metrics.boxes[region],
                "t" if default else None,
                own.get(f"{role}:{region}"),
                f"{role}:{region}",
            )
        for ph in [*slots.bodies, *slots.others]:
            if id(ph) not in used:
                ph.getparent().remove(ph)
        if s.kind == "image" and s.image is not None:
            self._picture(slide, s)
        if s.kind == "table":
            self._table(slide, s)
        if default:
            self._accent(slide, title_region)
        if s.kind == "title":
            self._logo(slide)
        elif default:
            self._footer(slide, s, dark)
        else:
            self._template_footer(slide, s, role)
        frame = self.notes.text_frame(slide)
        if frame is not None:
            frame.text = notes_text(s)
        _title_first(slide, title_sp)

    def _new_slide(self, prs: Presentation, layout) -> tuple[object, _Slots]:
        """Return a new slide on ``layout``, with the layout's placeholders, and those sorted.

        python-pptx clones a layout's placeholders one at a time, reading each one's type,
        index, orientation and size by XPath. The clones come out the same on every slide of a
        layout, so the first slide's are kept (before anything is written in them) and copied
        onto the layout's next slides: the same elements, in the same order, with the same ids.
        """
        key = str(layout.part.partname)
        kept = self._skeletons.get(key)
        if kept is None:
            slide = prs.slides.add_slide(layout)
            found = deck_template.slots(slide.placeholders)
            shapes = list(slide.shapes._spTree.iter_shape_elms())
            where = {id(el): i for i, el in enumerate(shapes)}
            kept = _Skeleton(
                tuple(copy.deepcopy(el) for el in shapes),
                None if found.title is None else where[id(found.title._element)],
                tuple(where[id(ph._element)] for ph in found.bodies),
                tuple(where[id(ph._element)] for ph in found.others),
            )
            self._skeletons[key] = kept
        else:
            rid, slide = prs.part.add_slide(layout)
            tree = slide.shapes._spTree
            shapes = [copy.deepcopy(el) for el in kept.shapes]
            for el in shapes:
                tree.append(el)
            prs.slides._sldIdLst.add_sldId(rid)
        return slide, _Slots(
            None if kept.title is None else shapes[kept.title],
            [shapes[i] for i in kept.bodies],
            [shapes[i] for i in kept.others],
        )

    # ..................................................................... text

    def _textbox(self, slide):
        return self._shape(
            slide,
            "text box",
            lambda: slide.shapes.add_textbox(0, 0, EMU_PER_IN, EMU_PER_IN)._element,
            "TextBox",
        )

    def _shape(self, slide, key: str, make: Callable[[], object], basename: str | None):
        """Return a new shape on ``slide``: the first made by ``make``, later ones copies of it.

        Shapes that come out the same on every slide (an empty text box, the footer, the
        accent line) are built once through python-pptx, which parses XML and searches the
        tree for each; copies get the id python-pptx would give (one past the slide's highest)
        and, with ``basename``, its name ("TextBox 7").
        """
        kept = self._kept.get(key)
        if kept is None:
            made = make()
            self._kept[key] = copy.deepcopy(made)
            return made
        tree = slide.shapes._spTree
        shape = copy.deepcopy(kept)
        shape_id = 1 + max(int(v) for v in tree.xpath("//@id") if v.isdigit())
        c_nv_pr = shape[0][0]  # nvSpPr/cNvPr, first in every p:sp
        c_nv_pr.set("id", str(shape_id))
        if basename:
            c_nv_pr.set("name", f"{basename} {shape_id - 1}")
        ext_lst = tree.find(qn("p:extLst"))
        if ext_lst is None:
            tree.append(shape)
        else:
            ext_lst.addprevious(shape)
        return shape

    def _write(
        self,
        sp,
        paras: Sequence[Para],
        box: Box | None,
        anchor: str | None,
        colour: str | None = None,
        region: str | None = None,
    ) -> None:
        """Write ``paras`` into ``sp`` placed at ``box`` (None: where its layout puts it), in
        ``colour`` when given, else the palette's colours (a template's own when none); with
        ``region`` ("role:region"), on the fill the metrics give it, if any."""
        if box is not None:
            _place(sp, box)
        fill = self.metrics.region_fills.get(region) if region else None
        if fill is not None:
            _fill(sp, fill)
        tx = sp.find(qn("p:txBody"))
        body_pr = tx.find(qn("a:bodyPr"))
        for name, value in (
            ()
            if box is None
            else (
                ("lIns", box.left_inset),
                ("tIns", box.top_inset),
                ("rIns", box.right_inset),
                ("bIns", box.bottom_inset),
            )
        ):
            body_pr.set(name, str(value))
        body_pr.set("wrap", "square")
        if anchor:
            body_pr.set("anchor", anchor)
        for child in list(body_pr):
            if child.tag in (qn("a:normAutofit"), qn("a:spAutoFit"), qn("a:noAutofit")):
                body_pr.remove(child)
        # Set, never relied on: the sizes below already fit.
        body_pr.insert(0, etree.Element(qn("a:normAutofit")))
        for p in tx.findall(qn("a:p")):
            tx.remove(p)
        for para in paras:
            tx.append(self._para(para, colour))

    def _para(self, para: Para, colour: str | None = None):
        p = etree.Element(qn("a:p"))
        ppr = etree.SubElement(
            p,
            qn("a:pPr"),
            marL=str(_emu(para.mar_l)),
            indent=str(_emu(para.indent)),
            algn=para.align,
        )
        ln = etree.SubElement(ppr, qn("a:lnSpc"))
        etree.SubElement(ln, qn("a:spcPct"), val="100000")
        before = etree.SubElement(ppr, qn("a:spcBef"))
        etree.SubElement(before, qn("a:spcPts"), val=str(int(round(para.space_before * 100))))
        after = etree.SubElement(ppr, qn("a:spcAft"))
        etree.SubElement(after, qn("a:spcPts"), val="0")
        if para.bullet:
            if self.palette:
                clr = etree.SubElement(ppr, qn("a:buClr"))
                etree.SubElement(clr, qn("a:srgbClr"), val=self.palette["primary"][1:].upper())
            etree.SubElement(ppr, qn("a:buFont"), typeface=self.metrics.body_name)
            if para.bullet == "#":
                etree.SubElement(
                    ppr, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(para.number)
                )
            else:
                etree.SubElement(ppr, qn("a:buChar"), char=para.bullet)
        else:
            etree.SubElement(ppr, qn("a:buNone"))
        for run in para.runs:
            p.append(self._run(run, para, colour))
        return p

    def _run(self, run: Run, para: Para, colour: str | None = None):
        r = etree.Element(qn("a:r"))
        rpr = etree.SubElement(
            r,
            qn("a:rPr"),
            lang=self.lang,
            sz=str(int(round(para.size * 100))),
            b="1" if run.bold else "0",
            i="1" if run.italic else "0",
            cap="none",
            dirty="0",
        )
        if colour or self.palette:
            fill = etree.SubElement(rpr, qn("a:solidFill"))
            value = colour or self.palette[para.color]
            etree.SubElement(fill, qn("a:srgbClr"), val=value[1:].upper())
        family = self.metrics.heading_name if run.heading else self.metrics.body_name
        etree.SubElement(rpr, qn("a:latin"), typeface=family)
        etree.SubElement(rpr, qn("a:cs"), typeface=family)
        etree.SubElement(r, qn("a:t")).text = run.text
        return r

    def _table(self, slide, s: PlannedSlide) -> None:
        """Add the slide's table in the body region, sized as the fitter measured it.

        The header row is marked as such (``firstRow``), so screen readers announce each
        cell with its column's label; in the default look its fill and text colours are set
        here, since the table style's own colours come from the theme's accent.
        """
        box = self.metrics.boxes["body"]
        size = s.body_pt or 24
        widths = table_widths(s.columns, s.rows, box, size, self.fonts)
        heights = [table_row_height(s.columns, widths, size, self.fonts, header=True)]
        heights += [table_row_height(row, widths, size, self.fonts) for row in s.rows]
        frame = slide.shapes.add_table(
            len(heights),
            len(widths),
            box.left + box.left_inset,
            box.top + box.top_inset,
            sum(_emu(w) for w in widths),
            sum(_emu(h) for h in heights),
        )
        frame.name = "Table"
        table = frame.table
        table.first_row = True
        table.horz_banding = False
        for i, w in enumerate(widths):
            table.columns[i].width = _emu(w)
        for r, h in enumerate(heights):
            table.rows[r].height = _emu(h)
        for r, cells in enumerate([s.columns, *s.rows]):
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = _emu(CELL_MAR_X)
                cell.margin_top = cell.margin_bottom = _emu(CELL_MAR_Y)
                tx = cell._tc.txBody
                for p in tx.findall(qn("a:p")):
                    tx.remove(p)
                tx.append(self._para(cell_para(text, size, header=r == 0)))
                if self.palette:
                    cell.fill.solid()
                    role = "primary" if r == 0 else "background"
                    cell.fill.fore_color.rgb = RGBColor.from_string(self.palette[role][1:])

    # ..................................................................... furniture

    @functools.cached_property
    def _footer_text(self) -> str | None:
        """Return the footer line every slide shows: the longest form that fits, if any."""
        practice = self.plan.practice
        who = practice.contact.practice or practice.practitioner.name
        for text in (f"{self.plan.title} \u00b7 {who}", self.plan.title):
            if fits([Para((Run(text),), SMALL_PT)], self.metrics.boxes["footer"], self.fonts):
                return text
        return None

    def _footer(self, slide, s: PlannedSlide, dark: bool) -> None:
        """Draw the default theme's footer and slide number; on a dark (section) slide in the
        background colour, since the primary colour would vanish on the primary fill."""
        colour = "inverse" if dark else "primary"
        text = self._footer_text
        if text is not None:
            para = Para((Run(text),), SMALL_PT, color=colour)
            self._shape(
                slide, f"footer {colour}", lambda: self._footer_line(slide, para), "TextBox"
            )
        sp = self._shape(
            slide, f"number {colour}", lambda: self._number(slide, s.number, colour), None
        )
        sp.find(f".//{qn('a:fld')}/{qn('a:t')}").text = str(s.number)

    def _template_footer(self, slide, s: PlannedSlide, role: str) -> None:
        """Fill the layout's own footer and slide-number placeholders (the template's place,
        size and style); draw a text box where the layout has none, so none is dropped."""
        layout = slide.slide_layout
        text = self._footer_text
        for region in ("footer", "number"):
            colour = self.metrics.region_colours.get(f"{role}:{region}")
            ph = deck_template.furniture_placeholder(layout, region)
            if region == "footer" and text is None:
                continue
            # Placed where the template's content layout puts it (made tall enough for a
            # line if it was not); a placeholder keeps the template's style.
            box = self.metrics.boxes[region]
            if ph is None:
                sp = self._textbox(slide)
            else:
                slide.shapes.clone_placeholder(ph)
                sp = list(slide.shapes._spTree.iter_shape_elms())[-1]
                if sp.find(qn("p:txBody")) is None:  # python-pptx clones footers bare
                    tx = etree.SubElement(sp, qn("p:txBody"))
                    etree.SubElement(tx, qn("a:bodyPr"))
                    etree.SubElement(tx, qn("a:lstStyle"))
            if region == "footer":
                para = Para((Run(text),), SMALL_PT)
            else:
                para = Para((Run(str(s.number)),), SMALL_PT, align="r")
            self._write(sp, [para], box, "ctr", colour, f"{role}:{region}")
            if region == "footer":
                continue
            _set_name(sp, "Slide Number")
            _as_field(sp)

    def _footer_line(self, slide, para: Para):
        sp = self._textbox(slide)
        self._write(sp, [para], self.metrics.boxes["footer"], "ctr")
        return sp

    def _number(self, slide, number: int, colour: str = "primary"):
        """Return the slide-number box: a field, so a reordered deck renumbers itself."""
        sp = self._textbox(slide)
        para = Para((Run(str(number)),), SMALL_PT, align="r", color=colour)
        self._write(sp, [para], self.metrics.boxes["number"], "ctr")
        _set_name(sp, "Slide Number")
        _as_field(sp)
        return sp

    def _accent(self, slide, title_region: str) -> None:
        self._shape(
            slide, f"accent {title_region}", lambda: self._accent_line(slide, title_region), None
        )

    def _accent_line(self, slide, title_region: str):
        title = self.metrics.boxes[title_region]
        bar = self.metrics.boxes["accent"]
        y = title.top + title.height + int(0.08 * EMU_PER_IN)
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, title.left + title.left_inset, y, bar.width, bar.height
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(self.palette["accent"][1:])
        shape.line.fill.background()
        shape.shadow.inherit = False
        _set_name(shape._element, "Accent line")
        _decorative(shape._element.find(qn("p:nvSpPr")).find(qn("p:cNvPr")))
        return shape._element

    def _logo(self, slide) -> None:
        practice = self.plan.practice
        if not practice.logo:
            return
        path = self.plan.practice_dir / practice.logo
        alt = practice.logo_alt or f"Logo of {practice.contact.practice or 'the practice'}"
        self._image(
            slide, path, self.metrics.boxes["logo"], alt, False, "Logo", "practice profile: logo"
        )

    def _picture(self, slide, s: PlannedSlide) -> None:
        self._image(
            slide,
            s.image,
            self.metrics.boxes["image"],
            s.alt or "",
            s.decorative,
            "Picture",
            f"slide '{s.element_id}'",
        )

    def _image(
        self, slide, path: Path, box: Box, alt: str, decorative: bool, name: str, where: str
    ) -> None:
        try:
            with Image.open(path) as img:
                pw, ph = img.size
        except (OSError, ValueError):
            raise OutlineError(
                f"{where}: cannot read the image '{display_path(path)}'. Check the "
                "path, and use a PNG or JPEG file."
            ) from None
        scale = min(box.width / pw, box.height / ph)
        w, h = int(pw * scale), int(ph * scale)
        pic = slide.shapes.add_picture(
            str(path), box.left + (box.width - w) // 2, box.top + (box.height - h) // 2, w, h
        )
        c_nv_pr = pic._element.nvPicPr.cNvPr
        c_nv_pr.set("name", name)
        if decorative:
            c_nv_pr.attrib.pop("descr", None)
            _decorative(c_nv_pr)
        else:
            # Never the file name: python-pptx writes the image's path here by default.
            c_nv_pr.set("descr", alt)


def _as_field(sp) -> None:
    """Turn the first run of ``sp`` into a slide-number field (same text and run style)."""
    p = sp.find(qn("p:txBody")).find(qn("a:p"))
    r = p.find(qn("a:r"))
    fld = etree.Element(
        qn("a:fld"),
        id="{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "slidenum")).upper() + "}",
        type="slidenum",
    )
    for child in r:
        fld.append(child)
    p.replace(r, fld)


def _emu(pt: float) -> int:
    return int(round(pt * EMU_PER_PT))


def _set_name(sp, name: str) -> None:
    c_nv_pr = sp.find(".//" + qn("p:cNvPr"))
    if c_nv_pr is not None:
        c_nv_pr.set("name", name)


def _decorative(c_nv_pr) -> None:
    """Mark a shape decorative (Office's a16 extension), so screen readers skip it."""
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", nsmap={"adec": ADEC}, val="1")


def _fill(sp, colour: str) -> None:
    """Give the shape a solid fill of ``colour`` (a footer on a ground no text reads on)."""
    sp_pr = sp.find(qn("p:spPr"))
    for child in list(sp_pr):
        if child.tag in (qn("a:noFill"), qn("a:solidFill"), qn("a:gradFill"), qn("a:pattFill")):
            sp_pr.remove(child)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour[1:].upper())
    # After the position and the geometry, before the outline: the schema's order.
    after = [c for c in sp_pr if c.tag in (qn("a:xfrm"), qn("a:custGeom"), qn("a:prstGeom"))]
    if after:
        after[-1].addnext(fill)
    else:
        sp_pr.insert(0, fill)


def _place(sp, box: Box) -> None:
    """Write the shape's own position, so nothing depends on placeholder inheritance."""
    sp_pr = sp.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = etree.Element(qn("a:xfrm"))
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    etree.SubElement(xfrm, qn("a:off"), x=str(box.left), y=str(box.top))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(box.width), cy=str(box.height))


def _title_first(slide, title_sp) -> None:
    """Move the title to the front of the shape tree: screen readers read in that order."""
    tree = slide.shapes._spTree
    tree.remove(title_sp)
    tree.insert(2, title_sp)
