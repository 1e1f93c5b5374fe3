"""Hypothesis strategies: random valid workshop outlines, and near-valid ones (one mutation).

A *valid* outline satisfies :mod:`generator.source.model` and the cross-checks of
:mod:`generator.source.validate`: unique ids, sections whose minutes add up to the duration,
every slide kind, exercise slides naming an exercise of their own section, citations naming a
reference, titles where a slide kind needs one, an image file beside the outline. Its text is
drawn from characters the bundled Carlito font can draw (Latin-1 and common typographic punctuation,
including ``<`` and ``&`` that the PDF renderers must escape), with some long words and long
bullets so the deck has to split slides.

A *near-valid* outline is a valid one with exactly one mutation (a wrong type, a removed required
key, an unknown key, a duplicated id, a bad slide kind, minutes that do not add up, an unknown
citation, an over-long title, a character outside the font, an empty list, a huge number...).
Each :class:`Case` says whether the build must fail (``expect="fail"``), must succeed
(``"build"``) or may do either (``"either"``): every outcome must still be clean.
"""

from __future__ import annotations

import io
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args, get_origin

from hypothesis import strategies as st

from generator.source.model import SLIDE_KINDS, Outline
from generator.source.typed import Model as BaseModel
from generator.source.yaml_reader import dump_yaml

Loc = tuple[str | int, ...]

# --------------------------------------------------------------------------- text

_CARLITO_EXTRA = "–—‘’“”…•€™"
# Latin-1 printable minus DEL, the C1 controls and the soft hyphen (Carlito lacks those), minus
# braces and '@' so random text never forms a {{variable}} or a [@citation] by accident.
_LATIN1 = "".join(
    chr(c)
    for c in range(0x20, 0x100)
    if not (0x7F <= c <= 0x9F or c == 0xAD) and chr(c) not in "{}@"
)
WORD_CHARS = "".join(ch for ch in _LATIN1 + _CARLITO_EXTRA if not ch.isspace())
"""Characters a word may hold: every one is in Carlito (checked by a test)."""

OUTSIDE_FONT = ("😀", "中", "あ", "한", "🙂", "☃", "\U0001f9e0")
"""Characters Carlito cannot draw (emoji, CJK, a snowman)."""

LETTERS = "abcdefghijklmnopqrstuvwxyzéèàüöçñß"

word = st.text(alphabet=WORD_CHARS, min_size=1, max_size=10)
plain_word = st.text(alphabet=LETTERS, min_size=2, max_size=9)
# A long word (German compound, a URL-ish token) that cannot wrap inside itself.
long_word = st.text(alphabet=LETTERS + "-/", min_size=16, max_size=24)


@st.composite
def sentence(draw: st.DrawFn, min_words: int = 1, max_words: int = 12, long: bool = True) -> str:
    """Return words joined by spaces: never empty, sometimes with one long word."""
    words = draw(st.lists(st.one_of(word, plain_word), min_size=min_words, max_size=max_words))
    if long and draw(st.integers(0, 9)) == 0:
        words.insert(draw(st.integers(0, len(words))), draw(long_word))
    return " ".join(words)


def short(max_chars: int, max_words: int = 5) -> st.SearchStrategy[str]:
    """Return a strategy of short text (titles, captions) of at most ``max_chars`` characters."""
    return sentence(1, max_words, long=False).filter(lambda s: len(s) <= max_chars)


def prose(max_words: int = 30) -> st.SearchStrategy[str]:
    """Return a strategy of bullet-length or paragraph-length text."""
    return sentence(1, max_words)


# --------------------------------------------------------------------------- outline pieces


class Ids:
    """Hands out unique ids within one outline."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"


TAGS = st.lists(st.sampled_from(["core", "intro", "deep", "couples"]), max_size=2, unique=True)
REF_KEYS = ("smith2019", "lee_2020", "Doe-2001")


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy, p: int = 2) -> object | None:
    """Return a drawn value about one time in ``p``, else None."""
    return draw(strategy) if draw(st.integers(0, p - 1)) == 0 else None


def _element(draw: st.DrawFn, node: dict, ids: Ids, prefix: str, *, need_id: bool = False) -> dict:
    """Add the shared element fields (id, tags, flags) to ``node`` and return it."""
    if need_id or draw(st.booleans()):
        node["id"] = ids(prefix)
    tags = draw(TAGS)
    if tags:
        node["tags"] = tags
    if draw(st.integers(0, 5)) == 0:
        node["optional"] = True
    return node


@st.composite
def texts_with_extras(draw: st.DrawFn, refs: list[str], variables: list[str], max_words: int = 30):
    """Return prose that may cite a reference or use a {{variable}}."""
    text = draw(prose(max_words))
    if refs and draw(st.integers(0, 4)) == 0:
        text += f" [@{draw(st.sampled_from(refs))}]"
    if variables and draw(st.integers(0, 5)) == 0:
        text = f"{{{{{draw(st.sampled_from(variables))}}}}} {text}"
    return text


@st.composite
def point(draw: st.DrawFn, ids: Ids, refs: list[str], variables: list[str]) -> object:
    """Return a bullet: plain text, or a mapping with sub-points and element fields."""
    text = draw(texts_with_extras(refs, variables, 25))
    if draw(st.integers(0, 2)):
        return text
    node = _element(draw, {"text": text}, ids, "pt")
    sub = draw(st.lists(prose(15), max_size=3))
    if sub:
        node["sub"] = sub
    if draw(st.integers(0, 6)) == 0:
        node["facilitator_only"] = True
    elif draw(st.integers(0, 6)) == 0:
        node["extra"] = True
    return node


def _keep_one(points: list) -> list:
    """Return ``points`` with the first one kept when every one is an extra.

    Every point left out would leave an empty slide (a bug reported in test_properties).
    """
    if all(isinstance(p, dict) and p.get("extra") for p in points):
        del points[0]["extra"]
    return points


@st.composite
def slide(
    draw: st.DrawFn,
    kind: str,
    ids: Ids,
    refs: list[str],
    variables: list[str],
    exercises: list[str],
) -> dict:
    """Return one slide of ``kind``; exercise slides name one of ``exercises``."""
    node: dict = {"kind": kind}
    _element(draw, node, ids, "slide")
    titled = kind in ("bullets", "image", "two-column", "discussion", "table")
    if titled or draw(st.booleans()):
        node["title"] = draw(short(40))
    if draw(st.booleans()):
        node["notes"] = draw(texts_with_extras(refs, variables, 60))
    if draw(st.integers(0, 3)) == 0:
        node["minutes"] = draw(st.integers(0, 10))
    points = st.lists(point(ids, refs, variables), min_size=1, max_size=10).map(_keep_one)
    if kind in ("title", "section"):
        subtitle = _maybe(draw, short(50, 8))
        if subtitle:
            node["subtitle"] = subtitle
    elif kind == "bullets":
        node["points"] = draw(points)
    elif kind == "quote":
        node["quote"] = draw(sentence(1, 25, long=False))
        attribution = _maybe(draw, short(40))
        if attribution:
            node["attribution"] = attribution
    elif kind == "statement":
        node["text"] = draw(sentence(1, 20, long=False))
    elif kind == "break":
        message = _maybe(draw, short(40, 6))
        if message:
            node["message"] = message
    elif kind == "table":
        width = draw(st.integers(1, 5))
        node["columns"] = draw(st.lists(short(16, 2), min_size=width, max_size=width))
        node["rows"] = draw(
            st.lists(
                st.lists(short(30, 4), min_size=width, max_size=width), min_size=1, max_size=12
            )
        )
    elif kind == "image":
        node["image"] = "picture.png"
        if draw(st.integers(0, 3)) == 0:
            node["decorative"] = True
        else:
            node["alt"] = draw(short(60, 8).filter(lambda s: "/" not in s and "\\" not in s))
        caption = _maybe(draw, short(60, 8))
        if caption:
            node["caption"] = caption
    elif kind == "two-column":
        for side in ("left", "right"):
            column: dict = {
                "points": draw(
                    st.lists(point(ids, refs, variables), min_size=1, max_size=6).map(_keep_one)
                )
            }
            heading = _maybe(draw, short(30, 3))
            if heading:
                column["heading"] = heading
            node[side] = column
    elif kind == "discussion":
        node["question"] = draw(texts_with_extras(refs, variables, 25))
        node["prompts"] = draw(st.lists(prose(20), max_size=5))
    elif kind == "exercise":
        node["exercise"] = draw(st.sampled_from(exercises))
    elif kind == "closing":
        message = _maybe(draw, short(60, 8))
        if message:
            node["message"] = message
    # An extra slide is left out of the default session; never one that carries minutes,
    # which would then be missing from its section.
    if "minutes" not in node and draw(st.integers(0, 9)) == 0:
        node["extra"] = True
    elif draw(st.integers(0, 9)) == 0:
        node["facilitator_only"] = True
    return node


def _timed(slides: list[dict], fac: dict) -> bool:
    """Return True when a shown slide of the section carries minutes (its own or its
    exercise's): such a section needs minutes of its own."""
    minutes = {e["id"]: e["minutes"] for e in fac.get("exercises", [])}
    return any(
        (s.get("minutes") or minutes.get(s.get("exercise"), 0))
        and not s.get("facilitator_only")
        and not s.get("extra")
        for s in slides
    )


@st.composite
def exercise(draw: st.DrawFn, ids: Ids) -> dict:
    """Return a facilitator exercise (always with an id, which exercise slides use)."""
    node = {
        "id": ids("ex"),
        "title": draw(short(40)),
        "format": draw(
            st.sampled_from(
                ["solo", "pairs", "triads", "small groups", "whole group", "demonstration"]
            )
        ),
        "minutes": draw(st.integers(0, 30)),
        "steps": draw(st.lists(prose(25), min_size=1, max_size=8)),
    }
    for key, strategy in (
        ("purpose", prose(20)),
        ("debrief", st.lists(prose(15), min_size=1, max_size=3)),
        ("virtual", prose(20)),
    ):
        value = _maybe(draw, strategy)
        if value:
            node[key] = value
    return node


@st.composite
def facilitator(draw: st.DrawFn, ids: Ids, refs: list[str], variables: list[str]) -> dict:
    """Return a section's facilitator content (possibly empty)."""
    node: dict = {}
    if draw(st.booleans()):
        node["goal"] = draw(prose(20))
    if draw(st.booleans()):
        node["talking_points"] = draw(
            st.lists(texts_with_extras(refs, variables, 20), min_size=1, max_size=4)
        )
    if draw(st.booleans()):
        questions = []
        for _ in range(draw(st.integers(1, 3))):
            q = _element(draw, {"question": draw(prose(20))}, ids, "q")
            listen = draw(st.lists(prose(8), max_size=3))
            if listen:
                q["listen_for"] = listen
            if draw(st.booleans()):
                q["if_quiet"] = draw(prose(15))
            questions.append(q)
        node["discussion"] = questions
    exercises = draw(st.lists(exercise(ids), max_size=2))
    if exercises:
        node["exercises"] = exercises
    if draw(st.booleans()):
        node["tips"] = draw(st.lists(prose(15), min_size=1, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        node["case_consultation"] = {
            "structure": draw(st.lists(prose(10), min_size=1, max_size=4)),
            "ground_rules": draw(st.lists(prose(10), min_size=1, max_size=3)),
        }
    if draw(st.booleans()):
        node["transition"] = draw(prose(20))
    return node


@st.composite
def reference(draw: st.DrawFn, key: str) -> dict:
    """Return a reference with ``key``."""
    surname = draw(plain_word).capitalize()
    node = {
        "key": key,
        "type": draw(st.sampled_from(["article", "book", "chapter", "web"])),
        "authors": [f"{surname}, {draw(st.sampled_from('ABCDÉ'))}. M."]
        + draw(st.lists(plain_word.map(lambda w: f"{w.capitalize()}, J."), max_size=2)),
        "year": draw(st.integers(1800, 2100)),
        "title": draw(short(90, 12)),
    }
    if node["type"] == "article":
        node["journal"] = draw(short(40))
        node["volume"] = str(draw(st.integers(1, 400)))
        node["pages"] = f"{draw(st.integers(1, 500))}–{draw(st.integers(501, 900))}"
    elif node["type"] == "book":
        node["publisher"] = draw(short(40))
    if draw(st.booleans()):
        node["doi"] = f"10.{draw(st.integers(1000, 9999))}/{draw(plain_word)}"
    elif node["type"] == "web":
        node["url"] = f"https://example.org/{draw(plain_word)}"
    return node


@st.composite
def outline(draw: st.DrawFn) -> dict:
    """Return a random valid outline as plain data (dump it with ``yaml.safe_dump``)."""
    ids = Ids()
    refs = list(REF_KEYS[: draw(st.integers(0, 3))])
    variables = ["group"] if draw(st.booleans()) else []
    data: dict = {
        "title": draw(short(40)),
        "source": {"title": draw(short(80, 10)), "author": draw(short(40))},
    }
    if draw(st.booleans()):
        data["subtitle"] = draw(short(50, 8))
    data["level"] = draw(st.sampled_from(["introductory", "intermediate", "advanced"]))
    if draw(st.booleans()):
        data["keywords"] = draw(st.lists(plain_word, min_size=1, max_size=4))
    data["objectives"] = [
        _element(draw, {"text": draw(prose(20))}, ids, "obj", need_id=True)
        for _ in range(draw(st.integers(1, 3)))
    ]
    if draw(st.booleans()):
        data["materials"] = draw(st.lists(prose(10), min_size=1, max_size=3))
    if refs:
        data["references"] = [draw(reference(key)) for key in refs]
    if variables:
        data["variables"] = {"group": draw(short(20, 2))}

    # Every slide kind appears somewhere in a long enough run of examples; each section
    # draws a few kinds, and at least one section has slides.
    sections = []
    for si in range(draw(st.integers(1, 4))):
        section: dict = {
            "id": ids("sec"),
            "title": draw(short(40)),
            "minutes": draw(st.integers(0, 60)),
            "activity": draw(
                st.sampled_from(["teach", "discuss", "exercise", "case consultation", "break"])
            ),
        }
        _element(draw, section, ids, "sec")
        section.pop("optional", None)  # only matters when fitting a shorter audience
        fac = draw(facilitator(ids, refs, variables))
        exercises = [e["id"] for e in fac.get("exercises", [])]
        # Break slides belong in break sections (their return time is the section's end).
        kinds = [
            k
            for k in SLIDE_KINDS
            if (k != "exercise" or exercises) and (k != "break" or section["activity"] == "break")
        ]
        chosen = draw(st.lists(st.sampled_from(kinds), min_size=1 if si == 0 else 0, max_size=5))
        # A break section shows its break slide (no extra draw: the other examples stay as
        # they were).
        if section["activity"] == "break" and "break" not in chosen:
            chosen.append("break")
        slides = [draw(slide(k, ids, refs, variables, exercises)) for k in chosen]
        if slides:
            section["slides"] = slides
        if fac:
            section["facilitator"] = fac
        if section["minutes"] == 0 and _timed(slides, fac):
            section["minutes"] = 1  # a section of 0 minutes cannot hold timed content
        sections.append(section)
    data["sections"] = sections
    data["duration"] = sum(s["minutes"] for s in sections)

    handout: dict = {
        "main_message": draw(prose(20)),
        "key_ideas": [
            _element(draw, {"heading": draw(short(40)), "text": draw(prose(40))}, ids, "idea")
            for _ in range(draw(st.integers(1, 4)))
        ],
        "try_this": {
            "title": draw(short(40)),
            "steps": draw(st.lists(prose(20), min_size=1, max_size=5)),
        },
    }
    if draw(st.booleans()):
        handout["try_this"]["intro"] = draw(prose(20))
    if draw(st.integers(0, 3)) == 0:
        handout["try_this"] = [handout["try_this"], {"title": draw(short(40)), "steps": ["Go."]}]
    if draw(st.integers(0, 2)) == 0:
        handout["key_ideas"][0]["points"] = draw(st.lists(short(60, 10), min_size=1, max_size=6))
    if draw(st.integers(0, 2)) == 0:
        handout["get_help"] = {
            "signs": draw(st.lists(short(60, 10), min_size=1, max_size=6)),
            "what_to_do": draw(st.lists(short(60, 10), max_size=3)),
        }
    if draw(st.integers(0, 2)) == 0:
        handout["tracker"] = {
            "title": draw(short(30, 4)),
            "rows": draw(st.lists(short(24, 4), min_size=1, max_size=5)),
        }
    if draw(st.integers(0, 2)) == 0:
        handout["resources"] = [
            {"name": draw(short(40)), "phone": "555-0100", "web": "https://example.org", "qr": True}
        ]
    reflections = [
        {"prompt": draw(prose(15)), "lines": draw(st.integers(1, 12))}
        for _ in range(draw(st.integers(0, 3)))
    ]
    if reflections:
        handout["reflection"] = reflections
    if draw(st.booleans()):
        handout["closing"] = draw(prose(15))
    data["handout"] = handout
    if draw(st.integers(0, 2)) == 0:
        data["audiences"] = [
            {"name": "everyone", "title": draw(short(40)), "duration": data["duration"]}
        ]
    return data


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    """One outline to build: its data, how it is written, and what the build must do."""

    data: dict
    expect: Literal["build", "fail", "either"] = "build"
    mutation: str = "none"
    audience: str | None = None
    options: tuple[str, ...] = ()  # extra command-line options
    bom_crlf: bool = False
    text_edit: tuple[str, str] | None = None  # (kind, argument) applied to the YAML text
    notes: list[str] = field(default_factory=list)

    def yaml_text(self) -> str:
        """Return the outline as the YAML text a user would have written."""
        text = dump(self.data)
        if self.text_edit is not None:
            text = _edit_text(text, *self.text_edit)
        return text

    def write(self, folder: Path) -> Path:
        """Write the outline and the picture its image slides use into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "picture.png").write_bytes(PICTURE)
        path = folder / "outline.yaml"
        text = self.yaml_text()
        if self.bom_crlf:
            path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        else:
            path.write_text(text, encoding="utf-8")
        return path


def dump(data: dict) -> str:
    """Return ``data`` as YAML text that reads back as the same data in the project's reader."""
    return dump_yaml(data)


def _edit_text(text: str, kind: str, arg: str) -> str:
    if kind == "duplicate-key":
        return text + f"{arg}: again\n"
    if kind == "truncate":
        return text[: int(arg)]
    if kind == "tab":
        lines = text.splitlines(keepends=True)
        index = int(arg) % len(lines)
        lines[index] = "\t" + lines[index]
        return "".join(lines)
    raise ValueError(kind)


def _picture() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), (47, 93, 98)).save(buffer, format="PNG")
    return buffer.getvalue()


PICTURE = _picture()


def visible_slides(data: dict) -> int:
    """Return how many slides of ``data`` the default session shows (the deck has at least)."""
    return sum(
        1
        for section in data["sections"]
        for s in section.get("slides", [])
        if not s.get("facilitator_only") and not s.get("extra")
    )


@st.composite
def valid_cases(draw: st.DrawFn) -> Case:
    """Return a valid outline, sometimes built for its audience or written on Windows."""
    data = draw(outline())
    audience = "everyone" if data.get("audiences") and draw(st.booleans()) else None
    return Case(
        data,
        "build",
        audience=audience,
        options=draw(build_options()),
        bom_crlf=draw(st.integers(0, 3)) == 0,
    )


@st.composite
def build_options(draw: st.DrawFn) -> tuple[str, ...]:
    """Return a random set of handout and timing options for ``workshop build``."""
    options: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        options += ["--paper", draw(st.sampled_from(["letter", "a4"]))]
    if draw(st.integers(0, 3)) == 0:
        options.append(draw(st.sampled_from(["--large-print", "--standard-print"])))
    if draw(st.integers(0, 3)) == 0:
        options.append("--no-form")
    if draw(st.integers(0, 3)) == 0:
        options += ["--start", f"{draw(st.integers(0, 23))}:{draw(st.integers(0, 59)):02d}"]
    return tuple(options)


# --------------------------------------------------------------------------- walking the model


def _unwrap(tp: object) -> object:
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _is_model(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _pick_member(value: object, tp: object) -> object:
    """Return the member of a union ``tp`` that ``value`` is validated as."""
    members = [_unwrap(a) for a in get_args(tp) if a is not type(None)]
    models = [m for m in members if _is_model(m)]
    if not isinstance(value, dict) or not models:
        return None
    for m in models:
        kind = m.model_fields.get("kind")
        if kind is not None and get_args(kind.annotation) == (value.get("kind"),):
            return m
    return models[0] if len(models) == 1 else None


def model_nodes(data: dict, model: type[BaseModel], path: Loc = ()) -> Iterator[tuple]:
    """Yield ``(path, mapping, model)`` for every mapping in ``data`` validated as a model."""
    yield path, data, model
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in data:
            yield from _children(data[key], info.annotation, (*path, key))


def _children(value: object, tp: object, path: Loc) -> Iterator[tuple]:
    tp = _unwrap(tp)
    if get_origin(tp) in (typing.Union, types.UnionType):
        tp = _pick_member(value, tp)
    if _is_model(tp) and isinstance(value, dict):
        yield from model_nodes(value, tp, path)
    elif get_origin(tp) is list and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _children(item, get_args(tp)[0], (*path, index))
    elif get_origin(tp) is dict and isinstance(value, dict):
        for key, item in value.items():
            yield from _children(item, get_args(tp)[1], (*path, key))


def _get(data: object, path: Loc) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def _min_length(info: object) -> int:
    return info.constraints.get("min_length", 0)  # type: ignore[attr-defined]


def _text_strings(data: object, path: Loc = ()) -> Iterator[Loc]:
    """Yield the path of every free-text string (not an id, kind, key, file or choice)."""
    not_text = {
        "id",
        "kind",
        "format",
        "activity",
        "level",
        "language",
        "exercise",
        "image",
        "key",
        "name",
        "type",
        "doi",
        "url",
        "default_audience",
        "tags",
        "year",
        "volume",
        "pages",
    }
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in not_text:
                yield from _text_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_strings(value, (*path, index))
    elif isinstance(data, str):
        yield path


# --------------------------------------------------------------------------- mutations

MUTATIONS = (
    "remove-required",
    "unknown-key",
    "wrong-type",
    "lax-type",
    "duplicate-id",
    "bad-kind",
    "minutes-mismatch",
    "unknown-citation",
    "long-title",
    "outside-font",
    "empty-list",
    "huge-number",
    "control-char",
    "null-value",
    "duplicate-key",
    "tab-indent",
    "truncate",
)


@st.composite
def near_valid_cases(draw: st.DrawFn, mutations: tuple[str, ...] = MUTATIONS) -> Case:
    """Return a valid outline with exactly one of ``mutations``, and what its build must do."""
    data = draw(outline())
    kind = draw(st.sampled_from(mutations))
    case = Case(data, "fail", mutation=kind)
    nodes = list(model_nodes(data, Outline))
    fields = [
        (path, node, info.alias or name, info)
        for path, node, model in nodes
        for name, info in model.model_fields.items()
        if (info.alias or name) in node
    ]

    def choose(items: list) -> object:
        return items[draw(st.integers(0, len(items) - 1))]

    if kind == "remove-required":
        required = [
            (path, node, key)
            for path, node, model in nodes
            for name, info in model.model_fields.items()
            if info.is_required() and (key := info.alias or name) in node
        ]
        path, node, key = choose(required)
        del node[key]
        case.mutation += f" {(*path, key)}"
    elif kind == "unknown-key":
        path, node, model = choose(nodes)
        key = draw(plain_word.filter(lambda w: w not in model.model_fields))
        node[key] = draw(st.one_of(short(20), st.integers(), st.booleans()))
        case.mutation += f" {(*path, key)}"
    elif kind == "wrong-type":
        # A list where a mapping or a value is expected, a mapping anywhere else: no coercion
        # turns either into the other.
        path, node, key, _info = choose(fields)
        node[key] = ["oops"] if isinstance(node[key], dict) else {"oops": 1}
        case.mutation += f" {(*path, key)}"
    elif kind == "lax-type":
        path, node, key, _info = choose(fields)
        node[key] = draw(st.sampled_from([123, 1.5, True, "12", "yes", "", " "]))
        case.expect = "either"
        case.mutation += f" {(*path, key)}={node[key]!r}"
    elif kind == "duplicate-id":
        with_id = [node for _p, node, _m in nodes if isinstance(node.get("id"), str)]
        first, second = draw(st.permutations(with_id))[:2]
        second["id"] = first["id"]
        case.mutation += f" {first['id']}"
    elif kind == "bad-kind":
        slides = [node for _p, node, _m in nodes if "kind" in node]
        if slides:
            choose(slides)["kind"] = draw(
                st.sampled_from(["bullet", "picture", "Title", "slide", "two_column", ""])
            )
        else:
            data["sections"][0]["slides"] = [{"kind": "chart", "title": "x"}]
    elif kind == "minutes-mismatch":
        delta = draw(st.sampled_from([1, 7]))
        if draw(st.booleans()):
            # Sections add up to at most 240 minutes, so both stay within 0..600.
            shrink = data["duration"] >= delta and draw(st.booleans())
            data["duration"] += -delta if shrink else delta
            case.mutation += " duration"
        else:
            choose(data["sections"])["minutes"] += delta
            case.mutation += " section minutes"
    elif kind == "unknown-citation":
        # A reference's own fields are printed as written, not checked for citations.
        path = choose([p for p in _text_strings(data) if p[:1] != ("references",)])
        parent = _get(data, path[:-1])
        parent[path[-1]] += " [@nobody1999]"
        case.mutation += f" {path}"
    elif kind == "long-title":
        # At least 60 words of 6+ letters (over 400 characters): too long for any title box
        # at its smallest size, whatever the letters.
        long_words = st.text(alphabet=LETTERS, min_size=6, max_size=9)
        title = " ".join(draw(st.lists(long_words, min_size=60, max_size=80)))
        shown = [
            s
            for section in data["sections"]
            for s in section.get("slides", [])
            if not s.get("facilitator_only") and not s.get("extra")
        ]
        if shown:
            choose(shown)["title"] = title
        else:
            data["title"] = title
            case.expect = "either"
    elif kind == "outside-font":
        char = draw(st.sampled_from(OUTSIDE_FONT))
        if draw(st.booleans()):
            data["handout"]["main_message"] += f" {char}"
            case.mutation += " handout.main_message"
        else:
            path = choose(list(_text_strings(data)))
            parent = _get(data, path[:-1])
            parent[path[-1]] += f" {char}"
            case.expect = "either"  # some text (an audience's title) is printed nowhere
            case.mutation += f" {path}"
    elif kind == "empty-list":
        must = [
            (path, node, key)
            for path, node, key, info in fields
            if isinstance(node[key], list) and _min_length(info) >= 1
        ]
        path, node, key = choose(must)
        node[key] = []
        case.mutation += f" {(*path, key)}"
    elif kind == "huge-number":
        numbers = [
            (path, node, key)
            for path, node, key, _info in fields
            if key in ("minutes", "duration", "year", "lines")
        ]
        path, node, key = choose(numbers)
        node[key] = draw(st.sampled_from([10**9, 10**40, -1, -(10**12)]))
        case.mutation += f" {(*path, key)}={node[key]}"
    elif kind == "control-char":
        path = choose(list(_text_strings(data)))
        parent = _get(data, path[:-1])
        parent[path[-1]] += draw(st.sampled_from(["\x07", "\x0b", "\x1b[31m", "\x00", "\ufffe"]))
        case.expect = "either"
        case.mutation += f" {path}"
    elif kind == "null-value":
        path, node, key, _info = choose(fields)
        node[key] = None
        case.expect = "either"
        case.mutation += f" {(*path, key)}"
    elif kind == "duplicate-key":
        case.text_edit = ("duplicate-key", draw(st.sampled_from(["title", "duration", "level"])))
    elif kind == "tab-indent":
        case.text_edit = ("tab", str(draw(st.integers(1, 10_000))))
        case.expect = "either"  # a tab before a top-level key is only whitespace to YAML
    elif kind == "truncate":
        text = dump(data)
        case.text_edit = ("truncate", str(draw(st.integers(0, len(text) - 1))))
        case.expect = "either"
    return case
