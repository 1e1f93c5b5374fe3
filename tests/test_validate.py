"""Cross-checks: confinement of files, images, warnings; each returns located problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.loader import load_outline
from generator.validate import image_problem, resolve_asset

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
