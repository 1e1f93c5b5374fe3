"""Measure slide text with real font metrics, wrap it into lines and split overlong slides.

Pure: no python-pptx here. The deck renderer asks :func:`compose` for the paragraphs of a slide,
measures them here and writes exactly those paragraphs, so what was measured is what renders.

Sizes follow the slide heuristics of ``shared/domain.md``: titles 40 pt down to 28 pt, body
28 pt down to 18 pt. A slide is shrunk to the minimum before it is split onto continuation
slides; when it must split, every part gets the largest size at which that many parts fit, so a
split slide's parts look alike. Titles, quotes, captions and the title/closing slides never
split: when they cannot fit at the minimum, :class:`~generator.errors.RenderError` says which
slide and what to shorten. A quote is never split across slides (a pull-quote cut in half reads
badly); it must fit at 24 pt or the outline is rejected.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import TypeVar

from generator.errors import RenderError
from generator.plan import Bullet, PlannedColumn, PlannedSlide
from generator.plan.references import apa_runs
from generator.source.fonts import FontFiles
from generator.source.slide_kinds import KINDS

T = TypeVar("T")

EMU_PER_PT = 12700
EMU_PER_IN = 914400

TITLE_SIZES = (40, 38, 36, 34, 32, 30, 28)
COVER_SIZES = (48, 44, 40, 36, 32, 28)
BODY_SIZES = (28, 26, 24, 22, 20, 18)
QUOTE_SIZES = (36, 32, 30, 28, 26, 24)
MIN_BODY = 18
SMALL_PT = 12  # footer and slide number: furniture, not content

# Fitting is judged against a slightly smaller box than the real one, so rounding in the
# consumers' own line breaking (hinting, kerning, hyphen breaks) can never push text out.
WIDTH_SAFETY = 0.95
HEIGHT_SAFETY = 0.93


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Box:
    """A text box in EMU, with its inner margins (insets) in EMU."""

    left: int
    top: int
    width: int
    height: int
    left_inset: int = 91440
    right_inset: int = 91440
    top_inset: int = 45720
    bottom_inset: int = 45720

    @property
    def inner_w_pt(self) -> float:
        """Return the width available to text, in points."""
        return (self.width - self.left_inset - self.right_inset) / EMU_PER_PT

    @property
    def inner_h_pt(self) -> float:
        """Return the height available to text, in points."""
        return (self.height - self.top_inset - self.bottom_inset) / EMU_PER_PT


@dataclass
class DeckMetrics:
    """What the fitter and the renderer need to know about the deck's geometry and fonts.

    ``boxes`` maps a region name (``title``, ``body``, ``left``, ``right``, ``cover_title``,
    ``cover_sub``, ``section_title``, ``section_sub``, ``caption``, ``image``, ``footer``,
    ``number``, ``logo``) to its box. ``layouts`` maps a layout role (``cover``, ``content``,
    ``section``, ``two``, ``title_only``) to the layout name used, and ``layout_keys`` to its
    (slide master, layout) indices in a template, where names repeat across masters.
    ``warnings`` lists what the user should know (e.g. a layout the template lacks and what
    was used instead); the CLI prints them. ``template_data`` is the template as it was
    measured (a .potx already rewritten as a presentation): the deck is built from these bytes,
    not from a second read of a file that may have changed since. ``region_colours`` maps
    ``"role:region"`` to the colour a template's runs there are written in, where its own
    colour reads under 4.5:1 on what the layout draws beneath; ``region_fills`` the fill a
    footer, slide number or closing text gets where no colour reads on the ground as it is.
    ``title_caps`` maps a title region to the largest size a template's own title style uses
    there.
    """

    slide_w: int
    slide_h: int
    boxes: dict[str, Box]
    heading: FontFiles
    body: FontFiles
    heading_name: str
    body_name: str
    layouts: dict[str, str] = field(default_factory=dict)
    layout_keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    template: Path | None = None
    template_data: bytes | None = None
    warnings: list[str] = field(default_factory=list)
    colors: dict[str, str] = field(default_factory=dict)
    region_colours: dict[str, str] = field(default_factory=dict)
    region_fills: dict[str, str] = field(default_factory=dict)
    title_caps: dict[str, float] = field(default_factory=dict)
    presenter: str = ""
    contact: tuple[str, ...] = ()


# --------------------------------------------------------------------------- measuring


@lru_cache(maxsize=32)
def _measure(path: str) -> Callable[[str], float]:
    """Return a function giving the width of a text in the font ``path`` at 1000 pt, in pt.

    It measures as ``ImageFont.truetype(path, 1000, layout_engine=Layout.BASIC).getlength``
    does, with the FreeType font that call wraps made directly: ``PIL.ImageFont`` imports
    ``PIL.Image`` and its EXIF tables, 12 ms of every validate and cold build, and nothing else
    here needs them. That module is Pillow's private one, so a Pillow whose module takes other
    arguments is measured through ``ImageFont`` instead (the same widths, a little later).
    Basic layout (no shaping, ``Layout.BASIC`` is 0) is deterministic across machines; widths
    are per-glyph advances. ``tests/test_speedups.py`` compares both with each other.
    """
    try:
        from PIL import _imagingft

        font = _imagingft.getfont(path, 1000, 0, "", layout_engine=0)
        # FreeTypeFont.getlength's call: no mode, direction, features or language; 1/64 pt.
        font.getlength("Aa", "", None, None, None)
        return lambda text: font.getlength(text, "", None, None, None) / 64
    except (ImportError, AttributeError, TypeError):
        return _measure_through_imagefont(path)


def _measure_through_imagefont(path: str) -> Callable[[str], float]:
    """Return ``ImageFont``'s own ``getlength`` for ``path`` at 1000 pt, basic layout."""
    from PIL import ImageFont

    return ImageFont.truetype(path, 1000, layout_engine=ImageFont.Layout.BASIC).getlength


@lru_cache(maxsize=32)
def line_ratio(path: str) -> float:
    """Return the font's single line height as a multiple of its size.

    PowerPoint and LibreOffice space single lines by the font's ascent + descent + line gap;
    the larger of the hhea and OS/2 win values is taken so the estimate errs on the tall side.
    """
    data = Path(path).read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag] = offset
    upm = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])[0]
    hhea = tables[b"hhea"]
    asc, desc, gap = struct.unpack(">hhh", data[hhea + 4 : hhea + 10])
    ratio = (asc - desc + gap) / upm
    if b"OS/2" in tables:
        os2 = tables[b"OS/2"]
        win_asc, win_desc = struct.unpack(">HH", data[os2 + 74 : os2 + 78])
        ratio = max(ratio, (win_asc + win_desc) / upm)
    return ratio


def line_height(files: FontFiles) -> float:
    """Return a family's single line height as a multiple of its size (a stand-in's at least
    its ``line``)."""
    return max(line_ratio(str(files.regular)), files.line)


def face(files: FontFiles, bold: bool, italic: bool) -> Path:
    """Return the file of the face with the given weight and slant."""
    if bold and italic:
        return files.bold_italic
    if bold:
        return files.bold
    return files.italic if italic else files.regular


def text_width(text: str, path: Path, size: float) -> float:
    """Return the advance width of ``text`` set in the font ``path`` at ``size`` pt, in pt."""
    return _unit_width(text, str(path)) * size / 1000


@lru_cache(maxsize=65536)
def _unit_width(text: str, path: str) -> float:
    # The fitter measures the same words at every size it tries (about 20,000 calls a build);
    # width scales linearly with size, so one measurement per (text, font) serves them all.
    if len(text) > 1_000_000:  # what FreeTypeFont.getlength refuses (ImageFont's limit)
        raise ValueError("too many characters in string")
    return _measure(path)(text)


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Run:
    """A piece of text in one style; ``heading`` picks the heading family."""

    text: str
    bold: bool = False
    italic: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph exactly as the renderer writes it (sizes and spacing in pt).

    ``bullet`` is ``None``, a bullet character, or ``"#"`` for an automatic number starting at
    ``number``. ``mar_l``/``indent`` are DrawingML's left margin and first-line indent (negative
    for a hanging bullet or a hanging reference). ``color`` names a theme role: ``text``,
    ``primary`` or ``inverse`` (text on the primary colour).
    """

    runs: tuple[Run, ...]
    size: float
    bullet: str | None = None
    number: int = 1
    mar_l: float = 0.0
    indent: float = 0.0
    space_before: float = 0.0
    align: str = "l"
    color: str = "text"


def wrap(para: Para, width: float, fonts: tuple[FontFiles, FontFiles]) -> list[str]:
    """Return the lines ``para`` wraps into in a box ``width`` pt wide (greedy, like the apps).

    A word longer than a line is broken between characters, as PowerPoint and LibreOffice do.
    """
    heading, body = fonts
    words: list[tuple[str, Path, float]] = []
    for run in para.runs:
        files = heading if run.heading else body
        path = face(files, run.bold, run.italic)
        # A stand-in's widths are scaled: the size it is measured at, not the size set.
        size = para.size * files.width
        for i, word in enumerate(run.text.split(" ")):
            if i > 0 or (words and run.text.startswith(" ")):
                words.append((" ", path, size))
            if word:
                words.append((word, path, size))
    first = width - para.mar_l - (0 if para.bullet else para.indent)
    rest = width - para.mar_l
    lines: list[str] = []
    current, used = "", 0.0
    pending_space = 0.0
    limit = first
    for word, path, size in words:
        if word == " ":
            pending_space += text_width(" ", path, size)
            continue
        w = text_width(word, path, size)
        if current and used + pending_space + w <= limit:
            current += " " + word
            used += pending_space + w
        else:
            if current:
                lines.append(current)
                limit = rest
            # Break an over-long word between characters.
            while w > limit and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], path, size) > limit:
                    cut -= 1
                lines.append(word[:cut])
                limit = rest
                word = word[cut:]
                w = text_width(word, path, size)
            current, used = word, w
        pending_space = 0.0
    lines.append(current)
    return lines


def para_height(para: Para, width: float, fonts: tuple[FontFiles, FontFiles]) -> float:
    """Return the height in pt ``para`` takes in a box ``width`` pt wide, space before included."""
    files = fonts[0] if para.runs and para.runs[0].heading else fonts[1]
    lines = _line_count(para, width, fonts)
    return para.space_before + lines * para.size * line_height(files)


@lru_cache(maxsize=65536)
def _line_count(para: Para, width: float, fonts: tuple[FontFiles, FontFiles]) -> int:
    # The fitter asks for the same paragraph at the same width many times (each size it tries
    # for a slide measures every paragraph again), and a rebuild asks for the last build's.
    return len(wrap(para, width, fonts))


def height(paras: Sequence[Para], width: float, fonts: tuple[FontFiles, FontFiles]) -> float:
    """Return the height in pt that ``paras`` take in a box ``width`` pt wide."""
    total = 0.0
    for para in paras:
        total += para_height(para, width, fonts)
    return total


def fit_width(box: Box) -> float:
    """Return the width text is wrapped to when judging whether it fits ``box``, in pt."""
    return box.inner_w_pt * WIDTH_SAFETY


def fit_height(box: Box) -> float:
    """Return the height text may take and still fit ``box``, in pt."""
    return box.inner_h_pt * HEIGHT_SAFETY


def fits(paras: Sequence[Para], box: Box, fonts: tuple[FontFiles, FontFiles]) -> bool:
    """Return True when ``paras`` fit inside ``box`` with the safety margins."""
    return height(paras, fit_width(box), fonts) <= fit_height(box)


# --------------------------------------------------------------------------- composition

BULLET = "\u2022"
SUB_BULLET = "\u2013"


def _sub_size(size: float) -> float:
    """Return the size of second-level text (sub-bullets, a byline) under ``size`` pt text."""
    return max(MIN_BODY, size - 4)


def bullet_paras(bullets: Sequence[Bullet], size: float) -> list[list[Para]]:
    """Return one block of paragraphs per bullet: the bullet and its sub-bullets stay together."""
    blocks = []
    for b in bullets:
        sub = _sub_size(size)
        hang = 0.75 * size + 4
        block = [
            Para((Run(b.text),), size, BULLET, mar_l=hang, indent=-hang, space_before=0.45 * size)
        ]
        for s in b.sub:
            sub_hang = 0.75 * sub + 4
            block.append(
                Para(
                    (Run(s),),
                    sub,
                    SUB_BULLET,
                    mar_l=hang + sub_hang + 6,
                    indent=-sub_hang,
                    space_before=0.2 * sub,
                )
            )
        blocks.append(block)
    return blocks


def heading_para(text: str, size: float, color: str = "primary") -> Para:
    """Return a bold heading paragraph in the heading family."""
    return Para((Run(text, bold=True, heading=True),), size, color=color)


@dataclass(frozen=True)
class Body:
    """The body of a slide: a header repeated on every part, and blocks that may be split."""

    header: tuple[Para, ...]
    blocks: tuple[tuple[Para, ...], ...]


def _blocks(slide: PlannedSlide, size: float, step_start: int = 1) -> Body:
    """Return the splittable body of a content slide of ``slide.kind`` at ``size`` pt."""
    kind = slide.kind
    if kind == "bullets":
        return Body((), tuple(tuple(b) for b in bullet_paras(slide.bullets, size)))
    if kind == "agenda":
        items = [Bullet(f"{a.title} \u2014 {a.minutes} min") for a in slide.agenda]
        return Body((), tuple(tuple(b) for b in bullet_paras(items, size)))
    if kind == "discussion":
        header = [
            Para((Run(slide.question or "", bold=True, heading=True),), size + 4, color="primary")
        ]
        if slide.minutes:
            header.append(
                Para(
                    (Run(f"{slide.minutes} minutes"),),
                    _sub_size(size),
                    space_before=0.3 * size,
                )
            )
        prompts = [Bullet(p) for p in slide.prompts]
        return Body(tuple(header), tuple(tuple(b) for b in bullet_paras(prompts, size)))
    if kind == "exercise":
        ex = slide.exercise
        bits = [ex.format.capitalize()] if ex else []
        if slide.minutes:
            bits.append(f"{slide.minutes} minutes")
        header = (
            (
                Para(
                    (Run(" \u00b7 ".join(bits), bold=True, heading=True),),
                    max(MIN_BODY, size - 2),
                    color="primary",
                ),
            )
            if bits
            else ()
        )
        blocks = []
        for i, step in enumerate(slide.steps):
            blocks.append(
                (
                    Para(
                        (Run(step),),
                        size,
                        "#",
                        number=step_start + i,
                        mar_l=0.9 * size + 8,
                        indent=-(0.9 * size + 8),
                        space_before=0.45 * size,
                    ),
                )
            )
        return Body(header, tuple(blocks))
    if kind == "references":
        blocks = []
        for ref in slide.references:
            runs = tuple(Run(t, italic=i) for t, i in apa_runs(ref))
            blocks.append((Para(runs, size, mar_l=36, indent=-36, space_before=0.5 * size),))
        return Body((), tuple(blocks))
    raise ValueError(f"not a splittable kind: {kind}")


def column_body(col: PlannedColumn, size: float) -> Body:
    """Return a column's heading (repeated on every part) and its bullet blocks."""
    header = (heading_para(col.heading, size),) if col.heading else ()
    return Body(header, tuple(tuple(b) for b in bullet_paras(col.bullets, size)))


def title_para(text: str, size: float, color: str = "primary") -> Para:
    """Return a slide title paragraph."""
    return Para((Run(text, heading=True),), size, color=color)


# --------------------------------------------------------------------------- fitting


def _fit_title(
    text: str,
    box: Box,
    fonts,
    sizes,
    fail: Callable[[str, str], RenderError],
    color: str = "primary",
) -> float:
    for size in sizes:
        if fits([title_para(text, size, color)], box, fonts):
            return size
    # The message quotes the title's start: the whole of a 5,000-character title would bury it.
    shown = text if len(text) <= 80 else text[:60].rstrip() + "…"
    raise fail(
        "title",
        f"the title '{shown}' ({len(text):,} characters) is too long to fit its slide at "
        f"{sizes[-1]} pt. Shorten it (about 60 characters fit on two lines).",
    )


def _chunks(body: Body, box: Box, fonts) -> list[list[tuple[Para, ...]]] | None:
    """Return the blocks grouped greedily into parts that each fit ``box``; None if one can't.

    Each block is measured once: a part's height is kept as a running total, added up
    paragraph by paragraph in the order :func:`fits` adds them, so the result is the same.
    """
    width, limit = fit_width(box), fit_height(box)
    header = height(body.header, width, fonts)
    if header > limit:
        return None  # with no items, a header taller than the box would overflow unseen
    parts: list[list[tuple[Para, ...]]] = []
    current: list[tuple[Para, ...]] = []
    used = header
    for block in body.blocks:
        heights = [para_height(p, width, fonts) for p in block]
        trial = used
        for h in heights:
            trial += h
        if trial <= limit:
            current.append(block)
            used = trial
            continue
        if not current:
            return None
        parts.append(current)
        current = [block]
        used = header
        for h in heights:
            used += h
        if used > limit:
            return None
    parts.append(current)
    return parts


def _split_sizes(make: Callable[[float], list[T] | None]) -> tuple[float, list[T]]:
    """Return the size and the parts: the largest size with one part, else the fewest parts.

    ``make(size)`` returns the parts the content splits into at ``size``, or None if impossible.
    """
    found: dict[float, list[T] | None] = {}
    for size in BODY_SIZES:  # largest first
        found[size] = parts = make(size)
        if parts is not None and len(parts) == 1:
            # No size does better than one part, and this is the largest that has it: the
            # smaller sizes are not measured (most slides fit whole at the first size tried).
            return size, parts
    possible = {s: p for s, p in found.items() if p is not None}
    if not possible:
        raise ValueError("unfittable")
    fewest = min(len(p) for p in possible.values())
    best = max(s for s, p in possible.items() if len(p) == fewest)
    return best, possible[best]


class Fitter:
    """Chooses sizes and splits slides for one deck's metrics."""

    def __init__(self, metrics: DeckMetrics) -> None:
        self.metrics = metrics
        self.fonts = (metrics.heading, metrics.body)

    def where(self, slide: PlannedSlide) -> str:
        """Return how an error names ``slide``."""
        return f"slide '{slide.element_id or slide.title}' (section '{slide.section_id}')"

    def fail(
        self, slide: PlannedSlide, field: str | tuple[str | int, ...] | None, reason: str
    ) -> RenderError:
        """Return the error for ``slide``, pointing at its ``field`` (a name, or a path such as
        ``("bullets", 2)``) in the planned slide; the build finds where that was written."""
        field = (field,) if isinstance(field, str) else field
        at = (*slide.source, *field) if slide.source and field else slide.source or None
        return RenderError(f"{self.where(slide)}: {reason}", at=at, reason=reason)

    def _too_tall(self, body: Body, box: Box) -> int | str | None:
        """Return the index of the first block too tall for ``box`` on its own (with the
        header) at the size ``body`` was made at, "header" when the header alone is, else None:
        the error names what to shorten."""
        width, limit = fit_width(box), fit_height(box)
        header = height(body.header, width, self.fonts)
        if header > limit:
            return "header"
        for i, block in enumerate(body.blocks):
            if header + height(block, width, self.fonts) > limit:
                return i
        return None

    def title_size(self, slide: PlannedSlide, text: str, region: str = "title") -> float:
        """Return the title size that fits, allowing for a later "(cont. N)" and "(N)"."""
        sizes = COVER_SIZES if region == "cover_title" else TITLE_SIZES
        cap = self.metrics.title_caps.get(region)
        if cap:
            # A template's title style sets the size its band was drawn for: never larger.
            sizes = tuple(s for s in sizes if s <= cap) or sizes[-1:]
        color = "inverse" if region in ("cover_title", "section_title") else "primary"

        def fail(field: str, reason: str) -> RenderError:
            return self.fail(slide, field, reason)

        return _fit_title(text, self.metrics.boxes[region], self.fonts, sizes, fail, color)

    def _sized(
        self,
        slide: PlannedSlide,
        title_region: str,
        sizes: Sequence[float],
        paras: Callable[[float], list],
        box: str,
        field: str,
        message: str,
    ) -> list[PlannedSlide]:
        """Return ``slide`` at the first of ``sizes`` whose ``paras(size)`` fit region ``box``,
        its title sized for ``title_region``; raise the located ``message`` at ``field`` when
        none fits (the slides whose text is not split across slides)."""
        title_pt = self.title_size(slide, slide.title + " (2)", title_region)
        for size in sizes:
            if fits(paras(size), self.metrics.boxes[box], self.fonts):
                return [replace(slide, title_pt=title_pt, body_pt=size)]
        raise self.fail(slide, field, message)

    def paginate(self, slide: PlannedSlide) -> list[PlannedSlide]:
        """Return ``slide`` with sizes chosen, split into as many parts as it needs."""
        kind = slide.kind
        worst_title = slide.title + " (2)"
        if KINDS[kind].split:
            return self._split_body(slide)
        if kind == "two-column":
            return self._split_columns(slide)
        if kind == "title":
            # The date comes from the audience, which the fitter does not see: measure the
            # longest date anyone writes.
            presenter = self.metrics.presenter
            alone = cover_paras(replace(slide, subtitle=None), presenter, LONGEST_DATE, MIN_BODY)
            if not fits(alone, self.metrics.boxes["cover_sub"], self.fonts):
                # Not the outline's subtitle: the practice profile's name and credentials.
                reason = (
                    "the practitioner's name and credentials are too long for the title slide "
                    f"at {MIN_BODY} pt. Shorten them (the full licence can go in 'bio')."
                )
                raise RenderError(reason, at=("practitioner",), reason=reason, in_practice=True)
            return self._sized(
                slide,
                "cover_title",
                BODY_SIZES,
                lambda size: cover_paras(slide, self.metrics.presenter, LONGEST_DATE, size),
                "cover_sub",
                "subtitle",
                "the subtitle is too long for the title slide at 18 pt. Shorten the subtitle.",
            )
        if kind == "section":
            return self._sized(
                slide,
                "section_title",
                BODY_SIZES,
                lambda size: section_paras(slide, size),
                "section_sub",
                "subtitle",
                "the subtitle is too long for a section slide at 18 pt. Shorten it.",
            )
        if kind == "break":
            return self._sized(
                slide,
                "section_title",
                BODY_SIZES,
                lambda size: break_paras(slide, size),
                "section_sub",
                "message",
                "the break's message is too long at 18 pt. Shorten it.",
            )
        if kind == "statement":
            words = len((slide.statement or "").split())
            return self._sized(
                slide,
                "title",
                QUOTE_SIZES,
                lambda size: statement_paras(slide, size),
                "body",
                "text",
                f"the statement ({words} words) is too long to show at 24 pt. Shorten it to "
                "its key sentence, or put the text on a bullets slide.",
            )
        if kind == "table":
            return self._split_table(slide)
        if kind == "quote":
            t = self.title_size(slide, worst_title)
            for size in QUOTE_SIZES:
                if fits(quote_paras(slide, size), self.metrics.boxes["body"], self.fonts):
                    return [replace(slide, title_pt=t, body_pt=size)]
            bare = replace(slide, attribution=None)
            if slide.attribution and fits(
                quote_paras(bare, QUOTE_SIZES[-1]), self.metrics.boxes["body"], self.fonts
            ):
                raise self.fail(
                    slide,
                    "attribution",
                    "the attribution is too long to fit under the quote. Shorten it to the "
                    "speaker's name and source; give the full reference in the notes.",
                )
            words = len((slide.quote or "").split())
            raise self.fail(
                slide,
                "quote",
                f"the quote ({words} words) is too long to show at 24 pt. "
                "Shorten it to its key sentence, or put the text on a bullets slide; a "
                "pull-quote is never split across slides.",
            )
        if kind == "image":
            t = self.title_size(slide, worst_title)
            for size in (24, 22, 20, 18):
                if fits(caption_paras(slide, size), self.metrics.boxes["caption"], self.fonts):
                    return [replace(slide, title_pt=t, body_pt=size)]
            raise self.fail(
                slide,
                "caption",
                "the caption is too long to fit under the "
                "image at 18 pt. Shorten it to one or two lines.",
            )
        if kind == "closing":
            contact = closing_paras(replace(slide, message=None), self.metrics, MIN_BODY)
            if not fits(contact, self.metrics.boxes["body"], self.fonts):
                # Not the outline's message: the practice profile's contact details.
                reason = (
                    "the practitioner's name and contact details are too long for the closing "
                    f"slide even at {MIN_BODY} pt. Shorten them."
                )
                raise RenderError(reason, at=("contact",), reason=reason, in_practice=True)
            t = self.title_size(slide, worst_title)
            for size in BODY_SIZES:
                paras = closing_paras(slide, self.metrics, size)
                if fits(paras, self.metrics.boxes[closing_region(paras, self.metrics)], self.fonts):
                    return [replace(slide, title_pt=t, body_pt=size)]
            raise self.fail(
                slide,
                "message",
                "the closing message and contact details do not fit at 18 pt. Shorten the message.",
            )
        return [slide]

    def _split_body(self, slide: PlannedSlide) -> list[PlannedSlide]:
        box = self.metrics.boxes["body"]
        field_name = KINDS[slide.kind].split
        assert field_name is not None  # paginate sends only splittable kinds here
        items = getattr(slide, field_name)

        def make(size: float) -> list[list[tuple[Para, ...]]] | None:
            return _chunks(_blocks(slide, size), box, self.fonts)

        try:
            size, parts = _split_sizes(make)
        except ValueError:
            item = self._too_tall(_blocks(slide, MIN_BODY), box)
            if item == "header" and slide.kind == "discussion":
                raise self.fail(
                    slide,
                    "question",
                    f"the question is too long to fit on a slide even at {MIN_BODY} pt. "
                    "Shorten it to one or two sentences; put the rest in prompts or the notes.",
                ) from None
            # The item's own line (the agenda's: a section's title; the references': the work).
            raise self.fail(
                slide,
                (field_name, item) if isinstance(item, int) else None,
                f"this item is too long to fit on a slide even at {MIN_BODY} pt. "
                "Shorten it or split it into two items.",
            ) from None
        t = self.title_size(slide, slide.title + (" (cont. 2) (2)" if len(parts) > 1 else " (2)"))
        out, start = [], 0
        for i, n in enumerate(len(p) for p in parts):
            notes = slide.notes if i == 0 else _cont_notes(slide)
            out.append(
                replace(
                    slide,
                    **{field_name: tuple(items[start : start + n])},
                    title_pt=t,
                    body_pt=size,
                    notes=notes,
                )
            )
            start += n
        return out

    def _split_table(self, slide: PlannedSlide) -> list[PlannedSlide]:
        """Return the table's parts: rows split like bullets, the header row on every part."""
        box = self.metrics.boxes["body"]

        def make(size: float) -> list[list[tuple[str, ...]]] | None:
            widths = table_widths(slide.columns, slide.rows, box, size, self.fonts)
            limit = fit_height(box)
            header = table_row_height(slide.columns, widths, size, self.fonts, header=True)
            parts: list[list[tuple[str, ...]]] = []
            current: list[tuple[str, ...]] = []
            used = header
            for row in slide.rows:
                h = table_row_height(row, widths, size, self.fonts)
                if header + h > limit:
                    return None
                if used + h > limit:
                    parts.append(current)
                    current, used = [], header
                current.append(row)
                used += h
            parts.append(current)
            return parts

        try:
            size, parts = _split_sizes(make)
        except ValueError:
            widths = table_widths(slide.columns, slide.rows, box, MIN_BODY, self.fonts)
            limit = fit_height(box)
            header = table_row_height(slide.columns, widths, MIN_BODY, self.fonts, header=True)
            tall = [
                i
                for i, row in enumerate(slide.rows)
                if header + table_row_height(row, widths, MIN_BODY, self.fonts) > limit
            ]
            raise self.fail(
                slide,
                ("rows", tall[0]) if tall else "columns",
                f"a row is too tall to fit on a slide even at {MIN_BODY} pt. Shorten its "
                "cells, or use fewer columns.",
            ) from None
        t = self.title_size(slide, slide.title + (" (cont. 2) (2)" if len(parts) > 1 else " (2)"))
        return [
            replace(
                slide,
                rows=tuple(part),
                title_pt=t,
                body_pt=size,
                notes=slide.notes if i == 0 else _cont_notes(slide),
            )
            for i, part in enumerate(parts)
        ]

    def _split_columns(self, slide: PlannedSlide) -> list[PlannedSlide]:
        left, right = slide.left, slide.right
        boxes = self.metrics.boxes

        def make(size: float) -> list[tuple[list, list]] | None:
            # One part per slide: the left and right column's blocks on it (either may run out).
            lp = _chunks(column_body(left, size), boxes["left"], self.fonts)
            rp = _chunks(column_body(right, size), boxes["right"], self.fonts)
            if lp is None or rp is None:
                return None
            return list(zip_longest(lp, rp, fillvalue=[]))

        try:
            size, parts = _split_sizes(make)
        except ValueError:
            where: tuple[str | int, ...] | None = None
            for side, col in (("left", left), ("right", right)):
                item = self._too_tall(column_body(col, MIN_BODY), boxes[side])
                if item is not None:
                    where = (side, "heading") if item == "header" else (side, "bullets", item)
                    break
            what = "heading" if where and where[-1] == "heading" else "point"
            raise self.fail(
                slide,
                where,
                f"this {what} is too long to fit its column even at {MIN_BODY} pt. Shorten it.",
            ) from None
        t = self.title_size(slide, slide.title + (" (cont. 2) (2)" if len(parts) > 1 else " (2)"))
        out = []
        li = ri = 0
        for i, (left_part, right_part) in enumerate(parts):
            ln, rn = len(left_part), len(right_part)
            out.append(
                replace(
                    slide,
                    left=PlannedColumn(left.heading, left.bullets[li : li + ln]),
                    right=PlannedColumn(right.heading, right.bullets[ri : ri + rn]),
                    title_pt=t,
                    body_pt=size,
                    notes=slide.notes if i == 0 else _cont_notes(slide),
                )
            )
            li, ri = li + ln, ri + rn
        return out


def _cont_notes(slide: PlannedSlide) -> str:
    # Each continuation keeps a note, so the presenter view is never empty mid-topic.
    return f"Continued from the previous slide: {slide.title}."


# --------------------------------------------------------------------------- fixed slides


LONGEST_DATE = "Wednesday, September 30, 2026, 10:00 a.m. to 12:30 p.m."


def cover_paras(slide: PlannedSlide, presenter: str, date: str | None, size: float) -> list[Para]:
    """Return the title slide's subtitle block: subtitle, presenter, date."""
    paras = []
    if slide.subtitle:
        paras.append(Para((Run(slide.subtitle, heading=True),), size, color="inverse"))
    if presenter:
        paras.append(
            Para(
                (Run(presenter, bold=True),),
                _sub_size(size),
                space_before=0.8 * size,
                color="inverse",
            )
        )
    if date:
        paras.append(Para((Run(date),), _sub_size(size), space_before=0.2 * size, color="inverse"))
    return paras


def section_paras(slide: PlannedSlide, size: float) -> list[Para]:
    """Return a section divider's subtitle."""
    if not slide.subtitle:
        return []
    return [Para((Run(slide.subtitle),), size, color="inverse")]


def quote_paras(slide: PlannedSlide, size: float) -> list[Para]:
    """Return a pull-quote: the words in quotation marks, then the attribution."""
    paras = [
        Para((Run(f"\u201c{slide.quote}\u201d", italic=True, heading=True),), size, color="primary")
    ]
    if slide.attribution:
        paras.append(
            Para(
                (Run(f"\u2014 {slide.attribution}"),),
                max(MIN_BODY, size - 8),
                space_before=0.6 * size,
                align="r",
            )
        )
    return paras


def statement_paras(slide: PlannedSlide, size: float) -> list[Para]:
    """Return a statement: the message large, with no quotation marks and no attribution."""
    return [Para((Run(slide.statement or "", bold=True, heading=True),), size, color="primary")]


def break_paras(slide: PlannedSlide, size: float) -> list[Para]:
    """Return a break slide's lines: the return time large, then the message."""
    paras = [Para((Run(slide.back or "", bold=True, heading=True),), size + 8, color="inverse")]
    if slide.message:
        paras.append(Para((Run(slide.message),), size, space_before=0.5 * size, color="inverse"))
    return paras


# Cell margins of a table, in pt (DrawingML's defaults are 0.1 in left/right, 0.05 in top/bottom).
CELL_MAR_X = 7.2
CELL_MAR_Y = 3.6


def cell_para(text: str, size: float, header: bool = False) -> Para:
    """Return one table cell's paragraph; header cells are bold on the primary colour."""
    return Para((Run(text, bold=header),), size, color="inverse" if header else "text")


def table_widths(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    box: Box,
    size: float,
    fonts: tuple[FontFiles, FontFiles],
) -> tuple[float, ...]:
    """Return each column's width in pt: shares of the box by the longest word and cell.

    A column gets at least its longest word (so no word is broken) and the rest of the width
    in proportion to its longest cell, so short columns (a tick, a day) stay narrow.
    """
    total = fit_width(box)
    cells = [list(columns), *[list(r) for r in rows]]
    n = len(columns)
    path = face(fonts[1], True, False)
    size *= fonts[1].width  # a stand-in's widths are scaled
    longest_word = [
        max(text_width(w, path, size) for row in cells for w in row[i].split() or [""])
        + 2 * CELL_MAR_X
        for i in range(n)
    ]
    longest_cell = [max(text_width(row[i], path, size) for row in cells) for i in range(n)]
    floor = [min(w, total / n) for w in longest_word]
    spare = max(0.0, total - sum(floor))
    weight = sum(longest_cell) or 1.0
    return tuple(f + spare * c / weight for f, c in zip(floor, longest_cell, strict=True))


def table_row_height(
    cells: Sequence[str],
    widths: Sequence[float],
    size: float,
    fonts: tuple[FontFiles, FontFiles],
    header: bool = False,
) -> float:
    """Return the height in pt a table row takes: its tallest cell plus the cell margins."""
    tallest = max(
        para_height(cell_para(text, size, header), (w - 2 * CELL_MAR_X) * WIDTH_SAFETY, fonts)
        for text, w in zip(cells, widths, strict=True)
    )
    return tallest + 2 * CELL_MAR_Y


def caption_paras(slide: PlannedSlide, size: float) -> list[Para]:
    """Return an image's caption."""
    return [Para((Run(slide.caption),), size, align="ctr")] if slide.caption else []


def closing_paras(slide: PlannedSlide, metrics: DeckMetrics, size: float) -> list[Para]:
    """Return the closing message and the practitioner's contact lines."""
    paras = []
    if slide.message:
        paras.append(Para((Run(slide.message, heading=True),), size + 8, color="primary"))
    for i, line in enumerate(metrics.contact):
        if line:
            gap = 0.9 * size if i == 0 and paras else 0.15 * size
            paras.append(Para((Run(line, bold=i == 0),), size, space_before=gap))
    return paras


def closing_region(paras: list[Para], metrics: DeckMetrics) -> str:
    """Return the region the closing slide's ``paras`` go in: the body, or "closing" (the body
    before it was cleared of a template's design) when they fit only there."""
    boxes = metrics.boxes
    if "closing" in boxes and not fits(paras, boxes["body"], (metrics.heading, metrics.body)):
        return "closing"
    return "body"


def body_paras(
    slide: PlannedSlide, metrics: DeckMetrics, date: str | None = None, step_start: int = 1
) -> dict[str, list[Para]]:
    """Return the paragraphs of every text region of ``slide`` at its chosen sizes.

    The renderer writes exactly these; the fitter measured exactly these.
    """
    size = slide.body_pt or 24
    kind = slide.kind
    if KINDS[kind].split:
        body = _blocks(slide, size, step_start=step_start)
        return {"body": [*body.header, *[p for b in body.blocks for p in b]]}
    if kind == "two-column":
        out = {}
        for name, col in (("left", slide.left), ("right", slide.right)):
            body = column_body(col, size)
            out[name] = [*body.header, *[p for b in body.blocks for p in b]]
        return out
    if kind == "title":
        return {"cover_sub": cover_paras(slide, metrics.presenter, date, size)}
    if kind == "section":
        return {"section_sub": section_paras(slide, size)}
    if kind == "quote":
        return {"body": quote_paras(slide, size)}
    if kind == "statement":
        return {"body": statement_paras(slide, size)}
    if kind == "break":
        return {"section_sub": break_paras(slide, size)}
    if kind == "image":
        return {"caption": caption_paras(slide, size)}
    if kind == "closing":
        paras = closing_paras(slide, metrics, size)
        return {closing_region(paras, metrics): paras}
    return {}
