"""What ``build --watch`` records of a render that dumps, copies, compares or prints a model.

With pydantic, ``model_dump`` was library code and counted as reading the whole object. The
model layer's methods are this project's own code, which :mod:`generator.reads` does not
count itself: they must read every field through the recorded attribute access instead, or a
render that dumps the outline would seem to have read nothing of it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from generator import reads
from generator.build import BuildOptions, Job, prepare_job

try:  # tests/ may or may not be a package
    from tests.conftest import FIXTURES, PRACTICE
except ImportError:  # pragma: no cover
    from conftest import FIXTURES, PRACTICE


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> object:
    out = tmp_path_factory.mktemp("out")
    options = BuildOptions(out=out, practice=PRACTICE, only=("deck",))
    _planned, inputs, _paths = prepare_job(Job(FIXTURES / "all-kinds.yaml", None, out), options)
    return inputs


def _recorded(inputs: object, use: Callable[[object], object]) -> reads.Trace:
    with reads.recording(inputs) as recorder:  # type: ignore[arg-type]
        use(inputs.plan.outline)  # type: ignore[attr-defined]
    return recorder.trace(reads._classes())


@pytest.mark.parametrize(
    "use",
    [
        lambda o: o.model_dump(),
        lambda o: o.model_copy(),
        lambda o: o == o.model_copy(),
        repr,
        lambda o: dict(o),
    ],
    ids=["dump", "copy", "compare", "repr", "iterate"],
)
def test_whole_model_methods_record_every_field(inputs: object, use: Callable) -> None:
    trace = _recorded(inputs, use)
    fields = set(type(inputs.plan.outline).model_fields)  # type: ignore[attr-defined]
    assert {name for owner, name in trace.fields if owner == "outline"} == fields


def test_reading_one_field_records_that_field_alone(inputs: object) -> None:
    trace = _recorded(inputs, lambda o: o.title)
    assert {name for owner, name in trace.fields if owner == "outline"} == {"title"}
    assert "outline" not in trace.whole


def test_a_copy_by_the_copy_module_counts_as_reading_the_whole(inputs: object) -> None:
    trace = _recorded(inputs, copy.copy)
    assert "outline" in trace.whole
