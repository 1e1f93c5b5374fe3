"""The loader's messages, asserted exactly: text, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import OutlineError, display_path
from generator.source.loader import is_placeholder_practice, load_outline, load_practice
from generator.source.messages import parse_model
from generator.source.model import Audience, Practice
from generator.source.yaml_reader import parse_text

FIXTURE = Path(__file__).parent / "fixtures" / "all-kinds.yaml"
ROOT = Path(__file__).parent.parent


def _problems(tmp_path: Path, old: str, new: str) -> list[str]:
    """Return the problem lines for the fixture with ``old`` replaced by ``new``."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "x.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(OutlineError) as info:
        load_outline(path)
    prefix = display_path(path)
    return [p.replace(prefix, "x.yaml") for p in info.value.format_message().splitlines()[:-1]]


TEXT = FIXTURE.read_text(encoding="utf-8")


def L(needle: str) -> int:  # reads like a line number in the table below
    """Return the line of ``needle`` in the fixture, so the table survives fixture edits."""
    return next(n for n, line in enumerate(TEXT.splitlines(), 1) if needle in line)


POINTS = TEXT[TEXT.index("        points:\n") : TEXT.index("      - {id: s-quote")]
CASES = [
    (
        "notes: Rejection",
        "note: Rejection",
        f"x.yaml:{L('notes: Rejection')}:9: sections[1].slides[1]: unknown key 'note' — did you "
        "mean 'notes'?",
    ),
    (
        POINTS,
        "        points:\n          calm: Co-regulation means calming together\n",
        f"x.yaml:{L('        points:')}:9: sections[1].slides[1].points: expected a list of "
        "text, got a mapping",
    ),
    (
        "kind: bullets",
        "kind: bulets",
        f"x.yaml:{L('kind: bullets')}:9: sections[1].slides[1].kind: unknown slide kind 'bulets' "
        "(did you mean 'bullets'?) — the kinds are: title, agenda, section, bullets, quote, "
        "statement, break, table, image, two-column, discussion, exercise, references, closing",
    ),
    ("title: Test Workshop\n", "", "x.yaml:1:1: missing 'title': add a title: line"),
    (
        "duration: 60",
        "duration: sixty",
        f"x.yaml:{L('duration: 60')}:1: duration: expected a whole number, got 'sixty' — "
        "write it in digits, e.g. 30",
    ),
    (
        "level: introductory",
        "level: beginner",
        f"x.yaml:{L('level: intro')}:1: level: must be one of: introductory, intermediate, "
        "advanced — got 'beginner'",
    ),
    (
        "  - id: opening",
        "  - id: Opening Part",
        f"x.yaml:{L('- id: opening')}:5: sections[0].id: 'Opening Part' is not a valid id: use "
        "lowercase letters, digits and hyphens, no spaces, e.g. 'opening-part'",
    ),
    (
        "  - id: close\n    title: Closing\n",
        "  - id: close\n    title: [Closing]\n",
        f"x.yaml:{L('title: Closing')}:5: sections[2].title: expected text, got a list",
    ),
    (
        "format: pairs",
        "format: pair",
        f"x.yaml:{L('format: pairs')}:11: sections[1].facilitator.exercises[0].format: must be one "
        "of: solo, pairs, triads, small groups, whole group, demonstration — got 'pair' (did you "
        "mean 'pairs'?)",
    ),
    (
        "  main_message: We heal in connection.\n",
        "",
        f"x.yaml:{L('handout:')}:1: handout: missing 'main_message': add a main_message: line",
    ),
    (
        "  closing: You don't",
        "  closing: again\n  closing: You don't",
        f"x.yaml:{L('  closing: You') + 1}:3: handout: duplicate key 'closing' (first at line "
        f"{L('  closing: You')}) — keep one",
    ),
    (
        "[@eisenberger2003]",
        "[@eisenberger2030]",
        f"x.yaml:{L('[@eisenberger2003]')}:9: sections[1].slides[1].notes: cites "
        "[@eisenberger2030] but no reference has key 'eisenberger2030' — add it under references: "
        "(did you mean 'eisenberger2003'?)",
    ),
    (
        "{id: s-close,",
        "{id: s-refs,",
        f"x.yaml:{L('id: s-close')}:10: sections[2].slides[1].id: duplicate id 's-refs' (first at "
        f"line {L('id: s-refs')}) — every id must be unique",
    ),
    (
        "exercise: ex-pairs,",
        "exercise: ex-pair,",
        f"x.yaml:{L('exercise: ex-pairs,')}:36: sections[1].slides[5].exercise: there is no "
        "exercise 'ex-pair' in this section's facilitator: exercises: (this section has: "
        "ex-pairs) (did you mean 'ex-pairs'?)",
    ),
    (
        "minutes: 15",
        "minutes: 20",
        f"x.yaml:{L('duration: 60')}:1: duration: the sections add up to 65 minutes but duration "
        "is 60 — change the sections' minutes or the duration so they match",
    ),
    (
        "kind: two-column, title: Guarded and Open,",
        "kind: two-column,",
        f"x.yaml:{L('kind: two-column')}:9: sections[1].slides[3]: a two-column slide needs a "
        "title: add a title: line (every slide needs a unique title for screen readers)",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES, ids=[c[2][7:40] for c in CASES])
def test_exact_messages(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert _problems(tmp_path, old, new) == [expected]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("duration: 60", "duration: sixty", 1).replace("notes: Pause", "note: Pause")
    path = tmp_path / "x.yaml"
    path.write_text(text + "title: Again\n", encoding="utf-8")
    with pytest.raises(OutlineError) as info:
        load_outline(path)
    lines = info.value.format_message().splitlines()
    assert len(lines) == 4 and lines[-1] == "3 problems found."


def test_the_fixture_and_the_shipped_files_load() -> None:
    assert load_outline(FIXTURE).title == "Test Workshop"
    for outline in sorted((ROOT / "outlines").glob("*.yaml")):
        load_outline(outline)
    assert load_practice(ROOT / "assets" / "practice.yaml").locale == "US"


def test_parse_model_locates_part_of_a_file() -> None:
    doc = parse_text("extends: base.yaml\naudience:\n  name: Intro 60\n  titel: x\n", "o.yaml")
    with pytest.raises(OutlineError) as info:
        parse_model(doc, Audience, at=("audience",))
    assert info.value.format_message().splitlines()[:-1] == [
        "o.yaml:2:1: audience: missing 'title': add a title: line",
        "o.yaml:3:3: audience.name: 'Intro 60' is not a valid id: use lowercase letters, digits "
        "and hyphens, no spaces, e.g. 'intro-60'",
        "o.yaml:4:3: audience: unknown key 'titel' — did you mean 'title'?",
    ]


def test_placeholder_practice_is_recognised() -> None:
    from generator.source.placeholders import find

    shipped = load_practice(ROOT / "assets" / "practice.yaml")
    assert [p.where for p in find(shipped, None)] == [
        "practitioner.name",
        "practitioner.credentials",
        "practitioner.bio",
        "contact.practice",
        "contact.email",
        "contact.phone",
        "contact.website",
        "conflict_of_interest",
        "policies.cost",
        "policies.refund",
        "policies.accommodation",
        "policies.grievance",
    ]
    real = Practice.model_validate(
        {"practitioner": {"name": "Dana Rivers"}, "contact": {"email": "dana@rivers.test"}}
    )
    assert find(real, None) == []
    assert is_placeholder_practice(shipped) and not is_placeholder_practice(real)
    example = real.model_copy(
        update={"contact": real.contact.model_copy(update={"website": "https://www.example.com"})}
    )
    assert [p.where for p in find(example, None)] == ["contact.website"]
