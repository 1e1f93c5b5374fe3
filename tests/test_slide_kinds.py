"""The slide-kind table agrees with the outline format and the plan it describes."""

from __future__ import annotations

import dataclasses
from typing import get_args

from generator.plan import PlannedSlide
from generator.source import model
from generator.source.slide_kinds import KINDS


def test_every_kind_in_the_format_has_a_row_and_every_row_a_model() -> None:
    union = get_args(get_args(model.Slide)[0])  # Annotated[A | B | ..., Field(...)]
    in_format = [get_args(cls.model_fields["kind"].annotation)[0] for cls in union]
    assert sorted(in_format) == sorted(KINDS)
    assert tuple(KINDS) == model.SLIDE_KINDS


def test_each_split_field_is_a_field_of_the_planned_slide() -> None:
    fields = {f.name for f in dataclasses.fields(PlannedSlide)}
    assert {kind.split for kind in KINDS.values() if kind.split} <= fields


def _kinds_where(fact: str) -> tuple[str, ...]:
    return tuple(name for name, kind in KINDS.items() if getattr(kind, fact))


def test_facts_read_as_before() -> None:
    assert _kinds_where("dark") == ("title", "section", "break")
    assert KINDS["title"].title_region == "cover_title"
    assert KINDS["break"].title_region == "section_title"
    assert KINDS["bullets"].title_region == "title"
    assert "table" in _kinds_where("titled") and "closing" not in _kinds_where("notes")
