"""The import graph of ``generator/``: acyclic, layered by stage, every module importable alone.

The graph is read from the source with :mod:`ast`, so an import inside a function (the lazy
ones that keep ``workshop --help`` fast) counts as much as one at the top of a module, and so
does one under ``if TYPE_CHECKING:`` (a type is a dependency too). The layers are those of
``docs/architecture.md``: a module may import from its own layer or a lower one, never a
higher one, and no chain of imports may come back to where it started.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"

LAYERS: tuple[tuple[str, ...], ...] = (
    # Foundations every stage may use: errors, atomic writes, forking, the environment check.
    (
        "generator",
        "generator.errors",
        "generator.atomic_files",
        "generator.parallel",
        "generator.environment",
        "generator.lazy_patterns",
    ),
    # 1. The files people write, read and validated.
    ("generator.source",),
    # 2. An outline resolved for one audience.
    ("generator.audience",),
    # 3. The render-neutral plan.
    ("generator.plan",),
    # 4. One package per output (and the table of them).
    ("generator.outputs",),
    # 5. Orchestration: load, plan and render jobs, then write.
    ("generator.build",),
    # 6. Tools built on a build (check's overflow test draws slides with preview's LibreOffice;
    # certify plans a workshop and renders its certificates).
    ("generator.preview", "generator.scaffold"),
    ("generator.check", "generator.audience_report", "generator.certify"),
    ("generator.watch", "generator.reads"),
    # 7. The command line.
    ("generator.cli", "generator.__main__"),
)
"""Lowest first. A module belongs to the layer with the longest name that is a prefix of it
(the package ``generator`` itself only to the first: a new top-level module must be placed)."""


def _modules() -> dict[str, Path]:
    """Return every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> set[str]:
    """Return the package's modules that ``name`` imports anywhere in its source."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # ``from generator.outputs import deck`` imports a module; ``import RenderInputs``
            # imports a name from one.
            targets = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module
                for alias in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def layer_of(name: str) -> int:
    """Return the index in :data:`LAYERS` of the layer ``name`` belongs to."""
    best = max(
        (
            (len(prefix), index)
            for index, layer in enumerate(LAYERS)
            for prefix in layer
            if name == prefix or (prefix != "generator" and name.startswith(prefix + "."))
        ),
        default=None,
    )
    assert best is not None, f"{name} belongs to no layer: add it to LAYERS"
    return best[1]


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle of ``graph`` as a list of modules (first repeated last), if any."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_sees_function_level_and_relative_imports() -> None:
    """The reader is not blind: the lazy imports of the CLI and the build are in the graph,
    and a module no layer names is refused rather than put anywhere."""
    with pytest.raises(AssertionError, match="belongs to no layer"):
        layer_of("generator.newly_added")
    assert "generator.outputs.deck.geometry" in GRAPH["generator.build"]  # inside plan_job
    assert "generator.preview" in GRAPH["generator.cli"]  # inside the preview command
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles() -> None:
    assert _cycle(GRAPH) is None, " -> ".join(_cycle(GRAPH) or [])


def test_every_module_imports_only_its_own_layer_or_lower() -> None:
    upward = [
        f"{name} (layer {layer_of(name)}) imports {target} (layer {layer_of(target)})"
        for name, targets in GRAPH.items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_planning_imports_no_rendering_library() -> None:
    """Below the outputs, no module imports python-pptx, lxml or reportlab, even lazily."""
    rendering = {"pptx", "lxml", "reportlab"}
    outputs = layer_of("generator.outputs")
    offenders = []
    for name, path in MODULES.items():
        if layer_of(name) >= outputs:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = {(node.module or "").split(".")[0]}
            else:
                continue
            offenders += [f"{name} imports {top}" for top in sorted(tops & rendering)]
    assert offenders == []


ALONE = """
import importlib, json, sys
failed = {}
before = set(sys.modules)
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failed))
"""


def test_every_module_imports_alone() -> None:
    """Each module imports with no other module of the package loaded first (one interpreter,
    the package's modules cleared before each; third-party libraries stay loaded, for speed)."""
    names = sorted(n for n in MODULES if n != "generator.__main__")  # __main__ runs the CLI
    result = subprocess.run(
        [sys.executable, "-c", ALONE, json.dumps(names)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}
