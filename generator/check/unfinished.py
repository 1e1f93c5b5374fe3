"""Unfinished material: the ``workshop new`` starter's example texts left in, an empty
references slide.

The starter validates and builds on purpose (a new user sees output at once), so the build
cannot refuse its example texts; ``check`` names each one still there, and ``check --strict``
fails until they are replaced.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.findings import WARNING, Finding
from generator.check.lint import Make
from generator.plan import Plan
from generator.source.locate import Locator
from generator.source.model import CITATION, Outline

STARTER_TEXTS = frozenset(
    {
        "Describe the main idea of the article in your own words.",
        "The first key point",
        "The second key point",
        "An example that makes it concrete",
        "Keep this short; the discussion matters more [@johnson2019].",
        "One sentence that says the main idea simply.",
        "The first idea",
        "Say it in two or three short sentences, as you would to a client.",
        "A small practice",
        "The first small step.",
        "The second small step.",
        "A short, hopeful closing thought.",
        "Change starts with one small, safe step.",
        "A first sign or example",
        "A second one",
        "A sign that it is time to ask for more help",
        "Another small practice",
        "One more small step.",
        "https://example.com/your-article",
    }
)
"""Example texts of ``generator/data/starter.yaml`` that stand for the author's own words
(``tests/test_authoring.py`` checks that each is in the starter). Section titles, the
exercise and the discussion question are sensible as they are and are not listed."""
STARTER_REFERENCE = "johnson2019"
"""The starter's example reference: unfinished while only the starter's own texts cite it."""


def _texts(data: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    """Yield ``(path, text)`` for every string in the outline's data."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*path, i))


def lint_starter(outline: Outline, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning for each starter example text (and example reference) still there."""
    data = outline.model_dump(exclude={"audiences", "variables"})
    texts = list(_texts(data))
    found = []
    for path, text in texts:
        if text.strip() in STARTER_TEXTS:
            found.append(
                make(
                    WARNING,
                    locator.in_model(outline, path),
                    "starter text",
                    f"the starter's example text is still here: '{text.strip()}'",
                    "replace it with your own words (it came from 'workshop new')",
                )
            )
    citing = [text.strip() for _path, text in texts if STARTER_REFERENCE in CITATION.findall(text)]
    example_only = bool(citing) and all(text in STARTER_TEXTS for text in citing)
    for i, reference in enumerate(outline.references):
        if reference.key == STARTER_REFERENCE and example_only:
            found.append(
                make(
                    WARNING,
                    locator.in_model(outline, ("references", i)),
                    "starter text",
                    f"the starter's example reference '{STARTER_REFERENCE}' is cited only by "
                    "the starter's example text",
                    "list the sources your workshop cites under 'references:' and cite them "
                    "with [@key]; remove the example if you do not cite it",
                )
            )
    return found


def lint_empty_references(plan: Plan, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning for a references slide when the outline lists no references."""
    if plan.references:
        return []
    found = []
    for slide in plan.slides:
        if slide.kind == "references":
            found.append(
                make(
                    WARNING,
                    locator.in_model(plan.outline, slide.source),
                    f"slide '{slide.title}'",
                    "the references slide has no references to list, so it is built blank",
                    "add the sources you cite under 'references:' (cite them in the text "
                    "with [@key]), or remove the references slide",
                )
            )
    return found
