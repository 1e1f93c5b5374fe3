"""Find characters the fonts cannot draw, before anything renders, at the place they are written.

Every output sets its text in the practice profile's fonts (Carlito by default; a deck on a
template may use the template's fonts, checked too), so one check of every piece of text in the
customized outline and the practice profile covers the deck, the handout and the guide. A
missing character would otherwise print as a blank box or vanish.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from generator.source.fonts import FontFiles
from generator.source.model import NOT_TEXT
from generator.source.validate import strings

PathT = tuple[str | int, ...]

GENERATED_MARKS = "·–—‘’“”…•"
"""Punctuation the renderers add themselves (separators, dashes, quotes, bullets)."""


@lru_cache(maxsize=16)
def _codepoints(font_file: Path) -> frozenset[int]:
    """Return the code points the TrueType file ``font_file`` maps to a glyph."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font_file), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def drawable(families: list[FontFiles]) -> frozenset[int]:
    """Return the code points every face of every family in ``families`` can draw."""
    sets = [
        _codepoints(path)
        for files in families
        for path in {files.regular, files.bold, files.italic, files.bold_italic}
    ]
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
    return [
        char for char in dict.fromkeys(text) if not char.isspace() and ord(char) not in codepoints
    ]


def missing_characters(model: BaseModel, codepoints: frozenset[int]) -> list[tuple[PathT, str]]:
    """Return ``(path, character)`` for each drawn text in ``model`` with a character not in
    ``codepoints``, once per character per place. Whitespace is always drawable."""
    found = []
    for path, text in strings(model):
        if any(part in _NOT_DRAWN for part in path if isinstance(part, str)):
            continue
        if path[:1] == ("audiences",) or path[-1:] == ("name",) and path[:1] not in _PRINTED:
            # Audience profiles are checked one at a time, for the audience being built;
            # an audience's 'name' is an id, a practitioner's, provider's or sponsor's is
            # printed.
            continue
        found.extend((path, char) for char in missing_in(text, codepoints))
    return found


def describe(char: str, family: str) -> str:
    """Return the message for a character ``family`` cannot draw."""
    return (
        f"the character '{char}' (U+{ord(char):04X}) is not in the font {family}, so it "
        "would print as a blank box; replace it, or choose a font that has it in the "
        "practice profile"
    )
