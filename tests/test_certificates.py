"""Certificates of attendance: the practice profile's provider, sponsor and signature."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.build import BuildOptions, Job, plan_job
from generator.errors import OutlineError
from generator.source.loader import load_practice

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"


def _profile(tmp_path: Path, **extra: object) -> Path:
    """Return a copy of the shipped profile in ``tmp_path`` with ``extra`` fields added."""
    data = yaml.safe_load(PRACTICE.read_text(encoding="utf-8"))
    data.update(extra)
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- profile


def test_profile_takes_provider_sponsor_and_signature(tmp_path: Path) -> None:
    (tmp_path / "sig.png").write_bytes(
        (ROOT / "tests" / "bad" / "outlines" / "assets" / "ok.png").read_bytes()
    )
    path = _profile(
        tmp_path,
        provider={"name": "Rivers Training", "address": "Portland, OR"},
        sponsor={"name": "Approved Sponsor Inc.", "approval_statement": "Approved text."},
        signature="sig.png",
    )
    practice = load_practice(path)
    assert practice.provider is not None and practice.provider.name == "Rivers Training"
    assert practice.sponsor is not None and practice.sponsor.approval_number is None
    assert practice.signature == "sig.png"


def test_signature_must_be_an_image_beside_the_profile(tmp_path: Path) -> None:
    (tmp_path / "sig.png").write_text("not an image", encoding="utf-8")
    with pytest.raises(OutlineError) as caught:
        load_practice(_profile(tmp_path, signature="sig.png"))
    assert re.search(
        r"practice\.yaml:\d+:\d+: signature: this file is not an image", str(caught.value)
    )


def test_a_provider_name_the_font_cannot_draw_is_located(tmp_path: Path) -> None:
    profile = _profile(tmp_path, provider={"name": "Rivers \u2603 Training"})
    with pytest.raises(OutlineError) as caught:
        plan_job(Job(FIXTURE, None, tmp_path / "out"), BuildOptions(practice=profile))
    assert re.search(r"provider\.name: .*U\+2603", caught.value.format_message())
