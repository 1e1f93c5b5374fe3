"""Open the deck's base presentation (the practitioner's template or the default) and find its
layouts and placeholders by name *and* placeholder type, never by a fixed index or idx.

Templates from PowerPoint name layouts "Title and Content", "Two Content", "Section Header";
LibreOffice writes "Title, Content", "Title, 2 Content", uses OBJECT placeholders and gives
several placeholders idx 0. Each layout role below lists the names it answers to; when no name
matches, a layout whose placeholders have the right shape is taken; when even that fails, the
role falls back to another role's layout and a warning names the layouts the template has.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn

from generator.errors import OutlineError, display_path
from generator.outputs.deck.textfit import EMU_PER_IN, Box
from generator.source.contrast import AA_NORMAL, contrast_ratio

TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_CT = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)

TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE}

# Layout roles: the names each answers to (normalized: lower case, letters and digits only).
ROLE_NAMES = {
    "cover": ("titleslide",),
    "content": ("titleandcontent", "titlecontent", "titleandtext", "titletext", "content"),
    "section": ("sectionheader", "sectiontitle", "section", "titlesection", "sectionheading"),
    "two": (
        "twocontent",
        "title2content",
        "titleand2content",
        "comparison",
        "twocolumn",
        "twocolumns",
        "titletwocontent",
    ),
    "title_only": ("titleonly",),
}
ROLE_WORDS = {
    "cover": "the title slide",
    "content": "content slides",
    "section": "section dividers",
    "two": "two-column slides",
    "title_only": "image slides",
}
# The layout to use instead, in order, when a role has none of its own.
FALLBACKS = {
    "cover": ("section", "content", "title_only"),
    "content": ("two", "title_only"),
    "section": ("cover", "title_only", "content"),
    "two": ("content", "title_only"),
    "title_only": ("content", "section"),
}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def open_template(path: Path) -> Presentation:
    """Return the template at ``path`` opened; a .potx is opened as a presentation.

    Raises :class:`OutlineError` naming the file when it is missing, not a PowerPoint file,
    or damaged.
    """
    return read_template(path)[0]


def read_template(path: Path) -> tuple[Presentation, bytes]:
    """Return the template at ``path`` opened, and the bytes it was opened from.

    The bytes are a presentation even for a .potx, so the deck can be built from exactly what
    was measured. Raises :class:`OutlineError` as :func:`open_template` does.
    """
    shown = display_path(path)
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise OutlineError(
            f"{shown}: a template must be a PowerPoint file (.pptx or .potx). "
            "In PowerPoint or LibreOffice Impress use File > Save As and choose .pptx."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OutlineError(f"{shown}: cannot read the template ({exc.strerror}).") from None
    try:
        data = _as_presentation(data)
        return Presentation(io.BytesIO(data)), data
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError):
        raise OutlineError(
            f"{shown}: this template is damaged or is not a PowerPoint file. Open it in "
            "PowerPoint or LibreOffice Impress, save it again as .pptx, and retry."
        ) from None


def _as_presentation(data: bytes) -> bytes:
    """Return the package with a template's main content type rewritten to a presentation's.

    python-pptx refuses .potx files only because of that one content type.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    types = src.read("[Content_Types].xml")
    if TEMPLATE_CT.encode() not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(TEMPLATE_CT.encode(), PRESENTATION_CT.encode())
            dst.writestr(info, blob)
    return out.getvalue()


def remove_slides(prs: Presentation) -> None:
    """Remove every slide of ``prs`` cleanly: the slide list entries and their relationships.

    Dropping the relationship drops the slide part (and its notes) from the saved package,
    because python-pptx writes only parts reachable from the package's relationships. Slide
    sections and custom shows that name the removed slides are removed too.
    """
    sld_id_lst = prs.slides._sldIdLst
    for sld_id in list(sld_id_lst):
        rid = sld_id.get(qn("r:id"))
        sld_id_lst.remove(sld_id)
        prs.part.drop_rel(rid)
    root = prs.part._element
    for tag in ("p:custShowLst",):
        for el in root.findall(qn(tag)):
            root.remove(el)
    ext_lst = root.find(qn("p:extLst"))
    if ext_lst is not None:
        for ext in list(ext_lst):
            if (
                ext.find("{http://schemas.microsoft.com/office/powerpoint/2010/main}sectionLst")
                is not None
            ):
                ext_lst.remove(ext)


# --------------------------------------------------------------------------- placeholders


@dataclass
class Slots:
    """A layout's or slide's placeholders, by what they are for."""

    title: object | None
    bodies: list  # body-like placeholders, left to right, then top to bottom
    others: list  # everything else (pictures, charts, footers, dates, ...)


def ph_type(shape) -> PP_PLACEHOLDER:  # noqa: ANN001
    """Return the placeholder type; a placeholder without one is OBJECT, as the spec says."""
    return shape.placeholder_format.type


def slots(placeholders) -> Slots:  # noqa: ANN001
    """Return ``placeholders`` sorted into title, body-like and other placeholders."""
    title = None
    bodies, others = [], []
    for ph in placeholders:
        kind = ph_type(ph)
        if kind in TITLE_TYPES and title is None:
            title = ph
        elif kind in BODY_TYPES:
            bodies.append(ph)
        else:
            others.append(ph)
    if len(bodies) > 1:  # reading inherited positions is slow; one body needs no order
        bodies.sort(key=lambda p: ((p.left or 0) // (EMU_PER_IN // 2), p.top or 0))
    return Slots(title, bodies, others)


def _shape_ok(role: str, s: Slots, by_name: bool) -> bool:
    """Return True when a layout's placeholders suit ``role`` (strictly when not named)."""
    if s.title is None:
        return False
    n = len(s.bodies)
    if role == "cover":
        return (
            n >= 1
            if by_name
            else (
                ph_type(s.title) == PP_PLACEHOLDER.CENTER_TITLE
                and any(ph_type(b) == PP_PLACEHOLDER.SUBTITLE for b in s.bodies)
            )
        )
    if role == "content":
        return n >= 1 if by_name else n == 1 and ph_type(s.bodies[0]) != PP_PLACEHOLDER.SUBTITLE
    if role == "section":
        return by_name
    if role == "two":
        if n < 2:
            return False
        if by_name:
            return True
        return n == 2 and abs((s.bodies[0].top or 0) - (s.bodies[1].top or 0)) < EMU_PER_IN
    if role == "title_only":
        return n == 0 if not by_name else True
    return False


def find_layouts(prs: Presentation, source: str) -> tuple[dict[str, object], list[str]]:
    """Return the layout for each role, and warnings for the roles that had to fall back.

    ``source`` names the template in warnings. Raises :class:`OutlineError` when the template
    has no layout with a title placeholder at all.
    """
    layouts = list(prs.slide_layouts)
    names = ", ".join(f"'{lay.name}'" for lay in layouts)
    own: dict[str, object] = {}
    for role, wanted in ROLE_NAMES.items():
        for by_name in (True, False):
            for lay in layouts:
                if by_name and _norm(lay.name) not in wanted:
                    continue
                if _shape_ok(role, slots(lay.placeholders), by_name):
                    own[role] = lay
                    break
            if role in own:
                break
    if not own:
        raise OutlineError(
            f"{source}: the template has no slide layout with a title placeholder, so no slide "
            f"could have a title. Its layouts are: {names}. Add a 'Title and Content' layout "
            "in the template's slide master view."
        )
    chosen: dict[str, object] = {}
    warnings = []
    for role in ROLE_NAMES:
        if role in own:
            chosen[role] = own[role]
            continue
        for other in FALLBACKS[role]:
            if other in own:
                chosen[role] = own[other]
                break
        else:
            chosen[role] = next(iter(own.values()))
        warnings.append(
            f"{source}: no layout for {ROLE_WORDS[role]} (looked for a layout named like "
            f"'{_pretty(role)}'); using '{chosen[role].name}' instead. "
            f"The template's layouts are: {names}."
        )
    return chosen, warnings


def _pretty(role: str) -> str:
    return {
        "cover": "Title Slide",
        "content": "Title and Content",
        "section": "Section Header",
        "two": "Two Content",
        "title_only": "Title Only",
    }[role]


# --------------------------------------------------------------------------- boxes

_DEFAULT_INSETS = {"lIns": 91440, "rIns": 91440, "tIns": 45720, "bIns": 45720}


def _master_ph(master, shape):  # noqa: ANN001, ANN202
    """Return the master placeholder a layout placeholder inherits from, matched by type."""
    kind = ph_type(shape)
    want = {
        PP_PLACEHOLDER.CENTER_TITLE: PP_PLACEHOLDER.TITLE,
        PP_PLACEHOLDER.SUBTITLE: PP_PLACEHOLDER.BODY,
        PP_PLACEHOLDER.OBJECT: PP_PLACEHOLDER.BODY,
    }.get(kind, kind)
    for ph in master.placeholders:
        if ph_type(ph) == want:
            return ph
    return None


def box_of(shape, master) -> Box | None:  # noqa: ANN001
    """Return the box of a layout or master placeholder, inheriting what it does not set."""
    base = _master_ph(master, shape) if shape is not None else None
    vals = []
    for attr in ("left", "top", "width", "height"):
        v = _own(shape, attr)
        if v is None and base is not None:
            v = _own(base, attr)
        vals.append(v)
    if any(v is None for v in vals) or vals[2] <= 0 or vals[3] <= 0:
        return None
    insets = {}
    for name, default in _DEFAULT_INSETS.items():
        v = _inset(shape, name)
        if v is None and base is not None:
            v = _inset(base, name)
        insets[name] = default if v is None else v
    return Box(
        *vals,
        l_ins=insets["lIns"],
        r_ins=insets["rIns"],
        t_ins=insets["tIns"],
        b_ins=insets["bIns"],
    )


def _own(shape, attr: str):  # noqa: ANN001, ANN202
    xfrm = shape._element.spPr.find(qn("a:xfrm"))
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    return int(
        {
            "left": off.get("x"),
            "top": off.get("y"),
            "width": ext.get("cx"),
            "height": ext.get("cy"),
        }[attr]
    )


def _inset(shape, name: str) -> int | None:  # noqa: ANN001
    body = shape._element.find(qn("p:txBody"))
    if body is None:
        return None
    pr = body.find(qn("a:bodyPr"))
    value = pr.get(name) if pr is not None else None
    return int(value) if value is not None else None


# --------------------------------------------------------------------------- metrics


def check_contrast(pairs: list[tuple[str, str, str, str]], where: str) -> None:
    """Raise :class:`OutlineError` for each (fg name, fg, bg name, bg) pair under 4.5:1."""
    problems = []
    for fg_name, fg, bg_name, bg in pairs:
        ratio = contrast_ratio(fg, bg)
        if ratio < AA_NORMAL:
            problems.append(
                f"{where}: {fg_name} {fg.upper()} on {bg_name} {bg.upper()} has a contrast of "
                f"{ratio:.2f}:1; slides need at least 4.5:1 (WCAG 2.1, 1.4.3). Darken the "
                "text colour or lighten the background."
            )
    if problems:
        raise OutlineError("\n".join(problems))


# DrawingML, the namespace of a theme's colour and font schemes.
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _theme(prs: Presentation) -> etree._Element | None:
    """Return the template's theme (its slide master's), parsed; None when it has none."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return None


def theme_fonts(prs: Presentation) -> tuple[str, str]:
    """Return the template theme's heading and body Latin typefaces ("" where none is named)."""
    theme = _theme(prs)
    if theme is None:
        return "", ""

    def latin(which: str) -> str:
        found = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{which}/{{{A}}}latin")
        return "" if found is None else (found.get("typeface") or "").strip()

    return latin("majorFont"), latin("minorFont")


def theme_colors(prs: Presentation) -> dict[str, str]:
    """Return the template theme's colours as ``#RRGGBB`` by role: ``text`` (dark 1),
    ``background`` (light 1), ``primary`` (accent 1) and ``accent`` (accent 2).

    A role whose slot is missing or holds no colour value is left out.
    """
    theme = _theme(prs)
    if theme is None:
        return {}
    found = {}
    for role, name in (
        ("text", "dk1"),
        ("background", "lt1"),
        ("primary", "accent1"),
        ("accent", "accent2"),
    ):
        slot = theme.find(f".//{{{A}}}clrScheme/{{{A}}}{name}")
        if slot is None or not len(slot):
            continue
        colour = slot[0].get("val") if slot[0].tag.endswith("srgbClr") else slot[0].get("lastClr")
        if colour:
            found[role] = "#" + colour
    return found


def check_template_contrast(prs: Presentation, source: str) -> None:
    """Raise when the template theme's dark-1 text on light-1 background is under 4.5:1."""
    found = theme_colors(prs)
    if "text" not in found or "background" not in found:
        return
    check_contrast(
        [
            (
                "theme text colour (dark 1)",
                found["text"],
                "theme background (light 1)",
                found["background"],
            )
        ],
        f"{source}",
    )


def template_boxes(prs: Presentation, layouts: dict[str, object]) -> dict[str, Box]:
    """Return every region's box from the template's layouts, synthesizing what is missing."""
    master = prs.slide_master
    w, h = prs.slide_width, prs.slide_height
    margin = int(min(w, h) * 0.05)

    def ph_box(role: str, which: str, i: int = 0) -> Box | None:
        s = slots(layouts[role].placeholders)
        shape = s.title if which == "title" else (s.bodies[i] if len(s.bodies) > i else None)
        return box_of(shape, master) if shape is not None else None

    def furniture(kind: PP_PLACEHOLDER) -> Box | None:
        for ph in master.placeholders:
            if ph_type(ph) == kind:
                return box_of(ph, master)
        return None

    footer = furniture(PP_PLACEHOLDER.FOOTER) or Box(
        margin, h - margin - int(0.4 * EMU_PER_IN), int(w * 0.6), int(0.4 * EMU_PER_IN)
    )
    number = furniture(PP_PLACEHOLDER.SLIDE_NUMBER) or Box(
        w - margin - int(1.2 * EMU_PER_IN), footer.y, int(1.2 * EMU_PER_IN), footer.h
    )
    title = ph_box("content", "title") or Box(margin, margin, w - 2 * margin, int(h * 0.18))
    bottom = min(footer.y, number.y) - int(0.1 * EMU_PER_IN)

    def below(top_box: Box) -> Box:
        y = top_box.y + top_box.h + int(0.15 * EMU_PER_IN)
        return Box(top_box.x, y, top_box.w, max(bottom - y, int(EMU_PER_IN)))

    body = ph_box("content", "body") or below(title)
    left, right = ph_box("two", "body", 0), ph_box("two", "body", 1)
    if left is None or right is None or layouts["two"] is layouts["content"]:
        gap = int(0.3 * EMU_PER_IN)
        half = (body.w - gap) // 2
        left = Box(body.x, body.y, half, body.h, body.l_ins, body.r_ins, body.t_ins, body.b_ins)
        right = Box(
            body.x + half + gap,
            body.y,
            half,
            body.h,
            body.l_ins,
            body.r_ins,
            body.t_ins,
            body.b_ins,
        )
    cover_title = ph_box("cover", "title") or title
    cover_sub = ph_box("cover", "body") or below(cover_title)
    section_title = ph_box("section", "title") or title
    section_sub = ph_box("section", "body") or below(section_title)
    caption_h = int(0.9 * EMU_PER_IN)
    image = Box(body.x, body.y, body.w, body.h - caption_h - int(0.1 * EMU_PER_IN))
    caption = Box(body.x, body.y + body.h - caption_h, body.w, caption_h)
    logo = Box(
        w - margin - int(2.0 * EMU_PER_IN), margin, int(2.0 * EMU_PER_IN), int(0.9 * EMU_PER_IN)
    )
    return dict(
        title=title,
        body=body,
        left=left,
        right=right,
        cover_title=cover_title,
        cover_sub=cover_sub,
        section_title=section_title,
        section_sub=section_sub,
        image=image,
        caption=caption,
        footer=footer,
        number=number,
        logo=logo,
    )
