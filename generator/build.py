"""Orchestrate a build: load, customize, plan, render every output in memory, then write.

Nothing is written until every requested output of every requested outline and audience has
rendered, so bad input never leaves a partial set of files behind.
"""

from __future__ import annotations

import functools
import gc
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import outputs
from generator.errors import OutlineError, Problem, RenderError, display_path

if TYPE_CHECKING:
    from generator.audience.load import Resolved
    from generator.outputs.deck.textfit import DeckMetrics
    from generator.plan import Plan
    from generator.source.fonts import FontFiles
    from generator.source.model import Practice

DEFAULT_PRACTICE = Path("assets") / "practice.yaml"


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked for on the command line; ``None`` means "use the default"."""

    out: Path = Path("out")
    practice: Path | None = None
    template: Path | None = None
    only: tuple[str, ...] = outputs.default_names()
    """The names of the outputs to build (rows of :data:`generator.outputs.OUTPUTS`)."""
    start: str | None = None
    paper: str | None = None
    large_print: bool | None = None
    form: bool | None = None
    roster: Path | None = None
    """A CSV of participants for the sign-in sheet."""
    blank_rows: int = 20
    """Blank rows on the sign-in sheet when there is no roster."""


@dataclass(frozen=True)
class Job:
    """One outline built for one audience (``None``: the outline's default session)."""

    outline: Path
    audience: str | None
    folder: Path


@dataclass
class Rendered:
    """The bytes of every output of one job, and what the user should be told about it."""

    files: dict[Path, bytes]
    warnings: list[str] = field(default_factory=list)
    inputs: frozenset[Path] = frozenset()
    """Every file the build read (absolute): build --watch watches them."""
    paths: dict[str, Path] = field(default_factory=dict)
    """The path of each output in ``files``, by output name."""


def find_outlines(folder: Path = Path("outlines")) -> list[Path]:
    """Return the outlines directly in ``folder`` (overlays live in sub-folders), sorted."""
    if not folder.is_dir():
        raise OutlineError(
            f"{folder}/: no such folder. Run this in your workshop folder, name an outline "
            '(workshop build outlines/my-talk.yaml), or start one with: workshop new "Title"'
        )
    found = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    found += sorted(p for p in folder.glob("*.yml") if p.is_file())
    if not found:
        raise OutlineError(f'{folder}/: no .yaml outlines here. Start one: workshop new "Title"')
    return found


def practice_path(option: Path | None, outline: Path) -> Path:
    """Return the practice profile to use: the option, ./assets/, or assets/ beside outlines/."""
    if option is not None:
        from generator.source.paths import why_unreadable

        reason = why_unreadable(option)
        if reason is not None:
            problem = Problem(display_path(option), 1, 1, "--practice", f"this file {reason}")
            raise OutlineError("", [problem])
        return option
    for candidate in (DEFAULT_PRACTICE, outline.resolve().parent.parent / DEFAULT_PRACTICE):
        if candidate.is_file():
            return candidate
    raise OutlineError(
        f"{DEFAULT_PRACTICE}: no practice profile found. Create it (workshop new makes one) "
        "or pass --practice FILE."
    )


def output_names(title: str) -> dict[str, str]:
    """Return the file name of every output by output name, readable as an email attachment."""
    # Imported here, like every stage below: validate needs this module but writes nothing.
    from generator.atomic_files import safe_file_stem

    return outputs.file_names(safe_file_stem(title))


@dataclass
class PlannedJob:
    """A job's plan, the deck metrics it was paginated with, and warnings so far."""

    plan: Plan
    metrics: DeckMetrics | None
    warnings: list[str]
    inputs: frozenset[Path]


def plan_job(job: Job, options: BuildOptions, resolved: Resolved | None = None) -> PlannedJob:
    """Return the plan of ``job``: loaded, customized and (when a deck is involved) paginated.

    ``resolved`` is ``job``'s outline already loaded for its audience (validate loads every
    audience first for their warnings; loading one again took 15-18 ms); ``None`` loads it.
    The guide is paginated with the deck's metrics even when the deck itself is not built, so
    its slide numbers always match the deck built for the same audience and template.
    """
    from generator.audience.load import load_practice_once, load_workshop
    from generator.plan import make_plan, no_split

    if resolved is None:
        resolved = load_workshop(job.outline, job.audience)
    profile_path = practice_path(options.practice, job.outline)
    slides = any(row.needs_slides for row in outputs.selected(options.only))
    practice = load_practice_once(profile_path, slides=slides)
    warnings = list(resolved.warnings)
    # Not generator.check (the runner): only its small, pure placeholder finder.
    from generator.source import placeholders

    left = placeholders.find(practice, resolved.outline)
    if left:
        warnings.append(f"{display_path(profile_path)}: {placeholders.summary(left)}")
    paginate = no_split
    metrics = None
    if slides:
        # Not generator.outputs.deck.render: planning imports no python-pptx (see render_job).
        from generator.outputs.deck import geometry as deck

        metrics = deck.deck_metrics(practice, profile_path.parent, options.template)
        paginate = deck.paginator(metrics)
        warnings.extend(metrics.warnings)
    # A template may set the slides in its own fonts: their characters count too.
    deck_fonts = (metrics.heading, metrics.body) if metrics else ()
    check_glyphs(job, resolved, practice, profile_path, deck_fonts)
    try:
        plan = make_plan(
            resolved.outline,
            practice,
            base_dir=resolved.base_dir,
            practice_dir=profile_path.parent,
            audience=resolved.audience,
            paginate=paginate,
            start=options.start,
            paper=options.paper,
            large_print=options.large_print,
            form=options.form,
        )
    except RenderError as exc:
        # What the template forced (a layout it lacks, a box made taller) is said even when
        # the build then fails: it may be why.
        template_warnings = metrics.warnings if metrics else []
        if exc.at is None:
            exc.warnings = [*exc.warnings, *template_warnings]
            raise
        from generator.plan.origin import origin, practice_origin
        from generator.source.locate import Locator, located

        if exc.in_practice:
            at = practice_origin(practice, exc.at)
            problem = located(Locator(profile_path), practice, at, exc.reason)
        else:
            # At the line the text was typed: a section's title, not the agenda listing it.
            at = origin(resolved.outline, exc.at)
            problem = located(resolved.locator(), resolved.outline, at, exc.reason)
        error = OutlineError("", [problem])
        error.warnings = list(template_warnings)
        raise error from None
    read = [*resolved.sources, profile_path, *(s.image for s in plan.slides if s.image)]
    if plan.handout.image is not None:
        read.append(plan.handout.image)
    read += [profile_path.parent / name for name in practice_files(practice)]
    if options.template is not None:
        read.append(options.template)
    if options.roster is not None and "signin" in options.only:
        read.append(options.roster)
    return PlannedJob(plan, metrics, warnings, frozenset(Path(p).resolve() for p in read))


def practice_files(practice: Practice) -> list[str]:
    """Return the files the practice profile names (logo, font files), relative to it."""
    names = [practice.logo]
    files = practice.fonts.files
    if files is not None:
        names += [files.regular, files.bold, files.italic, files.bold_italic]
    return [name for name in names if name]


def check_glyphs(
    job: Job,
    resolved: Resolved,
    practice: Practice,
    profile_path: Path,
    deck_fonts: Sequence[FontFiles] = (),
) -> None:
    """Raise :class:`OutlineError` locating every character the fonts lack.

    Every output uses the practice's fonts (the deck may use ``deck_fonts``, a template's),
    so checking the text once, before rendering, catches a character that would otherwise
    print as a blank box, at the line where it was typed.
    """
    from generator.source import glyphs, safety
    from generator.source.fonts import font_files
    from generator.source.locate import Locator, located
    from generator.source.yaml_reader import format_path

    own = [
        font_files(name, practice, profile_path.parent)
        for name in (practice.fonts.body, practice.fonts.heading)
    ]
    families = list(dict.fromkeys([*own, *deck_fonts]))  # each family once, in this order
    drawable = glyphs.drawable(families)
    family = " / ".join(f.family for f in families)
    in_outline = glyphs.missing_characters(resolved.outline, drawable)
    in_practice = glyphs.missing_characters(practice, drawable)
    audience = resolved.audience
    in_audience = glyphs.missing_characters(audience, drawable) if audience else []
    # Text the renderers add themselves must be drawable too (matters for a profile's own font).
    generated = {
        "the handout's crisis line": safety.crisis_line(practice),
        "the handout's disclaimer": safety.disclaimer(practice),
        "the punctuation the outputs print": glyphs.GENERATED_MARKS,
    }
    in_generated = [
        (label, char)
        for label, text in generated.items()
        for char in glyphs.missing_in(text, drawable)
    ]
    if not (in_outline or in_practice or in_audience or in_generated):
        return
    outline_at = resolved.locator()
    problems = [
        located(outline_at, resolved.outline, path, glyphs.describe(char, family))
        for path, char in in_outline
    ]
    practice_at = Locator(profile_path)
    problems += [
        located(practice_at, practice, path, glyphs.describe(char, family))
        for path, char in in_practice
    ]
    for path, char in in_audience:
        file, line, column = outline_at.in_audience(path) or (outline_at.file, 1, 1)
        where = f"audience '{audience.name}': {format_path(path)}"
        problems.append(Problem(file, line, column, where, glyphs.describe(char, family)))
    fonts_at = practice_at.at(("fonts",))
    for label, char in in_generated:
        message = glyphs.describe(char, family).replace(" so it", f" used in {label}, so it", 1)
        problems.append(Problem(*fonts_at, "fonts", message))
    raise OutlineError("", problems)


def render_job(
    job: Job, options: BuildOptions, *, split: bool = True, keep_worker: bool = False
) -> Rendered:
    """Return every requested output of ``job`` rendered in memory (nothing is written).

    With ``split`` (and two cores, on Linux) some outputs render in a forked child while this
    process renders the others: see :mod:`generator.parallel`; with ``keep_worker`` (build
    --watch) that child is kept for the next rebuild. The bytes are the same either way.
    """
    planned, inputs, paths = prepare_job(job, options)
    # Partials of a module function, so a kept worker can be sent them (they pickle).
    tasks = {kind: functools.partial(outputs.render, kind, inputs) for kind in paths}
    rendered = render_tasks(tasks, split, key=job, keep_worker=keep_worker)
    files = {paths[kind]: rendered[kind] for kind in paths}
    return Rendered(files, planned.warnings, planned.inputs, paths)


def prepare_job(
    job: Job, options: BuildOptions
) -> tuple[PlannedJob, outputs.RenderInputs, dict[str, Path]]:
    """Return the plan of ``job``, what its renderers receive, and each requested output's path
    by output name, in table order."""
    planned = plan_job(job, options)
    plan = planned.plan
    names = output_names(plan.title)
    roster = None
    if options.roster is not None and "signin" in options.only:
        # The same reader as workshop certificates: a roster, or a Zoom or Teams report.
        from generator.source.roster import check_names, read_attendance

        host = (plan.practice.practitioner.name, plan.practice.contact.email or "")
        attendance = read_attendance(options.roster, host=host)
        check_names(attendance, plan.practice, plan.practice_dir, display_path(options.roster))
        roster = attendance.attendees
    inputs = outputs.RenderInputs(plan, planned.metrics, names, roster, options.blank_rows)
    kinds = [row.name for row in outputs.selected(options.only)]
    return planned, inputs, {kind: job.folder / names[kind] for kind in kinds}


# How long each output of a job took to render the last time it was built in this process
# (build --watch builds the same job again and again).
_last_seconds: dict[tuple[Job, str], float] = {}


def render_tasks(
    tasks: dict[str, Callable[[], bytes]], split: bool, *, key: Job, keep_worker: bool
) -> dict[str, bytes]:
    """Return each task's bytes by kind; with ``split``, the first ones in a forked child.

    A first build in a process gives the child only the deck: importing python-pptx and writing
    the deck take about as long as importing reportlab and writing both PDFs, and a child
    that wrote the handout as well would import reportlab a second time. A rebuild of the same
    job (build --watch) splits where the last build's times balance best.
    """
    from generator import parallel

    kinds = list(tasks)
    in_child = 0 if not split else _child_share([_last_seconds.get((key, k)) for k in kinds])
    data, seconds = parallel.run_split(
        [tasks[kind] for kind in kinds], in_child, keep_worker=keep_worker
    )
    for kind, spent in zip(kinds, seconds, strict=True):
        _last_seconds[key, kind] = spent
    return dict(zip(kinds, data, strict=True))


def _child_share(last: Sequence[float | None]) -> int:
    """Return how many of the first tasks a child should run, given their last times if known.

    Unknown times give the child the first task alone; known times give the split whose
    slower half is fastest (the fewest tasks for the child on a tie).
    """
    if len(last) < 2:
        return 0
    if any(t is None for t in last):
        return 1
    times = [t for t in last if t is not None]
    return min(range(1, len(times)), key=lambda k: (max(sum(times[:k]), sum(times[k:])), k))


def plan_jobs(
    outlines: Sequence[Path], audience: str | None, all_audiences: bool, out: Path
) -> list[Job]:
    """Return one job per outline and audience, each with its own output folder.

    An outline named twice is built once. Raises :class:`OutlineError` when two outlines would
    write into the same folder (``talk.yaml`` and ``talk.yml``, or two folders' ``talk.yaml``):
    the second would silently replace the first one's files.
    """
    jobs = []
    owners: dict[str, Path] = {}
    for outline in dict.fromkeys(outlines):
        base = out / outline.stem
        # Case-folded: on macOS and Windows "Talk" and "talk" are the same folder.
        other = owners.setdefault(outline.stem.casefold(), outline)
        if other.resolve() == outline.resolve():
            if other is not outline:
                continue
        else:
            message = (
                f"builds into the same folder as {display_path(other)} ({display_path(base)}), "
                "so one would overwrite the other's files: rename one of them, or build them "
                "one at a time with --out"
            )
            raise OutlineError("", [Problem(display_path(outline), 1, 1, "", message)])
        if all_audiences:
            from generator.audience.load import list_audiences

            names = [a.name for a in list_audiences(outline)]
            if not names:
                raise OutlineError(
                    f"{display_path(outline)}: this outline has no audiences to build; "
                    "add an 'audiences:' list or build without --all-audiences."
                )
            jobs.extend(Job(outline, name, base / name) for name in names)
        else:
            jobs.append(Job(outline, audience, base / audience if audience else base))
    return jobs


def _render_job_args(args: tuple[Job, BuildOptions]) -> Rendered:
    # Each pool worker already has a core of its own: no further split.
    rendered = render_job(*args, split=False)
    resume_collector()  # a worker renders job after job
    return rendered


_collector_paused = False
"""True while :func:`pause_collector` keeps the garbage collector off."""


def pause_collector() -> None:
    """Switch Python's cyclic garbage collector off for a one-shot command's first job.

    Importing pydantic, PyYAML, Pillow, python-pptx and reportlab and building one job
    allocates enough objects to start about 90 collections in ``validate`` and 200 in a cold
    build, each walking what the imports made: 17 ms of validate and 50 ms of a cold build
    (measured with ``gc.callbacks``), finding little, because a one-shot job keeps most of what
    it makes until the process leaves. Only the ``workshop`` process itself calls this (see
    ``cli.main``): a program calling the CLI in-process keeps its collector.
    """
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """Turn the collector back on if :func:`pause_collector` turned it off.

    Called after each job of a command with several (and after each outline validate
    checks), so from the second job on their garbage is collected and memory stays bounded.
    What exists by then (the imports, the first job's objects and its garbage, a few MB) is
    frozen first: the collector would only walk it again and again.
    """
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def render_jobs(jobs: Sequence[Job], options: BuildOptions) -> list[Rendered]:
    """Return each job rendered, in order; several jobs run in parallel when cores allow."""
    from generator import parallel

    workers = min(len(jobs), parallel.cores())
    if workers <= 1:
        rendered = []
        for job in jobs:
            rendered.append(render_job(job, options))
            resume_collector()
        return rendered
    # Imported here: multiprocessing costs validate and single builds 7 ms of start-up.
    from concurrent.futures import ProcessPoolExecutor

    # The planner and every renderer imported once here, before the workers are forked,
    # instead of once in each worker: on a machine whose cores are busy with other work the
    # workers' imports are paid one after another (3 audiences: 2.7 s against 2.1 s, measured).
    import generator.audience.load
    import generator.plan  # noqa: F401 - for the workers to inherit

    for row in outputs.selected(options.only):
        importlib.import_module(row.module)

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_render_job_args, [(job, options) for job in jobs]))


def write_all(rendered: Iterable[Rendered]) -> list[Path]:
    """Write every rendered file, all or none (see :func:`write_set`); return them, in order."""
    from generator.atomic_files import write_set

    files: dict[Path, bytes] = {}
    for result in rendered:
        files.update(result.files)
    return write_set(files)


def build(
    jobs: Sequence[Job],
    options: BuildOptions,
    warn: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """Render every job, then write all outputs; return the paths written.

    Warnings are passed to ``warn`` once each. Raises a :class:`WorkshopError` before anything
    is written when any job fails.
    """
    rendered = render_jobs(jobs, options)
    seen: set[str] = set()
    for result in rendered:
        for message in result.warnings:
            if message not in seen:
                seen.add(message)
                warn(message)
    return write_all(rendered)
