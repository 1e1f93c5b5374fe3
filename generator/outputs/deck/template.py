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
import unicodedata
import zipfile
from dataclasses import dataclass, replace
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

# Layout roles: the names each answers to (normalized: lower case, accents dropped, letters and
# digits only). PowerPoint's English names, LibreOffice's, Google Slides' (TITLE,
# TITLE_AND_BODY, ...) and a few common translations; a layout of any other name is still found
# by the shape of its placeholders.
ROLE_NAMES = {
    "cover": ("titleslide", "title", "diapositivadetitulo", "titelfolie", "diapositivetitre"),
    "content": (
        "titleandcontent",
        "titlecontent",
        "titleandtext",
        "titletext",
        "titleandbody",
        "content",
        "conteudo",
        "tituloeconteudo",
        "tituloycontenido",
        "titelundinhalt",
        "titreetcontenu",
    ),
    "section": (
        "sectionheader",
        "sectiontitle",
        "section",
        "titlesection",
        "sectionheading",
        "cabecalhodasecao",
        "encabezadodeseccion",
        "abschnittsuberschrift",
        "entetedesection",
    ),
    "two": (
        "twocontent",
        "title2content",
        "titleand2content",
        "comparison",
        "twocolumn",
        "twocolumns",
        "titletwocontent",
        "titleandtwocolumns",
        "duaspartesdeconteudo",
        "doscontenidos",
        "zweiinhalte",
        "deuxcontenus",
    ),
    "title_only": ("titleonly", "somentetitulo", "solotitulo", "nurtitel", "titreseul"),
}
ROLE_WORDS = {
    "cover": "the title slide",
    "content": "content slides",
    "section": "section dividers",
    "two": "two-column slides",
    "title_only": "image slides",
}
# The layout to use instead, in order, when a role has none of its own. Image slides never
# take a section or title layout: those are designed for a few big words, not a picture.
FALLBACKS = {
    "cover": ("section", "content", "title_only"),
    "content": ("two", "title_only"),
    "section": ("cover", "title_only", "content"),
    "two": ("content", "title_only"),
    "title_only": ("content", "two"),
}
_NAMED = frozenset(n for names in ROLE_NAMES.values() for n in names)
# A body placeholder smaller than this share of the layout's largest is a special-purpose box
# (a "Source" line, a caption, a date line), never a text column.
MINOR_BODY = 0.2


def _norm(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.casefold())


def read_template(path: Path) -> tuple[Presentation, bytes]:
    """Return the template at ``path`` opened, and the bytes it was opened from.

    The bytes are a presentation even for a .potx, so the deck can be built from exactly what
    was measured. Raises :class:`OutlineError` naming the file when it is missing, not a
    PowerPoint file, or damaged.
    """
    shown = display_path(path)
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise OutlineError(
            f"{shown}: a template must be a PowerPoint file (.pptx or .potx). "
            "In PowerPoint or LibreOffice Impress use File > Save As and choose .pptx."
        )
    from generator.source.paths import os_cause, why_unreadable

    reason = why_unreadable(path)
    if reason is not None:
        raise OutlineError(f"{shown}: the template {reason}.")
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise OutlineError(
                f"{shown}: the template is over {MAX_TEMPLATE_BYTES // 1024 // 1024} MB — "
                "remove large pictures or videos from it and save it again."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise OutlineError(f"{shown}: the template {os_cause(exc)}.") from None
    if data.startswith(_OLE_MAGIC):
        raise OutlineError(
            f"{shown}: this template is protected with a password (or saved in the old .ppt "
            "format). Open it in PowerPoint, remove the password (File > Info > Protect), "
            "save it as .pptx, and retry."
        )
    damaged = OutlineError(
        f"{shown}: this template is damaged or is not a PowerPoint file. Open it in "
        "PowerPoint or LibreOffice Impress, save it again as .pptx, and retry."
    )
    try:
        _check_sizes(zipfile.ZipFile(io.BytesIO(data)), shown)
        data = _as_presentation(data)
        prs = Presentation(io.BytesIO(data))
        _check_structure(prs, shown)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError):
        raise damaged from None
    except Exception as exc:  # lxml and python-pptx raise many kinds on junk
        if isinstance(exc, OutlineError):
            raise
        raise damaged from None
    return prs, data


MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""Largest template file read; a template with a few pictures is 1 to 5 MB."""
MAX_TEMPLATE_UNPACKED = 200 * 1024 * 1024
"""Largest total size of a template's parts once unpacked: a zip of 1.6 MB can unpack to
gigabytes (a "zip bomb"), and python-pptx reads every part into memory."""
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: a password-protected .pptx, or an old .ppt."""


def _check_sizes(package: zipfile.ZipFile, shown: str) -> None:
    """Raise :class:`OutlineError` when the package's parts would unpack to too much.

    The sizes the zip declares are checked, and only the declared sizes are read: zipfile
    refuses to read more from a part than it declares.
    """
    members = package.infolist()
    total = sum(info.file_size for info in members)
    if len(members) > 10_000 or total > MAX_TEMPLATE_UNPACKED:
        raise OutlineError(
            f"{shown}: this template unpacks to {total / 1024 / 1024:,.0f} MB in "
            f"{len(members):,} parts; the limit is {MAX_TEMPLATE_UNPACKED // 1024 // 1024} MB — "
            "it is damaged or not a real template. Save a clean copy from PowerPoint."
        )


def _check_structure(prs: Presentation, shown: str) -> None:
    """Raise :class:`OutlineError` when ``prs`` has no slide master, layouts or slide size."""
    fix = "Open it in PowerPoint, check View > Slide Master, save it as .pptx, and retry."
    if not len(prs.slide_masters):
        raise OutlineError(f"{shown}: this template has no slide master. {fix}")
    try:  # every layout the masters list must be there: the deck opens them all
        layouts = [layout.name for master in prs.slide_masters for layout in master.slide_layouts]
    except KeyError:
        layouts = []
    if not layouts:
        raise OutlineError(f"{shown}: this template has no slide layouts. {fix}")
    if not prs.slide_width or not prs.slide_height:
        raise OutlineError(f"{shown}: this template has no slide size. {fix}")


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


def ph_type(shape) -> PP_PLACEHOLDER:
    """Return the placeholder type; a placeholder without one is OBJECT, as the spec says."""
    return shape.placeholder_format.type


def slots(placeholders) -> Slots:
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
        largest = max(_area(b) for b in bodies)
        others.extend(b for b in bodies if _area(b) < MINOR_BODY * largest)
        bodies = [b for b in bodies if _area(b) >= MINOR_BODY * largest]
        # The renderer fills bodies in this order: a side-by-side pair first (left, right),
        # else the largest first, so a heading strip or a small box is never the main text.
        pair = side_by_side(bodies)
        if pair is not None:
            bodies = [*pair, *(b for b in bodies if b is not pair[0] and b is not pair[1])]
        else:
            bodies.sort(key=lambda b: -_area(b))
    return Slots(title, bodies, others)


def _area(shape) -> int:
    """Return a placeholder's area in square EMU (0 when it has no size of its own or inherited)."""
    return (shape.width or 0) * (shape.height or 0)


def side_by_side(bodies: list) -> tuple[object, object] | None:
    """Return the two of ``bodies`` that sit side by side (tops within an inch, not overlapping
    across) with the largest area together, left one first; None when no two do."""
    best, best_area = None, 0
    for i, a in enumerate(bodies):
        for b in bodies[i + 1 :]:
            if abs((a.top or 0) - (b.top or 0)) >= EMU_PER_IN:
                continue
            first, second = (a, b) if (a.left or 0) <= (b.left or 0) else (b, a)
            apart = (first.left or 0) + (first.width or 0) <= (second.left or 0) + EMU_PER_IN // 10
            if apart and _area(a) + _area(b) > best_area:
                best, best_area = (first, second), _area(a) + _area(b)
    return best


def _shape_ok(role: str, s: Slots, by_name: bool) -> bool:
    """Return True when a layout's placeholders suit ``role`` (strictly when not named)."""
    if s.title is None:
        return False
    n = len(s.bodies)
    pictures = any(ph_type(o) == PP_PLACEHOLDER.PICTURE for o in s.others)
    if role == "cover":
        # A centred title over any body is a cover, even without a subtitle placeholder.
        return n >= 1 if by_name else ph_type(s.title) == PP_PLACEHOLDER.CENTER_TITLE and n >= 1
    if role == "content":
        if by_name:
            return n >= 1
        return (
            n == 1
            and not pictures
            and ph_type(s.title) != PP_PLACEHOLDER.CENTER_TITLE
            and ph_type(s.bodies[0]) != PP_PLACEHOLDER.SUBTITLE
        )
    if role == "section":
        return by_name
    if role == "two":
        # Two columns must stand side by side; a layout of stacked boxes is not one.
        pair = side_by_side(s.bodies)
        return pair is not None and (by_name or (n == 2 and not pictures))
    if role == "title_only":
        return n == 0 if not by_name else True
    return False


def masters_in_use(prs: Presentation) -> list:
    """Return the template's slide masters, the one its own slides use most first.

    A template whose design sits on a second master (Google Slides exports keep "Simple Light"
    first) shows it on its slides; ties go to the master of the earliest slide, then to order.
    """
    masters = list(prs.slide_masters)
    count = {id(m): 0 for m in masters}
    first = {id(m): len(prs.slides) for m in masters}
    for i, slide in enumerate(prs.slides):
        m = slide.slide_layout.slide_master
        if id(m) in count:
            count[id(m)] += 1
            first[id(m)] = min(first[id(m)], i)
    order = {id(m): i for i, m in enumerate(masters)}
    return sorted(masters, key=lambda m: (-count[id(m)], first[id(m)], order[id(m)]))


def layout_key(prs: Presentation, layout) -> tuple[int, int]:
    """Return (master index, layout index) of ``layout``: names repeat across masters."""
    for mi, master in enumerate(prs.slide_masters):
        for li, lay in enumerate(master.slide_layouts):
            if lay is layout or lay.part is layout.part:
                return mi, li
    raise KeyError(layout.name)


def layout_at(prs: Presentation, key: tuple[int, int]):
    """Return the layout at (master index, layout index), as :func:`layout_key` gave it."""
    return prs.slide_masters[key[0]].slide_layouts[key[1]]


def find_layouts(prs: Presentation, source: str) -> tuple[dict[str, object], list[str]]:
    """Return the layout for each role, and warnings for the roles that had to fall back.

    Every slide master is searched, the one the template's own slides use first: by name, then
    by the shape of the placeholders, in that master before the next. ``source`` names the
    template in warnings. Raises :class:`OutlineError` when the template has no layout with a
    title placeholder at all.
    """
    masters = masters_in_use(prs)
    layouts = [lay for m in masters for lay in m.slide_layouts]
    names = ", ".join(dict.fromkeys(f"'{lay.name}'" for lay in layouts))
    found = {id(lay): slots(lay.placeholders) for lay in layouts}
    own: dict[str, object] = {}
    for role, wanted in ROLE_NAMES.items():
        for master in masters:
            for by_name in (True, False):
                for lay in master.slide_layouts:
                    name = _norm(lay.name)
                    if by_name and name not in wanted:
                        continue
                    # A layout named for another role (a section header is title-only in
                    # shape) is never taken for this one by its shape.
                    if not by_name and name in _NAMED:
                        continue
                    if _shape_ok(role, found[id(lay)], by_name):
                        own[role] = lay
                        break
                if role in own:
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


def _master_ph(master, shape):
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


def box_of(shape, master) -> Box | None:
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
        left_inset=insets["lIns"],
        right_inset=insets["rIns"],
        top_inset=insets["tIns"],
        bottom_inset=insets["bIns"],
    )


def _own(shape, attr: str):
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


def _inset(shape, name: str) -> int | None:
    body = shape._element.find(qn("p:txBody"))
    if body is None:
        return None
    pr = body.find(qn("a:bodyPr"))
    value = pr.get(name) if pr is not None else None
    return int(value) if value is not None else None


# --------------------------------------------------------------------------- metrics


# DrawingML, the namespace of a theme's colour and font schemes.
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _theme(prs: Presentation, master=None) -> etree._Element | None:
    """Return the theme of ``master`` (default: the first slide master), parsed; None when it
    has none."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    master = prs.slide_master if master is None else master
    try:
        return etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return None


def theme_fonts(prs: Presentation, master=None) -> tuple[str, str]:
    """Return the heading and body Latin typefaces of ``master``'s theme ("" where none is
    named)."""
    theme = _theme(prs, master)
    if theme is None:
        return "", ""

    def latin(which: str) -> str:
        found = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{which}/{{{A}}}latin")
        return "" if found is None else (found.get("typeface") or "").strip()

    return latin("majorFont"), latin("minorFont")


def theme_colors(prs: Presentation, master=None) -> dict[str, str]:
    """Return the colours of ``master``'s theme (default: the first master's) as ``#RRGGBB``
    by role: ``text`` (dark 1), ``background`` (light 1), ``primary`` (accent 1) and
    ``accent`` (accent 2).

    A role whose slot is missing or holds no colour value is left out.
    """
    theme = _theme(prs, master)
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


def template_boxes(prs: Presentation, layouts: dict[str, object]) -> dict[str, Box]:
    """Return every region's box from the template's layouts, synthesizing what is missing."""
    w, h = prs.slide_width, prs.slide_height
    margin = int(min(w, h) * 0.05)

    def ph_box(role: str, which: str, i: int = 0) -> Box | None:
        s = slots(layouts[role].placeholders)
        shape = s.title if which == "title" else (s.bodies[i] if len(s.bodies) > i else None)
        return box_of(shape, layouts[role].slide_master) if shape is not None else None

    def furniture(kind: PP_PLACEHOLDER) -> Box | None:
        # The content layout's own footer first (it is what most slides show), then its master's.
        lay = layouts["content"]
        for ph in [*lay.placeholders, *lay.slide_master.placeholders]:
            if ph_type(ph) == kind:
                return box_of(ph, lay.slide_master)
        return None

    footer = furniture(PP_PLACEHOLDER.FOOTER) or Box(
        margin, h - margin - int(0.4 * EMU_PER_IN), int(w * 0.6), int(0.4 * EMU_PER_IN)
    )
    number = furniture(PP_PLACEHOLDER.SLIDE_NUMBER) or Box(
        w - margin - int(1.2 * EMU_PER_IN), footer.top, int(1.2 * EMU_PER_IN), footer.height
    )
    title = ph_box("content", "title") or Box(margin, margin, w - 2 * margin, int(h * 0.18))
    bottom = min(footer.top, number.top) - int(0.1 * EMU_PER_IN)

    def below(top_box: Box) -> Box:
        y = top_box.top + top_box.height + int(0.15 * EMU_PER_IN)
        return Box(top_box.left, y, top_box.width, max(bottom - y, int(EMU_PER_IN)))

    body = ph_box("content", "body") or below(title)
    left, right = ph_box("two", "body", 0), ph_box("two", "body", 1)
    if left is None or right is None or layouts["two"] is layouts["content"]:
        gap = int(0.3 * EMU_PER_IN)
        half = (body.width - gap) // 2
        left = replace(body, width=half)
        right = replace(body, left=body.left + half + gap, width=half)
    title = _indented(title, layouts["content"])
    cover_title = _indented(ph_box("cover", "title"), layouts["cover"]) or title
    cover_sub = ph_box("cover", "body") or below(cover_title)
    section_title = _indented(ph_box("section", "title"), layouts["section"]) or title
    section_sub = ph_box("section", "body") or below(section_title)
    image, caption = image_and_caption(body)
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


def _indented(box: Box | None, layout) -> Box | None:
    """Return a title ``box`` of ``layout`` whose left inset includes the left margin
    (``marL``) of the template's first-level title style, as the layout, its master's title or
    the master's title style sets it: the deck writes its own paragraph margins, so the
    template's indent (a title set in from the edge of a coloured band) is kept in the box."""
    if box is None:
        return None
    master = layout.slide_master
    title = slots(layout.placeholders).title
    holders = [title, *(ph for ph in master.placeholders if ph_type(ph) == PP_PLACEHOLDER.TITLE)]
    styles = [
        ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}") for ph in holders if ph is not None
    ]
    found = master._element.find(qn("p:txStyles"))
    styles.append(None if found is None else found.find(qn("p:titleStyle")))
    for style in styles:
        lvl = None if style is None else style.find(qn("a:lvl1pPr"))
        if lvl is not None and lvl.get("marL") is not None:
            return replace(box, left_inset=box.left_inset + max(0, int(lvl.get("marL"))))
    return box


def image_and_caption(body: Box) -> tuple[Box, Box]:
    """Return the image and caption regions of an image slide: the body, split 0.9 in from
    its bottom."""
    caption_h = int(0.9 * EMU_PER_IN)
    image = Box(body.left, body.top, body.width, body.height - caption_h - int(0.1 * EMU_PER_IN))
    caption = Box(body.left, body.top + body.height - caption_h, body.width, caption_h)
    return image, caption


# --------------------------------------------------------------------------- making room

# What each grown region is called in a warning, and which layout role it comes from.
_REGION_WORDS = {
    "title": ("content", "title"),
    "cover_title": ("cover", "title"),
    "section_title": ("section", "title"),
    "cover_sub": ("cover", "subtitle"),
    "section_sub": ("section", "subtitle"),
    "body": ("content", "body"),
    "left": ("two", "left column"),
    "right": ("two", "right column"),
    "footer": ("content", "footer"),
    "number": ("content", "slide number"),
}
# Regions that sit under the content title and move down when it grows.
_UNDER_TITLE = ("body", "left", "right", "image", "caption")


def make_room(
    boxes: dict[str, Box],
    needs: dict[str, int],
    layout_names: dict[str, str],
    slide: tuple[int, int],
    source: str,
) -> list[str]:
    """Grow the regions of ``boxes`` smaller than ``needs`` (heights in EMU); return warnings.

    A template's box may be too small for what any outline puts there (Google Slides' title
    and subtitle boxes are 0.6 in tall): that is the template's doing, so the box grows to
    the height it needs, downwards into the free area of its layout, pushing what lies below it
    (the body under a content title), and up when the slide's bottom is reached. Every box ends
    inside the slide. Each grown box is named once, with its layout, in the warnings.
    """
    w, h = slide
    margin = int(min(w, h) * 0.03)
    furniture = [boxes[k].top for k in ("footer", "number") if k in boxes and boxes[k].top > h // 2]
    floor = min([*furniture, h - margin])
    warnings = []
    grown: dict[str, set] = {}
    for region, need in needs.items():
        box = boxes.get(region)
        if box is None or box.height >= need:
            continue
        old = box
        new_h = need
        if region in ("footer", "number"):
            # Furniture grows about its middle and stays on the slide.
            y = max(0, min(box.top - (need - box.height) // 2, h - need))
            boxes[region] = replace(old, top=y, height=need)
            warnings.append(
                f"{source}: layout '{layout_names.get('content')}': its {_REGION_WORDS[region][1]}"
                f" box ({old.width / EMU_PER_IN:.2f} x {old.height / EMU_PER_IN:.2f} in) is too"
                f" small for one line of 12 pt text; it was made {need / EMU_PER_IN:.2f} in tall."
            )
            continue
        # A subtitle, a body or a column takes the free area below it (on the cover, the
        # presenter and date go there too); a body never rises above the title.
        if region not in ("title", "cover_title", "section_title"):
            new_h = max(need, floor - box.top)
        y = box.top
        if y + new_h > floor:
            top = margin
            if region in _UNDER_TITLE and "title" in boxes:
                top = boxes["title"].top + boxes["title"].height
            y = max(top, floor - new_h)
        new_h = max(min(new_h, h - margin - y), old.height)
        boxes[region] = replace(old, top=y, height=new_h)
        if region == "title":
            bottom = y + new_h + int(0.1 * EMU_PER_IN)
            for under in _UNDER_TITLE:
                b = boxes.get(under)
                if b is not None and b.top < bottom:
                    end = b.top + b.height
                    boxes[under] = replace(b, top=bottom, height=max(end - bottom, int(EMU_PER_IN)))
        role, what = _REGION_WORDS[region]
        if layout_names.get(role) in grown.get(what, set()):
            continue  # the same layout's box, grown for another role: said once
        grown.setdefault(what, set()).add(layout_names.get(role))
        warnings.append(
            f"{source}: layout '{layout_names.get(role, role)}': its {what} box "
            f"({old.width / EMU_PER_IN:.2f} x {old.height / EMU_PER_IN:.2f} in) is too small for "
            f"the deck's {_plural(what)}; it was made {new_h / EMU_PER_IN:.2f} in tall. To keep "
            "the template's own size, make that placeholder taller in the slide master view."
        )
    for name, b in boxes.items():
        boxes[name] = inside(b, w, h)
    return warnings


def _plural(what: str) -> str:
    return "bodies" if what == "body" else what + "s"


def inside(box: Box, w: int, h: int) -> Box:
    """Return ``box`` moved and cut to lie wholly on a ``w`` x ``h`` slide."""
    x, y = max(0, box.left), max(0, box.top)
    bw, bh = min(box.width, w - x), min(box.height, h - y)
    if (x, y, bw, bh) == (box.left, box.top, box.width, box.height):
        return box
    return replace(box, left=x, top=y, width=bw, height=bh)


# --------------------------------------------------------------------------- contrast

# The text regions of each layout role, and which of the layout's placeholders holds each
# (None: a text box the renderer adds, in the master's plain-text colour).
ROLE_REGIONS: dict[str, tuple[tuple[str, str | int | None], ...]] = {
    "cover": (("cover_title", "title"), ("cover_sub", 0)),
    "section": (("section_title", "title"), ("section_sub", 0)),
    "content": (("title", "title"), ("body", 0)),
    "two": (("title", "title"), ("left", 0), ("right", 1)),
    "title_only": (("title", "title"), ("caption", None)),
}
FURNITURE = {"footer": PP_PLACEHOLDER.FOOTER, "number": PP_PLACEHOLDER.SLIDE_NUMBER}
# How a region is named to the user.
_WORDS = {
    "cover_title": "title",
    "section_title": "title",
    "cover_sub": "subtitle",
    "section_sub": "subtitle",
    "left": "left column",
    "right": "right column",
    "closing": "closing text",
}


def furniture_placeholder(layout, region: str):
    """Return ``layout``'s own footer or slide-number placeholder for ``region``, or None."""
    kind = FURNITURE[region]
    return next((ph for ph in layout.placeholders if ph_type(ph) == kind), None)


def colour_plan(
    prs: Presentation, layouts: dict[str, object], boxes: dict[str, Box], source: str
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Return the colour to write on each region's runs where the template's own colour is
    under 4.5:1 against what the layout draws under it, the fill to give a region that no
    colour reads on as it is, and warnings.

    Keys are ``"role:region"`` (``"content:title"``, ``"section:footer"``). A region whose
    colour reads well is not listed: its runs inherit the template's colour. Otherwise the
    template's text and background theme colours are tried, the best taken; when even that is
    under 4.5:1 (a ground of two colours no text colour reads on both of: a patterned band, a
    strip of piano keys), the region is given a fill of the ground colour its own text colour
    reads best on, so it keeps the template's colours and place and reads at 4.5:1; a warning
    names the layout and the colours, except for a footer or slide number.
    """
    from generator.outputs.deck import backdrop

    w, h = prs.slide_width, prs.slide_height
    overrides: dict[str, str] = {}
    fills: dict[str, str] = {}
    warnings: list[str] = []
    for role, layout in layouts.items():
        master = layout.slide_master
        s = slots(layout.placeholders)
        regions = list(ROLE_REGIONS[role])
        if role != "cover":
            regions += [("footer", "furniture"), ("number", "furniture")]
        if role == "content" and "closing" in boxes:
            regions.append(("closing", 0))
        for region, holder in regions:
            ph = region_placeholder(layout, region, holder, s)
            grounds = region_grounds(layout, region, boxes[region], ph, (w, h))
            if ph is not None:
                colour = backdrop.text_colour(ph, master)
            else:
                colour = backdrop.other_text_colour(layout)
            if region == "closing":  # the body's text, in the colour chosen for the body
                colour = overrides.get(f"{role}:body", colour)
            if not grounds:
                continue
            if min(contrast_ratio(colour, g) for g in grounds) >= AA_NORMAL:
                continue
            choices = [*backdrop.theme_text_choices(layout), "#000000", "#FFFFFF"]
            best = max(choices, key=lambda c: min(contrast_ratio(c, g) for g in grounds))
            ratio = min(contrast_ratio(best, g) for g in grounds)
            if ratio < AA_NORMAL:
                # Its own colour first, on the ground it reads best on; else the best pair.
                pairs = [(t, g) for t in dict.fromkeys([colour, *choices]) for g in grounds]
                best, fill = max(
                    pairs,
                    key=lambda p: (contrast_ratio(*p) >= AA_NORMAL, p[0] == colour, p[1]),
                )
                if not contrast_ratio(best, fill) >= AA_NORMAL:
                    best, fill = max(pairs, key=lambda p: contrast_ratio(*p))
                fills[f"{role}:{region}"] = fill
                # A footer on a band is expected and small; the closing text takes its fill
                # only when it does not fit the cleared body. Anything else is worth a word.
                if region not in (*FURNITURE, "closing"):
                    warnings.append(
                        f"{source}: layout '{layout.name}': no theme colour reads at 4.5:1 on "
                        f"all that lies under its {_WORDS.get(region, region)} box "
                        f"({', '.join(grounds)}), so the box is filled with {fill} under text "
                        f"in {best}. To keep the design, give that layout a plainer "
                        "background there in the slide master view."
                    )
            overrides[f"{role}:{region}"] = best
    return overrides, fills, warnings


def region_placeholder(layout, region: str, holder, found: Slots | None = None):
    """Return the placeholder of ``layout`` that holds ``region``'s text (``holder`` as in
    :data:`ROLE_REGIONS`, or "furniture"), None for a text box the renderer adds."""
    found = slots(layout.placeholders) if found is None else found
    if holder == "title":
        return found.title
    if holder == "furniture":
        return furniture_placeholder(layout, region)
    if isinstance(holder, int) and len(found.bodies) > holder:
        return found.bodies[holder]
    return None


def region_grounds(layout, region: str, box: Box, ph, slide: tuple[int, int]) -> list[str]:
    """Return the colours under the text of ``region`` (in ``box``) on ``layout``: its
    placeholder's own fill when it has one, else what the layout draws under the part of the
    box its text covers."""
    from generator.outputs.deck import backdrop

    if ph is not None:
        own = backdrop.placeholder_fill(ph, layout.slide_master)
        if own is not None:
            return [own]  # the text's own box is filled: that is what is under it
    part = _text_part(region, box)
    return backdrop.under(backdrop.layers(layout, *slide, part), part)


def _text_part(region: str, box: Box) -> Box:
    """Return the part of ``box`` its text covers: all of it, but for the slide number, which
    is right-aligned and a few digits wide."""
    if region != "number":
        return box
    wide = min(box.width, box.right_inset + int(0.25 * EMU_PER_IN))  # "100" at 12 pt
    return replace(box, left=box.left + box.width - wide, width=wide)


# Which layout roles' design each region is cleared against (the footer and slide number
# sit on every layout but the cover's).
_REGION_ROLE = {
    "title": ("content",),
    "body": ("content",),
    "left": ("two",),
    "right": ("two",),
    "cover_title": ("cover",),
    "cover_sub": ("cover",),
    "section_title": ("section",),
    "section_sub": ("section",),
    "image": ("title_only",),
    "caption": ("title_only",),
    "footer": ("content", "section", "two", "title_only"),
    "number": ("content", "section", "two", "title_only"),
}
# The regions a title sits above: they give way when the title moves down, off a logo.
_BELOW_TITLE = {
    "title": _UNDER_TITLE,
    "cover_title": ("cover_sub",),
    "section_title": ("section_sub",),
}
# Regions of running text: one cleared of a band may keep two thirds of the height ``needs``
# gives it (the fitter then splits its text onto more slides); others keep all of it.
_FLOWING = ("body", "left", "right", "cover_sub", "section_sub")


def clear_design(
    prs: Presentation,
    layouts: dict[str, object],
    boxes: dict[str, Box],
    needs: dict[str, int],
    source: str,
) -> list[str]:
    """Shrink each text region of ``boxes`` to the free part of its layout: off the master's
    and layout's pictures, logos and bands its text would not read on; a title may instead
    move down, below a logo, pushing the text under it. Return a warning for each region
    that cannot be cleared and keep half its size and the height it needs (it is left as it
    was: a template is never refused for its design).

    The colour judged is the one the region's text will take on what shows over most of it:
    the template's own when it reads there, else the theme colour that does.
    """
    from generator.outputs.deck import backdrop

    w, h = prs.slide_width, prs.slide_height
    gap = int(0.08 * EMU_PER_IN)
    warnings = []
    for region, roles in _REGION_ROLE.items():
        for role in dict.fromkeys(roles):
            layout = layouts[role]
            box = boxes[region]
            hurdles = _hurdles(layout, region, box, w, h)
            if not hurdles:
                continue
            new = backdrop.clear_of(box, hurdles, gap)
            least = needs.get(region, 0)
            if region in _FLOWING:
                least = least * 2 // 3
            if region in _BELOW_TITLE:
                down = _moved_below(layout, region, box, hurdles, boxes, needs, (w, h), gap)
                if down is not None and down.width * down.height > new.width * new.height:
                    _push_below(boxes, region, down, _BELOW_TITLE[region])
                    boxes[region] = down
                    continue
            if new == box:
                continue
            if new.width * new.height >= (box.width * box.height) // 2 and new.height >= least:
                boxes[region] = new
                if region == "body":  # an image slide's picture and caption share the body
                    boxes["image"], boxes["caption"] = image_and_caption(new)
                continue
            kinds = " and ".join(sorted({f"{lay.kind}s" for lay in hurdles}))
            warnings.append(
                f"{source}: layout '{layout.name}': its {kinds} overlap the "
                f"{region.replace('_', ' ')} box and leave too little room beside them; text "
                "there may run over them. Move or shrink them in the slide master view."
            )
    return warnings


def _hurdles(layout, region: str, box: Box, w: int, h: int) -> list:
    """Return what text in ``region`` on ``layout`` must keep clear of (see
    :func:`generator.outputs.deck.backdrop.obstacles`), judged in the colour it will take."""
    from generator.outputs.deck import backdrop

    found = backdrop.layers(layout, w, h, box)
    holder = _region_holder(layout, region)
    # Text in a filled placeholder sits on its fill, whatever the design draws beneath.
    own = None if holder is None else backdrop.placeholder_fill(holder, layout.slide_master)
    main = own or backdrop.main_ground(found, box)
    text = _region_text_colour(layout, region)
    if contrast_ratio(text, main) < AA_NORMAL:
        choices = [*backdrop.theme_text_choices(layout), "#000000", "#FFFFFF"]
        text = max(choices, key=lambda c: contrast_ratio(c, main))
    return backdrop.obstacles(found, box, w * h, text)


def _moved_below(
    layout,
    region: str,
    box: Box,
    hurdles: list,
    boxes: dict[str, Box],
    needs: dict[str, int],
    slide: tuple[int, int],
    gap: int,
) -> Box | None:
    """Return ``box`` moved down just below the ``hurdles`` it overlaps, when it is free
    there and the regions under it keep the height they need; else None."""
    top = max(lay.box.top + lay.box.height for lay in hurdles) + gap
    down = replace(box, top=top)
    if top + box.height > slide[1] or _hurdles(layout, region, down, *slide):
        return None
    bottom = top + box.height + int(0.1 * EMU_PER_IN)
    for under in _BELOW_TITLE[region]:
        b = boxes.get(under)
        least = needs.get(under, 0) * (2 if under in _FLOWING else 3) // 3
        if b is not None and b.top < bottom and b.top + b.height - bottom < least:
            return None
    return down


def _push_below(boxes: dict[str, Box], region: str, moved: Box, regions: tuple) -> None:
    """Move the tops of ``regions`` down to just below ``moved`` (their bottoms stay)."""
    bottom = moved.top + moved.height + int(0.1 * EMU_PER_IN)
    for under in regions:
        b = boxes.get(under)
        if b is not None and b.top < bottom:
            boxes[under] = replace(b, top=bottom, height=b.top + b.height - bottom)


def _region_holder(layout, region: str):
    """Return the placeholder of ``layout`` that holds ``region``'s text, or None."""
    if region in FURNITURE:
        return furniture_placeholder(layout, region)
    s = slots(layout.placeholders)
    holder = {"title": s.title, "cover_title": s.title, "section_title": s.title}.get(region)
    if holder is None and region in ("body", "left", "cover_sub", "section_sub") and s.bodies:
        holder = s.bodies[0]
    if holder is None and region == "right" and len(s.bodies) > 1:
        holder = s.bodies[1]
    return holder


def _region_text_colour(layout, region: str) -> str:
    """Return the colour the template gives text in ``region`` on ``layout``."""
    from generator.outputs.deck import backdrop

    holder = _region_holder(layout, region)
    if holder is None:
        return backdrop.other_text_colour(layout)
    return backdrop.text_colour(holder, layout.slide_master)


# --------------------------------------------------------------------------- fonts


def style_fonts(layout, major: str, minor: str) -> tuple[str, str]:
    """Return the title and body typefaces ``layout``'s text is really set in.

    A master's text styles (or a placeholder's own list style) may name a font other than the
    theme's (Verdana, Montserrat over a Calibri theme): the first named, looked for in the
    layout's title/body placeholder, then the master's, then the master's title/body text
    style; "+mj-lt"/"+mn-lt" stand for the theme's ``major``/``minor`` fonts, which are taken
    when nothing else is named.
    """
    master = layout.slide_master
    s = slots(layout.placeholders)
    styles = master._element.find(qn("p:txStyles"))

    def named(holders: list, theme: str) -> str:
        for el in holders:
            if el is None:
                continue
            for tag in ("a:lvl1pPr", "a:defPPr"):
                latin = el.find(f"{qn(tag)}/{qn('a:defRPr')}/{qn('a:latin')}")
                face = "" if latin is None else (latin.get("typeface") or "").strip()
                if face:
                    return {"+mj-lt": major, "+mn-lt": minor}.get(face, face)
        return theme

    def lst(ph) -> object:
        return None if ph is None else ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")

    def master_ph(kind: str):
        for ph in master.placeholders:
            if ph_type(ph) == kind:
                return ph
        return None

    title = named(
        [
            lst(s.title),
            lst(master_ph(PP_PLACEHOLDER.TITLE)),
            None if styles is None else styles.find(qn("p:titleStyle")),
        ],
        major,
    )
    body = named(
        [
            lst(s.bodies[0] if s.bodies else None),
            lst(master_ph(PP_PLACEHOLDER.BODY)),
            None if styles is None else styles.find(qn("p:bodyStyle")),
        ],
        minor,
    )
    return title, body


def title_caps(layouts: dict[str, object]) -> dict[str, float]:
    """Return, for each title region, the size (pt) the template's title style sets there:
    the layout's title placeholder's list style, its master's title placeholder's, or the
    master's title style. Regions whose template names no size are left out."""
    caps = {}
    for region, role in (
        ("title", "content"),
        ("cover_title", "cover"),
        ("section_title", "section"),
    ):
        layout = layouts[role]
        master = layout.slide_master
        title = slots(layout.placeholders).title
        holders = [
            title,
            *(ph for ph in master.placeholders if ph_type(ph) == PP_PLACEHOLDER.TITLE),
        ]
        styles = master._element.find(qn("p:txStyles"))
        candidates = [
            ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
            for ph in holders
            if ph is not None
        ]
        candidates.append(None if styles is None else styles.find(qn("p:titleStyle")))
        for el in candidates:
            rpr = None if el is None else el.find(f"{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
            if rpr is not None and rpr.get("sz"):
                caps[region] = int(rpr.get("sz")) / 100
                break
    return caps
