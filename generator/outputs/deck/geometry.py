"""The deck's geometry and text fitting, without python-pptx: what planning needs from the deck.

:func:`deck_metrics` and :func:`paginator` are all ``make_plan`` needs to size and split slides.
For the default theme they import no python-pptx, so a build can plan in one process and render
the deck in another while the PDFs render in the first (see :mod:`generator.parallel`). A
practitioner's template is read with python-pptx here (:mod:`generator.outputs.deck.template`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from generator.errors import display_path
from generator.outputs.deck.textfit import (
    COVER_SIZES,
    EMU_PER_IN,
    EMU_PER_PT,
    HEIGHT_SAFETY,
    MIN_BODY,
    SMALL_PT,
    TITLE_SIZES,
    Box,
    DeckMetrics,
    Fitter,
    line_height,
)
from generator.plan import PlannedSlide
from generator.source import safety
from generator.source.fonts import (
    STAND_IN,
    STAND_IN_WIDTH,
    FontFiles,
    font_files,
    measurable,
    stand_in,
)
from generator.source.model import Practice

SLIDE_W = 12192000  # 13.333 in: 16:9
SLIDE_H = 6858000  # 7.5 in


def _in(x: float) -> int:
    return int(round(x * EMU_PER_IN))


def _box(x: float, y: float, w: float, h: float) -> Box:
    return Box(_in(x), _in(y), _in(w), _in(h))


# Regions of the default theme, in inches. Content sits on a 0.75 in margin; the footer band
# starts at 6.85 in, well below the body (which ends at 6.55 in).
DEFAULT_BOXES = {
    "title": _box(0.75, 0.4, 11.83, 1.3),
    "body": _box(0.75, 2.0, 11.83, 4.55),
    "left": _box(0.75, 2.0, 5.75, 4.55),
    "right": _box(6.83, 2.0, 5.75, 4.55),
    "cover_title": _box(0.9, 1.3, 11.5, 2.7),
    "cover_sub": _box(0.9, 4.35, 8.9, 2.4),
    "section_title": _box(0.9, 1.6, 11.5, 2.6),
    "section_sub": _box(0.9, 4.5, 11.5, 1.8),
    "image": _box(0.75, 2.0, 11.83, 3.65),
    "caption": _box(0.75, 5.75, 11.83, 0.9),
    "footer": _box(0.75, 6.9, 9.6, 0.42),
    "number": _box(11.33, 6.9, 1.25, 0.42),
    "logo": _box(10.2, 4.9, 2.4, 1.6),
    "accent": _box(0.85, 1.78, 1.1, 0.06),
}


# --------------------------------------------------------------------------- metrics


def deck_metrics(practice: Practice, practice_dir: Path, template: Path | None) -> DeckMetrics:
    """Return the deck's geometry, fonts and warnings for the default theme or ``template``.

    Raises :class:`OutlineError` when the template cannot be used or its theme colours are not
    legible (contrast under 4.5:1).
    """
    heading = font_files(practice.fonts.heading, practice, practice_dir)
    body = font_files(practice.fonts.body, practice, practice_dir)
    # The same lines, in the same words, as the handout's footer.
    presenter = safety.practitioner_line(practice)
    contact = (presenter, *safety.contact_parts(practice))
    common: dict = dict(
        heading=heading,
        body=body,
        heading_name=practice.fonts.heading,
        body_name=practice.fonts.body,
        presenter=presenter,
        contact=contact,
    )
    if template is None:
        # The colours' contrast was checked when the profile was loaded (validate.check_colours).
        colors = practice.colors.model_dump()
        return DeckMetrics(
            slide_w=SLIDE_W,
            slide_h=SLIDE_H,
            boxes=dict(DEFAULT_BOXES),
            layouts={
                "cover": "Title Slide",
                "content": "Title and Content",
                "section": "Section Header",
                "two": "Two Content",
                "title_only": "Title Only",
            },
            colors=colors,
            **common,
        )
    from generator.outputs.deck import template as deck_template  # python-pptx: only for a template

    prs, data = deck_template.read_template(template)
    source = display_path(template)
    layouts, warnings = deck_template.find_layouts(prs, source)
    master = layouts["content"].slide_master
    boxes = deck_template.template_boxes(prs, layouts)
    # The fonts the master's text styles name (Verdana, Montserrat), else the theme's.
    major, minor = deck_template.style_fonts(
        layouts["content"], *deck_template.theme_fonts(prs, master)
    )
    standing_in: dict[str, list[str]] = {}
    for role, typeface in (("heading", major), ("body", minor)):
        own = common[f"{role}_name"]
        if not typeface or typeface.casefold() == own.strip().casefold():
            continue
        # The template's own look: its fonts, measured with their files, else a wider
        # stand-in (never a font installed here: the same outline builds the same bytes).
        files = measurable(typeface, practice, practice_dir)
        if files is None:
            files = stand_in()
            standing_in.setdefault(typeface, []).append(role)
        common[role] = files
        common[f"{role}_name"] = typeface
    for typeface, roles in standing_in.items():
        what = " and ".join(
            {"heading": "slide titles", "body": "slide text"}[role] for role in roles
        )
        profile = " and ".join(f"fonts.{role}" for role in roles)
        warnings.append(
            f"{source}: its font '{typeface}' is not bundled, so {what} in {typeface} "
            f"{'are' if len(roles) > 1 or roles == ['heading'] else 'is'} measured as if "
            f"{STAND_IN_WIDTH - 1:.0%} wider than {STAND_IN}: text may come out smaller, or "
            f"on more slides, than it needs to. To measure {typeface} exactly, name it as "
            f"{profile} in the practice profile and add its .ttf files under fonts.files."
        )
    needs = _needs(common["heading"], common["body"], prs.slide_height)
    warnings += deck_template.make_room(
        boxes,
        needs,
        {role: lay.name for role, lay in layouts.items()},
        (prs.slide_width, prs.slide_height),
        source,
    )
    body = boxes["body"]
    warnings += deck_template.clear_design(prs, layouts, boxes, needs, source)
    if boxes["body"] != body:
        # The closing slide's message and contact lines cannot be split: where they do not
        # fit the body cleared of the design, they take the whole body, on a fill of their own.
        boxes["closing"] = body
    colours, fills, colour_warnings = deck_template.colour_plan(prs, layouts, boxes, source)
    warnings += colour_warnings
    return DeckMetrics(
        slide_w=prs.slide_width,
        slide_h=prs.slide_height,
        boxes=boxes,
        layouts={role: lay.name for role, lay in layouts.items()},
        layout_keys={role: deck_template.layout_key(prs, lay) for role, lay in layouts.items()},
        template=template,
        template_data=data,
        region_colours=colours,
        region_fills=fills,
        title_caps=deck_template.title_caps(layouts),
        warnings=warnings,
        # Only the slide handout reads them: its miniatures take the template's colours.
        colors=deck_template.theme_colors(prs, master),
        **common,
    )


def _needs(heading: FontFiles, body: FontFiles, slide_h: int) -> dict[str, int]:
    """Return the least height (EMU) each region needs whatever the outline says.

    A title needs two lines at the smallest title size; the cover's subtitle block a two-line
    subtitle, the presenter and the date at the smallest body size; a section's subtitle two
    lines; the footer and slide number one line at 12 pt; a body or a column 45% of the slide
    (six lines at 18 pt on a 7.5 in slide). Insets (0.1 in) and the fitter's height margin are
    included.
    """
    head = line_height(heading)
    text = line_height(body)

    def emu(pt: float) -> int:
        return int((pt / HEIGHT_SAFETY + 7.2) * EMU_PER_PT) + 1

    title = emu(2 * TITLE_SIZES[-1] * head)
    return {
        "title": title,
        "cover_title": emu(2 * COVER_SIZES[-1] * head),
        "section_title": title,
        "cover_sub": emu(MIN_BODY * (2 * head + 2 * text + 1.0)),
        "section_sub": emu(2 * MIN_BODY * text),
        "footer": emu(SMALL_PT * text),
        "number": emu(SMALL_PT * text),
        "body": int(slide_h * 0.45),
        "left": int(slide_h * 0.45),
        "right": int(slide_h * 0.45),
    }


def paginator(metrics: DeckMetrics) -> Callable[[PlannedSlide], Sequence[PlannedSlide]]:
    """Return the function ``make_plan`` calls to size and split each slide."""
    return Fitter(metrics).paginate
