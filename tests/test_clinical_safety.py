"""Issue 17: what keeps a client safe and a clinician accurately informed, in every outline.

Placeholders are reported (an error under ``--strict``), uncited findings on slides and text
about parts an audience lacks are warned about, the agenda lists the break, terms can be limited,
audiences have their own objectives, and the guide carries the privacy note, the distress plan,
the "before you use this guide" box and, for couples, the partner-violence caveat.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generator.check import ERROR, WARNING, CheckOptions, check_workshop
from generator.check.claims import uncited_claims
from generator.cli import cli
from generator.plan import Bullet, PlannedSlide

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
SHIPPED = ROOT / "assets" / "practice.yaml"
FILLED = ROOT / "tests" / "fixtures" / "practice-filled.yaml"


def canonical_copy(tmp_path: Path, author: str = "Your Name") -> Path:
    """Copy the canonical outline and its overlay folder; set ``source.author``."""
    target = tmp_path / "outlines"
    shutil.copytree(CANONICAL.parent, target)
    outline = target / CANONICAL.name
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace('author: "Your Name"', f'author: "{author}"'), "utf-8")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return outline


def fixture_with(tmp_path: Path, change) -> Path:  # a callable on the dict
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "talk.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def slide_of(data: dict, slide_id: str) -> dict:
    return next(s for sec in data["sections"] for s in sec["slides"] if s.get("id") == slide_id)


# --------------------------------------------------------------------------- placeholders


def test_strict_check_fails_on_the_shipped_profile_and_passes_once_filled(tmp_path: Path) -> None:
    runner = CliRunner()
    outline = canonical_copy(tmp_path)
    shipped = runner.invoke(
        cli, ["check", "--strict", "--all-audiences", "--practice", str(SHIPPED), str(outline)]
    )
    assert shipped.exit_code == 2, shipped.output
    for where in (
        "practitioner.name",
        "practitioner.credentials",
        "practitioner.bio",
        "conflict_of_interest",
        "contact.email",
        "source.author",
    ):
        assert f"error: {where}: " in shipped.output
    # Without --strict the same placeholders are warnings: the check still passes.
    relaxed = runner.invoke(cli, ["check", "--practice", str(SHIPPED), str(outline)])
    assert relaxed.exit_code == 0 and "warning: practitioner.name" in relaxed.output

    filled = canonical_copy(tmp_path / "filled", author="Jo Lee")
    result = runner.invoke(
        cli, ["check", "--strict", "--all-audiences", "--practice", str(FILLED), str(filled)]
    )
    assert (result.exit_code, result.output) == (0, "No problems found.\n")


def test_placeholder_findings_point_at_the_line(tmp_path: Path) -> None:
    findings = check_workshop(CANONICAL, None, CheckOptions(practice=SHIPPED, strict=True))
    author = next(f for f in findings if f.where == "source.author")
    assert author.severity == ERROR
    line = CANONICAL.read_text(encoding="utf-8").splitlines()[author.line - 1]
    assert 'author: "Your Name"' in line
    credentials = next(f for f in findings if f.where == "practitioner.credentials")
    assert "Your credentials" in SHIPPED.read_text().splitlines()[credentials.line - 1]


def test_build_warns_about_placeholders(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["build", str(FIXTURE), "--practice", str(SHIPPED), "--only", "handout", "--out",
         str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "example values are still in place" in result.output
    assert "practitioner.credentials" in result.output


def test_shipped_profile_claims_no_certification() -> None:
    for path in (SHIPPED, ROOT / "generator" / "data" / "practice.yaml"):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert "Certified" not in data["practitioner"]["credentials"]
        assert "only if the certifying body granted it" in text


# --------------------------------------------------------------------------- uncited claims


def test_claim_without_citation_warns_naming_the_slide(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        slide_of(data, "s-bullets")["points"] = [
            "Expressing underlying emotions helps couples feel calmer",
            "Exclusion engaged pain regions [@eisenberger2003]",
        ]

    findings = check_workshop(fixture_with(tmp_path, change), None, CheckOptions(practice=FILLED))
    claims = [f for f in findings if "without a citation" in f.message]
    assert len(claims) == 1 and claims[0].severity == WARNING
    assert claims[0].where.startswith("slide '")
    assert "Expressing underlying emotions helps couples feel calmer" in claims[0].message


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Studies show that closeness lowers stress", True),
        ("People in secure relationships recover faster, research suggests", True),
        ("A partner's hand reduced threat activation (Coan et al., 2006)", False),
        ("What helps them risk reaching out?", False),
        ("Co-regulation simply means calming together", False),
    ],
)
def test_claim_wording(text: str, flagged: bool) -> None:
    slide = PlannedSlide(number=1, kind="bullets", title="T", section_id="s",
                         bullets=(Bullet(text),))  # fmt: skip
    assert bool(uncited_claims(slide)) is flagged


# --------------------------------------------------------------------------- audience-aware text


def test_text_about_a_dropped_case_or_break_warns(tmp_path: Path) -> None:
    data = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    surviving = next(s for s in data["sections"] if s["id"] == "surviving")
    surviving["facilitator"]["transition"] = "Let's practise with a case from the group."
    therapy = next(s for s in data["sections"] if s["id"] == "therapy")
    therapy["facilitator"]["transition"] = "After a short break, we go on."
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    shutil.copytree(ROOT / "assets", tmp_path.parent / "assets", dirs_exist_ok=True)
    intro = check_workshop(path, "intro-60", CheckOptions(practice=FILLED))
    messages = [f.message for f in intro if "this audience's session has none" in f.message]
    assert sorted(messages) == [
        "mentions a break, but this audience's session has none",
        "mentions case consultation, but this audience's session has none",
    ]
    consult = check_workshop(path, "consult-90", CheckOptions(practice=FILLED))
    assert not [f for f in consult if "this audience's session has none" in f.message]


def test_canonical_raises_nothing_new_once_filled_in(tmp_path: Path) -> None:
    outline = canonical_copy(tmp_path, author="Jo Lee")
    for name in (None, "intro-60", "consult-90", "couples-120"):
        assert check_workshop(outline, name, CheckOptions(practice=FILLED, strict=True)) == []


# --------------------------------------------------------------------------- plan and audiences


def plan_for(audience: str | None, path: Path = CANONICAL):  # a Plan
    from generator.build import BuildOptions, Job, plan_job

    return plan_job(Job(path, audience, Path()), BuildOptions(practice=FILLED)).plan


def test_agenda_lists_the_break_and_adds_up() -> None:
    for name in ("consult-90", "intro-60", "couples-120"):
        plan = plan_for(name)
        agenda = next(s for s in plan.slides if s.kind == "agenda").agenda
        assert sum(a.minutes for a in agenda) == plan.duration, name
        has_break = any(seg.section.activity == "break" for seg in plan.segments)
        assert any(a.title == "Break" for a in agenda) is has_break


def test_terms_stay_where_they_are_right() -> None:
    plan = plan_for("couples-120")
    notes = {s.element_id: s.notes for s in plan.slides}
    assert "Many clients learned early" in notes["surviving-compare"]
    bullets = [b.text for s in plan.slides if s.element_id == "therapy-attunement"
               for b in s.bullets]  # fmt: skip
    assert "A safe bond can mirror the one clients longed for" in bullets
    discussion = next(s for s in plan.slides if s.element_id == "surviving-discussion")
    assert "the couples you see" in discussion.question


def test_unknown_terms_in_selector_is_an_error(tmp_path: Path) -> None:
    from generator.audience.load import load_workshop
    from generator.errors import OutlineError

    def change(data: dict) -> None:
        data["audiences"][0].update(terms={"clients": "couples"}, terms_in=["no-such-id"])

    path = fixture_with(tmp_path, change)
    name = yaml.safe_load(path.read_text())["audiences"][0]["name"]
    with pytest.raises(OutlineError, match="no element has the id 'no-such-id'"):
        load_workshop(path, name)


def test_audience_objectives_replace_the_outlines_and_the_evaluation_follows(
    tmp_path: Path,
) -> None:
    from generator.outputs.guide.render import render_guide

    def change(data: dict) -> None:
        data["audiences"][0]["objectives"] = [
            {"id": "obj-own", "text": "Compare two ways of opening a consultation group."}
        ]

    path = fixture_with(tmp_path, change)
    name = yaml.safe_load(path.read_text())["audiences"][0]["name"]
    plan = plan_for(name, path)
    assert [o.text for o in plan.objectives] == [
        "Compare two ways of opening a consultation group."
    ]
    pdf = render_guide(plan, deck_file="d.pptx", handout_file="h.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "I can now compare two ways of opening a consultation group." in " ".join(text.split())


# --------------------------------------------------------------------------- guide


def guide_text(audience: str) -> str:
    from generator.outputs.guide.render import render_guide

    pdf = render_guide(plan_for(audience), deck_file="d.pptx", handout_file="h.pdf")
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_guide_tells_therapists_what_clients_are_told() -> None:
    text = guide_text("consult-90")
    assert "Before you use this guide" in text
    assert "add a certification only if the certifying body granted it" in text
    assert "is not an approved EFT training" in text
    assert "what they type is saved inside the file and that email may not be private" in text
    assert "If a participant becomes distressed" in text
    assert "anyone may pass" in text and "call or text 988" in text
    assert "Your therapist" in text and "credits you only as its author" in text
    assert "HIPAA identifiers" in text and "AI meeting assistants" in text
    assert "1-800-799-7233" not in text


def test_couples_guide_says_to_assess_each_partner_alone() -> None:
    text = guide_text("couples-120")
    assert "assess each partner alone for violence" in text
    assert "1-800-799-7233" in text and "START to 88788" in text
