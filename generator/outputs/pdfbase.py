"""What both PDF renderers share: embedded fonts, glyph checks and reproducible documents."""

from __future__ import annotations

import io
import os
import weakref
from collections.abc import Callable

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table

from generator.outputs import ttfquick
from generator.source.contrast import contrast_ratio
from generator.source.fonts import FontFiles

# Every face registered below reads its character tables in bulk: the same attributes as
# reportlab's own reading, 25 ms less per process for four faces (see ttfquick).
ttfquick.install()

# The files each family was registered with in this process.
_REGISTERED: dict[str, FontFiles] = {}


def register_family(files: FontFiles) -> str:
    """Register the four faces of ``files`` with reportlab; return the regular face's name.

    The faces are named ``<family>``, ``<family>-Bold``, ``<family>-Italic`` and
    ``<family>-BoldItalic`` and mapped so ``<b>``/``<i>`` in paragraphs pick the right face.
    A family registered before with other files (the profile was edited during build --watch)
    is registered again with the new ones.
    """
    name = files.family
    if _REGISTERED.get(name) == files:
        return name
    faces = {
        name: files.regular,
        f"{name}-Bold": files.bold,
        f"{name}-Italic": files.italic,
        f"{name}-BoldItalic": files.bold_italic,
    }
    for face in faces:
        _forget(face)
    for face, path in faces.items():
        pdfmetrics.registerFont(TTFont(face, str(path)))
    pdfmetrics.registerFontFamily(
        name,
        normal=name,
        bold=f"{name}-Bold",
        italic=f"{name}-Italic",
        boldItalic=f"{name}-BoldItalic",
    )
    _REGISTERED[name] = files
    return name


def _forget(face: str) -> None:
    """Remove ``face`` from reportlab's font registry, which keeps the first font of a name.

    reportlab offers no call for this; its registry is two module dicts, unchanged for years.
    """
    old = pdfmetrics._fonts.pop(face, None)
    if old is not None and getattr(old, "fontName", None) == face:
        dynamic = pdfmetrics._dynFaceNames
        if dynamic.get(old.face.name) is old:
            del dynamic[old.face.name]


# Each paragraph's markup as reportlab parsed it, by (text, style's values, bullet); see
# OnceWrapped. Bounded: a long watch session must not grow without end.
_PARSED: dict[tuple, tuple] = {}
_PARSED_MAX = 8192
_STYLE_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _style_key(style: ParagraphStyle) -> tuple:
    """Return a hashable summary of every value of ``style``: equal for equal styles."""
    key = _STYLE_KEYS.get(style)
    if key is None:
        key = tuple(sorted((k, repr(v)) for k, v in vars(style).items() if k != "parent"))
        _STYLE_KEYS[style] = key
    return key


class OnceWrapped(Paragraph):
    """A paragraph that parses its markup once per process and breaks its lines once per width.

    Parsing the markup into styled fragments is pure: the same text in the same style gives the
    same fragments, which reportlab only reads afterwards. A guide makes hundreds of
    paragraphs, most of them again in every rebuild (build --watch), so they are kept by text
    and style values. And reportlab wraps a paragraph inside a ``KeepTogether`` twice at the
    same width: once to measure the block, once to place it in the frame; the same width
    gives the same lines, so the second wrap reuses the first.
    """

    _wrapped: tuple | None = None

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,
        **kwargs: object,
    ) -> None:
        if kwargs:
            # reportlab splitting a paragraph across pages makes each part from its own
            # fragments (``frags=``): nothing to parse or cache.
            super().__init__(text, style, bulletText, **kwargs)
            return
        key = (text, _style_key(style), bulletText)
        parsed = _PARSED.get(key)
        if parsed is None:
            super().__init__(text, style, bulletText)
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            own_style = None if self.style is style else self.style
            _PARSED[key] = (self.text, self.frags, self.bulletText, own_style)
            return
        cleaned, frags, bullet, own_style = parsed
        super().__init__(cleaned, own_style or style, bullet, frags=frags)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return ``(width, height)`` at ``availWidth``, as :meth:`Paragraph.wrap` does."""
        done = self._wrapped
        if done is not None and done[0] == availWidth:
            _, self.width, self._wrapWidths, self.blPara, self.height = done
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if size[0] == availWidth and hasattr(self, "blPara"):  # lines were broken at this width
            self._wrapped = (availWidth, self.width, self._wrapWidths, self.blPara, self.height)
        return size


class BreakableTable(Table):
    """A table that breaks a row across pages, but only a row taller than a whole page.

    reportlab moves a row that does not fit to the next page and raises ``LayoutError`` when
    it does not fit there either (a 5,000-character cell). Breaking inside rows for every
    table would move the breaks of tables that fit today, so the in-row split is switched on
    only for a table with a row taller than ``frame_height``, the height of an empty page.
    """

    def __init__(self, *args: object, frame_height: float = float("inf"), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._frame_height = frame_height

    def split(self, availWidth: float, availHeight: float) -> list:
        """Return the pieces of the table that fit ``availHeight`` first, as Table.split does."""
        self._calc(availWidth, availHeight)
        if not self.splitInRow and max(self._rowHeights, default=0) > self._frame_height:
            self.splitInRow = 1
        return super().split(availWidth, availHeight)


def render_reproducibly(draw: Callable[[io.BytesIO], None]) -> bytes:
    """Return the bytes ``draw`` writes into a buffer, with reportlab's invariant mode on.

    Invariant mode fixes the document ID and dates, so the same input gives the same bytes.
    """
    previous = rl_config.invariant
    rl_config.invariant = 1
    try:
        buffer = io.BytesIO()
        draw(buffer)
        return buffer.getvalue()
    finally:
        rl_config.invariant = previous


def picture_reader(path: str | os.PathLike[str]) -> ImageReader:
    """Return an ImageReader over the bytes of the picture file at ``path``, for drawImage.

    Handed a path, reportlab names the image's XObject after the path string, so the PDF
    would change with the folder it was built in; handed the bytes, it names it after the
    pixels. Each call reads the file afresh, so a picture saved during ``build --watch`` is
    drawn as it is now.
    """
    with open(path, "rb") as fh:
        return ImageReader(io.BytesIO(fh.read()))


def readable_on(color: str, background: str, fallback: str, minimum: float = 4.5) -> str:
    """Return ``color`` when it reaches ``minimum`` contrast on ``background``, else ``fallback``.

    Used so a brand colour too light for text on paper never carries a heading.
    """
    return color if contrast_ratio(color, background) >= minimum else fallback


def mix(color: str, other: str, amount: float) -> str:
    """Return ``#RRGGBB`` that is ``amount`` (0..1) of the way from ``color`` to ``other``."""
    a, b = color.lstrip("#"), other.lstrip("#")
    parts = []
    for i in (0, 2, 4):
        x, y = int(a[i : i + 2], 16), int(b[i : i + 2], 16)
        parts.append(round(x + (y - x) * amount))
    return "#" + "".join(f"{p:02X}" for p in parts)
