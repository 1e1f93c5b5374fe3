"""What ``workshop check`` is asked (its options) and what it reports: located findings, each
with a hint for the fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class CheckOptions:
    """What to check against: ``None`` paths mean the same defaults as ``workshop build``."""

    practice: Path | None = None
    template: Path | None = None
    max_grade: float = 8.0
    strict: bool = False
    """Report placeholders (example values still in place) as errors, not warnings."""
    large_print: bool | None = None
    """Check the handout as ``build --large-print`` makes it; None: as the audience says."""


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found: where it is (``file:line:column``, ``where`` in the outline), what is
    wrong, how to fix it, and which audience's build it was found in (``None``: default session).
    """

    file: str
    line: int
    column: int
    severity: Severity
    where: str
    message: str
    hint: str = ""
    audience: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the finding as a JSON-ready dict."""
        return asdict(self)
