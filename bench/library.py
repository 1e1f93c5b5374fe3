"""A library of outlines built at once: 50 outlines × 3 audiences, in parallel against serially.

Usage: ``python bench/library.py [--outlines 50] [--runs 3]``. The canonical outline (two
audiences of its own and one overlay) is copied ``--outlines`` times under new names into a
temporary folder, and ``workshop build --all-audiences`` builds every copy: 150 jobs of three
outputs each. The parallel build (a process pool, one worker per core) and the serial build
(one core as the build sees it, everything in one process) alternate, so other work on the
machine disturbs both alike. The target: parallel time ≤ 1.2 × (serial time ÷ cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"

SERIAL = (
    "import sys; sys.argv[0] = 'workshop'; "
    "import generator.parallel; generator.parallel.cores = lambda: 1; "
    "from generator.cli import main; main()"
)
PARALLEL = "import sys; sys.argv[0] = 'workshop'; from generator.cli import main; main()"


def library(folder: Path, count: int) -> list[Path]:
    """Write ``count`` copies of the canonical outline (with its overlay) into ``folder``."""
    text = OUTLINE.read_text(encoding="utf-8")
    overlays = OUTLINE.parent / OUTLINE.stem
    outlines = folder / "outlines"
    outlines.mkdir(parents=True)
    shutil.copytree(ROOT / "assets", folder / "assets")
    paths = []
    for n in range(1, count + 1):
        stem = f"workshop-{n:02d}"
        path = outlines / f"{stem}.yaml"
        path.write_text(text, encoding="utf-8")
        shutil.copytree(overlays, outlines / stem)
        for overlay in (outlines / stem).glob("*.yaml"):
            body = overlay.read_text(encoding="utf-8")
            overlay.write_text(body.replace(OUTLINE.name, path.name), encoding="utf-8")
        paths.append(path)
    return paths


def run(code: str, outlines: list[Path], cwd: Path) -> tuple[float, float, int]:
    """Return the wall and CPU seconds and the peak memory (bytes) of one whole build."""
    with tempfile.TemporaryDirectory(prefix="wk-bench-lib-") as out:
        command = [sys.executable, "-c", code, "build", *map(str, outlines), "--all-audiences"]
        command += ["--practice", str(cwd / "assets" / "practice.yaml"), "--out", out]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("the library build failed")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def measure(count: int, runs: int) -> dict[str, list[tuple[float, float, int]]]:
    """Return ``runs`` samples of the parallel and the serial build, alternated."""
    samples: dict[str, list[tuple[float, float, int]]] = {"parallel": [], "serial": []}
    with tempfile.TemporaryDirectory(prefix="wk-bench-library-") as tmp:
        outlines = library(Path(tmp), count)
        for _ in range(runs):
            samples["parallel"].append(run(PARALLEL, outlines, Path(tmp)))
            samples["serial"].append(run(SERIAL, outlines, Path(tmp)))
    return samples


def main() -> int:
    """Print both medians and the ratio the target is about."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlines", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from generator.parallel import cores

    got = measure(args.outlines, args.runs)
    parallel = statistics.median(t for t, _, _ in got["parallel"])
    serial = statistics.median(t for t, _, _ in got["serial"])
    jobs = args.outlines * 3
    print(f"{args.outlines} outlines x 3 audiences ({jobs} jobs), {cores()} cores:")
    for name, values in got.items():
        times = ", ".join(f"{t:.1f}" for t, _, _ in values)
        peak = max(p for _, _, p in values) / 1024 / 1024
        print(f"  {name}: median {statistics.median(t for t, _, _ in values):.2f} s ({times}); "
              f"peak {peak:.0f} MB")  # fmt: skip
    ideal = serial / cores()
    print(f"  parallel / (serial / cores) = {parallel / ideal:.2f} (target ≤ 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
