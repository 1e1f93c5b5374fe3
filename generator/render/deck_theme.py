"""The default look: a calm 16:9 theme built from the practice profile's colours and fonts.

The theme starts from python-pptx's own blank template, widened to 16:9, with the theme's
colour scheme, font scheme and master background replaced by the practice's, so a slide the
presenter adds later in PowerPoint matches the generated ones. Geometry of every text region is
fixed here, in inches, and handed to the fitter through :class:`DeckMetrics`.
"""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from generator.errors import OutlineError
from generator.model import Colors
from generator.textfit import EMU_PER_IN, Box

SLIDE_W = 12192000  # 13.333 in: 16:9
SLIDE_H = 6858000  # 7.5 in


def _in(x: float) -> int:
    return int(round(x * EMU_PER_IN))


def _box(x: float, y: float, w: float, h: float) -> Box:
    return Box(_in(x), _in(y), _in(w), _in(h))


# Regions of the default theme, in inches. Content sits on a 0.75 in margin; the footer band
# starts at 6.85 in, well below the body (which ends at 6.55 in).
DEFAULT_BOXES = {
    "title": _box(0.75, 0.4, 11.83, 1.3),
    "body": _box(0.75, 2.0, 11.83, 4.55),
    "left": _box(0.75, 2.0, 5.75, 4.55),
    "right": _box(6.83, 2.0, 5.75, 4.55),
    "cover_title": _box(0.9, 1.3, 11.5, 2.7),
    "cover_sub": _box(0.9, 4.35, 8.9, 2.4),
    "section_title": _box(0.9, 1.6, 11.5, 2.6),
    "section_sub": _box(0.9, 4.5, 11.5, 1.8),
    "image": _box(0.75, 2.0, 11.83, 3.65),
    "caption": _box(0.75, 5.75, 11.83, 0.9),
    "footer": _box(0.75, 6.9, 9.6, 0.42),
    "number": _box(11.33, 6.9, 1.25, 0.42),
    "logo": _box(10.2, 4.9, 2.4, 1.6),
    "accent": _box(0.85, 1.78, 1.1, 0.06),
}


def luminance(hex_colour: str) -> float:
    """Return the WCAG relative luminance of ``#RRGGBB``."""
    chans = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        chans.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = chans
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """Return the WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def check_contrast(pairs: list[tuple[str, str, str, str]], where: str) -> None:
    """Raise :class:`OutlineError` for each (fg name, fg, bg name, bg) pair under 4.5:1."""
    problems = []
    for fg_name, fg, bg_name, bg in pairs:
        ratio = contrast(fg, bg)
        if ratio < 4.5:
            problems.append(
                f"{where}: {fg_name} {fg.upper()} on {bg_name} {bg.upper()} has a contrast of "
                f"{ratio:.2f}:1; slides need at least 4.5:1 (WCAG 2.1, 1.4.3). Darken the "
                "text colour or lighten the background."
            )
    if problems:
        raise OutlineError("\n".join(problems))


def check_practice_colours(colors: Colors) -> None:
    """Raise :class:`OutlineError` unless every text/background pair the theme uses is legible."""
    check_contrast(
        [
            ("colors.text", colors.text, "colors.background", colors.background),
            ("colors.primary (titles)", colors.primary, "colors.background", colors.background),
            (
                "colors.background (text on title slides)",
                colors.background,
                "colors.primary",
                colors.primary,
            ),
        ],
        "practice profile",
    )


def default_presentation(colors: Colors, heading_font: str, body_font: str) -> Presentation:
    """Return python-pptx's blank template made 16:9 and themed with the practice's look."""
    prs = Presentation()
    scale = SLIDE_W / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    # Widen the master's and layouts' placeholders with the slide, so slides added later by
    # hand are laid out for 16:9 too.
    master = prs.slide_master
    for part_el in [master._element, *(lay._element for lay in prs.slide_layouts)]:
        for xfrm in part_el.iter(qn("a:xfrm")):
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            if off is not None:
                off.set("x", str(int(int(off.get("x")) * scale)))
            if ext is not None:
                ext.set("cx", str(int(int(ext.get("cx")) * scale)))
    fill = master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(colors.background[1:])
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = _themed(theme.blob, colors, heading_font, body_font)
    return prs


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _themed(blob: bytes, colors: Colors, heading_font: str, body_font: str) -> bytes:
    """Return theme XML with the practice's colour and font schemes."""
    root = etree.fromstring(blob)
    scheme = {
        "dk1": colors.text,
        "lt1": colors.background,
        "dk2": colors.primary,
        "lt2": colors.background,
        "accent1": colors.primary,
        "accent2": colors.accent,
    }
    clr = root.find(f".//{{{_A}}}clrScheme")
    clr.set("name", "Practice")
    for name, value in scheme.items():
        slot = clr.find(f"{{{_A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{_A}}}srgbClr", val=value[1:].upper())
    fonts = root.find(f".//{{{_A}}}fontScheme")
    fonts.set("name", "Practice")
    for tag, family in (("majorFont", heading_font), ("minorFont", body_font)):
        fonts.find(f"{{{_A}}}{tag}").find(f"{{{_A}}}latin").set("typeface", family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
