"""The training pack: evaluation, sign-in sheet, announcement and slide handout, read back."""

from __future__ import annotations

import io
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import outputs
from generator.audience.load import list_audiences
from generator.build import BuildOptions, Job, output_names, plan_job, render_job
from generator.cli import cli
from generator.errors import OutlineError
from generator.outputs.evaluation.items import OBJECTIVE_LEAD, evaluation
from generator.outputs.evaluation.render import render_evaluation
from generator.outputs.flyer.render import render_flyer
from generator.outputs.signin.render import render_signin
from generator.plan import Plan
from generator.plan.schedule import schedule
from generator.source import safety
from generator.source.loader import is_placeholder_practice, load_practice

try:  # tests/ may or may not be a package
    from tests.conftest import require_tool
except ImportError:  # pragma: no cover
    from conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
LO_TEMPLATE = ROOT / "tests" / "fixtures" / "templates" / "libreoffice-4x3.pptx"
AUDIENCES = [a.name for a in list_audiences(CANONICAL)]
SPAN = re.compile(r"\d{1,2}:\d\d\u2013\d{1,2}:\d\d")
PACK_KINDS = outputs.pack_names()
CE_WORDS = re.compile(r"continuing education|\bCE\b|CEs|credit|approv", re.IGNORECASE)


@cache
def built(audience: str, template: Path | None = None) -> dict[str, bytes]:
    """Return every output of one audience (deck excepted) by kind, built once per session."""
    options = BuildOptions(
        practice=PRACTICE, template=template, only=("guide", "handout", *PACK_KINDS)
    )
    job = Job(CANONICAL, audience, Path("out"))
    rendered = render_job(job, options, split=False)
    names = output_names("The Science of Connection")
    by_name = {path.name: data for path, data in rendered.files.items()}
    return {kind: by_name[names[kind]] for kind in options.only}


@cache
def plan_of(audience: str) -> Plan:
    """Return the paginated plan of one audience of the canonical outline."""
    options = BuildOptions(practice=PRACTICE, only=("guide", *PACK_KINDS))
    return plan_job(Job(CANONICAL, audience, Path("out")), options).plan


def texts(pdf: bytes) -> list[str]:
    """Return each page's text on one line, with ordinary spaces."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [re.sub(r"\s+", " ", (p.extract_text() or "").replace("\u00a0", " ")) for p in pages]


def fields(pdf: bytes) -> dict[str, dict]:
    """Return the PDF's form fields by name."""
    return PdfReader(io.BytesIO(pdf)).get_fields() or {}


def client_plan(audience: str = "consult-90") -> Plan:
    """Return a plan whose audience is a client group."""
    from dataclasses import replace

    plan = plan_of(audience)
    return replace(plan, audience=plan.audience.model_copy(update={"participants": "clients"}))


# --------------------------------------------------------------------------- every output


@pytest.mark.parametrize("kind", PACK_KINDS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_qpdf_clean_and_every_printed_font_embedded(
    audience: str, kind: str, tmp_path: Path
) -> None:
    qpdf, pdffonts = require_tool("qpdf"), require_tool("pdffonts")
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(built(audience)[kind])
    check = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout
    result = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in result.stdout.splitlines()[2:] if line.strip()]
    assert rows
    not_embedded = {row[0] for row in rows if row[-5] != "yes"}
    # Typed answers use Helvetica (open-source reportlab allows no TTF in a form field).
    has_text_fields = any(f.get("/FT") == "/Tx" for f in fields(pdf.read_bytes()).values())
    assert not_embedded <= ({"Helvetica"} if has_text_fields else set()), result.stdout


@pytest.mark.parametrize("kind", PACK_KINDS)
def test_two_builds_give_identical_bytes(kind: str) -> None:
    built.cache_clear()
    first = built("consult-90")[kind]
    built.cache_clear()
    assert built("consult-90")[kind] == first


def test_a_bare_build_makes_no_pack_and_pack_makes_all_seven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shutil.copytree(ROOT / "outlines", tmp_path / "outlines")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    canonical = "outlines/science-of-connection.yaml"
    result = runner.invoke(cli, ["build", canonical, "--only", "evaluation,flyer", "--out", "a"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "a").rglob("*.pdf"))
    assert names == [
        "The Science of Connection - Announcement.pdf",
        "The Science of Connection - Evaluation.pdf",
    ]
    result = runner.invoke(cli, ["build", canonical, "--pack", "--out", "b"])
    assert result.exit_code == 0, result.output
    assert len([p for p in (tmp_path / "b").rglob("*") if p.is_file()]) == 7
    result = runner.invoke(cli, ["build", "--only", "signin", "--roster", "nope.csv"])
    assert result.exit_code == 2
    assert "nope.csv:1:1: --roster: this file does not exist" in result.output


# --------------------------------------------------------------------------- evaluation


@pytest.mark.parametrize("audience", AUDIENCES)
def test_evaluation_has_one_item_per_objective_of_the_audience(audience: str) -> None:
    plan = plan_of(audience)
    objectives = [o.text for o in plan.objectives]
    assert [item.text for item in evaluation(plan).objectives] == objectives
    pdf = built(audience)["evaluation"]
    text = " ".join(texts(pdf))
    for objective in objectives:
        assert text.count(objective) == 1, objective
    if plan.handout.form:
        found = fields(pdf)
        rated = sorted(name for name in found if name.startswith("objective_"))
        assert rated == [f"objective_{n}" for n in range(1, len(objectives) + 1)]
        for n in range(1, len(objectives) + 1):
            field = found[f"objective_{n}"]
            assert field["/FT"] == "/Btn"  # a radio group: one of five
            assert sorted(field["/_States_"]) == ["/1", "/2", "/3", "/4", "/5"]
    else:
        assert not fields(pdf)


def test_evaluation_tooltips_say_the_visible_statement() -> None:
    plan = plan_of("consult-90")
    pdf = built("consult-90")["evaluation"]
    tips = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            parent = a.get("/Parent")
            name = (parent.get_object() if parent else a).get("/T")
            tips[name] = (parent.get_object() if parent else a).get("/TU") or a.get("/TU")
    assert tips["objective_1"] == f"{OBJECTIVE_LEAD} {plan.objectives[0].text}"
    assert tips["relevance"] == "The content is relevant to my clinical work."


def test_client_group_evaluation_asks_what_a_client_can_answer() -> None:
    plan = client_plan()
    items = evaluation(plan)
    statements = " ".join(i.text for i in (*items.session, *items.questions))
    assert "clinical" not in statements and "client" not in statements
    assert "I know where to get help if I need it." in statements
    assert len(items.objectives) == len(plan.objectives)
    text = " ".join(texts(render_evaluation(plan)))
    assert "What is one small step you will try this week?" in text


# --------------------------------------------------------------------------- sign-in sheet


def test_signin_without_roster_has_blank_rows_and_licence_column() -> None:
    plan = plan_of("consult-90")
    text = " ".join(texts(render_signin(plan, None, 12)))
    for heading in ("Name", "Licence type and number", "Email", "Signature", "Time in"):
        assert heading in text
    assert "Time out" in text and " 12 " in f" {text} " and " 13 " not in f" {text} "
    assert "Date:" in text and "18:30\u201320:00" in text
    assert "Format: Live online" in text


def test_signin_for_a_client_group_has_no_licence_column() -> None:
    text = " ".join(texts(render_signin(client_plan(), None, 5)))
    assert "Licence" not in text and "Signature" in text


def test_roster_fills_rows_in_order_then_rows_for_walk_ins(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "\ufeffEmail,Full Name,Licence Type,Licence,Notes\n"
        "ana@clinic.org,Ana P\u00e9rez,LMFT,12345,x\n"
        '"sam@clinic.org","Lee, Sam",LCSW,998,\n\n',
        encoding="utf-8",
    )
    options = BuildOptions(practice=PRACTICE, only=("signin",), roster=roster)
    rendered = render_job(Job(CANONICAL, "consult-90", Path("out")), options, split=False)
    assert rendered.inputs >= {roster.resolve()}  # build --watch rebuilds when it changes
    (pdf,) = rendered.files.values()
    text = " ".join(texts(pdf))
    assert text.index("Ana P\u00e9rez") < text.index("Lee, Sam")
    assert "LMFT 12345" in text and "ana@clinic.org" in text
    assert " 5 " in f" {text} " and " 6 " not in f" {text} "  # 2 listed + 3 walk-ins


def test_roster_name_the_font_cannot_print_is_located(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,email\nAna,a@b.org\nZo\u4e00,z@c.org\n", encoding="utf-8")
    options = BuildOptions(practice=PRACTICE, only=("signin",), roster=roster)
    with pytest.raises(OutlineError) as caught:
        render_job(Job(CANONICAL, "consult-90", Path("out")), options, split=False)
    message = caught.value.format_message()
    assert "r.csv:3:1:" in message and "'\u4e00' (U+4E00)" in message


# --------------------------------------------------------------------------- announcement


def run_of_show_spans(guide: bytes) -> list[str]:
    """Return the time spans of the guide's run-of-show table, in order."""
    text = " ".join(texts(guide))
    table = text[text.index("Run of show") : text.index("The segments add up to")]
    return SPAN.findall(table)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_flyer_schedule_equals_the_guides_run_of_show(audience: str) -> None:
    outputs = built(audience)
    flyer_pages = texts(outputs["flyer"])
    assert len(flyer_pages) == 1
    flyer = flyer_pages[0]
    schedule_text = flyer[flyer.index("Schedule") : flyer.index("Presenter")]
    assert SPAN.findall(schedule_text) == run_of_show_spans(outputs["guide"])
    rows = schedule(plan_of(audience))
    assert len(rows) == len(run_of_show_spans(outputs["guide"]))
    for row in rows:
        assert f"{row.span} {row.minutes} {row.title} {row.activity}" in schedule_text


def test_flyer_carries_what_an_announcement_must() -> None:
    plan = plan_of("couples-120")
    text = texts(built("couples-120")["flyer"])[0]
    for needed in (
        plan.title,
        *[o.text for o in plan.objectives],
        "Level: Intermediate",
        "For: Training for couples therapists",
        safety.practitioner_line(plan.practice),
        f"Conflict of interest: {' '.join(plan.practice.conflict_of_interest.split())}",
        "Cost: US$95 per session",
        "Refunds and cancellation: Full refund",
        "Accommodation: To ask for an accommodation",
        "Concerns or complaints:",
    ):
        assert needed in text, needed


@pytest.mark.parametrize("audience", AUDIENCES)
def test_nothing_continuing_education_specific_without_a_sponsor(audience: str) -> None:
    outputs = built(audience)
    for kind in ("flyer", "evaluation", "signin"):
        text = " ".join(texts(outputs[kind]))
        assert not CE_WORDS.search(text), (kind, CE_WORDS.search(text))
    # A sponsor's name alone is no approval statement: still nothing about credit.
    plan = plan_of(audience)
    named = plan.practice.model_copy(update={"ce_sponsor": "Example CE Sponsor, Inc."})
    from dataclasses import replace

    text = texts(render_flyer(replace(plan, practice=named)))[0]
    assert not CE_WORDS.search(text)
    assert "Example CE Sponsor" not in text


def test_flyer_prints_a_sponsors_statement_verbatim_only_when_given() -> None:
    from dataclasses import replace

    from generator.source.model import Sponsor

    plan = plan_of("consult-90")
    statement = "Example Sponsor is approved by Some Body to offer this program; 1.5 hours."
    sponsored = plan.practice.model_copy(
        update={"sponsor": Sponsor(name="Example Sponsor", approval_statement=statement)}
    )
    text = texts(render_flyer(replace(plan, practice=sponsored)))[0]
    assert statement in text
    assert "certificate of attendance" not in text
    named_only = plan.practice.model_copy(update={"sponsor": Sponsor(name="Example Sponsor")})
    text = texts(render_flyer(replace(plan, practice=named_only)))[0]
    assert not CE_WORDS.search(text) and "certificate of attendance" in text


def test_flyer_falls_back_to_the_contact_for_missing_policies() -> None:
    from dataclasses import replace

    from generator.source.model import Policies

    plan = plan_of("consult-90")
    bare = plan.practice.model_copy(update={"policies": Policies()})
    text = texts(render_flyer(replace(plan, practice=bare)))[0]
    assert "Cost:" not in text
    assert "To ask for an accommodation, contact Your Name at hello@example.com" in text


def test_policy_placeholders_are_detected() -> None:
    from generator.source.placeholders import find

    practice = load_practice(PRACTICE)
    found = {p.where for p in find(practice, None)}
    assert {"policies.cost", "policies.accommodation", "policies.grievance"} <= found
    own = practice.policies.model_copy(
        update={"cost": "US$80.", "accommodation": "Email jo@leetherapy.org."}
    )
    found = {p.where for p in find(practice.model_copy(update={"policies": own}), None)}
    assert "policies.cost" not in found and "policies.accommodation" not in found
    assert is_placeholder_practice(practice)


# --------------------------------------------------------------------------- slide handout


@pytest.mark.parametrize("audience", AUDIENCES)
def test_slide_handout_numbers_match_the_deck(audience: str) -> None:
    plan = plan_of(audience)
    pages = texts(built(audience)["slide-handout"])
    per_page = 1 if plan.handout.large_print else 3
    assert len(pages) == -(-len(plan.slides) // per_page)
    for index, page in enumerate(pages):
        on_page = plan.slides[index * per_page : (index + 1) * per_page]
        labels = re.findall(r"Slide (\d+)", page)
        assert [int(n) for n in labels] == [s.number for s in on_page]
        for slide in on_page:
            assert slide.title.split()[0] in page


def test_slide_handout_with_a_template_uses_its_colours() -> None:
    from generator.outputs.slide_handout.render import slide_colors

    options = BuildOptions(practice=PRACTICE, template=LO_TEMPLATE, only=("slide-handout",))
    planned = plan_job(Job(CANONICAL, "consult-90", Path("out")), options)
    colors = slide_colors(planned.plan, planned.metrics)
    assert colors["primary"] != planned.plan.practice.colors.primary
    assert colors == {**colors, **planned.metrics.colors}
    rendered = render_job(Job(CANONICAL, "consult-90", Path("out")), options, split=False)
    (pdf,) = rendered.files.values()
    assert re.findall(r"Slide (\d+)", " ".join(texts(pdf)))[:3] == ["1", "2", "3"]
