"""Hostile and unusual inputs, by class (issue 16): each builds, or exits 2 with a located message.

Every case runs ``workshop build`` in a fresh folder and asserts the same contract: exit code 0
(all three outputs written) or 2 (plain located lines, the previous outputs untouched); never a
traceback; never a temporary file left behind. Big inputs are generated here, not committed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "all-kinds.yaml"
PRACTICE = Path(__file__).parent.parent / "assets" / "practice.yaml"
LOCATED = re.compile(r"^.+:\d+:\d+: ")
SUMMARY = re.compile(r"^\d+ problems? found\.")
PREVIOUS = b"the last good deck"


def prose(n: int, seed: int = 0) -> str:
    """Return ``n`` characters of realistic prose: sentences of words, some of them long."""
    words = re.findall(
        r"\S+",
        "the body calms when someone is with you and we heal in connection slowly "
        "co-regulation attunement self-reliant safely isolation registers as threat",
    )
    out, size, i = [], 0, seed
    while size < n:
        word = words[(i * 7 + seed) % len(words)]
        word = word.capitalize() + "." if i % 11 == 10 else word
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:n].rstrip() or "x"


def outline_data() -> dict:
    """Return the all-kinds fixture as data, to be changed by a case."""
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def write_outline(folder: Path, data: dict | str, name: str = "w.yaml") -> Path:
    """Write ``data`` (or raw text) as an outline in ``folder/outlines``; return its path."""
    path = folder / "outlines" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, width=1e9)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` by relative name, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(outline: Path | list[Path], tmp_path: Path, *args: str, env: dict | None = None) -> str:
    """Build ``outline`` into ``tmp_path/out``, assert the contract; return the output."""
    out = tmp_path / "out"
    (out / "w").mkdir(parents=True, exist_ok=True)
    (out / "w" / "Earlier - Slides.pptx").write_bytes(PREVIOUS)
    before = snapshot(out)
    paths = [str(p) for p in (outline if isinstance(outline, list) else [outline])]
    result = CliRunner().invoke(
        cli, ["build", *paths, "--out", str(out), "--practice", str(PRACTICE), *args], env=env
    )
    output = result.output
    assert result.exit_code in (0, 2), (result.exit_code, output, result.exception)
    assert "Traceback" not in output
    assert not [p for p in out.rglob("*") if p.name.startswith(".")], "temporary file left"
    if result.exit_code == 2:
        problems = [
            ln
            for ln in output.splitlines()
            if ln.strip() and not SUMMARY.match(ln) and not ln.startswith("warning: ")
        ]
        assert problems, output
        for line in problems:
            # Located in the input, or naming the variable, or the output file it concerns.
            named = "SOURCE_DATE_EPOCH" in line or line.startswith(str(out))
            assert LOCATED.match(line) or named, f"not located: {line!r}"
        assert snapshot(out) == before, "a refused build changed the output folder"
    else:
        built = int(re.search(r"Built (\d+) file", output).group(1))
        written = [n for n in snapshot(out) if n.endswith((".pptx", ".pdf"))]
        assert len(written) == built + 1, output  # and the earlier deck
    return output


# --------------------------------------------------------------------------- 1. long text


def _set(data: dict, path: tuple, value: object) -> dict:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


LONG_TEXT = [
    (("sections", 1, "slides", 1, "notes"), 4500),
    (("sections", 1, "slides", 1, "notes"), 20000),
    (("sections", 1, "facilitator", "talking_points", 0), 20000),
    (("sections", 1, "facilitator", "goal"), 8000),
    (("sections", 1, "facilitator", "discussion", 0, "question"), 6000),
    (("sections", 1, "facilitator", "exercises", 0, "debrief", 0), 20000),
    (("sections", 1, "facilitator", "case_consultation", "structure", 0), 9000),
    (("handout", "main_message"), 2000),
    (("handout", "main_message"), 6000),
    (("handout", "key_ideas", 0, "text"), 20000),
    (("handout", "key_ideas", 0, "heading"), 5000),
    (("objectives", 0, "text"), 5000),
    (("source", "title"), 5000),
    (("source", "author"), 3000),
    (("sections", 2, "slides", 1, "notes"), 12000),
]


@pytest.mark.parametrize(("path", "size"), LONG_TEXT, ids=[f"{p[-1]}-{n}" for p, n in LONG_TEXT])
def test_long_text_builds_or_is_refused_plainly(path: tuple, size: int, tmp_path: Path) -> None:
    outline = write_outline(tmp_path, _set(outline_data(), path, prose(size)))
    output = build(outline, tmp_path)
    assert "Built 3 files" in output, output


@pytest.mark.parametrize("size", [300, 5000, 20000])
def test_words_with_no_break_point_build(size: int, tmp_path: Path) -> None:
    data = outline_data()
    _set(data, ("sections", 1, "slides", 1, "notes"), "x" * size)
    _set(data, ("handout", "key_ideas", 0, "text"), "Long: " + "y" * size)
    output = build(write_outline(tmp_path, data), tmp_path)
    assert "Built 3 files" in output, output


def test_long_notes_reach_the_guide_whole(tmp_path: Path) -> None:
    from pypdf import PdfReader

    notes = prose(4500, seed=3)
    outline = write_outline(
        tmp_path, _set(outline_data(), ("sections", 1, "slides", 1, "notes"), notes)
    )
    build(outline, tmp_path)
    guide = next((tmp_path / "out" / "w").glob("*Facilitator Guide.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(guide).pages)
    # The end of the notes is there: the paragraph went on across pages, nothing was dropped.
    assert " ".join(notes.split()[-12:]) in " ".join(text.split())


# --------------------------------------------------------------------------- 2. properties


PROPERTIES = [
    ("keywords", [prose(300)]),
    ("keywords", [prose(40, seed=i) for i in range(20)]),
    ("keywords", ["x" * 5000]),
    ("keywords", ["€" * 400]),
    ("language", "x" * 300),
    ("language", "en_US"),
    ("language", "english"),
    ("source", {"title": prose(600), "author": prose(600)}),
]


@pytest.mark.parametrize(
    ("key", "value"), PROPERTIES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(PROPERTIES)]
)
def test_document_properties_never_overflow(key: str, value: object, tmp_path: Path) -> None:
    output = build(write_outline(tmp_path, _set(outline_data(), (key,), value)), tmp_path)
    if "Built" in output:
        from pptx import Presentation

        deck = next((tmp_path / "out" / "w").glob("*Slides.pptx"))
        props = Presentation(str(deck)).core_properties
        for text in (props.title, props.subject, props.keywords, props.author, props.language):
            assert len(text or "") <= 255
    else:
        assert "language" in output


def test_properties_are_clipped_to_the_format_limit() -> None:
    from generator.outputs.deck.package import _clip

    assert _clip("short") == "short"
    assert len(_clip(prose(1000))) == 255 and _clip(prose(1000)).endswith("…")


# --------------------------------------------------------------------------- 3. numbers


NUMBERS = [
    ("duration: 60", "duration: " + "6" * 5000),
    ("duration: 60", "duration: " + "6" * 31),
    ("duration: 60", "duration: -" + "6" * 5000),
    ("duration: 60", "duration: " + "6" * 5000 + ".5"),
    ("duration: 60", "duration: !!int " + "6" * 5000),
    ("duration: 60", "duration: !!float " + "6" * 400),
    ("    minutes: 5\n", "    minutes: " + "1" * 4301 + "\n"),
    ("    year: 2003\n", "    year: " + "2" * 9000 + "\n"),
    ('volume: "302"', "volume: " + "3" * 5000),
]


@pytest.mark.parametrize(("old", "new"), NUMBERS, ids=[str(i) for i in range(len(NUMBERS))])
def test_huge_numbers_are_refused_where_written(old: str, new: str, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    path = write_outline(tmp_path, text.replace(old, new, 1))
    output = build(path, tmp_path)
    line = text[: text.index(old)].count("\n") + 1
    assert f"w.yaml:{line}:" in output and "characters long; the limit is 30" in output, output


# --------------------------------------------------------------------------- 9. output names


@pytest.mark.parametrize(
    "title",
    ["€" * 74, "€" * 200, "𝔄" * 70, "a" * 79 + "€", "é" * 120, "漢" * 80, "a/" * 60, "x" * 300],
)
def test_output_names_fit_in_bytes(title: str, tmp_path: Path) -> None:
    from generator.build import output_names

    for name in output_names(title).values():
        assert len(name.encode("utf-8")) <= 200
        assert "/" not in name


def test_long_unicode_title_builds_every_output(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "title: Test Workshop", "title: " + "€" * 74, 1
    )
    output = build(write_outline(tmp_path, text), tmp_path)
    assert "Built 3 files" in output, output


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a/w.yaml", "a/w.yml"),
        ("a/w.yaml", "b/w.yaml"),
        ("a/w.yaml", "b/W.yaml"),
        ("a/w.yml", "b/w.yaml"),
        ("w.yaml", "sub/w.yml"),
        ("a/talk.yaml", "b/talk.yaml"),
        ("x/w.yaml", "y/z/w.yaml"),
        ("a/W.yml", "a/w.yaml"),
    ],
)
def test_two_outlines_writing_the_same_files_are_refused(
    first: str, second: str, tmp_path: Path
) -> None:
    paths = []
    for name in (first, second):
        path = tmp_path / "outlines" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    output = build(paths, tmp_path)
    assert "builds into the same folder as" in output, output


def test_an_outline_named_twice_is_built_once(tmp_path: Path) -> None:
    path = write_outline(tmp_path, FIXTURE.read_text(encoding="utf-8"))
    output = build([path, path], tmp_path)
    assert "Built 3 files" in output, output


# --------------------------------------------------------------------------- 10. all or nothing


def _good(tmp_path: Path) -> Path:
    return write_outline(tmp_path, FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("blocked", ["Slides.pptx", "Client Handout.pdf", "Facilitator Guide.pdf"])
def test_a_folder_in_the_way_changes_nothing(blocked: str, tmp_path: Path) -> None:
    (tmp_path / "out" / "w" / f"Test Workshop - {blocked}").mkdir(parents=True)
    (tmp_path / "out" / "w" / f"Test Workshop - {blocked}" / "keep").write_text("x")
    output = build(_good(tmp_path), tmp_path)
    assert "a folder of this name is in the way" in output.replace("\n", " "), output


def _failing_at(monkeypatch: pytest.MonkeyPatch, fail_on: int, where: str) -> None:
    """Make the ``fail_on``-th temporary write or rename fail as a full disk would."""
    import generator.atomic_files as af

    calls = {"n": 0}
    real = af.os.replace if where == "rename" else af.os.fsync

    def flaky(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == fail_on:
            raise OSError(28, "No space left on device")
        return real(*args)

    monkeypatch.setattr(af.os, "replace" if where == "rename" else "fsync", flaky)


@pytest.mark.parametrize(
    ("fail_on", "where"),
    [(1, "write"), (2, "write"), (3, "write"), (1, "rename"), (2, "rename"), (3, "rename")],
)
def test_a_full_disk_leaves_the_previous_set(
    fail_on: int, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = _good(tmp_path)
    out = tmp_path / "out" / "w"
    build(outline, tmp_path)  # the previous set
    previous = snapshot(out)
    outline.write_text(
        outline.read_text(encoding="utf-8").replace("Test Workshop", "Test Workshop"), "utf-8"
    )
    _failing_at(monkeypatch, fail_on, where)
    result = CliRunner().invoke(
        cli, ["build", str(outline), "--out", str(tmp_path / "out"), "--practice", str(PRACTICE)]
    )
    assert result.exit_code == 2, result.output
    assert "the disk is full" in result.output and "Nothing was written" in result.output
    assert snapshot(out) == previous
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


_SIGNAL_SCRIPT = """
import os, signal, sys
import generator.atomic_files as af
from generator.cli import main
SIG = getattr(signal, sys.argv[1])
real = af._write_temp if sys.argv[2] == "write" else af.os.replace
count = [0]
def hit(*args):
    count[0] += 1
    if count[0] == 2:
        os.kill(os.getpid(), SIG)
    return real(*args)
if sys.argv[2] == "write":
    af._write_temp = hit
else:
    af.os.replace = hit
sys.argv = ["workshop", "build", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("during", ["write", "rename"])
def test_a_signal_while_writing_gives_all_or_nothing(sig: str, during: str, tmp_path: Path) -> None:
    outline = _good(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-c", _SIGNAL_SCRIPT, sig, during, str(outline), "--out", str(out),
         "--practice", str(PRACTICE)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "CI": "true"},
    )  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode != 0  # the signal still stops the command
    files = sorted(p.name for p in (out / "w").iterdir()) if (out / "w").exists() else []
    assert not [n for n in files if n.startswith(".")], files
    if during == "write":
        assert files == []  # stopped before any rename: nothing new
    else:
        assert len(files) == 3  # held back until the whole set was in place
    if sig != "SIGINT":
        assert run.returncode == -getattr(signal, sig)


# --------------------------------------------------------------------------- 11. environment


ENVIRONMENTS = [
    {"SOURCE_DATE_EPOCH": "abc"},
    {"SOURCE_DATE_EPOCH": "-5"},
    {"SOURCE_DATE_EPOCH": "1.5"},
    {"SOURCE_DATE_EPOCH": "9" * 5000},
    {"SOURCE_DATE_EPOCH": "99999999999"},
    {"SOURCE_DATE_EPOCH": "0"},
    {"SOURCE_DATE_EPOCH": " 1700000000 "},
    {"SOURCE_DATE_EPOCH": ""},
    {"HOME": None},
    {"TZ": "Pacific/Kiritimati"},
]


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=[str(i) for i in range(len(ENVIRONMENTS))])
def test_environment_gives_a_build_or_names_the_variable(env: dict, tmp_path: Path) -> None:
    output = build(_good(tmp_path), tmp_path, env=env)
    if "Built" not in output:
        assert "SOURCE_DATE_EPOCH" in output, output


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "latin-1"},
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "LANG": "C"},
        {"LC_ALL": "POSIX", "PYTHONUTF8": "0"},
        {"HOME": ""},
    ],
)
def test_a_real_process_in_another_locale_builds(env: dict, tmp_path: Path) -> None:
    outline = write_outline(
        tmp_path,
        FIXTURE.read_text(encoding="utf-8").replace("Test Workshop", "Café — “Connection”", 1),
    )
    environ = {k: v for k, v in os.environ.items() if k != "HOME"} | env
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(outline), "--out", str(tmp_path / "out"),
         "--practice", str(PRACTICE)],
        capture_output=True, timeout=120, env=environ,
    )  # fmt: skip
    assert b"Traceback" not in run.stderr
    if run.returncode == 2:  # file names in ASCII: "Café" cannot be a file name here
        assert b"PYTHONUTF8=1" in run.stderr and not (tmp_path / "out" / "w").exists()
        return
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "out" / "w").iterdir())) == 3


# A handout with every block (tracker, get-help box, resources with a QR code): found by the
# prose fuzzer, a 2,700-character resource description beside its QR code raised LayoutError.
SMALL_STEPS = Path(__file__).parent.parent / "outlines" / "small-steps.yaml"
HANDOUT_BLOCKS = [
    (("handout", "resources", 0, "description"), 2700),
    (("handout", "resources", 0, "description"), 20000),
    (("handout", "resources", 0, "name"), 5000),
    (("handout", "tracker", "rows", 0), 5000),
    (("handout", "tracker", "intro"), 20000),
    (("handout", "get_help", "signs", 0), 8000),
    (("handout", "get_help", "what_to_do", 0), 20000),
    (("handout", "try_this", 0, "steps", 0), 20000),
]


@pytest.mark.parametrize(
    ("path", "size"), HANDOUT_BLOCKS, ids=[f"{p[1]}-{p[-1]}-{n}" for p, n in HANDOUT_BLOCKS]
)
def test_long_text_in_any_handout_block_builds(path: tuple, size: int, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SMALL_STEPS.parent.parent / "assets", tmp_path / "assets")
    data = yaml.safe_load(SMALL_STEPS.read_text(encoding="utf-8"))
    _set(data, path, prose(size, seed=7))
    output = build(write_outline(tmp_path, data), tmp_path, "--practice", str(PRACTICE))
    assert "Built 3 files" in output, output


@pytest.mark.parametrize("size", [2500, 4000, 20000])
def test_a_practice_title_pages_long_is_refused_not_looped_on(size: int, tmp_path: Path) -> None:
    # reportlab looped for ever laying out a 4,000-character "Try this:" heading.
    data = _set(outline_data(), ("handout", "try_this", "title"), prose(size))
    output = build(write_outline(tmp_path, data), tmp_path)
    assert "handout.try_this.title: this title is" in output, output
