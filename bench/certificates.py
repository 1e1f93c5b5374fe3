"""How long ``workshop certificates`` takes for a large session: 500 attendees by default.

Usage: ``python bench/certificates.py [--people 500] [--runs 3]``. Writes a Zoom participant
report of that many people (each with two intervals: they dropped out and rejoined, a third of
them on a second device too) into a temporary folder, then times the whole command, as a
user runs it (a fresh process: start-up, reading, deciding, rendering every page and writing
the folder). Prints the median wall and CPU time (the CPU time is what a shared machine cannot
inflate) and the load average. The target is 5 s for 500 attendees.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def main() -> None:
    """Time the command and print the median."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workshop = Path(sys.executable).with_name("workshop")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "zoom.csv"
        report.write_text(zoom_report(args.people), encoding="utf-8")
        command = [
            str(workshop), "certificates", str(OUTLINE), "--audience", "consult-90",
            "--roster", str(report), "--out", str(Path(tmp) / "out"),
            "--practice", str(ROOT / "assets" / "practice.yaml"),
        ]  # fmt: skip
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
        times, cpu = [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        pdfs = len(list((Path(tmp) / "out" / "certificates").glob("*.pdf")))
    print(
        f"{args.people} attendees, {pdfs} certificates: median {statistics.median(times):.2f} s "
        f"wall, {statistics.median(cpu):.2f} s CPU over {args.runs} runs "
        f"(wall: {', '.join(f'{t:.2f}' for t in times)}; load average "
        f"{os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
