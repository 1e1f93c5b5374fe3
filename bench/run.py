"""Benchmark workshop-kit against its targets (issues 9 and 23). Run by hand, never as a test.

Usage, from anywhere::

    python bench/run.py              # 7 runs of every whole-process case, 20 warm rebuilds
    python bench/run.py --runs 3     # quicker, noisier
    python bench/run.py --markdown   # also print the results as a Markdown table

Every case is timed as the median of repeated whole-process runs (a fresh interpreter each
time, as a user gets from ``workshop build``), except the warm rebuild, which calls the build
functions repeatedly in this process, as ``workshop build --watch`` does. The start-up cases and
pandoc run alternately (one run of each, then the next round), so that other work on a shared
machine disturbs each of them alike. Then come ``build --watch`` timed from outside
(``bench/watch.py``), certificates for 500 attendees (``bench/certificates.py``) and a library
of 50 outlines × 3 audiences in parallel against serially (``bench/library.py``). Each run's time is
wall-clock from start to exit; its peak memory is the child's maximum resident set size, read
with ``os.wait4`` per process (``resource.getrusage(RUSAGE_CHILDREN)`` would give the maximum
over all children so far, not per run). hyperfine is not used: it gives no memory figure and
one mechanism for both numbers keeps them from the same runs.

The Markdown deck pandoc converts is written from the same plan as the deck
(``bench/make_markdown.py``), so both tools make the same 28 slides.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
MARKDOWN = BENCH / "science-of-connection.md"
SIZES = (10, 100, 500)
MB = 1024 * 1024

sys.path.insert(0, str(ROOT))


@dataclass
class Result:
    """Timings (seconds) and the largest peak memory (bytes) of one benchmark case."""

    name: str
    times: list[float]
    peak: int | None = None
    cpu: list[float] | None = None
    target: str = ""
    met: bool | None = None

    @property
    def median(self) -> float:
        """Return the median time in seconds."""
        return statistics.median(self.times)


def run_once(
    cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """Run ``cmd`` to completion; return its wall time and CPU time in seconds, and peak RSS.

    CPU time (user + system, children included) is less disturbed than wall time when other
    work shares the machine, so both are reported.

    Raises RuntimeError with the command's output when it fails: a benchmark of a failing
    build measures nothing.
    """
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # wait4 reaped it, not Popen
        if proc.returncode != 0:
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{output}")
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def time_process(
    name: str,
    make_cmd: Callable[[Path], Sequence[str]],
    runs: int,
    env: dict[str, str] | None = None,
) -> Result:
    """Return ``runs`` timings of the command ``make_cmd(fresh_temp_dir)``, after one warm-up.

    Each run gets an empty temporary folder for its outputs, so no run finds the last one's
    files. The warm-up run fills the operating system's file cache and is not counted.
    """
    times, cpus, peaks = [], [], []
    for i in range(runs + 1):
        with tempfile.TemporaryDirectory(prefix="wk-bench-") as tmp:
            elapsed, cpu, peak = run_once(make_cmd(Path(tmp)), ROOT, env)
        if i:
            times.append(elapsed)
            cpus.append(cpu)
            peaks.append(peak)
    print(f"  {name}: median {statistics.median(times):.3f} s", file=sys.stderr)
    return Result(name, times, max(peaks), cpus)


def alternate(
    cases: dict[str, tuple[str, Callable[[Path], Sequence[str]]]], runs: int
) -> dict[str, Result]:
    """Return each case timed ``runs`` times, the cases taking turns (A, B, C, A, B, C, ...).

    A first round warms the file cache and is not counted.
    """
    samples: dict[str, list[tuple[float, float, int]]] = {key: [] for key in cases}
    for i in range(runs + 1):
        for key, (_, make_cmd) in cases.items():
            with tempfile.TemporaryDirectory(prefix="wk-bench-") as tmp:
                sample = run_once(make_cmd(Path(tmp)), ROOT)
            if i:
                samples[key].append(sample)
    results = {}
    for key, (name, _) in cases.items():
        got = samples[key]
        results[key] = Result(
            name, [t for t, _, _ in got], max(p for _, _, p in got), [c for _, c, _ in got]
        )
        print(f"  {name}: median {results[key].median:.3f} s", file=sys.stderr)
    return results


def workshop(*args: str) -> list[str]:
    """Return the command line that runs ``workshop ARGS`` from this checkout."""
    return [sys.executable, "-m", "generator", *args]


# One core as the build sees it (generator.parallel.cores, which sizes the audience pool and
# decides whether the deck forks).
SERIAL = (
    "import sys; sys.argv[0] = 'workshop'; "
    "import generator.parallel; generator.parallel.cores = lambda: 1; "
    "from generator.cli import main; main()"
)
PARALLEL = "import sys; sys.argv[0] = 'workshop'; from generator.cli import main; main()"


# The line each warm rebuild edits, as a practitioner revising a speaker note would.
EDITED_LINE = "notes: Let the line land. Pause before moving on."


def warm_rebuild(runs: int) -> tuple[Result, Result, Result]:
    """Return in-process timings of rebuilds: render only and render + write after a one-line
    edit each time, and render + write with nothing changed.

    The outline, its overlay and the assets are copied to a temporary folder; before each
    edited rebuild the copy's speaker note gets a new ending (saved as an editor would), so
    the rebuild reads, parses and renders a text it has not seen, as in ``build --watch``.
    One build first imports everything and warms the caches, as the watcher's first build
    does; it is not counted.
    """
    from generator.build import BuildOptions, Job, render_job, write_all
    from generator.parallel import stop_worker

    # No CPU time here: the kept worker is never waited for, so its time would not show.
    render_times, total_times, unchanged_times = [], [], []
    with tempfile.TemporaryDirectory(prefix="wk-bench-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "outlines", root / "outlines")
        shutil.copytree(ROOT / "assets", root / "assets")
        outline = root / "outlines" / OUTLINE.name
        text = outline.read_text(encoding="utf-8")
        if EDITED_LINE not in text:
            raise SystemExit(f"bench: the outline no longer has the line '{EDITED_LINE}'")
        out = root / "out"
        options = BuildOptions(out=out, practice=root / "assets" / PRACTICE.name)
        job = Job(outline, None, out)
        # As build --watch does: the first build runs serially, warming every cache here.
        write_all([render_job(job, options, split=False)])
        for i in range(runs):
            edited = EDITED_LINE.replace("on.", f"on (revision {i + 1}).")
            outline.write_text(text.replace(EDITED_LINE, edited), encoding="utf-8")
            started = time.perf_counter()
            rendered = render_job(job, options, keep_worker=True)
            middle = time.perf_counter()
            write_all([rendered])
            ended = time.perf_counter()
            render_times.append(middle - started)
            total_times.append(ended - started)
        for _ in range(runs):
            started = time.perf_counter()
            write_all([render_job(job, options, keep_worker=True)])
            unchanged_times.append(time.perf_counter() - started)
        stop_worker()
    print(f"  warm rebuild: median {statistics.median(total_times):.3f} s", file=sys.stderr)
    return (
        Result("warm rebuild after a one-line edit, render only (in process)", render_times),
        Result("warm rebuild after a one-line edit, render + write (in process)", total_times),
        Result("warm rebuild, nothing changed, render + write (in process)", unchanged_times),
    )


def all_audiences(runs: int) -> dict[str, Result]:
    """Return timings of building every audience of the canonical outline, two ways.

    The two ways run interleaved (A, B, A, B, ...), so that other work on the machine
    disturbs each of them alike: parallel builds gain only when a core is idle.
    """
    from generator.parallel import cores

    every = ("build", str(OUTLINE), "--practice", str(PRACTICE), "--all-audiences")

    def command(code: str) -> Callable[[Path], Sequence[str]]:
        return lambda tmp: [sys.executable, "-c", code, *every, "--out", str(tmp)]

    return alternate(
        {
            "all-parallel": (
                f"build --all-audiences, parallel ({cores()} cores)",
                command(PARALLEL),
            ),
            "all-serial": ("build --all-audiences, serial (one core, no fork)", command(SERIAL)),
        },
        runs,
    )


def watch_latency(runs: int) -> dict[str, Result]:
    """Return save-to-deck latencies under build --watch and pandoc's times between them."""
    sys.path.insert(0, str(BENCH))
    import watch

    got = watch.measure(runs)
    results = {
        "watch-note": Result("build --watch: save → deck on disk, a speaker note", got.note),
        "watch-note-reported": Result(
            "build --watch: save → rebuild reported (every file renamed), a speaker note",
            got.note_reported,
        ),
        "watch-picture": Result("build --watch: save → deck on disk, a slide picture", got.picture),
        "watch-pandoc": Result("pandoc, alternating with the edits above", got.pandoc),
    }
    for result in results.values():
        print(f"  {result.name}: median {result.median:.3f} s", file=sys.stderr)
    return results


def certificates(runs: int) -> dict[str, Result]:
    """Return timings of workshop certificates for 500 attendees."""
    sys.path.insert(0, str(BENCH))
    import certificates as bench_certificates

    times, cpu, peak, pdfs = bench_certificates.measure(500, runs)
    name = f"workshop certificates, 500 attendees ({pdfs} PDFs)"
    print(f"  {name}: median {statistics.median(times):.3f} s", file=sys.stderr)
    return {"certificates": Result(name, times, peak, cpu)}


def library(outlines: int, runs: int) -> dict[str, Result]:
    """Return timings of a library of outlines × 3 audiences, parallel and serial, alternated."""
    sys.path.insert(0, str(BENCH))
    import library as bench_library

    from generator.parallel import cores

    got = bench_library.measure(outlines, runs)
    jobs = outlines * 3
    names = {
        "parallel": f"{outlines} outlines × 3 audiences ({jobs} jobs), parallel ({cores()} cores)",
        "serial": f"{outlines} outlines × 3 audiences ({jobs} jobs), serial, one process",
    }
    results = {}
    for key, name in names.items():
        values = got[key]
        results[f"library-{key}"] = Result(
            name, [t for t, _, _ in values], max(p for _, _, p in values), [c for _, c, _ in values]
        )
        print(f"  {name}: median {results[f'library-{key}'].median:.3f} s", file=sys.stderr)
    return results


def generated_outlines(folder: Path) -> dict[int, Path]:
    """Write the generated outlines of every size in :data:`SIZES`; return their paths."""
    sys.path.insert(0, str(BENCH))
    from gen_outline import dump

    paths = {}
    for size in SIZES:
        path = folder / f"bench-{size}.yaml"
        path.write_text(dump(size), encoding="utf-8")
        paths[size] = path
    return paths


def cpu_model() -> str:
    """Return the CPU model named in /proc/cpuinfo, or the platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> list[tuple[str, str]]:
    """Return what the figures depend on: cores, CPU, Python, pandoc, libraries, load."""
    import pptx
    import reportlab

    from generator.parallel import cores

    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True)
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return [
        ("cores (nproc)", str(cores())),
        ("CPU", cpu_model()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("python-pptx / reportlab", f"{pptx.__version__} / {reportlab.Version}"),
        ("pandoc", pandoc.stdout.splitlines()[0] if pandoc.returncode == 0 else "missing"),
        ("load average at start", ", ".join(f"{x:.2f}" for x in load[:3])),
    ]


def judge(results: dict[str, Result]) -> list[tuple[str, str, bool]]:
    """Mark each target of issues 9 and 23 met or not; return (target, measured, met) rows."""
    from generator.parallel import cores

    cold = results["cold"].median
    pandoc = results["pandoc"].median
    validate = results["validate"].median
    t100, t500 = results["gen-100"].median, results["gen-500"].median
    linearity = (t500 / t100) / 5
    help_time = results["help"].median
    note = results["watch-note"].median
    watch_pandoc = results["watch-pandoc"].median
    certificates = results["certificates"]
    parallel = results["library-parallel"].median
    ideal = results["library-serial"].median / cores()
    builds = [r for key, r in results.items() if key != "pandoc" and key != "watch-pandoc"]
    peak = max(r.peak or 0 for r in builds if r is not certificates)
    return [
        (
            "cold build, all three outputs ≤ 3 × pandoc",
            f"{cold / pandoc:.2f} ×",
            cold <= 3 * pandoc,
        ),
        (
            "workshop validate ≤ 1.3 × pandoc",
            f"{validate / pandoc:.2f} ×",
            validate <= 1.3 * pandoc,
        ),
        ("workshop --help < 0.1 s", f"{help_time:.3f} s", help_time < 0.1),
        (
            "build --watch, save → deck on disk ≤ 0.5 × pandoc (speaker note)",
            f"{note / watch_pandoc:.2f} ×",
            note <= 0.5 * watch_pandoc,
        ),
        (
            "certificates, 500 attendees ≤ 5 s",
            f"{certificates.median:.2f} s",
            certificates.median <= 5.0,
        ),
        (
            "certificates, 500 attendees ≤ 200 MB",
            f"{(certificates.peak or 0) / MB:.0f} MB",
            (certificates.peak or 0) <= 200 * MB,
        ),
        (
            "50 outlines × 3 audiences in parallel ≤ 1.2 × (serial ÷ cores)",
            f"{parallel / ideal:.2f} ×",
            parallel <= 1.2 * ideal,
        ),
        ("500 slides ≤ 5 s", f"{t500:.2f} s", t500 <= 5.0),
        # Near-linear: 5x the slides costs at most about 5x the time (20 % slack for start-up
        # being a smaller share of the bigger build, or noise).
        ("500 slides near-linear: (t500 / t100) / 5 ≤ 1.2", f"{linearity:.2f}", linearity <= 1.2),
        ("peak memory ≤ 200 MB (every build)", f"{peak / MB:.0f} MB", peak <= 200 * MB),
    ]


def table(results: Sequence[Result]) -> list[str]:
    """Return the results as Markdown table lines."""
    lines = [
        "| case | runs | median | min | max | median CPU | peak memory |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        peak = f"{r.peak / MB:.0f} MB" if r.peak else "–"
        cpu = f"{statistics.median(r.cpu) * 1000:.0f} ms" if r.cpu else "–"
        lines.append(
            f"| {r.name} | {len(r.times)} | {r.median * 1000:.0f} ms | {min(r.times) * 1000:.0f} ms"
            f" | {max(r.times) * 1000:.0f} ms | {cpu} | {peak} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run every case, print the table, the ratios and the targets; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="whole-process runs per case")
    parser.add_argument("--warm-runs", type=int, default=20, help="in-process rebuilds")
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    parser.add_argument("--watch-runs", type=int, default=15, help="edits under build --watch")
    parser.add_argument("--certificate-runs", type=int, default=3)
    parser.add_argument("--library-outlines", type=int, default=50)
    parser.add_argument("--library-runs", type=int, default=2)
    parser.add_argument(
        "--audiences-only",
        action="store_true",
        help="only compare --all-audiences in parallel and serially",
    )
    args = parser.parse_args(argv)
    if shutil.which("pandoc") is None:
        print("pandoc is not installed: apt-get install -y pandoc", file=sys.stderr)
        return 2

    # Compile the package first, as installing it does: with PYTHONDONTWRITEBYTECODE set (or a
    # read-only checkout) every run would otherwise compile edited modules again.
    import compileall

    compileall.compile_dir(ROOT / "generator", quiet=1)
    info = machine()
    runs = args.runs
    results: dict[str, Result] = {}
    practice = ("--practice", str(PRACTICE))
    print("Running (medians as they come):", file=sys.stderr)
    if args.audiences_only:
        results.update(all_audiences(runs))
        print("\n".join(table(list(results.values()))))
        parallel, serial = results["all-parallel"].median, results["all-serial"].median
        print(f"parallel / serial: {parallel / serial:.2f}")
        return 0
    build = ("build", str(OUTLINE), *practice, "--out")
    results.update(
        alternate(
            {
                "python": (
                    "python -c pass (interpreter start-up)",
                    lambda _: [sys.executable, "-c", "pass"],
                ),
                "help": ("workshop --help", lambda _: workshop("--help")),
                "validate": (
                    "workshop validate (canonical, every audience)",
                    lambda _: workshop("validate", str(OUTLINE), *practice),
                ),
                "cold": (
                    "cold workshop build, all three outputs (canonical)",
                    lambda tmp: workshop(*build, str(tmp)),
                ),
                "cold-serial": (
                    "cold workshop build, all three outputs, one process (no fork)",
                    lambda tmp: [sys.executable, "-c", SERIAL, *build, str(tmp)],
                ),
                "cold-deck": (
                    "cold workshop build --only deck (canonical)",
                    lambda tmp: workshop(*build, str(tmp), "--only", "deck"),
                ),
                "pandoc": (
                    "pandoc science-of-connection.md -o x.pptx",
                    lambda tmp: ["pandoc", str(MARKDOWN), "-o", str(tmp / "x.pptx")],
                ),
            },
            runs,
        )
    )
    render_only, warm, unchanged = warm_rebuild(args.warm_runs)
    results["warm-render"] = render_only
    results["warm"] = warm
    results["warm-unchanged"] = unchanged
    results.update(all_audiences(runs))
    results.update(watch_latency(args.watch_runs))
    results.update(certificates(args.certificate_runs))
    results.update(library(args.library_outlines, args.library_runs))
    with tempfile.TemporaryDirectory(prefix="wk-bench-outlines-") as folder:
        for size, path in generated_outlines(Path(folder)).items():
            results[f"gen-{size}"] = time_process(
                f"cold build, generated outline of {size} slides",
                lambda tmp, path=path: workshop("build", str(path), *practice, "--out", str(tmp)),
                runs,
            )

    print()
    print("Machine:")
    for key, value in info:
        print(f"  {key}: {value}")
    from generator.parallel import cores

    if hasattr(os, "getloadavg"):
        print(f"  load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("\n".join(table(list(results.values()))))
    print()
    cold, pandoc = results["cold"].median, results["pandoc"].median
    print("Ratios:")
    print(f"  cold build (3 outputs) / pandoc (.pptx only): {cold / pandoc:.2f}")
    deck_only = results["cold-deck"].median
    print(f"  cold build --only deck / pandoc:              {deck_only / pandoc:.2f}")
    t100, t500 = (results[f"gen-{s}"].median for s in (100, 500))
    print(f"  500-slide / 100-slide time, divided by 5:     {t500 / t100 / 5:.2f}")
    print(f"  per-slide cost 100 -> 500 slides:             {(t500 - t100) / 400 * 1000:.1f} ms")
    parallel, serial = results["all-parallel"].median, results["all-serial"].median
    print(f"  --all-audiences parallel / serial:            {parallel / serial:.2f}")
    print(
        f"  validate / pandoc:                            {results['validate'].median / pandoc:.2f}"
    )
    watch_pandoc = results["watch-pandoc"].median
    for key in ("watch-note", "watch-note-reported", "watch-picture"):
        print(f"  {results[key].name} / pandoc: {results[key].median / watch_pandoc:.2f}")
    ideal = results["library-serial"].median / cores()
    library_ratio = results["library-parallel"].median / ideal
    print(f"  library parallel / (serial / cores):          {library_ratio:.2f}")
    print()
    print("Targets (issues 9 and 23):")
    rows = judge(results)
    for target, measured, met in rows:
        print(f"  [{'met' if met else 'MISSED'}] {target}: {measured}")
    if args.markdown:
        print()
        print("| target | measured | met |")
        print("| --- | ---: | :---: |")
        for target, measured, met in rows:
            print(f"| {target} | {measured} | {'yes' if met else '**no**'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
