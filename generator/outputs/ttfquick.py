"""reportlab's reading of a TrueType font's characters, widths and glyph offsets, done in bulk.

reportlab reads a font's cmap, hmtx and loca tables two bytes at a time through a Python
method call each (``TTFontFile.extractInfo``): 6 ms a face, 25 ms for the four faces every PDF
registers, on the critical path of a cold build (its PDF half). :func:`install` makes
``TTFontFace`` read those three tables with one ``struct`` call each and fill exactly the same
attributes, in the same order; everything else (names, head, OS/2, post, hhea, maxp) is still
read by reportlab itself. A font it does not expect (a cmap format other than 4 or 12, a table
cut short, anything that raises) is read again entirely by reportlab, which then says what is
wrong with it. ``tests/test_speedups.py`` compares every attribute with reportlab's own
reading, for every bundled face.
"""

from __future__ import annotations

import struct

from reportlab.pdfbase.ttfonts import TTFontFace, TTFontFile


def install() -> None:
    """Make every ``TTFontFace`` created from now on read its character tables in bulk."""
    TTFontFace.extractInfo = _extract_info  # type: ignore[method-assign]


def _extract_info(self: TTFontFile, charInfo: int = 1) -> None:  # noqa: N803 - reportlab's name
    """Set what reportlab's ``extractInfo`` sets; return nothing, as it does."""
    TTFontFile.extractInfo(self, 0)  # names, head, OS/2, post, hhea, maxp: reportlab's reading
    if not charInfo:
        return
    try:
        read = _char_info(self)
    except (struct.error, IndexError, KeyError, ValueError):
        read = False
    if not read:
        TTFontFile.extractInfo(self, charInfo)  # reportlab's reading from the start, its errors


def _char_info(face: TTFontFile) -> bool:
    """Fill ``charToGlyph``, ``glyphToChar``, ``charWidths``, ``hmetrics``, ``defaultWidth``
    and ``glyphPos`` of ``face`` as reportlab does; return False, having set nothing, for a
    font this reader leaves to reportlab."""
    data: bytes = face._ttf_data
    table = face.table
    if "loca" not in table or "hmtx" not in table:
        return False
    head = table["head"]["offset"]
    (index_to_loc,) = struct.unpack_from(">H", data, head + 50)
    num_hmetrics = struct.unpack_from(">H", data, table["hhea"]["offset"] + 34)[0]
    num_glyphs: int = face.numGlyphs
    if index_to_loc not in (0, 1) or not 0 < num_hmetrics <= num_glyphs:
        return False
    cmap = _cmap(data, table["cmap"]["offset"])
    if cmap is None:
        return False
    char_to_glyph, glyph_to_char = cmap

    # hmtx: as reportlab, the glyphs past numberOfHMetrics repeat the last advance scaled to
    # 1/1000 em (a float), where the first ones keep it in font units.
    scale = face._pdfScale
    pairs = struct.unpack_from(f">{2 * num_hmetrics}H", data, table["hmtx"]["offset"])
    rest = struct.unpack_from(
        f">{num_glyphs - num_hmetrics}H", data, table["hmtx"]["offset"] + 4 * num_hmetrics
    )
    hmetrics: list[tuple[float, int]] = []
    char_widths: dict[int, float] = {}
    default_width = None
    aw: float = 0
    for glyph in range(num_hmetrics):
        raw, lsb = pairs[2 * glyph], pairs[2 * glyph + 1]
        hmetrics.append((raw, lsb))
        aw = scale(raw)
        if glyph == 0:
            default_width = aw
        for char in glyph_to_char.get(glyph, ()):
            char_widths[char] = aw
    for glyph, lsb in enumerate(rest, num_hmetrics):
        hmetrics.append((aw, lsb))
        for char in glyph_to_char.get(glyph, ()):
            char_widths[char] = aw

    loca = table["loca"]["offset"]
    if index_to_loc == 0:
        glyph_pos = [p << 1 for p in struct.unpack_from(f">{num_glyphs + 1}H", data, loca)]
        end = loca + 2 * (num_glyphs + 1)
    else:
        glyph_pos = list(struct.unpack_from(f">{num_glyphs + 1}L", data, loca))
        end = loca + 4 * (num_glyphs + 1)

    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        char_widths[0xA0] = char_widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        char_widths[0x20] = char_widths[0xA0]
    face.charToGlyph = char_to_glyph
    face.glyphToChar = glyph_to_char
    face.charWidths = char_widths
    face.hmetrics = hmetrics
    face.defaultWidth = default_width
    face.glyphPos = glyph_pos
    face._pos = end  # where reportlab's reader stops: the end of the loca table
    return True


def _cmap(data: bytes, at: int) -> tuple[dict[int, int], dict[int, list[int]]] | None:
    """Return the character-to-glyph and glyph-to-characters maps of the subtable reportlab
    picks, filled in reportlab's order; None for a format other than 4 and 12."""
    version, count = struct.unpack_from(">HH", data, at)
    if count == 0 and version != 0:
        count = version
    chosen = None
    enc = 0
    # reportlab's choice, not fontTools': the last Windows subtable, else a Unicode or Mac one.
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, at + 4 + 8 * i)
        if platform == 1 and encoding == 0 and enc != 1:
            enc, chosen = 2, offset
        elif platform == 3 or (platform, encoding) == (1, 1) or platform == 0 and encoding != 5:
            enc, chosen = 1, offset
    if chosen is None:
        return None
    start = at + chosen
    (fmt,) = struct.unpack_from(">H", data, start)
    char_to_glyph: dict[int, int] = {}
    glyph_to_char: dict[int, list[int]] = {}
    if fmt == 4:
        length, _lang, seg_x2 = struct.unpack_from(">HHH", data, start + 2)
        segs = int(seg_x2 / 2.0)
        ends = struct.unpack_from(f">{segs}H", data, start + 14)
        starts = struct.unpack_from(f">{segs}H", data, start + 16 + 2 * segs)
        deltas = struct.unpack_from(f">{segs}h", data, start + 16 + 4 * segs)
        ranges_at = start + 16 + 6 * segs
        limit = start + length
        # idRangeOffset and the glyph ids after it, as one run of words.
        words = struct.unpack_from(f">{(min(limit, len(data)) - ranges_at) // 2}H", data, ranges_at)
        for n in range(segs):
            first, delta, range_offset = starts[n], deltas[n], words[n]
            if range_offset % 2:
                return None  # a glyph id between two words: left to reportlab
            for char in range(first, ends[n] + 1):
                if range_offset == 0:
                    glyph = (char + delta) & 0xFFFF
                else:
                    word = n + char - first + range_offset // 2
                    if ranges_at + 2 * word >= limit:
                        glyph = 0  # reportlab's workaround for broken fonts
                    else:
                        glyph = words[word]  # an IndexError (past the file's end): reportlab's
                        if glyph != 0:
                            glyph = (glyph + delta) & 0xFFFF
                char_to_glyph[char] = glyph
                glyph_to_char.setdefault(glyph, []).append(char)
        return char_to_glyph, glyph_to_char
    if fmt == 12:
        (groups,) = struct.unpack_from(">L", data, start + 12)
        values = struct.unpack_from(f">{3 * groups}L", data, start + 16)
        for g in range(groups):
            first, last, glyph_first = values[3 * g], values[3 * g + 1], values[3 * g + 2]
            inc = glyph_first - first
            for char in range(first, last + 1):
                char_to_glyph[char] = char + inc
                glyph_to_char.setdefault(char + inc, []).append(char)
        return char_to_glyph, glyph_to_char
    return None
