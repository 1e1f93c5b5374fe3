"""The slide deck: structure reopened with python-pptx, golden XML, templates, splitting, and a
real LibreOffice overflow check."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import require_tool
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from generator.check.deck_overflow import check_overflow
from generator.errors import OutlineError, RenderError
from generator.outputs.deck import render as deck
from generator.plan import make_plan
from generator.source.loader import load_outline, load_practice
from generator.source.slide_kinds import KINDS

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
LO_TEMPLATE = ROOT / "tests" / "fixtures" / "templates" / "libreoffice-4x3.pptx"
GOLDEN = ROOT / "tests" / "golden" / "deck"
PRACTICE = ROOT / "assets" / "practice.yaml"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


def _outline(tmp_path: Path, edit=None) -> Path:
    """Write the fixture plus two image slides (informative, decorative) into ``tmp_path``."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    Image.new("RGB", (400, 300), (47, 93, 98)).save(tmp_path / "hands.png")
    Image.new("RGB", (300, 300), (167, 196, 188)).save(tmp_path / "texture.png")
    core = data["sections"][1]["slides"]
    core.insert(
        2,
        {
            "id": "s-image",
            "kind": "image",
            "title": "Holding Hands",
            "image": "hands.png",
            "alt": "Two hands holding, a sign of co-regulation",
            "caption": "Contact comfort calms the threatened brain.",
            "notes": "Describe the study.",
        },
    )
    core.insert(
        3,
        {
            "id": "s-deco",
            "kind": "image",
            "title": "A Pause",
            "image": "texture.png",
            "decorative": True,
            "notes": "Breathe.",
        },
    )
    if edit:
        edit(data)
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _build(path: Path, template: Path | None = None):
    outline = load_outline(path)
    practice = load_practice(PRACTICE)
    metrics = deck.deck_metrics(practice, PRACTICE.parent, template)
    plan = make_plan(
        outline,
        practice,
        base_dir=path.parent,
        practice_dir=PRACTICE.parent,
        paginate=deck.paginator(metrics),
    )
    return plan, metrics, deck.render_deck(plan, metrics)


TEMPLATES = [None, LO_TEMPLATE]
IDS = ["default", "libreoffice"]


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_deck_reopens_with_every_slide_titled_noted_and_described(tmp_path, template) -> None:
    plan, metrics, data = _build(_outline(tmp_path), template)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == len(plan.slides) == 12
    kinds = [s.kind for s in plan.slides]
    assert kinds == [
        "title",
        "agenda",
        "section",
        "bullets",
        "image",
        "image",
        "quote",
        "two-column",
        "discussion",
        "exercise",
        "references",
        "closing",
    ]
    for planned, slide in zip(plan.slides, slides, strict=True):
        assert slide.shapes.title.text == planned.title
        # The title is first in reading order.
        first = slide.shapes._spTree.iter_shape_elms().__next__()
        assert first is slide.shapes.title._element
        role = KINDS[planned.kind].layout
        assert slide.slide_layout.name == metrics.layouts[role]
        if planned.kind not in ("title", "section"):  # content slides: the fixture's notes
            assert slide.notes_slide.notes_text_frame.text.strip()
        for shape in slide.shapes:
            assert shape.has_text_frame is False or "Click to" not in shape.text_frame.text
    if template is None:
        assert [slides[i].slide_layout.name for i in (0, 2, 3, 4, 7)] == [
            "Title Slide",
            "Section Header",
            "Title and Content",
            "Title Only",
            "Two Content",
        ]
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    else:
        assert slides[3].slide_layout.name == "Title, Content"
        assert slides[7].slide_layout.name == "Title, 2 Content"
        assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
    pics = [sh for sh in slides[4].shapes if sh.shape_type == 13]
    assert pics[0]._element.nvPicPr.cNvPr.get("descr") == (
        "Two hands holding, a sign of co-regulation"
    )
    deco = [sh for sh in slides[5].shapes if sh.shape_type == 13][0]._element.nvPicPr.cNvPr
    assert deco.get("descr") is None
    assert deco.find(qn("a:extLst")).find(qn("a:ext")).get("uri") == DECORATIVE
    # The bullets slide shows the sub-bullet and not the facilitator-only point.
    body = "\n".join(sh.text_frame.text for sh in slides[3].shapes if sh.has_text_frame)
    assert "Rejection and pain overlap" in body
    assert "Secret facilitator point" not in body
    refs = [sh for sh in slides[10].shapes if sh.has_text_frame and "Science" in sh.text_frame.text]
    italic = [r.text for p in refs[0].text_frame.paragraphs for r in p.runs if r.font.italic]
    assert "Science" in italic
    closing = "\n".join(sh.text_frame.text for sh in slides[11].shapes if sh.has_text_frame)
    assert "hello@example.com" in closing and "Your Name" in closing


def test_every_run_has_an_explicit_size_at_least_18pt_except_footer(tmp_path) -> None:
    _, _, data = _build(_outline(tmp_path))
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame.paragraphs:
                for r in p.runs:
                    assert r.font.size is not None
                    if shape.name not in ("TextBox", "Slide Number") and shape.top < 6 * 914400:
                        assert r.font.size.pt >= 18, (shape.name, r.text)


def test_properties_are_the_outlines_and_nothing_of_python_pptx(tmp_path) -> None:
    _, _, data = _build(_outline(tmp_path))
    cp = Presentation(io.BytesIO(data)).core_properties
    assert cp.title == "Test Workshop"
    assert cp.author == "Your Name"
    assert cp.subject == "Every slide kind once"
    assert cp.keywords == "attachment, test"
    assert cp.revision == 1
    assert cp.created.year == 2000
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        blob = b"".join(z.read(n) for n in z.namelist() if n.startswith("docProps/"))
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    assert b"Steve Canny" not in blob and b"python-pptx" not in blob


def test_two_builds_are_byte_identical_and_honour_source_date_epoch(tmp_path, monkeypatch) -> None:
    path = _outline(tmp_path)
    first = _build(path)[2]
    assert _build(path)[2] == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = _build(path)[2]
    assert Presentation(io.BytesIO(later)).core_properties.created.year == 2023
    with zipfile.ZipFile(io.BytesIO(later)) as z:
        assert {i.date_time[0] for i in z.infolist()} == {2023}


def test_template_example_slides_are_gone_without_orphan_parts(tmp_path) -> None:
    assert len(Presentation(LO_TEMPLATE).slides) == 2
    plan, _, data = _build(_outline(tmp_path), LO_TEMPLATE)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
    slide_parts = [n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert len(slide_parts) == len(plan.slides)
    for part in slide_parts:
        assert part.removeprefix("ppt/") in rels
    notes = [n for n in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
    assert len(notes) == len(plan.slides)
    texts = " ".join(s.shapes.title.text for s in Presentation(io.BytesIO(data)).slides)
    assert "Example" not in texts


def test_missing_layout_falls_back_and_names_the_templates_layouts() -> None:
    metrics = deck.deck_metrics(load_practice(PRACTICE), PRACTICE.parent, LO_TEMPLATE)
    assert metrics.layouts["section"] == "Title Slide"
    assert metrics.layouts["content"] == "Title, Content"
    assert len(metrics.warnings) == 1
    warning = metrics.warnings[0]
    assert "section dividers" in warning and "'Title, 2 Content'" in warning


def test_potx_with_renamed_powerpoint_layouts(tmp_path) -> None:
    # A PowerPoint-style template whose content layout was renamed: found by its placeholders.
    prs = Presentation()
    prs.slide_layouts[1].name = "Main Text"
    prs.slide_layouts[2].name = "Divider"
    buf = io.BytesIO()
    prs.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    potx = tmp_path / "brand.potx"
    with zipfile.ZipFile(potx, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(
                    b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
                )
            dst.writestr(info, blob)
    plan, metrics, data = _build(_outline(tmp_path), potx)
    assert metrics.layouts["content"] == "Main Text"
    assert metrics.layouts["section"] == "Title Slide"
    assert any("'Divider'" in w for w in metrics.warnings)
    assert len(Presentation(io.BytesIO(data)).slides) == len(plan.slides)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a zip", "damaged or is not a PowerPoint file"),
        (None, "must be a PowerPoint file"),
    ],
)
def test_unusable_template_is_a_clear_error(tmp_path, content, message) -> None:
    path = tmp_path / ("broken.pptx" if content else "template.odp")
    path.write_bytes(content or b"x")
    with pytest.raises(OutlineError, match=message) as err:
        deck.deck_metrics(load_practice(PRACTICE), PRACTICE.parent, path)
    assert path.name in str(err.value.message)


def _too_much(data: dict) -> None:
    slide = data["sections"][1]["slides"][1]
    slide["points"] = [
        {
            "text": f"Point {i}: the nervous system settles when someone we trust stays near",
            "sub": [f"detail {i}"] if i % 3 == 0 else [],
        }
        for i in range(1, 25)
    ]


def test_far_too_much_text_splits_into_continuation_slides(tmp_path) -> None:
    plan, _, data = _build(_outline(tmp_path, _too_much))
    parts = plan.slides_for_element("s-bullets")
    assert len(parts) >= 3
    assert parts[0].title == "Wired for Connection"
    assert parts[1].title == "Wired for Connection (cont.)"
    assert {p.body_pt for p in parts} == {parts[0].body_pt} and parts[0].body_pt >= 18
    bullets = [b for p in parts for b in p.bullets]
    assert [b.text.split(":")[0] for b in bullets] == [f"Point {i}" for i in range(1, 25)]
    assert all(
        b.sub == ((f"detail {i}",) if i % 3 == 0 else ()) for i, b in enumerate(bullets, start=1)
    )
    assert all(p.notes for p in parts)
    assert len(Presentation(io.BytesIO(data)).slides) == len(plan.slides)


def test_a_quote_too_long_for_24pt_is_an_error(tmp_path) -> None:
    def long_quote(data: dict) -> None:
        data["sections"][1]["slides"][2 + 2]["quote"] = "We heal in connection. " * 60

    with pytest.raises(RenderError, match="quote .* too long to show at 24 pt") as err:
        _build(_outline(tmp_path, long_quote))
    # The build turns this path into the quote's file:line:col.
    assert err.value.at == ("sections", 1, "slides", 4, "quote")


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_every_shape_on_a_slide_has_its_own_id(tmp_path, template) -> None:
    _, _, data = _build(_outline(tmp_path), template)
    for slide in Presentation(io.BytesIO(data)).slides:
        ids = [el.get("id") for el in slide._element.iter(qn("p:cNvPr"))]
        assert len(ids) >= 3 and len(ids) == len(set(ids)), ids


# --------------------------------------------------------------------------- golden XML


def _normalized(xml: bytes) -> str:
    """Return slide XML pretty-printed so diffs read line by line."""
    from lxml import etree

    return etree.tostring(etree.fromstring(xml), pretty_print=True, encoding="unicode")


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
@pytest.mark.parametrize("number", [4, 10])
def test_golden_slide_xml(tmp_path, template, number) -> None:
    _, _, data = _build(_outline(tmp_path), template)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        got = _normalized(z.read(f"ppt/slides/slide{number}.xml"))
    name = f"{'default' if template is None else 'libreoffice'}-slide{number}.xml"
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- real consumer


@pytest.fixture
def needs_lo() -> None:
    """Require LibreOffice and pdftotext: skipped locally without them, a failure under CI."""
    for tool in ("soffice", "pdftotext"):
        require_tool(tool)


@pytest.mark.consumer
@pytest.mark.usefixtures("needs_lo")
@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_libreoffice_renders_one_page_per_slide_with_no_word_outside_its_box(
    tmp_path, template
) -> None:
    _, _, data = _build(_outline(tmp_path, _too_much), template)
    report = check_overflow(data, tmp_path)
    assert report.pages == report.slides
    assert report.words > 300
    assert report.problems == ()


@pytest.mark.consumer
@pytest.mark.usefixtures("needs_lo")
def test_overflow_check_catches_text_that_does_not_fit(tmp_path) -> None:
    _, _, data = _build(_outline(tmp_path))
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "ppt/slides/slide4.xml":
                blob = blob.replace(b'sz="2800"', b'sz="9000"')
            dst.writestr(info, blob)
    report = check_overflow(out.getvalue(), tmp_path)
    assert any(p.startswith("slide 4:") for p in report.problems)
    assert shutil.which("soffice")


def test_template_metrics_carry_the_bytes_the_deck_is_built_from(tmp_path) -> None:
    from generator.build import BuildOptions, Job, plan_job

    template = tmp_path / "template.pptx"
    shutil.copyfile(LO_TEMPLATE, template)
    job = Job(FIXTURE, None, tmp_path)
    planned = plan_job(job, BuildOptions(practice=PRACTICE, template=template))
    assert planned.metrics.template_data == template.read_bytes()
    expected = deck.render_deck(planned.plan, planned.metrics)
    # Changed after measuring: the deck still comes from what was measured.
    template.write_bytes(b"not a presentation any more")
    assert deck.render_deck(planned.plan, planned.metrics) == expected


def test_core_properties_longer_than_python_pptx_allows_are_cut() -> None:
    from pptx import Presentation

    from generator.outputs.deck.package import set_properties

    prs = Presentation()
    set_properties(
        prs, title="t" * 300, author="a", subject="s", keywords="k, " * 100, language="en-US"
    )
    assert len(prs.core_properties.title) == 255
    assert prs.core_properties.title.endswith("\u2026")
    assert len(prs.core_properties.keywords) == 255
