"""What each slide kind needs, in one table: the facts every stage asks about a kind.

Loading asks which kinds must be titled, the deck which layout role a kind is drawn on and
whether it sits on the dark background, the text fitter which field may continue on further
slides, and ``workshop check`` which kinds need speaker notes and whose words count against
the limit. They all read :data:`KINDS`, so a new kind states these once. (What a kind holds is
its model in :mod:`generator.source.model`; how it is planned, measured and drawn is code in
the plan and the deck, see docs/architecture.md.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layout = Literal["cover", "section", "content", "title_only", "two"]
"""The closed set of layout roles a slide is drawn on (a template's layouts map onto them)."""


@dataclass(frozen=True)
class SlideKind:
    """The facts about one slide kind that the stages share."""

    layout: Layout
    """The layout role the deck draws it on."""
    split: str | None = None
    """The planned slide's field whose items may continue on further slides (None: never)."""
    titled: bool = False
    """The outline must give it a title (the others have a default one)."""
    notes: bool = False
    """The presenter talks over it, so ``workshop check`` asks for speaker notes."""
    wordy: bool = False
    """The author chose its words (not generated), so they count against the word limit."""
    dark: bool = False
    """It sits on the primary colour in the default look."""

    @property
    def title_region(self) -> str:
        """Return the region its title goes in: the cover's or a section's own, else "title"."""
        return f"{self.layout}_title" if self.layout in ("cover", "section") else "title"


KINDS: dict[str, SlideKind] = {
    "title": SlideKind("cover", dark=True),
    "agenda": SlideKind("content", split="agenda"),
    "section": SlideKind("section", dark=True),
    "bullets": SlideKind("content", split="bullets", titled=True, notes=True, wordy=True),
    "quote": SlideKind("content", notes=True, wordy=True),
    "statement": SlideKind("content"),
    "break": SlideKind("section", dark=True),
    "table": SlideKind("content", titled=True),
    "image": SlideKind("title_only", titled=True, notes=True, wordy=True),
    "two-column": SlideKind("two", titled=True, notes=True, wordy=True),
    "discussion": SlideKind("content", split="prompts", titled=True, notes=True, wordy=True),
    "exercise": SlideKind("content", split="steps", notes=True, wordy=True),
    "references": SlideKind("content", split="references"),
    "closing": SlideKind("content", wordy=True),
}
"""Every slide kind, in the order the format documents them."""
