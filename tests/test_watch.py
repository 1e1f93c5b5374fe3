"""``workshop build --watch``: what is watched, how changes are reported, and the rebuild loop.

Loop tests run ``watch`` in a thread and edit files from the test; they wait on what the watcher
prints (with generous timeouts), never on elapsed time.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import BuildOptions, Job, Rendered
from generator.errors import OutlineError
from generator.watch import describe_changes, inputs_for, snapshot, watch

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = FIXTURES.parent.parent
TIMEOUT = 60.0


class Console:
    """Collects what the watcher prints and lets a test wait for a line."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []
        self._cond = threading.Condition()

    def echo(self, message: str = "", err: bool = False, **_: object) -> None:
        with self._cond:
            self.lines.append((message, err))
            self._cond.notify_all()

    def count(self, needle: str) -> int:
        with self._cond:
            return sum(needle in line for line, _ in self.lines)

    def wait_for(self, needle: str, times: int = 1) -> None:
        with self._cond:
            ok = self._cond.wait_for(lambda: self.count(needle) >= times, timeout=TIMEOUT)
        assert ok, f"never printed {needle!r} {times}x; printed: {self.text()}"

    def text(self) -> str:
        with self._cond:
            return "\n".join(line for line, _ in self.lines)


def _project(tmp_path: Path) -> Path:
    """Return the outline of a small project in tmp_path: outlines/, assets/ and a profile."""
    outlines = tmp_path / "outlines"
    outlines.mkdir()
    (tmp_path / "assets").mkdir()
    shutil.copy(ROOT / "assets" / "practice.yaml", tmp_path / "assets" / "practice.yaml")
    outline = outlines / "talk.yaml"
    shutil.copy(FIXTURES / "all-kinds.yaml", outline)
    return outline


def _touch(path: Path, text: str) -> None:
    """Replace ``path`` at once (as editors save), its state differing even on coarse clocks.

    Writing a temporary file and renaming it means the watcher never sees a half-written file,
    so each call is exactly one change.
    """
    before = path.stat()
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    os.replace(tmp, path)


def _run(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


# --------------------------------------------------------------------------- inputs


def test_inputs_cover_outline_overlay_folder_assets_practice_and_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    template = tmp_path / "brand.pptx"
    template.write_bytes(b"not read here")
    options = BuildOptions(out=tmp_path / "out", template=template)
    found = inputs_for([Job(outline, None, tmp_path / "out")], options)
    assert {
        outline.resolve(),
        (tmp_path / "outlines" / "talk").resolve(),
        (tmp_path / "outlines" / "assets").resolve(),
        (tmp_path / "assets" / "practice.yaml").resolve(),
        template.resolve(),
    } <= found


def test_inputs_include_images_the_outline_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    text = outline.read_text(encoding="utf-8").replace(
        "      - {id: s-quote,",
        "      - {id: s-pic, kind: image, title: A Picture, image: ../assets/cycle.png,"
        " alt: The cycle}\n      - {id: s-quote,",
    )
    outline.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "assets" / "co-regulation-cycle.png", tmp_path / "assets" / "cycle.png")
    found = inputs_for([Job(outline, None, tmp_path / "out")], BuildOptions())
    assert (tmp_path / "assets" / "cycle.png").resolve() in found


def test_inputs_of_a_broken_outline_still_include_the_outline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    outline.write_text("title: [unclosed\n", encoding="utf-8")
    found = inputs_for([Job(outline, None, tmp_path / "out")], BuildOptions())
    assert outline.resolve() in found


def test_a_missing_practice_profile_is_watched_where_it_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = _project(tmp_path)
    (tmp_path / "assets" / "practice.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    found = inputs_for([Job(outline, None, tmp_path / "out")], BuildOptions())
    assert (tmp_path / "assets" / "practice.yaml").resolve() in found


# --------------------------------------------------------------------------- snapshots


def test_snapshot_expands_folders_and_skips_outputs_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "overlays" / "deep").mkdir(parents=True)
    (tmp_path / "overlays" / "deep" / "a.yaml").write_text("a")
    (tmp_path / "overlays" / ".a.yaml.swp").write_text("swap")
    (tmp_path / "overlays" / "out").mkdir()
    (tmp_path / "overlays" / "out" / "deck.pptx").write_text("built")
    out = tmp_path / "overlays" / "out"
    state = snapshot([tmp_path / "overlays", tmp_path / "missing.yaml"], lambda p: out in p.parents)
    assert list(state) == [tmp_path / "overlays" / "deep" / "a.yaml"]


def test_outputs_are_skipped_wherever_they_are_written(tmp_path: Path) -> None:
    from generator.watch import output_skipper

    folder = tmp_path / "outlines" / "talk"  # --out outlines: the overlay folder holds outputs
    skip = output_skipper([Job(tmp_path / "outlines" / "talk.yaml", None, folder)])
    assert skip(folder / "Talk - Slides.pptx") and skip(folder / "Talk - Client Handout.pdf")
    assert not skip(folder / "couples.yaml")  # an overlay beside them is an input
    assert not skip(tmp_path / "assets" / "brand.pptx")  # a .pptx elsewhere may be a template
    named = output_skipper([], [tmp_path / "x.pdf"])
    assert named(tmp_path / "x.pdf") and not named(tmp_path / "y.pdf")


def test_folders_to_watch_cover_files_folders_and_missing_paths(tmp_path: Path) -> None:
    from generator.watch import folders_to_watch

    (tmp_path / "overlays" / "deep").mkdir(parents=True)
    (tmp_path / "overlays" / ".git").mkdir()
    (tmp_path / "talk.yaml").write_text("x")
    found = folders_to_watch(
        [tmp_path / "talk.yaml", tmp_path / "overlays", tmp_path / "no" / "such" / "file.png"]
    )
    assert found == {tmp_path, tmp_path / "overlays", tmp_path / "overlays" / "deep"}


def test_describe_changes_names_added_changed_and_removed_files(tmp_path: Path) -> None:
    kept, gone, new = tmp_path / "kept.yaml", tmp_path / "gone.yaml", tmp_path / "new.png"
    kept.write_text("1")
    gone.write_text("1")
    before = snapshot([tmp_path])
    _touch(kept, "22")
    gone.unlink()
    new.write_bytes(b"png")
    lines = describe_changes(before, snapshot([tmp_path]))
    assert lines == [f"removed: {gone}", f"changed: {kept}", f"added: {new}"]
    assert describe_changes(before, before) == []


# --------------------------------------------------------------------------- the loop


def _fake_render(outline: Path, calls: list[str]) -> Callable[[Job, BuildOptions], Rendered]:
    """Return a renderer that fails while the outline says BROKEN, like a real located error."""

    def render(job: Job, options: BuildOptions) -> Rendered:
        text = outline.read_text(encoding="utf-8")
        calls.append(text)
        if "BROKEN" in text:
            raise OutlineError(f"{outline.name}:1:1: title: BROKEN is not a title")
        return Rendered({options.out / "deck.pptx": text.encode()}, ["placeholder profile"])

    return render


@pytest.mark.parametrize("notify", [True, False], ids=["notified", "polled"])
def test_watch_rebuilds_on_change_and_survives_an_error(notify: bool, tmp_path: Path) -> None:
    outline = _project(tmp_path)
    options = BuildOptions(out=tmp_path / "out")
    calls: list[str] = []
    console = Console()
    done = threading.Event()
    thread = _run(
        lambda: watch(
            [Job(outline, None, tmp_path / "out")],
            options,
            stop=done.is_set,
            poll=0.01,
            echo=console.echo,
            render=_fake_render(outline, calls),
            notify=notify,
        )
    )
    try:
        console.wait_for("Built 1 file in")
        _touch(outline, "BROKEN\n")
        console.wait_for("BROKEN is not a title")
        console.wait_for("Build failed; fix the problem")
        assert (tmp_path / "out" / "deck.pptx").read_text() != "BROKEN\n"  # last good kept
        _touch(outline, "fixed\n")
        console.wait_for("Built 1 file in", times=2)
    finally:
        done.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert (tmp_path / "out" / "deck.pptx").read_text() == "fixed\n"
    assert console.count(f"changed: {outline}") == 2
    assert "Traceback" not in console.text()
    # The same warning is given once, not after every rebuild.
    assert console.count("warning: placeholder profile") == 1
    assert calls[-2:] == ["BROKEN\n", "fixed\n"]


def test_watch_sees_a_new_overlay_and_ignores_its_own_outputs(tmp_path: Path) -> None:
    outline = _project(tmp_path)
    out = tmp_path / "outlines" / "talk" / "out"  # outputs inside a watched folder
    options = BuildOptions(out=out)
    calls: list[str] = []
    console = Console()
    done = threading.Event()
    thread = _run(
        lambda: watch(
            [Job(outline, None, out)],
            options,
            stop=done.is_set,
            poll=0.01,
            echo=console.echo,
            render=_fake_render(outline, calls),
        )
    )
    try:
        console.wait_for("Built 1 file in")
        overlay = tmp_path / "outlines" / "talk" / "couples.yaml"
        hidden = overlay.with_name(".couples.yaml.tmp")  # hidden files are not watched
        hidden.write_text("extends: ../talk.yaml\n", encoding="utf-8")
        os.replace(hidden, overlay)
        console.wait_for(f"added: {overlay}")
        console.wait_for("Built 1 file in", times=2)
    finally:
        done.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert len(calls) == 2  # writing out/deck.pptx did not itself trigger a build


def test_a_bug_in_a_build_is_reported_without_traceback_and_the_watch_goes_on(
    tmp_path: Path,
) -> None:
    outline = _project(tmp_path)
    console = Console()
    stops = iter([False, True])

    def render(job: Job, options: BuildOptions) -> Rendered:
        raise ZeroDivisionError("division by zero")

    watch(
        [Job(outline, None, tmp_path / "out")],
        BuildOptions(out=tmp_path / "out"),
        stop=lambda: next(stops),
        poll=0.0,
        echo=console.echo,
        render=render,
    )
    assert "error: ZeroDivisionError: division by zero" in console.text()
    assert "bug in workshop-kit" in console.text()


def test_ctrl_c_stops_the_watch_cleanly(tmp_path: Path) -> None:
    outline = _project(tmp_path)
    console = Console()

    def render(job: Job, options: BuildOptions) -> Rendered:
        raise KeyboardInterrupt

    watch(
        [Job(outline, None, tmp_path / "out")],
        BuildOptions(out=tmp_path / "out"),
        echo=console.echo,
        render=render,
    )
    assert console.lines[-1] == ("\nStopped watching.", False)


def test_cli_build_watch_builds_then_exits_0_on_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli import cli

    _project(tmp_path)
    monkeypatch.chdir(tmp_path)

    def interrupt(*args: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.watch.Waiter.wait", interrupt)
    result = CliRunner().invoke(cli, ["build", "--watch", "outlines/talk.yaml"])
    assert result.exit_code == 0, result.output
    assert "Built 3 files in" in result.output
    assert "Stopped watching." in result.output
    assert sorted(p.suffix for p in (tmp_path / "out" / "talk").iterdir()) == [
        ".pdf",
        ".pdf",
        ".pptx",
    ]


def _with_image(outline: Path, tmp_path: Path) -> Path:
    """Add an image slide to ``outline``; return the image file it shows."""
    text = outline.read_text(encoding="utf-8").replace(
        "      - {id: s-quote,",
        "      - {id: s-pic, kind: image, title: A Picture, image: ../assets/cycle.png,"
        " alt: The cycle}\n      - {id: s-quote,",
    )
    outline.write_text(text, encoding="utf-8")
    image = tmp_path / "assets" / "cycle.png"
    shutil.copy(ROOT / "assets" / "co-regulation-cycle.png", image)
    return image


def test_a_build_lists_every_file_it_read(tmp_path: Path) -> None:
    from generator.build import render_job

    outline = _project(tmp_path)
    image = _with_image(outline, tmp_path)
    template = ROOT / "tests" / "fixtures" / "templates" / "libreoffice-4x3.pptx"
    practice = tmp_path / "assets" / "practice.yaml"
    options = BuildOptions(out=tmp_path / "out", practice=practice, template=template)
    rendered = render_job(Job(outline, None, tmp_path / "out"), options, split=False)
    assert rendered.inputs == {p.resolve() for p in (outline, image, practice, template)}


def test_after_a_build_the_watch_uses_what_it_read_instead_of_reading_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from generator import watch as watch_module
    from generator.build import render_job

    outline = _project(tmp_path)
    plain = outline.read_text(encoding="utf-8")
    image = _with_image(outline, tmp_path)
    with_image = outline.read_text(encoding="utf-8")
    outline.write_text(plain, encoding="utf-8")  # the image comes in after the first build
    options = BuildOptions(out=tmp_path / "out", practice=tmp_path / "assets" / "practice.yaml")
    looked_up: list[Job] = []
    real_lookup = watch_module._outline_inputs

    def counting(job: Job) -> set[Path]:
        looked_up.append(job)
        return real_lookup(job)

    monkeypatch.setattr(watch_module, "_outline_inputs", counting)
    console = Console()
    done = threading.Event()
    polling = threading.Event()  # set each time the watcher is between two polls

    def stop() -> bool:
        polling.set()
        return done.is_set()

    thread = _run(
        lambda: watch(
            [Job(outline, None, tmp_path / "out")],
            options,
            stop=stop,
            poll=0.01,
            echo=console.echo,
            render=functools.partial(render_job, split=False),
        )
    )
    try:
        console.wait_for("Built 3 files in")
        _touch(outline, with_image)
        console.wait_for("Built 3 files in", times=2)
        polling.clear()
        assert polling.wait(TIMEOUT)  # the image is watched from here on
        os.utime(image, ns=(0, image.stat().st_mtime_ns + 2_000_000_000))  # saved again
        console.wait_for(f"changed: {image}")
        console.wait_for("Built 3 files in", times=3)
    finally:
        done.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    # Looked up once, before the first build; the builds that worked said what they read.
    assert len(looked_up) == 1


# --------------------------------------------------------------------------- real rebuilds


class _Watching:
    """``watch`` running in a thread on a real project, with the real (selective) rebuilds."""

    def __init__(self, outline: Path, options: BuildOptions, jobs: list[Job] | None = None):
        from generator.watch import Rebuilder

        self.console = Console()
        self.builder = Rebuilder(deck_first=True)
        self.done = threading.Event()
        self.waiting = threading.Event()  # set each time the watcher is between two changes
        job_list = jobs or [Job(outline, None, options.out / outline.stem)]

        def stop() -> bool:
            self.waiting.set()
            return self.done.is_set()

        self.thread = _run(
            lambda: watch(job_list, options, stop=stop, echo=self.console.echo, render=self.builder)
        )

    def __enter__(self) -> _Watching:
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()

    def built(self, times: int) -> None:
        """Wait for the ``times``-th successful build and for the watcher to wait again."""
        self.console.wait_for("Built ", times)
        self.idle()

    def idle(self) -> None:
        self.waiting.clear()
        assert self.waiting.wait(TIMEOUT)


def _real_project(tmp_path: Path) -> tuple[Path, BuildOptions]:
    outline = _project(tmp_path)
    _with_image(outline, tmp_path)
    return outline, BuildOptions(
        out=tmp_path / "out", practice=tmp_path / "assets" / "practice.yaml"
    )


def test_a_handout_change_renders_the_handout_alone(tmp_path: Path) -> None:
    outline, options = _real_project(tmp_path)
    text = outline.read_text(encoding="utf-8")
    assert "main_message: " in text
    with _Watching(outline, options) as w:
        w.built(1)
        assert sorted(w.builder.rendered) == ["deck", "guide", "handout"]
        _touch(outline, text.replace("main_message: ", "main_message: Truly, ", 1))
        w.built(2)
        assert w.builder.rendered == ["handout"]
    assert "Built 1 file in" in w.console.text()


def test_a_new_slide_picture_renders_the_deck_alone(tmp_path: Path) -> None:
    from PIL import Image

    outline, options = _real_project(tmp_path)
    image = tmp_path / "assets" / "cycle.png"
    with _Watching(outline, options) as w:
        w.built(1)
        deck = next((options.out / "talk").glob("*.pptx"))
        before = deck.read_bytes()
        replacement = tmp_path / "assets" / ".cycle.png.tmp"
        Image.new("RGB", (160, 100), "teal").save(replacement, format="PNG")
        os.replace(replacement, image)  # saved as editors save: a new file renamed over
        w.built(2)
        assert w.builder.rendered == ["deck"]
    assert deck.read_bytes() != before


def test_a_saved_picture_is_checked_without_planning_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only pictures changed: the last plan is kept (the picture checked), and the bytes are
    those of a fresh build; anything else, or a picture that fails its check, plans again."""
    from PIL import Image

    import generator.watch
    from generator.build import prepare_job, render_job, write_all
    from generator.watch import Rebuilder

    planned: list[Job] = []

    def counting(job: Job, options: BuildOptions) -> object:
        planned.append(job)
        return prepare_job(job, options)

    monkeypatch.setattr(generator.watch, "prepare_job", counting)
    outline, options = _real_project(tmp_path)
    image = (tmp_path / "assets" / "cycle.png").resolve()
    job = Job(outline, None, options.out / "talk")
    builder = Rebuilder()
    try:
        write_all([builder(job, options)])
        assert len(planned) == 1
        Image.new("RGB", (90, 60), "orange").save(image)
        builder.changed = {image}
        write_all([builder(job, options)])
        assert len(planned) == 1 and builder.rendered == ["deck"]
        fresh = render_job(job, options, split=False)
        assert {p: p.read_bytes() for p in fresh.files} == fresh.files
        # The outline changed too: planned again.
        _touch(outline, outline.read_text(encoding="utf-8") + "# a comment\n")
        builder.changed = {image, outline.resolve()}
        builder(job, options)
        assert len(planned) == 2
        # A picture that is no longer an image: planned again, which says where it is named.
        image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 50)
        builder.changed = {image}
        with pytest.raises(OutlineError, match="talk.yaml"):
            builder(job, options)
        assert len(planned) == 3
    finally:
        from generator import parallel

        parallel.stop_worker()


def test_an_unchanged_output_is_not_written_again(tmp_path: Path) -> None:
    outline, options = _real_project(tmp_path)
    with _Watching(outline, options) as w:
        w.built(1)
        written = {p: p.stat().st_mtime_ns for p in (options.out / "talk").iterdir()}
        _touch(outline, outline.read_text(encoding="utf-8") + "# a comment\n")
        w.built(2)
        assert w.builder.rendered == []
    assert {p: p.stat().st_mtime_ns for p in (options.out / "talk").iterdir()} == written
    assert "Built 0 files in" in w.console.text() and "(3 unchanged)" in w.console.text()


@pytest.mark.parametrize("out", ["outlines", "."])
def test_edits_are_seen_when_the_outputs_go_among_the_inputs(
    out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline, options = _real_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    options = BuildOptions(out=Path(out), practice=options.practice)
    text = outline.read_text(encoding="utf-8")
    with _Watching(outline, options) as w:
        w.built(1)
        _touch(outline, text.replace("main_message: ", "main_message: Truly, ", 1))
        w.built(2)
        _touch(outline, text)
        w.built(3)
    # Each build came from an edit, none from the watcher's own outputs.
    assert w.console.count("Built ") == 3
    assert w.console.count("changed: outlines/talk.yaml") == 2
    assert any((tmp_path / out / "talk").glob("*.pptx"))


def _break_yaml(tmp_path: Path, outline: Path) -> str:
    outline.write_text("title: [unclosed\n", encoding="utf-8")
    return "talk.yaml"


def _remove_outline(tmp_path: Path, outline: Path) -> str:
    outline.unlink()
    return "talk.yaml"


def _break_overlay(tmp_path: Path, outline: Path) -> str:
    overlay = outline.parent / "talk" / "broken.yaml"
    overlay.parent.mkdir(exist_ok=True)
    overlay.write_text("extends: ../talk.yaml\naudience: {name: x, minutes: [\n", encoding="utf-8")
    return "broken.yaml"


def _break_image(tmp_path: Path, outline: Path) -> str:
    (tmp_path / "assets" / "cycle.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 50)
    return "talk.yaml"  # located where the outline names the picture


def _break_profile(tmp_path: Path, outline: Path) -> str:
    (tmp_path / "assets" / "practice.yaml").write_text("colors: {primary: red\n", encoding="utf-8")
    return "practice.yaml"


def _break_font(tmp_path: Path, outline: Path) -> str:
    profile = tmp_path / "assets" / "practice.yaml"
    (tmp_path / "assets" / "bad.ttf").write_bytes(b"\0\1\0\0" + bytes(60))
    files = "  files: {regular: bad.ttf, bold: bad.ttf}\n"
    text = profile.read_text(encoding="utf-8").replace("  body: Calibri\n", files, 1)
    assert files in text
    profile.write_text(text, encoding="utf-8")
    return "practice.yaml"


def _folder_in_the_way(tmp_path: Path, outline: Path) -> str:
    deck = next((tmp_path / "out" / "talk").glob("*.pptx"))
    deck.unlink()
    deck.mkdir()
    (deck / "keep.txt").write_text("x")
    # An edit to start a build (the folder itself is an output, not an input).
    outline.write_text(outline.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    return "Slides.pptx"


def _unreadable_outline(tmp_path: Path, outline: Path) -> str:
    outline.unlink()
    outline.mkdir()  # a folder where the outline was: it cannot be read as a file
    return "talk.yaml"


BREAKAGES = [
    _break_yaml,
    _remove_outline,
    _break_overlay,
    _break_image,
    _break_profile,
    _break_font,
    _folder_in_the_way,
    _unreadable_outline,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_the_watch_survives_any_broken_input_and_builds_once_it_is_fixed(
    breakage: Callable[[Path, Path], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline, options = _real_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    saved = {p: p.read_bytes() for p in (outline, *(tmp_path / "assets").iterdir())}
    with _Watching(outline, options) as w:
        w.built(1)
        named = breakage(tmp_path, outline)
        w.console.wait_for("Build failed; fix the problem and save")
        w.idle()
        # Put everything back as it was (the folder in the way removed), then save again.
        for path in [*(options.out / "talk").iterdir(), outline]:
            if path.is_dir():
                shutil.rmtree(path)
        for extra in (outline.parent / "talk", tmp_path / "assets" / "bad.ttf"):
            if extra.is_dir():
                shutil.rmtree(extra)
            elif extra.exists():
                extra.unlink()
        for path, data in saved.items():
            path.write_bytes(data)
        w.built(2)
    errors = "\n".join(line for line, err in w.console.lines if err)
    assert named in errors, errors
    assert "Traceback" not in w.console.text() and "bug in workshop-kit" not in errors


def test_the_watch_survives_a_broken_template(tmp_path: Path) -> None:
    outline, options = _real_project(tmp_path)
    template = tmp_path / "brand.pptx"
    good = (FIXTURES / "templates" / "libreoffice-4x3.pptx").read_bytes()
    template.write_bytes(good)
    options = BuildOptions(out=options.out, practice=options.practice, template=template)
    with _Watching(outline, options) as w:
        w.built(1)
        _touch(template, "not a presentation")
        w.console.wait_for("Build failed; fix the problem and save")
        w.idle()
        template.write_bytes(good)
        w.built(2)
    errors = "\n".join(line for line, err in w.console.lines if err)
    assert "brand.pptx" in errors, errors
    assert "Traceback" not in w.console.text()


def test_selective_rebuilds_leave_the_bytes_a_full_build_makes(tmp_path: Path) -> None:
    """After each edit, what the selective rebuild left on disk equals a fresh full build."""
    from PIL import Image

    from generator.build import render_job, write_all
    from generator.watch import Rebuilder

    outline, options = _real_project(tmp_path)
    profile = tmp_path / "assets" / "practice.yaml"
    job = Job(outline, None, options.out / "talk")
    builder = Rebuilder()

    def edit_outline(old: str, new: str) -> Callable[[], None]:
        def edit() -> None:
            text = outline.read_text(encoding="utf-8")
            assert old in text
            _touch(outline, text.replace(old, new, 1))

        return edit

    def new_picture() -> None:
        Image.new("RGB", (90, 60), "orange").save(tmp_path / "assets" / "cycle.png")

    def recolour() -> None:
        text = profile.read_text(encoding="utf-8")
        _touch(profile, text.replace("primary: ", "primary: '#224466' #", 1))

    edits = [
        edit_outline("main_message: ", "main_message: Truly, "),
        edit_outline(
            "title: ",
            "title: New ",
        ),
        new_picture,
        recolour,
        edit_outline("audiences:", "# a comment\naudiences:"),
    ]
    watched = [outline.resolve(), (tmp_path / "assets").resolve()]
    try:
        write_all([builder(job, options)])
        for edit in edits:
            before = snapshot(watched)
            edit()
            after = snapshot(watched)
            builder.changed = {p for p in after if before.get(p) != after[p]}
            assert builder.changed
            write_all([builder(job, options)])
            fresh = render_job(job, options, split=False)
            on_disk = {p: p.read_bytes() for p in fresh.files}
            assert on_disk == fresh.files, f"after {getattr(edit, '__name__', edit)}"
    finally:
        from generator import parallel

        parallel.stop_worker()


# --------------------------------------------------------------------------- the deck first

needs_two_cores = pytest.mark.skipif(
    not __import__("generator.parallel").parallel.available(),
    reason="the deck goes first only where a worker renders the rest (Linux, two cores)",
)


def _note_edit(outline: Path, new: str) -> None:
    """Give the quote slide's speaker note the text ``new``."""
    import re

    text = outline.read_text(encoding="utf-8")
    edited = re.sub(r"(id: s-quote, .*notes: )[^}]*", lambda m: m[1] + new, text, count=1)
    assert edited != text
    _touch(outline, edited)


@needs_two_cores
def test_a_note_edit_puts_the_deck_in_place_before_the_guide_and_bytes_match(
    tmp_path: Path,
) -> None:
    """The deck is renamed as soon as it is rendered (the slides numbered as before); what is
    on disk afterwards is what a fresh build makes."""
    from generator.build import render_job, write_all
    from generator.watch import Rebuilder

    outline, options = _real_project(tmp_path)
    job = Job(outline, None, options.out / "talk")
    builder = Rebuilder(deck_first=True)
    try:
        write_all([builder(job, options)])
        deck = next((options.out / "talk").glob("*.pptx"))
        before = deck.read_bytes()
        _note_edit(outline, "Pause and breathe.")
        builder.changed = {outline.resolve()}
        rendered = builder(job, options)
        assert sorted(builder.rendered) == ["deck", "guide"]
        # Already in place, and not in the rest of the set.
        assert deck.read_bytes() != before and deck not in rendered.files
        assert [p.suffix for p in rendered.files] == [".pdf"]
        write_all([rendered])
        assert builder.settle() == [deck]
        fresh = render_job(job, options, split=False)
        assert {p: p.read_bytes() for p in fresh.files} == fresh.files
    finally:
        from generator import parallel

        parallel.stop_worker()


@needs_two_cores
def test_slides_numbered_differently_keep_the_deck_with_the_rest(tmp_path: Path) -> None:
    """A new slide renumbers the guide's run of show: the deck waits and goes with the guide."""
    from generator.build import write_all
    from generator.watch import Rebuilder

    outline, options = _real_project(tmp_path)
    job = Job(outline, None, options.out / "talk")
    builder = Rebuilder(deck_first=True)
    try:
        write_all([builder(job, options)])
        text = outline.read_text(encoding="utf-8")
        added = "      - {id: s-extra, kind: statement, text: One more thing., notes: X.}\n"
        _touch(outline, text.replace("      - {id: s-quote,", added + "      - {id: s-quote,", 1))
        builder.changed = {outline.resolve()}
        rendered = builder(job, options)
        assert "deck" in builder.rendered and builder.settle() == []
        assert any(p.suffix == ".pptx" for p in rendered.files)
    finally:
        from generator import parallel

        parallel.stop_worker()


@needs_two_cores
def test_a_failed_guide_puts_the_previous_deck_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deck went in place first, then the guide failed: the watcher reports the error and
    every output is again the last complete build's."""
    import generator.outputs.guide.render as guide

    real = guide.render

    def failing(inputs: object) -> bytes:
        if any("FAIL" in s.notes for s in inputs.plan.slides):  # type: ignore[attr-defined]
            raise OutlineError("talk.yaml:62:9: the guide fails here on purpose")
        return real(inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(guide, "render", failing)  # before the worker is forked: it inherits
    from generator.watch import Rebuilder

    rolled_back: list[list[Path]] = []
    roll_back = Rebuilder.roll_back

    def spying(self: Rebuilder) -> None:
        rolled_back.append(list(self._published))
        roll_back(self)

    monkeypatch.setattr(Rebuilder, "roll_back", spying)
    outline, options = _real_project(tmp_path)
    with _Watching(outline, options) as w:
        w.built(1)
        _note_edit(outline, "A first edit.")
        w.built(2)  # the worker is forked here
        folder = options.out / "talk"
        kept = {p: p.read_bytes() for p in folder.iterdir()}
        _note_edit(outline, "FAIL")
        w.console.wait_for("Build failed; fix the problem and save")
        w.idle()
        assert {p: p.read_bytes() for p in folder.iterdir()} == kept
        # The new deck had been put in place, and what it replaced was put back.
        assert rolled_back == [[next(folder.glob("*.pptx"))]]
        _note_edit(outline, "Fixed.")
        w.built(3)
    errors = "\n".join(line for line, err in w.console.lines if err)
    assert "talk.yaml:62:9: the guide fails here on purpose" in errors
    assert "Traceback" not in w.console.text()


# --------------------------------------------------------------------------- notes alone

LONG_SLIDE = (
    "      - id: s-long\n"
    "        kind: bullets\n"
    "        title: Many Points\n"
    "        notes: The long one.\n"
    "        points: [{points}]\n"
).format(points=", ".join(f"Point number {i} says something worth a line" for i in range(14)))


def _edit(outline: Path, old: str, new: str) -> None:
    text = outline.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    _touch(outline, text.replace(old, new))


def test_notes_alone_rewrite_the_notes_slides_with_the_bytes_of_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits that change only speaker notes make the deck from the last one, notes slides
    rewritten (package.with_notes); after each, every file equals a fresh full build. An edit
    that changes more renders the deck in full."""
    from generator.build import prepare_job, render_job, write_all
    from generator.outputs.deck import package
    from generator.watch import Rebuilder

    outline, options = _real_project(tmp_path)
    _edit(outline, "      - {id: s-quote,", LONG_SLIDE + "      - {id: s-quote,")
    job = Job(outline, None, options.out / "talk")
    _, inputs, _ = prepare_job(job, options)
    long_parts = [s for s in inputs.plan.slides if s.element_id == "s-long"]
    assert len(long_parts) > 1  # a slide with a continuation
    assert not next(s for s in inputs.plan.slides if s.element_id == "s-section").notes

    made: list[bool] = []
    real = package.with_notes

    def spying(data: bytes, notes: dict[int, str]) -> bytes | None:
        result = real(data, notes)
        made.append(result is not None)
        return result

    monkeypatch.setattr(package, "with_notes", spying)
    quote = "notes: Pause here.}"
    edits: list[tuple[str, str, str, bool]] = [
        # (what, old text, new text, whether the notes alone changed)
        ("a note made empty", quote, 'notes: ""}', True),
        ("a 5,000-character note", 'notes: ""}', "notes: " + "word " * 999 + "five.}", True),
        ("a note added", "{id: s-section, kind: section}", "{id: s-section, kind: section, "
         "notes: Now the core.}", True),
        ("the note of a slide with a continuation", "notes: The long one.", "notes: Longer, "
         "with a citation [@eisenberger2003].", True),
        ("two notes", "notes: Compare.,", "notes: Compare both.,", True),
        ("notes and a title", "title: Guarded and Open, notes: Compare both.,",
         "title: Guarded or Open, notes: Compare.,", False),
        ("a note after that", "notes: Thank everyone.}", "notes: Thanks.}", True),
    ]  # fmt: skip
    builder = Rebuilder()
    try:
        write_all([builder(job, options)])
        deck = next((options.out / "talk").glob("*.pptx"))
        for what, old, new, notes_alone in edits:
            before = deck.read_bytes()
            _edit(outline, old, new)
            if what == "two notes":
                _edit(outline, "notes: Invite sharing.}", "notes: Invite stories.}")
            builder.changed = {outline.resolve()}
            made.clear()
            write_all([builder(job, options)])
            assert "deck" in builder.rendered, what
            assert made == ([True] if notes_alone else []), what
            assert deck.read_bytes() != before, what
            fresh = render_job(job, options, split=False)
            assert {p: p.read_bytes() for p in fresh.files} == fresh.files, what
    finally:
        from generator import parallel

        parallel.stop_worker()


def test_notes_alone_need_the_deck_as_this_build_would_package_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck stamped with another build time (SOURCE_DATE_EPOCH), or not a deck, is not
    edited: the caller renders in full."""
    from generator.build import prepare_job
    from generator.outputs.deck import package
    from generator.outputs.deck.render import render

    outline, options = _real_project(tmp_path)
    _, inputs, _ = prepare_job(Job(outline, None, options.out), options)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")  # an odd second: kept as 1700000000
    data = render(inputs)
    assert package.with_notes(data, {2: "New."}) is not None
    assert package.with_notes(data, {99: "New."}) is None  # no such slide
    assert package.with_notes(b"not a zip", {2: "New."}) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    assert package.with_notes(data, {2: "New."}) is None


def test_a_deck_packaged_again_reuses_deflated_members_byte_for_byte(tmp_path: Path) -> None:
    """A member deflated for the last deck is written as it was: the same bytes as deflating
    it again (the first render, with nothing kept, is the reference)."""
    from generator.build import prepare_job
    from generator.outputs.deck import package
    from generator.outputs.deck.render import render

    outline, options = _real_project(tmp_path)
    _, inputs, _ = prepare_job(Job(outline, None, options.out), options)
    package._last_deflated = {}
    first = render(inputs)
    assert package._last_deflated  # kept for the next deck
    assert render(inputs) == first
    package._last_deflated = {}
