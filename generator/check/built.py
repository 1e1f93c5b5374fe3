"""Checks on the built files themselves: what a participant or client would actually read.

The outline says what *should* be hidden; only the built files show what *is*. So the handout
PDF and the deck are rendered exactly as ``workshop build`` renders them, their text is read
back (pypdf for the PDF, python-pptx for the slides, speaker notes excluded), and every
facilitator-only passage is looked for in that text.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.source.locate import PathT
from generator.source.model import CITATION, Outline, Section
from generator.source.validate import strings

WINDOW = 6
"""Words in a probe: six consecutive words of a passage are distinctive enough to mean a leak."""
MIN_SHORT_CHARS = 15
"""Passages shorter than a window are probed whole only when at least this long."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00ad": None,
    }
)
_SKIP_KEYS = {"id", "tags", "kind", "image", "exercise", "key", "doi", "url", "type", "format"}


def normalize(text: str) -> str:
    """Return ``text`` for comparison: NFKC, case-folded, plain quotes and dashes, no citation
    markers, punctuation dropped and whitespace collapsed."""
    text = CITATION.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = re.sub(r"[^\w'\-]+", " ", text)
    return " ".join(text.split())


def probes(text: str) -> list[str]:
    """Return the distinctive pieces of ``text`` to look for: overlapping 6-word windows, or the
    whole text when it is short but not trivially so; none for one- or two-word texts."""
    words = normalize(text).split()
    if len(words) >= WINDOW:
        step = max(1, WINDOW // 2)
        starts = list(range(0, len(words) - WINDOW + 1, step))
        if starts[-1] != len(words) - WINDOW:
            starts.append(len(words) - WINDOW)
        return [" ".join(words[i : i + WINDOW]) for i in starts]
    joined = " ".join(words)
    return [joined] if len(words) >= 3 and len(joined) >= MIN_SHORT_CHARS else []


@dataclass(frozen=True)
class Secret:
    """A passage participants or clients must not see, with where it is in the outline."""

    path: PathT
    text: str
    case: bool = False


def _texts(node: object, path: PathT) -> Iterator[tuple[PathT, str]]:
    for sub, text in strings(node, path):
        if sub and sub[-1] in _SKIP_KEYS:
            continue
        if len(sub) >= 2 and sub[-2] == "tags":
            continue
        yield sub, text


def _flagged(node: object, path: PathT) -> Iterator[tuple[PathT, object]]:
    """Yield every element under ``node`` marked ``facilitator_only``."""
    if getattr(node, "facilitator_only", False):
        yield path, node
        return
    if hasattr(type(node), "model_fields"):
        for name in type(node).model_fields:
            yield from _flagged(getattr(node, name), (*path, name))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _flagged(item, (*path, i))


def secrets(outline: Outline, *, for_client: bool) -> list[Secret]:
    """Return the passages that must not appear in a participant's deck (``for_client`` False)
    or a client's handout (``for_client`` True).

    Always secret: elements marked ``facilitator_only``, speaker notes, case-consultation
    material, talking points, tips, transitions, what to listen for, reference caveats. The
    handout additionally must not carry any facilitator content (exercises, discussion).
    """
    out: list[Secret] = []
    for path, node in _flagged(outline, ()):
        out += [Secret(p, t) for p, t in _texts(node, path)]
    for si, section in enumerate(outline.sections):
        base: PathT = ("sections", si)
        out += _section_secrets(section, base, for_client)
    for ri, ref in enumerate(outline.references):
        if ref.note:
            out.append(Secret(("references", ri, "note"), ref.note))
    return out


def _section_secrets(section: Section, base: PathT, for_client: bool) -> list[Secret]:
    out = []
    for li, slide in enumerate(section.slides):
        if slide.notes:
            out.append(Secret((*base, "slides", li, "notes"), slide.notes))
    fac = section.facilitator
    fpath = (*base, "facilitator")
    if fac.case_consultation is not None:
        cpath = (*fpath, "case_consultation")
        out += [Secret(p, t, case=True) for p, t in _texts(fac.case_consultation, cpath)]
    if for_client:
        for p, t in _texts(fac, fpath):
            if "case_consultation" not in p:
                out.append(Secret(p, t))
        return out
    for name in ("goal", "transition"):
        value = getattr(fac, name)
        if value:
            out.append(Secret((*fpath, name), value))
    for name in ("talking_points", "tips"):
        out += [Secret((*fpath, name, i), t) for i, t in enumerate(getattr(fac, name))]
    for qi, question in enumerate(fac.discussion):
        qpath = (*fpath, "discussion", qi)
        out += [Secret((*qpath, "listen_for", i), t) for i, t in enumerate(question.listen_for)]
        if question.if_quiet:
            out.append(Secret((*qpath, "if_quiet"), question.if_quiet))
    return out


def public_texts(outline: Outline, hidden: Iterable[Secret]) -> list[str]:
    """Return, normalized, every text in ``outline`` that is not one of the ``hidden`` secrets.

    A probe that is also written somewhere meant to be seen is no leak. This comes from the
    outline, never from the plan or the built file, so a renderer that leaks cannot vouch for
    its own output.
    """
    secret_paths = {s.path for s in hidden}
    return [normalize(t) for p, t in _texts(outline, ()) if p not in secret_paths]


@dataclass(frozen=True)
class Leak:
    """A secret passage found in a built file, and where (page or slide number, 1-based)."""

    secret: Secret
    unit: int
    probe: str


def find_leaks(units: Iterable[str], hidden: Iterable[Secret], public: Iterable[str]) -> list[Leak]:
    """Return each secret found in the text of ``units`` (pages or slides), once per secret.

    A probe that also occurs in ``public`` text is ignored: the author wrote the same words in
    something meant to be seen.
    """
    pages = [normalize(u) for u in units]
    public_blob = "\n".join(public)
    whole = "\n".join(pages)
    leaks = []
    for secret in hidden:
        for probe in probes(secret.text):
            if probe in whole and probe not in public_blob:
                unit = next(i for i, page in enumerate(pages, start=1) if probe in page)
                leaks.append(Leak(secret, unit, probe))
                break
    return leaks


# --------------------------------------------------------------------------- reading built files


def pdf_pages(data: bytes) -> list[str]:
    """Return the text of each page of a PDF, form-field labels and tooltips included."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        parts = [page.extract_text() or ""]
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            for key in ("/TU", "/T", "/V", "/Contents"):
                value = obj.get(key)
                if isinstance(value, str):
                    parts.append(value)
        pages.append("\n".join(parts))
    return pages


def deck_slides(data: bytes) -> list[str]:
    """Return the visible text of each slide of a .pptx (shapes, groups, tables; no notes)."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    return ["\n".join(_shape_texts(slide.shapes)) for slide in prs.slides]


def _shape_texts(shapes: Iterable[object]) -> Iterator[str]:
    for shape in shapes:
        if getattr(shape, "shape_type", None) == 6 or hasattr(shape, "shapes"):  # a group
            yield from _shape_texts(shape.shapes)
            continue
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield shape.text_frame.text
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield cell.text
        descr = getattr(shape, "_element", None)
        if descr is not None:
            for node in descr.iter():
                if node.tag.endswith("}cNvPr") and node.get("descr"):
                    yield node.get("descr")


def contains(page: str, needle: str) -> bool:
    """Return True when ``page`` holds ``needle``, compared normalized; a needle the layout
    broke across lines or columns still counts when every 6-word window of it is there."""
    norm_page = normalize(page)
    norm_needle = normalize(needle)
    if not norm_needle or norm_needle in norm_page:
        return True
    pieces = probes(needle)
    return bool(pieces) and all(p in norm_page for p in pieces)
