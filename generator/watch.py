"""``workshop build --watch``: rebuild whenever an input changes, until Ctrl-C.

Changes are found by polling each input's modification time, size and inode every 0.3 s, not
with a file-system notification library (watchfiles, watchdog). A workshop has a handful of
inputs, so a poll costs a few dozen ``stat`` calls, far below a millisecond; polling needs no
dependency or compiled wheel, behaves the same on macOS, Windows and Linux, works in synced
folders (Dropbox, OneDrive, network drives) where notifications are unreliable, and survives
editors that save by writing a new file and renaming it over the old one (which silently ends
an inotify watch on that file). Comparing the inode as well catches such a rename even when
time and size happen to match.

Rebuilds run in this process, one job after another, rather than in the process pool a plain
build uses for several audiences: after the first build every module is imported and warm, so
a rebuild costs tens of milliseconds a job, less than starting a worker process. Within a job,
the deck (and the handout, when that balances the halves) renders in a worker forked once from
this warm process and kept for the whole watch, while the rest renders here (see
:mod:`generator.parallel`).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import click

from generator.build import (
    BuildOptions,
    Job,
    Rendered,
    practice_files,
    practice_path,
    render_job,
    write_all,
)
from generator.errors import WorkshopError, display_path

Snapshot = dict[Path, tuple[int, int, int]]
"""Each watched file's (modification time in ns, size, inode)."""

Echo = Callable[..., None]
Render = Callable[[Job, BuildOptions], Rendered]


def _practice_inputs(options: BuildOptions, outline: Path) -> set[Path]:
    """Return the practice profile and the files it names (logo, fonts), where known."""
    try:
        profile = practice_path(options.practice, outline)
    except WorkshopError:
        # No profile yet: watch where it would be, so creating it triggers a rebuild.
        return {options.practice or Path("assets") / "practice.yaml"}
    found = {profile}
    try:
        from generator.source.loader import load_practice

        practice = load_practice(profile)
    except WorkshopError:
        return found
    found.update(profile.parent / name for name in practice_files(practice))
    return found


def _outline_inputs(job: Job) -> set[Path]:
    """Return the files a job's outline reads: overlays (once resolved) and images."""
    try:
        from generator.audience.load import load_workshop

        resolved = load_workshop(job.outline, job.audience)
    except WorkshopError:
        return set()  # broken for now; the fixed outline is re-read after the next rebuild
    from generator.source.validate import resolve_asset

    found = {Path(p) for p in resolved.sources}
    names = [s.image for sec in resolved.outline.sections for s in sec.slides if s.kind == "image"]
    if resolved.outline.handout.image is not None:
        names.append(resolved.outline.handout.image.image)
    for name in names:
        # Found exactly where the build finds it, assets/ folders included.
        path, _ = resolve_asset(resolved.base_dir, name)
        if path is not None:
            found.add(path)
    return found


def inputs_for(jobs: Sequence[Job], options: BuildOptions) -> set[Path]:
    """Return the absolute files and folders whose change should trigger a rebuild.

    For each outline: the outline itself, its overlay folder ``outlines/<stem>/`` and the
    ``assets/`` folder beside it (watched whole, so a new overlay or image counts), every source
    the resolved outline was read from, every image it shows, the practice profile with its
    logo and font files, and the template. Paths that do not exist yet are included: creating
    them is a change too.
    """
    found: set[Path] = set()
    for job in jobs:
        outline = job.outline
        found |= {outline, outline.parent / outline.stem, outline.parent / "assets"}
        found |= _practice_inputs(options, outline)
        found |= _outline_inputs(job)
    if options.template is not None:
        found.add(options.template)
    return {p.resolve() for p in found}


def snapshot(paths: Iterable[Path], exclude: Path | None = None) -> Snapshot:
    """Return the state of every file among ``paths``, folders expanded recursively.

    Files under ``exclude`` (the output folder) are left out, so writing the outputs never
    triggers another build. Missing paths are simply absent from the result.
    """
    state: Snapshot = {}

    def add(path: Path) -> None:
        if exclude is not None and path.is_relative_to(exclude):
            return
        try:
            st = path.stat()
        except OSError:
            return  # deleted between listing and stat: absent, like any missing file
        state[path] = (st.st_mtime_ns, st.st_size, st.st_ino)

    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):  # editor swap and lock files
                        add(Path(root) / name)
        elif path.exists():
            add(path)
    return state


def describe_changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Return one line per file that was added, changed or removed, sorted by path."""
    lines = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        verb = "added" if old is None else "removed" if new is None else "changed"
        lines.append(f"{verb}: {display_path(path)}")
    return lines


def _rebuild(
    jobs: Sequence[Job],
    options: BuildOptions,
    render: Render,
    echo: Echo,
    shown: set[str],
) -> tuple[set[str], set[Path]] | None:
    """Build every job and report it; return the warnings given and the files the build read,
    or None when the build failed.

    Warnings already in ``shown`` (given by the previous build) are not repeated.
    """
    started = time.perf_counter()
    try:
        rendered = [render(job, options) for job in jobs]
        written = write_all(rendered)
    except WorkshopError as exc:
        echo(exc.format_message(), err=True)
        echo("Build failed; fix the problem and save, and I will build again.", err=True)
        return None
    except Exception as exc:  # a watcher must outlive a bug in one build
        echo(f"error: {type(exc).__name__}: {exc}", err=True)
        echo(
            "This is a bug in workshop-kit, not in your files; please report it. "
            "Waiting for the next change.",
            err=True,
        )
        return None
    elapsed = time.perf_counter() - started
    warnings = {m for result in rendered for m in result.warnings}
    for message in sorted(warnings - shown):
        echo(f"warning: {message}", err=True)
    count = len(written)
    echo(f"Built {count} file{'s' if count != 1 else ''} in {elapsed:.2f} s.")
    return warnings, {path for result in rendered for path in result.inputs}


def watch(
    jobs: Sequence[Job],
    options: BuildOptions,
    *,
    stop: Callable[[], bool] | None = None,
    poll: float = 0.3,
    echo: Echo = click.echo,
    render: Render = render_job,
) -> None:
    """Build ``jobs`` now, then again after every change to their inputs; return on Ctrl-C.

    ``stop`` is asked between polls and ends the loop when it returns True (tests use it; the
    command line relies on Ctrl-C). A failed build is reported and the watch goes on, so the
    user can fix the file and save. Returns normally, so the command exits with code 0.
    """
    should_stop = stop or (lambda: False)
    exclude = options.out.resolve()
    try:
        inputs = inputs_for(jobs, options)
        state = snapshot(inputs, exclude)
        echo(f"Watching {len(state)} files for changes. Press Ctrl-C to stop.")
        # The first build renders one output after another in this process, warming every
        # cache here (fonts, text widths, the deck's template); rebuilds then hand the deck
        # (and the handout, when that balances better) to a worker forked from this warm
        # process and kept for the next rebuild (generator.parallel).
        first = render
        if render is render_job:
            first = functools.partial(render_job, split=False)
            render = functools.partial(render_job, keep_worker=True)
        built = _rebuild(jobs, options, first, echo, set())
        shown = set()
        while True:
            # The outline may now name an image or overlay it did not before: watch it too,
            # keeping what was watched, so a file that breaks the outline is still seen. A
            # build that worked says what it read; after a failed one the inputs are looked
            # up again, as far as the broken files allow. Files under inputs already watched
            # keep the state from before the build, so an edit saved while it ran is seen.
            if built is not None:
                shown, read = built
            added = (read if built is not None else inputs_for(jobs, options)) - inputs
            state.update(snapshot(added, exclude))
            inputs |= added
            while not should_stop():
                time.sleep(poll)
                current = snapshot(inputs, exclude)
                if current != state:
                    break
            else:
                return
            echo("")
            for line in describe_changes(state, current):
                echo(line)
            state = current
            built = _rebuild(jobs, options, render, echo, shown)
    except KeyboardInterrupt:
        echo("\nStopped watching.")
    finally:
        from generator import parallel

        parallel.stop_worker()
