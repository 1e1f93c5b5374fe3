"""The guide's wording, without rendering: ranges, rules, evaluation items, credit."""

from __future__ import annotations

from generator.outputs.guide.text import (
    coi_line,
    compress_numbers,
    credit_line,
    evaluation_item,
    ground_rules,
    minutes_text,
    slides_label,
)
from generator.source.model import CaseConsultation, Practice


def test_compress_numbers() -> None:
    assert compress_numbers([3, 4, 5, 6, 7]) == "3–7"
    assert compress_numbers([1, 2, 5, 7, 8, 9]) == "1–2, 5, 7–9"
    assert compress_numbers([4]) == "4"
    assert compress_numbers([]) == "—"


def test_slides_label() -> None:
    assert slides_label([18]) == "slide 18"
    assert slides_label([3, 4]) == "slides 3–4"
    assert slides_label([]) == "no slides"


def test_minutes_text() -> None:
    assert minutes_text(45) == "45 minutes"
    assert minutes_text(90) == "90 minutes (1 h 30 min)"
    assert minutes_text(120) == "120 minutes (2 h)"


def test_evaluation_item_lowercases_but_keeps_acronyms() -> None:
    assert evaluation_item("Describe two findings.") == "I can now describe two findings."
    assert evaluation_item("EFT steps: name three.") == "I can now EFT steps: name three."


def test_ground_rules_default_to_the_standard_six() -> None:
    rules = ground_rules(None)
    assert len(rules) == 6 and all(standard for _, standard in rules)
    text = " ".join(r for r, _ in rules)
    for phrase in (
        "APA Ethics Code 4.06",
        "recognise the client",
        "No recording",
        "remove the HIPAA identifiers",
        "no recording, transcription or AI note-takers; no case details in the chat",
        "supervision",
    ):
        assert phrase in text


def test_ground_rules_keep_the_outlines_and_add_only_missing_topics() -> None:
    case = CaseConsultation(
        structure=["Presenting problem"],
        ground_rules=["No identifying details.", "Never record the session."],
    )
    rules = ground_rules(case)
    assert rules[:2] == [("No identifying details.", False), ("Never record the session.", False)]
    added = [r for r, standard in rules if standard]
    assert len(added) == 4
    assert "recognise" in added[0] and "HIPAA" in added[1]
    assert "AI note-takers" in added[2] and "supervision" in added[3]


def _practice(**kw: object) -> Practice:
    return Practice.model_validate({"practitioner": {"name": "A. Person"}, **kw})


def test_credit_line() -> None:
    assert "certificate of attendance" in credit_line(_practice())
    assert "CE credit" not in credit_line(_practice())
    assert credit_line(_practice(ce_sponsor="Sponsor X")) == (
        "Continuing education credit is offered through Sponsor X."
    )


def test_coi_line_makes_a_gap_visible() -> None:
    assert coi_line(_practice()) == "Conflict of interest: none declared in the practice profile."
    assert coi_line(_practice(conflict_of_interest="None.")) == "Conflict of interest: None."


def test_materials_list_generated_items_then_the_outlines_own() -> None:
    from pathlib import Path

    from generator.outputs.guide.text import materials
    from generator.plan import make_plan
    from generator.source.loader import load_outline, load_practice
    from generator.source.model import Material

    root = Path(__file__).resolve().parent.parent
    outline = load_outline(root / "tests" / "fixtures" / "all-kinds.yaml")
    extra = ["Bring tissues.", Material(id="m-chairs", text="Chairs in a circle.")]
    outline = outline.model_copy(update={"materials": extra})
    practice = load_practice(root / "assets" / "practice.yaml")
    plan = make_plan(outline, practice, base_dir=root, practice_dir=root / "assets")
    items = materials(plan, deck_file="d.pptx", handout_file="h.pdf")
    assert items[0].startswith("Slide deck: d.pptx")
    assert "print one per participant (h.pdf)" in items[1]
    assert items[-2:] == ["Bring tissues.", "Chairs in a circle."]
    assert sum("case" in i for i in items) == 1  # the fixture has a case consultation
    no_case = [
        s.model_copy(
            update={"facilitator": s.facilitator.model_copy(update={"case_consultation": None})}
        )
        for s in outline.sections
    ]
    plan = make_plan(
        outline.model_copy(update={"sections": no_case}),
        practice,
        base_dir=root,
        practice_dir=root / "assets",
    )
    items = materials(plan, deck_file="d.pptx", handout_file="h.pdf")
    assert not any("case" in i for i in items)
