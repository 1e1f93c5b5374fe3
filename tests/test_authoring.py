"""Issue 18: what a practitioner gets wrong when writing an outline, and what the tool says.

Each test starts from the untouched ``workshop new`` starter and makes one realistic mistake,
then asserts that ``validate``, ``check`` or ``build`` names the place (file:line:col) and says
how to fix it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import WARNING, CheckOptions, check_workshop
from generator.check.findings import Finding
from generator.cli import cli
from generator.scaffold import create_outline

ROOT = Path(__file__).resolve().parent.parent
PRACTICE = ROOT / "assets" / "practice.yaml"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test's folder, so messages name files as ``talk.yaml``."""
    monkeypatch.chdir(tmp_path)


def starter(tmp_path: Path, title: str = "Grief Groups") -> str:
    """Return the text ``workshop new`` writes for ``title``."""
    folder = tmp_path / "new"
    [path, *_] = create_outline(title, folder) if not folder.exists() else folder.glob("*.yaml")
    return Path(path).read_text(encoding="utf-8")


def put(tmp_path: Path, text: str, name: str = "talk.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def finished(text: str) -> str:
    """Return the starter with its example texts replaced, as a practitioner would."""
    for old, new in [
        ("The first key point", "Grief comes in waves"),
        ("The second key point", "Waves pass when someone stays close"),
        ("An example that makes it concrete", "A client who cries and then laughs"),
        ("One sentence that says the main idea simply.", "Grief is love with nowhere to go."),
        ("The first idea", "Grief comes in waves"),
        (
            "Say it in two or three short sentences, as you would to a client.",
            "Some days are heavy. Some days are light. Both are normal.",
        ),
        ("A small practice", "A daily check-in"),
        ("The first small step.", "Sit down for one minute."),
        ("The second small step.", "Name one feeling out loud."),
        ("A short, hopeful closing thought.", "You do not have to carry this alone."),
        ("Change starts with one small, safe step.", "Grief is love with nowhere to go."),
        ("A first sign or example", "Crying at odd times"),
        ("A second one", "Feeling numb"),
        ("A sign that it is time to ask for more help", "You cannot get out of bed for days"),
        ("Another small practice", "A walk with a friend"),
        ("One more small step.", "Ask someone to walk with you."),
        ("Describe the main idea of the article", "Describe how grief comes in waves"),
        ("https://example.com/your-article", "https://grief.example.org/waves"),
        ("Keep this short; the discussion", "Grief is attachment in pain [@johnson2019]; the talk"),
    ]:
        text = edit(text, old, new)
    return text


def optional_discussion(text: str) -> str:
    """Return the starter with its discussion slide (15 minutes) marked optional."""
    old = "        minutes: 15\n        notes: Invite"
    return edit(text, old, old.replace("\n", "\n        optional: true\n", 1))


def line_of(path: Path, needle: str, start: int = 1) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(needle)


def column_of(path: Path, needle: str) -> int:
    line = path.read_text(encoding="utf-8").splitlines()[line_of(path, needle) - 1]
    return line.index(needle) + 1


def check(path: Path, audience: str | None = None, **kw: object) -> list[Finding]:
    options = CheckOptions(practice=kw.pop("practice", PRACTICE), **kw)  # type: ignore[arg-type]
    return check_workshop(path, audience, options)


def about(findings: list[Finding], words: str) -> list[Finding]:
    return [f for f in findings if words in f.message]


def cli_run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def problems(path: Path) -> list[str]:
    """Return the lines ``workshop validate`` prints for ``path`` (it must fail)."""
    code, output = cli_run("validate", str(path), "--practice", str(PRACTICE))
    assert code == 2, output
    return [line for line in output.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]


# --------------------------------------------------------------------------- 8, 9: messages


def test_number_where_text_is_expected_says_to_quote_it(tmp_path: Path) -> None:
    path = put(
        tmp_path, edit(starter(tmp_path), "level: intro", "keywords: [grief, 988]\nlevel: intro")
    )
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'keywords')}:")
    assert "got a number (988)" in line
    assert 'put it in quotes, e.g. "988"' in line


def test_colon_space_in_a_bullet_says_to_quote_the_line(tmp_path: Path) -> None:
    text = edit(starter(tmp_path), "- The first key point", "- Crisis: call or text 988")
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'Crisis:')}:")
    assert "': ' after 'Crisis' made it a key" in line
    assert '- "Crisis: call or text 988"' in line
    assert "unknown key" not in line and "missing 'text'" not in line


def test_colon_space_in_a_step_says_to_quote_the_line(tmp_path: Path) -> None:
    text = edit(starter(tmp_path), "- The first small step.", "- Crisis: call or text 988")
    assert "        - Crisis: call" in text  # a step of the first practice
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'Crisis:')}:")
    assert '- "Crisis: call or text 988"' in line


# --------------------------------------------------------------------------- 10, 12: overlays


def overlay_setup(tmp_path: Path, patches: str, audience: str = "") -> Path:
    put(tmp_path, finished(starter(tmp_path)), "talk.yaml")
    return put(
        tmp_path,
        "extends: ../talk.yaml\naudience:\n  name: short\n  title: Short\n  duration: 60\n"
        + audience
        + "patches:\n"
        + patches,
        "talk/short.yaml",
    )


def test_overlay_slide_without_kind_gets_the_outline_message(tmp_path: Path) -> None:
    overlay = overlay_setup(
        tmp_path,
        "  - after: main-idea-points\n    items:\n      - id: more\n        title: More\n"
        "        points: [One, Two]\n",
    )
    [line] = problems(overlay)
    assert line.startswith(f"talk/short.yaml:{line_of(overlay, '- id: more')}:")
    assert "missing 'kind': add a kind: line, one of: title, agenda" in line
    assert "discriminator" not in line


def test_overlay_inserted_slide_with_a_misspelt_key(tmp_path: Path) -> None:
    overlay = overlay_setup(
        tmp_path,
        "  - after: main-idea-points\n    items:\n      - id: more\n        kind: bullets\n"
        "        title: More\n        pionts: [One, Two]\n",
    )
    found = problems(overlay)
    assert any(
        line.startswith(f"talk/short.yaml:{line_of(overlay, 'pionts')}:")
        and "patches[0].items[0].pionts: unknown key 'pionts' — did you mean 'points'?" in line
        for line in found
    ), found


def test_overlay_set_suggests_the_field_meant(tmp_path: Path) -> None:
    overlay = overlay_setup(tmp_path, "  - set: thanks\n    with: {mesage: Bye}\n")
    [line] = problems(overlay)
    assert line.startswith(f"talk/short.yaml:{line_of(overlay, 'mesage')}:")
    assert "did you mean 'message'?" in line


def test_missing_variable_is_located_where_it_was_typed(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = edit(text, "Keep time and give", "Keep {{timer}} and give")
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, '{{timer}}')}:")
    assert "'{{timer}}' has no value" in line and "variables:" in line


# --------------------------------------------------------------------------- 11: session length


def test_session_too_short_is_located_at_the_audience_with_minutes(tmp_path: Path) -> None:
    text = edit(
        finished(starter(tmp_path)), "    duration: 60\n    level", "    duration: 75\n    level"
    )
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'duration: 75')}:")
    assert "add up to 60 minutes but the session is 75" in line
    assert "Welcome 5, The Main Idea 25, Break 5, Practice 20, Closing 5" in line
    assert "duration:" in line


def test_session_too_long_lists_what_was_dropped(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = optional_discussion(text)
    text = edit(text, "    duration: 60\n    level", "    duration: 30\n    level")
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'duration: 30')}:")
    assert "15 minutes too long" in line
    assert "Welcome 5, The Main Idea 10, Break 5, Practice 20, Closing 5" in line
    assert "already dropped: slide 'main-idea-discussion' (15 min)" in line
    assert "optional: true" in line


# --------------------------------------------------------------------------- 13, 14: YAML


def test_text_after_a_closing_quote(tmp_path: Path) -> None:
    text = edit(
        starter(tmp_path),
        "main_message: One sentence that says the main idea simply.",
        'main_message: "We heal in connection." [@johnson2019]',
    )
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'main_message')}:")
    assert "text follows the closing quote" in line
    assert 'main_message: "We heal in connection. [@johnson2019]"' in line


def test_flow_list_item_that_looks_like_a_fragment_is_warned(tmp_path: Path) -> None:
    text = edit(
        finished(starter(tmp_path)),
        "sub: [A client who cries and then laughs]",
        "sub: [Pause when you feel overloaded, and notice your breath]",
    )
    path = put(tmp_path, text)
    found = about(check(path), "commas inside [ ]")
    assert len(found) == 1
    f = found[0]
    assert f.severity == WARNING
    assert (f.line, f.column) == (line_of(path, "and notice"), column_of(path, "and notice"))
    assert "quotes" in f.hint


def test_bullet_merged_into_the_one_above_is_warned(tmp_path: Path) -> None:
    text = edit(
        finished(starter(tmp_path)),
        "          - text: Waves pass when someone stays close\n",
        "          - Sleep changes because of mood\n             - Trouble concentrating\n"
        "          - text: Waves pass when someone stays close\n",
    )
    path = put(tmp_path, text)
    found = about(check(path), "a line that starts with '- '")
    assert len(found) == 1
    assert found[0].line == line_of(path, "Sleep changes")
    assert "indent" in found[0].hint


# --------------------------------------------------------------------------- 1: reading level


HARD = (
    "Precipitating stressors exacerbating subclinical symptomatology necessitate "
    "comprehensive psychoeducational intervention."
)


def test_one_hard_block_is_named_even_when_the_average_is_low(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = edit(text, "Some days are heavy. Some days are light. Both are normal.", HARD)
    for n in range(8):
        text = edit(
            text,
            "        - Name one feeling out loud.\n",
            f"        - Name one feeling out loud.\n        - Breathe in {n}.\n",
        )
    path = put(tmp_path, text)
    found = [f for f in check(path, max_grade=5) if "grade" in f.message]
    hard = [f for f in found if "key idea" in f.where]
    assert len(hard) == 1, found
    assert hard[0].line == line_of(path, "Precipitating")
    assert "over the grade 5" in hard[0].message or "aim for grade 5" in hard[0].message


def test_clinical_jargon_is_flagged_in_client_text(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = edit(text, "Some days are heavy.", "Some days bring dysregulation.")
    path = put(tmp_path, text)
    found = about(check(path), "dysregulation")
    assert len(found) == 1
    assert found[0].line == line_of(path, "dysregulation")
    assert "everyday" in found[0].hint


# --------------------------------------------------------------------------- 2, 4, 5, 6


def test_duplicate_slide_title_is_reported(tmp_path: Path) -> None:
    text = edit(finished(starter(tmp_path)), "title: What the Article Says", "title: The Main Idea")
    path = put(tmp_path, text)
    found = about(check(path), "same title")
    assert len(found) == 1
    f = found[0]
    assert f.line == line_of(path, "title: The Main Idea", line_of(path, "main-idea-points"))
    assert "The Main Idea (2)" in f.message
    assert "title:" in f.hint


def test_empty_references_slide_is_warned(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = re.sub(r"references:\n  - key: johnson2019\n(    .*\n)+", "", text)
    text = text.replace(" [@johnson2019]", "")
    path = put(tmp_path, text)
    found = about(check(path), "no references")
    assert len(found) == 1
    assert found[0].line == line_of(path, "kind: references") - 1


def test_untouched_starter_does_not_pass_strict(tmp_path: Path) -> None:
    path = put(tmp_path, starter(tmp_path))
    found = about(check(path), "starter")
    texts = " ".join(f.message for f in found)
    assert "The first key point" in texts
    assert "johnson2019" in texts or "example reference" in texts
    assert all(f.severity == WARNING and f.hint for f in found)
    assert any(f.line == line_of(path, "The first key point") for f in found)
    finished_path = put(tmp_path, finished(starter(tmp_path)), "done.yaml")
    assert about(check(finished_path), "starter") == []


def test_shrunk_slide_is_warned() -> None:
    from dataclasses import replace

    from generator.check.sizes import shrunk_slides
    from generator.plan import PlannedSlide

    base = PlannedSlide(number=1, kind="bullets", title="A", section_id="s", body_pt=28)
    slides = [replace(base, number=n, title=f"S{n}", body_pt=28) for n in range(1, 6)]
    slides.append(replace(base, number=6, title="Small", body_pt=20))
    slides.append(replace(base, number=7, title="Fine", body_pt=24))
    assert [(s.title, median) for s, median in shrunk_slides(slides)] == [("Small", 28)]


# --------------------------------------------------------------------------- 3: timings


def test_zero_minute_section_with_an_exercise_is_refused(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = edit(
        text, "    minutes: 20\n    activity: exercise", "    minutes: 0\n    activity: exercise"
    )
    text = edit(text, "    minutes: 25\n", "    minutes: 45\n")
    path = put(tmp_path, text)
    [line] = problems(path)
    assert line.startswith(f"talk.yaml:{line_of(path, 'minutes: 0')}:")
    assert "0 minutes" in line and "15-minute" in line


def test_excluding_more_minutes_than_the_section_has_is_refused(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = edit(
        text,
        "    minutes: 5\n    slides:\n      - id: references",
        "    minutes: 5\n    slides:\n      - id: references\n        minutes: 10",
    )
    text = edit(
        text, "    level: introductory\n", "    level: introductory\n    exclude: [references]\n"
    )
    path = put(tmp_path, text)
    found = problems(path)
    assert any(
        line.startswith(f"talk.yaml:{line_of(path, 'exclude: [references]')}:")
        and "10 minutes" in line
        and "has only 5" in line
        for line in found
    ), found


# --------------------------------------------------------------------------- 7: one source


def guide_text(tmp_path: Path, path: Path, *args: str) -> str:
    from pypdf import PdfReader

    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    code, output = cli_run(
        "build", str(path), "--only", "guide", "--out", str(out), "--practice", str(PRACTICE), *args
    )
    assert code == 0, output
    [pdf] = list(out.rglob("*Guide.pdf"))
    return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_discussion_question_leaves_the_guide_with_its_slide(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = optional_discussion(text)
    text = edit(text, "    duration: 60\n    level", "    duration: 45\n    level")
    text = edit(text, "    minutes: 25\n", "    minutes: 25\n    activity: discuss\n")
    path = put(tmp_path, text)
    guide = " ".join(guide_text(tmp_path, path, "--audience", "intro").split())
    assert "Where have you seen this" not in guide
    assert not re.search(r"\bDiscuss\b", guide)
    assert "The Main Idea Teach" in guide
    guide = " ".join(guide_text(tmp_path, path).split())  # 60 minutes: the slide stays
    assert "Where have you seen this" in guide and re.search(r"\bDiscuss\b", guide)


def test_solo_exercise_wording_follows_the_format(tmp_path: Path) -> None:
    text = edit(finished(starter(tmp_path)), "format: pairs", "format: solo")
    path = put(tmp_path, text)
    guide = " ".join(guide_text(tmp_path, path).split())
    assert "breakout rooms of two" not in guide.lower()
    assert "everyone works on their own" in guide


def test_virtual_text_that_contradicts_the_format_is_warned(tmp_path: Path) -> None:
    text = edit(finished(starter(tmp_path)), "format: pairs", "format: solo")
    text = edit(
        text,
        "          debrief:\n",
        "          virtual: Use breakout rooms of two.\n          debrief:\n",
    )
    path = put(tmp_path, text)
    found = about(check(path), "'virtual:' text")
    assert len(found) == 1
    assert found[0].line == line_of(path, "virtual: Use")
    assert "pairs" in found[0].message and "delete 'virtual:'" in found[0].hint


# --------------------------------------------------------------------------- 15


def test_a_short_start_time_is_printed_with_two_digits(tmp_path: Path) -> None:
    path = put(tmp_path, finished(starter(tmp_path)))
    guide = " ".join(guide_text(tmp_path, path, "--start", "9:30").split())
    assert "9:30" not in guide.replace("09:30", "")
    assert "a 09:30 start" in guide
    guide = " ".join(guide_text(tmp_path, path, "--start", "18:30").split())
    assert "an 18:30 start" in guide


def test_paper_a4_applies_to_the_guide(tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = put(tmp_path, finished(starter(tmp_path)))
    out = tmp_path / "out"
    code, output = cli_run(
        "build", str(path), "--paper", "a4", "--out", str(out), "--practice", str(PRACTICE)
    )
    assert code == 0, output
    for pdf in out.rglob("*.pdf"):
        width = float(PdfReader(pdf).pages[0].mediabox.width)
        assert round(width) == 595, pdf.name


def test_validate_and_show_say_what_was_dropped(tmp_path: Path) -> None:
    text = finished(starter(tmp_path))
    text = optional_discussion(text)
    text = edit(text, "    duration: 60\n    level", "    duration: 45\n    level")
    path = put(tmp_path, text)
    result = CliRunner().invoke(cli, ["validate", str(path), "--practice", str(PRACTICE)])
    assert result.exit_code == 0, result.output
    assert "dropped optional slide 'main-idea-discussion'" in result.output
    result = CliRunner().invoke(cli, ["show", str(path), "--audience", "intro"])
    assert result.exit_code == 0, result.output
    assert "dropped optional slide 'main-idea-discussion'" in result.stderr
    assert "dropped" not in result.stdout  # the YAML printed stays clean


def test_preview_all_audiences_previews_each_into_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.preview

    text = edit(
        finished(starter(tmp_path)),
        "    level: introductory\n",
        "    level: introductory\n  - name: long\n    title: Long\n    duration: 60\n",
    )
    path = put(tmp_path, text)
    seen = []

    def fake(outline, audience, folder, **kw):
        seen.append((audience, folder))

    monkeypatch.setattr(generator.preview, "preview", fake)
    monkeypatch.setattr(generator.preview, "describe", lambda result: [])
    code, output = cli_run("preview", str(path), "--all-audiences")
    assert seen == [
        ("intro", Path("out/talk/preview/intro")),
        ("long", Path("out/talk/preview/long")),
    ], output


def test_every_starter_example_text_is_in_the_starter() -> None:
    from importlib import resources

    from generator.check.unfinished import STARTER_REFERENCE, STARTER_TEXTS

    text = resources.files("generator").joinpath("data/starter.yaml").read_text("utf-8")
    assert [t for t in STARTER_TEXTS if t not in text] == []
    assert f"key: {STARTER_REFERENCE}" in text
