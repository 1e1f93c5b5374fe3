"""The canonical outline: faithful to the article, cited from the verified list, three profiles."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from generator.audience.load import list_audiences, load_workshop, resolved_yaml
from generator.check import readability
from generator.plan import Plan
from generator.source.loader import load_outline
from generator.source.model import CITATION

ROOT = Path(__file__).resolve().parent.parent
OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
PROFILES = ("intro-60", "consult-90", "couples-120")
ARTICLE_PARTS = {
    # article heading -> (section id, handout key idea id)
    "Wired for Connection": ("wired", "idea-wired"),
    "What EFT Research Shows": ("research", "idea-research"),
    "How This Plays Out in Therapy": ("therapy", "idea-therapy"),
    "From Surviving to Safe": ("surviving", "idea-safe"),
    "A Gentle Reflection": ("reflection", "idea-reflection"),
}
# The verified list (shared/references.md): key -> DOI, or None for books.
VERIFIED = {
    "beckes2011": "10.1111/j.1751-9004.2011.00400.x",
    "coan2006": "10.1111/j.1467-9280.2006.01832.x",
    "eisenberger2003": "10.1126/science.1089134",
    "johnson2013": "10.1371/journal.pone.0079314",
    "wiebe2016": "10.1111/famp.12229",
    "johnson2008": None,
    "johnson2019": None,
}
VERBS = ("describe", "identify", "explain", "apply", "compare", "list", "demonstrate")


@cache
def outline() -> object:
    return load_outline(OUTLINE)


@cache
def build(name: str | None) -> tuple[Plan, bytes, bytes, bytes]:
    """Return the plan and the deck, handout and guide bytes for one audience."""
    return build_file(OUTLINE, name)


def build_file(path: Path, name: str | None) -> tuple[Plan, bytes, bytes, bytes]:
    from generator.build import BuildOptions, Job, plan_job
    from generator.outputs.deck import render as deck
    from generator.outputs.guide import render as guide
    from generator.outputs.handout import render as handout

    planned = plan_job(Job(path, name, Path()), BuildOptions(practice=PRACTICE))
    plan = planned.plan
    return (
        plan,
        deck.render_deck(plan, planned.metrics),
        handout.render_handout(plan),
        guide.render_guide(plan, deck_file="deck.pptx", handout_file="handout.pdf"),
    )


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def deck_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    return " ".join(
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- the outline


def test_starts_with_the_schema_line() -> None:
    first = OUTLINE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../generator/schema/outline.schema.json"


def test_default_session_is_90_minutes_and_adds_up() -> None:
    o = outline()
    assert (o.duration, o.level) == (90, "intermediate")
    assert sum(s.minutes for s in o.sections) == 90
    activities = {s.activity for s in o.sections}
    assert activities == {"teach", "discuss", "exercise", "case consultation", "break"}


@pytest.mark.parametrize("heading", ARTICLE_PARTS)
def test_every_article_part_is_in_deck_handout_and_guide(heading: str) -> None:
    section_id, idea_id = ARTICLE_PARTS[heading]
    o = outline()
    section = next(s for s in o.sections if s.id == section_id)
    assert section.title == heading
    assert section.facilitator.goal
    idea = next(k for k in o.handout.key_ideas if k.id == idea_id)
    plan, deck_bytes, handout_bytes, guide_bytes = build("consult-90")
    assert heading in deck_text(deck_bytes)
    assert idea.heading in squash(pdf_text(handout_bytes))
    assert heading in squash(pdf_text(guide_bytes))
    assert any(
        s.section_id == section_id and s.kind in ("bullets", "two-column", "quote")
        for s in plan.slides
    )


def test_citations_only_from_the_verified_list() -> None:
    o = outline()
    keys = {r.key for r in o.references}
    assert keys <= set(VERIFIED)
    for ref in o.references:
        assert ref.doi == VERIFIED[ref.key]
    cited = set(CITATION.findall(OUTLINE.read_text(encoding="utf-8")))
    assert cited <= keys
    assert len(keys) >= 3
    assert (
        "spengler"
        not in OUTLINE.read_text(encoding="utf-8")
        .split("references:")[1]
        .split("sections:")[0]
        .lower()
    )


def test_research_claims_worded_as_the_studies_found_them() -> None:
    text = squash(OUTLINE.read_text(encoding="utf-8"))
    assert "reduced threat-related neural activation" in text
    assert "overlapping regions such as the dorsal anterior cingulate" in text.lower()
    body = next(s for sec in outline().sections for s in sec.slides if s.id == "research-body")
    assert "general summary" in body.notes and "cortisol" in body.notes


def test_objectives_are_measurable() -> None:
    objectives = outline().objectives
    assert 3 <= len(objectives) <= 4
    for objective in objectives:
        assert objective.text.split()[0].lower() in VERBS


def test_slides_have_notes_and_at_most_six_bullets() -> None:
    for section in outline().sections:
        for slide in section.slides:
            assert slide.notes, slide.id
            assert len(getattr(slide, "points", [])) <= 6, slide.id


def test_exercise_slides_and_image_are_meaningful() -> None:
    o = outline()
    for section in o.sections:
        ids = {e.id for e in section.facilitator.exercises}
        for slide in section.slides:
            if slide.kind == "exercise":
                assert slide.exercise in ids
            if slide.kind == "image":
                assert (OUTLINE.parent / slide.image).is_file()
                assert slide.alt and not slide.decorative


def test_case_consultation_structure_and_ground_rules() -> None:
    case = next(s for s in outline().sections if s.activity == "case consultation")
    material = case.facilitator.case_consultation
    text = " ".join(material.structure).lower()
    for part in (
        "presenting problem",
        "attachment history",
        "negative cycle",
        "themselves",
        "question for the group",
    ):
        assert part in text
    rules = " ".join(material.ground_rules)
    assert "4.06" in rules and "recognise" in rules and "recording" in rules.lower()
    assert "neither supervision nor therapy" in rules


def test_handout_plain_language() -> None:
    handout = outline().handout
    grade = readability.grade(readability.joined(readability.handout_passages(handout)))
    assert grade <= 8.0
    assert len(handout.reflection) == 3
    assert len(handout.try_this.steps) >= 3
    assert len(handout.key_ideas) == len(ARTICLE_PARTS)


def test_facilitator_only_bullet_never_reaches_the_deck() -> None:
    _, deck_bytes, _, _ = build("consult-90")
    text = deck_text(deck_bytes)
    assert "Heart-rate and cortisol line" not in text
    assert "what brought you to this topic" not in text


# --------------------------------------------------------------------------- profiles


def test_three_profiles() -> None:
    assert [a.name for a in list_audiences(OUTLINE)] == list(PROFILES)
    assert outline().default_audience == "consult-90"


def test_profiles_differ_in_substance() -> None:
    plans = {name: build(name)[0] for name in PROFILES}
    assert [plans[n].duration for n in PROFILES] == [60, 90, 120]
    assert [plans[n].level for n in PROFILES] == ["introductory", "intermediate", "intermediate"]
    counts = [len(plans[n].slides) for n in PROFILES]
    assert counts[0] < counts[1] < counts[2]
    sections = {n: [s.section.id for s in plans[n].segments] for n in PROFILES}
    assert "case-consultation" not in sections["intro-60"]
    assert "case-consultation" in sections["consult-90"]
    assert "couples-lens" in sections["couples-120"]
    assert "couples-exercise-slide" in [s.element_id for s in plans["couples-120"].slides]
    assert "couples-exercise-slide" not in [s.element_id for s in plans["consult-90"].slides]
    assert "research-detail" not in [s.element_id for s in plans["intro-60"].slides]
    options = {(p.handout.large_print, p.handout.form) for p in plans.values()}
    assert len(options) == 3
    for plan in plans.values():
        assert sum(s.minutes for s in plan.segments) == plan.duration


def test_profiles_give_different_outputs() -> None:
    outputs = {name: build(name)[1:] for name in PROFILES}
    for kind in range(3):
        assert len({outputs[name][kind] for name in PROFILES}) == 3


def test_default_build_is_the_consultation_group() -> None:
    assert build(None)[1:] == build("consult-90")[1:]


@pytest.mark.parametrize("name", PROFILES)
def test_shown_yaml_builds_the_same_outputs(tmp_path: Path, name: str) -> None:
    # Saved where a therapist would save it: an outlines/ folder beside assets/.
    (tmp_path / "outlines").mkdir()
    (tmp_path / "assets").mkdir()
    image = ROOT / "assets" / "co-regulation-cycle.png"
    (tmp_path / "assets" / image.name).write_bytes(image.read_bytes())
    printed = tmp_path / "outlines" / "resolved.yaml"
    printed.write_text(resolved_yaml(load_workshop(OUTLINE, name)), encoding="utf-8")
    assert build_file(printed, None)[1:] == build(name)[1:]
