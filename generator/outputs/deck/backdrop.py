"""What a template draws under and around the deck's text: colours, bands, pictures and logos.

A template's slide shows, bottom to top, the master's (or the layout's own) background, the
master's shapes and pictures (unless the layout hides them), the layout's, and the fill of the
placeholder the text sits in. :func:`layers` lists those that touch a region of the slide, each
reduced to one colour (a picture's the average of the part under the region); :func:`text_colour`
follows a placeholder's text colour through the layout, the master's placeholder and the
master's text styles to a theme colour. :mod:`generator.outputs.deck.geometry` uses both to
keep every run at 4.5:1 against what is really under it, and to keep text off logos and bands.
A layer that shows several colours (a pattern's two, a picture's main ones, such as a piano's
black and white keys) lists them all: text must read on each.

Colours are '#RRGGBB'. Scheme colours go through the master's colour map (tx1 -> dk1, ...), and
the lumMod/lumOff/tint/shade modifiers PowerPoint writes for "Background 1, darker 5%" are
applied (in HSL, as Office does); a colour this module cannot read is left out, never guessed.
"""

from __future__ import annotations

import colorsys
import io
import math
from dataclasses import dataclass, replace

from lxml import etree
from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.outputs.deck.textfit import Box
from generator.source.contrast import AA_NORMAL, contrast_ratio

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _a(tag: str) -> str:
    return f"{{{A}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{P}}}{tag}"


@dataclass(frozen=True)
class Layer:
    """One thing drawn under text: its box, its colour, what it is, and where it comes from;
    ``also`` holds the other colours it shows (a pattern's second, a picture's others)."""

    box: Box
    colour: str
    kind: str  # "background", "shape", "picture", "group" (its members listed too)
    where: str  # "master", "layout" or "placeholder"
    alpha: float = 1.0
    also: tuple[str, ...] = ()

    @property
    def colours(self) -> tuple[str, ...]:
        """Return every colour the layer shows, its main one first."""
        return (self.colour, *self.also)

    def overlap(self, other: Box) -> float:
        """Return the share of ``other``'s area that this layer covers (0 to 1)."""
        return _overlap(self.box, other)


def _overlap(a: Box, b: Box) -> float:
    w = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    h = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if w <= 0 or h <= 0 or b.width <= 0 or b.height <= 0:
        return 0.0
    return (w * h) / (b.width * b.height)


# --------------------------------------------------------------------------- colours


class Scheme:
    """A master's theme colours, read through its colour map."""

    def __init__(self, master) -> None:
        self.colours: dict[str, str] = {}
        try:
            theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        except (KeyError, etree.XMLSyntaxError):
            theme = None
        scheme = None if theme is None else theme.find(f".//{_a('clrScheme')}")
        for slot in [] if scheme is None else scheme:
            name = etree.QName(slot).localname
            if len(slot):
                value = slot[0].get("val") if slot[0].tag == _a("srgbClr") else None
                value = value or slot[0].get("lastClr")
                if value:
                    self.colours[name] = "#" + value.upper()
        cmap = master._element.find(_p("clrMap"))
        self.map = dict(cmap.attrib) if cmap is not None else {}
        for alias, slot in (("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2")):
            self.map.setdefault(alias, slot)

    def named(self, name: str) -> str | None:
        """Return the colour of a scheme name (``tx1``, ``accent2``, ``dk1``), or None."""
        return self.colours.get(self.map.get(name, name))

    def colour(self, el, placeholder: str | None = None) -> str | None:
        """Return the colour an ``a:srgbClr``/``a:schemeClr``/``a:sysClr`` element stands for.

        ``placeholder`` is the colour ``phClr`` stands for (a theme style's own colour).
        """
        if el is None:
            return None
        tag = etree.QName(el).localname
        if tag == "srgbClr":
            base = "#" + (el.get("val") or "000000").upper()
        elif tag == "schemeClr":
            name = el.get("val") or ""
            base = placeholder if name == "phClr" else self.named(name)
        elif tag == "sysClr":
            base = "#" + (el.get("lastClr") or "000000").upper()
        elif tag == "prstClr":
            base = {"black": "#000000", "white": "#FFFFFF"}.get(el.get("val") or "")
        else:
            return None
        if base is None:
            return None
        for mod in el:
            base = _modify(base, etree.QName(mod).localname, int(mod.get("val") or 0) / 100000)
        return base

    def fill(self, holder) -> str | None:
        """Return the single colour of the first fill under ``holder`` (solid, or a gradient's
        average), None for no fill or one this module cannot read."""
        if holder is None:
            return None
        solid = holder.find(_a("solidFill"))
        if solid is not None and len(solid):
            return self.colour(solid[0])
        grad = holder.find(_a("gradFill"))
        if grad is not None:
            stops = [self.colour(gs[0]) for gs in grad.iter(_a("gs")) if len(gs)]
            stops = [s for s in stops if s]
            return _average(stops) if stops else None
        return None


def fill_alpha(holder) -> float:
    """Return the opacity (0 to 1) of a solid fill under ``holder``; 1 for any other fill."""
    solid = None if holder is None else holder.find(_a("solidFill"))
    if solid is None or not len(solid):
        return 1.0
    found = solid[0].find(_a("alpha"))
    return 1.0 if found is None else int(found.get("val") or 100000) / 100000


def blend(top: str, alpha: float, below: str) -> str:
    """Return ``top`` drawn at opacity ``alpha`` over ``below``."""
    mixed = (
        round(int(top[i : i + 2], 16) * alpha + int(below[i : i + 2], 16) * (1 - alpha))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{v:02X}" for v in mixed)


def _modify(colour: str, how: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    if how in ("lumMod", "lumOff"):
        h, lum, s = colorsys.rgb_to_hls(r, g, b)
        lum = lum * amount if how == "lumMod" else lum + amount
        r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
    elif how in ("tint", "shade"):
        # Office tints (toward white) and shades (toward black) in linear light, not sRGB:
        # black tinted 75% shows as #898989, not #404040.
        lin = [_linear(c) for c in (r, g, b)]
        lin = [1 - (1 - c) * amount if how == "tint" else c * amount for c in lin]
        r, g, b = (_srgb(c) for c in lin)
    else:
        return colour
    return "#" + "".join(f"{round(min(1, max(0, c)) * 255):02X}" for c in (r, g, b))


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _srgb(c: float) -> float:
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _average(colours: list[str]) -> str:
    sums = [0, 0, 0]
    for c in colours:
        for i, off in enumerate((1, 3, 5)):
            sums[i] += int(c[off : off + 2], 16)
    return "#" + "".join(f"{round(v / len(colours)):02X}" for v in sums)


# --------------------------------------------------------------------------- layers


def _background(part_el, scheme: Scheme) -> tuple[str | None, object]:
    """Return the colour of a master's or layout's own background and its bgPr (or None)."""
    bg = part_el.find(f"{_p('cSld')}/{_p('bg')}")
    if bg is None:
        return None, None
    pr = bg.find(_p("bgPr"))
    if pr is not None:
        return scheme.fill(pr), pr
    ref = bg.find(_p("bgRef"))
    if ref is not None and len(ref):
        return scheme.colour(ref[0]), None
    return None, None


def _picture_colours(part, blip_holder, region: Box | None, box: Box) -> tuple[str, ...]:
    """Return the main colours of the part of a picture that lies under ``region``: those
    covering at least a tenth of it (after reducing it to a few colours), commonest first;
    its average when none does. Empty when the picture cannot be read."""
    blip = blip_holder.find(f".//{_a('blip')}")
    rid = None if blip is None else blip.get(f"{{{R}}}embed")
    if not rid:
        return ()
    try:
        blob = part.related_part(rid).blob
        with Image.open(io.BytesIO(blob)) as img:
            img = img.convert("RGB")
            if region is not None and box.width > 0 and box.height > 0:
                sx, sy = img.width / box.width, img.height / box.height
                x0 = max(0, int((region.left - box.left) * sx))
                y0 = max(0, int((region.top - box.top) * sy))
                x1 = min(img.width, int((region.left + region.width - box.left) * sx))
                y1 = min(img.height, int((region.top + region.height - box.top) * sy))
                if x1 > x0 and y1 > y0:
                    img = img.crop((x0, y0, x1, y1))
            # A small copy is enough to tell a picture's main colours, and quick.
            img.thumbnail((64, 64))
            average = img.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
            few = img.quantize(6, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            palette = few.getpalette() or []
            counts = sorted(few.getcolors() or [], reverse=True)
    except (KeyError, OSError, ValueError):
        return ()
    total = sum(n for n, _ in counts) or 1
    main = [
        "#" + "".join(f"{v:02X}" for v in palette[3 * i : 3 * i + 3])
        for n, i in counts
        if n * 10 >= total
    ]
    return tuple(dict.fromkeys(main)) or ("#{:02X}{:02X}{:02X}".format(*average),)


def _xfrm(el) -> tuple[Box, float] | None:
    """Return a shape's or group's box as written (before rotation) and its rotation in
    degrees, None when it has no position of its own."""
    pr = el.find(_p("spPr"))
    if pr is None:
        pr = el.find(_p("grpSpPr"))
    xfrm = None if pr is None else pr.find(_a("xfrm"))
    if xfrm is None:
        return None
    off, ext = xfrm.find(_a("off")), xfrm.find(_a("ext"))
    if off is None or ext is None:
        return None
    box = Box(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    return box, int(xfrm.get("rot") or 0) / 60000


Point = tuple[float, float]


def _turn(p: Point, centre: Point, degrees: float) -> Point:
    """Return ``p`` turned clockwise (as DrawingML turns shapes) by ``degrees`` about
    ``centre``."""
    if not degrees % 360:
        return p
    a = math.radians(degrees)
    dx, dy = p[0] - centre[0], p[1] - centre[1]
    return (
        centre[0] + dx * math.cos(a) - dy * math.sin(a),
        centre[1] + dx * math.sin(a) + dy * math.cos(a),
    )


def _corners(box: Box, degrees: float) -> list[Point]:
    """Return the four corners of ``box`` turned by ``degrees`` about its centre."""
    centre = (box.left + box.width / 2, box.top + box.height / 2)
    right, bottom = box.left + box.width, box.top + box.height
    square = [(box.left, box.top), (right, box.top), (right, bottom), (box.left, bottom)]
    return [_turn(p, centre, degrees) for p in square]


def _bounds(points: list[Point]) -> Box:
    """Return the smallest box holding ``points``."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(int(min(xs)), int(min(ys)), int(max(xs) - min(xs)), int(max(ys) - min(ys)))


def _same(p: Point) -> Point:
    return p


def _shapes(tree, part, scheme: Scheme, where: str, out: list, region: Box | None, tf=_same):
    """Append a layer for every filled shape and picture of a shape tree (groups included).

    ``tf`` maps a point of this tree to the slide (through the groups it sits in); each layer's
    box is the bounds of its shape, turned as the shape and its groups are.
    """
    for el in tree:
        tag = etree.QName(el).localname
        found = _xfrm(el)
        if found is None:
            continue
        own, degrees = found
        box = _bounds([tf(p) for p in _corners(own, degrees)])
        if tag == "grpSp":
            xfrm = el.find(_p("grpSpPr")).find(_a("xfrm"))
            ch_off, ch_ext = xfrm.find(_a("chOff")), xfrm.find(_a("chExt"))
            if ch_off is None or ch_ext is None:
                continue
            cx, cy = int(ch_off.get("x")), int(ch_off.get("y"))
            sx = own.width / max(1, int(ch_ext.get("cx")))
            sy = own.height / max(1, int(ch_ext.get("cy")))
            centre = (own.left + own.width / 2, own.top + own.height / 2)

            def child(p: Point, own=own, cx=cx, cy=cy, sx=sx, sy=sy, c=centre, d=degrees, tf=tf):
                # The group's children are placed in its own frame, which it scales, turns
                # about its centre and places in its parent's.
                inner = (own.left + (p[0] - cx) * sx, own.top + (p[1] - cy) * sy)
                return tf(_turn(inner, c, d))

            start = len(out)
            _shapes(el, part, scheme, where, out, region, child)
            # The group as a whole too (an asterisk of thin bars, a cluster of crosses): text
            # keeps clear of the figure, not only of each bar. Its colours are its members'.
            shown = [c for lay in out[start:] if lay.kind != "group" for c in lay.colours]
            shown = list(dict.fromkeys(shown))
            if shown:
                out.append(Layer(box, shown[0], "group", where, also=tuple(shown[1:])))
        elif tag == "sp":
            if el.find(f"{_p('nvSpPr')}/{_p('nvPr')}/{_p('ph')}") is not None:
                continue  # placeholders draw nothing on slides until used
            pr = el.find(_p("spPr"))
            patt = None if pr is None else pr.find(_a("pattFill"))
            if patt is not None:
                # A pattern shows both its colours: text must read on each.
                found = []
                for which in ("bgClr", "fgClr"):
                    holder = patt.find(_a(which))
                    if holder is not None and len(holder) and scheme.colour(holder[0]):
                        found.append(scheme.colour(holder[0]))
                if found:
                    out.append(Layer(box, found[0], "shape", where, also=tuple(found[1:])))
                continue
            colour = scheme.fill(pr)
            if colour is None and pr is not None and pr.find(_a("noFill")) is None:
                ref = el.find(f"{_p('style')}/{_a('fillRef')}")
                if ref is not None and ref.get("idx") not in (None, "0") and len(ref):
                    colour = scheme.colour(ref[0])
            if colour is not None:
                out.append(Layer(box, colour, "shape", where, fill_alpha(pr)))
        elif tag == "pic":
            shown = _picture_colours(part, el.find(_p("blipFill")), region, box)
            if shown:
                out.append(Layer(box, shown[0], "picture", where, also=shown[1:]))


def layers(layout, slide_w: int, slide_h: int, region: Box | None = None) -> list[Layer]:
    """Return what ``layout`` draws on its slides, bottom first: its (or its master's)
    background over the whole slide, then the master's shapes (unless hidden) and the
    layout's. Pictures are reduced to the average colour of their part under ``region``."""
    master = layout.slide_master
    scheme = Scheme(master)
    whole = Box(0, 0, slide_w, slide_h)
    out: list[Layer] = []
    for part_el, part, where in ((layout._element, layout.part, "layout"),) + (
        ((master._element, master.part, "master"),)
    ):
        colour, pr = _background(part_el, scheme)
        shown: tuple[str, ...] = () if colour is None else (colour,)
        if colour is None and pr is not None and pr.find(_a("blipFill")) is not None:
            shown = _picture_colours(part, pr.find(_a("blipFill")), region, whole)
        if shown:
            out.append(Layer(whole, shown[0], "background", where, also=shown[1:]))
            break
    else:
        out.append(Layer(whole, scheme.named("bg1") or "#FFFFFF", "background", "theme"))
    if layout._element.get("showMasterSp") != "0":
        _shapes(master.shapes._spTree, master.part, scheme, "master", out, region)
    _shapes(layout.shapes._spTree, layout.part, scheme, "layout", out, region)
    return out


def under(all_layers: list[Layer], region: Box, share: float = 0.03) -> list[str]:
    """Return the colours text in ``region`` may sit on, after see-through layers are blended.

    Layers are drawn bottom first: one covering the whole region replaces what is beneath
    (blended when see-through); one covering at least ``share`` of it adds its colours over the
    colour beneath it.
    """
    grounds: list[str] = []
    for layer in all_layers:
        cover = layer.overlap(region)
        if cover < share or layer.kind == "group":  # a group's members are drawn, not it
            continue
        beneath = grounds[-1] if grounds else "#FFFFFF"
        if cover >= 0.98:
            if layer.alpha >= 1:
                grounds = list(layer.colours)
            else:
                grounds = [
                    blend(c, layer.alpha, g) for c in layer.colours for g in grounds or [beneath]
                ]
        else:
            grounds += [blend(c, layer.alpha, beneath) for c in layer.colours]
    return list(dict.fromkeys(grounds))


def obstacles(all_layers: list[Layer], region: Box, slide_area: int, text: str) -> list[Layer]:
    """Return the pictures and shapes that text of colour ``text`` in ``region`` must keep
    clear of.

    A picture covering more than half the slide is a background; a smaller one is in the way
    (a logo, a strip of piano keys). A filled shape is in the way when it is opaque, covers
    less than 60% of the region (more, and it is the band the template put there for this
    text) and ``text`` would not read at 4.5:1 on one of its colours (a light texture under
    dark text is no obstacle; a blue band under black text is). A group of shapes smaller
    than a quarter of the slide (a drawn figure) is in the way when ``text`` would not read on
    one of its colours.
    """
    found = []
    for layer in all_layers:
        if layer.kind == "background" or layer.overlap(region) <= 0.01:
            continue
        area = layer.box.width * layer.box.height
        if layer.kind == "picture" and area > slide_area // 2:
            continue
        if layer.kind == "group" and (
            area > slide_area // 4
            or all(contrast_ratio(text, c) >= AA_NORMAL for c in layer.colours)
        ):
            continue
        if layer.kind == "shape" and (
            layer.alpha < 0.5
            or layer.overlap(region) >= 0.6
            or all(contrast_ratio(text, c) >= AA_NORMAL for c in layer.colours)
        ):
            continue
        found.append(layer)
    return found


def main_ground(all_layers: list[Layer], region: Box, steps: int = 16) -> str:
    """Return the colour that shows over most of ``region``: the layers are sampled at a
    ``steps`` x ``steps`` grid of points, each point taking the topmost layer's colour there
    (see-through ones blended over what is beneath)."""
    count: dict[str, int] = {}
    for i in range(steps):
        x = region.left + (2 * i + 1) * region.width // (2 * steps)
        for j in range(steps):
            y = region.top + (2 * j + 1) * region.height // (2 * steps)
            colour = "#FFFFFF"
            for layer in all_layers:
                if layer.kind == "group":
                    continue
                b = layer.box
                if b.left <= x < b.left + b.width and b.top <= y < b.top + b.height:
                    colour = blend(layer.colour, layer.alpha, colour)
            count[colour] = count.get(colour, 0) + 1
    return max(count, key=lambda c: count[c])


def clear_of(region: Box, hurdles: list[Layer], gap: int) -> Box:
    """Return the largest part of ``region`` above, below, left or right of each hurdle."""
    for layer in sorted(hurdles, key=lambda lay: -lay.overlap(region)):
        o = layer.box
        if _overlap(o, region) <= 0:
            continue
        right_end, bottom_end = region.left + region.width, region.top + region.height
        options = [
            replace(region, height=o.top - gap - region.top),
            replace(
                region, top=o.top + o.height + gap, height=bottom_end - (o.top + o.height + gap)
            ),
            replace(region, width=o.left - gap - region.left),
            replace(
                region, left=o.left + o.width + gap, width=right_end - (o.left + o.width + gap)
            ),
        ]
        options = [b for b in options if b.width > 0 and b.height > 0]
        if options:
            region = max(options, key=lambda b: b.width * b.height)
    return region


# --------------------------------------------------------------------------- text colour

_STYLE_OF = {"title": "titleStyle", "ctrTitle": "titleStyle", "body": "bodyStyle"}


def text_colour(placeholder, master, default: str = "#000000") -> str:
    """Return the colour a first-level run in a layout's ``placeholder`` is drawn in.

    Looked for, in order: the layout placeholder's list style, the ``master``'s placeholder of
    the same type, the master's text style for titles / bodies / other text, then the theme's
    tx1.
    """
    scheme = Scheme(master)
    ph_el = placeholder._element.find(f".//{_p('ph')}")
    kind = (ph_el.get("type") if ph_el is not None else None) or "body"
    chain = [placeholder._element]
    master_kind = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(kind, kind)
    for ph in master.placeholders:
        el = ph._element.find(f".//{_p('ph')}")
        if el is not None and (el.get("type") or "body") == master_kind:
            chain.append(ph._element)
            break
    for el in chain:
        found = _lvl1_colour(el.find(f"{_p('txBody')}/{_a('lstStyle')}"), scheme)
        if found:
            return found
    styles = master._element.find(_p("txStyles"))
    style_name = _STYLE_OF.get(kind, "bodyStyle" if kind in ("subTitle", "obj") else "otherStyle")
    if styles is not None:
        found = _lvl1_colour(styles.find(_p(style_name)), scheme)
        if found:
            return found
    return scheme.named("tx1") or default


def placeholder_fill(placeholder, master) -> str | None:
    """Return the fill a layout's ``placeholder`` gives its slides' shape (its own, else its
    master placeholder's), None when it has none."""
    scheme = Scheme(master)
    own = placeholder._element.find(_p("spPr"))
    if own is not None and own.find(_a("noFill")) is not None:
        return None  # the layout clears its master's fill
    colour = scheme.fill(own)
    if colour is None:
        ph_el = placeholder._element.find(f".//{_p('ph')}")
        kind = (ph_el.get("type") if ph_el is not None else None) or "body"
        kind = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(kind, kind)
        for ph in master.placeholders:
            el = ph._element.find(f".//{_p('ph')}")
            if el is not None and (el.get("type") or "body") == kind:
                colour = scheme.fill(ph._element.find(_p("spPr")))
                break
    return colour


def other_text_colour(layout, default: str = "#000000") -> str:
    """Return the colour of text in a plain text box on ``layout``'s slides (the theme's tx1
    unless the master's other-text style says otherwise)."""
    master = layout.slide_master
    scheme = Scheme(master)
    styles = master._element.find(_p("txStyles"))
    found = _lvl1_colour(None if styles is None else styles.find(_p("otherStyle")), scheme)
    return found or scheme.named("tx1") or default


def _lvl1_colour(style, scheme: Scheme) -> str | None:
    if style is None:
        return None
    for tag in ("lvl1pPr", "defPPr"):
        lvl = style.find(_a(tag))
        rpr = None if lvl is None else lvl.find(_a("defRPr"))
        if rpr is not None:
            colour = scheme.fill(rpr)
            if colour:
                return colour
    return None


def theme_text_choices(layout) -> list[str]:
    """Return the theme colours a run may take instead, the text and background ones first."""
    scheme = Scheme(layout.slide_master)
    names = ("tx1", "bg1", "tx2", "bg2")
    return list(dict.fromkeys(c for c in (scheme.named(n) for n in names) if c))
