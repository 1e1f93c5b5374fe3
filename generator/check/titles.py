"""Slide titles must be unique: screen readers and the outline view navigate by title.

The plan keeps the deck usable by numbering a repeated title ("Practices (2)"), which shows on
screen; this lint says so, at the slide, so the author can choose a real title.
"""

from __future__ import annotations

import re

from generator.check.findings import WARNING, Finding
from generator.check.lint import Make
from generator.plan import Plan
from generator.source.locate import Locator

_NUMBERED = re.compile(r"^(?P<title>.*) \((?P<n>\d+)\)$")


def lint_titles(plan: Plan, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning for each slide whose title repeats an earlier slide's.

    ``plan`` is made without splitting, so continuation slides ("… (cont.)") never count.
    """
    first: dict[str, int] = {}
    found = []
    for slide in plan.slides:
        numbered = _NUMBERED.match(slide.title)
        original = numbered.group("title") if numbered else slide.title
        earlier = first.get(original.casefold()) if numbered else None
        if earlier is not None:
            # A slide without 'title:' is located at the slide itself.
            found.append(
                make(
                    WARNING,
                    locator.in_model(plan.outline, (*slide.source, "title")),
                    f"slide '{original}'",
                    f"slide {slide.number} has the same title as slide {earlier} "
                    f"('{original}'), so the deck shows it as '{slide.title}'",
                    "give this slide a title of its own with 'title:' (screen readers and "
                    "the outline view navigate by title)",
                )
            )
        first.setdefault(slide.title.casefold(), slide.number)
    return found
