"""Cross-checks: confinement of files, images, warnings; each returns located problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.source.loader import load_outline
from generator.source.validate import image_problem, resolve_asset

BAD = Path(__file__).parent / "bad" / "outlines"
PNG = BAD / "assets" / "ok.png"
FIXTURE = Path(__file__).parent / "fixtures" / "all-kinds.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with outlines/, outlines/assets/ and assets/, each holding one image."""
    for folder in ("outlines", "outlines/assets", "assets"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(PNG, tmp_path / "outlines" / "here.png")
    shutil.copy(PNG, tmp_path / "outlines" / "assets" / "local.png")
    shutil.copy(PNG, tmp_path / "assets" / "shared.png")
    shutil.copy(PNG, tmp_path / "secret.png")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("here.png", "outlines/here.png"),
        ("local.png", "outlines/assets/local.png"),
        ("assets/local.png", "outlines/assets/local.png"),
        ("shared.png", "assets/shared.png"),
        ("assets/shared.png", "assets/shared.png"),
        ("../assets/shared.png", "assets/shared.png"),
    ],
)
def test_images_are_found_in_the_allowed_folders(project: Path, name: str, found: str) -> None:
    path, why = resolve_asset(project / "outlines", name)
    assert why is None
    assert path == (project / found).resolve()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../secret.png", "is outside the outline's folder"),
        ("../../etc/passwd", "is outside the outline's folder"),
        ("/etc/passwd", "is an absolute path"),
        ("~/.ssh/id_rsa", "is an absolute path"),
        ("C:\\Users\\me\\pic.png", "is an absolute path"),
        ("https://example.com/a.png", "is an absolute path or a link"),
        ("nowhere.png", "not found"),
        ("assets", "is a folder, not a file"),
    ],
)
def test_images_outside_or_missing_are_refused(project: Path, name: str, why: str) -> None:
    path, message = resolve_asset(project / "outlines", name)
    assert path is None
    assert why in message


def test_symlink_out_of_the_folder_is_refused(project: Path) -> None:
    link = project / "outlines" / "link.png"
    try:
        link.symlink_to(project / "secret.png")
    except OSError:
        pytest.skip("symlinks need privileges here")
    path, why = resolve_asset(project / "outlines", "link.png")
    assert path is None and "outside" in why


def test_image_problem(tmp_path: Path) -> None:
    assert image_problem(PNG) is None
    assert "damaged" in image_problem(BAD / "assets" / "corrupt.png") or "not an image" in (
        image_problem(BAD / "assets" / "corrupt.png")
    )
    text = tmp_path / "a.png"
    text.write_text("hello")
    assert image_problem(text) == (
        "this file is not an image (or is damaged) — save it again as PNG or JPEG"
    )
    truncated = tmp_path / "t.png"
    truncated.write_bytes(PNG.read_bytes()[:-20])
    assert image_problem(truncated) is not None


def test_valid_image_slide_loads(project: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "      - {id: s-refs, kind: references",
        "      - {id: s-img, kind: image, title: A Picture, image: shared.png, alt: Two people}\n"
        "      - {id: s-refs, kind: references",
    )
    path = project / "outlines" / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_outline(path).sections[2].slides[0].kind == "image"


def test_objective_verbs_do_not_stop_loading(tmp_path: Path) -> None:
    # Unmeasurable objectives are advice from `workshop check`, never a load error.
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "text: Describe how connection", "text: Understand how connection"
    )
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_outline(path).objectives[0].text.startswith("Understand")


# --------------------------------------------------------------------------- practice colours


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the shipped outlines and assets as the working directory."""
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "outlines", tmp_path / "outlines")
    shutil.copytree(root / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _set_colour(profile: Path, name: str, value: str) -> int:
    """Set ``colors.NAME`` in the profile; return the line it is on."""
    lines = profile.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"  {name}: "))
    lines[at] = f'  {name}: "{value}"\n'
    profile.write_text("".join(lines), encoding="utf-8")
    return at + 1


def test_illegible_text_colour_fails_validate_and_build_located(workspace: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    line = _set_colour(workspace / "assets" / "practice.yaml", "text", "#EEEEEE")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", "outlines/science-of-connection.yaml"])
    assert result.exit_code == 2, result.output
    assert f"assets/practice.yaml:{line}:3: colors.text: " in result.output
    assert "#EEEEEE on #FBFAF7 has a contrast of 1.11:1" in result.output
    assert "darken colors.text or lighten colors.background" in result.output
    assert ": OK" not in result.output
    result = runner.invoke(cli, ["build", "--out", "built"])
    assert result.exit_code == 2, result.output
    assert f"assets/practice.yaml:{line}:3: colors.text: " in result.output
    assert not (workspace / "built").exists()


def test_low_contrast_colours_are_an_error_naming_both(tmp_path: Path) -> None:
    from generator.errors import OutlineError
    from generator.source.loader import load_practice

    profile = tmp_path / "practice.yaml"
    shutil.copy(Path(__file__).resolve().parent.parent / "assets" / "practice.yaml", profile)
    line = _set_colour(profile, "text", "#999999")
    with pytest.raises(OutlineError) as err:
        load_practice(profile)
    message = err.value.message
    assert "#999999" in message and "#FBFAF7" in message and ":1" in message
    assert [(p.where, p.line) for p in err.value.problems] == [("colors.text", line)]


def test_colours_are_not_checked_when_no_slides_are_made(tmp_path: Path) -> None:
    from generator.source.loader import load_practice

    profile = tmp_path / "practice.yaml"
    shutil.copy(Path(__file__).resolve().parent.parent / "assets" / "practice.yaml", profile)
    _set_colour(profile, "text", "#EEEEEE")
    assert load_practice(profile, slides=False).colors.text == "#EEEEEE"
