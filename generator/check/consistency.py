"""Text an author typed that contradicts what the outline says elsewhere.

An exercise's ``virtual:`` line is written once, for its format at the time; change
``format: pairs`` to ``solo`` and "breakout rooms of two" stays in the guide. The guide writes
the online instructions from the format when ``virtual:`` is left out, so the fix is usually to
delete the line.
"""

from __future__ import annotations

import re

from generator.check.findings import WARNING, Finding
from generator.check.lint import Make
from generator.source.locate import Locator
from generator.source.model import Outline

GROUP_WORDS = {
    "pairs": re.compile(r"\b(pairs?|partners?|of two|dyads?)\b", re.I),
    "triads": re.compile(r"\b(triads?|threes|of three)\b", re.I),
    "small groups": re.compile(r"\b(small groups?|of (four|five))\b", re.I),
}
"""How a ``virtual:`` text names a group size."""
BREAKOUT = re.compile(r"\bbreakout", re.I)


def lint_virtual(outline: Outline, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning for an exercise whose ``virtual:`` text names another format."""
    found = []
    for si, section in enumerate(outline.sections):
        for ei, exercise in enumerate(section.facilitator.exercises):
            text = exercise.virtual or ""
            named = [f for f, pattern in GROUP_WORDS.items() if pattern.search(text)]
            grouped = exercise.format in GROUP_WORDS
            wrong = [f for f in named if f != exercise.format] or (
                [] if grouped or not BREAKOUT.search(text) else ["breakout rooms"]
            )
            if not wrong:
                continue
            path = ("sections", si, "facilitator", "exercises", ei, "virtual")
            found.append(
                make(
                    WARNING,
                    locator.in_model(outline, path),
                    f"exercise '{exercise.title}'",
                    f"its 'virtual:' text speaks of {wrong[0]} but its format is {exercise.format}",
                    "delete 'virtual:' (the guide writes the online instructions from the "
                    "format), or rewrite it for the format",
                )
            )
    return found
