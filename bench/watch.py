"""From saving an edit to the rebuilt deck on disk, under ``workshop build --watch``, timed from
outside the process, alternating with pandoc's cold conversion of the same slides.

Usage: ``python bench/watch.py [--runs 15]``. The outline, its overlay and ``assets/`` are copied
to a temporary folder and ``workshop build --watch`` runs there as a user runs it. After its
first build, each round saves one edit as an editor does (a new file renamed over the old one)
and waits for the watcher to report the rebuild; the latency is the deck's status-change time
(set when it is renamed into place) minus the saved file's modification time, both stamped by
the file system. Its modification time is printed too: the moment the deck's bytes were
written to its temporary file, before they were synced and renamed (what this bench reported
until 2026-12-02, a few milliseconds earlier). Two kinds of edit alternate: a
speaker note (the deck and the guide show it, so both render again) and the picture on a slide
replaced (the deck alone). Between two edits pandoc converts the same 28 slides once, so noise
on a shared machine hits both alike. Prints each median and its ratio to pandoc's, and for the
note also the time until the watcher reports the rebuild (every output renamed into place).
File times have the file system's granularity (a few milliseconds on Linux).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTLINE = "science-of-connection.yaml"
MARKDOWN = ROOT / "bench" / "science-of-connection.md"
EDITED_LINE = "notes: Let the line land. Pause before moving on."
PICTURE = "co-regulation-cycle.png"
TIMEOUT = 120.0


@dataclass
class Latencies:
    """Seconds from save to deck on disk, by kind of edit, and pandoc's cold times between."""

    note: list[float] = field(default_factory=list)
    note_written: list[float] = field(default_factory=list)
    """Until the deck's bytes were written (its modification time), before sync and rename."""
    note_reported: list[float] = field(default_factory=list)
    """Until the watcher says it built: every output renamed into place (and synced)."""
    picture: list[float] = field(default_factory=list)
    picture_written: list[float] = field(default_factory=list)
    pandoc: list[float] = field(default_factory=list)


def _save(path: Path, data: bytes) -> int:
    """Save ``data`` to ``path`` as editors do (a new file renamed over it); return its mtime."""
    tmp = path.with_name(f".{path.name}.saving")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path.stat().st_mtime_ns


def _until(lines: subprocess.Popen[str], *starts: str) -> str:
    """Return the watcher's next output line that begins with one of ``starts``."""
    deadline = time.monotonic() + TIMEOUT
    assert lines.stdout is not None
    while time.monotonic() < deadline:
        line = lines.stdout.readline()
        if not line:
            raise RuntimeError("the watcher stopped")
        if line.startswith(starts):
            return line
    raise RuntimeError(f"no line starting {starts} within {TIMEOUT} s")


def _pictures(folder: Path) -> tuple[bytes, bytes]:
    """Return two different PNGs of the slide picture's size (two versions of a picture)."""
    from PIL import Image

    with Image.open(folder / PICTURE) as original:
        size = original.size
    made = []
    for colour in ("teal", "orange"):
        path = folder / f".{colour}.png"
        Image.new("RGB", size, colour).save(path, format="PNG")
        made.append(path.read_bytes())
        path.unlink()
    return made[0], made[1]


def measure(runs: int) -> Latencies:
    """Return ``runs`` latencies of each kind of edit and ``runs`` pandoc times, alternated."""
    result = Latencies()
    with tempfile.TemporaryDirectory(prefix="wk-bench-watch-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "outlines", root / "outlines")
        shutil.copytree(ROOT / "assets", root / "assets")
        outline = root / "outlines" / OUTLINE
        text = outline.read_text(encoding="utf-8")
        if EDITED_LINE not in text:
            raise SystemExit(f"bench: the outline no longer has the line '{EDITED_LINE}'")
        pictures = _pictures(root / "assets")
        command = [
            sys.executable, "-m", "generator", "build", "--watch", str(outline),
            "--practice", str(root / "assets" / "practice.yaml"), "--out", str(root / "out"),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
        watcher = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        try:
            _until(watcher, "Built ")
            deck = next((root / "out" / outline.stem).glob("*.pptx"))
            for i in range(runs):
                for kind in ("note", "picture"):
                    if kind == "note":
                        edited = EDITED_LINE.replace("on.", f"on (revision {i + 1}).")
                        saved = _save(outline, text.replace(EDITED_LINE, edited).encode())
                    else:
                        saved = _save(root / "assets" / PICTURE, pictures[i % 2])
                    line = _until(watcher, "Built ", "Build failed", "error:")
                    reported = time.time_ns()
                    if not line.startswith("Built "):
                        raise RuntimeError(f"the rebuild failed: {line}")
                    st = deck.stat()
                    # A rename sets the file's status-change time (ext4, XFS, btrfs, APFS).
                    placed = max(st.st_ctime_ns, st.st_mtime_ns)
                    getattr(result, kind).append((placed - saved) / 1e9)
                    getattr(result, f"{kind}_written").append((st.st_mtime_ns - saved) / 1e9)
                    if kind == "note":
                        result.note_reported.append((reported - saved) / 1e9)
                    started = time.perf_counter()
                    subprocess.run(
                        ["pandoc", str(MARKDOWN), "-o", str(root / "x.pptx")], check=True
                    )
                    result.pandoc.append(time.perf_counter() - started)
        finally:
            watcher.send_signal(signal.SIGINT)
            try:
                watcher.wait(10)
            except subprocess.TimeoutExpired:
                watcher.kill()
                watcher.wait()
    return result


def main() -> int:
    """Print the median latencies and their ratio to pandoc's cold time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    got = measure(runs)
    pandoc = statistics.median(got.pandoc)
    print(f"pandoc cold (between edits): median {pandoc * 1000:.0f} ms")
    kinds = (
        ("speaker note", got.note),
        ("speaker note, until reported", got.note_reported),
        ("speaker note, until its bytes were written", got.note_written),
        ("slide picture", got.picture),
        ("slide picture, until its bytes were written", got.picture_written),
    )
    for name, times in kinds:
        median = statistics.median(times)
        print(
            f"save -> deck on disk, {name} edited: median {median * 1000:.0f} ms, "
            f"{median / pandoc:.2f} x pandoc (min {min(times) * 1000:.0f}, "
            f"max {max(times) * 1000:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
