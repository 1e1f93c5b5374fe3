"""Atomic writes and file names."""

import os
from pathlib import Path

import pytest

from generator.atomic_files import safe_file_stem, write_atomic
from generator.errors import OutputError


def test_write_atomic_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_failed_write_keeps_the_last_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deck.pptx"
    write_atomic(target, b"good")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="close it and build again"):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_read_only_folder_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so simulate the refusal a read-only folder gives.
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="read-only"):
        write_atomic(tmp_path / "x.pdf", b"x")
    assert list(tmp_path.iterdir()) == []


def test_output_folder_that_is_a_file_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        write_atomic(blocker / "sub" / "x.pdf", b"x")


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("The Science of Connection", "The Science of Connection"),
        ("Safety: What/Why?", "Safety What Why"),
        ("  ...  ", "Workshop"),
    ],
)
def test_safe_file_stem(title: str, stem: str) -> None:
    assert safe_file_stem(title) == stem
