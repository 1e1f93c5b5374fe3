"""Print findings as text or JSON, and turn them into the command's exit code."""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.check.findings import ERROR, WARNING, Finding

EXIT_CLEAN = 0
EXIT_WARNINGS = 1
EXIT_ERRORS = 2


def exit_code(findings: Sequence[Finding], strict: bool) -> int:
    """Return 2 when any finding is an error, 1 for warnings under ``strict``, else 0."""
    if any(f.severity == ERROR for f in findings):
        return EXIT_ERRORS
    if strict and any(f.severity == WARNING for f in findings):
        return EXIT_WARNINGS
    return EXIT_CLEAN


def dedupe(findings: Sequence[Finding]) -> list[Finding]:
    """Return findings sorted, with one entry per problem even if several audiences share it.

    A problem found identically in every audience's build is reported once, with the audience
    names joined ("intro-60, consult-90"), so a clean outline's report stays short.
    """
    merged: dict[tuple, list[str | None]] = {}
    for f in findings:
        key = (f.file, f.line, f.column, f.severity, f.where, f.message, f.hint)
        merged.setdefault(key, [])
        if f.audience not in merged[key]:
            merged[key].append(f.audience)
    out = []
    for key, audiences in merged.items():
        names = [a for a in audiences if a]
        audience = ", ".join(names) if names and len(names) == len(audiences) else None
        if names and len(names) != len(audiences):
            audience = ", ".join(["default", *names])
        file, line, column, severity, where, message, hint = key
        out.append(Finding(file, line, column, severity, where, message, hint, audience))
    order = {ERROR: 0, WARNING: 1}
    return sorted(out, key=lambda f: (order[f.severity], f.file, f.line, f.column, f.message))


def format_text(findings: Sequence[Finding]) -> str:
    """Return findings as lines a person reads: ``file:line:col: severity: where: message``,
    each followed by an indented hint, then a one-line summary."""
    lines = []
    for f in findings:
        where = f"{f.where}: " if f.where else ""
        who = f" [{f.audience}]" if f.audience else ""
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.severity}: {where}{f.message}{who}")
        if f.hint:
            lines.append(f"    fix: {f.hint}")
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    if not findings:
        lines.append("No problems found.")
    else:
        lines.append(
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}."
        )
    return "\n".join(lines) + "\n"


def format_json(findings: Sequence[Finding]) -> str:
    """Return findings as a JSON list of {severity, file, line, column, where, message, hint,
    audience}."""
    keys = ("severity", "file", "line", "column", "where", "message", "hint", "audience")
    rows = [{k: f.as_dict()[k] for k in keys} for f in findings]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
