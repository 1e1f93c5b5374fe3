"""Placeholders never ship silently: every example value still in the profile or the outline.

The shipped example profile (``generator/data/practice.yaml``, copied to ``assets/`` by
``workshop new``) holds example credentials, a bio, contact details and a conflict-of-interest
line; outlines start with ``source.author: Your Name``. Each one left in place would print a
false statement on a handout or a guide. :func:`find` lists them; ``workshop check`` reports
each (:func:`generator.check.lint.lint_placeholders`, an error under ``--strict``) and
``workshop build`` warns with the same list.

A value counts as a placeholder when it equals the shipped example's value, or when it still
says "Your Name", "Your Practice Name", an example.com address or a 555-01xx phone number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.source.model import Outline, Practice

_MARKERS = re.compile(
    r"\byour (name|practice name|credentials)\b|\bexample\.(com|org|net)\b|\b555[-. ]?01\d\d\b",
    re.IGNORECASE,
)
"""Words only an example value contains."""


@dataclass(frozen=True)
class Placeholder:
    """One example value still in place: where it is, what it says, and what to put there."""

    in_profile: bool
    """True for the practice profile, False for the outline."""
    path: tuple[str, ...]
    value: str
    what: str

    @property
    def where(self) -> str:
        """Return the dotted field name, e.g. ``practitioner.credentials``."""
        return ".".join(self.path)


PROFILE_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("practitioner", "name"), "your name as it should appear"),
    (("practitioner", "credentials"), "your licence and, only if granted, certifications"),
    (("practitioner", "bio"), "one or two true sentences about you"),
    (("contact", "practice"), "your practice's name"),
    (("contact", "email"), "your email address"),
    (("contact", "phone"), "your phone number"),
    (("contact", "website"), "your website"),
    (("conflict_of_interest",), "your own conflict-of-interest statement"),
    (("policies", "cost"), "what your session costs"),
    (("policies", "refund"), "your own refund and cancellation policy"),
    (("policies", "accommodation"), "how participants ask you for an accommodation"),
    (("policies", "grievance"), "whom participants contact with a concern, and how"),
)
"""The profile fields the example fills in, with what belongs there instead."""


@functools.cache
def _example() -> dict:
    """Return the shipped example profile as plain data (read once)."""
    # Beside the package's modules, as the bundled fonts are (generator.source.fonts):
    # importlib.resources cost validate 2 ms of imports for a path.
    text = (Path(__file__).parent.parent / "data" / "practice.yaml").read_text("utf-8")
    # libyaml's parser where PyYAML has it (1.6 against 0.2 ms); the same data either way.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or {}


def _value(data: object, path: tuple[str, ...]) -> str:
    for key in path:
        data = getattr(data, key, None) if not isinstance(data, dict) else data.get(key)
    return " ".join(str(data).split()) if data else ""


def _is_placeholder(value: str, example: str) -> bool:
    return bool(value) and (value == example or bool(_MARKERS.search(value)))


def find(practice: Practice | None, outline: Outline | None) -> list[Placeholder]:
    """Return every placeholder still in ``practice`` and ``outline``, profile first."""
    found = []
    if practice is not None:
        example = _example()
        for path, what in PROFILE_FIELDS:
            value = _value(practice, path)
            if _is_placeholder(value, _value(example, path)):
                found.append(Placeholder(True, path, value, what))
    if outline is not None:
        author = " ".join((outline.source.author or "").split())
        if _is_placeholder(author, _value(_example(), ("practitioner", "name"))):
            found.append(Placeholder(False, ("source", "author"), author, "the article's author"))
    return found


def summary(found: list[Placeholder]) -> str:
    """Return one line naming every placeholder, for the build's warning."""
    names = ", ".join(f"{'profile' if p.in_profile else 'outline'} {p.where}" for p in found)
    return (
        f"example values are still in place ({names}); replace them before you share these "
        "files (workshop check lists each one)"
    )
