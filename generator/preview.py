"""``workshop preview``: PNG thumbnails of every slide and handout page, and a contact sheet.

The deck and handout are built in memory exactly as ``workshop build`` builds them. LibreOffice
turns the deck into a PDF (one page per slide), poppler's ``pdftoppm`` turns PDF pages into
PNGs, and Pillow lays the slide thumbnails out in a labelled grid so the whole deck can be seen
at a glance. Nothing here touches the network; LibreOffice runs with a private, throw-away
profile so several previews can run at once.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutputError, RenderError, WorkshopError, display_path

SOFFICE_TIMEOUT = 180
"""Seconds LibreOffice may take to convert one deck (a cold start takes 5–10 s)."""
THUMB_DPI = 60
"""Resolution of the thumbnails: a 13.33-inch slide becomes about 800 pixels wide."""
SHEET_COLUMNS = 4
SHEET_THUMB_WIDTH = 360


class ToolMissing(WorkshopError):
    """A program preview needs is not installed; says what to install."""


@dataclass(frozen=True)
class Preview:
    """What ``preview`` wrote: each previewed output's page PNGs, and the deck's contact sheet."""

    pages: dict[str, tuple[Path, ...]]
    """The PNGs of each output whose row has a ``preview`` stem, by output name, in table order."""
    contact_sheet: Path


def find_soffice() -> str:
    """Return the LibreOffice command; raise :class:`ToolMissing` saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac_app = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    if mac_app.is_file():
        return str(mac_app)
    if platform.system() == "Darwin":
        how = "install the LibreOffice app from libreoffice.org (free), then run this again"
    elif platform.system() == "Windows":
        how = "install LibreOffice from libreoffice.org (free) and add it to your PATH"
    else:
        how = "on Debian or Ubuntu: sudo apt-get install libreoffice-impress"
    raise ToolMissing(
        "workshop preview needs LibreOffice to draw the slides, and it is not installed. "
        f"To fix: {how}. (macOS: the LibreOffice app; Debian/Ubuntu: "
        "apt-get install libreoffice-impress.) workshop build does not need it."
    )


def find_pdftoppm() -> str:
    """Return the ``pdftoppm`` command; raise :class:`ToolMissing` saying how to install it."""
    found = shutil.which("pdftoppm")
    if found:
        return found
    raise ToolMissing(
        "workshop preview needs pdftoppm (from poppler) to draw PDF pages, and it is not "
        "installed. To fix: macOS: brew install poppler; Debian/Ubuntu: "
        "sudo apt-get install poppler-utils."
    )


def deck_to_pdf(pptx: Path, outdir: Path, soffice: str | None = None) -> Path:
    """Return the PDF LibreOffice made of ``pptx`` in ``outdir``.

    A private user profile (``-env:UserInstallation``) keeps parallel runs from fighting over
    LibreOffice's lock and never touches the user's own LibreOffice settings.
    """
    soffice = soffice or find_soffice()
    with tempfile.TemporaryDirectory(prefix="workshop-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(pptx),
        ]
        try:
            result = subprocess.run(
                cmd, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice did not finish converting {pptx.name} within {SOFFICE_TIMEOUT} "
                "seconds. Close other LibreOffice windows and try again."
            ) from None
        except OSError as exc:  # found on PATH but cannot be started (permissions, broken link)
            raise RenderError(f"LibreOffice ({soffice}) could not be started: {exc}") from None
    pdf = outdir / (pptx.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RenderError(f"LibreOffice could not convert {pptx.name}: {detail[0]}")
    return pdf


def pdf_to_pngs(pdf: Path, outdir: Path, stem: str, dpi: int = THUMB_DPI) -> list[Path]:
    """Return one PNG per page of ``pdf``, written as ``outdir/stem-01.png``, … in page order."""
    pdftoppm = find_pdftoppm()
    with tempfile.TemporaryDirectory(prefix="workshop-png-") as tmp:
        try:
            result = subprocess.run(
                [pdftoppm, "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / "p")],
                check=False,
                capture_output=True,
                text=True,
                timeout=SOFFICE_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"pdftoppm did not finish drawing {pdf.name} within {SOFFICE_TIMEOUT} seconds."
            ) from None
        except OSError as exc:
            raise RenderError(f"pdftoppm ({pdftoppm}) could not be started: {exc}") from None
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise RenderError(f"pdftoppm could not draw the pages of {pdf.name}: {detail[0]}")
        # pdftoppm pads page numbers to the page count's width: sort by the number itself.
        made = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        width = max(2, len(str(len(made))))
        out = []
        for number, png in enumerate(made, start=1):
            target = outdir / f"{stem}-{number:0{width}d}.png"
            try:
                shutil.move(str(png), target)
            except OSError as exc:
                raise _cannot_write(target, exc) from None
            out.append(target)
    return out


def contact_sheet(slides: list[Path], target: Path, title: str = "") -> Path:
    """Return ``target``, a PNG grid of the slide thumbnails, each labelled with its number."""
    from PIL import Image, ImageDraw, ImageFont

    from generator.source.fonts import BUNDLED_DIR

    font_file = BUNDLED_DIR / "Carlito-Bold.ttf"
    font = ImageFont.truetype(str(font_file), 22)
    title_font = ImageFont.truetype(str(font_file), 28)
    thumbs = []
    for path in slides:
        with Image.open(path) as img:
            ratio = SHEET_THUMB_WIDTH / img.width
            thumbs.append(img.convert("RGB").resize((SHEET_THUMB_WIDTH, round(img.height * ratio))))
    if not thumbs:
        raise RenderError("the deck has no slides to put on a contact sheet")
    gap, label_h, top = 16, 30, (50 if title else 0)
    cell_h = max(t.height for t in thumbs) + label_h
    cols = min(SHEET_COLUMNS, len(thumbs))
    rows = -(-len(thumbs) // cols)
    sheet = Image.new(
        "RGB",
        (gap + cols * (SHEET_THUMB_WIDTH + gap), top + gap + rows * (cell_h + gap)),
        "#E8E8E8",
    )
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text((gap, 12), title, fill="#202020", font=title_font)
    for i, thumb in enumerate(thumbs):
        x = gap + (i % cols) * (SHEET_THUMB_WIDTH + gap)
        y = top + gap + (i // cols) * (cell_h + gap)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline="#9A9A9A")
        draw.text((x, y + thumb.height + 4), f"Slide {i + 1}", fill="#202020", font=font)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sheet.save(target, format="PNG", optimize=True)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    return target


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    """Return the error telling the user ``path`` could not be written, and why."""
    return OutputError(
        f"{display_path(path)}: cannot write this file ({exc.strerror or exc}). Check the folder "
        "is writable, or choose another folder with --out."
    )


def preview(
    outline: Path,
    audience: str | None,
    out: Path,
    *,
    practice: Path | None = None,
    template: Path | None = None,
) -> Preview:
    """Build ``outline`` for ``audience`` in memory and write its previews into ``out``.

    Raises :class:`ToolMissing` (before building anything) when LibreOffice or pdftoppm is
    missing, and any build error the outline has.
    """
    from generator import outputs
    from generator.build import BuildOptions, Job, render_job

    soffice = find_soffice()
    find_pdftoppm()
    rows = [row for row in outputs.OUTPUTS if row.preview]
    rendered = render_job(
        Job(outline, audience, Path(".")),
        BuildOptions(practice=practice, template=template, only=tuple(r.name for r in rows)),
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        for row in rows:
            for old in out.glob(f"{row.preview}-*.png"):
                old.unlink()  # a shorter deck must not leave last run's extra slides behind
    except OSError as exc:
        raise _cannot_write(Path(exc.filename or out), exc) from None
    pages: dict[str, tuple[Path, ...]] = {}
    with tempfile.TemporaryDirectory(prefix="workshop-preview-") as tmp:
        work = Path(tmp)
        for row in rows:
            built = work / f"{row.name}{row.suffix}"
            built.write_bytes(rendered.files[rendered.paths[row.name]])
            if row.suffix == ".pptx":  # LibreOffice draws a deck as a PDF first
                built = deck_to_pdf(built, work, soffice)
            pages[row.name] = tuple(pdf_to_pngs(built, out, row.preview))
    title = f"{outline.stem}" + (f" — {audience}" if audience else "")
    sheet = contact_sheet(list(pages["deck"]), out / "contact-sheet.png", title)
    return Preview(pages, sheet)


def describe(result: Preview) -> list[str]:
    """Return the lines telling the user what ``preview`` wrote."""
    folder = display_path(result.contact_sheet.parent)
    counts = []
    for name, pngs in result.pages.items():
        if name == "deck":
            counts.append(f"{len(pngs)} slide thumbnails")
        else:
            count = len(pngs)
            counts.append(f"{count} {name} page{'s' if count != 1 else ''}")
    listed = ", ".join(counts[:-1]) + " and " + counts[-1] if len(counts) > 1 else counts[0]
    return [
        f"Wrote {listed} to {folder}/",
        f"Contact sheet: {display_path(result.contact_sheet)}",
    ]
