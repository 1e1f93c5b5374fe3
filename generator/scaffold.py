"""``workshop new``: create a commented starter outline (and a practice profile if missing)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from generator.atomic_files import write_atomic
from generator.errors import OutlineError, display_path


def slugify(title: str) -> str:
    """Return a file-name slug for ``title``: lowercase words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:60].strip("-") or "workshop"


def schema_reference(folder: Path) -> str:
    """Return how an outline in ``folder`` should point at the outline schema.

    Inside a checkout the schema sits in ``../generator/schema``; otherwise point at the
    installed copy, so editors still find it.
    """
    local = folder / ".." / "generator" / "schema" / "outline.schema.json"
    if local.is_file():
        return "../generator/schema/outline.schema.json"
    installed = Path(__file__).parent / "schema" / "outline.schema.json"
    return installed.resolve().as_uri()


def _starter(title: str, folder: Path) -> str:
    text = resources.files("generator").joinpath("data/starter.yaml").read_text("utf-8")
    # The title goes inside double quotes in YAML, so escape what would end the string.
    safe = title.replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("{schema}", schema_reference(folder)).replace("{title}", safe)


def create_outline(title: str, folder: Path) -> list[Path]:
    """Create ``folder/<slug>.yaml`` (and ``assets/practice.yaml`` if missing); return them.

    Refuses to overwrite an existing outline.
    """
    if not title.strip():
        raise OutlineError('the title is empty: workshop new "The Title of Your Workshop"')
    target = folder / f"{slugify(title)}.yaml"
    if target.exists():
        raise OutlineError(
            f"{display_path(target)}: already exists; choose another title or edit that file."
        )
    created = []
    write_atomic(target, _starter(title.strip(), folder).encode("utf-8"))
    created.append(target)
    practice = folder.resolve().parent / "assets" / "practice.yaml"
    if not practice.exists():
        example = resources.files("generator").joinpath("data/practice.yaml").read_bytes()
        write_atomic(practice, example)
        created.append(practice)
    return [Path(display_path(p)) for p in created]
