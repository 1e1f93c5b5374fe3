"""The speed-ups of issue 9 change no output byte and no error, and do the work they claim to.

Each shortcut is checked against the slow path it replaces: python-pptx's own part naming and
saving, a serial build instead of the forked one, the QR code encoded on every page. Timings are
never asserted (see docs/performance.md and bench/ for those).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import parallel
from generator.build import BuildOptions, Job, render_job
from generator.cli import cli
from generator.errors import RenderError

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
ALL_KINDS = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
LO_TEMPLATE = ROOT / "tests" / "fixtures" / "templates" / "libreoffice-4x3.pptx"


def _digests(outline: Path, tmp_path: Path, **options: object) -> dict[str, str]:
    rendered = render_job(
        Job(outline, None, tmp_path), BuildOptions(out=tmp_path, practice=PRACTICE, **options)
    )
    return {p.name: hashlib.sha256(data).hexdigest() for p, data in rendered.files.items()}


# --------------------------------------------------------------------------- reading once


def test_validate_reads_each_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.yamlsource as yamlsource

    parsed: list[str] = []
    original = yamlsource.parse_text

    def counting(text: str, file: str) -> object:
        parsed.append(Path(file).name)
        return original(text, file)

    monkeypatch.setattr(yamlsource, "parse_text", counting)
    result = CliRunner().invoke(cli, ["validate", str(CANONICAL), "--practice", str(PRACTICE)])
    assert result.exit_code == 0, result.output
    # The outline, its one overlay and the practice profile: each read exactly once.
    assert sorted(parsed) == ["couples-120.yaml", "practice.yaml", "science-of-connection.yaml"]


def test_each_load_reads_the_files_as_they_are_now(tmp_path: Path) -> None:
    from generator.customize import load_workshop

    text = ALL_KINDS.read_text(encoding="utf-8")
    outline = tmp_path / "talk.yaml"
    outline.write_text(text, encoding="utf-8")
    first = load_workshop(outline, None).outline.title
    outline.write_text(text.replace(f"title: {first}", "title: Changed", 1), encoding="utf-8")
    assert first != "Changed"
    assert load_workshop(outline, None).outline.title == "Changed"


# --------------------------------------------------------------------------- deck


@pytest.mark.parametrize("template", [None, LO_TEMPLATE], ids=["default", "template"])
def test_deck_shortcuts_give_python_pptx_bytes(
    template: Path | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.render import deck_package

    fast = _digests(CANONICAL, tmp_path, only=("deck",), template=template)
    # python-pptx's own next_partname, and its own save followed by the rewrite.
    monkeypatch.setattr(deck_package, "partnames_tracked", lambda prs: contextlib.nullcontext())

    def slow_save(prs: object, **kw: object) -> bytes:
        buffer = io.BytesIO()
        prs.save(buffer)  # type: ignore[attr-defined]
        return deck_package.reproducible(buffer.getvalue(), **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(deck_package, "save", slow_save)
    monkeypatch.setattr(
        deck_package.NotesSlides, "text_frame", lambda self, s: s.notes_slide.notes_text_frame
    )
    # Every slide through python-pptx's add_slide, every shape through python-pptx's add_*.
    from generator.render import deck, deck_template

    def slow_new_slide(self: object, prs: object, layout: object) -> tuple[object, object]:
        slide = prs.slides.add_slide(layout)  # type: ignore[attr-defined]
        found = deck_template.slots(slide.placeholders)
        return slide, deck._Slots(
            None if found.title is None else found.title._element,
            [ph._element for ph in found.bodies],
            [ph._element for ph in found.others],
        )

    monkeypatch.setattr(deck._Writer, "_new_slide", slow_new_slide)
    monkeypatch.setattr(deck._Writer, "_shape", lambda self, slide, key, make, basename: make())
    assert _digests(CANONICAL, tmp_path, only=("deck",), template=template) == fast


def test_part_names_follow_python_pptx_with_gaps() -> None:
    from pptx import Presentation
    from pptx.opc.package import OpcPackage

    from generator.render.deck_package import partnames_tracked

    prs = Presentation(str(LO_TEMPLATE))
    package = prs.part.package
    templates = ["/ppt/notesSlides/notesSlide%d.xml", "/ppt/theme/theme%d.xml"]
    expected = [OpcPackage.next_partname(package, t) for t in templates]
    with partnames_tracked(prs):
        assert [package.next_partname(t) for t in templates] == expected
        # A name handed out is taken: the next call gives another one.
        assert package.next_partname(templates[1]) != expected[1]
    assert "next_partname" not in vars(package)


# --------------------------------------------------------------------------- parallel


def test_forked_build_matches_serial_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = _digests(CANONICAL, tmp_path)
    monkeypatch.setattr(parallel, "available", lambda: False)
    assert _digests(CANONICAL, tmp_path) == forked
    assert len(forked) == 3


def test_run_pair_returns_both_results() -> None:
    assert parallel.run_pair(lambda: b"deck" * 100_000, lambda: ["pdf"]) == (
        b"deck" * 100_000,
        ["pdf"],
    )


def test_run_pair_raises_the_first_pieces_error_first() -> None:
    def child() -> bytes:
        raise RenderError("the deck failed")

    def here() -> list[bytes]:
        raise ValueError("the handout failed")

    with pytest.raises(RenderError, match="the deck failed"):
        parallel.run_pair(child, here)
    with pytest.raises(RenderError, match="the deck failed"):
        parallel.run_pair(child, lambda: [b"fine"])
    with pytest.raises(ValueError, match="the handout failed"):
        parallel.run_pair(lambda: b"fine", here)


@pytest.mark.skipif(not parallel.available(), reason="needs Linux and two cores to fork")
def test_run_pair_runs_the_first_piece_in_another_process() -> None:
    data, here = parallel.run_pair(lambda: str(os.getpid()).encode(), lambda: os.getpid())
    assert int(data) != here == os.getpid()


def test_planning_imports_no_rendering_library() -> None:
    probe = (
        "import json, sys; from pathlib import Path\n"
        "from generator.build import BuildOptions, Job, plan_job\n"
        f"plan_job(Job(Path({str(CANONICAL)!r}), None, Path('out')), "
        f"BuildOptions(practice=Path({str(PRACTICE)!r})))\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    ).stdout
    assert not {"pptx", "reportlab"} & set(json.loads(out))


# --------------------------------------------------------------------------- small caches


def test_qr_runs_cover_exactly_the_dark_modules() -> None:
    from reportlab.graphics.barcode import qrencoder

    from generator.render.handout_parts import qr_runs

    url = "https://example.org/the-science-of-connection"
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(url)
    qr.make()
    rows = qr_runs(url)
    assert len(rows) == qr.getModuleCount()
    for row, modules in zip(rows, qr.modules, strict=True):
        dark = {c for start, n in row for c in range(start, start + n)}
        assert dark == {c for c, m in enumerate(modules) if m}


def test_cached_text_width_is_the_measured_width() -> None:
    from generator.fonts import bundled
    from generator.textfit import _font, text_width

    path = bundled().regular
    for size in (12, 18.5, 40):
        for text in ("Attachment", "Attachment", "co-regulation, safety"):
            assert text_width(text, path, size) == _font(str(path)).getlength(text) * size / 1000


# --------------------------------------------------------------------------- leaving


@pytest.mark.parametrize("good", [True, False])
def test_the_command_leaves_with_its_output_and_exit_code(good: bool, tmp_path: Path) -> None:
    outline = CANONICAL if good else tmp_path / "missing.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(outline), "--practice", str(PRACTICE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    if good:
        shown = "outlines/science-of-connection.yaml: OK"  # relative to the working folder
        assert (result.returncode, result.stdout.strip()) == (0, shown)
    else:
        assert result.returncode == 2
        assert "missing.yaml: no such outline file" in result.stderr


# --------------------------------------------------------------------------- PDF


def test_once_wrapped_paragraph_wraps_like_reportlab() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from generator.render.pdfbase import OnceWrapped

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=11, leading=14)
    text = "Co-regulation is how one nervous system helps another settle. " * 6
    plain, once = Paragraph(text, style), OnceWrapped(text, style)
    for width in (300, 300, 180, 300):
        assert once.wrap(width, 500) == plain.wrap(width, 500)
        assert once.blPara.lines == plain.blPara.lines


def test_pdfs_are_the_same_with_reportlabs_own_paragraphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.platypus import Paragraph

    from generator.render import guide_styles, handout

    fast = _digests(CANONICAL, tmp_path, only=("handout", "guide"))
    monkeypatch.setattr(guide_styles, "OnceWrapped", Paragraph)
    monkeypatch.setattr(handout, "OnceWrapped", Paragraph)
    assert _digests(CANONICAL, tmp_path, only=("handout", "guide")) == fast


def test_deck_is_built_from_the_template_bytes_that_were_measured(tmp_path: Path) -> None:
    import dataclasses
    import shutil

    from generator.build import plan_job
    from generator.render import deck, deck_template

    template = tmp_path / "template.pptx"
    shutil.copyfile(LO_TEMPLATE, template)
    planned = plan_job(
        Job(CANONICAL, None, tmp_path), BuildOptions(practice=PRACTICE, template=template)
    )
    expected = deck.render_deck(planned.plan, planned.metrics)
    data = deck_template._as_presentation(template.read_bytes())
    metrics = dataclasses.replace(planned.metrics, template_data=data)
    # The file is gone after measuring: the deck must come from the bytes the metrics carry.
    template.unlink()
    assert deck.render_deck(planned.plan, metrics) == expected
