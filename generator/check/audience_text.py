"""Text that mentions a part this audience does not have: a break, a case consultation.

One outline serves several audiences, and a shorter one drops the break or the case. A speaker
note, transition or tip written for the full session ("After a short break…", "Let's put this
into practice with a case from the group") then promises what will not happen. This lint
reads the customized outline of each audience and warns, where the text is written, for each
mention of a part the audience no longer has; the fix is wording that holds for every audience
(or an override for the audience that differs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from generator.check.findings import WARNING, Finding
from generator.source.locate import Locator
from generator.source.model import Outline

Make = Callable[..., Finding]
PathT = tuple[str | int, ...]

PARTS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "break",
        "a break",
        re.compile(
            r"\b(the|a|our|short|quick|five-minute|\d+-minute)\s+break\b|\bafter\s+(the\s+)?break",
            re.IGNORECASE,
        ),
    ),
    (
        "case consultation",
        "case consultation",
        re.compile(
            r"\bcase consultation\b|\ba case (from|for) the group\b|\bthe presenting member\b",
            re.IGNORECASE,
        ),
    ),
)
"""Each part: the section activity that provides it, its name in a message, how text names it."""

_CONDITIONAL = re.compile(r"\b(if|when|unless)\b[^.]*$", re.IGNORECASE)


def _texts(outline: Outline) -> Iterator[tuple[PathT, str]]:
    """Yield (path, text) for the notes, slide text and facilitator prose of every section."""
    for si, section in enumerate(outline.sections):
        for sl, slide in enumerate(section.slides):
            if slide.notes:
                yield ("sections", si, "slides", sl, "notes"), slide.notes
            for point_index, point in enumerate(getattr(slide, "points", []) or []):
                text = point if isinstance(point, str) else point.text
                yield ("sections", si, "slides", sl, "points", point_index), text
        f = section.facilitator
        if f.transition:
            yield ("sections", si, "facilitator", "transition"), f.transition
        for key in ("talking_points", "tips"):
            for i, text in enumerate(getattr(f, key)):
                yield ("sections", si, "facilitator", key, i), text


def _mentions(text: str, pattern: re.Pattern[str]) -> bool:
    """Return True when ``text`` names the part outside a condition ("if there is a break")."""
    return any(not _CONDITIONAL.search(text[: m.start()]) for m in pattern.finditer(text))


def lint_missing_parts(outline: Outline, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning per text that mentions a break or case this audience does not have."""
    activities = {s.activity for s in outline.sections}
    # A break can also be a slide of its own inside another section.
    activities |= {"break" for s in outline.sections for sl in s.slides if sl.kind == "break"}
    case_tags = any("case" in s.tags for s in outline.sections)
    found = []
    for activity, name, pattern in PARTS:
        if activity in activities or (activity == "case consultation" and case_tags):
            continue
        for path, text in _texts(outline):
            if _mentions(text, pattern):
                section = outline.sections[int(path[1])]
                found.append(
                    make(
                        WARNING,
                        locator.in_model(outline, path),
                        f"section '{section.title}'",
                        f"mentions {name}, but this audience's session has none",
                        f"word it so it holds with or without {name} (e.g. 'if the agenda "
                        f"lists {name}'), or override the text for this audience",
                    )
                )
    return found
