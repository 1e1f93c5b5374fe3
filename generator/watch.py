"""``workshop build --watch``: rebuild whenever an input changes, until Ctrl-C.

The operating system says when something changes (inotify, FSEvents, ReadDirectoryChangesW,
through watchfiles), so a rebuild starts within milliseconds of a save instead of at the next
poll. What is watched is the folders that hold the inputs, not the files themselves: an editor
that saves by writing a new file and renaming it over the old one is seen in the folder. A
notification only wakes the watcher; whether an input really changed is decided by comparing
each input's modification time, size and inode with the last build's (:func:`snapshot`), so
the watcher's own outputs, editors' swap files and anything else in those folders never start
a build, wherever ``--out`` points (the outlines folder, or ``.``). Where notifications cannot
be had (watchfiles missing, the system's limit on watches reached), the inputs are polled.
Every few seconds they are compared anyway, for synced and network folders whose changes the
system may not report.

A rebuild renders only the outputs the change affects: each output's last render recorded what
it read (:mod:`generator.reads`), so a change to the handout's text renders the handout alone,
and a new slide picture the deck alone. Rebuilds run in this process, with a worker forked
once from it and kept for the whole watch (see :mod:`generator.parallel`): when the deck
renders again with other outputs, the deck renders here and goes into place as soon as it is
done, when that is consistent with the files still rendering (:func:`_deck_first_is_consistent`),
while the worker renders the rest. An edit that changes nothing the deck reads but speaker
notes rewrites only the changed notes slides of the last deck (:func:`_notes_only`): the same
bytes as a full render.

No error in an input stops the watch: each is reported, located, and the watcher waits for
the next save.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.build import (
    BuildOptions,
    Job,
    Rendered,
    practice_files,
    practice_path,
    prepare_job,
    render_tasks,
    write_all,
)
from generator.errors import WorkshopError, display_path

if TYPE_CHECKING:
    from generator.build import PlannedJob
    from generator.outputs import RenderInputs
    from generator.plan import Plan

    Prepared = tuple[PlannedJob, RenderInputs, dict[str, Path]]

Snapshot = dict[Path, tuple[int, int, int]]
"""Each watched file's (modification time in ns, size, inode)."""

Echo = Callable[..., None]
Render = Callable[[Job, BuildOptions], Rendered]
Skip = Callable[[Path], bool]

OUTPUT_SUFFIXES = frozenset({".pptx", ".pdf", ".png"})
"""What a build (or a preview) writes: never an input found by looking through a folder."""

STEP_MS = 2
"""How long the changes of one save are gathered before the rebuild starts: the watcher looks
at the system's notifications every ``STEP_MS`` and starts once a look finds nothing new, so a
save waits 1.5 steps on average (5 ms: 9 ms from save to waking, measured from outside; 2 ms:
4 ms). Each look wakes the process while it waits: 0.6 % of a core at 5 ms, 1.4 % at 2 ms,
3.2 % at 1 ms (measured idle)."""

RECHECK_SECONDS = 3.0
"""How often the inputs are compared even without a notification (synced, network folders)."""


# --------------------------------------------------------------------------- what is watched


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
    them is a change too. Files that cannot be read yet are still watched: whatever goes wrong
    while looking them up is reported by the build itself.
    """
    found: set[Path] = set()
    for job in jobs:
        outline = job.outline
        found |= {outline, outline.parent / outline.stem, outline.parent / "assets"}
        for look_up in (
            functools.partial(_practice_inputs, options, outline),
            functools.partial(_outline_inputs, job),
        ):
            try:
                found |= look_up()
            except Exception:  # an unreadable file: the build will say why
                continue
    if options.template is not None:
        found.add(options.template)
    return {_absolute(p) for p in found}


def _absolute(path: Path) -> Path:
    """Return ``path`` made absolute, links resolved where they can be."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop, a folder that cannot be read
        return path.absolute()


def output_skipper(jobs: Sequence[Job], built: Iterable[Path] = ()) -> Skip:
    """Return a test for files the watch itself writes: never inputs, whatever the folders.

    A build's outputs (``built``, and any .pptx, .pdf or .png in a job's output folder, where
    outputs go before their names are known) are skipped, so ``--out`` may be the outlines
    folder or ``.`` without a build starting another.
    """
    folders = {_absolute(job.folder) for job in jobs}
    files = {_absolute(p) for p in built}

    def skip(path: Path) -> bool:
        return path in files or (path.suffix.lower() in OUTPUT_SUFFIXES and path.parent in folders)

    return skip


def snapshot(paths: Iterable[Path], skip: Skip | None = None) -> Snapshot:
    """Return the state of every file among ``paths``, folders expanded recursively.

    Hidden files (editors' swap and lock files, temporary files being written) and those
    ``skip`` names are left out. Missing or unreadable paths are simply absent from the result.
    """
    state: Snapshot = {}

    def add(path: Path) -> None:
        if path.name.startswith(".") or (skip is not None and skip(path)):
            return
        try:
            st = path.stat()
        except (OSError, ValueError):
            return  # deleted between listing and stat, or unreadable: absent
        state[path] = (st.st_mtime_ns, st.st_size, st.st_ino)

    for path in paths:
        if _is_dir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    add(Path(root) / name)
        else:
            add(path)
    return state


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def folders_to_watch(paths: Iterable[Path]) -> set[Path]:
    """Return the folders whose notifications cover ``paths``: a folder input with its
    sub-folders, and for a file (or anything missing) the nearest existing folder above it."""
    found: set[Path] = set()
    for path in paths:
        if _is_dir(path):
            found.add(path)
            for root, dirs, _ in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update(Path(root) / d for d in dirs)
            continue
        at = path.parent
        while not _is_dir(at) and at != at.parent:
            at = at.parent
        found.add(at)
    return found


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


# --------------------------------------------------------------------------- waiting


class _StopEvent:
    """What watchfiles asks between steps: ``stop`` as an event."""

    def __init__(self, stop: Callable[[], bool]) -> None:
        self.is_set = stop


class Waiter:
    """Waits for the operating system to report a change in a set of folders.

    :meth:`arm` starts watching (or keeps the watcher while the folders stay the same);
    :meth:`wait` then blocks until something changes. Changes made between the two are not
    lost: the caller compares the inputs after arming. Falls back to sleeping ``poll`` seconds
    when notifications cannot be had; :attr:`notifying` says which.
    """

    def __init__(self, stop: Callable[[], bool], poll: float, notify: bool = True) -> None:
        self._stop = _StopEvent(stop)
        self._poll = poll
        self.notifying = notify
        self._folders: frozenset[Path] = frozenset()
        self._watcher: object | None = None
        self._failures = 0

    def arm(self, folders: set[Path]) -> None:
        """Watch ``folders`` (each on its own, not its sub-folders) from now on."""
        if not self.notifying or (self._watcher is not None and folders == self._folders):
            return
        self.close()
        try:
            # The generator watchfiles.watch() starts watching only when first asked for a
            # change, so a save made before that would wait for the next timeout: its
            # watcher class is used directly, armed before the inputs are compared.
            from watchfiles._rust_notify import RustNotify

            self._watcher = RustNotify(
                [str(f) for f in sorted(folders)], False, False, int(self._poll * 1000), False, True
            )
            self._folders = frozenset(folders)
        except Exception:  # not installed, a folder gone, the system's limit
            self._failed()

    def wait(self, skip: Callable[[str], bool]) -> bool:
        """Return True after a reported change (or a timeout: compare anyway), False on stop.

        Raises KeyboardInterrupt on Ctrl-C.
        """
        watcher = self._watcher
        if watcher is None:
            time.sleep(self._poll)
            return not self._stop.is_set()
        while True:
            try:
                changes = watcher.watch(  # type: ignore[attr-defined]
                    200, STEP_MS, int(RECHECK_SECONDS * 1000), self._stop
                )
            except Exception:  # a watched folder removed, say: watch anew
                self._failed()
                return not self._stop.is_set()
            if changes == "signal":
                raise KeyboardInterrupt
            if changes == "stop":
                return False
            self._failures = 0
            if changes == "timeout" or any(not skip(path) for _, path in changes):
                return True

    def _failed(self) -> None:
        """Close the watcher; after repeated failures, poll from now on."""
        self.close()
        self._failures += 1
        # A folder removed while watched fails once; failing again and again means no
        # notifications can be had here.
        self.notifying = self._failures < 3

    def close(self) -> None:
        """Stop watching."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.close()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- rebuilding


@dataclass
class _Last:
    """A job's last good build: what its renderers received, and each output's render."""

    inputs: object
    data: dict[str, bytes] = field(default_factory=dict)
    traces: dict[str, object] = field(default_factory=dict)


class Rebuilder:
    """Renders a job's outputs again only where what they read has changed.

    Called like :func:`generator.build.render_job`. Before each call the watcher sets
    :attr:`changed` to the files changed since the last build. The returned
    :class:`~generator.build.Rendered` holds only the outputs that must be written (rendered
    again, or missing on disk); :attr:`kept` counts those left as they were.
    """

    def __init__(self, *, deck_first: bool = False) -> None:
        from generator import reads

        reads.install()  # before any worker is forked, so that it inherits the hook
        self._last: dict[Job, _Last] = {}
        self.changed: set[Path] = set()
        self.kept = 0
        """How many outputs the calls since the watcher last reset it left as they were."""
        self.rendered: list[str] = []
        """The outputs the last call rendered (not those whose last bytes it kept)."""
        self._first = True
        self._prepared: dict[tuple[Job, BuildOptions], Prepared] = {}
        self.deck_first = deck_first
        """Put a deck in place as soon as it is rendered, when that is consistent (see
        :meth:`_render`): the caller then completes each set with :meth:`settle` or
        :meth:`roll_back`, as :func:`watch` does."""
        self._published: dict[Path, bytes | None] = {}
        """Files put in place before the rest of their set, with the bytes each replaced."""
        self._held: contextlib.ExitStack | None = None

    def __call__(self, job: Job, options: BuildOptions) -> Rendered:
        from generator import reads

        planned, inputs, paths = self._prepare(job, options)
        last = self._last.get(job)
        changed = {str(p) for p in self.changed}
        todo = [
            kind
            for kind in paths
            if last is None
            or kind not in last.traces
            or not reads.unchanged(last.traces[kind], last.inputs, inputs, changed)  # type: ignore[arg-type]
        ]
        self.rendered = todo
        tasks = {kind: functools.partial(reads.render_traced, kind, inputs) for kind in todo}
        if "deck" in tasks and last is not None:
            tasks["deck"] = _notes_only(last, inputs, changed) or tasks["deck"]
        framed = self._render(job, tasks, last, inputs, paths)
        self._first = False
        now = _Last(inputs)
        for kind in paths:
            if kind in framed:
                now.data[kind], now.traces[kind] = reads.untraced(framed[kind])
            elif last is not None:
                now.data[kind], now.traces[kind] = last.data[kind], last.traces[kind]
        self._last[job] = now
        write = {
            kind
            for kind in paths
            if paths[kind] not in self._published  # in place already
            and (
                last is None
                or now.data[kind] != last.data.get(kind)
                or not paths[kind].is_file()  # removed, or never written (the last write failed)
            )
        }
        self.kept += len(paths) - len(write) - sum(p in self._published for p in paths.values())
        files = {paths[kind]: now.data[kind] for kind in paths if kind in write}
        return Rendered(files, planned.warnings, planned.inputs, paths)

    def _render(
        self,
        job: Job,
        tasks: dict[str, Callable[[], bytes]],
        last: _Last | None,
        inputs: RenderInputs,
        paths: dict[str, Path],
    ) -> dict[str, bytes]:
        """Return each task's (traced) bytes by output name.

        The first build renders one output after another here, warming every cache in this
        process (fonts, text widths, the deck's template). A rebuild that renders the deck with
        other outputs renders the deck here and the others in a worker forked from this warm
        process and kept (:mod:`generator.parallel`), and puts the deck in place as soon as it
        is rendered when :func:`_deck_first_is_consistent` allows, before the others are done.
        Other rebuilds split where the last times balance (:func:`generator.build.render_tasks`).
        """
        from generator import parallel, reads

        deck = "deck"
        if self._first or deck not in tasks or len(tasks) == 1 or not parallel.available():
            return render_tasks(tasks, not self._first, key=job, keep_worker=not self._first)
        others = [kind for kind in tasks if kind != deck]
        early = (
            self.deck_first
            and last is not None
            and _deck_first_is_consistent(last.inputs, inputs, others)  # type: ignore[arg-type]
        )

        def then(here: list[bytes]) -> None:
            data, _ = reads.untraced(here[0])
            path = paths[deck]
            previous = last.data.get(deck) if last is not None else None
            if early and not (data == previous and path.is_file()):
                self._publish(path, data, previous if path.is_file() else None)

        pieces = [tasks[kind] for kind in others] + [tasks[deck]]
        data, _ = parallel.run_split(pieces, len(others), keep_worker=True, then=then)
        return dict(zip([*others, deck], data, strict=True))

    def _publish(self, path: Path, data: bytes, previous: bytes | None) -> None:
        """Put ``path`` in place now, before the rest of the set; remember what it replaced
        (``None``: nothing), so that :meth:`roll_back` can put that back.

        Ctrl-C, SIGTERM and SIGHUP are held from here until the set is complete
        (:meth:`settle`) or undone (:meth:`roll_back`), then delivered.
        """
        from generator.atomic_files import signals_held, write_set

        if self._held is None:
            self._held = contextlib.ExitStack()
            self._held.enter_context(signals_held())
        write_set({path: data})
        self._published[path] = previous

    def settle(self) -> list[Path]:
        """Return the files put in place before the rest of the set, now that it is complete;
        deliver any signal held meanwhile."""
        published = list(self._published)
        self._published.clear()
        self._release()
        return published

    def roll_back(self) -> None:
        """Put back what the files put in place early replaced: the rest of their set failed.

        Each goes back atomically (or is removed, when it is new), so every output is again as
        the last complete build left it.
        """
        from generator.atomic_files import write_set

        published, self._published = self._published, {}
        try:
            for path, previous in published.items():
                with contextlib.suppress(OSError, WorkshopError):
                    if previous is None:
                        path.unlink()
                    else:
                        write_set({path: previous})
        finally:
            self._release()

    def _release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.close()

    def _prepare(self, job: Job, options: BuildOptions) -> Prepared:
        """Return :func:`~generator.build.prepare_job`'s answer, the last one when only pictures
        the last plan shows were saved again.

        Planning reads a picture only to check it (:func:`~generator.source.validate.image_problem`,
        decoded in full); which file a picture's name finds depends on which files exist, not
        on their bytes. So when every changed file is a picture of the last plan, present
        before and still a file, and the check passes, planning again would give the same plan
        (24 ms of a 34 ms prepare for the sample outline, the picture's check being the rest).
        Otherwise, or when a picture fails its check, the job is planned again, and that
        reports the problem where the outline names the picture.
        """
        key = (job, options)
        last = self._prepared.get(key)
        if last is not None and self.changed and _only_pictures(last[0].plan, self.changed):
            return last
        self._prepared.pop(key, None)
        prepared = prepare_job(job, options)
        self._prepared[key] = prepared
        return prepared

    def forget(self) -> None:
        """Forget the last build: the next renders everything (after a failed write)."""
        self._last.clear()
        self._prepared.clear()


NOTES = frozenset({("slide", "notes")})
"""What :func:`_notes_only` lets differ: the planned slides' speaker notes."""


def _notes_only(last: _Last, inputs: RenderInputs, changed: set[str]) -> Callable[[], bytes] | None:
    """Return a task that makes the new deck from the last one by rewriting only the notes
    slides whose notes changed; None when that cannot be relied on (render the deck in full).

    It can when the deck's last render read nothing that differs now but slides' notes
    (:func:`generator.reads.unchanged`, notes aside, no file it opened changed), and a notes
    slide shows nothing but its notes (:func:`generator.outputs.deck.render.notes_text`). A
    template's deck is always rendered in full, and so is the first.
    """
    from generator import reads

    trace, data = last.traces.get("deck"), last.data.get("deck")
    old: RenderInputs = last.inputs  # type: ignore[assignment]
    if (
        trace is None
        or data is None
        or inputs.metrics is None
        or inputs.metrics.template is not None
    ):
        return None
    if not reads.unchanged(trace, old, inputs, changed, ignoring=NOTES):  # type: ignore[arg-type]
        return None
    if len(old.plan.slides) != len(inputs.plan.slides):
        return None
    from generator.outputs.deck.render import notes_text

    edits = {
        number: notes_text(new)
        for number, (was, new) in enumerate(
            zip(old.plan.slides, inputs.plan.slides, strict=True), 1
        )
        if notes_text(was) != notes_text(new)
    }
    return functools.partial(_deck_with_notes, data, trace, edits, inputs)


def _deck_with_notes(
    data: bytes, trace: object, edits: dict[int, str], inputs: RenderInputs
) -> bytes:
    """Return the deck ``data`` with the notes ``edits`` (by slide number), framed with the
    last render's ``trace`` (the same fields read); the deck rendered in full when the last
    deck cannot be edited so (:func:`generator.outputs.deck.package.with_notes`)."""
    from generator import reads
    from generator.outputs.deck import package

    new = package.with_notes(data, edits)
    if new is None:
        return reads.render_traced("deck", inputs)
    return reads.framed(new, trace)  # type: ignore[arg-type]


def _deck_first_is_consistent(old: RenderInputs, new: RenderInputs, others: list[str]) -> bool:
    """Return True when the new deck may be put in place while ``others`` still render.

    Until they are in place, the files on disk are the new deck and the last build's others.
    That pair is consistent when the old files say nothing about the deck that the new deck
    contradicts: the slides are numbered, titled and split as before (the guide's run of show
    and talking points name slides by number and title), the files are named as before (the
    guide names the deck's file), and no other output shows the slides themselves (the slide
    handout). So a crash or power cut between the two leaves a guide that still leads through
    this deck; the talking points of an edited slide may lag until the guide is renamed a
    moment later. A failure of the others puts the previous deck back (:meth:`Rebuilder.roll_back`),
    so a set is never left half new.
    """
    from generator import outputs

    if old.file_names != new.file_names:
        return False
    if any(row.needs_slides and row.name != "guide" for row in outputs.selected(others)):
        return False

    def numbered(inputs: RenderInputs) -> list[tuple[object, ...]]:
        return [
            (s.number, s.kind, s.title, s.section_id, s.part, s.parts) for s in inputs.plan.slides
        ]

    return numbered(old) == numbered(new)


def _only_pictures(plan: Plan, changed: set[Path]) -> bool:
    """Return True when every path in ``changed`` is a picture ``plan`` shows, still a file and
    still a usable image."""
    from generator.source.validate import image_problem

    pictures = {s.image for s in plan.slides if s.image is not None}
    if plan.handout.image is not None:
        pictures.add(plan.handout.image)
    return all(
        path in pictures and path.is_file() and image_problem(path) is None for path in changed
    )


_rebuilds = 0


@contextmanager
def _collecting_after() -> Iterator[None]:
    """Keep the garbage collector out of the block; collect once it is done.

    A rebuild makes enough objects to start several collections, and a full one (80 ms with
    python-pptx, reportlab and pydantic loaded) lands in some rebuild's time: collected
    afterwards instead, while the watcher waits for the next save, the young generations
    every time and everything every 20th rebuild.
    """
    global _rebuilds
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        _rebuilds += 1
        gc.collect(2 if _rebuilds % 20 == 0 else 1)


def _rebuild(
    jobs: Sequence[Job],
    options: BuildOptions,
    render: Render,
    echo: Echo,
    shown: set[str],
) -> tuple[set[str], set[Path], list[Path]] | None:
    """Build every job and report it; return the warnings given, the files the build read and
    every output path, or None when the build failed.

    Warnings already in ``shown`` (given by the previous build) are not repeated.
    """
    started = time.perf_counter()
    if isinstance(render, Rebuilder):
        render.kept = 0
    try:
        with _collecting_after():
            try:
                rendered = [render(job, options) for job in jobs]
                written = write_all(rendered)
            except BaseException:
                if isinstance(render, Rebuilder):
                    render.roll_back()  # the deck put in place early goes back
                raise
            if isinstance(render, Rebuilder):
                written = [*render.settle(), *written]
    except WorkshopError as exc:
        if isinstance(render, Rebuilder):
            render.forget()
        echo(exc.format_message(), err=True)
        echo("Build failed; fix the problem and save, and I will build again.", err=True)
        return None
    except Exception as exc:  # a watcher must outlive a bug in one build
        if isinstance(render, Rebuilder):
            render.forget()
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
    line = f"Built {count} file{'s' if count != 1 else ''} in {elapsed:.2f} s."
    kept = render.kept if isinstance(render, Rebuilder) else 0
    if kept:
        line = line[:-1] + f" ({kept} unchanged)."
    echo(line)
    outputs = [p for result in rendered for p in result.paths.values()]
    return warnings, {path for result in rendered for path in result.inputs}, outputs


def watch(
    jobs: Sequence[Job],
    options: BuildOptions,
    *,
    stop: Callable[[], bool] | None = None,
    poll: float = 0.3,
    echo: Echo = click.echo,
    render: Render | None = None,
    notify: bool = True,
) -> None:
    """Build ``jobs`` now, then again after every change to their inputs; return on Ctrl-C.

    ``stop`` is asked while waiting and ends the loop when it returns True (tests use it; the
    command line relies on Ctrl-C). ``poll`` is the pause between two looks at the inputs when
    the system cannot notify (or ``notify`` is False). A failed build is reported and the
    watch goes on, so the user can fix the file and save. Returns normally, so the command
    exits with code 0.
    """
    should_stop = stop or (lambda: False)
    builder = render if render is not None else Rebuilder(deck_first=True)
    waiter = Waiter(should_stop, poll, notify)
    try:
        inputs = inputs_for(jobs, options)
        skip = output_skipper(jobs)
        state = snapshot(inputs, skip)
        echo(f"Watching {len(state)} files for changes. Press Ctrl-C to stop.")
        built = _rebuild(jobs, options, builder, echo, set())
        # Everything the first build imported and cached lives as long as the watch: out of
        # the collector's sight from now on, so no collection walks it again.
        gc.collect()
        gc.freeze()
        shown: set[str] = set()
        while True:
            # The outline may now name an image or overlay it did not before: watch it too,
            # keeping what was watched, so a file that breaks the outline is still seen. A
            # build that worked says what it read; after a failed one the inputs are looked
            # up again, as far as the broken files allow. Files under inputs already watched
            # keep the state from before the build, so an edit saved while it ran is seen.
            if built is not None:
                shown, read, written = built
                skip = output_skipper(jobs, written)
            added = (read if built is not None else inputs_for(jobs, options)) - inputs
            state.update(snapshot(added, skip))
            inputs |= added
            current = _next_change(waiter, inputs, state, skip)
            if current is None:
                return
            echo("")
            for line in describe_changes(state, current):
                echo(line)
            if isinstance(builder, Rebuilder):
                differ = state.keys() | current.keys()
                builder.changed = {p for p in differ if state.get(p) != current.get(p)}
            state = current
            built = _rebuild(jobs, options, builder, echo, shown)
    except KeyboardInterrupt:
        echo("\nStopped watching.")
    finally:
        waiter.close()
        gc.unfreeze()
        from generator import parallel

        parallel.stop_worker()


def _next_change(waiter: Waiter, inputs: set[Path], state: Snapshot, skip: Skip) -> Snapshot | None:
    """Return the inputs' new state once it differs from ``state``; None when told to stop."""

    def skip_name(name: str) -> bool:
        path = Path(name)
        return path.name.startswith(".") or skip(path)

    while True:
        waiter.arm(folders_to_watch(inputs))
        # Compared after arming: a save made before (while building, say) is seen now, one
        # made after wakes the waiter.
        current = snapshot(inputs, skip)
        if current != state:
            return current
        if not waiter.wait(skip_name):
            return None
