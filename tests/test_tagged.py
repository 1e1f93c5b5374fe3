"""The client handout is a tagged PDF (issue 22): every variant passes our own tag checks
(:mod:`generator.check.tagged`) and the ``pdfua`` package's checks, words stay apart where
lines wrap, a paragraph split across pages is one element, fields still take typed answers,
and the checker itself catches what it is meant to catch."""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import CANONICAL, FIXTURES, PRACTICE, require_tool
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from generator.check.tagged import problems
from generator.cli import cli
from generator.outputs.pdfbase import render_reproducibly
from generator.outputs.tagging import Node, TaggedParagraph, TaggingCanvas, add_structure

FORMAT = FIXTURES / "format-elements.yaml"  # tracker, image, resources with QR, help box

# (outline, extra build options): every audience of each, so both "given by" footers occur.
VARIANTS = {
    "canonical-letter": ("canonical", []),
    "canonical-a4-large-noform": ("canonical", ["--paper", "a4", "--large-print", "--no-form"]),
    "small-steps-letter": ("small-steps", []),
    "small-steps-a4-large-noform": ("small-steps", ["--paper", "a4", "--large-print", "--no-form"]),
    "format-letter": ("format", []),
    "format-a4-large": ("format", ["--paper", "a4", "--large-print"]),
    "format-noform": ("format", ["--no-form"]),
}


@cache
def _handouts(name: str, tmp: str) -> dict[str, bytes]:
    """Return the handout of every audience for the variant ``name``, by audience folder."""
    which, options = VARIANTS[name]
    folder = Path(tmp) / name
    folder.mkdir()
    if which == "format":
        shutil.copy(FORMAT, folder / FORMAT.name)
        Image.new("RGB", (400, 240), (47, 93, 98)).save(folder / "picture.png")
        outline = folder / FORMAT.name
    elif which == "small-steps":
        outline = CANONICAL.parent / "small-steps.yaml"
    else:
        outline = CANONICAL
    args = ["build", str(outline), "--practice", str(PRACTICE), "--all-audiences"]
    args += ["--only", "handout", "--out", str(folder / "out"), *options]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = {p.parent.name: p.read_bytes() for p in (folder / "out").rglob("*.pdf")}
    assert len(found) >= 2, found.keys()
    return found


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory):
    """Return a function giving a variant's handouts, built once per test module."""
    tmp = str(tmp_path_factory.mktemp("tagged"))
    return lambda name: _handouts(name, tmp)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_handout_variant_passes_our_tag_checks(handouts, variant: str) -> None:
    for audience, data in handouts(variant).items():
        assert problems(data) == [], (variant, audience)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_handout_variant_passes_pdfua(handouts, variant: str, tmp_path: Path) -> None:
    from pdfua import validate

    for audience, data in handouts(variant).items():
        path = tmp_path / f"{audience}.pdf"
        path.write_bytes(data)
        report = validate(str(path))
        assert [(f.rule_id, f.message) for f in report.findings] == [], (variant, audience)
        assert report.exit_code == 0


def _roles(data: bytes) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(data))
    return [
        str(obj.S)[1:]
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.StructElem
    ]


def test_handout_structure_has_headings_lists_table_forms_links_and_figures(handouts) -> None:
    roles = _roles(handouts("format-letter")["clients"])
    for role in ("H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD"):
        assert role in roles, role
    for role in ("Form", "Link", "Figure"):
        assert role in roles, role
    # 2 practices + signs + what to do + 1 key idea's points, each one list.
    assert roles.count("L") >= 4
    assert "Form" not in _roles(handouts("format-noform")["clients"])


def test_struct_text_reads_in_order_with_words_apart(handouts, tmp_path: Path) -> None:
    tool = require_tool("pdfinfo")
    path = tmp_path / "h.pdf"
    path.write_bytes(handouts("format-letter")["clients"])
    text = subprocess.run(
        [tool, "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # A <br/> inside a resource and a wrapped line both end in a space.
    assert "Lifeline Free and private" in text
    assert "LifelineFree" not in text
    assert "you can skip any question" in text.lower().replace('"\n    "', " ")
    # Reading order: title, then the practice, then reflection, then the help box.
    order = [text.index(s) for s in ("Small Steps", "Try this", "Reflect", "When to get help")]
    assert order == sorted(order)


def test_split_paragraph_stays_one_element() -> None:
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=15)
    words = " ".join(f"word{i}" for i in range(1500))
    para = TaggedParagraph(words, style)
    para.tag = (Node("P"),)
    canvases: list[TaggingCanvas] = []

    def canvas(*args: object, **kwargs: object) -> TaggingCanvas:
        canvases.append(TaggingCanvas(*args, **kwargs))
        return canvases[-1]

    data = render_reproducibly(lambda buf: SimpleDocTemplate(buf).build([para], canvasmaker=canvas))
    tagged = add_structure(data, canvases[0].recorder, title="t", lang="en", author="a")
    pdf = pikepdf.open(io.BytesIO(tagged))
    assert len(pdf.pages) >= 2
    paragraphs = [r for r in _roles(tagged) if r == "P"]
    assert paragraphs == ["P"]
    assert problems(tagged) == []


def test_handout_bytes_are_identical_across_builds(tmp_path: Path) -> None:
    outs = []
    for n in (1, 2):
        args = ["build", str(CANONICAL), "--practice", str(PRACTICE), "--only", "handout"]
        args += ["--out", str(tmp_path / str(n))]
        assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
        outs.append(next((tmp_path / str(n)).rglob("*.pdf")).read_bytes())
    assert outs[0] == outs[1]


def test_typed_answers_still_work(handouts) -> None:
    data = handouts("format-letter")["clients"]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    fields = writer.get_fields() or {}
    assert "reflection_1" in fields
    page = next(p for p in writer.pages if any(
        a.get_object().get("/T") == "reflection_1" for a in p.get("/Annots", [])
    ))  # fmt: skip
    writer.update_page_form_field_values(page, {"reflection_1": "I felt calm on my walk."})
    buf = io.BytesIO()
    writer.write(buf)
    again = PdfReader(io.BytesIO(buf.getvalue())).get_fields()
    assert again["reflection_1"]["/V"] == "I felt calm on my walk."
    assert problems(buf.getvalue()) == []  # filling keeps the tags


# --- the checker catches what it should ---------------------------------------------------


def _edited(data: bytes, edit) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    edit(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_checker_reports_an_untagged_pdf() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "Hello")
    c.save()
    assert problems(buf.getvalue()) == [
        "the PDF has no structure tree: a screen reader reads it as loose text"
    ]


def test_checker_reports_drawing_outside_marked_content(handouts) -> None:
    def draw_more(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].contents_add(pdf.make_stream(b"0 0 10 10 re f"), prepend=False)

    found = problems(_edited(handouts("format-letter")["clients"], draw_more))
    assert any("page 1: drawn outside marked content (operators f)" in p for p in found)


def test_checker_reports_order_and_parent_tree_faults(handouts) -> None:
    data = handouts("format-letter")["clients"]

    def swap(pdf: pikepdf.Pdf) -> None:
        kids = pdf.Root.StructTreeRoot.K[0].K
        kids[0], kids[1] = kids[1], kids[0]

    assert "the structure order differs from the drawing order" in problems(_edited(data, swap))

    def drop_parent_tree(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.StructTreeRoot.ParentTree

    found = problems(_edited(data, drop_parent_tree))
    assert any("no parent-tree entry" in p for p in found)


def test_checker_reports_untagged_field_link_and_figure(handouts) -> None:
    data = handouts("format-letter")["clients"]

    def rename(role: str, to: str, drop_alt: bool = False):
        def edit(pdf: pikepdf.Pdf) -> None:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == pikepdf.Name(role):
                    if drop_alt:
                        del obj.Alt
                    else:
                        obj.S = pikepdf.Name(to)
                    return

        return edit

    assert any(
        "form field is not in a Form" in p for p in problems(_edited(data, rename("/Form", "/P")))
    )
    assert any("link is not in a Link" in p for p in problems(_edited(data, rename("/Link", "/P"))))
    found = problems(_edited(data, rename("/Figure", "", drop_alt=True)))
    assert "a Figure element has no alternate text (/Alt)" in found


def test_workshop_check_reports_an_untagged_handout(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs.handout import render as handout

    monkeypatch.setattr(handout, "add_structure", lambda data, *a, **k: data)
    result = CliRunner().invoke(cli, ["check", str(CANONICAL), "--practice", str(PRACTICE)])
    assert result.exit_code == 2, result.output
    assert "the client handout is not tagged for screen readers" in result.output
