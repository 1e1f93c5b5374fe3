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

from generator.outputs.deck.geometry import SLIDE_H, SLIDE_W
from generator.source.model import Colors


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
