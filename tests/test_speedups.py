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
from collections.abc import Callable, Iterator
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
    import generator.source.yaml_reader as yamlsource

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


def test_validate_loads_each_audience_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate loads every audience for its warnings, then plans each as loaded."""
    import generator.audience.load as load

    loaded: list[str | None] = []
    original = load.load_workshop

    def counting(path: Path, name: str | None) -> load.Resolved:
        loaded.append(name)
        return original(path, name)

    monkeypatch.setattr(load, "load_workshop", counting)
    result = CliRunner().invoke(cli, ["validate", str(CANONICAL), "--practice", str(PRACTICE)])
    assert result.exit_code == 0, result.output
    # The default session (consult-90, the default audience), then the two others, once each.
    assert loaded == [None, "intro-60", "couples-120"]


@pytest.mark.parametrize("text", ["", "plain", "a & b < c > d", "&amp;", "<b>x</b> &lt;", "é ☃"])
def test_markup_escape_is_saxutils_escape(text: str) -> None:
    from xml.sax.saxutils import escape as sax_escape

    from generator.outputs.markup import escape

    assert escape(text) == sax_escape(text)


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        ("", ""),
        ("no citation [@ here] [x]", "no citation [@ here] [x]"),
        ("a [@k] b", "a ([@k]) b"),  # an unknown key is written back as typed
        ("[@a] [@b][@c].", "([@a]; [@b]; [@c])."),
    ],
)
def test_citations_are_resolved_with_or_without_the_shortcut(text: str, resolved: str) -> None:
    from generator.plan.references import resolve_citations

    assert resolve_citations(text, {}) == resolved


def test_each_load_reads_the_files_as_they_are_now(tmp_path: Path) -> None:
    from generator.audience.load import load_workshop

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
    from generator.outputs.deck import package as deck_package

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
    from generator.outputs.deck import render as deck
    from generator.outputs.deck import template as deck_template

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

    from generator.outputs.deck.package import partnames_tracked

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


REAL_CORE_FREE = parallel.core_free


@pytest.fixture(autouse=True)
def _a_core_is_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork as on an idle machine, whatever else runs on this one (see the test below)."""
    monkeypatch.setattr(parallel, "core_free", lambda: True)


def test_with_no_core_free_a_build_runs_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "core_free", lambda: False)
    pid = lambda: str(os.getpid()).encode()  # noqa: E731
    data, _ = parallel.run_split([pid, pid, pid], 2)
    assert set(data) == {str(os.getpid()).encode()}


@pytest.mark.skipif(not Path("/proc/loadavg").exists(), reason="Linux's count of running processes")
def test_core_free_counts_the_running_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    # This process is running while it reads the count: with one core, none is free.
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert not REAL_CORE_FREE()
    monkeypatch.setattr(parallel, "cores", lambda: 100_000)
    assert REAL_CORE_FREE()


def test_forked_build_matches_serial_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = _digests(CANONICAL, tmp_path)
    monkeypatch.setattr(parallel, "available", lambda: False)
    assert _digests(CANONICAL, tmp_path) == forked
    assert len(forked) == 3


def _pieces(*values: bytes | Exception) -> list[Callable[[], bytes]]:
    def piece(value: bytes | Exception) -> Callable[[], bytes]:
        def run() -> bytes:
            if isinstance(value, Exception):
                raise value
            return value

        return run

    return [piece(v) for v in values]


@pytest.mark.parametrize("in_child", [0, 1, 2, 3])
def test_run_split_returns_every_piece_in_order(in_child: int) -> None:
    data, seconds = parallel.run_split(
        _pieces(b"deck" * 100_000, b"handout", b"", b"guide"), in_child
    )
    assert data == [b"deck" * 100_000, b"handout", b"", b"guide"]
    assert len(seconds) == 4 and all(s >= 0 for s in seconds)


@pytest.mark.parametrize("in_child", [1, 2])
def test_run_split_raises_errors_in_serial_order(in_child: int) -> None:
    deck_failed, handout_failed = RenderError("the deck failed"), ValueError("the handout failed")
    with pytest.raises(RenderError, match="the deck failed"):
        parallel.run_split(_pieces(deck_failed, handout_failed, b"guide"), in_child)
    with pytest.raises(RenderError, match="the deck failed"):
        parallel.run_split(_pieces(deck_failed, b"fine", b"guide"), in_child)
    with pytest.raises(ValueError, match="the handout failed"):
        parallel.run_split(_pieces(b"fine", handout_failed, b"guide"), in_child)
    with pytest.raises(ValueError, match="the guide failed"):
        parallel.run_split(_pieces(b"fine", b"fine", ValueError("the guide failed")), in_child)


@pytest.mark.skipif(not parallel.available(), reason="needs Linux and two cores to fork")
def test_run_split_runs_the_first_pieces_in_another_process() -> None:
    pid = lambda: str(os.getpid()).encode()  # noqa: E731
    data, _ = parallel.run_split([pid, pid, pid], 2)
    assert data[0] == data[1] != data[2] == str(os.getpid()).encode()


@pytest.mark.parametrize(
    ("last", "in_child"),
    [
        ([None, None, None], 1),  # a first build: the deck alone
        ([0.035, None, 0.055], 1),
        ([0.035, 0.015, 0.055], 2),  # warm rebuild of the sample: deck + handout | guide
        ([0.300, 0.015, 0.100], 1),  # a long deck: deck | handout + guide
        ([0.010, 0.010, 0.010], 1),  # a tie: the fewest in the child
        ([0.035, 0.055], 1),
        ([0.035], 0),
    ],
)
def test_child_share_balances_the_last_times(last: list[float | None], in_child: int) -> None:
    from generator.build import _child_share

    assert _child_share(last) == in_child


def test_a_rebuild_splits_where_the_last_build_balanced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import build

    asked: list[int] = []
    real = parallel.run_split

    def recording(pieces: list[Callable[[], bytes]], in_child: int, **kw: bool) -> object:
        asked.append(in_child)
        return real(pieces, in_child, **kw)

    monkeypatch.setattr(parallel, "run_split", recording)
    monkeypatch.setattr(build, "_last_seconds", {})
    job = Job(CANONICAL, None, tmp_path)
    options = BuildOptions(out=tmp_path, practice=PRACTICE)
    first = render_job(job, options)
    monkeypatch.setattr(build, "_child_share", lambda last: 2 if None not in last else 9)
    second = render_job(job, options)
    assert asked == [1, 2]
    assert first.files == second.files
    assert set(build._last_seconds) == {(job, kind) for kind in ("deck", "handout", "guide")}


# --------------------------------------------------------------------------- parsed once


def test_paragraphs_parsed_once_give_reportlabs_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.platypus import Paragraph

    from generator.outputs import pdfbase

    options = dict(only=("handout", "guide"))
    monkeypatch.setattr(pdfbase, "_PARSED", {})
    first = _digests(ALL_KINDS, tmp_path, **options)
    assert pdfbase._PARSED  # the first build filled the cache ...
    assert _digests(ALL_KINDS, tmp_path, **options) == first  # ... the second used it
    monkeypatch.setattr(pdfbase.OnceWrapped, "__init__", Paragraph.__init__)
    assert _digests(ALL_KINDS, tmp_path, **options) == first  # reportlab parsing every time


def test_equal_styles_share_parsed_paragraphs_and_different_ones_do_not() -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    from generator.outputs.pdfbase import OnceWrapped

    base = ParagraphStyle("x", fontName="Helvetica", fontSize=11)
    same = ParagraphStyle("x", fontName="Helvetica", fontSize=11)
    red = ParagraphStyle("x", fontName="Helvetica", fontSize=11, textColor=colors.red)
    a, b, c = (OnceWrapped("A <b>bold</b> word", style) for style in (base, same, red))
    assert a.frags is b.frags
    assert c.frags is not a.frags and c.frags[0].textColor == colors.red


# --------------------------------------------------------------------------- kept worker

needs_fork = pytest.mark.skipif(not parallel.available(), reason="needs Linux and two cores")


def _pid() -> bytes:
    return str(os.getpid()).encode()


def _fail() -> bytes:
    raise RenderError("the deck failed in the worker")


@pytest.fixture
def worker() -> object:
    yield
    parallel.stop_worker()


@needs_fork
def test_the_kept_worker_is_one_process_for_every_call(worker: object) -> None:
    first, _ = parallel.run_split([_pid, _pid], 1, keep_worker=True)
    second, _ = parallel.run_split([_pid, _pid], 1, keep_worker=True)
    assert first[0] == second[0] != first[1] == second[1] == _pid()


@needs_fork
def test_the_kept_worker_reports_errors_in_order_and_lives_on(worker: object) -> None:
    with pytest.raises(RenderError, match="failed in the worker"):
        parallel.run_split([_fail, _pid], 1, keep_worker=True)
    with pytest.raises(RenderError, match="failed in the worker"):
        parallel.run_split([_fail, lambda: _fail() + b"x"], 1, keep_worker=True)
    data, _ = parallel.run_split([_pid, _pid], 1, keep_worker=True)
    assert data[0] != data[1]


@pytest.mark.parametrize("keep_worker", [False, True])
def test_without_a_process_to_fork_everything_runs_here(
    keep_worker: bool, worker: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "available", lambda: True)
    monkeypatch.setattr(os, "fork", no_fork)
    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    data, seconds = parallel.run_split([_pid, _pid], 1, keep_worker=keep_worker)
    assert data == [_pid(), _pid()] and len(seconds) == 2
    if open_before:
        assert len(os.listdir("/proc/self/fd")) == open_before  # no pipe left open
    assert parallel._Worker.current is None


def _die_in_a_worker() -> bytes:
    if parallel._in_child:
        os._exit(1)
    return b"done here"


@needs_fork
def test_a_dead_worker_is_replaced(worker: object) -> None:
    import signal

    before, _ = parallel.run_split([_pid, _pid], 1, keep_worker=True)
    os.kill(int(before[0]), signal.SIGKILL)  # dies between two jobs
    os.waitpid(int(before[0]), 0)
    after, _ = parallel.run_split([_pid, _pid], 1, keep_worker=True)
    assert after[0] not in (before[0], _pid())
    # Dies during a job: its pieces run here instead, and the next job has a new worker.
    data, _ = parallel.run_split([_die_in_a_worker, _pid], 1, keep_worker=True)
    assert data == [b"done here", _pid()]
    again, _ = parallel.run_split([_pid, _pid], 1, keep_worker=True)
    assert again[0] not in (after[0], _pid())


def test_pieces_that_cannot_pickle_run_in_a_child_of_their_own(worker: object) -> None:
    data, _ = parallel.run_split([lambda: b"deck", lambda: b"guide"], 1, keep_worker=True)
    assert data == [b"deck", b"guide"]
    assert parallel._Worker.current is None


@pytest.mark.parametrize("template", [None, LO_TEMPLATE], ids=["default", "template"])
def test_a_kept_worker_builds_the_same_bytes(
    template: Path | None, tmp_path: Path, worker: object
) -> None:
    job = Job(CANONICAL, None, tmp_path)
    options = BuildOptions(out=tmp_path, practice=PRACTICE, template=template)
    serial = render_job(job, options, split=False).files
    for _ in range(3):  # the first rebuild starts the worker; the next ones reuse it
        assert render_job(job, options, keep_worker=True).files == serial


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

    from generator.outputs.handout.parts import qr_runs

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
    """Widths are Pillow's own (ImageFont at 1000 pt, basic layout), for every bundled face."""
    from PIL import ImageFont

    from generator.outputs.deck.textfit import text_width
    from generator.source.fonts import bundled

    texts = ["Attachment", "co-regulation, safety", "AVATAR Wave", "é ü “quoted” —", "", " "]
    for family in ("Carlito", "Liberation Sans"):
        files = bundled(family)
        for path in (files.regular, files.bold, files.italic, files.bold_italic):
            pillow = ImageFont.truetype(path, 1000, layout_engine=ImageFont.Layout.BASIC)
            for size in (12, 18.5, 40):
                for text in texts:
                    assert text_width(text, path, size) == pillow.getlength(text) * size / 1000
    with pytest.raises(ValueError, match="too many characters"):
        text_width("x" * 1_000_001, bundled().regular, 12)


def test_a_pillow_whose_private_font_module_differs_is_measured_through_imagefont(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pillow's ``_imagingft`` is private: when its call shape changes, widths come from
    ``ImageFont`` (the same numbers), not an error."""
    import types

    import PIL
    from PIL import ImageFont  # noqa: F401 (holds the real module, as it would)

    from generator.outputs.deck import textfit
    from generator.source.fonts import bundled

    path = str(bundled().regular)
    direct = textfit._measure(path)

    def changed(*args: object, **kwargs: object) -> object:
        raise TypeError("getfont() takes other arguments now")

    textfit._measure.cache_clear()
    monkeypatch.setattr(PIL, "_imagingft", types.SimpleNamespace(getfont=changed))
    try:
        through = textfit._measure(path)
        for text in ("Attachment", "é ü “quoted” —", ""):
            assert through(text) == direct(text)
        assert through is not direct
    finally:
        textfit._measure.cache_clear()


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
        assert "missing.yaml:1:1: outline: this file does not exist" in result.stderr


# --------------------------------------------------------------------------- PDF


def test_once_wrapped_paragraph_wraps_like_reportlab() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from generator.outputs.pdfbase import OnceWrapped

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

    from generator.outputs.guide import styles as guide_styles
    from generator.outputs.handout import render as handout
    from generator.outputs.tagging import Tagged

    fast = _digests(CANONICAL, tmp_path, only=("handout", "guide"))
    monkeypatch.setattr(guide_styles, "OnceWrapped", Paragraph)
    # The handout's paragraphs are tagged OnceWrapped ones: the same tagging over reportlab's.
    plain = type("TaggedPlainParagraph", (Tagged, Paragraph), {"label": None})
    monkeypatch.setattr(handout, "TaggedParagraph", plain)
    assert _digests(CANONICAL, tmp_path, only=("handout", "guide")) == fast


def test_deck_is_built_from_the_template_bytes_that_were_measured(tmp_path: Path) -> None:
    import dataclasses
    import shutil

    from generator.build import plan_job
    from generator.outputs.deck import render as deck
    from generator.outputs.deck import template as deck_template

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


# --------------------------------------------------------------------------- fonts and images


def _fonttools_codepoints(data: bytes) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


@pytest.mark.parametrize("font", sorted((ROOT / "generator" / "fonts").glob("*.ttf")), ids=str)
def test_cmap_reader_gives_fonttools_code_points(font: Path) -> None:
    from generator.source.glyphs import best_cmap_codepoints

    data = font.read_bytes()
    assert best_cmap_codepoints(data) == _fonttools_codepoints(data)


def _built_font(cmap: dict[int, str]) -> bytes:
    """Return a small TrueType font mapping ``cmap`` (fontTools writes formats 4 and 12)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", *sorted(set(cmap.values()))]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(cmap)
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in names})
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Probe", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "codes",
    [
        [0x41, 0x42, 0x43, 0xE9, 0x2014],  # the Basic Multilingual Plane: format 4
        [0x41, 0x1F600, 0x1F601, 0x20000],  # beyond it: format 12 is the best subtable
        list(range(0x20, 0x7F, 3)) + [0xFFFD],  # scattered codes: offsets into the glyph array
    ],
)
def test_cmap_reader_matches_fonttools_on_built_fonts(codes: list[int]) -> None:
    from generator.source.glyphs import best_cmap_codepoints

    data = _built_font({code: f"g{code:X}" for code in codes})
    assert best_cmap_codepoints(data) == _fonttools_codepoints(data) == frozenset(codes)


def test_cmap_reader_leaves_what_it_does_not_read_to_fonttools() -> None:
    from generator.source.glyphs import best_cmap_codepoints

    assert best_cmap_codepoints(b"ttcf" + bytes(64)) is None  # a collection
    assert best_cmap_codepoints(b"\0\1\0\0" + bytes(4)) is None  # no tables at all
    assert best_cmap_codepoints(b"") is None


def test_font_code_points_are_read_again_when_the_file_changes(tmp_path: Path) -> None:
    from generator.source.glyphs import _codepoints

    font = tmp_path / "probe.ttf"
    font.write_bytes(_built_font({0x41: "A"}))
    assert _codepoints(font) == {0x41}
    font.write_bytes(_built_font({0x41: "A", 0x42: "B"}))
    os.utime(font, ns=(1, 1))  # a different modification time even on a coarse clock
    assert _codepoints(font) == {0x41, 0x42}


def test_an_image_is_checked_again_when_the_file_changes(tmp_path: Path) -> None:
    from PIL import Image

    from generator.source.validate import image_problem

    picture = tmp_path / "p.png"
    Image.new("RGB", (8, 8), "white").save(picture)
    assert image_problem(picture) is None
    picture.write_bytes(picture.read_bytes()[:40])  # truncated
    assert image_problem(picture) is not None
    Image.new("RGB", (8, 8), "white").save(picture)
    os.utime(picture, ns=(1, 1))
    assert image_problem(picture) is None


def _png_variants() -> dict[str, bytes]:
    """Return PNGs of every kind Pillow writes: the plain ones and those left to Pillow."""
    from PIL import Image

    made = {}
    for mode in ("L", "LA", "RGB", "RGBA", "I;16", "P", "1"):
        for interlace in (False, True):
            image = Image.new(mode, (37, 23))
            image.putpixel((3, 4), 1)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=interlace, interlace=interlace)
            made[f"{mode}{'-interlaced' if interlace else ''}"] = out.getvalue()
    return made


def _pillow_decodes(data: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # any refusal is a refusal
        return False
    return True


def test_the_plain_png_check_accepts_only_what_pillow_decodes() -> None:
    import random
    import struct
    import zlib

    from generator.source.png import plain_png_ok

    rng = random.Random(23)
    accepted = 0
    for name, data in _png_variants().items():
        assert _pillow_decodes(data), name
        accepted += plain_png_ok(data, 40_000_000)
        cases = [data[:cut] for cut in (8, 33, len(data) // 2, len(data) - 5)]
        # Garbage with right checksums: bytes of the compressed data changed, CRC recomputed.
        at = data.index(b"IDAT") - 4
        length = struct.unpack_from(">I", data, at)[0]
        for _ in range(40):
            body = bytearray(data[at + 8 : at + 8 + length])
            body[rng.randrange(len(body))] = rng.randrange(256)
            chunk = b"IDAT" + bytes(body)
            crc = struct.pack(">I", zlib.crc32(chunk))
            cases.append(data[: at + 4] + chunk + crc + data[at + 12 + length :])
        for case in cases:
            if plain_png_ok(case, 40_000_000):
                assert _pillow_decodes(case), name
    assert accepted >= 4  # grey, grey and alpha, RGB, RGBA at least
    # The outlines' own pictures take the quick path.
    for picture in (ROOT / "assets").glob("*.png"):
        assert plain_png_ok(picture.read_bytes(), 40_000_000)


def _png_of(width: int, height: int, raw: bytes, *, tail: bytes = b"", cut: int = 0) -> bytes:
    """Return an 8-bit RGB PNG whose IDAT is ``raw`` deflated (``cut`` bytes short, ``tail``
    appended), every checksum right."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + checksum

    data = zlib.compress(raw)
    data = data[: len(data) - cut] + tail
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def test_the_plain_png_check_reads_a_picture_bigger_than_a_block_as_a_whole() -> None:
    """Inflated block by block, the check gives what inflating it in one buffer gave."""
    import random
    import zlib

    from generator.source import png

    def one_buffer(data: bytes, stride: int, rows: int) -> bool:  # the check before blocks
        start = data.index(b"IDAT") + 4
        length = int.from_bytes(data[start - 8 : start - 4], "big")
        inflate = zlib.decompressobj()
        try:
            raw = inflate.decompress(data[start : start + length], stride * rows + 1)
        except zlib.error:
            return False
        if len(raw) != stride * rows or not inflate.eof or inflate.unused_data:
            return False
        return max(raw[::stride]) <= 4

    rng = random.Random(9)
    width, height = 400, 300
    stride = width * 3 + 1
    assert stride * height > 4 * png._BLOCK  # several blocks, rows across their edges
    rows = [bytes([row % 5]) + rng.randbytes(stride - 1) for row in range(height)]
    raw = b"".join(rows)
    cases = {"whole": _png_of(width, height, raw)}
    for row in [0, 1, height - 1, *rng.sample(range(height), 30)]:
        bad = bytearray(raw)
        bad[row * stride] = rng.choice([5, 6, 255])
        cases[f"filter byte of row {row}"] = _png_of(width, height, bytes(bad))
    cases["a byte short"] = _png_of(width, height, raw[:-1])
    cases["a byte more"] = _png_of(width, height, raw + b"\x00")
    cases["a row short"] = _png_of(width, height, raw[:-stride])
    cases["data after the stream"] = _png_of(width, height, raw, tail=b"\x00")
    cases["stream cut short"] = _png_of(width, height, raw, cut=9)
    for name, data in cases.items():
        expected = one_buffer(data, stride, height)
        assert png.plain_png_ok(data, 40_000_000) is expected, name
        assert expected is (name == "whole"), name


def test_the_plain_png_check_leaves_big_pictures_to_the_limit() -> None:
    from generator.source.png import plain_png_ok

    data = _png_variants()["RGB"]
    assert plain_png_ok(data, 37 * 23)
    assert not plain_png_ok(data, 37 * 23 - 1)


def test_only_the_command_itself_pauses_the_collector() -> None:
    """A program (or a test) calling the CLI in-process keeps its garbage collector."""
    import gc

    assert gc.isenabled()
    result = CliRunner().invoke(cli, ["validate", str(CANONICAL), "--practice", str(PRACTICE)])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()


def test_resume_undoes_only_what_pause_did() -> None:
    import gc

    from generator import build

    try:
        build.pause_collector()
        assert not gc.isenabled()
        build.resume_collector()
        assert gc.isenabled()
        gc.disable()  # someone else's choice (build --watch, a forked renderer): left alone
        build.pause_collector()
        build.resume_collector()
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


COLLECTOR_PROBE = """
import gc, sys
import generator.build as build, generator.parallel as parallel
parallel.cores = lambda: 1
seen = []
render_job = build.render_job
def recording(*args, **kwargs):
    seen.append(gc.isenabled())
    return render_job(*args, **kwargs)
build.render_job = recording
sys.argv = ["workshop", *sys.argv[1:]]
import os
real_exit = os._exit
def leave(code):
    print("collector on per job:", seen, file=sys.stderr, flush=True)
    real_exit(code)
os._exit = leave
from generator.cli import main
main()
"""


def test_a_build_of_several_jobs_collects_from_the_second_on(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", COLLECTOR_PROBE, "build", str(CANONICAL), "--all-audiences",
         "--practice", str(PRACTICE), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "collector on per job: [False, True, True]" in run.stderr


def _reportlab_face_attributes(path: Path, quick: bool) -> dict[str, object]:
    """Return every attribute of a reportlab face of ``path``, read in bulk or by reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace, TTFontFile, TTFontParser

    import generator.outputs.pdfbase  # noqa: F401 - installs the bulk reader

    if quick:
        face = TTFontFace(str(path))
    else:
        face = TTFontFace.__new__(TTFontFace)
        pdfmetrics.TypeFace.__init__(face, None)
        TTFontParser.__init__(face, str(path))
        TTFontFile.extractInfo(face)  # reportlab's own reading, two bytes at a time
    found = {key: value for key, value in vars(face).items() if key != "_pdfScale"}
    # The maps in the same order, and the advances of the same types (int or float).
    found["order"] = [list(face.charToGlyph), list(face.glyphToChar), list(face.charWidths)]
    found["types"] = [type(width).__name__ for width, _ in face.hmetrics]
    return found


@pytest.mark.parametrize("font", sorted((ROOT / "generator" / "fonts").glob("*.ttf")), ids=str)
def test_bulk_font_reading_gives_reportlabs_attributes(font: Path) -> None:
    assert _reportlab_face_attributes(font, True) == _reportlab_face_attributes(font, False)


@pytest.mark.parametrize(
    "codes",
    [
        [0x41, 0x42, 0x43, 0xE9, 0xA0, 0x2014],  # format 4, and no space: U+00A0 stands in
        [0x20, 0x41, 0x1F600, 0x1F601, 0x20000],  # format 12
        list(range(0x20, 0x7F, 3)) + [0xFFFD],  # offsets into the glyph id array
    ],
)
def test_bulk_font_reading_matches_reportlab_on_built_fonts(
    codes: list[int], tmp_path: Path
) -> None:
    font = tmp_path / "probe.ttf"
    font.write_bytes(_built_font({code: f"g{code:X}" for code in codes}))
    assert _reportlab_face_attributes(font, True) == _reportlab_face_attributes(font, False)


def test_a_font_the_bulk_reader_does_not_read_is_left_to_reportlab(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.outputs import ttfquick

    monkeypatch.setattr(ttfquick, "_cmap", lambda data, at: None)  # "a format it does not read"
    font = ROOT / "generator" / "fonts" / "Carlito-Regular.ttf"
    assert _reportlab_face_attributes(font, True) == _reportlab_face_attributes(font, False)


@pytest.mark.parametrize(
    "counts",
    [
        [1, 1, 1, 1, 1, 1],
        [None, 2, 1, 1, 1, 1],
        [3, 2, 2, 2, 2, 2],
        [None, None, None, None, None, 4],
        [2, None, 1, None, 1, 1],
        [None, None, None, None, None, None],
    ],
)
def test_split_sizes_stops_at_one_part_with_the_answer_of_trying_every_size(
    counts: list[int | None],
) -> None:
    """The fitter stops at the first (largest) size whose content fits one part: the answer
    trying every size gives, since no size gives fewer parts."""
    from generator.outputs.deck.textfit import BODY_SIZES, _split_sizes

    found = {s: None if n is None else [[s]] * n for s, n in zip(BODY_SIZES, counts, strict=True)}
    asked: list[float] = []

    def make(size: float) -> list | None:
        asked.append(size)
        return found[size]

    possible = {s: p for s, p in found.items() if p is not None}
    if not possible:
        with pytest.raises(ValueError):
            _split_sizes(make)
        return
    fewest = min(len(p) for p in possible.values())
    best = max(s for s, p in possible.items() if len(p) == fewest)
    assert _split_sizes(make) == (best, possible[best])
    if fewest == 1:
        assert asked[-1] == best  # nothing smaller was measured


def test_missing_in_gives_each_missing_character_once_in_order() -> None:
    """The one-set-test shortcut answers as looking at each character did."""
    from generator.source.fonts import bundled
    from generator.source.glyphs import drawable, missing_in

    codepoints = frozenset(map(ord, "abc "))
    for text in ["", "abc", "a b\tc\n", "xaybxz", "é\u2028ü é", "\x01a\x01", "a\u00a0b"]:
        slow = [c for c in dict.fromkeys(text) if not c.isspace() and ord(c) not in codepoints]
        assert missing_in(text, codepoints) == slow, text
    assert missing_in("xaybxz", codepoints) == ["x", "y", "z"]
    # The fonts' common set is the same object while they are unchanged (looked up by identity).
    families = [bundled("Carlito"), bundled("Liberation Sans")]
    assert drawable(families) is drawable(families)
    assert missing_in("a\u2603", drawable(families)) == ["\u2603"]


def test_walks_give_what_the_nested_generators_gave() -> None:
    """validate.walk and the tree walk list what the generator walks they replaced yielded."""
    from generator.audience.load import load_workshop
    from generator.audience.tree import (
        SINGLE,
        SKIP_SUBTREES,
        is_element,
        mark_dropped,
        to_tree,
        walk,
    )
    from generator.source.validate import walk as walk_model

    def model_values(node: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
        yield path, node
        if hasattr(type(node), "model_fields"):  # a model, whatever its base class
            for name, info in type(node).model_fields.items():
                yield from model_values(getattr(node, name), (*path, info.alias or name))
        elif isinstance(node, (list, tuple)):
            for index, item in enumerate(node):
                yield from model_values(item, (*path, index))
        elif isinstance(node, dict):
            for key, item in node.items():
                yield from model_values(item, (*path, key))

    def elements(node: object, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
        if isinstance(node, dict):
            if "\x00drop" in node:
                return
            if path and is_element(node) and (isinstance(path[-1], int) or path[-1] in SINGLE):
                yield path, node
            for key, value in node.items():
                if not path and key in SKIP_SUBTREES:
                    continue
                yield from elements(value, (*path, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from elements(item, (*path, i))

    for outline_file, audience in [(CANONICAL, "couples-120"), (ALL_KINDS, None)]:
        outline = load_workshop(outline_file, audience).outline
        assert walk_model(outline) == list(model_values(outline))
        tree = to_tree(outline)
        assert walk(tree) == list(elements(tree))
        mark_dropped(tree["sections"][1])
        mark_dropped(tree["sections"][0]["slides"][0])
        assert walk(tree) == list(elements(tree))


def test_library_patterns_compiled_on_first_use_match_as_the_real_ones() -> None:
    """Each library gets its stand-in (the pattern copied is still the library's), and each
    stand-in matches as the real pattern does; a library whose pattern changed fails here."""
    script = """
import re
import generator
from generator.lazy_patterns import CompiledOnUse
import pikepdf.models.metadata._constants as pikepdf_constants
import reportlab.lib.textsplit as textsplit
import reportlab.platypus.paragraph as paragraph
import yaml.reader
texts = ["https://www.example.org/a/b?c=1", "HTTP://Ünï.example/x", "ftp://1.2.3.4:21/",
         "mailto:x@example.org", "plain text", "https://localhost/", "//x", "a\\x01b",
         "tab\\tok", "\\ufffe", "漢字 kana カナ", "\\U0001f600", "\\x85\\x7f"]
for stand_in in [paragraph.uri_pat, textsplit.rx, yaml.reader.Reader.NON_PRINTABLE,
                 pikepdf_constants.re_xml_illegal_chars]:
    assert type(stand_in) is CompiledOnUse, "a library's pattern changed: update lazy_patterns"
    pattern, flags = stand_in._key[1:]
    real = re.compile(pattern, flags ^ re.UNICODE)  # the same pattern (str patterns are
    # Unicode either way) under another key of re's cache
    for text in texts:
        for method in ("match", "search"):
            got, want = getattr(stand_in, method)(text), getattr(real, method)(text)
            assert (got and got.span()) == (want and want.span()), (pattern, text)
    assert isinstance(re.compile(pattern, flags), re.Pattern)  # once used, the real one
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
