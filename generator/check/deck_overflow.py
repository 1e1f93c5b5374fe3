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
    return check_deck(data, workdir)[0]


def check_deck(
    data: bytes, workdir: Path | None = None, dpi: int = 0
) -> tuple[OverflowReport, ContrastReport | None]:
    """Return the overflow report of the .pptx ``data`` and, with ``dpi``, the contrast report
    of LibreOffice's rendering at that resolution (one conversion serves both)."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp_path = Path(tmp)
        pptx = tmp_path / "deck.pptx"
        pptx.write_bytes(without_autofit(data))
        pdf = deck_to_pdf(pptx, tmp_path)
        pages = _words(pdf)
        contrast = _contrast(pdf, pages, dpi, tmp_path) if dpi else None
    return _overflow(data, pages), contrast


def _overflow(data: bytes, pages: list) -> OverflowReport:  # see check_overflow
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


# --------------------------------------------------------------------------- contrast


@dataclass(frozen=True)
class ContrastReport:
    """Each rendered word's contrast against the pixels around it: the words checked, the
    worst ratio found, and every word under 4.5:1 (slide, word, text and ground colours)."""

    words: int
    worst: float
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Return True when every word reaches 4.5:1."""
        return not self.problems


def _contrast(pdf: Path, pages: list, dpi: int, tmp: Path) -> ContrastReport:
    """Return the contrast of each word in ``pages`` on the PDF's pages rendered at ``dpi``.

    Independent of the deck writer's own model of the template: the ground is the commonest
    colour in a thin ring just outside the word's box (what the eye sees around the letters),
    the text colour the pixel inside the box that differs most from it (the core of a stroke).
    """
    from PIL import Image

    from generator.source.contrast import AA_NORMAL, contrast_ratio

    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp / "page")],
        check=True,
        capture_output=True,
    )
    images = sorted(tmp.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    scale = dpi / 72
    worst, count, problems = 21.0, 0, []
    for number, (image_path, (_, _, words)) in enumerate(zip(images, pages, strict=False), 1):
        with Image.open(image_path) as img:
            rgb = img.convert("RGB")
        width, height = rgb.size
        for word, (x0, y0, x1, y1) in words:
            if not _norm(word):
                continue
            bx0, by0 = max(0, int(x0 * scale)), max(0, int(y0 * scale))
            bx1, by1 = min(width, int(x1 * scale) + 1), min(height, int(y1 * scale) + 1)
            if bx1 <= bx0 or by1 <= by0:
                continue
            pad = max(2, int(scale * 1.5))
            ox0, oy0 = max(0, bx0 - pad), max(0, by0 - pad)
            ox1, oy1 = min(width, bx1 + pad), min(height, by1 + pad)
            ring: dict[tuple[int, int, int], int] = {}
            for strip in (
                (ox0, oy0, ox1, oy0 + 1),
                (ox0, oy1 - 1, ox1, oy1),
                (ox0, oy0, ox0 + 1, oy1),
                (ox1 - 1, oy0, ox1, oy1),
            ):
                for n, colour in rgb.crop(strip).getcolors(1 << 16) or []:
                    ring[colour] = ring.get(colour, 0) + n
            ground = _hex(max(ring, key=ring.get))
            inner = rgb.crop((bx0, by0, bx1, by1)).getcolors(1 << 20) or []
            best = max(
                (contrast_ratio(_hex(colour), ground) for _, colour in inner),
                default=1.0,
            )
            count += 1
            worst = min(worst, best)
            if best < AA_NORMAL:
                problems.append(f"slide {number}: '{word}' reads at {best:.2f}:1 on {ground}")
    return ContrastReport(count, worst if count else 0.0, tuple(problems))


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)
