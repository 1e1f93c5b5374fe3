"""A real overflow check: LibreOffice renders the deck, and every word must lie in its box.

The deck is copied with its auto-fit flags turned off (as PowerPoint shows a deck before anyone
edits it), converted to PDF by LibreOffice, and read back with ``pdftotext -bbox-layout``. Each
word must lie inside the page and inside a shape on that slide whose text contains the word.
Used by the test suite. LibreOffice runs as ``workshop preview`` runs it
(:func:`generator.preview.deck_to_pdf`).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pptx import Presentation

from generator.preview import deck_to_pdf

TOLERANCE_PT = 1.5
_AUTOFIT = re.compile(
    rb"<a:normAutofit[^>]*/>|<a:normAutofit[^>]*>.*?</a:normAutofit>|"
    rb"<a:spAutoFit/>"
)


@dataclass(frozen=True)
class OverflowReport:
    """The outcome: pages rendered, slides in the deck, words checked, and every problem."""

    pages: int
    slides: int
    words: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Return True when there is one page per slide and no word outside its box."""
        return self.pages == self.slides and not self.problems


def tools_missing() -> list[str]:
    """Return the names of the programs this check needs that are not installed."""
    return [t for t in ("soffice", "pdftotext") if shutil.which(t) is None]


def without_autofit(data: bytes) -> bytes:
    """Return the .pptx with every shrink/grow-on-overflow flag replaced by ``noAutofit``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith(".xml") and info.filename.startswith("ppt/"):
                blob = _AUTOFIT.sub(b"<a:noAutofit/>", blob)
            dst.writestr(info, blob)
    return out.getvalue()


def _words(pdf: Path) -> list[tuple[float, float, list[tuple[str, tuple[float, ...]]]]]:
    """Return each page's width, height and words with their boxes (xMin, yMin, xMax, yMax)."""
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = ElementTree.fromstring(html)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = []
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append((w.text or "", box))
        pages.append((float(page.get("width")), float(page.get("height")), words))
    return pages


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def check_overflow(data: bytes, workdir: Path | None = None) -> OverflowReport:
    """Return the overflow report of the .pptx ``data``, judged with auto-fit turned off."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp_path = Path(tmp)
        pptx = tmp_path / "deck.pptx"
        pptx.write_bytes(without_autofit(data))
        pages = _words(deck_to_pdf(pptx, tmp_path))
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    problems: list[str] = []
    count = 0
    for number, (slide, (pw, ph, words)) in enumerate(zip(slides, pages, strict=False), start=1):
        sx, sy = pw / prs.slide_width, ph / prs.slide_height
        shapes = []
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.left is None:
                continue
            text = _norm(shape.text_frame.text)
            if shape.name == "Slide Number":
                text += _norm(str(number))
            box = (
                shape.left * sx,
                shape.top * sy,
                (shape.left + shape.width) * sx,
                (shape.top + shape.height) * sy,
            )
            shapes.append((text, box, shape.name))
        for word, (x0, y0, x1, y1) in words:
            key = _norm(word)
            if not key:
                continue
            count += 1
            t = TOLERANCE_PT
            if x0 < -t or y0 < -t or x1 > pw + t or y1 > ph + t:
                problems.append(f"slide {number}: '{word}' lies outside the page")
                continue
            # pdftotext's word height is the font's bounding box (about 1.3 em), taller than
            # the line itself; judge the middle of it. A line that overflows is off by a whole
            # line height, so it is still caught.
            trim = (y1 - y0) * 0.2
            y0, y1 = y0 + trim, y1 - trim
            numbering = re.fullmatch(r"\d+\.", word) is not None
            owners = [s for s in shapes if numbering or key in s[0]]
            inside = any(
                bx0 - t <= x0 and by0 - t <= y0 and x1 <= bx1 + t and y1 <= by1 + t
                for _, (bx0, by0, bx1, by1), _ in owners
            )
            if not inside:
                names = ", ".join(sorted({n for _, _, n in owners})) or "no shape"
                problems.append(
                    f"slide {number}: '{word}' at ({x0:.0f}, {y0:.0f})-({x1:.0f}, {y1:.0f}) pt "
                    f"lies outside its shape ({names})"
                )
    if len(pages) != len(slides):
        problems.append(f"LibreOffice rendered {len(pages)} pages for {len(slides)} slides")
    return OverflowReport(len(pages), len(slides), count, tuple(problems))
