"""The committed JSON Schemas equal the export from the models, and work for editors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.source.model import SLIDE_KINDS
from generator.source.schema import COMMITTED, schema_for, schema_path, schema_text

ROOT = Path(__file__).parent.parent
REGENERATE = "regenerate with: python -m generator.source.schema --write"


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = schema_path(name).read_text(encoding="utf-8")
    assert committed == schema_text(name), f"{schema_path(name).name} is stale; {REGENERATE}"


def test_schema_header_and_closed_mappings() -> None:
    schema = schema_for("outline")
    assert list(schema)[:2] == ["$schema", "title"]
    assert "$id" not in schema
    assert schema["additionalProperties"] is False
    assert all(
        d.get("additionalProperties") is False
        for d in schema["$defs"].values()
        if d.get("type") == "object" and "properties" in d
    )


def test_slides_are_one_of_keyed_on_a_kind_constant() -> None:
    schema = schema_for("outline")
    slides = schema["$defs"]["Section"]["properties"]["slides"]["items"]
    assert slides["discriminator"]["propertyName"] == "kind"
    kinds = []
    for ref in slides["oneOf"]:
        member = schema["$defs"][ref["$ref"].rsplit("/", 1)[1]]
        kinds.append(member["properties"]["kind"]["const"])
        assert "kind" in member["required"]
    assert "bullets" in kinds and len(kinds) == len(set(kinds)) == len(SLIDE_KINDS)


def test_schema_text_is_stable_json() -> None:
    text = schema_text("practice")
    assert text.endswith("}\n") and text == schema_text("practice")
    assert json.loads(text)["title"] == "Practice profile"


def test_schema_accepts_the_shipped_files_and_rejects_unknown_keys() -> None:
    outline = jsonschema.Draft202012Validator(schema_for("outline"))
    for path in [ROOT / "tests" / "fixtures" / "all-kinds.yaml", *ROOT.glob("outlines/*.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not list(outline.iter_errors(data)), path
    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "all-kinds.yaml").read_text())
    data["sections"][0]["slides"][1]["note"] = "typo"
    assert any("note" in e.message for e in outline.iter_errors(data))
    practice = jsonschema.Draft202012Validator(schema_for("practice"))
    assert not list(
        practice.iter_errors(yaml.safe_load((ROOT / "assets" / "practice.yaml").read_text()))
    )


def test_overlays_pass_the_overlay_schema() -> None:
    overlay = jsonschema.Draft202012Validator(schema_for("overlay"))
    paths = sorted(ROOT.glob("outlines/*/*.yaml"))
    assert paths, "the sample outline ships at least one overlay"
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not list(overlay.iter_errors(data)), path
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../generator/schema/overlay.schema.json"
        )
