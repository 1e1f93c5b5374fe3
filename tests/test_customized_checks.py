"""The outline-wide checks run again on the customized outline: what overlay patches, audience
overrides and variables bring in is confined, cross-checked and located like the outline itself.

Regression: an overlay's ``set`` patch once pointed an image at a file outside the allowed
folders; ``workshop validate`` said OK and ``workshop build`` embedded the file in the deck.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from PIL import Image

from generator.cli import cli
from generator.errors import RenderError
from generator.plan import make_plan
from generator.source.loader import load_outline, load_practice

OUTLINE = "outlines/science-of-connection.yaml"
OVERLAY = "outlines/science-of-connection/leaky.yaml"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the shipped workshop in ``tmp_path/ws``, with a secret file beside it.

    ``../../secret.png`` written in an outline under ``ws/outlines/`` names the secret.
    """
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "outlines", ws / "outlines")
    shutil.copytree(ROOT / "assets", ws / "assets")
    Image.new("RGB", (12, 12), "red").save(tmp_path / "secret.png")
    monkeypatch.chdir(ws)
    return ws


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def write_overlay(ws: Path, patch_with: str) -> Path:
    path = ws / OVERLAY
    path.write_text(
        "extends: ../science-of-connection.yaml\n"
        "audience: {name: leaky, title: Leaky, duration: 90}\n"
        "patches:\n"
        "  - set: wired-diagram\n"
        "    with:\n"
        f"{patch_with}",
        encoding="utf-8",
    )
    return path


def assert_fails_writing_nothing(ws: Path, *args: str) -> str:
    code, output = run("build", *args, "--out", "built")
    assert code == 2, output
    assert "Traceback" not in output
    assert not (ws / "built").exists()
    return output


def test_overlay_image_outside_the_allowed_folders_is_refused(workspace: Path) -> None:
    overlay = write_overlay(workspace, '      image: "../../secret.png"\n')
    line = line_of(overlay, "secret.png")
    code, output = run("validate", OUTLINE)
    assert code == 2, output
    assert f"{OVERLAY}:{line}:7: audience 'leaky': " in output
    assert "'../../secret.png' is outside the outline's folder" in output
    assert ": OK" not in output
    for args in ((OUTLINE, "--audience", "leaky"), (OVERLAY,), (OUTLINE, "--all-audiences")):
        built = assert_fails_writing_nothing(workspace, *args)
        assert f"{OVERLAY}:{line}:7:" in built and "outside the outline's folder" in built


def test_overlay_missing_image_is_located_before_rendering(workspace: Path) -> None:
    overlay = write_overlay(workspace, "      image: nowhere.png\n")
    code, output = run("validate", OVERLAY)
    assert code == 2, output
    assert f"{OVERLAY}:{line_of(overlay, 'nowhere.png')}:7: " in output
    assert "image file 'nowhere.png' not found" in output
    assert_fails_writing_nothing(workspace, OVERLAY)


def test_overlay_citation_with_no_reference_is_located(workspace: Path) -> None:
    overlay = write_overlay(workspace, '      caption: "See [@nokey]"\n')
    code, output = run("validate", OUTLINE)
    assert code == 2, output
    assert f"{OVERLAY}:{line_of(overlay, 'nokey')}:7: audience 'leaky': " in output
    assert "cites [@nokey] but no reference has key 'nokey'" in output
    assert_fails_writing_nothing(workspace, OVERLAY)


def test_overlay_removing_an_exercise_its_slide_shows_is_located(workspace: Path) -> None:
    path = workspace / OVERLAY
    path.write_text(
        "extends: ../science-of-connection.yaml\n"
        "audience: {name: leaky, title: Leaky, duration: 90}\n"
        "patches:\n"
        "  - remove: ex-attune\n",
        encoding="utf-8",
    )
    base = workspace / OUTLINE
    code, output = run("validate", OVERLAY)
    assert code == 2, output
    assert "there is no exercise 'ex-attune'" in output
    assert f"{OUTLINE}:{line_of(base, 'exercise: ex-attune')}:" in output
    assert_fails_writing_nothing(workspace, OVERLAY)


def test_audience_override_image_outside_the_allowed_folders_is_refused(workspace: Path) -> None:
    base = workspace / OUTLINE
    text = base.read_text(encoding="utf-8")
    anchor = "    overrides:\n      closing:\n"
    assert anchor in text
    text = text.replace(
        anchor,
        '    overrides:\n      wired-diagram:\n        image: "../../secret.png"\n      closing:\n',
    )
    base.write_text(text, encoding="utf-8")
    line = line_of(base, "secret.png")
    code, output = run("validate", OUTLINE)
    assert code == 2, output
    assert f"{OUTLINE}:{line}:9: audience 'intro-60': " in output
    assert "outside the outline's folder" in output
    assert_fails_writing_nothing(workspace, OUTLINE, "--audience", "intro-60")


def test_make_plan_never_falls_back_to_an_unchecked_image_path(tmp_path: Path) -> None:
    # An outline that never went through the loader: planning refuses, it does not guess.
    outline = load_outline(ROOT / OUTLINE)
    for section in outline.sections:
        for slide in section.slides:
            if slide.id == "wired-diagram":
                slide.image = "../../secret.png"
    Image.new("RGB", (12, 12), "red").save(tmp_path / "secret.png")
    (tmp_path / "a" / "b").mkdir(parents=True)
    with pytest.raises(RenderError) as err:
        make_plan(
            outline,
            load_practice(ROOT / "assets" / "practice.yaml"),
            base_dir=tmp_path / "a" / "b",
            practice_dir=ROOT / "assets",
        )
    assert err.value.at is not None and err.value.at[-1] == "image"
    assert "'../../secret.png' is outside the outline's folder" in err.value.reason


def test_character_outside_the_font_in_an_audience_is_located(workspace: Path) -> None:
    base = workspace / OUTLINE
    text = base.read_text(encoding="utf-8")
    title = "    title: Introduction for new clinicians\n"
    assert title in text
    base.write_text(text.replace(title, title.rstrip("\n") + " \u2603\n"), encoding="utf-8")
    output = assert_fails_writing_nothing(workspace, OUTLINE, "--audience", "intro-60")
    line = line_of(base, "\u2603")
    assert f"{OUTLINE}:{line}:5: audience 'intro-60': title: the character '\u2603'" in output
