"""The exceptions a user may see. Each prints as located, plain lines with no traceback.

Every error the tool raises for bad input subclasses :class:`WorkshopError`, which is a
``click.ClickException``: the CLI needs no hand-kept list of exception types, and every user
error exits with code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line:col: where: message``."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{location}: {self.where}: {self.message}"
            if self.where
            else (f"{location}: {self.message}")
        )


def display_path(path: str | Path) -> str:
    """Return ``path`` relative to the working directory when it lies under it, else as given."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside; or a loop of links (3.11: Runtime…)
        return str(path)


class WorkshopError(click.ClickException):
    """A problem with the user's input or environment; printed without a traceback, exit 2."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = sorted(problems or [])
        # Warnings gathered before the failure (e.g. a template's layout fallbacks), printed
        # ahead of the error because they may explain it.
        self.warnings: list[str] = []
        if self.problems:
            lines = [str(p) for p in self.problems]
            count = len(self.problems)
            noun = "problem" if count == 1 else "problems"
            message = "\n".join([*lines, f"{count} {noun} found. {message}".rstrip()])
        super().__init__(message)

    def show(self, file=None) -> None:  # click's signature
        """Print the warnings, then the message as-is: click would prefix 'Error:' to every
        located line."""
        for warning in self.warnings:
            click.echo(f"warning: {warning}", err=True, file=file)
        click.echo(self.format_message(), err=True, file=file)


class OutlineError(WorkshopError):
    """The outline, an overlay or the practice profile is invalid."""


class RenderError(WorkshopError):
    """An output could not be produced from valid input (e.g. a glyph the font lacks).

    ``at`` is where the cause stands in the customized outline (a path such as
    ``("sections", 1, "slides", 3, "title")``), or with ``in_practice`` in the practice profile;
    the build turns it into ``file:line:col``.
    """

    def __init__(
        self,
        message: str,
        problems: list[Problem] | None = None,
        *,
        at: tuple[str | int, ...] | None = None,
        reason: str | None = None,
        in_practice: bool = False,
    ) -> None:
        super().__init__(message, problems)
        self.at = at
        self.in_practice = in_practice
        # What is wrong, without the "slide 'x' (section 'y')" naming a location replaces.
        self.reason = reason or message


class OutputError(WorkshopError):
    """An output file could not be written."""
