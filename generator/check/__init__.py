"""``workshop check``: catch what would embarrass a clinician before the training.

:func:`check_workshop` runs every lint for one outline and one audience and returns
:class:`Finding` s: on the outline (objectives, citations, timings), on its plan (crowded,
split, note-less or alt-less slides; handout reading level), on the practice profile (colour
contrast; a logo without alt text stops loading, so it is an error finding) and on the built
files themselves (facilitator-only text in the deck or handout; a handout page without the
disclaimer, crisis line or practitioner contact).
"""

from __future__ import annotations

from pathlib import Path

from generator.check.findings import ERROR, WARNING, CheckOptions, Finding
from generator.check.report import exit_code, format_json, format_text

__all__ = [
    "CheckOptions",
    "ERROR",
    "WARNING",
    "Finding",
    "audiences_to_check",
    "check_workshop",
    "exit_code",
    "format_json",
    "format_text",
]


def audiences_to_check(outline: Path, audience: str | None, all_audiences: bool) -> list:
    """Return the audience names to check (``[None]``: the outline's default session)."""
    if not all_audiences:
        return [audience]
    from generator.audience.load import list_audiences

    names = [a.name for a in list_audiences(outline)]
    return names or [None]


def check_workshop(
    outline: Path, audience: str | None, options: CheckOptions | None = None
) -> list[Finding]:
    """Return every finding for ``outline`` built for ``audience`` (never raises for bad input:
    a problem that stops the build is itself an error finding)."""
    from generator.check.runner import run

    return run(outline, audience, options or CheckOptions())
