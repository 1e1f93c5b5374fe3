"""``workshop preview``: PNG thumbnails, a contact sheet, a clear message without LibreOffice."""

from __future__ import annotations

import os
import subprocess
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


def _fake_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, soffice: str, pdftoppm: str):
    """Put shell scripts named soffice and pdftoppm first on PATH; return their folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("soffice", soffice), ("pdftoppm", pdftoppm)):
        script = bin_dir / name
        script.write_text("#!/bin/sh\n" + body + "\n")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return bin_dir


def _run_preview(tmp_path: Path):
    return CliRunner().invoke(
        cli,
        [
            "preview",
            str(FIXTURES / "all-kinds.yaml"),
            "--practice",
            str(PRACTICE),
            "--out",
            str(tmp_path / "p"),
        ],
    )


@pytest.mark.skipif(os.name == "nt", reason="the fake tools are shell scripts")
def test_failing_libreoffice_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_tools(
        tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2\nexit 1", "exit 0"
    )
    result = _run_preview(tmp_path)
    assert result.exit_code == 2, result.output
    assert "LibreOffice could not convert deck.pptx: Error: source file could not be loaded" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, subprocess.SubprocessError)


@pytest.mark.skipif(os.name == "nt", reason="the fake tools are shell scripts")
def test_libreoffice_timeout_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_tools(tmp_path, monkeypatch, "exec sleep 30", "exit 0")
    monkeypatch.setattr(preview_module, "SOFFICE_TIMEOUT", 1)
    result = _run_preview(tmp_path)
    assert result.exit_code == 2, result.output
    assert "LibreOffice did not finish converting deck.pptx within 1 seconds" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.name == "nt", reason="the fake tools are shell scripts")
def test_failing_pdftoppm_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake soffice "converts" by writing an empty PDF next to the deck (its last argument
    # is the deck, the one before it the output folder); pdftoppm then refuses it.
    soffice = 'for last; do :; done\nout=$(dirname "$last")\ntouch "$out/deck.pdf"'
    _fake_tools(tmp_path, monkeypatch, soffice, "echo 'Syntax Error: broken PDF' >&2\nexit 99")
    result = _run_preview(tmp_path)
    assert result.exit_code == 2, result.output
    assert "pdftoppm could not draw the pages of deck.pdf: Syntax Error: broken PDF" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_unwritable_preview_folder_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(preview_module, "find_pdftoppm", lambda: "pdftoppm")
    blocker = tmp_path / "p"
    blocker.write_text("a file where the preview folder should go")
    result = CliRunner().invoke(
        cli,
        [
            "preview",
            str(FIXTURES / "all-kinds.yaml"),
            "--practice",
            str(PRACTICE),
            "--out",
            str(blocker / "inner"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "cannot write this file" in result.output
    assert "Traceback" not in result.output
