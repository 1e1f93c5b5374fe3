"""Where the font files are: a bundled metric twin (of Calibri or Arial) or the profile's own.

Slide text is measured with the metrics of the font that will render it, and the PDFs embed
the same files, so one lookup serves every renderer. A template's font with neither (Verdana,
Montserrat, Calibri Light) is measured with a wider stand-in (:func:`stand_in`); fonts installed
on the machine are never read, so an outline builds the same bytes everywhere. No renderer
library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import OutlineError
from generator.source.model import Practice

BUNDLED_DIR = Path(__file__).parent.parent / "fonts"
# Metric twins: Carlito has Calibri's advance widths and Liberation Sans has Arial's, so text
# measured with them fits the same box in PowerPoint (Calibri, Arial) and LibreOffice (the
# twins, which it substitutes). Keys are family names as typed, case-folded.
BUNDLED_FAMILIES = {
    "calibri": "Carlito",
    "carlito": "Carlito",
    "arial": "Liberation Sans",
    "liberation sans": "Liberation Sans",
}


@dataclass(frozen=True)
class FontFiles:
    """The four faces of one family as TTF paths; italic faces fall back to upright ones.

    ``width`` scales every advance width measured with these files and ``line`` is the least
    single-line height (a multiple of the size): both are 1.0 and 0.0 for a family's own files,
    larger for a stand-in measuring a font that is not here.
    """

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    width: float = 1.0
    line: float = 0.0


STAND_IN = "Liberation Sans"
# A font that is neither bundled nor given as files is measured as Liberation Sans (Arial's
# widths) made 20% wider, with lines at least 1.25 em apart: wider and taller than Verdana,
# Century Gothic, Montserrat and Calibri Light in PowerPoint, and than DejaVu Sans, which
# LibreOffice draws in their place where they are not installed (14% wider than Liberation
# Sans in regular text, 20% in bold; 1.16 em lines).
STAND_IN_WIDTH = 1.2
STAND_IN_LINE = 1.25


_known: dict[FontFiles, FontFiles] = {}


def _once(files: FontFiles) -> FontFiles:
    """Return the first ``FontFiles`` made equal to ``files`` (``files`` itself if none was).

    The text fitter's caches are keyed by the fonts (``textfit._line_count``): each rebuild
    under ``build --watch`` makes its fonts anew, and a key of equal but distinct objects is
    compared field by field, four paths each time, about 1,500 times a rebuild; the same
    object is found by identity.
    """
    return _known.setdefault(files, files)


def stand_in() -> FontFiles:
    """Return the files (and scales) a font that cannot be measured is measured with."""
    return _once(replace(bundled(STAND_IN), width=STAND_IN_WIDTH, line=STAND_IN_LINE))


def bundled(name: str = "Carlito") -> FontFiles:
    """Return the bundled family ``name`` ("Carlito" or "Liberation Sans")."""
    stem = name.replace(" ", "")
    return _once(
        FontFiles(
            family=stem,
            regular=BUNDLED_DIR / f"{stem}-Regular.ttf",
            bold=BUNDLED_DIR / f"{stem}-Bold.ttf",
            italic=BUNDLED_DIR / f"{stem}-Italic.ttf",
            bold_italic=BUNDLED_DIR / f"{stem}-BoldItalic.ttf",
        )
    )


def is_bundled(family: str) -> bool:
    """Return True when ``family`` is measured with a bundled twin (no files needed)."""
    return family.strip().casefold() in BUNDLED_FAMILIES


def measurable(family: str, practice: Practice, practice_dir: Path) -> FontFiles | None:
    """Return the files to measure ``family`` with, or None when there are none.

    A bundled family always has them; another family only when it is one the practice profile
    names and gives ``fonts.files`` for.
    """
    if is_bundled(family):
        return font_files(family, practice, practice_dir)
    own = {practice.fonts.heading.strip().casefold(), practice.fonts.body.strip().casefold()}
    if practice.fonts.files is None or family.strip().casefold() not in own:
        return None
    return font_files(family, practice, practice_dir)


def font_files(family: str, practice: Practice, practice_dir: Path) -> FontFiles:
    """Return the files for ``family``: bundled for Calibri/Carlito, else the profile's files.

    Raises :class:`OutlineError` when the family is neither bundled nor given as files.
    """
    key = family.strip().casefold()
    if key in BUNDLED_FAMILIES:
        return bundled(BUNDLED_FAMILIES[key])
    files = practice.fonts.files
    if files is None:
        raise OutlineError(
            f"practice profile: fonts: the font '{family}' is not bundled. Add its .ttf files "
            "under fonts.files (regular, bold), or use Calibri or Arial, which are bundled "
            "as their metric twins Carlito and Liberation Sans."
        )

    def path(name: str | None, fallback: Path) -> Path:
        if not name:
            return fallback
        found = (practice_dir / name).resolve()
        if not found.is_file():
            raise OutlineError(f"practice profile: fonts.files: cannot find the file '{name}'.")
        return found

    regular = path(files.regular, Path())
    bold = path(files.bold, regular)
    return _once(
        FontFiles(family, regular, bold, path(files.italic, regular), path(files.bold_italic, bold))
    )
