"""The client handout PDF, read back: order, pages, footer, form fields, fonts, metadata."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.build import BuildOptions, Job, plan_job
from generator.errors import OutlineError
from generator.outputs.handout.render import palette, render_handout
from generator.outputs.pdfbase import contrast_ratio
from generator.plan import Plan, make_plan
from generator.source.loader import load_outline, load_practice
from generator.source.model import Audience, CrisisLine, Outline, Practice

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
INCH = 72.0
BASE14 = re.compile(r"(Helvetica|Times|Courier|Symbol|ZapfDingbats)")


OWN_CLIENTS = Audience(name="own", title="My client group", participants="clients")
"""An audience whose handout the practitioner gives to their own clients (contact on it)."""


def build_plan(
    outline_path: Path = FIXTURE,
    *,
    outline: Outline | None = None,
    practice: Practice | None = None,
    audience: Audience | None = None,
    **options: object,
) -> Plan:
    """Return a plan with the placeholder practice profile; ``options`` go to make_plan.

    By default (no audience: a consultation group) participants give the handout to their
    clients; pass ``audience=OWN_CLIENTS`` for the practitioner's own clients.
    """
    return make_plan(
        outline or load_outline(outline_path),
        practice or load_practice(PRACTICE),
        base_dir=outline_path.parent,
        practice_dir=PRACTICE.parent,
        audience=audience,
        **options,
    )


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat(text: str) -> str:
    """Return ``text`` on one line with ordinary spaces, so wrapped lines match whole."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def page_texts(pdf: bytes) -> list[str]:
    return [flat(p.extract_text() or "") for p in reader(pdf).pages]


def fragments(page) -> list[tuple[str, float, float, float]]:  # pypdf page
    """Return (text, x, y, font size) of each text run on ``page``, in page coordinates."""
    out = []

    def visit(text, cm, tm, font, size) -> None:  # pypdf's visitor
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            out.append((text.strip(), x, y, size * tm[3]))

    page.extract_text(visitor_text=visit)
    return out


@pytest.fixture(scope="module")
def fixture_pdf() -> bytes:
    return render_handout(build_plan())


# --------------------------------------------------------------------------- content and order


def test_reading_order_main_message_first(fixture_pdf: bytes) -> None:
    text = " ".join(page_texts(fixture_pdf))
    order = [
        "Test Workshop",
        "We heal in connection.",
        "What to know",
        "We are wired to connect",
        "Your body calms when someone is with you.",
        "Try this: Reach out once",
        "1. Pick one person.",
        "2. Send a short message.",
        "3. Notice how you feel.",
        "Reflect",
        "When do you feel most safe with someone?",
        "You don't have to do it alone.",
        "Please note: This handout is for learning only.",
        "Handout written by Your Name, Your credentials. Based on the article \u201cA Test "
        "Article\u201d by Test Author. example.com/article",
        "Your therapist:",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_facilitator_only_content_never_appears(fixture_pdf: bytes) -> None:
    text = " ".join(page_texts(fixture_pdf))
    assert "Secret" not in text
    assert "facilitator only" not in text
    for private in ("Case", "ground rules", "Noticing Safety", "Teach the core ideas"):
        assert private not in text


def test_fixture_fits_one_page(fixture_pdf: bytes) -> None:
    assert len(reader(fixture_pdf).pages) == 1


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_canonical_standard_print_is_one_or_two_pages(paper: str) -> None:
    pdf = render_handout(build_plan(CANONICAL, paper=paper, large_print=False))
    assert 1 <= len(reader(pdf).pages) <= 2


# --------------------------------------------------------------------------- every page


def test_every_page_carries_contact_disclaimer_crisis_line_and_qr() -> None:
    pdf = render_handout(build_plan(large_print=True, audience=OWN_CLIENTS))
    pages = reader(pdf).pages
    assert len(pages) >= 2  # large print spreads the fixture, so "every page" is tested
    for n, (page, text) in enumerate(zip(pages, page_texts(pdf), strict=True), start=1):
        assert "Your Name, Your credentials" in text
        assert "hello@example.com" in text and "(555) 555-0100" in text
        assert "Your Practice Name" in text and "example.com" in text
        assert "This is for learning. It is not therapy or emergency care." in text
        assert "call or text 988 (Suicide & Crisis Lifeline)" in text
        assert f"Page {n} of {len(pages)}" in text
        assert "Your therapist" not in text
        links = [a.get_object() for a in page.get("/Annots", [])]
        uris = [a["/A"]["/URI"] for a in links if a.get("/Subtype") == "/Link"]
        assert uris == ["https://example.com"]


@pytest.mark.parametrize(
    ("audience", "footer_start"),
    [(OWN_CLIENTS, "Your Name, Your credentials"), (None, "Your therapist:")],
)
def test_footer_never_overlaps_content(audience: Audience | None, footer_start: str) -> None:
    for options in ({}, {"large_print": True}, {"paper": "a4"}):
        pdf = render_handout(build_plan(audience=audience, **options))
        for page in reader(pdf).pages:
            runs = fragments(page)
            top_of_footer = max(y for t, _, y, _ in runs if t.startswith(footer_start))
            index = next(i for i, r in enumerate(runs) if r[0].startswith(footer_start))
            content = runs[:index]
            assert content, "every page starts with content"
            assert min(y for _, _, y, _ in content) > top_of_footer + 12


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("CA", "call or text 9-8-8"), ("GB", "Call Samaritans on 116 123")],
)
def test_crisis_line_follows_the_locale(locale: str, expected: str) -> None:
    practice = load_practice(PRACTICE)
    practice = practice.model_copy(
        update={
            "locale": locale,
            "crisis_lines": {"GB": CrisisLine(text="Call Samaritans on 116 123, any time.")},
        }
    )
    text = " ".join(page_texts(render_handout(build_plan(practice=practice))))
    assert expected in text
    assert "988 (Suicide" not in text


def test_locale_without_crisis_line_is_an_error() -> None:
    practice = load_practice(PRACTICE).model_copy(update={"locale": "DE"})
    with pytest.raises(OutlineError, match=r"'DE'(.|\n)*crisis_lines"):
        render_handout(build_plan(practice=practice))


def test_no_website_means_no_qr_and_no_link() -> None:
    practice = load_practice(PRACTICE)
    contact = practice.contact.model_copy(update={"website": None})
    practice = practice.model_copy(update={"contact": contact})
    pdf = render_handout(build_plan(practice=practice, audience=OWN_CLIENTS))
    page = reader(pdf).pages[0]
    assert not [a for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert "Your Name, Your credentials" in page_texts(pdf)[0]


def test_participants_clients_get_a_therapist_block_and_no_consultant_contact() -> None:
    pdf = render_handout(build_plan(large_print=True))
    pages = reader(pdf).pages
    texts = page_texts(pdf)
    assert len(pages) >= 2
    for page, text in zip(pages, texts, strict=True):
        assert "Your therapist:" in text and "Phone:" in text
        assert "hello@example.com" not in text and "(555) 555-0100" not in text
        assert not [a for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    # The consultant is credited once, as the author, never as whom to call.
    assert sum("Handout written by Your Name, Your credentials." in t for t in texts) == 1


def test_therapist_block_is_fillable_on_every_page_of_the_form() -> None:
    r = reader(render_handout(build_plan(large_print=True)))
    fields = r.get_fields()
    pages = len(r.pages)
    for n in range(1, pages + 1):
        assert fields[f"therapist_name_{n}"]["/TU"] == "Your therapist"
        assert fields[f"therapist_phone_{n}"]["/TU"] == "Phone"
    plain = reader(render_handout(build_plan(large_print=True, form=False)))
    assert not plain.get_fields()
    assert "Your therapist:" in page_texts(plain_bytes := render_handout(build_plan(form=False)))[0]
    assert plain_bytes


def test_who_hands_it_out_follows_the_audience() -> None:
    from generator.plan import given_by

    assert given_by(None) == "participants"
    assert given_by(Audience(name="c", title="C", participants="clinicians")) == "participants"
    assert given_by(OWN_CLIENTS) == "practitioner"
    explicit = Audience(
        name="c", title="C", participants="clients", handout={"given_by": "participants"}
    )
    assert given_by(explicit) == "participants"


def test_form_carries_the_privacy_note_where_clients_type() -> None:
    text = " ".join(page_texts(render_handout(build_plan(form=True))))
    assert "What you type is saved in this file. Email may not be private" in text
    assert "your therapist's secure portal" in text


@pytest.mark.parametrize("large", [False, True])
def test_crisis_line_is_at_body_size_and_full_disclaimer_once(large: bool) -> None:
    body = 18 if large else 12
    pdf = render_handout(build_plan(CANONICAL, large_print=large))
    pages = reader(pdf).pages
    for page in pages:
        runs = fragments(page)
        crisis = [size for t, _, _, size in runs if "988" in t or "Suicide" in t]
        assert crisis and min(crisis) >= body
    texts = page_texts(pdf)
    assert sum("It does not take the place of therapy." in t for t in texts) == 1
    assert all("This is for learning. It is not therapy or emergency care." in t for t in texts)


def test_full_disclaimer_reads_at_grade_8_or_below() -> None:
    import textstat

    from generator.source import safety

    assert textstat.flesch_kincaid_grade(safety.DEFAULT_DISCLAIMER) <= 8
    assert textstat.flesch_kincaid_grade(safety.SHORT_DISCLAIMER) <= 8


def test_couples_handout_carries_the_violence_caveat_and_hotline() -> None:
    couples = Audience(name="c", title="Couples", clients="couples")
    text = " ".join(page_texts(render_handout(build_plan(CANONICAL, audience=couples))))
    assert "If your partner hurts you, threatens you or tries to control you" in text
    assert "Skip the couples practice. Talk to your therapist alone." in text
    assert "1-800-799-7233" in text and "text START to 88788" in text
    plain = " ".join(page_texts(render_handout(build_plan(CANONICAL))))
    assert "1-800-799-7233" not in plain


def test_couples_handout_without_a_violence_line_for_the_locale_is_an_error() -> None:
    practice = load_practice(PRACTICE).model_copy(update={"locale": "CA"})
    couples = Audience(name="c", title="Couples", clients="couples")
    with pytest.raises(OutlineError, match=r"domestic violence line(.|\n)*domestic_violence:"):
        render_handout(build_plan(practice=practice, audience=couples))
    own = {"CA": CrisisLine(domestic_violence="Call your local shelter line.")}
    practice = practice.model_copy(update={"crisis_lines": own})
    text = " ".join(page_texts(render_handout(build_plan(practice=practice, audience=couples))))
    assert "Call your local shelter line." in text and "call or text 9-8-8" in text


# --------------------------------------------------------------------------- form fields


def two_prompt_plan(**options: object) -> Plan:
    outline = load_outline(FIXTURE)
    handout = outline.handout
    extra = handout.reflection[0].model_copy(
        update={"id": "r2", "prompt": "Who could you reach toward this week?", "lines": 3}
    )
    handout = handout.model_copy(update={"reflection": [*handout.reflection, extra]})
    return build_plan(outline=outline.model_copy(update={"handout": handout}), **options)


@pytest.mark.parametrize("options", [{}, {"large_print": True}, {"paper": "a4"}])
def test_reflection_fields_names_tooltips_flags_and_positions(options: dict) -> None:
    pdf = render_handout(two_prompt_plan(**options))
    r = reader(pdf)
    widgets = []
    for page in r.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            if a.get("/Subtype") != "/Widget" or not str(a["/T"]).startswith("reflection_"):
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            assert 0.5 * INCH <= x0 < x1 <= width - 0.5 * INCH
            assert 0.5 * INCH <= y0 < y1 <= height - 0.5 * INCH
            assert int(a["/F"]) & 4, "typed answers must print"
            assert int(a["/Ff"]) & 4096, "multi-line"
            assert a["/DA"].startswith("/Helv ")
            widgets.append((str(a["/T"]), str(a["/TU"])))
    # Annotation order is tab order: it must follow the reading order.
    assert widgets == [
        ("reflection_1", "When do you feel most safe with someone?"),
        ("reflection_2", "Who could you reach toward this week?"),
    ]
    assert {f for f in r.get_fields() if f.startswith("reflection_")} == {
        "reflection_1",
        "reflection_2",
    }


def test_no_form_has_no_fields_but_keeps_the_prompts() -> None:
    pdf = render_handout(two_prompt_plan(form=False))
    r = reader(pdf)
    assert not r.get_fields()
    assert "/AcroForm" not in r.trailer["/Root"]
    text = " ".join(page_texts(pdf))
    assert "Write your answers below each question. Only write what feels okay." in text
    assert "saved in this file" not in text
    assert "Who could you reach toward this week?" in text


def test_form_version_says_answers_can_be_typed(fixture_pdf: bytes) -> None:
    assert "Write or type your answers" in page_texts(fixture_pdf)[0]


# --------------------------------------------------------------------------- type and paper


def page_fonts(pdf: bytes) -> dict[str, object]:
    """Return every font the pages' content uses, by base name."""
    out = {}
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            f = font.get_object()
            out[str(f["/BaseFont"])] = f
    return out


@pytest.mark.parametrize("form", [True, False])
def test_page_fonts_are_embedded_truetype_never_base14(form: bool) -> None:
    fonts = page_fonts(render_handout(build_plan(form=form)))
    assert fonts
    for name, font in fonts.items():
        assert not BASE14.search(name), name
        assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"
    assert {n.split("+")[-1] for n in fonts} == {"Carlito", "Carlito-Bold"}


def body_size(pdf: bytes, text: str) -> float:
    for page in reader(pdf).pages:
        for run, _, _, size in fragments(page):
            if run.startswith(text):
                return size
    raise AssertionError(f"{text!r} not found")


def test_standard_print_letter_12pt_body_and_half_inch_margins(fixture_pdf: bytes) -> None:
    page = reader(fixture_pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    assert body_size(fixture_pdf, "Your body calms") == pytest.approx(12)
    assert body_size(fixture_pdf, "Pick one person.") == pytest.approx(12)
    xs = [x for _, x, _, _ in fragments(page)]
    assert min(xs) >= 0.5 * INCH


def test_large_print_18pt_body_and_one_inch_margins() -> None:
    pdf = render_handout(build_plan(large_print=True))
    assert body_size(pdf, "Your body calms") == pytest.approx(18)
    assert body_size(pdf, "Pick one person.") == pytest.approx(18)
    assert body_size(pdf, "If you are struggling") == pytest.approx(18)
    for page in reader(pdf).pages:
        runs = fragments(page)
        assert min(x for _, x, _, _ in runs) >= INCH - 0.01
        assert min(y for _, _, y, _ in runs) >= INCH - 0.01
        assert max(y for _, _, y, _ in runs) <= float(page.mediabox.height) - INCH


def test_a4_paper() -> None:
    pdf = render_handout(build_plan(paper="a4"))
    page = reader(pdf).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.01)


def test_paper_defaults_to_the_practice_profile() -> None:
    practice = load_practice(PRACTICE).model_copy(update={"paper": "a4"})
    page = reader(render_handout(build_plan(practice=practice))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.01)


# --------------------------------------------------------------------------- glyphs


# The fonts are checked once, before rendering, by the build (generator.build.check_glyphs):
# these tests hold that check to naming the character and the line it was typed on.


def _line_of(path: Path, needle: str) -> int:
    """Return the 1-based number of the first line of ``path`` containing ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize(("char", "code"), [("\U0001f600", "U+1F600"), ("\u5fc3", "U+5FC3")])
def test_missing_glyph_names_the_character_and_where(char: str, code: str, tmp_path: Path) -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["handout"]["key_ideas"] = [
        {"id": "k0", "heading": "Fine", "text": "All fine."},
        {"id": "k1", "heading": "Odd one", "text": f"Smile {char} now."},
    ]
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(OutlineError) as caught:
        plan_job(Job(path, None, tmp_path / "out"), BuildOptions(practice=PRACTICE))
    message = caught.value.format_message()
    assert code in message
    assert f"{path}:{_line_of(path, 'Smile')}:" in message
    assert "handout.key_ideas[1].text" in message
    assert "1 problem found" in message


def test_missing_glyph_in_the_practice_profile_is_located(tmp_path: Path) -> None:
    data = yaml.safe_load(PRACTICE.read_text(encoding="utf-8"))
    data["practitioner"]["name"] = "Dr \u2603 Snow"
    profile = tmp_path / "practice.yaml"
    profile.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(OutlineError) as caught:
        plan_job(Job(FIXTURE, None, tmp_path / "out"), BuildOptions(practice=profile))
    line = _line_of(profile, "Snow")
    assert re.search(
        rf"{re.escape(str(profile))}:{line}:\d+: practitioner\.name: .*U\+2603",
        caught.value.format_message(),
    )


# --------------------------------------------------------------------------- colour


def test_headings_use_the_brand_colour_only_when_readable_on_white() -> None:
    practice = load_practice(PRACTICE)
    plan = build_plan(practice=practice)
    assert palette(plan).heading == practice.colors.primary
    light = practice.colors.model_copy(update={"primary": "#A7C4BC"})
    plan = build_plan(practice=practice.model_copy(update={"colors": light}))
    colours = palette(plan)
    assert colours.heading == practice.colors.text
    for colour in (colours.text, colours.heading):
        assert contrast_ratio(colour, "#FFFFFF") >= 4.5
    assert contrast_ratio(colours.text, colours.tint) >= 7


def test_contrast_ratio_known_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


# --------------------------------------------------------------------------- metadata


def test_metadata_title_author_subject_language_creator(fixture_pdf: bytes) -> None:
    r = reader(fixture_pdf)
    info = r.metadata
    assert info.title == "Test Workshop"
    assert info.author == "Your Name, Your credentials"
    assert info.subject == "Client handout based on \u201cA Test Article\u201d"
    assert info["/Creator"] == "workshop-kit"
    assert r.trailer["/Root"]["/Lang"] == "en-US"


def test_language_comes_from_the_outline() -> None:
    outline = load_outline(FIXTURE).model_copy(update={"language": "en-CA"})
    pdf = render_handout(build_plan(outline=outline))
    assert reader(pdf).trailer["/Root"]["/Lang"] == "en-CA"


def test_reproducible_bytes(fixture_pdf: bytes) -> None:
    assert render_handout(build_plan()) == fixture_pdf


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    pdf = render_handout(build_plan())
    assert reader(pdf).metadata["/CreationDate"].startswith("D:20231114221320")
    assert render_handout(build_plan()) == pdf


# --------------------------------------------------------------------------- real consumers

VARIANTS = [
    {},
    {"form": False},
    {"large_print": True},
    {"paper": "a4"},
    {"paper": "a4", "large_print": True, "form": False},
]


@pytest.mark.consumer
@pytest.mark.parametrize("options", VARIANTS)
def test_qpdf_check_is_clean(options: dict, tmp_path: Path) -> None:
    from conftest import require_tool

    qpdf = require_tool("qpdf")
    path = tmp_path / "handout.pdf"
    path.write_bytes(render_handout(two_prompt_plan(**options)))
    done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


def pdffonts_rows(path: Path) -> list[list[str]]:
    from conftest import require_tool

    done = subprocess.run(
        [require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    )
    return [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]


@pytest.mark.consumer
def test_pdffonts_every_font_embedded_without_form(tmp_path: Path) -> None:
    path = tmp_path / "handout.pdf"
    path.write_bytes(render_handout(two_prompt_plan(form=False)))
    rows = pdffonts_rows(path)
    assert rows
    # Columns: name type [type] encoding emb sub uni id gen; "emb" is fifth from the end.
    assert all(row[-5] == "yes" for row in rows), rows


@pytest.mark.consumer
def test_pdffonts_only_the_form_field_font_is_not_embedded(tmp_path: Path) -> None:
    # Open-source reportlab can only give form fields a standard PDF font (see handout_parts).
    path = tmp_path / "handout.pdf"
    path.write_bytes(render_handout(two_prompt_plan()))
    rows = pdffonts_rows(path)
    not_embedded = {row[0] for row in rows if row[-5] != "yes"}
    assert not_embedded == {"Helvetica"}
    assert {row[0].split("+")[-1] for row in rows if row[-5] == "yes"} == {
        "Carlito",
        "Carlito-Bold",
    }


# --------------------------------------------------------------------------- citations


def test_citations_are_written_out_and_the_credit_line_names_the_works() -> None:
    """The plan finishes the handout's text as the slides': "(Author, year)", never "[@key]"."""
    outline = load_outline(FIXTURE)
    handout = outline.handout
    idea = handout.key_ideas[0]
    idea = idea.model_copy(update={"text": f"{idea.text} [@eisenberger2003]"})
    handout = handout.model_copy(
        update={
            "main_message": "We heal in connection [@johnson2019].",
            "key_ideas": [idea, *handout.key_ideas[1:]],
        }
    )
    plan = build_plan(outline=outline.model_copy(update={"handout": handout}))
    assert plan.handout.content.main_message == "We heal in connection (Johnson, 2019)."
    assert [ref.key for ref in plan.handout.cited] == ["eisenberger2003", "johnson2019"]

    text = " ".join(page_texts(render_handout(plan)))
    assert "[@" not in text
    assert "We heal in connection (Johnson, 2019)." in text
    assert "(Eisenberger et al., 2003)" in text
    assert "Works cited: Eisenberger, N. I., Lieberman, M. D., & Williams, K. D. (2003)." in text
    assert "Johnson, S. M. (2019)." in text


def test_a_handout_citing_nothing_names_no_works(fixture_pdf: bytes) -> None:
    assert build_plan().handout.cited == ()
    assert "Works cited" not in " ".join(page_texts(fixture_pdf))
