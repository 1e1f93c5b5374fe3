"""Real consumers on full builds of the canonical outline, for every audience.

qpdf and pdffonts read every PDF; LibreOffice opens every deck (with the default look and with a
template LibreOffice itself saved) and every word must lie inside its box. Each deck is built
once and converted once per session (module-scoped caches): a LibreOffice conversion takes
several seconds.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest

from generator.audience.load import list_audiences
from generator.build import BuildOptions, Job, render_job

try:  # tests/ may or may not be a package
    from tests.conftest import require_tool
except ImportError:  # pragma: no cover
    from conftest import require_tool

pytestmark = pytest.mark.consumer

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
LO_TEMPLATE = ROOT / "tests" / "fixtures" / "templates" / "libreoffice-4x3.pptx"
AUDIENCES = [a.name for a in list_audiences(CANONICAL)]
TEMPLATES = {"default": None, "libreoffice-template": LO_TEMPLATE}


@cache
def build(audience: str, template: str) -> dict[str, bytes]:
    """Return the deck, handout and guide bytes of one audience, built once per session."""
    rendered = render_job(
        Job(CANONICAL, audience, Path("out")),
        BuildOptions(practice=PRACTICE, template=TEMPLATES[template]),
    )
    kinds = {
        ".pptx": "deck",
        " - Client Handout.pdf": "handout",
        " - Facilitator Guide.pdf": "guide",
    }
    out = {}
    for path, data in rendered.files.items():
        for suffix, kind in kinds.items():
            if path.name.endswith(suffix):
                out[kind] = data
    assert set(out) == {"deck", "handout", "guide"}
    return out


@cache
def overflow(audience: str, template: str):  # deck_verify's report
    """Return LibreOffice's overflow report for one deck, converted once per session."""
    from generator.check.deck_overflow import check_overflow

    return check_overflow(build(audience, template)["deck"])


def test_canonical_outline_has_audiences() -> None:
    assert len(AUDIENCES) >= 3


@pytest.mark.parametrize("kind", ["handout", "guide"])
@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("audience", AUDIENCES)
def test_qpdf_check_is_clean(audience: str, template: str, kind: str, tmp_path: Path) -> None:
    qpdf = require_tool("qpdf")
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(build(audience, template)[kind])
    result = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["handout", "guide"])
@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdffonts_all_embedded(audience: str, template: str, kind: str, tmp_path: Path) -> None:
    pdffonts = require_tool("pdffonts")
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(build(audience, template)[kind])
    result = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in result.stdout.splitlines()[2:] if line.strip()]
    assert rows, "the PDF uses no fonts at all"
    # Columns: name type [type] encoding emb sub uni id gen; "emb" is fifth from the end.
    not_embedded = {row[0] for row in rows if row[-5] != "yes"}
    # Open-source reportlab can give form fields only a standard PDF font (Helvetica, which
    # every PDF reader has built in); everything printed on the page must be embedded.
    allowed = {"Helvetica"} if kind == "handout" and has_form(pdf) else set()
    assert not_embedded <= allowed, result.stdout


def has_form(pdf: Path) -> bool:
    """Return True when the PDF has fillable form fields."""
    from pypdf import PdfReader

    return "/AcroForm" in PdfReader(pdf).trailer["/Root"]


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("audience", AUDIENCES)
def test_libreoffice_opens_deck_without_overflow(audience: str, template: str) -> None:
    require_tool("soffice")
    require_tool("pdftotext")
    report = overflow(audience, template)
    assert report.pages == report.slides > 10
    assert report.words > 100
    assert report.problems == ()
