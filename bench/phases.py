"""Where a warm rebuild's time goes: each pipeline stage of the canonical outline, in process.

Usage: ``python bench/phases.py [--runs 10]``. One build warms the caches first; the table shows
the median milliseconds of each stage over the runs that follow.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.audience.load import load_workshop  # noqa: E402
from generator.outputs.deck import render as deck  # noqa: E402
from generator.outputs.guide.render import render_guide  # noqa: E402
from generator.outputs.handout.render import render_handout  # noqa: E402
from generator.plan import make_plan  # noqa: E402
from generator.source.loader import load_practice  # noqa: E402

OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"


def stages() -> list[tuple[str, float]]:
    """Return each stage's name and seconds for one full in-process build (nothing written)."""
    times: list[tuple[str, float]] = []

    def step(name: str, fn: Callable[[], object]) -> object:
        started = time.perf_counter()
        value = fn()
        times.append((name, time.perf_counter() - started))
        return value

    resolved = step(
        "load_workshop (YAML, validation, customize)", lambda: load_workshop(OUTLINE, None)
    )
    practice = step("load_practice", lambda: load_practice(PRACTICE))
    metrics = step("deck_metrics", lambda: deck.deck_metrics(practice, PRACTICE.parent, None))
    plan = step(
        "make_plan with the deck's paginator (text fitting)",
        lambda: make_plan(
            resolved.outline,
            practice,
            base_dir=resolved.base_dir,
            practice_dir=PRACTICE.parent,
            audience=resolved.audience,
            paginate=deck.paginator(metrics),
        ),
    )
    step("render_deck (python-pptx)", lambda: deck.render_deck(plan, metrics))
    step("render_handout (reportlab)", lambda: render_handout(plan))
    step("render_guide (reportlab)", lambda: render_guide(plan, deck_file="d", handout_file="h"))
    return times


def main() -> int:
    """Print the median time of each stage."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    stages()
    samples = [stages() for _ in range(runs)]
    print("| stage | median |")
    print("| --- | ---: |")
    for i, (name, _) in enumerate(samples[0]):
        print(f"| {name} | {statistics.median(s[i][1] for s in samples) * 1000:.1f} ms |")
    total = statistics.median(sum(t for _, t in s) for s in samples)
    print(f"| **total** | **{total * 1000:.0f} ms** |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
