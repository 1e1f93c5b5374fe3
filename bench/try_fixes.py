"""Measure what the fixes proposed in docs/performance.md would save, before anyone makes them.

``bench/prototype_fixes.py`` applies each proposed fix by monkeypatching (measurement only; the
product never imports it). This script times whole-process ``workshop validate`` and
``workshop build`` and an in-process warm rebuild with no fix, each fix alone, and all of them,
and checks that every fix leaves the outputs byte-identical.

Usage: ``python bench/try_fixes.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from run import OUTLINE, PRACTICE, run_once  # noqa: E402

FIXES = ("yaml", "textfit", "partname", "qr")
DRIVER = (
    "import sys; sys.path.insert(0, {bench!r}); import prototype_fixes; "
    "sys.argv[0] = 'workshop'; from generator.cli import main; main()"
)
WARM = """
import hashlib, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {bench!r}); sys.path.insert(0, {root!r})
import prototype_fixes
from generator.build import BuildOptions, Job, render_job
tmp = Path(tempfile.mkdtemp())
options = BuildOptions(out=tmp, practice=Path({practice!r}))
job = Job(Path({outline!r}), None, tmp)
render_job(job, options)
times = []
for _ in range({runs}):
    started = time.process_time(); rendered = render_job(job, options)
    times.append(time.process_time() - started)
digest = hashlib.sha256(b"".join(rendered.files[p] for p in sorted(rendered.files))).hexdigest()
print(statistics.median(times), digest[:16])
"""


def whole(fixes: str, args: list[str], runs: int) -> float:
    """Return the median CPU time of ``workshop ARGS`` with ``fixes`` applied.

    CPU time (user + system), not wall time: these runs compare code paths on a machine that
    other work may share, and CPU time is far less disturbed by it.
    """
    env = {**os.environ, "WK_FIXES": fixes}
    cmd = [sys.executable, "-c", DRIVER.format(bench=str(BENCH)), *args]
    times = []
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            out = ["--out", tmp] if args[0] == "build" else []
            times.append(run_once([*cmd, *out], ROOT, env)[1])
    return statistics.median(times[1:])


def warm(fixes: str, runs: int) -> tuple[float, str]:
    """Return the median in-process rebuild CPU time with ``fixes``, and the outputs' digest."""
    code = WARM.format(
        bench=str(BENCH), root=str(ROOT), practice=str(PRACTICE), outline=str(OUTLINE), runs=runs
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "WK_FIXES": fixes},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), out[1]


def main() -> int:
    """Print one row per fix set: validate, cold build, warm rebuild, output digest."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    practice = ["--practice", str(PRACTICE)]
    print("CPU time, median (user + system):")
    print("| fixes | validate | cold build | warm rebuild | outputs (sha256) |")
    print("| --- | ---: | ---: | ---: | --- |")
    validate = ["validate", str(OUTLINE), *practice]
    for fixes in ("", *FIXES, ",".join(FIXES)):
        # Only the YAML fix touches validate; the others would import python-pptx into it.
        v = whole(fixes, validate, runs) if fixes in ("", "yaml") else None
        c = whole(fixes, ["build", str(OUTLINE), *practice], runs)
        w, digest = warm(fixes, 20)
        label = fixes.replace(",", " + ") or "none"
        shown = f"{v * 1000:.0f} ms" if v is not None else "–"
        print(
            f"| {label} | {shown} | {c * 1000:.0f} ms | {w * 1000:.0f} ms | {digest} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
