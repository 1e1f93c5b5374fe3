"""The benchmark's inputs: generated outlines of exactly the size asked for, the line it edits."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from generator.plan import make_plan
from generator.source.loader import load_outline
from generator.source.model import Outline, Practice

ROOT = Path(__file__).resolve().parent.parent


def _gen_module():
    spec = importlib.util.spec_from_file_location("gen_outline", ROOT / "bench" / "gen_outline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _gen_module()
PRACTICE = Practice.model_validate({"practitioner": {"name": "Test Therapist"}})


@pytest.mark.parametrize("slides", [5, 10, 11, 100, 500])
def test_generated_outline_validates_and_plans_to_exactly_n_slides(slides: int) -> None:
    outline = Outline.model_validate(gen.generate(slides))
    plan = make_plan(outline, PRACTICE, base_dir=ROOT, practice_dir=ROOT)
    assert len(plan.slides) == slides
    assert len({s.title.casefold() for s in plan.slides}) == slides  # titles already unique
    assert sum(s.minutes for s in outline.sections) == outline.duration


def test_generated_outline_uses_every_content_kind() -> None:
    kinds = {s.kind for s in Outline.model_validate(gen.generate(20)).sections[1].slides}
    assert kinds == {"section", "bullets", "quote", "two-column", "discussion", "exercise"}


def test_dumped_yaml_loads_through_the_outline_loader(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(gen.dump(100), encoding="utf-8")
    outline = load_outline(path)
    assert outline.title == "Benchmark Workshop of 100 Slides"
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == gen.generate(100)


def test_ids_are_unique() -> None:
    data = gen.generate(120)
    ids = [s["id"] for sec in data["sections"] for s in sec["slides"]]
    ids += [sec["id"] for sec in data["sections"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("slides", [0, 4])
def test_too_few_slides_is_refused(slides: int) -> None:
    with pytest.raises(ValueError, match="at least 5"):
        gen.generate(slides)


def test_too_many_slides_to_time_is_refused() -> None:
    with pytest.raises(ValueError, match="600 minutes"):
        gen.generate(10_000)


def test_main_writes_yaml_and_rejects_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["12"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["title"] == "Benchmark Workshop of 12 Slides"
    assert gen.main(["many"]) == 2
    assert "usage" in capsys.readouterr().err


def test_the_warm_rebuilds_edit_a_line_the_outline_has() -> None:
    source = (ROOT / "bench" / "run.py").read_text(encoding="utf-8")
    line = source.split('EDITED_LINE = "', 1)[1].split('"', 1)[0]
    outline = (ROOT / "outlines" / "science-of-connection.yaml").read_text(encoding="utf-8")
    assert outline.count(line) == 1
