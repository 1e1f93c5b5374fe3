"""``workshop audiences``: one row per audience profile with its duration, level and slides."""

from __future__ import annotations

from pathlib import Path

from generator.errors import display_path

HEADER = ("NAME", "MINUTES", "LEVEL", "SLIDES", "FOR")


def audience_rows(outline: Path, practice: Path | None = None) -> list[tuple[str, ...]]:
    """Return a header row and one row per audience of ``outline``.

    Slide counts come from the same plan a build makes with the default theme, continuation
    slides included. An outline without audiences gets one row for its default session.
    """
    from generator.audience.load import list_audiences, reading_once
    from generator.build import BuildOptions, Job, plan_job

    options = BuildOptions(practice=practice, only=("deck",))
    rows = [HEADER]
    # Every audience needs the base outline and its overlays: read each file once.
    with reading_once():
        names: list[str | None] = [a.name for a in list_audiences(outline)] or [None]
        for name in names:
            plan = plan_job(Job(outline, name, Path()), options).plan
            rows.append(
                (
                    name or f"(default: {display_path(outline)})",
                    str(plan.duration),
                    plan.level,
                    str(len(plan.slides)),
                    plan.audience_title,
                )
            )
    return rows
