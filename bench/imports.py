"""Where a cold build's import time goes: each library, in the order a build imports it.

Usage: ``python bench/imports.py [--runs 7]``. Each run is a fresh interpreter; the table shows
the median milliseconds of each step (a step counts only what earlier steps did not import).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEPS = [
    ("click + generator.cli", "import click, generator.cli"),
    ("generator.source.model (the models)", "import generator.source.model"),
    ("yaml + customize, loader, plan", "import yaml, generator.audience.customize, generator.plan"),
    ("Pillow", "import PIL.Image, PIL.ImageFont"),
    ("lxml", "import lxml.etree"),
    ("python-pptx", "import pptx"),
    ("generator.outputs.deck.render (rest)", "import generator.outputs.deck.render"),
    ("reportlab.platypus", "import reportlab.platypus"),
    (
        "handout + guide renderers (rest)",
        "import generator.outputs.handout.render, generator.outputs.guide.render",
    ),
]

PROBE = """
import time
t = time.perf_counter()
out = []
for statement in {statements!r}:
    exec(statement)
    now = time.perf_counter()
    out.append(now - t)
    t = now
print(" ".join(str(x) for x in out))
"""


def main() -> int:
    """Print the median import time of each step over fresh interpreters."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    code = PROBE.format(statements=[s for _, s in STEPS])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        samples.append([float(x) for x in out.stdout.split()])
    total = 0.0
    print("| import step | median |")
    print("| --- | ---: |")
    for i, (name, _) in enumerate(STEPS):
        median = statistics.median(s[i] for s in samples)
        total += median
        print(f"| {name} | {median * 1000:.0f} ms |")
    print(f"| **sum** | **{total * 1000:.0f} ms** |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
