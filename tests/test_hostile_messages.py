"""Messages that mislead (issue 16, class 14): a problem found while fitting the slides is
reported at the line where the text was typed, and ``validate`` refuses what ``build`` would.

Each case makes one piece of text far too long for its slide, in the outline or the practice
profile, and asserts that ``workshop validate`` and ``workshop build`` both exit 2 with the
same first line, located at the line holding that text (not at the agenda, the title slide or
the references slide that showed it), with nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_hostile import FIXTURE, LOCATED, PRACTICE, build, prose, write_outline

from generator.cli import cli

LONG = prose(3000, seed=5)

# (what is made long in the fixture, the text that becomes long, where the message must say)
OUTLINE_CASES = [
    ("outline title", "title: Test Workshop", "title"),
    ("outline subtitle", "subtitle: Every slide kind once", "subtitle"),
    ("a section title on the agenda", "title: Core Ideas", "sections[1].title"),
    ("an exercise's title", "title: Noticing Safety", "sections[1].facilitator.exercises[0].title"),
    ("an exercise step", "Share a moment of safety.", "exercises[0].steps[1]"),
    ("a bullet", "Co-regulation means calming together", "slides[1].points[0]"),
    ("a sub-bullet", "Rejection and pain overlap", "slides[1].points[1].sub[0]"),
    ("a reference title", "Does rejection hurt? An fMRI study", "references[0].title"),
    ("a reference's publisher", "publisher: Guilford Press", "references[1].publisher"),
    ("a column point", "Reaching", "slides[3].right.points[0]"),
    ("a column heading", "heading: Guarded", "slides[3].left.heading"),
    ("a quote", "We heal in connection., attribution", "slides[2].quote"),
    ("a quote's attribution", "attribution: The article", "slides[2].attribution"),
    ("a discussion question", "Where do you see this?", "slides[4].question"),
    ("a slide title", "title: Wired for Connection", "slides[1].title"),
    ("the closing message", "message: You don't have to heal alone.", "slides[1].message"),
]


def _lengthen(text: str, snippet: str) -> tuple[str, int]:
    """Return ``text`` with the value in ``snippet`` made long, and the line it stands on."""
    assert text.count(snippet) >= 1, snippet
    line = text[: text.index(snippet)].count("\n") + 1
    if ": " in snippet and not snippet.startswith(("We heal", "Does")):
        key, value = snippet.split(": ", 1)
        long = f"{key}: {LONG}"
    elif snippet.startswith("We heal"):
        long = f"{LONG}, attribution"
    else:
        long = snippet.replace(snippet.split(",")[0], LONG)
    return text.replace(snippet, long, 1), line


def _first_problem(output: str) -> str:
    return next(ln for ln in output.splitlines() if LOCATED.match(ln))


def _validate_and_build(outline: Path, practice: Path, tmp_path: Path) -> str:
    """Return the first problem line, asserting validate and build report it alike."""
    checked = CliRunner().invoke(cli, ["validate", str(outline), "--practice", str(practice)])
    assert checked.exit_code == 2, checked.output
    assert "Traceback" not in checked.output
    built = build(outline, tmp_path, "--practice", str(practice))  # exit 2, nothing written
    assert _first_problem(built) == _first_problem(checked.output), (built, checked.output)
    return _first_problem(checked.output)


@pytest.mark.parametrize(
    ("label", "snippet", "where"), OUTLINE_CASES, ids=[c[0] for c in OUTLINE_CASES]
)
def test_text_too_long_for_its_slide_is_located_where_typed(
    label: str, snippet: str, where: str, tmp_path: Path
) -> None:
    text, line = _lengthen(FIXTURE.read_text(encoding="utf-8"), snippet)
    outline = write_outline(tmp_path, text)
    problem = _validate_and_build(outline, PRACTICE, tmp_path)
    assert problem.startswith(f"{outline}:{line}:"), (label, problem)
    assert f": {where}: " in problem or f".{where}: " in problem, (label, problem)
    assert len(problem) < 400  # the long text is not echoed back in full


def test_a_bullet_after_a_facilitator_only_point_is_located_at_its_own_line(
    tmp_path: Path,
) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "          - Co-regulation means calming together\n",
        f"          - {{text: Hidden first, facilitator_only: true}}\n          - {LONG}\n",
        1,
    )
    outline = write_outline(tmp_path, text)
    line = text[: text.index(LONG)].count("\n") + 1
    problem = _validate_and_build(outline, PRACTICE, tmp_path)
    # The first bullet a participant sees is the outline's second point.
    assert problem.startswith(f"{outline}:{line}:") and "points[1]" in problem, problem


PRACTICE_CASES = [
    ("credentials", "  credentials: Your credentials", "practitioner.credentials"),
    ("practice name", "  practice: Your Practice Name", "contact.practice"),
    ("website", "  website: https://example.com", "contact.website"),
    ("font", "  heading: Calibri", "fonts.heading"),
]


@pytest.mark.parametrize(
    ("label", "snippet", "where"), PRACTICE_CASES, ids=[c[0] for c in PRACTICE_CASES]
)
def test_practice_text_too_long_is_located_in_the_profile(
    label: str, snippet: str, where: str, tmp_path: Path
) -> None:
    text = PRACTICE.read_text(encoding="utf-8")
    assert snippet in text
    line = text[: text.index(snippet)].count("\n") + 1
    key = snippet.split(": ", 1)[0]
    profile = tmp_path / "practice.yaml"
    profile.write_text(text.replace(snippet, f"{key}: {LONG}", 1), encoding="utf-8")
    outline = write_outline(tmp_path, FIXTURE.read_text(encoding="utf-8"))
    problem = _validate_and_build(outline, profile, tmp_path)
    # Not the outline's subtitle or closing message: the profile's own line.
    assert problem.startswith(f"{profile}:{line}:") and where in problem, (label, problem)
