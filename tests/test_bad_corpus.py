"""The bad-input corpus: every file fails with exit code 2, located lines and nothing written.

Cases live in ``tests/bad/cases.yaml`` (file → expected message fragment, line, column);
``python tests/bad/make_corpus.py`` regenerates the files. Inputs that must not be committed
(a 10 MB file, symlinks) are made here in ``tmp_path``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import display_path

BAD = Path(__file__).parent / "bad"
FIXTURE = Path(__file__).parent / "fixtures" / "all-kinds.yaml"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))
LOCATED = re.compile(r"^.+:\d+:\d+: ")
SUMMARY = re.compile(r"^\d+ problems? found\.")


def _args(case: dict) -> list[str]:
    """Return the command-line arguments that load the case's file."""
    path = str(BAD / case["file"])
    if case["file"].startswith("practice/"):
        return [str(FIXTURE), "--practice", path]
    return [path]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _check_output(output: str, case: dict, path: Path) -> None:
    """Assert located lines only, no traceback, and the expected message at its place."""
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    problems = [line for line in lines if not SUMMARY.match(line)]
    assert problems, output
    for line in problems:
        assert LOCATED.match(line), f"not located: {line!r}"
    prefix = display_path(path)
    if "line" in case:
        prefix += f":{case['line']}:"
        if "column" in case:
            prefix += f"{case['column']}:"
    if "problems" in case:  # every problem is reported at once, one line each
        assert len(problems) == case["problems"], output
    assert any(line.startswith(prefix) and case["expect"] in line for line in problems), (
        f"expected {prefix} … {case['expect']!r} in:\n{output}"
    )


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert all((BAD / case["file"]).is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_validate_refuses_with_a_located_message(case: dict) -> None:
    result = CliRunner().invoke(cli, ["validate", *_args(case)])
    assert result.exit_code == 2, result.output
    _check_output(result.output, case, BAD / case["file"])


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if not c["file"].startswith("overlays/")],
    ids=[c["file"] for c in CASES if not c["file"].startswith("overlays/")],
)
def test_build_refuses_and_leaves_the_output_folder_alone(case: dict, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "Earlier - Slides.pptx").write_bytes(b"the last good deck")
    before = _snapshot(out)
    result = CliRunner().invoke(cli, ["build", *_args(case), "--out", str(out)])
    assert result.exit_code == 2, result.output
    _check_output(result.output, case, BAD / case["file"])
    assert _snapshot(out) == before


def test_ten_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    line = "  - " + "x" * 95 + "\n"
    big.write_text("title: Huge\nmaterials:\n" + line * (10 * 1024 * 1024 // len(line)))
    assert big.stat().st_size >= 10 * 1000 * 1000
    result = CliRunner().invoke(cli, ["validate", str(big)])
    assert result.exit_code == 2
    _check_output(result.output, {"expect": "the limit is 2 MB", "line": 1, "column": 1}, big)


def _outline_with_image(folder: Path, image: str) -> Path:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "      - {id: s-refs, kind: references",
        f"      - {{id: s-img, kind: image, title: A Picture, image: {image}, alt: Two people}}\n"
        "      - {id: s-refs, kind: references",
    )
    path = folder / "outline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this system")
def test_symlink_leading_outside_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    shutil.copy(BAD / "outlines" / "assets" / "ok.png", secret)
    folder = tmp_path / "outlines"
    (folder / "assets").mkdir(parents=True)
    try:
        (folder / "assets" / "link.png").symlink_to(secret)
    except OSError:
        pytest.skip("symlinks need privileges here")
    path = _outline_with_image(folder, "assets/link.png")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    _check_output(result.output, {"expect": "is outside the outline's folder"}, path)


def test_image_in_shared_assets_beside_outlines_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "outlines"
    folder.mkdir()
    (tmp_path / "assets").mkdir()
    shutil.copy(BAD / "outlines" / "assets" / "ok.png", tmp_path / "assets" / "pic.png")
    path = _outline_with_image(folder, "pic.png")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_template_that_is_not_a_pptx_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "branding.pptx"
    template.write_text("this is a text file, not a PowerPoint template")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(
        cli, ["build", str(FIXTURE), "--out", str(out), "--template", str(template)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "not a PowerPoint file" in result.output
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf", "utf-16"])
def test_windows_encodings_simply_work(variant: str, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    encoding = {"utf-16": "utf-16"}.get(variant, "utf-8-sig" if "bom" in variant else "utf-8")
    path = tmp_path / "outline.yaml"
    path.write_bytes(text.encode(encoding))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_crlf_file_reports_the_same_lines_and_columns(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["file"] == "outlines/unknown-key.yaml")
    path = tmp_path / "unknown-key.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (BAD / case["file"]).read_bytes().replace(b"\n", b"\r\n"))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    _check_output(result.output, case, path)
