"""Load outlines and practice profiles from YAML into validated models.

Interim version: safe YAML and pydantic validation. Replaced by the located-error loader.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from generator.errors import OutlineError
from generator.model import Outline, Practice


def _load(path: Path, model):  # noqa: ANN001, ANN202
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        return model.model_validate(data)
    except (yaml.YAMLError, ValidationError, OSError) as exc:
        raise OutlineError(f"{path}: {exc}") from None


def load_outline(path: Path) -> Outline:
    """Return the validated outline at ``path``."""
    return _load(path, Outline)


def load_practice(path: Path) -> Practice:
    """Return the validated practice profile at ``path``."""
    return _load(path, Practice)
