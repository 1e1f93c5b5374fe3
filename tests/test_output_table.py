"""The table of outputs: one row is all the CLI, the build, ``workshop check`` and preview need.

A test-only output is added as one row (monkeypatched into :data:`generator.outputs.OUTPUTS`)
and its module (a throw-away module in ``sys.modules``); no other file knows it, yet ``--only``
accepts it, the build writes it, the check reads it for leaks and the preview draws it.
"""

from __future__ import annotations

import importlib
import io
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import outputs
from generator import preview as preview_module
from generator.cli import cli

try:  # tests/ may or may not be a package
    from tests.conftest import FIXTURES, PRACTICE, require_tool
except ImportError:  # pragma: no cover
    from conftest import FIXTURES, PRACTICE, require_tool

OUTLINE = FIXTURES / "all-kinds.yaml"
PROBE_MODULE = "workshop_probe_output"


def _first_note(inputs: outputs.RenderInputs) -> str:
    """Return the first speaker note of the plan's outline (facilitator-only text)."""
    return next(s.notes for sec in inputs.plan.outline.sections for s in sec.slides if s.notes)


def _probe_render(inputs: outputs.RenderInputs) -> bytes:
    """Return a one-page PDF that prints the title and, wrongly, the first speaker note."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.drawString(72, 720, f"Probe sheet: {inputs.plan.title}")
    canvas.drawString(72, 700, _first_note(inputs))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


PROBE = outputs.Output(
    name="probe",
    file_name="{stem} - Probe Sheet.pdf",
    label="probe sheet",
    module=PROBE_MODULE,
    reader="participant",
    default=False,
    preview="probe-page",
)


@pytest.fixture
def probe_row(monkeypatch: pytest.MonkeyPatch) -> outputs.Output:
    """Register the test-only output: its module and one row, nothing else."""
    module = types.ModuleType(PROBE_MODULE)
    setattr(module, "render", _probe_render)  # noqa: B010 (a module made here has no such name yet)
    monkeypatch.setitem(sys.modules, PROBE_MODULE, module)
    monkeypatch.setattr(outputs, "OUTPUTS", (*outputs.OUTPUTS, PROBE))
    return PROBE


def test_rows_are_distinct_and_each_module_renders() -> None:
    names = [row.name for row in outputs.OUTPUTS]
    assert len(set(names)) == len(names)
    files = [row.file_name for row in outputs.OUTPUTS]
    assert len(set(files)) == len(files)
    assert all("{stem}" in name for name in files)
    assert {row.suffix for row in outputs.OUTPUTS} <= {".pdf", ".pptx"}
    for row in outputs.OUTPUTS:
        assert callable(importlib.import_module(row.module).render), row.module


def test_the_three_outputs_keep_their_names_and_roles() -> None:
    rows = {row.name: row for row in outputs.OUTPUTS}
    assert outputs.default_names() == ("deck", "handout", "guide")
    assert (
        outputs.file_names("Talk").items()
        >= {
            "deck": "Talk - Slides.pptx",
            "handout": "Talk - Client Handout.pdf",
            "guide": "Talk - Facilitator Guide.pdf",
        }.items()
    )
    assert [n for n, r in rows.items() if r.client_facing] == ["handout"]
    assert [n for n, r in rows.items() if r.needs_slides] == ["deck", "guide", "slide-handout"]


def test_unknown_only_lists_the_table(probe_row: outputs.Output) -> None:
    result = CliRunner().invoke(cli, ["build", str(OUTLINE), "--only", "deck,poster"])
    assert result.exit_code == 2
    assert (
        "unknown output 'poster'; choose from deck, handout, guide, evaluation, signin, flyer, "
        "slide-handout, probe"
    ) in result.output


def test_a_new_row_is_built_only_when_asked(probe_row: outputs.Output, tmp_path: Path) -> None:
    from pypdf import PdfReader

    base = ["build", str(OUTLINE), "--practice", str(PRACTICE)]
    asked = CliRunner().invoke(cli, [*base, "--only", "probe", "--out", str(tmp_path / "a")])
    assert asked.exit_code == 0, asked.output
    made = sorted(p.name for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(made) == 1 and made[0].endswith(" - Probe Sheet.pdf")
    text = PdfReader(next((tmp_path / "a").rglob("*.pdf"))).pages[0].extract_text()
    assert text.startswith("Probe sheet: ")

    bare = CliRunner().invoke(cli, [*base, "--out", str(tmp_path / "b")])
    assert bare.exit_code == 0, bare.output
    suffixes = sorted(p.name.rsplit(" - ", 1)[1] for p in (tmp_path / "b").rglob("*.p*"))
    assert suffixes == ["Client Handout.pdf", "Facilitator Guide.pdf", "Slides.pptx"]


def test_check_reads_a_new_row_for_leaks(probe_row: outputs.Output) -> None:
    from generator.check import CheckOptions, check_workshop

    findings = check_workshop(OUTLINE, None, CheckOptions(practice=PRACTICE))
    leaks = [f for f in findings if "appears in the probe sheet (page 1)" in f.message]
    assert len(leaks) == 1
    assert leaks[0].where.endswith(".notes")
    # The three real outputs of this fixture leak nothing.
    assert [f.message for f in findings if "appears in the" in f.message] == [leaks[0].message]


def test_preview_draws_a_new_row(
    probe_row: outputs.Output, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("pdftoppm")

    def deck_as_one_page(pptx: Path, outdir: Path, soffice: str | None = None) -> Path:
        # LibreOffice's drawing of the deck is tested in test_preview; here a blank page.
        from reportlab.pdfgen.canvas import Canvas

        pdf = outdir / (pptx.stem + ".pdf")
        canvas = Canvas(str(pdf), invariant=True)
        canvas.showPage()
        canvas.save()
        return pdf

    monkeypatch.setattr(preview_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(preview_module, "deck_to_pdf", deck_as_one_page)
    out = tmp_path / "p"
    result = preview_module.preview(OUTLINE, None, out, practice=PRACTICE)
    assert list(result.pages) == ["deck", "handout", "probe"]
    assert [p.name for p in result.pages["probe"]] == ["probe-page-01.png"]
    assert (out / "probe-page-01.png").is_file()
    assert "and 1 probe page to" in preview_module.describe(result)[0]
