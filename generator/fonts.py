"""Where the font files are: the bundled Carlito (metric twin of Calibri) or the profile's own.

Slide text is measured with the metrics of the font that will render it, and the PDFs embed
the same files, so one lookup serves every renderer. No renderer library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutlineError
from generator.model import Practice

BUNDLED_DIR = Path(__file__).parent / "fonts"
# Carlito has Calibri's advance widths, so text measured with it fits the same box in
# PowerPoint (Calibri) and LibreOffice (Carlito).
BUNDLED_FAMILIES = {"calibri": "Carlito", "carlito": "Carlito"}


@dataclass(frozen=True)
class FontFiles:
    """The four faces of one family as TTF paths; italic faces fall back to upright ones."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def bundled(name: str = "Carlito") -> FontFiles:
    """Return the bundled family ``name``."""
    return FontFiles(
        family=name,
        regular=BUNDLED_DIR / f"{name}-Regular.ttf",
        bold=BUNDLED_DIR / f"{name}-Bold.ttf",
        italic=BUNDLED_DIR / f"{name}-Italic.ttf",
        bold_italic=BUNDLED_DIR / f"{name}-BoldItalic.ttf",
    )


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
            "under fonts.files (regular, bold), or use Calibri, which is bundled as Carlito."
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
    return FontFiles(
        family, regular, bold, path(files.italic, regular), path(files.bold_italic, bold)
    )
