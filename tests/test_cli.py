"""The ``workshop`` command line, driven through click's CliRunner in a temporary folder."""

from __future__ import annotations

import hashlib
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from generator import __version__
from generator.cli import cli


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the shipped outlines and assets as the working directory."""
    shutil.copytree(ROOT / "outlines", tmp_path / "outlines")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    """Return the exit code and combined output of ``workshop ARGS``."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def digests(folder: Path) -> dict[str, str]:
    """Return a SHA-256 per file under ``folder``, keyed by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_version() -> None:
    code, output = run("--version")
    assert code == 0
    assert output.strip() == f"workshop, version {__version__}"


def test_help_lists_every_command() -> None:
    code, output = run("--help")
    assert code == 0
    for command in ("build", "validate", "check", "preview", "audiences", "show", "new", "schema"):
        assert f"  {command} " in output


def test_bare_build_makes_the_sample_workshops(workspace: Path) -> None:
    code, output = run("build")
    assert code == 0, output
    folder = workspace / "out" / "science-of-connection"
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == [
        "The Science of Connection - Client Handout.pdf",
        "The Science of Connection - Facilitator Guide.pdf",
        "The Science of Connection - Slides.pptx",
    ]
    # Each outline in outlines/ is built for its default audience: three files each.
    outlines = sorted((workspace / "outlines").glob("*.yaml"))
    assert len(outlines) == 2
    assert f"Built {3 * len(outlines)} files:" in output
    assert "out/small-steps/Small Steps - Slides.pptx" in output
    assert "out/science-of-connection/The Science of Connection - Slides.pptx" in output
    # The shipped practice profile still holds example details: one line per outline built
    # (each line also names that outline's own example values).
    assert output.count("example values are still in place") == len(outlines)


def test_only_and_out_options(workspace: Path) -> None:
    code, output = run(
        "build", "outlines/science-of-connection.yaml", "--only", "handout", "--out", "mine"
    )
    assert code == 0, output
    built = [p.name for p in (workspace / "mine").rglob("*") if p.is_file()]
    assert built == ["The Science of Connection - Client Handout.pdf"]


def test_unknown_output_kind_is_refused(workspace: Path) -> None:
    code, output = run("build", "--only", "slides")
    assert code == 2
    assert "unknown output 'slides'" in output
    assert not (workspace / "out").exists()


def test_audience_and_all_audiences_conflict(workspace: Path) -> None:
    code, output = run("build", "--audience", "intro-60", "--all-audiences")
    assert code == 2
    assert "either --audience NAME or --all-audiences" in output


def test_all_audiences_build_into_their_own_folders(workspace: Path) -> None:
    code, output = run("build", "--all-audiences", "--only", "deck")
    assert code == 0, output
    folders = sorted(p.name for p in (workspace / "out" / "science-of-connection").iterdir())
    assert folders == ["consult-90", "couples-120", "intro-60"]


def test_missing_outline_is_a_clear_error(workspace: Path) -> None:
    code, output = run("build", "outlines/nope.yaml")
    assert code == 2
    assert "outlines/nope.yaml:1:1: outline: this file does not exist" in output
    assert "Traceback" not in output


def test_new_outline_validates_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("new", 'Boundaries: A "Gentle" Guide')
    assert code == 0, output
    outline = tmp_path / "outlines" / "boundaries-a-gentle-guide.yaml"
    assert outline.is_file()
    assert (tmp_path / "assets" / "practice.yaml").is_file()
    assert outline.read_text().startswith("# yaml-language-server: $schema=")
    code, output = run("validate", str(outline))
    assert code == 0, output
    code, output = run("build")
    assert code == 0, output
    built = sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert built == [
        "Boundaries A Gentle Guide - Client Handout.pdf",
        "Boundaries A Gentle Guide - Facilitator Guide.pdf",
        "Boundaries A Gentle Guide - Slides.pptx",
    ]
    code, output = run("new", 'Boundaries: A "Gentle" Guide')
    assert code == 2
    assert "already exists" in output


def test_schema_command_prints_the_committed_schema() -> None:
    code, output = run("schema")
    assert code == 0
    committed = (ROOT / "generator" / "schema" / "outline.schema.json").read_text("utf-8")
    assert output == committed


def test_outputs_identical_across_builds_and_working_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = []
    for name in ("first", "second"):
        place = tmp_path / name
        shutil.copytree(ROOT / "outlines", place / "outlines")
        shutil.copytree(ROOT / "assets", place / "assets")
        monkeypatch.chdir(place)
        code, output = run("build", "--all-audiences")
        assert code == 0, output
        results.append(digests(place / "out"))
    # Three files for each audience: three of the canonical outline, two of small-steps.
    assert len(results[0]) == 3 * (3 + 2)
    assert results[0] == results[1]


def test_build_never_touches_the_network(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access during a build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    # In-process (no worker processes) so the patched socket module is the one used.
    monkeypatch.setattr("generator.parallel.cores", lambda: 1)
    code, output = run("build", "--all-audiences")
    assert code == 0, output
    assert attempts == []


def test_bad_input_writes_nothing(workspace: Path) -> None:
    outline = workspace / "outlines" / "science-of-connection.yaml"
    outline.write_text(outline.read_text("utf-8").replace("duration: 90", "duration: 95"), "utf-8")
    code, output = run("build", "--all-audiences")
    assert code == 2
    assert "Traceback" not in output
    assert not (workspace / "out").exists()


def test_audiences_lists_minutes_level_and_slide_count(workspace: Path) -> None:
    code, output = run("audiences", "outlines/science-of-connection.yaml")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].split() == ["NAME", "MINUTES", "LEVEL", "SLIDES", "FOR"]
    rows = {line.split()[0]: line.split()[1:4] for line in lines[1:]}
    assert rows["intro-60"][:2] == ["60", "introductory"]
    assert rows["consult-90"][:2] == ["90", "intermediate"]
    assert rows["couples-120"][:2] == ["120", "intermediate"]
    # Slide counts are the deck's own, continuation slides included.
    from pptx import Presentation

    run("build", "--all-audiences", "--only", "deck")
    for name, (_, _, slides) in rows.items():
        deck = next((workspace / "out" / "science-of-connection" / name).glob("*.pptx"))
        assert len(Presentation(str(deck)).slides) == int(slides)


def test_a_font_without_the_outputs_own_punctuation_is_reported_at_the_profile(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Carlito has every mark the renderers print; a profile's own font might not.
    from generator.source import glyphs

    real = glyphs.drawable
    monkeypatch.setattr(glyphs, "drawable", lambda families: real(families) - {ord("•")})
    monkeypatch.setattr("generator.parallel.cores", lambda: 1)
    code, output = run("build", "outlines/science-of-connection.yaml")
    assert code == 2
    assert output.splitlines()[0].startswith("assets/practice.yaml:")
    assert "'•' (U+2022) is not in the font Carlito, used in the punctuation" in output
    assert not (workspace / "out").exists()
