"""Fast start-up: ``workshop --help`` and ``workshop validate`` leave the heavy libraries alone.

python-pptx (with lxml), reportlab and Pillow take most of a cold build's start-up; commands
that render nothing must not pay for them (validate does load Pillow: it fits the slides'
text and decodes images as build does, to refuse what build would). Each case runs in a fresh
interpreter, because this test process has long since imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RENDERING = ("pptx", "lxml", "reportlab", "PIL")

PROBE = """
import json, sys
from generator.cli import cli
try:
    cli(sys.argv[1:], prog_name="workshop")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
top = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"code": code, "modules": top}), file=sys.stderr)
"""


def _imported(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    """Return the exit code and the top-level packages imported by ``workshop ARGS``."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["build", "--help"]])
def test_help_imports_no_rendering_or_validation_library(args: list[str], tmp_path: Path) -> None:
    code, modules = _imported(args, tmp_path)
    assert code == 0
    assert not modules & {*RENDERING, "pydantic", "yaml"}, sorted(modules)


def test_validate_imports_no_rendering_library(tmp_path: Path) -> None:
    """validate fits the slides as build does (issue 16: it refuses what build would), so it
    measures text with Pillow's fonts; it writes no file, so python-pptx and reportlab stay."""
    args = [
        "validate",
        str(ROOT / "tests" / "fixtures" / "all-kinds.yaml"),
        "--practice",
        str(ROOT / "assets" / "practice.yaml"),
    ]
    code, modules = _imported(args, tmp_path)
    assert code == 0
    assert "PIL" in modules  # the probe really validated: it fitted the slides' text
    writers = set(RENDERING) - {"PIL"}
    assert not modules & writers, sorted(modules & writers)
    # a valid outline passes the model layer's own check; pydantic is for wording mistakes
    assert "pydantic" not in modules


def test_validate_of_a_mistake_asks_pydantic_for_its_words(tmp_path: Path) -> None:
    """The check above can fail: an outline with a mistake brings pydantic in to word it."""
    outline = tmp_path / "w.yaml"
    text = (ROOT / "tests" / "fixtures" / "all-kinds.yaml").read_text(encoding="utf-8")
    outline.write_text(text.replace("duration:", "duration: x\nold_duration:", 1))
    args = ["validate", str(outline), "--practice", str(ROOT / "assets" / "practice.yaml")]
    code, modules = _imported(args, tmp_path)
    assert code == 2
    assert "pydantic" in modules


def test_the_probe_sees_a_rendering_import(tmp_path: Path) -> None:
    """The check above can fail: a command that does render shows up as importing pptx."""
    args = ["build", str(ROOT / "tests" / "fixtures" / "all-kinds.yaml"), "--only", "deck"]
    args += ["--practice", str(ROOT / "assets" / "practice.yaml"), "--out", str(tmp_path)]
    code, modules = _imported(args, tmp_path)
    assert code == 0
    assert "pptx" in modules
