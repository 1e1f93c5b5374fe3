"""Checks that need the whole outline or profile, run after the model itself validates.

Each check returns located :class:`~generator.errors.Problem` s (never raises), so the loader
can report them together with everything else. ``doc`` is the located
:class:`~generator.source.yaml_reader.Document` the model came from: paths in the model
(field names, list indices) are paths in the file.

Files an outline refers to are confined (see :func:`resolve_asset`): an outline shared by
someone else must not be able to pull ``~/.ssh/id_rsa`` into a deck.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from struct import error as struct_error

from generator.errors import Problem
from generator.source import safety
from generator.source.contrast import low_contrast
from generator.source.fonts import is_bundled
from generator.source.messages import did_you_mean
from generator.source.model import CITATION, HandoutImage, ImageSlide, Outline, Practice
from generator.source.paths import os_cause, why_unreadable
from generator.source.png import plain_png_ok
from generator.source.slide_kinds import KINDS
from generator.source.typed import Model as BaseModel
from generator.source.yaml_reader import Document

Loc = tuple[str | int, ...]

"""Slide kinds with no sensible generated title. Others fall back to the section's title (quote),
the outline's title (title) or a fixed word (Agenda, References, Thank you)."""

IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF"}
"""Formats every slide program opens; python-pptx embeds them as they are."""

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""Largest image accepted: bigger pictures make decks too heavy to email."""

_FILE_NAME = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|svg|webp|heic)\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- walking


def walk(node: object, path: Loc = ()) -> list[tuple[Loc, object]]:
    """Return ``(path, value)`` for every model, list item and value under ``node`` (``node``
    itself first), in the order they are written.

    Paths use the names written in YAML (aliases such as ``with``), so they locate in a Document.
    A list built by one recursive function, not nested generators: each value passed up through
    every generator above it, and validate walks each outline it loads twice and the glyph check
    once more (measured: 0.5-0.8 → 0.25-0.35 ms a walk of the sample outline).
    """
    found: list[tuple[Loc, object]] = []
    _walk_into(node, path, found.append)
    return found


def _walk_into(node: object, path: Loc, add: Callable[[tuple[Loc, object]], None]) -> None:
    """Pass ``(path, value)`` to ``add`` for ``node`` and everything under it, as :func:`walk`."""
    add((path, node))
    if isinstance(node, (str, int, float)) or node is None:
        return  # most values are text or numbers: nothing under them
    if isinstance(node, BaseModel):
        for name, alias in _fields(type(node)):
            _walk_into(getattr(node, name), (*path, alias), add)
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            _walk_into(item, (*path, index), add)
    elif isinstance(node, dict):
        for key, item in node.items():
            _walk_into(item, (*path, key), add)


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Return ``(attribute, name in YAML)`` for each field of ``model``, in order."""
    return tuple((name, info.alias or name) for name, info in model.model_fields.items())


def strings(node: object, path: Loc = ()) -> list[tuple[Loc, str]]:
    """Return ``(path, text)`` for every string under ``node``, paths as :func:`walk` gives them."""
    return [(where, value) for where, value in walk(node, path) if isinstance(value, str)]


# --------------------------------------------------------------------------- assets


def asset_roots(base_dir: Path) -> list[Path]:
    """Return the folders an outline in ``base_dir`` may read files from, resolved.

    The outline's own folder, its ``assets/`` subfolder and the ``assets/`` folder beside it
    (the project's shared ``assets/`` when outlines live in ``outlines/``).
    """
    base = base_dir.resolve()
    return [base, base / "assets", base.parent / "assets"]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def resolve_asset(base_dir: Path, name: str) -> tuple[Path | None, str | None]:
    """Return ``(path, None)`` for the file ``name`` refers to, or ``(None, why not)``.

    ``name`` is relative to the outline's folder; a bare name is also looked up in the
    ``assets/`` folders. Absolute paths, ``..`` that leaves the allowed folders and symlinks
    that lead outside them are refused.
    """
    refused = "images must live in the outline's folder or assets/ — copy it there"
    text = name.strip()
    if (
        Path(text).is_absolute()
        or text.startswith(("~", "\\"))
        or re.match(r"^[A-Za-z]:[\\/]", text)
        or "://" in text
    ):
        return None, f"'{name}' is an absolute path or a link; {refused}"
    relative = Path(text.replace("\\", "/"))
    roots = asset_roots(base_dir)
    candidates = [roots[0] / relative, roots[1] / relative, roots[2] / relative]
    if relative.parts[:1] == ("assets",):
        candidates.append(roots[0].parent / relative)
    outside = False
    for candidate in candidates:
        try:
            present = candidate.exists() or candidate.is_symlink()
        except OSError as exc:  # a name too long for the file system, a permission error
            return None, f"'{name}' {os_cause(exc)}"
        if not present:
            continue
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
            return None, f"'{name}' is a link that leads back to itself (a loop of links)"
        if not _inside(real, roots):
            outside = True
            continue
        reason = why_unreadable(real if real.exists() else candidate)
        if reason is not None:
            return None, f"'{name}' {reason}"
        return real, None
    if outside or any(not _inside(c.resolve(), roots) for c in candidates[:1]):
        return None, f"'{name}' is outside the outline's folder; {refused}"
    return None, (
        f"image file '{name}' not found — put it in the outline's folder or assets/ and check "
        "the spelling (capital letters count)"
    )


MAX_IMAGE_PIXELS = 40_000_000
"""Most pixels in one image (a 7,000 × 5,700 photo); Pillow's own bomb limit is 89 million."""


def image_problem(path: Path) -> str | None:
    """Return why the file at ``path`` is not a usable image, or None when it is one.

    The answer is kept for the process by the file's path, size, modification time and inode:
    decoding a photo in full takes tens of milliseconds, and validate (each audience), an
    --all-audiences build and every rebuild under build --watch ask again about the same file.
    """
    try:
        st = path.stat()
    except OSError:
        return _image_problem(path)  # gives the plain message for a file that cannot be read
    return _image_problem_of(path, st.st_size, st.st_mtime_ns, st.st_ino)


@functools.lru_cache(maxsize=256)
def _image_problem_of(path: Path, size: int, mtime_ns: int, inode: int) -> str | None:
    """Return :func:`_image_problem` of ``path``; the other arguments only key the cache."""
    return _image_problem(path)


def _image_problem(path: Path) -> str | None:
    """Return why the file at ``path`` is not a usable image (decoded in full), or None."""
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return f"the image is over {MAX_IMAGE_BYTES // 1024 // 1024} MB — save a smaller copy"
        if plain_png_ok(path.read_bytes(), MAX_IMAGE_PIXELS):
            return None  # checked in full without Pillow (generator.source.png)
    except OSError:
        return "the image is damaged or truncated — save it again as PNG or JPEG"
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        # Pillow warns on stderr about huge images and some damaged ones: the message here
        # says it plainly instead.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                kind = image.format
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return (
                        f"the image is {width:,} × {height:,} pixels; the limit is "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels — save a smaller copy "
                        "(2,000 pixels wide is plenty for a slide or a page)"
                    )
                image.verify()  # the file's structure and checksums
            with Image.open(path) as image:
                # Decoded in full too: checksums can be right while the pixel data is garbage.
                image.load()
    except UnidentifiedImageError:
        return "this file is not an image (or is damaged) — save it again as PNG or JPEG"
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return "the image is damaged or truncated — save it again as PNG or JPEG"
    if kind not in IMAGE_FORMATS:
        return f"{kind} images cannot go in a slide deck — save it as PNG or JPEG"
    return None


# --------------------------------------------------------------------------- outline


def check_outline(outline: Outline, doc: Document, base_dir: Path) -> list[Problem]:
    """Return every cross-reference, confinement and consistency problem in ``outline``."""
    return [
        *check_ids(outline, doc),
        *check_exercises(outline, doc),
        *check_citations(outline, doc),
        *check_slides(outline, doc, base_dir),
        *check_timing(outline, doc),
        *check_source(outline, doc),
        *check_handout(outline, doc, base_dir),
    ]


def check_ids(outline: Outline, doc: Document) -> list[Problem]:
    """Return a problem for each id used twice, and each audience name used twice."""
    problems = []
    seen: dict[str, Loc] = {}
    for path, node in walk(outline):
        if isinstance(node, BaseModel) and getattr(node, "id", None) and path[:1] != ("audiences",):
            key = node.id  # type: ignore[attr-defined]
            if key in seen:
                line, _ = doc.locate((*seen[key], "id"))
                problems.append(
                    doc.problem(
                        (*path, "id"),
                        f"duplicate id '{key}' (first at line {line}) — every id must be unique",
                    )
                )
            else:
                seen[key] = path
    names: dict[str, int] = {}
    for index, audience in enumerate(outline.audiences):
        if audience.name in names:
            line, _ = doc.locate(("audiences", names[audience.name], "name"))
            problems.append(
                doc.problem(
                    ("audiences", index, "name"),
                    f"duplicate audience name '{audience.name}' (first at line {line})",
                )
            )
        else:
            names[audience.name] = index
    return problems


def check_exercises(outline: Outline, doc: Document) -> list[Problem]:
    """Return a problem for each exercise slide naming no exercise of its own section."""
    problems = []
    elsewhere = {e.id: s.id for s in outline.sections for e in s.facilitator.exercises}
    for si, section in enumerate(outline.sections):
        ids = [e.id for e in section.facilitator.exercises]
        for li, slide in enumerate(section.slides):
            if slide.kind != "exercise" or slide.exercise in ids:
                continue
            if slide.exercise in elsewhere:
                why = (
                    f"exercise '{slide.exercise}' belongs to section "
                    f"'{elsewhere[slide.exercise]}' — move the slide or the exercise"
                )
            else:
                known = ", ".join(ids) if ids else "none yet"
                why = (
                    f"there is no exercise '{slide.exercise}' in this section's facilitator: "
                    f"exercises: (this section has: {known})"
                    f"{did_you_mean(slide.exercise, ids, aside=True)}"
                )
            problems.append(doc.problem(("sections", si, "slides", li, "exercise"), why))
    return problems


def check_citations(outline: Outline, doc: Document) -> list[Problem]:
    """Return a problem for each ``[@key]`` in any text that names no reference."""
    keys = [r.key for r in outline.references]
    problems = []
    for path, value in walk(outline):
        if not isinstance(value, str) or path[:1] == ("references",):
            continue
        for match in CITATION.finditer(value):
            key = match.group(1)
            if key not in keys:
                problems.append(
                    doc.problem(
                        path,
                        f"cites [@{key}] but no reference has key '{key}' — add it under "
                        f"references:{did_you_mean(key, keys, aside=True)}",
                    )
                )
    return problems


def check_slides(outline: Outline, doc: Document, base_dir: Path) -> list[Problem]:
    """Return problems with slide titles, image alt text and image files."""
    problems = []
    for si, section in enumerate(outline.sections):
        for li, slide in enumerate(section.slides):
            at: Loc = ("sections", si, "slides", li)
            if KINDS[slide.kind].titled and not (slide.title or "").strip():
                problems.append(
                    doc.problem(
                        at,
                        f"a {slide.kind} slide needs a title: add a title: line (every slide "
                        "needs a unique title for screen readers)",
                    )
                )
            if isinstance(slide, ImageSlide):
                problems += _check_image(slide, doc, at, base_dir)
            if slide.kind == "break" and section.activity != "break":
                problems.append(
                    doc.problem(
                        (*at, "kind"),
                        "a break slide goes in a section of its own with activity: break, so "
                        "its return time comes from the run of show — move it there, or add "
                        f"activity: break to section '{section.id}'",
                    )
                )
    return problems


def check_source(outline: Outline, doc: Document) -> list[Problem]:
    """Return a problem when ``source.reference`` names no reference."""
    key = outline.source.reference
    keys = [r.key for r in outline.references]
    if not key or key in keys:
        return []
    return [
        doc.problem(
            ("source", "reference"),
            f"no reference has key '{key}' — add the article under references: with that "
            f"key{did_you_mean(key, keys, aside=True)}",
        )
    ]


MAX_PRACTICE_TITLE = 300
"""Most characters in a try-this practice's title: it is printed as a heading, and reportlab
looped for ever laying out a heading a few pages long (4,000 characters)."""


def check_handout(outline: Outline, doc: Document, base_dir: Path) -> list[Problem]:
    """Return problems with the handout's image (alt text, file) and practice titles."""
    handout = outline.handout
    image = handout.image
    problems = [] if image is None else _check_image(image, doc, ("handout", "image"), base_dir)
    one = not isinstance(handout.try_this, list)
    for i, practice in enumerate(handout.practices):
        if len(practice.title) > MAX_PRACTICE_TITLE:
            at = ("handout", "try_this", "title") if one else ("handout", "try_this", i, "title")
            problems.append(
                doc.problem(
                    at,
                    f"this title is {len(practice.title):,} characters long; the limit is "
                    f"{MAX_PRACTICE_TITLE} — name the practice in a few words and put the rest "
                    "in 'intro' or its steps",
                )
            )
    return problems


def alt_text_problem(alt: str | None, decorative: bool) -> str | None:
    """Return what is wrong with an image's alt text, and how to fix it, or ``None``.

    The one alt-text rule (loading reports it as an error, ``workshop check`` on an outline
    customized for an audience as a finding): an image that is not decorative says what it
    shows, in words rather than a file name.
    """
    text = (alt or "").strip()
    if not decorative and not text:
        return (
            "an image needs alt text: add alt: saying what the image shows, or "
            "decorative: true if it carries no meaning"
        )
    if text and (_FILE_NAME.search(text) or "/" in text or "\\" in text):
        return (
            f"alt text '{text}' looks like a file name — describe what the image "
            "shows, e.g. 'Two people sitting close, talking'"
        )
    return None


def _check_image(
    slide: ImageSlide | HandoutImage, doc: Document, at: Loc, base_dir: Path
) -> list[Problem]:
    problems = []
    alt_problem = alt_text_problem(slide.alt, slide.decorative)
    if alt_problem:
        problems.append(doc.problem((*at, "alt") if slide.alt else at, alt_problem))
    path, why = resolve_asset(base_dir, slide.image)
    if why is None and path is not None:
        why = image_problem(path)
    if why:
        problems.append(doc.problem((*at, "image"), why))
    return problems


def check_timing(outline: Outline, doc: Document) -> list[Problem]:
    """Return a problem when the sections' minutes do not add up to the duration."""
    total = sum(s.minutes for s in outline.sections)
    if total == outline.duration:
        return []
    return [
        doc.problem(
            ("duration",),
            f"the sections add up to {total} minutes but duration is {outline.duration} — change "
            "the sections' minutes or the duration so they match",
        )
    ]


# --------------------------------------------------------------------------- practice


COLOUR_PAIRS = (
    ("text", "background", "body text on the slide background"),
    ("primary", "background", "titles on the slide background"),
    ("background", "primary", "text on title and section slides"),
)
"""Foreground/background pairs of ``colors`` the deck's theme sets text in."""


def check_practice(
    practice: Practice, doc: Document, base_dir: Path, *, slides: bool = True
) -> list[Problem]:
    """Return problems with the profile's crisis line, logo, signature and font files, and (with
    ``slides``) colours too pale or too dark to read on slides."""
    problems = check_colours(practice, doc) if slides else []
    if safety.find_crisis_line(practice) is None:
        problems.append(doc.problem(("locale",), safety.no_crisis_line(practice)))
    roots = [base_dir.resolve()]
    for field, what in (("logo", "logo"), ("signature", "signature image")):
        name = getattr(practice, field)
        # An image is opened only once it is known to be a file beside the profile.
        why = name and (
            _profile_file(base_dir, roots, name, what) or image_problem((base_dir / name).resolve())
        )
        if why:
            problems.append(doc.problem((field,), why))
    if practice.logo and not (practice.logo_alt or "").strip():
        problems.append(
            doc.problem(
                ("logo",), "add logo_alt: saying what the logo shows (read by screen readers)"
            )
        )
    if practice.fonts.files is None:
        # Found here, at its line, rather than when the first output is measured or drawn.
        for role in ("heading", "body"):
            family = getattr(practice.fonts, role)
            if not is_bundled(family):
                shown = family if len(family) <= 60 else family[:50].rstrip() + "…"
                why = (
                    f"the font '{shown}' is not bundled. Add its .ttf files under fonts.files "
                    "(regular, bold), or use Calibri or Arial, which are bundled as their "
                    "metric twins Carlito and Liberation Sans"
                )
                problems.append(doc.problem(("fonts", role), why))
    if practice.fonts.files:
        for name in ("regular", "bold", "italic", "bold_italic"):
            value = getattr(practice.fonts.files, name)
            if value:
                why = _profile_file(base_dir, roots, value, "font file")
                if why is None and not value.lower().endswith((".ttf", ".otf")):
                    why = f"'{value}' is not a TrueType font (.ttf)"
                if why is None:
                    why = font_problem((base_dir / value).resolve(), value)
                if why:
                    problems.append(doc.problem(("fonts", "files", name), why))
    return problems


_FONT_TABLES = ("head", "hhea", "maxp", "cmap", "hmtx", "name", "post", "OS/2", "loca", "glyf")
"""The tables the PDFs need to embed a TrueType font and measure its text."""


def font_problem(path: Path, name: str) -> str | None:
    """Return why the font file at ``path`` (written ``name``) cannot be embedded, or None.

    Read in full now, so a damaged font is reported at its line in the profile rather than
    failing while a PDF is drawn.
    """
    import logging

    from fontTools.ttLib import TTFont, TTLibError

    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return f"the font file '{name}' cannot be read"
    if not head:
        return f"the font file '{name}' is empty — copy the font again"
    if head == b"ttcf":
        return (
            f"'{name}' is a font collection (.ttc) — give one .ttf file per face "
            "(regular, bold, italic)"
        )
    if head in (b"wOFF", b"wOF2"):
        return f"'{name}' is a web font (WOFF) — use the .ttf file of the font instead"
    if head == b"OTTO":
        return (
            f"'{name}' has PostScript (CFF) outlines, which the PDFs cannot embed — use the "
            "TrueType (.ttf) version of the font"
        )
    if head not in (b"\x00\x01\x00\x00", b"true"):
        return f"'{name}' is not a TrueType font file (or is damaged) — copy the .ttf again"
    # fontTools logs what it repairs; a problem is reported here, in plain words, instead.
    logger = logging.getLogger("fontTools")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        with TTFont(path, lazy=False) as font:
            missing = [tag for tag in _FONT_TABLES if tag not in font]
            if missing:
                return f"'{name}' lacks the font tables {', '.join(missing)} — copy the .ttf again"
            for tag in _FONT_TABLES:
                font[tag]  # reading the table checks it
            glyphs = font["glyf"]
            for glyph in font.getGlyphOrder():
                glyphs[glyph].expand(glyphs)
    except (TTLibError, ValueError, KeyError, IndexError, AssertionError, struct_error, EOFError):
        return f"'{name}' is damaged or truncated — copy the .ttf file again"
    finally:
        logger.level = level
    return None


def check_colours(practice: Practice, doc: Document) -> list[Problem]:
    """Return a problem for each theme colour pair under 4.5:1 (WCAG 2.1 SC 1.4.3, level AA)."""
    problems = []
    colors = practice.colors
    for fg, bg, what in COLOUR_PAIRS:
        message = low_contrast(getattr(colors, fg), getattr(colors, bg), what)
        if message:
            fix = f" — darken colors.{fg} or lighten colors.{bg}"
            problems.append(doc.problem(("colors", fg), message + fix))
    return problems


def _profile_file(base_dir: Path, roots: list[Path], name: str, what: str) -> str | None:
    """Return why ``name`` is not a file in the profile's folder, or None."""
    if Path(name).is_absolute() or name.startswith("~") or re.match(r"^[A-Za-z]:[\\/]", name):
        return f"the {what} '{name}' is an absolute path — put it beside the practice profile"
    try:
        path = (base_dir / name).resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
        return f"the {what} '{name}' is a link that leads back to itself (a loop of links)"
    if not _inside(path, roots):
        return f"the {what} '{name}' is outside the practice profile's folder — copy it there"
    try:
        present = path.exists() or (base_dir / name).is_symlink()
    except OSError as exc:  # a name too long for the file system, a permission error
        return f"the {what} '{name}' {os_cause(exc)}"
    if not present:
        return f"the {what} '{name}' was not found beside the practice profile"
    reason = why_unreadable(base_dir / name)
    if reason is not None:
        return f"the {what} '{name}' {reason}"
    return None
