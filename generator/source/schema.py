"""The JSON Schema of the outline and practice-profile formats, exported from the models.

Editors that understand JSON Schema (VS Code with the YAML extension, i.e. yaml-language-server)
use it to autocomplete and check a file that starts with
``# yaml-language-server: $schema=../generator/schema/outline.schema.json``.

The committed files under ``generator/schema/`` must equal this export (a test checks it).
Regenerate them after changing ``generator/model.py`` with::

    python -m generator.source.schema --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.source.model import Outline, Overlay, Practice
from generator.source.typed import Model, pydantic_twin

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).parent.parent / "schema"
MODELS: dict[str, tuple[type[Model], str]] = {
    "outline": (Outline, "Workshop outline"),
    "practice": (Practice, "Practice profile"),
    "overlay": (Overlay, "Audience overlay"),
}
"""Schema name → (model, title)."""
COMMITTED = ("outline", "practice", "overlay")


def schema_for(name: str) -> dict:
    """Return the JSON Schema for ``name`` ('outline', 'practice' or 'overlay').

    Unknown keys are refused in every mapping (``additionalProperties: false``, from the
    models' ``extra="forbid"``); slides are a ``oneOf`` keyed on their ``kind`` constant.
    """
    model, title = MODELS[name]
    body = pydantic_twin(model).model_json_schema(by_alias=True, mode="validation")
    body.pop("title", None)
    return {"$schema": DRAFT, "title": title, **body}


def schema_text(name: str = "outline") -> str:
    """Return the schema as the committed file holds it: 2-space indent, final newline.

    Key order is the models' field order, which is stable; ``$defs`` are sorted by pydantic.
    """
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"


def schema_path(name: str) -> Path:
    """Return where the committed schema ``name`` lives."""
    return SCHEMA_DIR / f"{name}.schema.json"


def write_schemas() -> list[Path]:
    """Write the committed schema files; return their paths."""
    SCHEMA_DIR.mkdir(exist_ok=True)
    paths = []
    for name in COMMITTED:
        path = schema_path(name)
        path.write_text(schema_text(name), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    """``python -m generator.source.schema [--write | outline | practice | overlay]``."""
    if argv[:1] == ["--write"]:
        for path in write_schemas():
            print(path)
        return 0
    name = argv[0] if argv else "outline"
    if name not in MODELS:
        print(f"unknown schema '{name}': choose one of {', '.join(MODELS)}", file=sys.stderr)
        return 2
    sys.stdout.write(schema_text(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
