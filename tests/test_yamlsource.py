"""Located safe YAML: positions, the core schema, duplicate keys and the limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import OutlineError
from generator.source.yaml_reader import MAX_DEPTH, describe, format_path, load_yaml, parse_text


def _error(text: str) -> str:
    with pytest.raises(OutlineError) as info:
        parse_text(text, "x.yaml")
    return info.value.format_message().splitlines()[0]


def test_locate_points_at_keys_and_items() -> None:
    doc = parse_text("title: A\nsections:\n  - id: one\n    slides:\n      - {kind: title}\n", "x")
    assert doc.locate(("title",)) == (1, 1)
    assert doc.locate(("sections", 0)) == (3, 5)
    assert doc.locate(("sections", 0, "slides")) == (4, 5)
    assert doc.locate(("sections", 0, "slides", 0, "kind")) == (5, 10)
    assert doc.locate_value(("title",)) == (1, 8)


def test_locate_falls_back_to_the_deepest_existing_entry() -> None:
    doc = parse_text("a:\n  b: 1\n", "x")
    assert doc.locate(("a", "missing", 3)) == (1, 1)
    assert doc.locate(()) == (1, 1)


def test_core_schema_keeps_words_times_and_dates_as_text() -> None:
    doc = parse_text(
        "locale: NO\nstart: 10:30\ndate: 2025-03-14\nyes: on\nn: 12\nf: 1.5\nb: true\nz: ~\n"
        "q: '12'\n",
        "x",
    )
    assert doc.data == {
        "locale": "NO",
        "start": "10:30",
        "date": "2025-03-14",
        "yes": "on",
        "n": 12,
        "f": 1.5,
        "b": True,
        "z": None,
        "q": "12",
    }


def test_duplicate_key_is_a_problem_and_the_first_value_is_kept() -> None:
    doc = parse_text("notes: one\ntitle: T\nnotes: two\n", "x.yaml")
    assert doc.data == {"notes": "one", "title": "T"}
    assert [str(p) for p in doc.problems] == [
        "x.yaml:3:1: duplicate key 'notes' (first at line 1) — keep one"
    ]


def test_aliases_are_refused() -> None:
    assert _error("a: &x [1, 2]\nb: *x\n") == (
        "x.yaml:2:4: '*x' is a YAML alias; aliases are not supported — write the content out "
        "in full"
    )


def test_depth_limit() -> None:
    ok = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    parse_text(ok, "x")
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert f"nested more than {MAX_DEPTH} levels deep" in _error(deep)


def test_python_tags_are_refused_not_run() -> None:
    doc = parse_text("title: !!python/object/apply:os.system ['true']\n", "x.yaml")
    assert "the YAML tag '!!python/object/apply:os.system' is not allowed" in str(doc.problems[0])
    assert doc.data == {"title": ["true"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "x.yaml:1:1: the file is empty — it has no 'key: value' lines yet"),
        (
            "a:\n\tb: 1\n",
            "x.yaml:2:1: this line is indented with a tab — YAML needs spaces, not "
            "tabs, for indentation (set your editor to insert spaces)",
        ),
        (
            "title: Part 1: Safety\n",
            "x.yaml:1:14: a ':' followed by a space inside a value — put "
            'the whole value in quotes, e.g. title: "Part 1: Safety"',
        ),
        (
            "a: 'open\n",
            "x.yaml:2:1: a quote (\" or ') is opened but never closed — add the same quote "
            "mark at the end of the value",
        ),
        (
            "a: [1, 2\n",
            "x.yaml:2:1: a [ ... ] list is not closed with ']' or an item is missing a comma",
        ),
        (
            "a:\n  b: 1\n   c: 2\n",
            "x.yaml:3:1: the indentation of this line does not line up "
            "with the lines above — check the spaces at the start of the line",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "x.yaml:2:1: the file holds more than one document ('---'): keep only one",
        ),
    ],
)
def test_syntax_errors_in_plain_words(text: str, expected: str) -> None:
    assert _error(text) == expected


def test_file_level_problems(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: ok\nauthor: Jos\u00e9\n".encode("latin-1"))
    with pytest.raises(
        OutlineError,
        match=r"latin.yaml:2:12: not UTF-8 text: byte 0xE9 at byte "
        r"offset 21",
    ):
        load_yaml(latin)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    with pytest.raises(OutlineError, match="must be made of 'key: value' lines .* it is a list"):
        load_yaml(listing)
    with pytest.raises(OutlineError, match="does not exist — check the name"):
        load_yaml(tmp_path / "nope.yaml")


def test_bom_and_crlf_read_like_plain_utf8(tmp_path: Path) -> None:
    path = tmp_path / "win.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Caf\xc3\xa9\r\nnotes: two\r\n")
    doc = load_yaml(path)
    assert doc.data == {"title": "Café", "notes": "two"}
    assert doc.locate(("notes",)) == (2, 1)


def test_helpers_read_like_prose() -> None:
    assert format_path(("sections", 2, "slides", 0, "points")) == "sections[2].slides[0].points"
    assert [describe(v) for v in (None, True, 3, "x", [], {})] == [
        "nothing",
        "true (true/false)",
        "a number (3)",
        "text",
        "a list",
        "a mapping",
    ]


def test_control_characters_are_refused_where_they_stand(tmp_path) -> None:
    from generator.source.yaml_reader import load_yaml

    path = tmp_path / "x.yaml"
    path.write_text('title: ok\nnotes: "a\\abell and a \\0 nul"\n', encoding="utf-8")
    doc = load_yaml(path)
    assert [(p.line, p.column, p.where) for p in doc.problems] == [(2, 1, "notes")]
    assert "control character U+0007" in doc.problems[0].message


def test_dump_yaml_quotes_text_this_reader_would_take_for_a_value() -> None:
    from generator.source.yaml_reader import dump_yaml, parse_text

    data = {"a": "1e5", "b": "true", "c": "null", "d": "42", "e": "NO", "f": "plain words"}
    text = dump_yaml(data)
    assert parse_text(text, "x.yaml").data == data
    assert 'a: "1e5"' in text and "f: plain words" in text
