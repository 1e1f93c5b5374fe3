"""Reading level block by block, and words a client may not know, in the client handout.

One hard paragraph hides in an average: a key idea at grade 24 among short steps still averages
under grade 5. Each block a client reads (the main message, a key idea, the practice's intro and
each step, a reflection prompt, the closing) is graded on its own, and clinical jargon from the
editable word list ``generator/data/jargon.txt`` is named with plainer words to use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.check import readability
from generator.check.findings import WARNING, Finding
from generator.check.lint import Make
from generator.source.locate import Locator
from generator.source.model import Handout

MIN_GRADED_WORDS = 8
"""Blocks shorter than this are not graded: Flesch–Kincaid needs a sentence, and on a two-word
list item ("Trouble focusing") one long word reads as grade 15. Their words are still checked."""
LONG_SYLLABLES = 5
"""Words of this many syllables or more are long for a client reading at grade 6–8 (CDC)."""


@dataclass(frozen=True)
class Block:
    """One block of handout text a client reads, with where it is in the outline."""

    label: str
    path: tuple[str | int, ...]
    text: str


def blocks(handout: Handout) -> list[Block]:
    """Return each block of client-facing handout text, in reading order."""
    out = [Block("main message", ("handout", "main_message"), handout.main_message)]
    for i, idea in enumerate(handout.key_ideas):
        path = ("handout", "key_ideas", i)
        label = f"key idea '{idea.heading}'"
        if idea.text:
            out.append(Block(label, (*path, "text"), idea.text))
        for j, point in enumerate(idea.points):
            out.append(Block(f"{label}, point {j + 1}", (*path, "points", j), point))
    several = isinstance(handout.try_this, list)
    for i, practice in enumerate(handout.practices):
        path = ("handout", "try_this", i) if several else ("handout", "try_this")
        label = f"try-this '{practice.title}'"
        if practice.intro:
            out.append(Block(f"{label}, intro", (*path, "intro"), practice.intro))
        for j, step in enumerate(practice.steps):
            out.append(Block(f"{label}, step {j + 1}", (*path, "steps", j), step))
    if handout.tracker and handout.tracker.intro:
        out.append(Block("tracker intro", ("handout", "tracker", "intro"), handout.tracker.intro))
    for i, reflection in enumerate(handout.reflection):
        path = ("handout", "reflection", i, "prompt")
        out.append(Block(f"reflection {i + 1}", path, reflection.prompt))
    get_help = handout.get_help
    if get_help:
        path = ("handout", "get_help")
        if get_help.intro:
            out.append(Block("when-to-get-help intro", (*path, "intro"), get_help.intro))
        for field in ("signs", "what_to_do"):
            for j, item in enumerate(getattr(get_help, field)):
                label = f"when-to-get-help {field.replace('_', ' ')} {j + 1}"
                out.append(Block(label, (*path, field, j), item))
    for i, resource in enumerate(handout.resources):
        if resource.description:
            path = ("handout", "resources", i, "description")
            out.append(Block(f"resource '{resource.name}'", path, resource.description))
    if handout.closing:
        out.append(Block("closing", ("handout", "closing"), handout.closing))
    return out


@cache
def jargon() -> list[tuple[re.Pattern[str], str, str]]:
    """Return ``(pattern, word as listed, plainer words)`` for each entry of the word list."""
    text = resources.files("generator").joinpath("data/jargon.txt").read_text("utf-8")
    entries = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        word, plain = (part.strip() for part in line.split(":", 1))
        stem = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        tail = r"\w*" if word.endswith("*") else ""
        entries.append((re.compile(rf"(?<![\w-]){stem}{tail}(?![\w-])", re.I), word, plain))
    return entries


def jargon_in(text: str) -> list[tuple[str, str]]:
    """Return ``(word as written, plainer words)`` for each listed word found in ``text``.

    A word the text explains ("This is called co-regulation. It means…") is fine: that is
    how plain-language guides say to bring in a term a client will hear again.
    """
    found = []
    for pattern, _word, plain in jargon():
        for match in pattern.finditer(text):
            word = re.escape(match.group(0))
            explained = re.search(rf"(called|call this|known as)\s+{word}", text, re.I) or (
                re.search(rf"{word}\W+(it\s+)?(means|is when)", text, re.I)
            )
            if not explained:
                found.append((match.group(0), plain))
    return found


def long_words(text: str) -> list[str]:
    """Return the words in ``text`` of :data:`LONG_SYLLABLES` syllables or more."""
    import textstat

    words = re.findall(r"[A-Za-z][A-Za-z'-]+", re.sub(r"\[@[^\]]*\]", "", text))
    return list(dict.fromkeys(w for w in words if textstat.syllable_count(w) >= LONG_SYLLABLES))


def lint_blocks(
    handout: Handout, root: object, locator: Locator, max_grade: float, make: Make
) -> list[Finding]:
    """Return a warning per block over ``max_grade`` and per block with jargon or long words.

    ``root`` is the customized outline the paths belong to (for locating them).
    """
    found = []
    for block in blocks(handout):
        loc = locator.in_model(root, block.path)  # type: ignore[arg-type]

        def warn(message: str, hint: str, loc=loc, label=block.label) -> None:
            found.append(make(WARNING, loc, label, message, hint))

        graded = len(block.text.split()) >= MIN_GRADED_WORDS
        grade = readability.grade(readability.as_sentence(block.text)) if graded else 0.0
        if grade > max_grade:
            hard = long_words(block.text)
            warn(
                f"reads at US grade {grade:.1f} (Flesch–Kincaid), over the grade {max_grade:g} "
                "you aim for",
                "split it into short sentences and use everyday words"
                + (f"; the longest words: {', '.join(hard[:4])}" if hard else ""),
            )
        words = jargon_in(block.text)
        if words:
            listed = "; ".join(f"'{w}' (say: {plain})" for w, plain in words)
            warn(
                f"clinical words a client may not know: {', '.join(w for w, _ in words)}",
                f"use everyday words instead: {listed} — the word list is "
                "generator/data/jargon.txt",
            )
        elif grade <= max_grade:
            hard = long_words(block.text)
            if hard:
                warn(
                    f"long words a client may not know: {', '.join(hard)}",
                    "use a shorter, everyday word, or explain it in the same sentence",
                )
    return found
