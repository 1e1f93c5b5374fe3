"""The ``workshop`` command line. Commands are thin shims; heavy imports happen inside them.

Keeping imports lazy makes ``workshop --help`` and ``workshop validate`` start fast.
Every user-facing error is a :class:`generator.errors.WorkshopError` (a click exception), so
click prints it without a traceback and exits with code 2.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__, outputs

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date


def _parse_only(value: str | None, pack: bool = False) -> tuple[str, ...]:
    """Return the output names in a comma-separated ``--only`` value (none: the defaults).

    ``pack`` (``--pack``) adds every output a bare build leaves out: the training pack.
    """
    extra = outputs.pack_names() if pack else ()
    if not value:
        return outputs.default_names() + extra
    kinds = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    choices = outputs.names()
    unknown = [k for k in kinds if k not in choices]
    if unknown or not kinds:
        raise click.BadParameter(
            f"unknown output {', '.join(repr(u) for u in unknown) or repr(value)}; "
            f"choose from {', '.join(choices)}",
            param_hint="--only",
        )
    return tuple(dict.fromkeys(kinds + extra))


def _only_help() -> str:
    """Return the ``--only`` help: every output's name, and which a bare build makes."""
    everything = outputs.names()
    defaults = outputs.default_names()
    made = "all" if defaults == everything else ",".join(defaults)
    return f"Comma-separated: {','.join(everything)} (default: {made})."


def _check_readable(path: Path, what: str) -> None:
    """Raise :class:`OutlineError` naming why ``path`` (the ``what`` named) cannot be read."""
    from generator.errors import OutlineError, Problem, display_path
    from generator.source.paths import why_unreadable

    reason = why_unreadable(path)
    if reason is not None:
        raise OutlineError("", [Problem(display_path(path), 1, 1, what, f"this file {reason}")])


def _readable(what: str) -> Callable[[click.Context, click.Parameter, Path | None], Path | None]:
    """Return a click callback that passes a path on, or refuses one that cannot be read.

    Used instead of click's own ``exists=True`` so a folder, a pipe or a missing file is
    reported as every other file is (``x.yaml:1:1: outline: this file is a folder…``).
    """

    def check(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None:
            _check_readable(value, what)
        return value

    return check


_one_shot = False
"""True when this process is the ``workshop`` command itself (:func:`main`), which leaves as
soon as the command is done."""


def _no_collector() -> None:
    """Keep the garbage collector out of a one-shot command's first job (see
    :func:`generator.build.pause_collector`); a program calling the CLI in-process keeps it."""
    if _one_shot:
        from generator.build import pause_collector

        pause_collector()


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


class _Cli(click.Group):
    """Lists commands in the order they are defined, most used first."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workshop")
def cli() -> None:
    """Turn one workshop outline into a slide deck, a client handout and a facilitator guide."""
    from generator.environment import check_environment

    check_environment()


# Not dir_okay=False: click would refuse a folder in its own words, unlocated; the commands
# name every unreadable outline (a folder, a pipe, a dangling link) as other paths are named.
_outline_args = click.argument("outlines", nargs=-1, type=click.Path(path_type=Path))
_practice_opt = click.option(
    "--practice",
    type=click.Path(path_type=Path),
    help="Practice profile (default: assets/practice.yaml).",
)

_template_opt = click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="Your own PowerPoint template (.pptx or .potx).",
)


@cli.command()
@_outline_args
@click.option("--audience", "-a", metavar="NAME", help="Build for one audience profile.")
@click.option("--all-audiences", is_flag=True, help="Build every audience into its own folder.")
@click.option("--only", metavar="LIST", help=_only_help())
@click.option(
    "--pack",
    is_flag=True,
    help="Also make the training pack: evaluation, sign-in sheet, announcement, slide handout.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the outputs.",
)
@_practice_opt
@_template_opt
@click.option("--start", metavar="HH:MM", help="Start time for the run of show.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), help="Handout paper size.")
@click.option("--large-print/--standard-print", default=None, help="18 pt large-print handout.")
@click.option("--no-form", is_flag=True, help="Handout without fillable fields (print only).")
@click.option(
    "--roster",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV of participants (name, licence, email) for the sign-in sheet.",
)
@click.option(
    "--blank-rows",
    type=click.IntRange(1, 200),
    default=20,
    show_default=True,
    help="Blank rows on the sign-in sheet when there is no --roster.",
)
@click.option("--watch", is_flag=True, help="Rebuild whenever an input changes.")
def build(
    outlines: tuple[Path, ...],
    audience: str | None,
    all_audiences: bool,
    only: str | None,
    pack: bool,
    out: Path,
    practice: Path | None,
    template: Path | None,
    start: str | None,
    paper: str | None,
    large_print: bool | None,
    no_form: bool,
    roster: Path | None,
    blank_rows: int,
    watch: bool,
) -> None:
    """Build the deck, handout and guide for OUTLINE (default: every outline in ./outlines)."""
    if not watch:
        _no_collector()  # build --watch keeps the collector out of each rebuild itself
    from generator.build import BuildOptions, find_outlines, plan_jobs
    from generator.build import build as run_build

    if audience and all_audiences:
        raise click.UsageError("use either --audience NAME or --all-audiences, not both")
    if start is not None:
        import re

        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", start):
            raise click.BadParameter("expected a 24-hour time such as 10:00", param_hint="--start")
    if template is not None:
        _check_readable(template, "--template")
    if roster is not None:
        _check_readable(roster, "--roster")
    options = BuildOptions(
        out=out,
        practice=practice,
        template=template,
        only=_parse_only(only, pack),
        start=start,
        paper=paper,
        large_print=large_print,
        form=False if no_form else None,
        roster=roster,
        blank_rows=blank_rows,
    )
    paths = list(outlines) or find_outlines()
    for path in paths:
        _check_readable(path, "outline")
    jobs = plan_jobs(paths, audience, all_audiences, out)
    if watch:
        from generator.watch import watch as run_watch

        run_watch(jobs, options)
        return
    written = run_build(jobs, options, warn=_warn)
    from generator.errors import display_path

    click.echo(f"Built {len(written)} file{'s' if len(written) != 1 else ''}:")
    for path in written:
        click.echo(f"  {display_path(path)}")


@cli.command()
@click.argument("outlines", nargs=-1, required=True, type=click.Path(path_type=Path))
@_practice_opt
@_template_opt
def validate(outlines: tuple[Path, ...], practice: Path | None, template: Path | None) -> None:
    """Check OUTLINE files (and their audiences) without building anything."""
    _no_collector()
    from generator.audience.load import (
        Resolved,
        list_audiences,
        load_workshop,
        reading_once,
        source_warnings,
    )
    from generator.build import BuildOptions, Job, plan_job, resume_collector
    from generator.errors import OutlineError, display_path

    if template is not None:
        _check_readable(template, "--template")
    options = BuildOptions(practice=practice, template=template)
    problems = []
    for path in outlines:
        _check_readable(path, "outline")
        try:
            # Every audience needs the base outline and its overlays: read each file once.
            with reading_once():
                first = load_workshop(path, None)
                notes = [*first.warnings, *map(str, source_warnings(first))]
                loaded: dict[str | None, Resolved] = {None: first}
                for aud in list_audiences(path):
                    # The default session may be one of the audiences: checked just above.
                    if first.audience is None or aud.name != first.audience.name:
                        loaded[aud.name] = load_workshop(path, aud.name)
                        notes += loaded[aud.name].warnings
                # Planned as build plans it (the slides fitted, every character drawable), so
                # what build would refuse is refused here, at the same line. Each audience as
                # loaded above: plan_job would otherwise load it a second time.
                for name, resolved in loaded.items():
                    planned = plan_job(Job(path, name, Path()), options, resolved)
                    notes += planned.metrics.warnings if planned.metrics else []
            # What fitting dropped, as build says it: validate is where people look first.
            for note in dict.fromkeys(notes):
                _warn(note)
        except OutlineError as exc:
            problems.append(exc.format_message())
            continue
        finally:
            resume_collector()  # the next outline's garbage is collected
        click.echo(f"{display_path(path)}: OK")
    if problems:
        raise OutlineError("\n".join(problems))


@cli.command()
@click.argument("kind", type=click.Choice(["outline", "practice", "overlay"]), default="outline")
def schema(kind: str) -> None:
    """Print the JSON Schema of an outline (or a practice profile, or an overlay)."""
    from generator.source.schema import schema_text

    click.echo(schema_text(kind), nl=False)


@cli.command()
@click.argument("title")
@click.option(
    "--folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outlines"),
    show_default=True,
    help="Where to create the outline.",
)
def new(title: str, folder: Path) -> None:
    """Create a commented starter outline titled TITLE that validates and builds."""
    from generator.scaffold import create_outline

    for path in create_outline(title, folder):
        click.echo(f"Created {path}")
    click.echo("Next: edit the outline, then run: workshop build")


@cli.command()
@click.argument("outline", type=click.Path(path_type=Path), callback=_readable("outline"))
def audiences(outline: Path) -> None:
    """List OUTLINE's audience profiles with duration, level and slide count."""
    from generator.audience_report import audience_rows

    rows = audience_rows(outline)
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        )


@cli.command()
@click.argument("outline", type=click.Path(path_type=Path), callback=_readable("outline"))
@click.option("--audience", "-a", metavar="NAME", help="The audience to resolve.")
def show(outline: Path, audience: str | None) -> None:
    """Print OUTLINE fully resolved for an audience, as YAML that itself builds."""
    from generator.audience.load import load_workshop, resolved_yaml

    resolved = load_workshop(outline, audience)
    for note in resolved.warnings:  # on standard error, so the YAML printed stays clean
        _warn(note)
    click.echo(resolved_yaml(resolved), nl=False)


@cli.command()
@click.argument("outline", type=click.Path(path_type=Path), callback=_readable("outline"))
@click.option("--audience", "-a", metavar="NAME", help="Check one audience profile.")
@click.option("--all-audiences", is_flag=True, help="Check every audience profile.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as text or as a JSON list.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with 1 when there are warnings; example values still in place are errors.",
)
@_practice_opt
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    callback=_readable("--template"),
    help="Your own PowerPoint template (.pptx or .potx).",
)
@click.option(
    "--max-grade",
    type=float,
    default=8.0,
    show_default=True,
    help="Highest US reading grade for the client handout.",
)
@click.option(
    "--large-print",
    is_flag=True,
    default=None,
    help="Check the handout in 18 pt large print, as build --large-print makes it.",
)
def check(
    outline: Path,
    audience: str | None,
    all_audiences: bool,
    fmt: str,
    strict: bool,
    practice: Path | None,
    template: Path | None,
    max_grade: float,
    large_print: bool | None,
) -> None:
    """Check OUTLINE for what would embarrass you in front of a group (exit 0, 1 or 2)."""
    from generator.audience.load import reading_once
    from generator.check import (
        CheckOptions,
        audiences_to_check,
        check_workshop,
        exit_code,
        format_json,
        format_text,
    )
    from generator.check.report import dedupe

    if audience and all_audiences:
        raise click.UsageError("use either --audience NAME or --all-audiences, not both")
    options = CheckOptions(
        practice=practice,
        template=template,
        max_grade=max_grade,
        strict=strict,
        large_print=large_print,
    )
    findings = []
    # Every audience, and each check within one, needs the same outline and overlays: read
    # each file once.
    with reading_once():
        for name in audiences_to_check(outline, audience, all_audiences):
            findings += check_workshop(outline, name, options)
    findings = dedupe(findings)
    click.echo(format_json(findings) if fmt == "json" else format_text(findings), nl=False)
    raise SystemExit(exit_code(findings, strict))


@cli.command()
@click.argument("outline", type=click.Path(path_type=Path), callback=_readable("outline"))
@click.option("--audience", "-a", metavar="NAME", help="Preview one audience profile.")
@click.option("--all-audiences", is_flag=True, help="Preview every audience, each in its folder.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the PNGs (default: out/OUTLINE/preview).",
)
@_practice_opt
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    callback=_readable("--template"),
    help="Your own PowerPoint template (.pptx or .potx).",
)
def preview(
    outline: Path,
    audience: str | None,
    all_audiences: bool,
    out: Path | None,
    practice: Path | None,
    template: Path | None,
) -> None:
    """Draw PNG thumbnails of every slide and handout page, and a contact sheet of the deck."""
    from generator.check import audiences_to_check
    from generator.preview import describe
    from generator.preview import preview as run_preview

    if audience and all_audiences:
        raise click.UsageError("use either --audience NAME or --all-audiences, not both")
    for name in audiences_to_check(outline, audience, all_audiences):
        folder = (out or Path("out") / outline.stem / "preview") / (name or "")
        result = run_preview(outline, name, folder, practice=practice, template=template)
        for line in describe(result):
            click.echo(line)


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Return ``--date`` as a date; a clear usage error when it is not YYYY-MM-DD."""
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date written YYYY-MM-DD (e.g. 2026-03-14)"
        ) from None


@cli.command()
@click.argument("outline", type=click.Path(path_type=Path), callback=_readable("outline"))
@click.option(
    "--roster",
    required=True,
    type=click.Path(path_type=Path),
    help="Roster CSV (name, email, licence) or a Zoom or Teams participant report.",
)
@click.option("--audience", "-a", metavar="NAME", help="The audience the session was for.")
@click.option("--date", "day", metavar="YYYY-MM-DD", callback=_iso_date, help="Session date.")
@click.option(
    "--allowed-absence",
    type=click.IntRange(0, 600),
    default=10,
    show_default=True,
    metavar="MIN",
    help="Instructional minutes one may miss and still receive a certificate.",
)
@click.option(
    "--start", metavar="HH:MM", help="When the session started (default: the audience's)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["in-person", "online"]),
    help="How it was held (default: online for a meeting report, else in person).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the certificates (default: out/OUTLINE/[AUDIENCE/]certificates).",
)
@_practice_opt
def certificates(
    outline: Path,
    roster: Path,
    audience: str | None,
    day: date | None,
    allowed_absence: int,
    start: str | None,
    fmt: str | None,
    out: Path | None,
    practice: Path | None,
) -> None:
    """Make certificates for everyone who attended the whole session, and the attendance record."""
    from generator.certify import CertificateOptions, date_text, make_certificates
    from generator.errors import display_path

    if start is not None and not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", start):
        raise click.BadParameter(f"'{start}' is not a time written HH:MM", param_hint="--start")
    options = CertificateOptions(roster, audience, day, allowed_absence, out, practice, start, fmt)
    result = make_certificates(outline, options)
    session = result.session
    people = len(result.outcomes)
    noun = "participant" if people == 1 else "participants"
    click.echo(f"Read {people} {noun} from {display_path(roster)} ({result.kind}).")
    click.echo(
        f"Session: {date_text(session.date)}, {session.minutes} instructional minutes "
        f"(breaks excluded) = {session.hours:g} hour{'s' * (session.hours != 1)}; allowed absence "
        f"{session.allowed_absence} minutes."
    )
    for note in result.notes:
        click.echo(note)
    for message in result.warnings:
        _warn(message)
    issued = len(result.issued)
    click.echo(f"Certificates issued: {issued} of {people}, in {display_path(result.folder)}/")
    if result.short:
        need = session.minutes - session.allowed_absence
        click.echo(
            f"No certificate (fewer than {need} of {session.minutes} instructional minutes):"
        )
        for o in result.short:
            click.echo(f"  {o.attendee.name}: {o.minutes} minutes (missed {o.missed})")


def main() -> None:
    """Run the CLI (the ``workshop`` console script).

    When the command is done, the process leaves without Python's clean-up of every module
    and object: that clean-up alone took 24 ms of a 206 ms ``workshop validate`` (measured),
    and every file the command wrote is already closed. Output is flushed first.
    """
    global _one_shot
    _one_shot = True
    try:
        cli(prog_name="workshop")
    except SystemExit as exc:
        code = exc.code
        if isinstance(code, str):  # as Python itself does with sys.exit("message")
            click.echo(code, err=True)
            code = 1
        _leave(code or 0)


def _leave(code: int) -> None:
    """Flush standard output and error, then end the process at once with ``code``."""
    import contextlib
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (workshop ... | head) leaves nothing to flush to.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
