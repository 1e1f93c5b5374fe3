"""Load outlines and practice profiles from YAML into validated, cross-checked models.

* :func:`is_placeholder_practice` — whether a profile still holds shipped example values.
* :func:`load_outline` / :func:`load_practice` — read, validate and cross-check one file;
  raise :class:`~generator.errors.OutlineError` listing *all* problems, each located as
  ``file:line:col: where: message``.

Reading the YAML itself (safe, located, limited) is :mod:`generator.source.yaml_reader`; turning
pydantic's errors into plain words is :mod:`generator.source.messages`; the checks that need the
whole outline (ids, citations, images, timings) are :mod:`generator.source.validate`.
"""

from __future__ import annotations

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


def is_placeholder_practice(practice: Practice) -> bool:
    """Return True while the profile still holds any of the shipped example values.

    The values themselves are listed by :func:`generator.source.placeholders.find`, which
    ``workshop check`` and every build report; this is the yes/no for callers that print one
    line (certificates).
    """
    from generator.source.placeholders import find

    return bool(find(practice, None))
