"""Real templates' traits, each reproduced in a small template made here with python-pptx.

Google Slides exports (layouts TITLE / TITLE_AND_BODY / ..., 10 x 5.63 in, 0.6-inch title and
subtitle boxes), layout names in another language, a "Source" body placeholder inside "Title
and Content", two-column layouts whose boxes are stacked, and templates without a Title Only
layout. The canonical outline must build on each, every slide kind on a layout of its role,
and a problem the template alone causes is a warning naming the layout, never an outline error.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from generator.build import BuildOptions, Job, plan_job
from generator.outputs.deck import template as deck_template
from generator.outputs.deck.render import render_deck

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"

TITLE_SLIDE, CONTENT, SECTION, TWO, COMPARISON, TITLE_ONLY, BLANK = range(7)


def _template(tmp_path: Path, edit: Callable[[Presentation], None], name: str) -> Path:
    """Return python-pptx's default template, changed by ``edit``, saved as ``name``."""
    prs = Presentation()
    edit(prs)
    path = tmp_path / name
    prs.save(path)
    return path


def _box(shape, x: float, y: float, w: float, h: float) -> None:  # noqa: ANN001
    shape.left, shape.top, shape.width, shape.height = Inches(x), Inches(y), Inches(w), Inches(h)


def _ph(layout, kind: str):  # noqa: ANN001, ANN202
    """Return the layout's first placeholder whose type name contains ``kind``."""
    return next(p for p in layout.placeholders if kind in p.placeholder_format.type.name)


def _build(template: Path, audience: str = "consult-90"):  # noqa: ANN202
    """Return the planned job and the deck's bytes for the canonical outline on ``template``."""
    options = BuildOptions(practice=PRACTICE, template=template, only=("deck",))
    planned = plan_job(Job(CANONICAL, audience, template.parent), options)
    data = render_deck(planned.plan, planned.metrics)
    return planned, Presentation(io.BytesIO(data))


def _google(prs: Presentation) -> None:
    """A Google Slides export: its layout names, 10 x 5.63 in, small title/subtitle boxes."""
    prs.slide_width, prs.slide_height = Inches(10), Emu(5143500)
    layouts = list(prs.slide_layouts)
    for i, name in {
        TITLE_SLIDE: "TITLE",
        CONTENT: "TITLE_AND_BODY",
        SECTION: "SECTION_HEADER",
        TWO: "TITLE_AND_TWO_COLUMNS",
        TITLE_ONLY: "TITLE_ONLY",
    }.items():
        layouts[i].name = name
    for i in (COMPARISON, BLANK, 7, 8, 9, 10):
        prs.slide_layouts.remove(layouts[i])
    _box(_ph(layouts[TITLE_SLIDE], "TITLE"), 0.34, 0.81, 9.32, 2.24)
    _box(_ph(layouts[TITLE_SLIDE], "SUBTITLE"), 0.34, 3.10, 9.32, 0.87)
    for i in (CONTENT, TWO, TITLE_ONLY):
        _box(_ph(layouts[i], "TITLE"), 0.34, 0.49, 9.32, 0.63)
    _box(layouts[CONTENT].placeholders[1], 0.34, 1.26, 9.32, 3.74)
    _box(layouts[TWO].placeholders[1], 0.34, 1.26, 4.37, 3.74)
    _box(layouts[TWO].placeholders[2], 5.28, 1.26, 4.37, 3.74)
    _box(_ph(layouts[SECTION], "TITLE"), 0.34, 2.35, 9.32, 0.92)
    _box(layouts[SECTION].placeholders[1], 0.34, 3.3, 9.32, 0.6)
    for master in [prs.slide_master]:
        for ph in master.placeholders:
            if ph.top + ph.height > prs.slide_height:
                _box(ph, ph.left / 914400 * 0.75, 5.1, ph.width / 914400 * 0.75, 0.43)


def test_google_slides_export_builds_and_warns_about_its_small_boxes(tmp_path) -> None:
    template = _template(tmp_path, _google, "google.pptx")
    planned, deck = _build(template)
    layouts = planned.metrics.layouts
    assert layouts == {
        "cover": "TITLE",
        "content": "TITLE_AND_BODY",
        "section": "SECTION_HEADER",
        "two": "TITLE_AND_TWO_COLUMNS",
        "title_only": "TITLE_ONLY",
    }
    grown = [w for w in planned.warnings if "is too small" in w]
    # Each small box is named once, with its layout; none is blamed on the outline.
    assert any("layout 'TITLE': its subtitle box (9.32 x 0.87 in)" in w for w in grown)
    assert any("layout 'TITLE_AND_BODY': its title box (9.32 x 0.63 in)" in w for w in grown)
    assert len(grown) == len(set(grown))
    boxes = planned.metrics.boxes
    # The body moved down under the grown title, and everything stays on the slide.
    assert boxes["body"].y >= boxes["title"].y + boxes["title"].h
    for name, box in boxes.items():
        assert box.x >= 0 and box.x + box.w <= deck.slide_width, name
        assert box.y >= 0 and box.y + box.h <= deck.slide_height, name
    assert len(deck.slides) == len(planned.plan.slides)


def _source_placeholder(prs: Presentation) -> None:
    """'Title and Content' with a small "Source" body box under the body; no Two Content."""
    layouts = list(prs.slide_layouts)
    content = layouts[CONTENT]
    body = content.placeholders[1]
    # A second body placeholder (idx 13) with a custom prompt, as PowerPoint writes one.
    clone = copy.deepcopy(body._element)
    body._element.addnext(clone)
    clone.find(".//" + qn("p:ph")).set("idx", "13")
    clone.find(".//" + qn("p:cNvPr")).set("id", "99")
    source = next(p for p in content.placeholders if p.placeholder_format.idx == 13)
    _box(source, 0.5, 6.9, 6, 0.4)
    source.text_frame.text = "Source"
    for i in (TWO, COMPARISON, TITLE_ONLY):
        prs.slide_layouts.remove(layouts[i])


def test_a_source_placeholder_is_never_a_text_column(tmp_path) -> None:
    template = _template(tmp_path, _source_placeholder, "source.pptx")
    layout = next(lay for lay in Presentation(template).slide_layouts if lay.name.endswith("ent"))
    found = deck_template.slots(layout.placeholders)
    assert len(found.bodies) == 1 and found.bodies[0].placeholder_format.idx == 1
    assert 13 in [o.placeholder_format.idx for o in found.others]
    planned, deck = _build(template)
    assert planned.metrics.layouts["two"] == "Title and Content"
    left, right = planned.metrics.boxes["left"], planned.metrics.boxes["right"]
    assert left.x + left.w <= right.x and left.y == right.y  # side by side
    for slide, planned_slide in zip(deck.slides, planned.plan.slides, strict=True):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert "Source" not in texts
        if planned_slide.kind == "two-column":
            heads = [planned_slide.left.heading, planned_slide.right.heading]
            assert all(any(h and t.startswith(h) for t in texts) for h in heads if h)


def test_image_slides_never_land_on_a_section_layout(tmp_path) -> None:
    template = _template(tmp_path, _source_placeholder, "no-title-only.pptx")
    planned, deck = _build(template)
    assert planned.metrics.layouts["title_only"] == "Title and Content"
    assert any("image slides" in w and "'Title and Content'" in w for w in planned.warnings)
    for slide, planned_slide in zip(deck.slides, planned.plan.slides, strict=True):
        if planned_slide.kind == "image":
            assert slide.slide_layout.name == "Title and Content"


def _portuguese(prs: Presentation) -> None:
    """Layout names in Portuguese, the two-content layout's boxes stacked, not side by side."""
    layouts = list(prs.slide_layouts)
    layouts[TITLE_SLIDE].name = "Título da Apresentação"
    layouts[CONTENT].name = "Conteúdo"
    layouts[SECTION].name = "Cabeçalho da Seção"
    layouts[TWO].name = "Duas Partes de Conteúdo"
    _box(layouts[TWO].placeholders[1], 0.5, 1.6, 9, 2.5)
    _box(layouts[TWO].placeholders[2], 0.5, 4.3, 9, 2.5)
    for i in (COMPARISON, 7, 8):
        prs.slide_layouts.remove(layouts[i])


def test_layouts_named_in_another_language_and_stacked_columns(tmp_path) -> None:
    template = _template(tmp_path, _portuguese, "portugues.potx.pptx")
    planned, _ = _build(template)
    layouts = planned.metrics.layouts
    assert layouts["cover"] == "Título da Apresentação"
    assert layouts["content"] == "Conteúdo"
    assert layouts["section"] == "Cabeçalho da Seção"
    # Its boxes are stacked: not a two-column layout; the columns split the content's body.
    assert layouts["two"] == "Conteúdo"
    assert any("two-column slides" in w for w in planned.warnings)


@pytest.mark.parametrize("audience", ["intro-60", "consult-90", "couples-120"])
def test_tiny_boxes_never_refuse_the_canonical_outline(tmp_path, audience) -> None:
    # Every title and subtitle box 0.3 in tall: the deck still builds, with warnings.
    def tiny(prs: Presentation) -> None:
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if ph.placeholder_format.idx < 10 and ph.height is not None:
                    ph.height = Inches(0.3)

    planned, deck = _build(_template(tmp_path, tiny, "tiny.pptx"), audience)
    assert len(deck.slides) == len(planned.plan.slides)
    assert any("is too small" in w for w in planned.warnings)


def test_template_warnings_are_printed_when_the_build_then_fails(tmp_path) -> None:
    import yaml

    from generator.errors import OutlineError

    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "all-kinds.yaml").read_text())
    quote = next(s for sec in data["sections"] for s in sec["slides"] if s["kind"] == "quote")
    quote["quote"] = " ".join(["words that run on and on"] * 40)
    outline = tmp_path / "outline.yaml"
    outline.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    template = _template(tmp_path, _source_placeholder, "source.pptx")
    options = BuildOptions(practice=PRACTICE, template=template, only=("deck",))
    with pytest.raises(OutlineError) as caught:
        plan_job(Job(outline, None, tmp_path), options)
    shown = io.StringIO()
    caught.value.show(file=shown)
    lines = shown.getvalue().splitlines()
    assert lines[0].startswith("warning: ") and "no layout for two-column slides" in lines[0]
    assert any("the quote" in line and "outline.yaml:" in line for line in lines)
