"""Hostile paths, confinement and audiences (issue 16, classes 4, 5 and 12).

Every case runs ``workshop validate`` or ``build`` and asserts the contract of
``tests/test_hostile.py``: exit 2, located lines naming the real cause, nothing written, no
traceback. Links, pipes and long chains are made here, in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_hostile import LOCATED, PRACTICE, SUMMARY, build, write_outline

from generator.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "audiences" / "base.yaml"
OK_PNG = Path(__file__).parent / "bad" / "outlines" / "assets" / "ok.png"

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def refused(args: list[str], expect: str, where: str | None = None) -> str:
    """Run the CLI; assert exit 2, located lines only, ``expect`` in a line; return output."""
    result = CliRunner().invoke(cli, args)
    output = result.output
    assert result.exit_code == 2, (output, result.exception)
    assert "Traceback" not in output
    lines = [ln for ln in output.splitlines() if ln.strip() and not SUMMARY.match(ln)]
    lines = [ln for ln in lines if not ln.startswith("warning: ")]
    for line in lines:
        assert LOCATED.match(line), f"not located: {line!r}"
    assert any(expect in ln and (where is None or where in ln) for ln in lines), output
    return output


# --------------------------------------------------------------------------- 4. paths


def _fixture_copy(tmp_path: Path) -> Path:
    return write_outline(tmp_path, (FIXTURES / "all-kinds.yaml").read_text(encoding="utf-8"))


@needs_fifo
def test_an_outline_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "w.yaml"
    os.mkfifo(fifo)
    refused(["validate", str(fifo)], "is not an ordinary file (a pipe")
    refused(["build", str(fifo), "--out", str(tmp_path / "out")], "a pipe")
    assert not (tmp_path / "out").exists()


@needs_links
def test_a_dangling_link_is_named_as_one(tmp_path: Path) -> None:
    link = tmp_path / "w.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    refused(["validate", str(link)], "is a link that points nowhere")


@needs_links
def test_a_loop_of_links_is_named_as_one(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    refused(["validate", str(tmp_path / "a.yaml")], "loop of symbolic links")


def test_a_folder_named_as_an_outline(tmp_path: Path) -> None:
    (tmp_path / "w.yaml").mkdir()
    refused(["validate", str(tmp_path / "w.yaml")], "is a folder, not a file")


@pytest.mark.parametrize("command", ["audiences", "show", "check", "preview", "certificates"])
@pytest.mark.parametrize(
    ("make", "expect"),
    [("folder", "is a folder, not a file"), ("missing", "does not exist")],
)
def test_every_command_names_an_unreadable_outline_in_our_words(
    command: str, make: str, expect: str, tmp_path: Path
) -> None:
    # These commands used click's own file check, which printed "Usage: …" and no location.
    outline = tmp_path / "w.yaml"
    if make == "folder":
        outline.mkdir()
    output = refused([command, str(outline)], expect, where="outline")
    assert "Usage:" not in output


@pytest.mark.parametrize("command", ["check", "preview"])
def test_a_template_that_is_a_folder_is_named_in_our_words(command: str, tmp_path: Path) -> None:
    (tmp_path / "brand.pptx").mkdir()
    args = [command, str(BASE), "--template", str(tmp_path / "brand.pptx")]
    output = refused(args, "is a folder, not a file", where="--template")
    assert "Usage:" not in output


def test_a_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    refused(["validate", str(tmp_path / ("x" * 300 + ".yaml"))], "too long for the file system")


def test_permission_denied_is_not_called_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.source.paths as paths

    path = _fixture_copy(tmp_path)
    # Root reads any file: make the refusal a non-root user would get.
    monkeypatch.setattr(paths, "_readable", lambda path: False)
    refused(["validate", str(path)], "cannot be read: permission denied")


@needs_fifo
def test_a_practice_profile_or_template_that_is_a_pipe(tmp_path: Path) -> None:
    path = _fixture_copy(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = str(tmp_path / "out")
    refused(["build", str(path), "--practice", str(fifo), "--out", out], "a pipe")
    refused(
        ["build", str(path), "--practice", str(PRACTICE), "--template", str(fifo), "--out", out],
        "a pipe",
    )
    assert not (tmp_path / "out").exists()


def _with_image(tmp_path: Path, image: str) -> Path:
    data = yaml.safe_load((FIXTURES / "all-kinds.yaml").read_text(encoding="utf-8"))
    data["sections"][2]["slides"].insert(
        0, {"id": "s-img", "kind": "image", "title": "A Picture", "image": image, "alt": "Two"}
    )
    return write_outline(tmp_path, data)


@needs_links
@pytest.mark.parametrize(
    ("make", "expect"),
    [
        ("dangling", "is a link that points nowhere"),
        ("loop", "loop of links"),
        ("folder", "is a folder, not a file"),
        ("fifo", "a pipe"),
    ],
)
def test_an_image_path_names_the_real_cause(make: str, expect: str, tmp_path: Path) -> None:
    folder = tmp_path / "outlines"
    folder.mkdir()
    image = folder / "pic.png"
    if make == "dangling":
        image.symlink_to(folder / "gone.png")
    elif make == "loop":
        image.symlink_to(folder / "pic2.png")
        (folder / "pic2.png").symlink_to(image)
    elif make == "folder":
        image.mkdir()
    else:
        os.mkfifo(image)
    path = _with_image(tmp_path, "pic.png")
    refused(["validate", str(path), "--practice", str(PRACTICE)], expect, "w.yaml")


# --------------------------------------------------------------------------- 5. confinement


def _overlay(folder: Path, extends: str, name: str = "more.yaml", audience: str = "more") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"extends: {extends}\naudience: {{name: {audience}, title: More, duration: 60}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "extends",
    [
        "../../../secret.yaml",
        "../../secret.yaml",
        "/etc/passwd",
        "../../../../../../../../etc/hostname",
        "../../elsewhere/secret.yaml",
        "'~/secret.yaml'",
        "secret.txt",
        "../secret.json",
    ],
)
def test_extends_may_not_read_outside(extends: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password_one: x\npassword_two: y\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(secret, tmp_path / "elsewhere" / "secret.yaml")
    (tmp_path / "work" / "outlines" / "base").mkdir(parents=True)
    (tmp_path / "work" / "outlines" / "base" / "secret.txt").write_text("a: b", encoding="utf-8")
    (tmp_path / "work" / "outlines" / "secret.json").write_text("{}", encoding="utf-8")
    overlay = _overlay(tmp_path / "work" / "outlines" / "base", extends)
    output = CliRunner().invoke(cli, ["validate", str(overlay), "--practice", str(PRACTICE)])
    assert output.exit_code == 2, output.output
    assert "password" not in output.output  # nothing of the file is read, nor shown
    assert "Traceback" not in output.output
    assert "more.yaml:1:" in output.output, output.output


@needs_links
def test_extends_through_a_link_leading_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password_one: x\n", encoding="utf-8")
    folder = tmp_path / "work" / "outlines" / "base"
    folder.mkdir(parents=True)
    (folder.parent / "base.yaml").symlink_to(secret)
    overlay = _overlay(folder, "../base.yaml")
    output = refused(["validate", str(overlay)], "is outside the folder")
    assert "password" not in output


def test_an_overlay_beside_its_base_still_builds(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "audiences", tmp_path / "outlines")
    overlay = tmp_path / "outlines" / "base" / "longer.yaml"
    result = CliRunner().invoke(cli, ["validate", str(overlay), "--practice", str(PRACTICE)])
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- 12. audiences


def _base_with(tmp_path: Path, change: str, old: str = "variables: {group: the group}") -> Path:
    text = BASE.read_text(encoding="utf-8")
    assert old in text
    return write_outline(tmp_path, text.replace(old, change, 1), name="base.yaml")


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        ("variables: {group: 'the {{group}}'}", "a variable's value is used as written"),
        ("variables: {group: '{{other}}', other: x}", "a variable's value is used as written"),
        ("variables: {group: 'half }} closed'}", "a variable's value is used as written"),
    ],
)
def test_variables_inside_variables_are_refused(change: str, expect: str, tmp_path: Path) -> None:
    refused(["validate", str(_base_with(tmp_path, change))], expect, "base.yaml:5:")


@pytest.mark.parametrize(
    ("terms", "expect"),
    [
        ("{'': couples}", "has no letters"),
        ("{' ': couples}", "has no letters"),
        ("{'-': couples}", "has no letters"),
        ("{clients: couples, '': x}", "has no letters"),
    ],
)
def test_empty_terms_are_refused(terms: str, expect: str, tmp_path: Path) -> None:
    path = _base_with(
        tmp_path,
        f"{{name: short, title: Short session, duration: 45, terms: {terms}}}",
        "{name: short, title: Short session, duration: 45}",
    )
    refused(["validate", str(path)], expect, "base.yaml:")


def test_an_audience_variable_holding_a_placeholder(tmp_path: Path) -> None:
    path = _base_with(
        tmp_path,
        "{name: short, title: Short session, duration: 45, variables: {group: '{{group}}s'}}",
        "{name: short, title: Short session, duration: 45}",
    )
    refused(["validate", str(path)], "a variable's value is used as written", "base.yaml:")


def test_duplicate_audience_names_across_overlays_are_located(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "audiences", tmp_path / "outlines")
    folder = tmp_path / "outlines" / "base"
    _overlay(folder, "../base.yaml", name="zz-again.yaml", audience="longer")
    refused(
        ["validate", str(tmp_path / "outlines" / "base.yaml"), "--practice", str(PRACTICE)],
        "the audience name 'longer' is already used",
        "zz-again.yaml:2:",
    )


def test_an_overlay_repeating_a_base_audience_is_located(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "audiences", tmp_path / "outlines")
    _overlay(tmp_path / "outlines" / "base", "../base.yaml", name="dup.yaml", audience="short")
    refused(
        ["validate", str(tmp_path / "outlines" / "base.yaml"), "--practice", str(PRACTICE)],
        "the audience name 'short' is already used",
        "dup.yaml:2:",
    )


def _chain(tmp_path: Path, length: int) -> Path:
    """Return the last of ``length`` overlays, each extending the one before, over base."""
    shutil.copytree(FIXTURES / "audiences", tmp_path / "outlines")
    folder = tmp_path / "outlines" / "base"
    previous = "../base.yaml"
    for n in range(length):
        _overlay(folder, previous, name=f"c{n:04}.yaml", audience=f"c{n}")
        previous = f"c{n:04}.yaml"
    return folder / f"c{length - 1:04}.yaml"


@pytest.mark.parametrize("length", [17, 300, 1100])
def test_long_extends_chains_are_refused_quickly(length: int, tmp_path: Path) -> None:
    last = _chain(tmp_path, length)
    started = time.perf_counter()
    output = refused(["validate", str(last)], "the chain of overlays is more than 16 files long")
    assert "Traceback" not in output
    assert time.perf_counter() - started < 30  # generous: 1,100 files took 45 s+ and crashed


def test_a_chain_within_the_limit_builds(tmp_path: Path) -> None:
    last = _chain(tmp_path, 3)
    result = CliRunner().invoke(cli, ["validate", str(last), "--practice", str(PRACTICE)])
    assert result.exit_code == 0, result.output


def test_a_cycle_of_two_overlays(tmp_path: Path) -> None:
    folder = tmp_path / "outlines" / "base"
    _overlay(folder, "b.yaml", name="a.yaml", audience="a")
    _overlay(folder, "a.yaml", name="b.yaml", audience="b")
    refused(["validate", str(folder / "a.yaml")], "'extends' makes a cycle")


def test_hostile_overlay_builds_nothing(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path / "outlines" / "w", "../../../x.yaml", name="w.yaml")
    build(overlay, tmp_path)


# --------------------------------------------------------------------------- 6. fonts

CARLITO = Path(__file__).parent.parent / "generator" / "fonts" / "Carlito-Regular.ttf"


def _font_cases() -> dict[str, bytes]:
    good = CARLITO.read_bytes()
    return {
        "empty": b"",
        "truncated-head": good[:1000],
        "truncated-half": good[: len(good) // 2],
        "collection": b"ttcf" + good[4:2000],
        "woff": b"wOFF" + good[4:2000],
        "woff2": b"wOF2" + good[4:2000],
        "cff": b"OTTO" + good[4:2000],
        "text": b"this is not a font\n" * 10,
        "random": bytes((i * 37 + 11) % 256 for i in range(5000)),
        "tables-garbled": good[:12] + bytes(len(good) - 12),
    }


@pytest.mark.parametrize("case", list(_font_cases()))
def test_a_damaged_font_file_is_refused_at_its_line(case: str, tmp_path: Path) -> None:
    profile = tmp_path / "practice.yaml"
    text = PRACTICE.read_text(encoding="utf-8").replace(
        "  heading: Calibri\n  body: Calibri\n",
        "  heading: Brand\n  body: Brand\n  files: {regular: brand.ttf, bold: brand.ttf}\n",
    )
    assert "brand.ttf" in text
    profile.write_text(text, encoding="utf-8")
    (tmp_path / "brand.ttf").write_bytes(_font_cases()[case])
    outline = _fixture_copy(tmp_path)
    result = CliRunner().invoke(
        cli, ["build", str(outline), "--practice", str(profile), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output
    assert "practice.yaml:" in result.output and "brand.ttf" in result.output, result.output
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- 8. images


def _png(width: int, height: int, body: bytes | None = None) -> bytes:
    """Return a PNG with right checksums; ``body`` replaces its compressed pixel data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = body if body is not None else zlib.compress(b"\x00" * (width * 3 + 1) * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _image_cases() -> dict[str, bytes]:
    import zlib

    return {
        "garbage-data": _png(64, 64, b"garbage that is not deflate data" * 4),
        "short-data": _png(64, 64, zlib.compress(b"\x00" * 10)),
        "huge-declared": _png(10_000, 10_000, zlib.compress(b"\x00" * 1000)),
        "wide": _png(100_000, 500, zlib.compress(b"\x00" * 1000)),
        "truncated": OK_PNG.read_bytes()[: len(OK_PNG.read_bytes()) // 2],
        "header-only": OK_PNG.read_bytes()[:33],
        "jpeg-garbage": b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(200),
        "gif-garbage": b"GIF89a" + bytes(50),
    }


@pytest.mark.parametrize("case", list(_image_cases()))
def test_a_bad_image_is_refused_at_its_line_quietly(
    case: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "outlines"
    folder.mkdir()
    (folder / "pic.png").write_bytes(_image_cases()[case])
    path = _with_image(tmp_path, "pic.png")
    refused(["validate", str(path), "--practice", str(PRACTICE)], "image", "w.yaml:")
    assert "Warning" not in capfd.readouterr().err  # no raw library warning


def test_a_small_good_png_made_here_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "outlines"
    folder.mkdir()
    (folder / "pic.png").write_bytes(_png(64, 48))
    result = CliRunner().invoke(
        cli, ["validate", str(_with_image(tmp_path, "pic.png")), "--practice", str(PRACTICE)]
    )
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- 7. templates


def _pptx_without(*parts: str, edit: dict[str, bytes] | None = None) -> bytes:
    """Return the default python-pptx template with ``parts`` left out or ``edit`` applied."""
    import io
    import zipfile

    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if any(info.filename.startswith(p) for p in parts):
                continue
            data = (edit or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data)
    return out.getvalue()


def _template_cases() -> dict[str, bytes]:
    import io
    import re as regex
    import zipfile

    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    presentation_xml = zipfile.ZipFile(buffer).read("ppt/presentation.xml")
    no_size = regex.sub(rb"<p:sldSz[^>]*/>", b"", presentation_xml)
    no_masters = regex.sub(rb"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", b"", presentation_xml)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        for n in range(3):
            z.writestr(f"ppt/media/big{n}.bin", b"\x00" * (100 * 1024 * 1024))
    return {
        "password": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
        "no-size": _pptx_without(edit={"ppt/presentation.xml": no_size}),
        "no-masters": _pptx_without(edit={"ppt/presentation.xml": no_masters}),
        "no-layouts": _pptx_without("ppt/slideLayouts/"),
        "zip-bomb": bomb.getvalue(),
        "empty": b"",
        "truncated-zip": _pptx_without()[:3000],
        "not-xml": _pptx_without(edit={"ppt/presentation.xml": b"not xml at all"}),
    }


@pytest.mark.parametrize("case", list(_template_cases()))
def test_a_bad_template_gets_a_plain_message(case: str, tmp_path: Path) -> None:
    template = tmp_path / "brand.pptx"
    template.write_bytes(_template_cases()[case])
    outline = _fixture_copy(tmp_path)
    started = time.perf_counter()
    result = CliRunner().invoke(
        cli,
        ["build", str(outline), "--practice", str(PRACTICE), "--template", str(template),
         "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output
    assert "brand.pptx" in result.output, result.output
    assert not (tmp_path / "out").exists()
    assert time.perf_counter() - started < 60  # a zip bomb is refused, not unpacked


# --------------------------------------------------------------------------- 4. paths, built


def _project(tmp_path: Path) -> tuple[Path, Path]:
    """Return an outline and a practice profile (with a logo and a font) in ``tmp_path``."""
    outline = _fixture_copy(tmp_path)
    assets = tmp_path / "outlines" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy(OK_PNG, assets / "pic.png")
    data = yaml.safe_load((FIXTURES / "all-kinds.yaml").read_text(encoding="utf-8"))
    data["sections"][2]["slides"].insert(
        0, {"id": "s-img", "kind": "image", "title": "A Picture", "image": "pic.png", "alt": "Two"}
    )
    outline.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    profile = tmp_path / "profile" / "practice.yaml"
    profile.parent.mkdir()
    text = PRACTICE.read_text(encoding="utf-8").replace(
        "  heading: Calibri\n  body: Calibri\n",
        "  heading: Brand\n  body: Brand\n  files: {regular: brand.ttf, bold: brand.ttf}\n",
    )
    profile.write_text(text + "logo: logo.png\nlogo_alt: Our logo\n", encoding="utf-8")
    shutil.copy(CARLITO, profile.parent / "brand.ttf")
    shutil.copy(OK_PNG, profile.parent / "logo.png")
    overlay = _overlay(tmp_path / "outlines" / "w", "../w.yaml", name="more.yaml")
    assert overlay.is_file()
    return outline, profile


def _break(path: Path, cause: str) -> None:
    """Replace the file at ``path`` with ``cause``: a dangling link, a loop, a folder, a pipe."""
    path.unlink()
    if cause == "dangling":
        path.symlink_to(path.parent / "gone")
    elif cause == "loop":
        path.symlink_to(path.parent / (path.name + ".2"))
        (path.parent / (path.name + ".2")).symlink_to(path)
    elif cause == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)


TARGETS = {
    "outline": lambda o, p: o,
    "overlay": lambda o, p: o.parent / "w" / "more.yaml",
    "image": lambda o, p: o.parent / "assets" / "pic.png",
    "practice": lambda o, p: p,
    "font": lambda o, p: p.parent / "brand.ttf",
    "logo": lambda o, p: p.parent / "logo.png",
}
CAUSES = {
    "dangling": "is a link that points nowhere",
    "loop": "loop of",
    "folder": "is a folder, not a file",
    "fifo": "a pipe",
}


@needs_links
@needs_fifo
@pytest.mark.parametrize("cause", list(CAUSES))
@pytest.mark.parametrize("target", list(TARGETS))
def test_every_named_path_names_the_real_cause_when_built(
    target: str, cause: str, tmp_path: Path
) -> None:
    outline, profile = _project(tmp_path)
    where = TARGETS[target](outline, profile)
    _break(where, cause)
    output = build(outline, tmp_path, "--practice", str(profile))
    problem = next(ln for ln in output.splitlines() if LOCATED.match(ln))
    assert CAUSES[cause] in problem, output
    # In the file that named it: the profile names the font and logo, the outline the image.
    named_in = {"font": profile, "logo": profile, "image": outline, "overlay": where}
    assert problem.startswith(str(named_in.get(target, where))), (target, problem)


@pytest.mark.parametrize("target", ["outline", "practice", "image", "font"])
def test_permission_denied_is_named_when_built(
    target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.source.paths as paths

    outline, profile = _project(tmp_path)
    denied = TARGETS[target](outline, profile).resolve()
    real = paths._readable
    # Root reads any file: refuse this one as a non-root user's system would.
    monkeypatch.setattr(paths, "_readable", lambda p: Path(p).resolve() != denied and real(p))
    output = build(outline, tmp_path, "--practice", str(profile))
    assert "cannot be read: permission denied" in output, output


@pytest.mark.parametrize("field", ["image", "logo", "font"])
def test_a_name_too_long_for_the_file_system_is_located(field: str, tmp_path: Path) -> None:
    outline, profile = _project(tmp_path)
    long = "x" * 300 + (".ttf" if field == "font" else ".png")
    if field == "image":
        outline.write_text(outline.read_text(encoding="utf-8").replace("pic.png", long), "utf-8")
    else:
        old = "regular: brand.ttf" if field == "font" else "logo: logo.png"
        new = f"regular: {long}" if field == "font" else f"logo: {long}"
        profile.write_text(profile.read_text(encoding="utf-8").replace(old, new), "utf-8")
    output = build(outline, tmp_path, "--practice", str(profile))
    assert "has a name too long for the file system" in output, output


# --------------------------------------------------------------------------- 5. confinement, built


@needs_links
@pytest.mark.parametrize(
    "case",
    [
        "font-dotdot",
        "font-absolute",
        "logo-link-outside",
        "signature-dotdot",
        "image-link-outside",
        "handout-image-dotdot",
        "image-assets-dotdot",
        "extends-absolute",
    ],
)
def test_no_named_file_outside_the_allowed_folders_is_read(case: str, tmp_path: Path) -> None:
    outline, profile = _project(tmp_path)
    secret = tmp_path / "secret.png"
    shutil.copy(OK_PNG, secret)
    shutil.copy(CARLITO, tmp_path / "secret.ttf")
    text = profile.read_text(encoding="utf-8")
    if case == "font-dotdot":
        profile.write_text(text.replace("regular: brand.ttf", "regular: ../secret.ttf"), "utf-8")
    elif case == "font-absolute":
        absolute = f"regular: '{tmp_path / 'secret.ttf'}'"
        profile.write_text(text.replace("regular: brand.ttf", absolute), "utf-8")
    elif case == "logo-link-outside":
        (profile.parent / "logo.png").unlink()
        (profile.parent / "logo.png").symlink_to(secret)
    elif case == "signature-dotdot":
        profile.write_text(text + "signature: ../secret.png\n", "utf-8")
    elif case == "image-link-outside":
        (outline.parent / "assets" / "pic.png").unlink()
        (outline.parent / "assets" / "pic.png").symlink_to(secret)
    else:
        data = yaml.safe_load(outline.read_text(encoding="utf-8"))
        if case == "handout-image-dotdot":
            data["handout"]["image"] = {"image": "../secret.png", "alt": "A picture"}
        elif case == "image-assets-dotdot":
            data["sections"][2]["slides"][0]["image"] = "assets/../../secret.png"
        else:
            outline = _overlay(tmp_path / "outlines" / "w", str(tmp_path / "secret.yaml"))
        if case != "extends-absolute":
            outline.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    output = build(outline, tmp_path, "--practice", str(profile))
    assert "outside" in output, output


# --------------------------------------------------------------------------- 4. the roster


def _certificates(tmp_path: Path, roster: Path) -> str:
    result = CliRunner().invoke(
        cli,
        ["certificates", str(FIXTURES / "all-kinds.yaml"), "--roster", str(roster),
         "--practice", str(PRACTICE), "--out", str(tmp_path / "certs")],
    )  # fmt: skip
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output and not (tmp_path / "certs").exists()
    return result.output


@needs_links
@needs_fifo
@pytest.mark.parametrize("cause", [*CAUSES, "missing"])
def test_a_roster_path_names_the_real_cause(cause: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Name\nAna\n", encoding="utf-8")
    if cause == "missing":
        roster.unlink()
    else:
        _break(roster, cause)
    output = _certificates(tmp_path, roster)
    expect = CAUSES.get(cause, "does not exist")
    assert "roster.csv:1:1: --roster: this file" in output and expect in output, output


def test_a_roster_that_cannot_be_read_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.source.paths as paths

    roster = tmp_path / "roster.csv"
    roster.write_text("Name\nAna\n", encoding="utf-8")
    real = paths._readable
    monkeypatch.setattr(paths, "_readable", lambda path: Path(path) != roster and real(path))
    output = _certificates(tmp_path, roster)
    assert "roster.csv:1:1: --roster: this file cannot be read: permission denied" in output
