"""Pure parts of ``workshop check``: contrast, objective verbs, leak probes, report and exit."""

from __future__ import annotations

import json

import pytest

from generator.check import objectives
from generator.check.built import Secret, contains, find_leaks, normalize, probes
from generator.check.findings import ERROR, WARNING, Finding
from generator.check.report import dedupe, exit_code, format_json, format_text
from generator.source import contrast

# --------------------------------------------------------------------------- contrast


def test_contrast_extremes() -> None:
    assert contrast.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_contrast_known_pairs() -> None:
    # WebAIM's checker: #767676 on white is 4.54:1 (the lightest grey that passes AA).
    assert contrast.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast.contrast_ratio("#777777", "#FFFFFF") < contrast.AA_NORMAL
    # Order does not matter.
    assert contrast.contrast_ratio("#FFFFFF", "#2F5D62") == contrast.contrast_ratio(
        "#2F5D62", "#FFFFFF"
    )


def test_relative_luminance_rejects_bad_colour() -> None:
    with pytest.raises(ValueError, match="#1F2A2E"):
        contrast.relative_luminance("#FFF")


# --------------------------------------------------------------------------- objectives


@pytest.mark.parametrize(
    "text",
    [
        "Describe two findings.",
        "Participants will be able to identify signs of openness.",
        "Apply one attunement practice to a case.",
        "compare guarded and open coping",
    ],
)
def test_measurable_objectives_pass(text: str) -> None:
    assert objectives.objective_problem(text) is None


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Understand co-regulation.", "understand"),
        ("Participants will know the research.", "know"),
        ("Learn how attachment works.", "learn"),
        ("Appreciate the role of safety.", "appreciate"),
    ],
)
def test_vague_objectives_are_flagged_with_a_replacement(text: str, verb: str) -> None:
    problem = objectives.objective_problem(text)
    assert problem is not None
    message, hint = problem
    assert f"'{verb}'" in message
    assert objectives.VAGUE[verb].split()[0] in hint


def test_unknown_first_word_is_flagged() -> None:
    problem = objectives.objective_problem("Co-regulation in session.")
    assert problem is not None and "measurable action verb" in problem[0]


# --------------------------------------------------------------------------- leak probes


def test_normalize_folds_quotes_case_space_and_citations() -> None:
    assert normalize("Don\u2019t  SHARE\nthe client\u2019s name [@coan2006].") == (
        "don't share the client's name"
    )


def test_probes_are_overlapping_windows_or_whole_short_text() -> None:
    words = "one two three four five six seven eight nine"
    assert probes(words) == [
        "one two three four five six",
        "four five six seven eight nine",
    ]
    assert probes("Leave if you recognise the client") == ["leave if you recognise the client"]
    assert probes("Pause here.") == []


def test_find_leaks_reports_page_and_skips_public_text() -> None:
    hidden = [
        Secret(("a",), "Ask who brought a case this week and protect the time."),
        Secret(("b",), "We heal in connection with the people around us.", case=True),
    ]
    pages = [
        "Page one is fine.",
        "Footer. ask who brought a\ncase this week and protect the time. We heal in "
        "connection with the people around us.",
    ]
    public = [normalize("We heal in connection with the people around us.")]
    leaks = find_leaks(pages, hidden, public)
    assert [(leak.secret.path, leak.unit) for leak in leaks] == [(("a",), 2)]


def test_contains_tolerates_line_breaks_and_nbsp() -> None:
    page = "call or text 988\n(Suicide\u00a0&\u00a0Crisis Lifeline). In an emergency,"
    assert contains(page, "call or text 988 (Suicide & Crisis Lifeline).")
    assert not contains(page, "call or text 9-8-8 (Suicide Crisis Helpline).")


# --------------------------------------------------------------------------- report


def _f(severity: str, audience: str | None = None, line: int = 3) -> Finding:
    return Finding("o.yaml", line, 5, severity, "objectives[0]", "vague", "fix it", audience)


def test_exit_codes() -> None:
    assert exit_code([], strict=True) == 0
    assert exit_code([_f(WARNING)], strict=False) == 0
    assert exit_code([_f(WARNING)], strict=True) == 1
    assert exit_code([_f(WARNING), _f(ERROR)], strict=False) == 2


def test_text_format_is_located_with_hint_and_summary() -> None:
    text = format_text([_f(ERROR, "intro-60")])
    assert text.splitlines() == [
        "o.yaml:3:5: error: objectives[0]: vague [intro-60]",
        "    fix: fix it",
        "1 error, 0 warnings.",
    ]
    assert format_text([]) == "No problems found.\n"


def test_json_format_parses_with_every_field() -> None:
    rows = json.loads(format_json([_f(WARNING, "a")]))
    assert rows == [
        {
            "severity": "warning",
            "file": "o.yaml",
            "line": 3,
            "column": 5,
            "where": "objectives[0]",
            "message": "vague",
            "hint": "fix it",
            "audience": "a",
        }
    ]


def test_dedupe_merges_audiences_and_puts_errors_first() -> None:
    merged = dedupe([_f(WARNING, "a"), _f(WARNING, "b"), _f(ERROR, "a", line=9)])
    assert [(f.severity, f.audience) for f in merged] == [(ERROR, "a"), (WARNING, "a, b")]
