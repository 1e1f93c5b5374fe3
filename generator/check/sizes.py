"""Slides the fitter shrank well below their neighbours: the text will look small on a shared
screen, and the slide looks out of place. Warn, naming the slide, so the author can shorten it.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from generator.check.findings import WARNING, Finding
from generator.check.lint import Make
from generator.plan import Plan, PlannedSlide
from generator.source.locate import Locator

SHRUNK_PT = 6
"""A body this many points under the deck's median body size stands out."""
BODY_KINDS = ("bullets", "two-column", "discussion", "exercise", "closing")
"""Slides whose body text the author wrote, starting at the same size (28 pt) and shrunk to
fit. Quotes, captions and subtitles have sizes of their own; the agenda and references are
generated (nothing there for the author to shorten), so none of them is compared."""


def shrunk_slides(slides: Sequence[PlannedSlide]) -> list[tuple[PlannedSlide, float]]:
    """Return ``(slide, the deck's median body size)`` for each slide shrunk :data:`SHRUNK_PT`
    or more under the median (slides whose size the fitter chose; continuations once)."""
    sized = [s for s in slides if s.body_pt is not None and s.part == 1 and s.kind in BODY_KINDS]
    if len(sized) < 3:
        return []
    middle = median(s.body_pt for s in sized)  # type: ignore[misc]
    return [(s, middle) for s in sized if s.body_pt <= middle - SHRUNK_PT]  # type: ignore[operator]


def lint_sizes(paged: Plan, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning for each slide of the deck's plan whose body text was shrunk."""
    found = []
    for slide, middle in shrunk_slides(paged.slides):
        found.append(
            make(
                WARNING,
                locator.in_model(paged.outline, slide.source),
                f"slide '{slide.title}'",
                f"its text was shrunk to {slide.body_pt:g} pt to fit, while most slides are "
                f"{middle:g} pt — it will look small on a shared screen",
                "shorten the text, or split it into two slides with their own titles",
            )
        )
    return found
