"""Write the Markdown deck pandoc converts in the benchmark, from the same plan the build uses.

Generating it from the plan keeps the comparison honest: pandoc gets the same slides, titles,
bullets, quotes, columns, image, references and speaker notes as ``workshop build``'s deck
(continuation slides included), in pandoc's own slide Markdown.

Usage (from the repository root): ``python bench/make_markdown.py`` rewrites
``bench/science-of-connection.md``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, Job, plan_job  # noqa: E402
from generator.plan import Bullet, Plan, PlannedSlide  # noqa: E402
from generator.plan.references import apa_text  # noqa: E402

OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
TARGET = ROOT / "bench" / "science-of-connection.md"


def _bullets(bullets: tuple[Bullet, ...]) -> list[str]:
    lines = []
    for b in bullets:
        lines.append(f"- {b.text}")
        lines.extend(f"    - {s}" for s in b.sub)
    return lines


def _body(slide: PlannedSlide, plan: Plan) -> list[str]:
    """Return the Markdown lines of one slide's body (after its heading)."""
    if slide.kind == "agenda":
        return [f"- {item.title} ({item.minutes} min)" for item in slide.agenda]
    if slide.kind in ("section", "title"):
        return [slide.subtitle] if slide.subtitle else []
    if slide.kind == "quote":
        lines = [f"> {slide.quote}"]
        return lines + ([">", f"> — {slide.attribution}"] if slide.attribution else [])
    if slide.kind == "image":
        # pandoc resolves images from the working directory, which is the repository root.
        image = os.path.relpath((plan.base_dir / slide.image).resolve(), ROOT)
        return [f'![{slide.caption or ""}]({image}){{alt="{slide.alt or ""}"}}']
    if slide.kind == "two-column":
        lines = [":::::: {.columns}"]
        for col in (slide.left, slide.right):
            lines += ["::: {.column}", f"**{col.heading}**" if col.heading else "", ""]
            lines += _bullets(col.bullets) + [":::"]
        return lines + ["::::::"]
    if slide.kind == "discussion":
        return [f"**{slide.question}**", ""] + [f"- {p}" for p in slide.prompts]
    if slide.kind == "exercise":
        return [f"{i}. {step}" for i, step in enumerate(slide.steps, start=1)]
    if slide.kind == "references":
        return [apa_text(ref) + "\n" for ref in slide.references]
    if slide.kind == "closing":
        return [slide.message or "", "", plan.practice.practitioner.name]
    return _bullets(slide.bullets)


def markdown(plan: Plan) -> str:
    """Return the whole deck as pandoc slide Markdown (one level-2 heading per slide)."""
    out = [
        "---",
        f'title: "{plan.title}"',
        f'subtitle: "{plan.outline.subtitle or ""}"',
        f'author: "{plan.practice.practitioner.name}"',
        "---",
        "",
    ]
    for slide in plan.slides[1:]:  # slide 1 is the title slide pandoc makes from the metadata
        out += [f"## {slide.title}", "", *_body(slide, plan), ""]
        if slide.notes:
            out += ["::: notes", slide.notes, ":::", ""]
    return "\n".join(out)


def canonical_plan() -> Plan:
    """Return the plan of the canonical outline's default session, paginated like the deck."""
    options = BuildOptions(practice=PRACTICE, only=("deck",))
    return plan_job(Job(OUTLINE, None, Path()), options).plan


if __name__ == "__main__":
    TARGET.write_text(markdown(canonical_plan()), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
