"""``workshop preview``: PNG thumbnails, a contact sheet, a clear message without LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import preview as preview_module
from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PRACTICE = ROOT / "assets" / "practice.yaml"

try:  # tests/ may or may not be a package
    from tests.conftest import require_tool
except ImportError:  # pragma: no cover
    from conftest import require_tool


def test_missing_libreoffice_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(preview_module.Path, "is_file", lambda self: False)
    monkeypatch.setattr(preview_module.platform, "system", lambda: "Linux")
    result = CliRunner().invoke(
        cli, ["preview", str(FIXTURES / "all-kinds.yaml"), "--out", str(tmp_path / "p")]
    )
    assert result.exit_code == 2
    assert "needs LibreOffice" in result.output
    assert "apt-get install libreoffice-impress" in result.output
    assert "macOS: the LibreOffice app" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "p").exists()


@pytest.mark.consumer
def test_preview_writes_thumbnails_and_contact_sheet(tmp_path: Path) -> None:
    require_tool("soffice")
    require_tool("pdftoppm")
    from PIL import Image

    out = tmp_path / "preview"
    result = CliRunner().invoke(
        cli,
        [
            "preview",
            str(FIXTURES / "all-kinds.yaml"),
            "--practice",
            str(PRACTICE),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    slides = sorted(out.glob("slide-*.png"))
    pages = sorted(out.glob("handout-page-*.png"))
    # all-kinds.yaml has 10 slides (none split) and a one- or two-page handout.
    assert [p.name for p in slides] == [f"slide-{n:02d}.png" for n in range(1, 11)]
    assert 1 <= len(pages) <= 2
    with Image.open(slides[0]) as img:
        assert img.width > img.height  # a landscape slide
    with Image.open(out / "contact-sheet.png") as sheet:
        # 4 columns, 3 rows of 360-pixel thumbnails with gaps.
        assert sheet.width == 16 + 4 * (360 + 16)
        assert sheet.height > 3 * 200
    assert "Wrote 10 slide thumbnails" in result.output
