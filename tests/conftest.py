"""Shared test fixtures: paths to the shipped files and a gate for real-consumer tools.

Real-consumer tests (LibreOffice, qpdf, pdffonts) skip on a machine without the tool, so a
developer can run the suite anywhere; under CI (``CI`` set) a missing tool fails instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
FIXTURES = ROOT / "tests" / "fixtures"


def require_tool(name: str) -> str:
    """Return the path of the command ``name``; skip locally, fail under CI, when missing."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (needed by a real-consumer test)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it (see .ci/run)")
    pytest.skip(message)


@pytest.fixture
def root() -> Path:
    """Return the repository root."""
    return ROOT


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin SOURCE_DATE_EPOCH so outputs never depend on the environment a test runs in."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
