"""What a build reads, and that its bytes do not depend on where or when it runs (issue 16).

An audit hook (``sys.addaudithook``) in a real ``workshop build`` process records every file
opened and every folder listed; the build must stay within the outline's folder, ``assets/``,
the named template and practice profile, the output folder, the installed package and Python
itself. A second test builds the same outlines from two folders, in two time zones and two
locales, and compares every byte; a third does so for the training pack (``--pack``), whose
slide handout draws the outline's picture.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import generator

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path("/work/shared/templates")

PROBE = r"""
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
names = {"open": "open", "os.listdir": "list", "os.scandir": "list"}

def hook(event, args):
    # Written at once with os.write (no imports, no open: no event of its own); a forked
    # renderer inherits the hook and the descriptor, so its reads are recorded too.
    kind = names.get(event)
    if kind is None or args[0] is None or isinstance(args[0], int):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    os.write(log, (kind + "\t" + path + "\n").encode("utf-8", "surrogateescape"))

sys.addaudithook(hook)
from generator.cli import main
sys.argv = ["workshop", *sys.argv[2:]]
main()
"""


def _copy_project(folder: Path) -> Path:
    """Copy the canonical outlines and assets into ``folder``; return it."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "outlines", folder / "outlines")
    shutil.copytree(ROOT / "assets", folder / "assets")
    return folder


def _environ(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "RL_"))}
    env["CI"] = "true"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _under(path: str, roots: list[Path]) -> bool:
    return any(path == str(r) or path.startswith(str(r) + os.sep) for r in roots)


# Folders reportlab lists (never opens) at import, to fill its font search path: it is used
# only for fonts registered by name, and the PDFs register theirs by absolute path.
REPORTLAB_FONT_DIRS = [Path("/usr/share/fonts")]


def _python_itself(kind: str, path: str) -> bool:
    """Return True for what Python's own machinery touches outside its folders: a worker
    process of multiprocessing reopens its standard input on /dev/null (several jobs render
    in parallel), and the import system probes the name of setuptools' editable-install hook
    (a sys.path entry that is not a folder) as if it were one."""
    return path == os.devnull or Path(path).name.startswith("__editable__.")


@pytest.mark.parametrize("template", [None, "gslides-simplelight.pptx"])
def test_a_build_reads_only_its_inputs_the_package_and_python(
    template: str | None, tmp_path: Path
) -> None:
    if template and not (TEMPLATES / template).is_file():
        pytest.skip("the shared templates are not here")
    work = _copy_project(tmp_path / "work")
    home = tmp_path / "home"
    home.mkdir()
    # reportlab executes ~/.reportlab_mods and ~/.reportlab_settings when it is imported:
    # settings there could change the PDFs' bytes. They must not even be opened.
    for name in (".reportlab_mods", ".reportlab_settings"):
        (home / name).write_text("raise SystemExit('read ' + __name__)\n", encoding="utf-8")
    log = tmp_path / "reads.log"
    args = ["build", "outlines/science-of-connection.yaml", "outlines/small-steps.yaml",
            "--all-audiences", "--out", "out"]  # fmt: skip
    if template:
        args += ["--template", str(TEMPLATES / template)]
    run = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, str(log), *args],
        cwd=work, capture_output=True, text=True, timeout=300, env=_environ(HOME=str(home)),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    events = [line.split("\t", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    allowed = [
        work / "outlines",
        work / "assets",
        work / "out",
        Path(generator.__file__).resolve().parent,
        Path(sys.prefix).resolve(),
        Path(sys.base_prefix).resolve(),
        *(Path(p).resolve() for p in sysconfig.get_paths().values()),
    ]
    if template:
        allowed.append(TEMPLATES / template)
    outside = sorted(
        {
            (kind, path)
            for kind, path in events
            if not _under(path, allowed)
            and not (kind == "list" and _under(path, REPORTLAB_FONT_DIRS))
            and not _python_itself(kind, path)
            and path != str(work)  # the working folder itself: "out" and "outlines" in it
        }
    )
    assert not outside, json.dumps(outside, indent=1)
    opened = {path for kind, path in events if kind == "open"}
    assert any(p.endswith("science-of-connection.yaml") for p in opened)  # the hook saw reads


CANONICAL = ("outlines/science-of-connection.yaml", "outlines/small-steps.yaml")


def _build(work: Path, env: dict[str, str], args: tuple[str, ...] = CANONICAL) -> dict[str, bytes]:
    """Run ``workshop build ARGS --out out`` in ``work``; return each output's bytes by its path."""
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", *args, "--out", "out"],
        cwd=work, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    out = work / "out"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _deep(tmp_path: Path) -> Path:
    """Return a folder in ``tmp_path`` whose path is longer and has spaces and an accent."""
    return tmp_path / ("a-much-longer-folder-name-" * 3) / "with spaces and é" / "b"


def test_outputs_are_byte_identical_across_folders_time_zones_and_locales(
    tmp_path: Path,
) -> None:
    first = _build(_copy_project(tmp_path / "a"), _environ(TZ="UTC", LANG="C.UTF-8"))
    moved = _build(_copy_project(_deep(tmp_path)), _environ(TZ="UTC", LANG="C.UTF-8"))
    elsewhere = _build(
        _copy_project(tmp_path / "c"), _environ(TZ="Pacific/Auckland", LANG="C", LC_ALL="C")
    )
    assert len(first) == 6
    for name, data in first.items():
        assert moved[name] == data, f"{name} differs when built from another folder"
        assert elsewhere[name] == data, f"{name} differs in another time zone and locale"


def test_the_training_pack_is_byte_identical_across_folders(tmp_path: Path) -> None:
    # The slide handout draws the outline's picture (science-of-connection has an image
    # slide); reportlab names an image drawn from a path after the path, which differs here.
    args = ("outlines/science-of-connection.yaml", "--pack")
    first = _build(_copy_project(tmp_path / "a"), _environ(), args)
    moved = _build(_copy_project(_deep(tmp_path)), _environ(), args)
    assert sorted(moved) == sorted(first)
    assert len(first) == 7  # deck, handout, guide and the pack's four
    for name, data in first.items():
        assert moved[name] == data, f"{name} differs when built from another folder"
