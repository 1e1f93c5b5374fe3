"""APA 7 formatting of references and in-text citations; pure functions, no renderer imports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date as Date

from generator.source.model import CITATION, Reference

Run = tuple[str, bool]
"""A piece of text and whether it is italic."""


def _family(author: str) -> str:
    """Return the family name of an author written 'Family, G. N.' (a group's whole name)."""
    return author.split(",")[0].strip()


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def apa_date(ref: Reference) -> str:
    """Return what APA 7 puts in the brackets after the authors: '2024, March 8', '2019', 'n.d.'."""
    if ref.date:
        day = Date.fromisoformat(ref.date)
        return f"{day.year}, {MONTHS[day.month - 1]} {day.day}"
    return ref.year_text


def in_text(ref: Reference) -> str:
    """Return the APA 7 parenthetical citation body, e.g. ``Coan et al., 2006``."""
    names = [_family(a) for a in ref.authors]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {ref.year_text}"


def _author_list(authors: list[str]) -> str:
    """Return APA 7's author list: up to 20 names, '&' before the last."""
    if len(authors) == 1:
        return authors[0]
    if len(authors) <= 20:
        return ", ".join(authors[:-1]) + ", & " + authors[-1]
    return ", ".join(authors[:19]) + ", . . . " + authors[-1]


def _end(text: str) -> str:
    """Return ``text`` ending with a full stop unless it already ends in punctuation."""
    return text if text.endswith((".", "?", "!")) else text + "."


def apa_runs(ref: Reference) -> list[Run]:
    """Return the APA 7 reference-list entry as runs, with italics where APA puts them."""
    # APA 7 closes the author element with a full stop: after an initial it is already there
    # ("Coan, J. A. (2006)."), after a group author it is added ("National Institute of Mental
    # Health. (2024).").
    runs: list[Run] = [(f"{_end(_author_list(ref.authors))} ({apa_date(ref)}). ", False)]
    if ref.type == "article":
        runs.append((_end(ref.title) + " ", False))
        if ref.journal:
            runs.append((ref.journal, True))
            if ref.volume:
                runs.append((", ", True))
                runs.append((ref.volume, True))
            if ref.issue:
                runs.append((f"({ref.issue})", False))
            if ref.pages:
                runs.append((f", {ref.pages}", False))
            runs.append((". ", False))
    elif ref.type == "chapter":
        runs.append((_end(ref.title) + " ", False))
        if ref.journal:
            runs.append(("In ", False))
            runs.append((ref.journal, True))
            if ref.pages:
                runs.append((f" (pp. {ref.pages})", False))
            runs.append((". ", False))
        if ref.publisher:
            runs.append((_end(ref.publisher) + " ", False))
    elif ref.type == "web":
        runs.append((_end(ref.title), True))
        runs.append((" ", False))
        # The site is left out when it is the author (APA 7, 10.16).
        if ref.site and ref.authors != [ref.site]:
            runs.append((_end(ref.site) + " ", False))
    else:
        runs.append((_end(ref.title), True))
        runs.append((" ", False))
        if ref.publisher:
            runs.append((_end(ref.publisher) + " ", False))
    if ref.doi:
        runs.append((f"https://doi.org/{ref.doi}", False))
    elif ref.url:
        runs.append((ref.url, False))
    text_runs = [(t, i) for t, i in runs if t]
    last_text, last_italic = text_runs[-1]
    text_runs[-1] = (last_text.rstrip(), last_italic)
    return text_runs


def apa_text(ref: Reference) -> str:
    """Return the APA 7 entry as plain text (italics dropped)."""
    return "".join(text for text, _ in apa_runs(ref))


def sort_references(refs: Iterable[Reference]) -> list[Reference]:
    """Return references in APA order: by first author's family name, then year."""
    # Works without a date come before dated ones by the same authors (APA 7, 9.47).
    return sorted(
        refs,
        key=lambda r: (
            [a.casefold() for a in r.authors],
            r.year_text != "n.d.",
            r.date or r.year_text,
            r.title,
        ),
    )


def cited_keys(text: str) -> list[str]:
    """Return the reference keys cited as ``[@key]`` in ``text``, in order."""
    return CITATION.findall(text)


def citer(references: Iterable[Reference]) -> Callable[[str], str]:
    """Return the function that writes every ``[@key]`` of a text out as "(Author, year)".

    The plan makes one from the outline's references and finishes every output's text with it
    (slides, handout, guide), so the outputs can never cite the same work differently.
    """
    refs = {r.key: r for r in references}
    return lambda text: resolve_citations(text, refs)


def cited(texts: Iterable[str], references: Iterable[Reference]) -> tuple[Reference, ...]:
    """Return the references cited in ``texts``, in APA order (each once; unknown keys skipped)."""
    keys = {key for text in texts for key in cited_keys(text)}
    return tuple(sort_references(r for r in references if r.key in keys))


def resolve_citations(text: str, refs: dict[str, Reference]) -> str:
    """Return ``text`` with each ``[@key]`` replaced by an APA parenthetical citation.

    Adjacent citations are merged: ``[@a][@b]`` becomes ``(A, 2001; B, 2002)``. Unknown keys are
    left as written; the loader reports them before any renderer runs.
    """
    if "[@" not in text and "\x00" not in text:
        # Nothing to replace (most texts): the loop below would copy it character by
        # character, 1 ms of each plan of the sample outline (3 ms of validate's three).
        return text
    merged = CITATION.sub(lambda m: f"\x00{m.group(1)}\x01", text)
    out: list[str] = []
    i = 0
    while i < len(merged):
        if merged[i] == "\x00":
            keys = []
            while i < len(merged) and merged[i] == "\x00":
                end = merged.index("\x01", i)
                keys.append(merged[i + 1 : end])
                i = end + 1
                while i < len(merged) and merged[i] == " " and merged[i + 1 : i + 2] == "\x00":
                    i += 1
            bodies = [in_text(refs[k]) if k in refs else f"[@{k}]" for k in keys]
            out.append("(" + "; ".join(bodies) + ")")
        else:
            out.append(merged[i])
            i += 1
    return "".join(out)
