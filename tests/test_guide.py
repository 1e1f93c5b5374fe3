"""The facilitator guide PDF, read back: order, run of show, slide numbers, references, credit."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import require_tool
from pypdf import PdfReader

from generator.build import BuildOptions, Job, plan_job
from generator.errors import OutlineError, RenderError
from generator.outputs.guide.render import render_guide
from generator.plan import Plan, PlannedSlide, make_plan
from generator.source.loader import load_outline, load_practice

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
DECK = "Test Workshop - Slides.pptx"
HANDOUT = "Test Workshop - Client Handout.pdf"
SLIDE_LINE = re.compile(r"^Slide (\d+) — (.+)$", re.MULTILINE)


def build_plan(outline_path: Path = FIXTURE, *, start: str | None = "10:00", **kw) -> Plan:
    """Return a plan for ``outline_path`` with the placeholder practice profile."""
    outline = load_outline(outline_path)
    practice = kw.pop("practice", None) or load_practice(PRACTICE)
    return make_plan(
        outline,
        practice,
        base_dir=outline_path.parent,
        practice_dir=PRACTICE.parent,
        start=start,
        **kw,
    )


def render(plan: Plan) -> bytes:
    return render_guide(plan, deck_file=DECK, handout_file=HANDOUT)


def pages(pdf: bytes) -> list[str]:
    """Return each page's text with runs of spaces collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"[ \t]+", " ", p.extract_text() or "") for p in reader.pages]


def text_of(pdf: bytes) -> str:
    return "\n".join(pages(pdf))


def flat(text: str) -> str:
    """Return ``text`` on one line, so wrapped paragraphs can be matched whole."""
    return re.sub(r"\s+", " ", text)


def write_outline(tmp_path: Path, change) -> Path:  # a callable on the dict
    """Return the path of a copy of the fixture outline with ``change`` applied to its data."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def split_bullets(slide: PlannedSlide) -> list[PlannedSlide]:
    """A stand-in paginator: bullet slides with more than one bullet split in two."""
    if slide.kind != "bullets" or len(slide.bullets) < 2:
        return [slide]
    half = (len(slide.bullets) + 1) // 2
    return [
        dataclasses.replace(slide, bullets=slide.bullets[:half]),
        dataclasses.replace(slide, bullets=slide.bullets[half:]),
    ]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan()


@pytest.fixture(scope="module")
def pdf(plan: Plan) -> bytes:
    return render(plan)


# --------------------------------------------------------------------------- structure


def test_text_reads_back_in_order(pdf: bytes) -> None:
    text = text_of(pdf)
    markers = [
        "Test Workshop",
        "Facilitator guide",
        "Learning objectives",
        "Describe how connection affects stress.",
        "Materials and preparation",
        "Run of show",
        "Session, segment by segment",
        "1. Welcome",
        "2. Core Ideas",
        "Talking points",
        "Slide 4 — Wired for Connection",
        "Discussion questions",
        "Exercise: Noticing Safety",
        "Case consultation",
        "3. Closing",
        "References",
        "Presenter and credit",
        "Evaluation",
    ]
    # Each marker must come after the previous one: search on from where the last was found.
    at = 0
    for marker in markers:
        found = text.find(marker, at)
        assert found >= 0, f"{marker!r} missing or out of order"
        at = found + len(marker)


def test_at_a_glance_page(plan: Plan, pdf: bytes) -> None:
    # At a glance runs until the run of show (the "before you use" box can push it over a page).
    texts = pages(pdf)
    end = next(i for i, text in enumerate(texts) if "Run of show" in text)
    first = flat(" ".join(texts[:end]))
    for expected in (
        "Test Workshop",
        "Every slide kind once",
        "Default session",
        "Introductory",
        "60 minutes (1 h)",
        "10:00 (ends 11:00)",
        "Identify one way to invite co-regulation in session.",
        f"Slide deck: {DECK}",
        f"print one per participant ({HANDOUT})",
        "timer",
        "breakout rooms set up in advance for Noticing Safety (pairs)",
    ):
        assert expected in first, expected


def test_every_page_has_header_and_numbered_footer(pdf: bytes) -> None:
    texts = pages(pdf)
    assert len(texts) >= 5
    for n, text in enumerate(texts, start=1):
        assert "Test Workshop" in text
        assert "Default session" in text
        assert f"Page {n} of {len(texts)}" in text


def test_metadata_and_language(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta.title == "Test Workshop — Facilitator Guide"
    assert meta.author == "Your Name"
    assert meta.subject == "Facilitator guide for Default session"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_fonts_are_embedded_carlito(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert names and all("Carlito" in n for n in names), names


def test_body_text_is_at_least_11_pt(pdf: bytes) -> None:
    small: set[str] = set()
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size) -> None:  # pypdf's visitor
        if text.strip():
            sizes.add(round(size * tm[0], 1))
            if size * tm[0] < 11:
                small.add(text.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    # Only the running header and footer are smaller than 11 pt.
    furniture = {"Test Workshop", "Default session", "Facilitator guide"}
    assert {t for t in small if not t.startswith("Page ")} <= furniture, small
    assert min(sizes) >= 10


def test_reproducible_bytes(plan: Plan, pdf: bytes) -> None:
    assert render(plan) == pdf


# --------------------------------------------------------------------------- run of show


SEGMENT_META = re.compile(r"(\d\d:\d\d)–(\d\d:\d\d) · (\d+) minutes")


def test_run_of_show_adds_up_and_is_continuous(plan: Plan, pdf: bytes) -> None:
    text = text_of(pdf)
    rows = SEGMENT_META.findall(text)
    assert len(rows) == len(plan.segments)
    assert sum(int(m) for _, _, m in rows) == plan.duration == 60
    assert rows[0][0] == "10:00"
    assert rows[-1][1] == "11:00"
    for (_, end, _), (start, _, _) in zip(rows, rows[1:], strict=False):
        assert end == start
    run = flat(next(p for p in pages(pdf) if "Run of show" in p))
    assert "Total 60 60 minutes (1 h); ends 11:00" in run
    assert "10:05–10:45 40 2. Core Ideas Teach 3–8" in run


def test_run_of_show_without_start_shows_elapsed_time(tmp_path: Path) -> None:
    run = flat(next(p for p in pages(render(build_plan(start=None))) if "Run of show" in p))
    assert "Elapsed" in run
    assert "0:05–0:45 40 2. Core Ideas" in run


def test_mismatched_sums_name_both(plan: Plan) -> None:
    broken = dataclasses.replace(plan, duration=75)
    with pytest.raises(RenderError) as err:
        render(broken)
    assert "60 minutes" in err.value.message and "75 minutes" in err.value.message


# --------------------------------------------------------------------------- slide numbers


def guide_slides(pdf: bytes) -> dict[int, str]:
    found: dict[int, str] = {}
    for number, title in SLIDE_LINE.findall(text_of(pdf)):
        assert int(number) not in found, f"slide {number} listed twice"
        found[int(number)] = title.strip()
    return found


def deck_titles(plan: Plan) -> dict[int, str]:
    """Return the titles of the real deck built from ``plan``, by slide number."""
    from pptx import Presentation

    from generator.outputs.deck import render as deck

    metrics = deck.deck_metrics(plan.practice, plan.practice_dir, None)
    prs = Presentation(io.BytesIO(deck.render_deck(plan, metrics)))
    return {n: s.shapes.title.text for n, s in enumerate(prs.slides, start=1)}


def test_every_slide_number_points_at_its_title(plan: Plan, pdf: bytes) -> None:
    listed = guide_slides(pdf)
    assert listed == {s.number: s.title for s in plan.slides}
    assert listed == deck_titles(plan)


def test_split_slide_lists_both_parts_with_their_numbers() -> None:
    plan = build_plan(paginate=split_bullets)
    pdf = render(plan)
    listed = guide_slides(pdf)
    assert listed[4] == "Wired for Connection"
    assert listed[5] == "Wired for Connection (cont.)"
    assert listed[9] == "Noticing Safety"  # later slides moved up by one
    assert len(listed) == len(plan.slides) == 11
    assert listed == {s.number: s.title for s in plan.slides}
    assert listed == deck_titles(plan)
    text = flat(text_of(pdf))
    assert "Notes: as for slide 4." in text
    assert "slides 3–9" in text
    # The facilitator-only bullet is shown once, after the last part.
    assert text.count("Secret facilitator point") == 1
    assert text.index("Slide 5 — Wired") < text.index("Secret facilitator point")


def _has_deck() -> bool:
    return importlib.util.find_spec("generator.outputs.deck.render") is not None


def test_long_slide_split_by_the_decks_own_fitter_matches_the_deck(tmp_path: Path) -> None:
    """A slide too long for one slide is split by the deck's paginator (the stand-in until the
    deck renderer exists); the guide lists every part under the deck's numbers."""

    def change(data: dict) -> None:
        data["sections"][1]["slides"][1]["points"] = [
            f"Point {i}: a bullet long enough to need most of a line on a slide" for i in range(14)
        ]

    path = write_outline(tmp_path, change)
    if _has_deck():
        from generator.outputs.deck import render as deck

        metrics = deck.deck_metrics(load_practice(PRACTICE), PRACTICE.parent, None)
        plan = build_plan(path, paginate=deck.paginator(metrics))
    else:
        plan = build_plan(path, paginate=split_bullets)
    parts = plan.slides_for_element("s-bullets")
    assert len(parts) >= 2
    assert parts[1].title == "Wired for Connection (cont.)"
    listed = guide_slides(render(plan))
    for part in parts:
        assert listed[part.number] == part.title
    assert listed == deck_titles(plan)


def test_canonical_outline_guide_matches_its_deck() -> None:
    path = ROOT / "outlines" / "science-of-connection.yaml"
    from generator.audience.customize import customize

    outline, practice = load_outline(path), load_practice(PRACTICE)
    audience = next(a for a in outline.audiences if a.name == "consult-90")
    custom, _ = customize(outline, audience)
    kw: dict = {}
    if _has_deck():
        from generator.outputs.deck import render as deck

        kw["paginate"] = deck.paginator(deck.deck_metrics(practice, PRACTICE.parent, None))
    plan = make_plan(
        custom,
        practice,
        base_dir=path.parent,
        practice_dir=PRACTICE.parent,
        audience=audience,
        **kw,
    )
    pdf = render(plan)
    assert guide_slides(pdf) == deck_titles(plan)
    text = flat(text_of(pdf))
    assert "{{" not in text
    assert "18:30–18:40" in text
    assert "Total 90 90 minutes (1 h 30 min); ends 20:00" in text
    assert "Case consultation" in text and "APA Ethics Code" in text


def test_every_slide_listed_with_notes_or_no_notes(pdf: bytes) -> None:
    text = flat(text_of(pdf))
    assert "Slide 3 — Core Ideas On screen:" not in text  # section slide has no subtitle
    assert "Slide 3 — Core Ideas No notes." in text
    assert "Slide 2 — Agenda On screen: Welcome (5 min)" in text
    assert "Walk through the agenda." in text


# --------------------------------------------------------------------------- content


def test_the_plan_keeps_hidden_points_finished_and_linked(tmp_path: Path) -> None:
    """The plan decides what a slide hides (once) and links every part to its outline slide."""

    def cite_the_secret(data: dict) -> None:
        points = data["sections"][1]["slides"][1]["points"]
        points[-1]["text"] = "Secret facilitator point [@johnson2019]"

    plan = build_plan(write_outline(tmp_path, cite_the_secret), paginate=split_bullets)
    parts = [s for s in plan.slides if s.hidden_points]
    assert {s.hidden_points for s in parts} == {("Secret facilitator point (Johnson, 2019)",)}
    assert len(parts) == 2 and parts[0].source == parts[1].source == ("sections", 1, "slides", 1)
    assert [s.part for s in parts] == [1, 2]
    text = flat(text_of(render(plan)))
    assert "Facilitator only (not on the slide): Secret facilitator point (Johnson, 2019)" in text
    assert text.count("Secret facilitator point") == 1  # after the last part only


def test_facilitator_content_is_shown_and_marked(pdf: bytes) -> None:
    text = flat(text_of(pdf))
    assert "Facilitator only (not on the slide): Secret facilitator point" in text
    assert "Goal: Teach the core ideas." in text
    assert "Listen for: Safety" in text
    assert "Format: pairs · 10 minutes, debrief included · slide 8" in text
    assert "1. Pair up. 2. Share a moment of safety. 3. Switch roles." in text
    assert "What did you notice in your body?" in text
    assert "Online: open breakout rooms of two" in text
    # Citations in notes are written out in APA style.
    assert "Rejection overlaps with pain (Eisenberger et al., 2003)." in text


def test_case_consultation_adds_missing_standard_rules(pdf: bytes) -> None:
    text = flat(text_of(pdf))
    assert "No identifying information." in text  # the outline's own rule
    assert "APA Ethics Code 4.06" not in text  # covered by the outline's rule: not repeated
    assert "step out for this case. (standard rule)" in text
    assert "No recording of any kind" in text
    assert "neither supervision nor therapy" in text
    assert "never put any of it in a client handout" in text


def test_case_consultation_section_without_rules_gets_the_standard_set(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        del data["sections"][1]["facilitator"]["case_consultation"]
        data["sections"][2]["activity"] = "case consultation"

    text = flat(text_of(render(build_plan(write_outline(tmp_path, change)))))
    assert "APA Ethics Code 4.06" in text
    assert "step out for this case" in text
    assert "No recording" in text
    assert "neither supervision nor therapy" in text
    assert "1. Presenting problem" in text
    assert "4. What the therapist notices in themselves" in text
    assert "bring a de-identified case" in text


def test_references_in_apa_with_italics_and_caveat(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["references"][1]["note"] = "Check the edition before citing page numbers."

    pdf = render(build_plan(write_outline(tmp_path, change)))
    text = flat(text_of(pdf))
    assert (
        "Eisenberger, N. I., Lieberman, M. D., & Williams, K. D. (2003). Does rejection hurt? "
        "An fMRI study of social exclusion. Science, 302(5643), 290–292. "
        "https://doi.org/10.1126/science.1089134"
    ) in text
    assert "Johnson, S. M. (2019). Attachment theory in practice:" in text
    assert "Facilitator caveat: Check the edition before citing page numbers." in text
    italic: list[str] = []

    def visit(txt, cm, tm, font, size) -> None:  # pypdf's visitor
        if font and "Italic" in str(font.get("/BaseFont", "")):
            italic.append(txt)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    joined = flat("".join(italic))
    assert "Science, 302" in joined
    assert "Attachment theory in practice" in joined
    assert "Does rejection hurt" not in joined  # article titles stay upright


def test_evaluation_has_one_item_per_objective(plan: Plan, pdf: bytes) -> None:
    last = flat(pages(pdf)[-1])
    items = re.findall(r"I can now [^.]+\.", last)
    assert items == [
        "I can now describe how connection affects stress.",
        "I can now identify one way to invite co-regulation in session.",
    ]
    assert len(items) == len(plan.objectives)
    assert "What was most useful to you in this session?" in last


def test_certificate_of_attendance_without_sponsor(pdf: bytes) -> None:
    text = flat(text_of(pdf))
    assert "certificate of attendance" in text
    assert "CE credit" not in text
    assert "credit is offered" not in text


def test_ce_credit_only_through_named_sponsor(plan: Plan) -> None:
    practice = plan.practice.model_copy(update={"ce_sponsor": "Example CE Sponsor, Inc."})
    text = flat(text_of(render(dataclasses.replace(plan, practice=practice))))
    assert "Continuing education credit is offered through Example CE Sponsor, Inc." in text
    assert "certificate of attendance" not in text


def test_presenter_and_conflict_of_interest(plan: Plan, pdf: bytes) -> None:
    text = flat(text_of(pdf))
    assert "Your Name, Your credentials" in text
    assert "Conflict of interest: Your conflict-of-interest statement, e.g. The" in text
    practice = plan.practice.model_copy(update={"conflict_of_interest": None})
    text = flat(text_of(render(dataclasses.replace(plan, practice=practice))))
    assert "Conflict of interest: none declared in the practice profile." in text


def test_missing_glyph_names_character_and_place(tmp_path: Path) -> None:
    # The build checks the fonts once, before any renderer runs (generator.build.check_glyphs).
    def change(data: dict) -> None:
        data["sections"][1]["facilitator"]["talking_points"] = ["Snow ☃ falls."]

    path = write_outline(tmp_path, change)
    with pytest.raises(OutlineError) as err:
        plan_job(Job(path, None, tmp_path / "out"), BuildOptions(practice=PRACTICE))
    message = err.value.message
    assert "U+2603" in message
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "Snow" in text)
    assert f"{path}:{line}:" in message
    assert "sections[1].facilitator.talking_points[0]" in message


def test_a4_paper(plan: Plan) -> None:
    # The build's paper (the profile's, an audience's or --paper) is the handout plan's.
    a4 = dataclasses.replace(plan.handout, paper="a4")
    reader = PdfReader(io.BytesIO(render(dataclasses.replace(plan, handout=a4))))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# --------------------------------------------------------------------------- consumers


@pytest.mark.consumer
def test_qpdf_check(tmp_path: Path, pdf: bytes) -> None:
    require_tool("qpdf")
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.consumer
def test_pdffonts_all_embedded(tmp_path: Path, pdf: bytes) -> None:
    require_tool("pdffonts")
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        assert row.split()[-5] == "yes", row
