"""Audience resolution rules: include, exclude, overrides, variables, terms, duration fitting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.audience.customize import customize
from generator.audience.load import list_audiences, load_workshop, resolved_yaml
from generator.errors import OutlineError
from generator.source.loader import load_outline
from generator.source.model import Audience

FIXTURES = Path(__file__).parent / "fixtures" / "audiences"


@pytest.fixture
def base() -> object:
    return load_outline(FIXTURES / "base.yaml")


def aud(**fields: object) -> Audience:
    return Audience.model_validate({"name": "test", "title": "Test", **fields})


def slide_ids(outline: object) -> list[str]:
    return [s.id for sec in outline.sections for s in sec.slides]


def minutes(outline: object) -> dict[str, int]:
    return {s.id: s.minutes for s in outline.sections}


# --------------------------------------------------------------------------- extras, include


def test_extras_are_left_out_by_default(base: object) -> None:
    out, notes = customize(base, None)
    assert "s-extra-ex" not in slide_ids(out)
    assert [e.id for e in out.sections[1].facilitator.exercises] == ["ex-main"]
    assert minutes(out)["core"] == 30
    assert notes == []


def test_include_by_id_adds_the_extra_and_its_minutes(base: object) -> None:
    out, _ = customize(base, aud(duration=75, include=["ex-extra"]))
    assert "s-extra-ex" in slide_ids(out)  # the exercise slide comes with its exercise
    assert minutes(out)["core"] == 45
    assert all(not e.extra for e in out.sections[1].facilitator.exercises)


def test_include_by_tag(base: object) -> None:
    out, _ = customize(base, aud(duration=75, include=["tag:bonus"]))
    assert "ex-extra" in [e.id for e in out.sections[1].facilitator.exercises]


def test_input_outline_is_not_changed(base: object) -> None:
    before = base.model_dump()
    customize(base, aud(duration=75, include=["ex-extra"], overrides={"s-close": {"message": "x"}}))
    assert base.model_dump() == before


# --------------------------------------------------------------------------- exclude


def test_exclude_timed_slide_takes_its_minutes_off_its_section(base: object) -> None:
    out, _ = customize(base, aud(duration=55, exclude=["tag:detail"]))
    assert "s-detail" not in slide_ids(out)
    assert minutes(out)["core"] == 25


def test_exclude_exercise_removes_its_slide_and_minutes(base: object) -> None:
    out, _ = customize(base, aud(duration=50, exclude=["ex-main"]))
    assert "s-ex" not in slide_ids(out)
    assert minutes(out)["core"] == 20


def test_exclude_section_and_by_tag(base: object) -> None:
    out, _ = customize(base, aud(duration=30, exclude=["tag:teaching", "s-clients"]))
    assert [s.id for s in out.sections] == ["open", "pause", "close"]
    assert "s-clients" not in slide_ids(out)


def test_exclude_wins_over_include(base: object) -> None:
    out, _ = customize(base, aud(duration=60, include=["ex-extra"], exclude=["ex-extra"]))
    assert "s-extra-ex" not in slide_ids(out)
    assert minutes(out)["core"] == 30


@pytest.mark.parametrize(
    ("field", "selector", "expected"),
    [
        ("exclude", "s-detial", "no element has the id 's-detial' — did you mean 's-detail'?"),
        ("include", "tag:bonsu", "no element has the tag 'bonsu' — did you mean 'bonus'?"),
    ],
)
def test_unknown_selector_is_an_error(
    base: object, field: str, selector: str, expected: str
) -> None:
    with pytest.raises(OutlineError) as exc:
        customize(base, aud(**{field: [selector]}))
    assert f"audience 'test': {field}[0]: {expected}" in exc.value.format_message()


# --------------------------------------------------------------------------- overrides


def test_override_sets_any_field_by_id(base: object) -> None:
    out, _ = customize(
        base,
        aud(overrides={"s-close": {"message": "Goodbye"}, "core": {"title": "The Core"}}),
    )
    closing = out.sections[-1].slides[0]
    assert closing.message == "Goodbye"
    assert out.sections[1].title == "The Core"


def test_override_unknown_id_and_field_are_errors(base: object) -> None:
    with pytest.raises(OutlineError) as exc:
        customize(base, aud(overrides={"nope": {"title": "x"}, "s-close": {"mesage": "x"}}))
    text = exc.value.format_message()
    assert "audience 'test': overrides.nope: no element has the id 'nope'" in text
    assert "overrides.s-close.mesage: slide 's-close' has no field 'mesage'" in text
    assert "did you mean 'message'?" in text


def test_override_that_breaks_the_outline_is_caught(base: object) -> None:
    with pytest.raises(OutlineError, match=r"audience 'test': overrides\.open\.minutes: expected"):
        customize(base, aud(overrides={"open": {"minutes": "lots"}}))


def test_override_that_breaks_the_outline_is_located_at_the_override(tree: Path) -> None:
    _overlay(
        tree,
        "bad",
        "extends: ../base.yaml\naudience:\n  name: bad\n  title: Bad\n  duration: 60\n"
        "  overrides:\n    open: {minutes: lots}\n    s-close: {message: 42}\n",
    )
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base.yaml", "bad")
    text = exc.value.format_message()
    assert re.search(
        r"base/bad\.yaml:7:12: audience 'bad': overrides\.open\.minutes: expected", text
    )
    assert re.search(r"base/bad\.yaml:8:15: audience 'bad': overrides\.s-close\.message: ", text)


def test_override_error_is_located_in_the_outline_file(tmp_path: Path) -> None:
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {name: short, title: Short session, duration: 45}",
        "  - name: short\n    title: Short\n    duration: 45\n    overrides:\n"
        "      s-clost: {message: x}",
    )
    path = tmp_path / "base.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OutlineError) as exc:
        load_workshop(path, "short")
    line = text.splitlines().index("      s-clost: {message: x}") + 1
    assert re.search(
        rf"base\.yaml:{line}:7: audience 'short': overrides\.s-clost: no element has the id "
        r"'s-clost' — did you mean 's-close'\?",
        exc.value.format_message(),
    )


# --------------------------------------------------------------------------- variables, terms


def test_variables_audience_wins_over_outline_default(base: object) -> None:
    out, _ = customize(base, None)
    assert out.objectives[0].text == "Describe one idea for the group."
    out, _ = customize(base, aud(variables={"group": "new clinicians"}))
    assert out.sections[0].slides[0].subtitle == "For new clinicians"


def test_unknown_variable_is_named(base: object) -> None:
    outline = base.model_copy(update={"subtitle": "On {{date}}"})
    with pytest.raises(OutlineError) as exc:
        customize(outline, aud())
    assert "subtitle: '{{date}}' has no value" in exc.value.format_message()


def test_terms_whole_words_case_kept_quotes_untouched(base: object) -> None:
    out, _ = customize(base, aud(terms={"clients": "couples"}))
    slide = out.sections[0].slides[1]
    points = [p if isinstance(p, str) else p.text for p in slide.points]
    assert slide.title == "Working With Couples"
    assert points == [
        "Couples heal in connection",
        "COUPLES and clientship",
        "A client-centred view",
    ]
    assert slide.notes == "Many couples learned to cope alone."
    assert out.sections[1].slides[0].quote == "Clients are wired to connect."  # a quote stays
    assert slide.id == "s-clients"


# --------------------------------------------------------------------------- duration fitting


def test_optional_elements_drop_last_first(base: object) -> None:
    out, notes = customize(base, aud(duration=45))
    assert [s.id for s in out.sections] == ["open", "core", "close"]  # the break went first
    assert "s-ex" not in slide_ids(out)  # then the last optional exercise, with its slide
    assert "s-detail" in slide_ids(out)  # the earlier optional slide was not needed
    assert out.duration == 45
    assert notes == [
        "audience 'test': dropped optional section 'pause' (5 min) to fit 45 minutes",
        "audience 'test': dropped optional exercise 'ex-main' from 'Core' (10 min) "
        "to fit 45 minutes",
    ]


def test_too_long_even_after_dropping_says_by_how_much(base: object) -> None:
    with pytest.raises(OutlineError) as exc:
        customize(base, aud(duration=30))
    assert (
        "audience 'test': duration: the session is 10 minutes too long for the 30-minute "
        "session even after dropping every optional element: the sections add up to 40 minutes"
    ) in exc.value.format_message()


def test_too_short_states_both_sums(base: object) -> None:
    with pytest.raises(OutlineError) as exc:
        customize(base, aud(duration=70))
    assert (
        "audience 'test': duration: the sections add up to 60 minutes but the session is 70 "
        "minutes" in exc.value.format_message()
    )


def test_level_and_duration_are_baked_in(base: object) -> None:
    out, _ = customize(base, aud(duration=45, level="advanced"))
    assert (out.duration, out.level) == (45, "advanced")


# --------------------------------------------------------------------------- overlays


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "o")
    return tmp_path / "o"


def test_overlay_patches_and_base_untouched(tree: Path) -> None:
    before = (tree / "base.yaml").read_bytes()
    r = load_workshop(tree / "base.yaml", "longer")
    out = r.outline
    assert [s.id for s in out.sections] == ["open", "core", "inserted", "pause", "close"]
    assert "s-quote" not in slide_ids(out)
    assert out.sections[-1].slides[0].message == "Goodbye"
    assert out.handout.key_ideas[0].heading == "Replaced"
    assert out.handout.key_ideas[0].id == "k-one"  # replace keeps the id
    assert minutes(out)["core"] == 45 and out.duration == 75
    assert (tree / "base.yaml").read_bytes() == before
    assert r.base_dir == tree
    assert {p.name for p in r.sources} == {"base.yaml", "longer.yaml"}


def test_overlay_file_given_directly_uses_its_audience(tree: Path) -> None:
    r = load_workshop(tree / "base" / "longer.yaml", None)
    assert r.audience is not None and r.audience.name == "longer"
    assert r.base_dir == tree


def test_list_audiences_outline_then_overlays(tree: Path) -> None:
    assert [a.name for a in list_audiences(tree / "base.yaml")] == ["short", "longer"]


def test_unknown_audience_lists_the_names(tree: Path) -> None:
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base.yaml", "shrot")
    text = exc.value.format_message()
    assert "no audience named 'shrot'. Did you mean 'short'?" in text
    assert "The audiences are: short, longer." in text


def _overlay(tree: Path, name: str, text: str) -> Path:
    path = tree / "base" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overlay_unknown_id_is_located(tree: Path) -> None:
    _overlay(
        tree,
        "bad",
        "extends: ../base.yaml\naudience: {name: bad, title: Bad, duration: 60}\n"
        "patches:\n  - remove: s-qoute\n",
    )
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base.yaml", "bad")
    assert re.search(
        r"base/bad\.yaml:4:5: patches\[0\]\.remove: no element has the id 's-qoute' — "
        r"did you mean 's-quote'\?",
        exc.value.format_message(),
    )


def test_overlay_unknown_key_is_located(tree: Path) -> None:
    _overlay(
        tree,
        "bad",
        "extends: ../base.yaml\naudience: {name: bad, title: Bad, duration: 60}\n"
        "patches:\n  - remove: s-quote\n    whith: {}\n",
    )
    with pytest.raises(OutlineError) as exc:
        list_audiences(tree / "base.yaml")
    assert re.search(r"base/bad\.yaml:5:5: .*unknown key 'whith'", exc.value.format_message())


def test_overlay_missing_audience_reads_as_english(tree: Path) -> None:
    _overlay(tree, "bad", "extends: ../base.yaml\npatches: []\n")
    with pytest.raises(OutlineError) as exc:
        list_audiences(tree / "base.yaml")
    assert "missing 'audience': add an audience: line" in exc.value.format_message()


def test_overlay_set_unknown_field_is_located(tree: Path) -> None:
    _overlay(
        tree,
        "bad",
        "extends: ../base.yaml\naudience: {name: bad, title: Bad, duration: 60}\n"
        "patches:\n  - set: s-close\n    with:\n      mesage: Bye\n",
    )
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base.yaml", "bad")
    assert re.search(
        r"base/bad\.yaml:6:7: patches\[0\]\.with\.mesage: slide 's-close' has no field 'mesage'",
        exc.value.format_message(),
    )


def test_overlay_inserted_content_error_points_into_the_overlay(tree: Path) -> None:
    _overlay(
        tree,
        "bad",
        "extends: ../base.yaml\naudience: {name: bad, title: Bad, duration: 60}\n"
        "patches:\n  - after: s-close\n    items:\n"
        "      - {id: s-new, kind: bullets, title: New}\n",
    )
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base.yaml", "bad")
    assert re.search(r"base/bad\.yaml:6:\d+: .*missing 'points'", exc.value.format_message())


@pytest.mark.parametrize(
    ("value", "words"),
    [("42", "expected text, got a number"), ("[a, b]", "expected text, got a list")],
)
def test_overlay_set_bad_value_is_located_at_the_value(tree: Path, value: str, words: str) -> None:
    # A scalar set by a patch has no identity of its own, so it is found by its field.
    _overlay(
        tree,
        "bad",
        "extends: ../base.yaml\naudience: {name: bad, title: Bad, duration: 60}\n"
        f"patches:\n  - set: s-close\n    with:\n      message: {value}\n",
    )
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base.yaml", "bad")
    text = exc.value.format_message()
    assert re.search(r"base/bad\.yaml:6:7: patches\[0\]\.with\.message: " + words, text)
    assert "in the patched outline at sections[3].slides[0].message" in text


@pytest.mark.parametrize("self_extends", [True, False])
def test_extends_cycle_is_located(tree: Path, self_extends: bool) -> None:
    audience = "audience: {name: NAME, title: T, duration: 60}\n"
    if self_extends:
        _overlay(tree, "a", "extends: a.yaml\n" + audience.replace("NAME", "a"))
    else:
        _overlay(tree, "a", "extends: b.yaml\n" + audience.replace("NAME", "a"))
        _overlay(tree, "b", "extends: a.yaml\n" + audience.replace("NAME", "b"))
    with pytest.raises(OutlineError) as exc:
        load_workshop(tree / "base" / "a.yaml", None)
    text = exc.value.format_message()
    assert re.search(r"base/[ab]\.yaml:1:1: extends: 'extends' makes a cycle: ", text)


def test_extends_missing_file_is_located(tree: Path) -> None:
    _overlay(tree, "a", "extends: ../nope.yaml\naudience: {name: a, title: T, duration: 60}\n")
    with pytest.raises(OutlineError, match=r"base/a\.yaml:1:1: extends: '../nope.yaml' does not"):
        load_workshop(tree / "base" / "a.yaml", None)


def test_duplicate_audience_names_are_an_error(tree: Path) -> None:
    _overlay(tree, "dup", "extends: ../base.yaml\naudience: {name: short, title: T}\n")
    with pytest.raises(OutlineError, match="the audience name 'short' is already used"):
        list_audiences(tree / "base.yaml")


# --------------------------------------------------------------------------- show


@pytest.mark.parametrize("name", [None, "short", "longer"])
def test_resolved_yaml_reloads_to_the_same_outline(tree: Path, name: str | None) -> None:
    resolved = load_workshop(tree / "base.yaml", name)
    printed = tree / "printed.yaml"
    printed.write_text(resolved_yaml(resolved), encoding="utf-8")
    again = load_workshop(printed, None)
    skip = {"audiences", "variables", "default_audience"}
    assert again.outline.model_dump(exclude=skip) == resolved.outline.model_dump(exclude=skip)
    assert again.warnings == ()
    if name:
        assert again.audience.name == name
        assert again.audience.duration == resolved.audience.duration


def test_a_slide_left_without_points_is_dropped_with_a_note(tmp_path: Path) -> None:
    import yaml

    source = Path(__file__).parent / "fixtures" / "all-kinds.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    slides = data["sections"][1]["slides"]
    bullets = next(s for s in slides if s["id"] == "s-bullets")
    bullets["points"] = [{"text": "Only in the long session", "extra": True}]
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outline, notes = customize(load_outline(path), None)
    ids = [s.id for sec in outline.sections for s in sec.slides]
    assert "s-bullets" not in ids and "s-quote" in ids
    assert notes[0] == (
        "audience 'default session': dropped slide 'Wired for Connection' from 'Core Ideas': "
        "every one of its points is extra or excluded for this audience"
    )
