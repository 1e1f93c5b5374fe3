"""How long ``workshop certificates`` takes for a large session: 500 attendees by default.

Usage: ``python bench/certificates.py [--people 500] [--runs 3]``. Writes a Zoom participant
report of that many people (each with two intervals: they dropped out and rejoined, a third of
them on a second device too) into a temporary folder, then times the whole command, as a
user runs it (a fresh process: start-up, reading, deciding, rendering every page and writing
the folder). Prints the median wall and CPU time (the CPU time is what a shared machine cannot
inflate), the peak memory and the load average. The target is 5 s and 200 MB for 500 attendees.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"


def zoom_report(people: int) -> str:
    """Return a Zoom participant report (with meeting rows) for a 18:30-20:00 session."""
    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        "812 3456 7890,Bench,03/14/2026 06:25:00 PM,03/14/2026 08:01:00 PM,host@example.com,96,"
        f"{people}",
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
    ]
    for n in range(people):
        name, email = f"Participant Número {n:03d}", f"p{n}@example.org"
        lines.append(f"{name},{email},03/14/2026 06:29:00 PM,03/14/2026 07:10:00 PM,41,No")
        lines.append(f"{name},{email},03/14/2026 07:14:00 PM,03/14/2026 08:00:00 PM,46,No")
        if n % 3 == 0:
            lines.append(
                f"{name} phone,{email},03/14/2026 06:40:00 PM,03/14/2026 07:20:00 PM,40,No"
            )
    return "\n".join(lines) + "\n"


def measure(people: int, runs: int) -> tuple[list[float], list[float], int, int]:
    """Return the wall and CPU seconds of ``runs`` whole commands for ``people`` attendees,
    their largest peak memory (bytes) and the number of certificates written."""
    workshop = [sys.executable, "-m", "generator"]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "zoom.csv"
        report.write_text(zoom_report(people), encoding="utf-8")
        command = [
            *workshop, "certificates", str(OUTLINE), "--audience", "consult-90",
            "--roster", str(report), "--out", str(Path(tmp) / "out"),
            "--practice", str(ROOT / "assets" / "practice.yaml"),
        ]  # fmt: skip
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}
        times, cpu, peak = [], [], 0
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - started)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError("workshop certificates failed")
            cpu.append(usage.ru_utime + usage.ru_stime)
            peak = max(peak, usage.ru_maxrss * 1024)
        pdfs = len(list((Path(tmp) / "out" / "certificates").glob("*.pdf")))
    return times, cpu, peak, pdfs


def main() -> None:
    """Time the command and print the median."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times, cpu, peak, pdfs = measure(args.people, args.runs)
    print(
        f"{args.people} attendees, {pdfs} certificates: median {statistics.median(times):.2f} s "
        f"wall, {statistics.median(cpu):.2f} s CPU, peak {peak / 1024 / 1024:.0f} MB over "
        f"{args.runs} runs (wall: {', '.join(f'{t:.2f}' for t in times)}; load average "
        f"{os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
