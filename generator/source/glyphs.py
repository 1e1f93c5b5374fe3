"""Find characters the fonts cannot draw, before anything renders, at the place they are written.

Every output sets its text in the practice profile's fonts (Carlito by default; a deck on a
template may use the template's fonts, checked too), so one check of every piece of text in the
customized outline and the practice profile covers the deck, the handout and the guide. A
missing character would otherwise print as a blank box or vanish.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

from generator.source.fonts import FontFiles
from generator.source.model import NOT_TEXT
from generator.source.typed import Model as BaseModel
from generator.source.validate import strings

PathT = tuple[str | int, ...]

GENERATED_MARKS = "·–—‘’“”…•"
"""Punctuation the renderers add themselves (separators, dashes, quotes, bullets)."""


def _codepoints(font_file: Path) -> frozenset[int]:
    """Return the code points the TrueType file ``font_file`` maps to a glyph.

    Kept for the process by the file's path, size and modification time, so a font replaced
    while build --watch runs is read again.
    """
    st = font_file.stat()
    return _codepoints_of(font_file, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=16)
def _codepoints_of(font_file: Path, size: int, mtime_ns: int) -> frozenset[int]:
    """Return :func:`_codepoints` of ``font_file``; the other arguments only key the cache."""
    found = best_cmap_codepoints(font_file.read_bytes())
    if found is not None:
        return found
    from fontTools.ttLib import TTFont  # what the quick reader leaves to it

    with TTFont(str(font_file), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


# fontTools' getBestCmap order: the first (platform, encoding) a font has is the one used.
_CMAP_PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def best_cmap_codepoints(data: bytes) -> frozenset[int] | None:
    """Return the code points a font's best Unicode cmap subtable maps to a glyph other than 0.

    The same set as fontTools' ``getBestCmap()`` keys, read with ``struct`` for the two
    subtable formats fonts use (4 and 12): importing fontTools and decoding a cmap with it
    took about half of the glyph check, 25 ms of every cold build. Returns None for anything
    else (another format, a collection, a damaged or unusual table), which fontTools then reads.
    """
    try:
        return _read_best_cmap(data)
    except (struct.error, IndexError, ValueError):
        return None


def _read_best_cmap(data: bytes) -> frozenset[int] | None:
    if data[:4] not in (b"\0\1\0\0", b"true", b"OTTO"):
        return None
    (tables,) = struct.unpack_from(">H", data, 4)
    cmap = None
    for i in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        return None
    _, count = struct.unpack_from(">HH", data, cmap)
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables.setdefault((platform, encoding), cmap + offset)  # the first one counts
    best = next((subtables[key] for key in _CMAP_PREFERENCES if key in subtables), None)
    if best is None:
        return None
    (fmt,) = struct.unpack_from(">H", data, best)
    if fmt == 4:
        return _format_4(data, best)
    if fmt == 12:
        return _format_12(data, best)
    return None


def _format_4(data: bytes, at: int) -> frozenset[int] | None:
    """Return the code points a format 4 subtable maps to a glyph (None: leave it to fontTools)."""
    length, _, seg_x2 = struct.unpack_from(">HHH", data, at + 2)
    end = at + length
    if end > len(data) or seg_x2 % 2:
        return None
    segs = seg_x2 // 2
    words = (end - at - 14) // 2
    values = struct.unpack_from(f">{words}H", data, at + 14)
    ends, starts = values[:segs], values[segs + 1 : 2 * segs + 1]
    deltas = values[2 * segs + 1 : 3 * segs + 1]
    offsets = values[3 * segs + 1 : 4 * segs + 1]
    glyphs = values[4 * segs + 1 :]
    if len(offsets) != segs:
        return None
    found: set[int] = set()
    for i in range(segs - 1):  # as fontTools: the last segment (0xFFFF) maps nothing
        start, stop, delta, offset = starts[i], ends[i], deltas[i], offsets[i]
        if offset == 0:
            # Every code of the segment but the one that lands on glyph 0 (unless an earlier
            # segment mapped it): a range added at once, 4x faster than code by code.
            zero = (-delta) & 0xFFFF
            kept = zero in found
            found.update(range(start, stop + 1))
            if start <= zero <= stop and not kept:
                found.discard(zero)
            continue
        base = offset // 2 - start + i - segs
        for c in range(start, stop + 1):
            index = c + base
            if not 0 <= index < len(glyphs):
                return None  # fontTools refuses the table: let it say so
            if glyphs[index] and (glyphs[index] + delta) & 0xFFFF:
                found.add(c)
    return frozenset(found)


def _format_12(data: bytes, at: int) -> frozenset[int] | None:
    """Return the code points a format 12 subtable maps to a glyph (None: leave it to fontTools)."""
    length, _, groups = struct.unpack_from(">III", data, at + 4)
    if length != 16 + 12 * groups or at + length > len(data):
        return None
    found: set[int] = set()
    last = 0
    for g in range(groups):
        start, stop, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
        if stop > 0x10FFFF or start > stop or start < last or glyph == 0:
            return None  # unusual: fontTools' own rules (clamping, skipping) apply
        last = stop
        found.update(range(start, stop + 1))
    return frozenset(found)


def drawable(families: list[FontFiles]) -> frozenset[int]:
    """Return the code points every face of every family in ``families`` can draw.

    The same set (the same object) while the fonts are unchanged, so that what is derived
    from it (:func:`_characters`) is looked up by identity, not compared code point by code
    point.
    """
    sets = [
        _codepoints(path)
        for files in families
        for path in {files.regular, files.bold, files.italic, files.bold_italic}
    ]
    return _common(tuple(sets))


@lru_cache(maxsize=8)
def _common(sets: tuple[frozenset[int], ...]) -> frozenset[int]:
    """Return the code points in every one of ``sets``."""
    return frozenset.intersection(*sets)


# Fields that name files, ids, choices or settings: never drawn as text.
_NOT_DRAWN = NOT_TEXT | {
    "key",
    "type",
    "doi",
    "logo",
    "signature",
    "files",
    "paper",
    "locale",
    "include",
    "exclude",
    "default_audience",
    "extends",
    "start",
    "variables",
    "terms",
    "overrides",
}


_PRINTED = {("practitioner",), ("provider",), ("sponsor",)}
"""Profile parts whose ``name`` is printed (certificates, the guide), unlike an audience's."""


def missing_in(text: str, codepoints: frozenset[int]) -> list[str]:
    """Return the characters of ``text`` not in ``codepoints``, once each, in order.

    Whitespace is always drawable.
    """
    return _missing(text, _characters(codepoints))


def _missing(text: str, drawn: frozenset[str]) -> list[str]:
    """Return :func:`missing_in` of ``text`` for the characters ``drawn``."""
    if drawn.issuperset(text):
        return []  # nearly every text: one set test, not a look at each character
    return [char for char in dict.fromkeys(text) if not char.isspace() and char not in drawn]


@lru_cache(maxsize=8)
def _characters(codepoints: frozenset[int]) -> frozenset[str]:
    """Return ``codepoints`` as the characters they are."""
    return frozenset(map(chr, codepoints))


def missing_characters(model: BaseModel, codepoints: frozenset[int]) -> list[tuple[PathT, str]]:
    """Return ``(path, character)`` for each drawn text in ``model`` with a character not in
    ``codepoints``, once per character per place. Whitespace is always drawable."""
    found = []
    drawn = _characters(codepoints)
    for path, text in strings(model):
        missing = _missing(text, drawn)  # first: it is nearly always empty
        if not missing or any(part in _NOT_DRAWN for part in path if isinstance(part, str)):
            continue
        if path[:1] == ("audiences",) or path[-1:] == ("name",) and path[:1] not in _PRINTED:
            # Audience profiles are checked one at a time, for the audience being built;
            # an audience's 'name' is an id, a practitioner's, provider's or sponsor's is
            # printed.
            continue
        found.extend((path, char) for char in missing)
    return found


def describe(char: str, family: str) -> str:
    """Return the message for a character ``family`` cannot draw."""
    return (
        f"the character '{char}' (U+{ord(char):04X}) is not in the font {family}, so it "
        "would print as a blank box; replace it, or choose a font that has it in the "
        "practice profile"
    )
