"""Load outlines and practice profiles from YAML into validated, cross-checked models.

* :func:`load_outline` / :func:`load_practice` — read, validate and cross-check one file;
  raise :class:`~generator.errors.OutlineError` listing *all* problems, each located as
  ``file:line:col: where: message``;
* :func:`is_placeholder_practice` — whether a profile still holds the shipped example values.

Reading the YAML itself (safe, located, limited) is :mod:`generator.source.yaml_reader`; turning
pydantic's errors into plain words is :mod:`generator.source.messages`; the checks that need the
whole outline (ids, citations, images, timings) are :mod:`generator.source.validate`.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.source.messages import model_problems, raise_problems
from generator.source.model import Outline, Practice
from generator.source.validate import check_outline, check_practice
from generator.source.yaml_reader import Document, load_yaml


def load_outline(path: str | Path, doc: Document | None = None) -> Outline:
    """Return the validated, cross-checked outline at ``path``, or raise OutlineError.

    ``doc`` is the file as already read by :func:`load_yaml`, to save reading it again.
    """
    path = Path(path)
    doc = load_yaml(path) if doc is None else doc
    outline, problems = model_problems(doc, Outline)
    if outline is not None:
        problems += check_outline(outline, doc, path.parent)
    raise_problems(problems)
    return outline  # type: ignore[return-value]


def load_practice(path: str | Path, *, slides: bool = True) -> Practice:
    """Return the validated, cross-checked practice profile at ``path``, or raise OutlineError.

    With ``slides`` False the colours are not checked for legibility on slides: for callers
    that make no slides (a handout-only build) or report contrast themselves (``workshop
    check``).
    """
    path = Path(path)
    doc = load_yaml(path)
    practice, problems = model_problems(doc, Practice)
    if practice is not None:
        problems += check_practice(practice, doc, path.parent, slides=slides)
    raise_problems(problems)
    return practice  # type: ignore[return-value]


# --------------------------------------------------------------------------- placeholders

_PLACEHOLDER_NAMES = {"your name", "your practice name", "first last", "jane doe"}
_PLACEHOLDER_DOMAINS = re.compile(r"(^|[@./])example\.(com|org|net)\b", re.IGNORECASE)


def is_placeholder_practice(practice: Practice) -> bool:
    """Return True while the profile still holds the shipped example values.

    Builds print one line saying so: handouts would otherwise go to clients with "Your Name"
    and an example.com address on every page.
    """
    contact = practice.contact
    if practice.practitioner.name.strip().lower() in _PLACEHOLDER_NAMES:
        return True
    if (contact.practice or "").strip().lower() in _PLACEHOLDER_NAMES:
        return True
    return any(
        _PLACEHOLDER_DOMAINS.search(value or "") for value in (contact.email, contact.website)
    ) or bool(re.search(r"555[-. ]?01\d\d", contact.phone or ""))
