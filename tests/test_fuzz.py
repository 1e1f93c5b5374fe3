"""Fuzzers (issue 16, class 15): long realistic prose in every text field, and damaged files
and odd environments. Each example must build, or exit 2 with located lines and nothing
written; never a traceback, never a temporary file left.

CI runs a few examples of each (derandomized, so a run is repeatable); set
``WORKSHOP_FUZZ_EXAMPLES=200`` (and ``WORKSHOP_FUZZ_RANDOM=1`` for fresh draws) to run longer
by hand — see docs/limits.md.
"""

from __future__ import annotations

import copy
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from test_hostile import LOCATED, SUMMARY, build, prose

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
SMALL_STEPS = ROOT / "outlines" / "small-steps.yaml"  # every handout block
PRACTICE = ROOT / "assets" / "practice.yaml"
EXAMPLES = int(os.environ.get("WORKSHOP_FUZZ_EXAMPLES", "5"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("WORKSHOP_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
_counter = itertools.count()

# Keys whose value is an identifier, a choice or a path, not prose.
NOT_PROSE = {
    "id", "kind", "key", "level", "format", "exercise", "type", "language", "image", "paper",
    "locale", "primary", "accent", "text_color", "background", "heading", "body", "extends",
    "name", "doi", "url", "date", "year", "logo", "signature", "reference", "website", "email",
}  # fmt: skip


def text_fields(node: object, path: tuple = ()) -> list[tuple]:
    """Return the path of every prose string in plain YAML data."""
    if isinstance(node, str):
        return [path]
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_PROSE and key != "variables":
                found += text_fields(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += text_fields(value, (*path, i))
    return found


# Words in other scripts and emoji: Greek and Cyrillic the bundled font draws; the others it
# does not, and the build must say where they are instead of printing boxes.
FOREIGN = ["naïve", "café", "Ωμέγα", "привет", "straße", "ğüşiö", "中文", "😀", "עברית", "🙂"]
unbroken = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-/", min_size=40, max_size=5000)


@st.composite
def long_prose(draw: st.DrawFn) -> str:
    """Return realistic prose of 1–20,000 characters, with some long unbroken words and words
    in other scripts or emoji put in at random places."""
    size = draw(st.one_of(st.integers(1, 300), st.integers(300, 4000), st.integers(4000, 20_000)))
    text = prose(size, seed=draw(st.integers(0, 50)))
    for extra in draw(st.lists(st.one_of(unbroken, st.sampled_from(FOREIGN)), max_size=3)):
        at = draw(st.integers(0, len(text)))
        text = f"{text[:at]} {extra} {text[at:]}"
    return text[:20_000].strip() or "x"


def _set(data: object, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


def _project(base: Path) -> Path:
    """Return a fresh copy of the canonical outlines and assets for one example."""
    folder = base / f"example-{next(_counter)}"
    shutil.copytree(ROOT / "outlines", folder / "outlines")
    shutil.copytree(ROOT / "assets", folder / "assets")
    return folder


OUTLINES = {
    "all-kinds": yaml.safe_load(FIXTURE.read_text(encoding="utf-8")),
    "small-steps": yaml.safe_load(SMALL_STEPS.read_text(encoding="utf-8")),
}
PROFILE = yaml.safe_load(PRACTICE.read_text(encoding="utf-8"))
PROFILE["disclaimer"] = "This handout is general information, not therapy."
FIELDS = [(which, path) for which, data in OUTLINES.items() for path in text_fields(data)] + [
    ("practice", path) for path in text_fields(PROFILE)
]


@FUZZ
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), long_prose()), min_size=1, max_size=3))
def test_long_prose_in_any_text_field(changes: list, tmp_path: Path) -> None:
    folder = _project(tmp_path)
    outline_name = changes[0][0][0] if changes[0][0][0] != "practice" else "all-kinds"
    outline = copy.deepcopy(OUTLINES[outline_name])
    profile = copy.deepcopy(PROFILE)
    for (which, path), text in changes:
        if which == "practice":
            _set(profile, path, text)
        elif which == outline_name:
            _set(outline, path, text)
        note(f"{which} {path}: {len(text)} characters")
    outline_path = folder / "outlines" / "w.yaml"
    outline_path.write_text(yaml.safe_dump(outline, allow_unicode=True, width=1e9), "utf-8")
    profile_path = folder / "assets" / "practice.yaml"
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True, width=1e9), "utf-8")
    output = build(outline_path, folder, "--practice", str(profile_path))
    note(output[:2000])
    event("built" if "Built" in output else "refused")


# --------------------------------------------------------------------------- files, environment


def _mutate(path: Path, how: str, at: float, seed: int) -> None:
    """Damage ``path`` in place as ``how`` says; ``at`` (0–1) and ``seed`` pick where."""
    data = path.read_bytes() if path.is_file() else b""
    if how == "truncate":
        path.write_bytes(data[: int(len(data) * at)])
    elif how == "flip":
        damaged = bytearray(data)
        for i in range(1 + seed % 8):
            pos = (int(len(damaged) * at) + i * 7919) % max(len(damaged), 1)
            if damaged:
                damaged[pos] ^= 1 << (seed + i) % 8
        path.write_bytes(bytes(damaged))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "folder":
        path.unlink()
        path.mkdir()
    elif how == "dangling":
        path.unlink()
        path.symlink_to(path.parent / "gone")
    elif how == "loop":
        path.unlink()
        path.symlink_to(path)
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)


FILES = [
    "outlines/science-of-connection.yaml",
    "outlines/science-of-connection/couples-120.yaml",
    "assets/practice.yaml",
    "assets/co-regulation-cycle.png",
]
HOW = ["truncate", "flip", "empty", "folder", "dangling", "loop", "fifo"]
ENVIRONMENTS = st.fixed_dictionaries(
    {},
    optional={
        "LANG": st.sampled_from(["C", "POSIX", "C.UTF-8", "xx_XX.nonsense"]),
        "LC_ALL": st.sampled_from(["C", "POSIX", "C.UTF-8"]),
        "PYTHONIOENCODING": st.sampled_from(["latin-1", "ascii", "utf-8"]),
        "TZ": st.sampled_from(["UTC", "Pacific/Auckland", "Pacific/Kiritimati", "Nowhere/City"]),
        "HOME": st.just(""),
        "SOURCE_DATE_EPOCH": st.sampled_from(
            ["0", "-1", "1e9", "abc", " 1700000000", "4354819199", "4354819200", "9" * 40, ""]
        ),
    },
)


@FUZZ
@given(
    damage=st.lists(
        st.tuples(
            st.sampled_from(FILES), st.sampled_from(HOW), st.floats(0, 1), st.integers(0, 99)
        ),
        max_size=2,
    ),
    env=ENVIRONMENTS,
    no_home=st.booleans(),
)
def test_damaged_files_and_odd_environments(
    damage: list, env: dict, no_home: bool, tmp_path: Path
) -> None:
    folder = _project(tmp_path)
    for name, how, at, seed in damage:
        target = folder / name
        if target.is_file() and not target.is_symlink():
            _mutate(target, how, at, seed)
    out = folder / "out"
    (out / "science-of-connection").mkdir(parents=True)
    (out / "science-of-connection" / "Earlier - Slides.pptx").write_bytes(b"the last good deck")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | env
    environ["CI"] = "true"
    if no_home:
        environ.pop("HOME", None)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "outlines/science-of-connection.yaml",
         "--out", "out"],
        cwd=folder, capture_output=True, timeout=300, env=environ,
    )  # fmt: skip
    stderr = run.stderr.decode("utf-8", "replace")
    event(f"exit {run.returncode}")
    note(f"exit {run.returncode}: {stderr[:2000]}")
    assert run.returncode in (0, 2), stderr
    assert "Traceback" not in stderr
    left = [p for p in out.rglob("*") if p.name.startswith(".")]
    assert not left, left
    files = sorted(p.name for p in (out / "science-of-connection").iterdir())
    if run.returncode == 2:
        assert files == ["Earlier - Slides.pptx"], files
        problems = [
            ln
            for ln in stderr.splitlines()
            if ln.strip() and not SUMMARY.match(ln) and not ln.startswith("warning: ")
        ]
        assert problems
        for line in problems:
            named = any(v in line for v in ("SOURCE_DATE_EPOCH", "PYTHONUTF8", "LANG"))
            assert LOCATED.match(line) or named, f"not located: {line!r}"
    else:
        assert len(files) == 4, files
