"""``workshop check``: each lint fires on a crafted bad outline and stays quiet on clean ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.check import ERROR, WARNING, CheckOptions, check_workshop
from generator.check.findings import Finding
from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "tests" / "fixtures" / "practice-filled.yaml"
SHIPPED = ROOT / "assets" / "practice.yaml"


def outline_data() -> dict:
    """Return the fixture with a title of its own on the quote slide (see below)."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    slide(data, "s-quote")["title"] = "In Connection"
    return data


def write(tmp_path: Path, data: dict, name: str = "talk.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run(path: Path, audience: str | None = None, **kw: object) -> list[Finding]:
    options = CheckOptions(practice=kw.pop("practice", PRACTICE), **kw)  # type: ignore[arg-type]
    return check_workshop(path, audience, options)


def slide(data: dict, slide_id: str) -> dict:
    for section in data["sections"]:
        for s in section["slides"]:
            if s.get("id") == slide_id:
                return s
    raise KeyError(slide_id)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# --------------------------------------------------------------------------- clean outlines


def test_fixture_checks_clean(tmp_path: Path) -> None:
    assert run(write(tmp_path, outline_data())) == []


def test_fixture_as_written_repeats_a_title(tmp_path: Path) -> None:
    # Its quote slide has no title, so it takes its section's title like the section divider
    # before it, and the deck shows "Core Ideas (2)".
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    findings = run(write(tmp_path, data))
    assert [(f.severity, f.where) for f in findings] == [(WARNING, "slide 'Core Ideas'")]


def test_canonical_outline_has_no_errors_in_any_audience() -> None:
    from generator.audience.load import list_audiences

    names = [None, *(a.name for a in list_audiences(CANONICAL))]
    assert len(names) >= 3
    for name in names:
        findings = run(CANONICAL, name)
        assert [f for f in findings if f.severity == ERROR] == [], name
        # Warnings are allowed only for reasons explained in the check's report.
        assert all(f.hint for f in findings)


# --------------------------------------------------------------------------- lints that fire


def test_vague_objective_is_located(tmp_path: Path) -> None:
    data = outline_data()
    data["objectives"][1]["text"] = "Understand how co-regulation works."
    path = write(tmp_path, data)
    findings = run(path)
    assert len(findings) == 1
    f = findings[0]
    assert (f.severity, f.where) == (WARNING, "objective 2")
    assert "'understand' is not observable" in f.message
    assert "explain" in f.hint
    assert f.line == line_of(path, "Understand how")


def test_crowded_and_wordy_slide(tmp_path: Path) -> None:
    data = outline_data()
    slide(data, "s-bullets")["points"] = [f"Point {i}" for i in range(8)]
    slide(data, "s-quote")["quote"] = " ".join(["word"] * 45)
    findings = run(write(tmp_path, data))
    messages = [f.message for f in findings]
    assert any(m.startswith("8 bullet lines") for m in messages)
    # 45 words of quote and 2 of attribution.
    assert any(m.startswith("47 words on the slide") for m in messages)


def test_slide_that_had_to_split(tmp_path: Path) -> None:
    data = outline_data()
    slide(data, "s-bullets")["points"] = [
        f"Point {i}: a long line of text that keeps going so the slide cannot hold it all"
        for i in range(12)
    ]
    findings = run(write(tmp_path, data))
    split = [f for f in findings if "did not fit on one slide" in f.message]
    assert len(split) == 1
    assert split[0].where == "slide 'Wired for Connection'"


def test_missing_speaker_notes(tmp_path: Path) -> None:
    data = outline_data()
    del slide(data, "s-quote")["notes"]
    findings = run(write(tmp_path, data))
    assert [(f.severity, f.message) for f in findings] == [(WARNING, "no speaker notes")]


def test_missing_alt_text_is_an_error_with_its_line(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "pic.png")
    data = outline_data()
    data["sections"][1]["slides"].append(
        {"id": "s-pic", "kind": "image", "title": "A Picture", "image": "pic.png", "notes": "x"}
    )
    path = write(tmp_path, data)
    findings = run(path)
    assert [f.severity for f in findings] == [ERROR]
    assert "alt text" in findings[0].message
    assert findings[0].line == line_of(path, "id: s-pic")


def test_low_contrast_colours(tmp_path: Path) -> None:
    practice = yaml.safe_load(PRACTICE.read_text(encoding="utf-8"))
    practice["colors"]["text"] = "#9A9A9A"
    practice["colors"]["background"] = "#FFFFFF"
    profile = write(tmp_path, practice, "practice.yaml")
    findings = run(write(tmp_path, outline_data()), practice=profile)
    contrast = [f for f in findings if f.where == "colors.text"]
    assert len(contrast) == 1
    assert contrast[0].severity == ERROR
    assert "#9A9A9A on #FFFFFF" in contrast[0].message
    assert contrast[0].file.endswith("practice.yaml")
    assert contrast[0].line == line_of(profile, "text:")


def test_timings_that_do_not_add_up(tmp_path: Path) -> None:
    data = outline_data()
    data["sections"][2]["minutes"] = 20
    findings = run(write(tmp_path, data))
    assert findings and all(f.severity == ERROR for f in findings)
    assert any("65 minutes" in f.message for f in findings)


def test_section_slides_longer_than_the_section(tmp_path: Path) -> None:
    data = outline_data()
    slide(data, "s-discuss")["minutes"] = 35
    findings = run(write(tmp_path, data))
    assert [f.message for f in findings] == [
        "its slides and exercises take 45 minutes but the section has 40"
    ]


def test_citation_missing_from_references(tmp_path: Path) -> None:
    data = outline_data()
    slide(data, "s-quote")["notes"] = "As shown by [@nobody2020]."
    path = write(tmp_path, data)
    findings = run(path)
    assert findings and all(f.severity == ERROR for f in findings)
    assert any("nobody2020" in f.message for f in findings)
    assert any(f.line == line_of(path, "nobody2020") for f in findings)


def test_handout_reading_level(tmp_path: Path) -> None:
    data = outline_data()
    data["handout"]["key_ideas"][0]["text"] = (
        "Interpersonal neurobiological co-regulation substantially attenuates physiological "
        "reactivity to anticipated threat, particularly within securely attached "
        "relationships characterized by consistent emotional responsiveness."
    )
    path = write(tmp_path, data)
    findings = run(path)
    # The hard block is named on its own, with its grade and the clinical words in it.
    assert [f.where for f in findings] == ["key idea 'We are wired to connect'"] * 2
    grade, words = findings
    assert "reads at US grade" in grade.message and "over the grade 8" in grade.message
    assert "neurobiological" in grade.hint
    assert grade.line == line_of(path, "Interpersonal")
    assert "'physiological' (say: in your body)" in words.hint
    assert run(path, max_grade=40) == [words]


# --------------------------------------------------------------------------- built files


def test_facilitator_only_text_leaking_into_the_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulate a plan bug: the client-safe filter lets everything through.
    import generator.plan

    monkeypatch.setattr(generator.plan, "client_safe_handout", lambda handout: handout)
    findings = run(write(tmp_path, outline_data()))
    leaks = [f for f in findings if "appears in the client handout" in f.message]
    assert len(leaks) == 1
    assert leaks[0].severity == ERROR
    assert "facilitator-only text" in leaks[0].message
    assert "(page 1)" in leaks[0].message
    assert "this is for the facilitator only" in leaks[0].message


def test_case_consultation_leaking_into_the_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.plan

    real = generator.plan.client_safe_handout

    def leaky(handout):
        return real(handout).model_copy(update={"closing": "No identifying information."})

    monkeypatch.setattr(generator.plan, "client_safe_handout", leaky)
    findings = run(write(tmp_path, outline_data()))
    leaks = [f for f in findings if "case-consultation material" in f.message]
    assert len(leaks) == 1
    assert leaks[0].where == "sections[1].facilitator.case_consultation.ground_rules[0]"


def test_facilitator_only_point_leaking_onto_a_slide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.plan
    from generator.plan import Bullet

    def every_point(points, cite):
        return tuple(Bullet(p if isinstance(p, str) else p.text) for p in points)

    monkeypatch.setattr(generator.plan, "_bullets", every_point)
    path = write(tmp_path, outline_data())
    findings = run(path)
    leaks = [f for f in findings if "appears in the slide deck" in f.message]
    assert len(leaks) == 1
    assert "secret facilitator point" in leaks[0].message
    assert leaks[0].line == line_of(path, "Secret facilitator point")


def test_handout_is_checked_even_when_the_deck_cannot_be_planned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.plan

    # Unreadable slide colours stop the deck (and so the build plan); the handout has no
    # slides, so it is still rendered and read back.
    practice = yaml.safe_load(PRACTICE.read_text(encoding="utf-8"))
    practice["colors"]["text"] = "#9A9A9A"
    profile = write(tmp_path, practice, "practice.yaml")
    monkeypatch.setattr(generator.plan, "client_safe_handout", lambda handout: handout)
    findings = run(write(tmp_path, outline_data()), practice=profile)
    assert any(f.where == "colors.text" for f in findings)
    leaks = [f for f in findings if "appears in the client handout" in f.message]
    assert len(leaks) == 1
    assert "this is for the facilitator only" in leaks[0].message


def test_character_outside_the_font_is_one_located_error(tmp_path: Path) -> None:
    data = outline_data()
    data["handout"]["main_message"] += " \u2603"
    path = write(tmp_path, data)
    findings = [f for f in run(path) if "U+2603" in f.message]
    assert len(findings) == 1
    assert findings[0].severity == ERROR
    assert findings[0].line == line_of(path, "main_message")


def test_each_audience_is_planned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.build
    from generator.outputs.deck import geometry as deck_geometry

    calls = {"plan_job": 0, "deck_metrics": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(generator.build, "plan_job", counted("plan_job", generator.build.plan_job))
    monkeypatch.setattr(
        deck_geometry, "deck_metrics", counted("deck_metrics", deck_geometry.deck_metrics)
    )
    run(write(tmp_path, outline_data()))
    assert calls == {"plan_job": 1, "deck_metrics": 1}


def test_every_handout_page_needs_crisis_line_disclaimer_and_contact(tmp_path: Path) -> None:
    from generator.check import lint
    from generator.check.runner import _safety
    from generator.source import safety
    from generator.source.loader import load_practice
    from generator.source.locate import Locator

    practice = load_practice(PRACTICE)

    class FakePlan:
        """A plan with only what _safety reads; ``handout`` says who hands it out."""

    class Handout:
        given_by = "practitioner"
        couples = False

    plan = FakePlan()
    plan.practice = practice  # type: ignore[attr-defined]
    plan.handout = Handout()  # type: ignore[attr-defined]
    every = "\n".join(
        [
            safety.practitioner_line(practice),
            " · ".join(safety.contact_parts(practice)),
            safety.SHORT_DISCLAIMER,
            safety.crisis_line(practice),
        ]
    )
    full = every + "\n" + safety.disclaimer(practice)
    path = write(tmp_path, outline_data())
    make = lint.maker(None)
    assert _safety([full, every], plan, Locator(path), make, "handout") == []
    no_crisis = every.replace(safety.crisis_line(practice), "")
    findings = _safety([full, no_crisis, "just text"], plan, Locator(path), make, "handout")
    assert [f.message for f in findings] == [
        "the crisis line is missing from handout page(s) 2, 3",
        "the one-line disclaimer is missing from handout page(s) 3",
        "the practitioner's name is missing from handout page(s) 3",
        "no contact details on handout page(s) 3",
    ]
    assert [f.message for f in _safety([every], plan, Locator(path), make, "handout")] == [
        "the full disclaimer is missing from the handout"
    ]

    # Participants' clients: the "Your therapist" block on every page, no consultant contact;
    # a couples handout must give the domestic violence line.
    Handout.given_by = "participants"
    Handout.couples = True
    block = (
        "Your therapist: Phone:\n" + safety.SHORT_DISCLAIMER + "\n" + safety.crisis_line(practice)
    )
    first = block + "\n" + safety.disclaimer(practice)
    findings = _safety([first, safety.crisis_line(practice)], plan, Locator(path), make, "handout")
    assert [f.message for f in findings] == [
        "the one-line disclaimer is missing from handout page(s) 2",
        "the 'Your therapist' block is missing from handout page(s) 2",
        "the domestic violence line is missing from the handout",
    ]
    first += "\n" + safety.domestic_violence_line(practice)
    assert _safety([first, block], plan, Locator(path), make, "handout") == []


# --------------------------------------------------------------------------- command line


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    clean = write(tmp_path, outline_data(), "clean.yaml")
    data = outline_data()
    data["objectives"][0]["text"] = "Know the research."
    warned = write(tmp_path, data, "warned.yaml")
    data = outline_data()
    data["duration"] = 90
    broken = write(tmp_path, data, "broken.yaml")
    runner = CliRunner()
    base = ["check", "--practice", str(PRACTICE)]

    result = runner.invoke(cli, [*base, str(clean)])
    assert (result.exit_code, result.output) == (0, "No problems found.\n")
    assert runner.invoke(cli, [*base, str(warned)]).exit_code == 0
    strict = runner.invoke(cli, [*base, "--strict", str(warned)])
    assert strict.exit_code == 1
    assert "warning: objective 1: 'know' is not observable" in strict.output
    result = runner.invoke(cli, [*base, "--format", "json", str(broken)])
    assert result.exit_code == 2
    rows = json.loads(result.output)
    assert rows and {r["severity"] for r in rows} == {"error"}
    assert set(rows[0]) == {
        "severity",
        "file",
        "line",
        "column",
        "where",
        "message",
        "hint",
        "audience",
    }


def test_cli_all_audiences_names_the_audience(tmp_path: Path) -> None:
    data = outline_data()
    data["audiences"].append({"name": "long", "title": "Long", "duration": 60})
    data["objectives"][0]["text"] = "Learn the research."
    path = write(tmp_path, data)
    result = CliRunner().invoke(
        cli,
        ["check", "--practice", str(PRACTICE), "--all-audiences", "--format", "json", str(path)],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["audience"] for r in rows] == ["short, long"]


def test_cli_refuses_both_audience_options(tmp_path: Path) -> None:
    path = write(tmp_path, outline_data())
    result = CliRunner().invoke(cli, ["check", "-a", "short", "--all-audiences", str(path)])
    assert result.exit_code == 2
    assert "either --audience NAME or --all-audiences" in result.output
