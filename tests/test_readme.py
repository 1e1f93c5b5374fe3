"""The README stays true: its Quick start is what CI runs, and it names every command."""

import re

from conftest import ROOT

from generator.cli import cli


def quick_start_lines() -> list[str]:
    """Return the command lines of the README's Quick start code block."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Quick start has a ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_exactly_two_lines_and_ci_runs_the_second() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2
    assert "workshop build" in lines[0]
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert lines[1] in ci


def test_readme_names_every_command() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    for name in cli.commands:
        assert f"`workshop {name}" in text, name


def test_readme_pictures_exist() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    for picture in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text):
        assert (ROOT / picture).is_file(), picture
