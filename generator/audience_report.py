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
    from generator.build import practice_path
    from generator.customize import list_audiences, load_workshop
    from generator.loader import load_practice
    from generator.plan import make_plan
    from generator.render import deck

    profile_path = practice_path(practice, outline)
    profile = load_practice(profile_path)
    metrics = deck.deck_metrics(profile, profile_path.parent, None)
    paginate = deck.paginator(metrics)
    names: list[str | None] = [a.name for a in list_audiences(outline)] or [None]
    rows = [HEADER]
    for name in names:
        resolved = load_workshop(outline, name)
        plan = make_plan(
            resolved.outline,
            profile,
            base_dir=resolved.base_dir,
            practice_dir=profile_path.parent,
            audience=resolved.audience,
            paginate=paginate,
        )
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
