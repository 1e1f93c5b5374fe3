"""Issue 19's elements, each checked in the files it ends up in.

Slide kinds (statement, break, table), handout blocks (bulleted key idea, image with alt text,
several practices, tracker, when-to-get-help box, resources), references (n.d., group author,
web page with site and date, the source article as a reference) and the client-group guide.
The fixture ``tests/fixtures/format-elements.yaml`` holds one of each.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from functools import cache
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES, PRACTICE
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from generator.cli import cli
from generator.plan.references import apa_text, in_text
from generator.source.model import Reference

FIXTURE = FIXTURES / "format-elements.yaml"


@cache
def _built(audience: str, large_print: bool = False, tmp: str = "") -> dict[str, bytes]:
    """Return the three outputs of the fixture for ``audience``, by kind (deck/handout/guide)."""
    folder = Path(tmp)
    shutil.copy(FIXTURE, folder / FIXTURE.name)
    Image.new("RGB", (400, 240), (47, 93, 98)).save(folder / "picture.png")
    out = folder / f"out-{audience}-{large_print}"
    args = ["build", str(folder / FIXTURE.name), "--practice", str(PRACTICE), "--out", str(out)]
    args += ["--audience", audience] + (["--large-print"] if large_print else [])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    by_kind = {}
    for name, data in files.items():
        kind = "deck" if name.endswith(".pptx") else "handout" if "Handout" in name else "guide"
        by_kind[kind] = data
    return by_kind


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Return a function building the fixture for an audience (once per audience and size)."""
    tmp = str(tmp_path_factory.mktemp("format"))

    def get(audience: str = "clinicians", large_print: bool = False) -> dict[str, bytes]:
        return _built(audience, large_print, tmp)

    return get


def _slides(deck: bytes) -> list:
    return list(Presentation(io.BytesIO(deck)).slides)


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# --------------------------------------------------------------------------- slides


def test_table_slide_has_a_marked_header_row_on_every_part(built) -> None:
    tables = []
    for slide in _slides(built()["deck"]):
        frames = [sh for sh in slide.shapes if sh.has_table]
        if frames:
            tables.append((slide.shapes.title.text, frames[0].table))
    # Twelve rows do not fit one slide: the table continues, its header row repeated.
    assert [t for t, _ in tables] == ["A Week of Small Steps", "A Week of Small Steps (cont.)"]
    rows = 0
    for _, table in tables:
        tbl_pr = table._tbl.find(qn("a:tblPr"))
        assert tbl_pr.get("firstRow") == "1"
        assert [c.text for c in table.rows[0].cells] == ["Day", "Step", "Why it helps"]
        rows += len(table.rows) - 1
    assert rows == 12


def test_statement_slide_has_no_quotation_marks_or_attribution(built) -> None:
    slide = next(s for s in _slides(built()["deck"]) if s.shapes.title.text == "The Key Message")
    body = [t for t in _texts(slide) if "Small steps" in t]
    assert body == ["Small steps every day add up."]
    assert not any(ch in "".join(_texts(slide)) for ch in "\u201c\u201d\u2014")


@pytest.mark.parametrize(
    ("audience", "expected"),
    # The break section starts 20 minutes in and lasts 10: 19:00 + 30, 19:25 + 30.
    [("clinicians", "Back at 19:30"), ("clients", "Back at 19:55")],
)
def test_break_slide_time_comes_from_the_run_of_show(built, audience, expected) -> None:
    slide = next(s for s in _slides(built(audience)["deck"]) if s.shapes.title.text == "Break")
    assert expected in _texts(slide)[1:][0] or any(expected in t for t in _texts(slide))
    guide = "".join(_pages(built(audience)["guide"]))
    assert expected in guide


def test_break_slide_without_a_start_says_how_long() -> None:
    from generator.plan import back_text

    assert back_text(None, 20, 10) == "Back in 10 minutes"
    assert back_text("23:50", 20, 10) == "Back at 00:20"


# --------------------------------------------------------------------------- references


def test_group_author_undated_web_page() -> None:
    ref = Reference(
        key="k",
        type="web",
        authors=["National Institute of Mental Health"],
        year="n.d.",
        title="Caring for your mental health",
        site="National Institute of Mental Health",
        url="https://www.nimh.nih.gov/x",
    )
    # APA 7: a full stop after a group author; the site is left out when it is the author.
    assert apa_text(ref) == (
        "National Institute of Mental Health. (n.d.). Caring for your mental health. "
        "https://www.nimh.nih.gov/x"
    )
    assert in_text(ref) == "National Institute of Mental Health, n.d."


def test_web_page_with_site_and_full_date() -> None:
    ref = Reference(
        key="k",
        type="web",
        authors=["Rivera, A. B."],
        date="2022-07-16",
        title="A page",
        site="Example News",
        url="https://example.org/p",
    )
    assert (
        apa_text(ref)
        == "Rivera, A. B. (2022, July 16). A page. Example News. https://example.org/p"
    )
    assert in_text(ref) == "Rivera, 2022"


def test_year_and_date_must_agree() -> None:
    with pytest.raises(ValueError, match="disagree"):
        Reference(key="k", authors=["A, B."], year=2021, date="2022-01-01", title="T")
    with pytest.raises(ValueError, match="n.d."):
        Reference(key="k", authors=["A, B."], title="T")


def test_source_as_reference_is_credited_and_listed_once(built) -> None:
    handout = "".join(_pages(built("clients")["handout"]))
    assert "Caring for your mental health" in handout
    assert "National Institute of Mental Health" in handout
    guide = re.sub(r"\s+", " ", "".join(_pages(built()["guide"])))
    assert guide.count("National Institute of Mental Health. (n.d.). Caring for your mental") == 1


# --------------------------------------------------------------------------- handout


def test_key_idea_points_are_a_bulleted_list(built) -> None:
    text = _pages(built()["handout"])[0]
    for point in ("Sleeping much more or less", "Eating much more or less"):
        assert re.search(r"\u2022\s*" + point, text), text


def test_several_practices_each_with_steps(built) -> None:
    text = "".join(_pages(built()["handout"]))
    assert text.index("Try this: A ten-minute walk") < text.index("Try this: Reach out")


def _fields(pdf: bytes) -> dict:
    return PdfReader(io.BytesIO(pdf)).get_fields() or {}


def test_tracker_has_one_check_box_per_cell(built) -> None:
    fields = _fields(built()["handout"])
    boxes = {k: v for k, v in fields.items() if k.startswith("tracker_")}
    assert len(boxes) == 2 * 7
    assert all(v.get("/FT") == "/Btn" for v in boxes.values())
    tips = {v.get("/TU") for v in boxes.values()}
    assert {"Walk, Mon", "Reach out, Sun"} <= tips


def test_tracker_prints_without_fields_when_not_fillable(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    Image.new("RGB", (40, 24), (47, 93, 98)).save(tmp_path / "picture.png")
    args = ["build", str(tmp_path / FIXTURE.name), "--practice", str(PRACTICE)]
    args += ["--out", str(tmp_path / "out"), "--only", "handout", "--no-form"]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    pdf = next((tmp_path / "out").rglob("*.pdf")).read_bytes()
    assert not _fields(pdf)


def test_handout_image_carries_its_alt_text(built) -> None:
    pdf = pikepdf.open(io.BytesIO(built()["handout"]))
    figures = [
        str(obj.get("/Alt"))
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == pikepdf.Name.Figure
    ]
    assert "A path of stepping stones across a stream" in figures


def test_get_help_box_keeps_signs_and_crisis_line_on_one_page(built) -> None:
    for large in (False, True):
        pages = _pages(built("clients", large)["handout"])
        page = next(p for p in pages if "When to get help" in p)
        box = page[page.index("When to get help") :]
        assert "Losing interest in things you enjoy" in box
        assert "Talk with your therapist or doctor." in box
        # The crisis line is inside the box as well as in the footer.
        assert box.count("988") >= 2, box


def test_resources_list_phone_web_and_qr_link(built) -> None:
    pdf = built()["handout"]
    text = "".join(_pages(pdf))
    assert "988 Suicide & Crisis Lifeline" in text and "555-0100" in text
    links = [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert "https://988lifeline.org" in links


@pytest.mark.parametrize("large", [False, True])
def test_no_page_holds_only_the_credit_line_and_footer(built, large: bool) -> None:
    for audience in ("clinicians", "clients"):
        pages = _pages(built(audience, large)["handout"])
        for text in pages:
            before_footer = text.split("Your Name, LMFT")[0]
            assert before_footer.strip() and not before_footer.strip().startswith("Based on"), text


def test_invalid_new_elements_are_refused_with_plain_messages(tmp_path: Path) -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["sections"][0]["slides"][2]["rows"][0] = ["Monday", "Walk"]
    data["sections"][0]["slides"].append({"kind": "break", "title": "Pause"})
    data["handout"]["resources"].append({"name": "Nowhere"})
    data["source"] = {"reference": "nimh-carring"}
    (tmp_path / "x.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "row 1 has 2 cells but there are 3 columns" in result.output
    assert "give the resource's 'phone', its 'web' address, or both" in result.output
    assert "Traceback" not in result.output


def test_cross_checks_name_the_unknown_source_and_a_misplaced_break(tmp_path: Path) -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["sections"][0]["slides"].append({"kind": "break", "title": "Pause"})
    data["source"] = {"reference": "nimh-carring"}
    (tmp_path / "x.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    Image.new("RGB", (40, 24), (47, 93, 98)).save(tmp_path / "picture.png")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "no reference has key 'nimh-carring'" in result.output
    assert "(did you mean 'nimh-caring'?)" in result.output
    assert "a break slide goes in a section of its own with activity: break" in result.output


# --------------------------------------------------------------------------- client groups


def _guide_text(built, audience: str) -> str:
    return re.sub(r"\s+", " ", " ".join(_pages(built(audience)["guide"])))


def test_client_group_guide_speaks_to_the_facilitator_of_clients(built) -> None:
    text = _guide_text(built, "clients")
    for absent in ("give it to their clients", "certificate", "continuing education"):
        assert absent.casefold() not in text.casefold(), absent
    assert not re.search(r"\bCE\b", text)
    assert "with a client" not in text  # the clinicians' open question
    for present in (
        "Group agreements",
        "What members share stays in the group",
        "No advice-giving",
        "You may step out at any time",
        "Safety steps for the facilitator",
        "call or text 988",
        "After today, I can name two self-care steps",
        "I know where to get help if I need it.",
        "What is one small step you will try this week?",
        "print one for each member to keep",
    ):
        assert present in text, present


def test_clinician_guide_keeps_its_training_wording(built) -> None:
    text = _guide_text(built, "clinicians")
    assert "Participants may give it to their clients." in text
    assert "certificate of attendance" in text
    assert "Group agreements" not in text and "Safety steps for the facilitator" not in text
    assert "I can now name two self-care steps" in text


# --------------------------------------------------------------------------- the sample outlines

OUTLINES = sorted((FIXTURES.parent.parent / "outlines").glob("*.yaml"))


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
@pytest.mark.parametrize("outline", OUTLINES, ids=[p.stem for p in OUTLINES])
def test_sample_outlines_check_strict_clean(outline: Path, large: bool) -> None:
    """Every audience, standard and large print, with a filled-in practice profile.

    The canonical outline keeps "Your Name" as its article's author on purpose (the user
    puts their own); that one placeholder is the only finding allowed.
    """
    args = ["check", str(outline), "--all-audiences", "--strict", "--format", "json"]
    args += ["--practice", str(FIXTURES / "practice-filled.yaml")]
    result = CliRunner().invoke(cli, args + (["--large-print"] if large else []))
    findings = [
        f for f in json.loads(result.output) if "still holds the example value" not in f["message"]
    ]
    assert findings == []
    if outline.stem == "small-steps":
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
@pytest.mark.parametrize("outline", OUTLINES, ids=[p.stem for p in OUTLINES])
def test_sample_handouts_never_end_on_a_credit_only_page(
    outline: Path, large: bool, tmp_path: Path
) -> None:
    args = ["build", str(outline), "--all-audiences", "--only", "handout", "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, args + (["--large-print"] if large else []))
    assert result.exit_code == 0, result.output
    handouts = sorted(tmp_path.rglob("*.pdf"))
    assert len(handouts) >= 2
    for pdf in handouts:
        pages = _pages(pdf.read_bytes())
        if not large:
            # couples-120 prints in large print by its own audience profile.
            assert len(pages) <= 2 or "couples-120" in str(pdf), (pdf, len(pages))
        for number, text in enumerate(pages, start=1):
            body = text.split("Your Name, LMFT")[0].strip()
            assert body and not body.startswith("Based on"), (pdf.name, number, text)


def test_second_sample_uses_every_new_element() -> None:
    data = yaml.safe_load((FIXTURES.parent.parent / "outlines" / "small-steps.yaml").read_text())
    kinds = {s["kind"] for sec in data["sections"] for s in sec.get("slides", [])}
    assert {"statement", "break", "table"} <= kinds
    handout = data["handout"]
    assert any(k.get("points") for k in handout["key_ideas"])
    assert isinstance(handout["try_this"], list) and len(handout["try_this"]) > 1
    assert {"image", "tracker", "get_help", "resources"} <= set(handout)
    assert any(r.get("qr") for r in handout["resources"])
    refs = {r["key"]: r for r in data["references"]}
    assert data["source"] == {"reference": "nimh-caring"}
    assert refs["nimh-caring"]["year"] == "n.d." and refs["nimh-caring"]["site"]
    assert any(r.get("date") and r.get("site") for r in refs.values())
    assert {a.get("participants", "clinicians") for a in data["audiences"]} == {
        "clients",
        "clinicians",
    }


def test_check_says_when_a_standard_print_handout_runs_past_two_pages(
    built, tmp_path: Path
) -> None:
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    Image.new("RGB", (40, 24), (47, 93, 98)).save(tmp_path / "picture.png")
    pages = len(_pages(built("clients")["handout"]))
    assert pages > 2
    args = ["check", str(tmp_path / FIXTURE.name), "-a", "clients", "--practice", str(PRACTICE)]
    result = CliRunner().invoke(cli, args)
    assert f"the client handout runs to {pages} pages in standard print" in result.output
    # Large print runs longer by design: not counted.
    result = CliRunner().invoke(cli, [*args, "--large-print"])
    assert "pages in standard print" not in result.output


def test_the_handout_image_is_an_input_of_the_build_and_the_watcher(tmp_path: Path) -> None:
    from generator.build import BuildOptions, Job, plan_job
    from generator.watch import inputs_for

    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    Image.new("RGB", (40, 24), (47, 93, 98)).save(tmp_path / "picture.png")
    job = Job(tmp_path / FIXTURE.name, "clients", tmp_path / "out")
    options = BuildOptions(practice=PRACTICE)
    picture = (tmp_path / "picture.png").resolve()
    assert picture in plan_job(job, options).inputs
    assert picture in inputs_for([job], options)
