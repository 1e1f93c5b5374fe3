"""The model layer's fast check against pydantic: it never accepts what pydantic would refuse,
and what it accepts it makes into exactly what pydantic makes of it (types included).

The fast check may refuse more than pydantic (pydantic then decides, see
:mod:`generator.source.typed`), but on every valid file of the project it must not need to,
or every command would pay for importing pydantic again.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pydantic
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from strategies import near_valid_cases, outline

from generator.source import model as m
from generator.source.typed import ValidationError, _check_model, _Reject, pydantic_twin

ROOT = Path(__file__).resolve().parent.parent
MODELS = (m.Outline, m.Practice, m.Overlay, m.Audience)


def _fast(model: type, data: object) -> object | None:
    try:
        return _check_model(model, copy.deepcopy(data))
    except _Reject:
        return None


def _pydantic(model: type, data: object) -> object | None:
    try:
        return pydantic_twin(model).model_validate(copy.deepcopy(data))
    except pydantic.ValidationError:
        return None


def _agrees(model: type, data: object) -> object | None:
    """Assert the fast check accepts only what pydantic accepts, and makes the same of it.

    Returns the fast check's instance, or None when it left the value to pydantic.
    """
    fast, slow = _fast(model, data), _pydantic(model, data)
    if fast is not None:
        assert slow is not None, f"the fast check accepted what pydantic refuses: {data!r}"
        # repr tells 1 from 1.0 and True from 1, which == does not
        assert repr(fast.model_dump()) == repr(slow.model_dump())
        for mode in ("python", "json"):
            assert repr(fast.model_dump(mode=mode, by_alias=True, exclude_defaults=True)) == repr(
                slow.model_dump(mode=mode, by_alias=True, exclude_defaults=True)
            )
    return fast


def _project_documents() -> list[tuple[str, object]]:
    """Return every YAML mapping in the project's outlines, assets and tests, by file name."""
    found = []
    for base in ("outlines", "assets", "tests"):
        for path in sorted((ROOT / base).rglob("*.yaml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
            if isinstance(data, dict):
                found.append((str(path.relative_to(ROOT)), data))
    return found


DOCUMENTS = _project_documents()


def test_there_are_documents_to_compare() -> None:
    assert len(DOCUMENTS) > 40


@pytest.mark.parametrize("model", MODELS, ids=lambda c: c.__name__)
def test_every_project_file_agrees_with_pydantic(model: type) -> None:
    for _name, data in DOCUMENTS:
        _agrees(model, data)
        for audience in data.get("audiences", []) if model is m.Audience else []:
            _agrees(model, audience)


@pytest.mark.parametrize(
    "path",
    [
        "outlines/science-of-connection.yaml",
        "outlines/small-steps.yaml",
        "assets/practice.yaml",
        "outlines/science-of-connection/couples-120.yaml",
        "tests/fixtures/all-kinds.yaml",
    ],
)
def test_valid_files_never_need_pydantic(path: str) -> None:
    data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    model = m.Practice if "practice" in path else m.Overlay if "extends" in data else m.Outline
    assert _agrees(model, data) is not None


# A value per row, tried in a field of each type the format has: the lax values pydantic
# coerces (or refuses) must never be accepted by the fast check as something else.
ODD_VALUES = [
    "plain",
    "  padded  ",
    "ends in a separator\x1c",
    "\u3000ideographic space\u3000",
    "line\n",
    "",
    " ",
    "a\ud800b",
    "Ünïcode",
    0,
    1,
    -1,
    30,
    601,
    1.0,
    1.5,
    0.1,
    True,
    False,
    None,
    "30",
    "1.5",
    "yes",
    "true",
    "n.d.",
    "nd",
    " n.d.",
    1799,
    2100,
    [],
    ["x"],
    [" x "],
    [""],
    {},
    {"k": "v"},
    {" k ": "v"},
    {"k": " v "},
    {"k": 1},
    {"k": "{{x}}"},
    {"!!": "v"},
]

FIELDS = [
    (m.Reference, {"key": "k", "authors": ["A, B."], "title": "T", "year": 2000}, "year"),
    (m.Reference, {"key": "k", "authors": ["A, B."], "title": "T", "year": 2000}, "date"),
    (m.Reference, {"key": "k", "authors": ["A, B."], "title": "T", "year": 2000}, "doi"),
    (m.Reference, {"key": "k", "authors": ["A, B."], "title": "T", "year": 2000}, "authors"),
    (m.Reference, {"key": "k", "authors": ["A, B."], "title": "T", "year": 2000}, "type"),
    (m.Reflection, {"prompt": "p"}, "lines"),
    (m.Reflection, {"prompt": "p"}, "prompt"),
    (m.HandoutImage, {"image": "x.png", "alt": "a"}, "width"),
    (m.HandoutImage, {"image": "x.png", "alt": "a"}, "decorative"),
    (m.Point, {"text": "t"}, "id"),
    (m.Point, {"text": "t"}, "tags"),
    (m.Point, {"text": "t"}, "sub"),
    (m.Audience, {"name": "a", "title": "T"}, "start"),
    (m.Audience, {"name": "a", "title": "T"}, "duration"),
    (m.Audience, {"name": "a", "title": "T"}, "variables"),
    (m.Audience, {"name": "a", "title": "T"}, "terms"),
    (m.Audience, {"name": "a", "title": "T"}, "overrides"),
    (m.Audience, {"name": "a", "title": "T"}, "include"),
    (m.Column, {"points": ["p"]}, "points"),
    (m.Handout, {"main_message": "m", "key_ideas": [{"heading": "h", "text": "t"}]}, "try_this"),
    (m.Patch, {"set": "x"}, "with"),
    (m.Colors, {}, "primary"),
    (m.Outline, {}, "language"),
]


@pytest.mark.parametrize(
    ("model", "base", "field"), FIELDS, ids=[f"{c.__name__}.{f}" for c, _b, f in FIELDS]
)
def test_each_odd_value_agrees_with_pydantic(model: type, base: dict, field: str) -> None:
    for value in ODD_VALUES:
        _agrees(model, {**base, field: value})


def test_a_slide_of_each_kind_agrees_and_unknown_kinds_are_left_to_pydantic() -> None:
    for data in yaml.safe_load((ROOT / "tests/fixtures/all-kinds.yaml").read_text())["sections"]:
        assert _agrees(m.Section, data) is not None
    section = {"id": "s", "title": "S", "minutes": 5}
    for kind in ("chart", "", None, 1, " bullets"):
        slide = {"kind": kind, "title": "x", "points": ["a"]}
        assert _agrees(m.Section, {**section, "slides": [slide]}) is None


def test_refusals_carry_pydantics_errors() -> None:
    with pytest.raises(ValidationError) as caught:
        m.Reflection.model_validate({"prompt": "p", "lines": "many"})
    [error] = caught.value.errors(include_url=False)
    assert error["loc"] == ("lines",) and error["type"] == "int_parsing"


def test_what_pydantic_coerces_is_taken_over() -> None:
    reflection = m.Reflection.model_validate({"prompt": " p ", "lines": "5"})
    assert type(reflection) is m.Reflection and reflection.lines == 5 and reflection.prompt == "p"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(outline())
def test_generated_outlines_pass_the_fast_check(data: dict) -> None:
    assert _agrees(m.Outline, data) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(near_valid_cases())
def test_near_valid_outlines_agree_with_pydantic(case: object) -> None:
    _agrees(m.Outline, case.data)  # type: ignore[attr-defined]


def test_a_list_or_mapping_default_is_each_instance_s_own() -> None:
    from generator.source.typed import Field, Model

    class Listed(Model):
        items: list[str] = []
        names: dict[str, str] = Field(default={})

    first, second = Listed.model_validate({}), Listed()
    first.items.append("x")
    first.names["k"] = "v"
    assert second.items == [] and second.names == {}
    assert first.model_dump(exclude_defaults=True) == {"items": ["x"], "names": {"k": "v"}}
    assert second.model_dump(exclude_defaults=True) == {}
