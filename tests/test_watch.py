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
    state = snapshot([tmp_path / "overlays", tmp_path / "missing.yaml"], tmp_path / "overlays/out")
    assert list(state) == [tmp_path / "overlays" / "deep" / "a.yaml"]


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


def test_watch_rebuilds_on_change_and_survives_an_error(tmp_path: Path) -> None:
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

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.watch.time.sleep", interrupt)
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
