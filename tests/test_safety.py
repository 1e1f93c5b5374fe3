"""Crisis lines, disclaimer and contact lines that every client-facing page carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import OutlineError
from generator.source import safety
from generator.source.loader import load_practice
from generator.source.model import CrisisLine, Practice

PRACTICE = Path(__file__).resolve().parent.parent / "assets" / "practice.yaml"


@pytest.fixture
def practice() -> Practice:
    return load_practice(PRACTICE)


def with_(practice: Practice, **update: object) -> Practice:
    return practice.model_copy(update=update)


def test_us_line_is_988(practice: Practice) -> None:
    line = safety.crisis_line(with_(practice, locale="US"))
    assert "call or text 988 (Suicide & Crisis Lifeline)" in line


def test_canada_line_is_9_8_8_and_locale_case_does_not_matter(practice: Practice) -> None:
    line = safety.crisis_line(with_(practice, locale="ca"))
    assert "call or text 9-8-8" in line
    assert "988 (" not in line


def test_profile_line_adds_a_locale(practice: Practice) -> None:
    own = {"GB": CrisisLine(text="Call Samaritans free on 116 123, any time.")}
    p = with_(practice, locale="GB", crisis_lines=own)
    assert safety.crisis_line(p) == "Call Samaritans free on 116 123, any time."


def test_profile_line_overrides_a_builtin(practice: Practice) -> None:
    own = {"us": CrisisLine(text="Call or text 988 any time.")}
    assert safety.crisis_line(with_(practice, crisis_lines=own)) == "Call or text 988 any time."


def test_locale_without_line_is_an_error_saying_how_to_add_one(practice: Practice) -> None:
    with pytest.raises(OutlineError) as caught:
        safety.crisis_line(with_(practice, locale="FR"))
    message = caught.value.format_message()
    assert "'FR'" in message
    assert "crisis_lines:" in message and "  FR:" in message and "text:" in message
    assert "CA, US" in message


def test_lines_follow_safe_messaging(practice: Practice) -> None:
    for line in safety.BUILTIN_CRISIS_LINES.values():
        assert "help is available" in line
        assert "any time" in line


def test_disclaimer_default_and_override(practice: Practice) -> None:
    assert safety.disclaimer(practice) == safety.DEFAULT_DISCLAIMER
    assert "does not take the place of therapy" in safety.DEFAULT_DISCLAIMER
    assert "not for an emergency" in safety.DEFAULT_DISCLAIMER
    own = with_(practice, disclaimer="  For learning only.  ")
    assert safety.disclaimer(own) == "For learning only."
    assert safety.disclaimer(with_(practice, disclaimer="   ")) == safety.DEFAULT_DISCLAIMER


def test_practitioner_line(practice: Practice) -> None:
    assert safety.practitioner_line(practice) == "Your Name, Your credentials"
    bare = practice.practitioner.model_copy(update={"credentials": None})
    assert safety.practitioner_line(with_(practice, practitioner=bare)) == "Your Name"


def test_contact_parts_skip_missing_and_show_the_website_plainly(practice: Practice) -> None:
    assert safety.contact_parts(practice) == [
        "Your Practice Name",
        "hello@example.com",
        "(555) 555-0100",
        "example.com",
    ]
    contact = practice.contact.model_copy(update={"email": None, "phone": " "})
    assert safety.contact_parts(with_(practice, contact=contact)) == [
        "Your Practice Name",
        "example.com",
    ]


@pytest.mark.parametrize(
    ("given", "shown", "link"),
    [
        ("https://example.com/", "example.com", "https://example.com/"),
        ("http://www.example.org/about", "www.example.org/about", "http://www.example.org/about"),
        ("example.net", "example.net", "https://example.net"),
    ],
)
def test_website_display_and_link(practice: Practice, given: str, shown: str, link: str) -> None:
    p = with_(practice, contact=practice.contact.model_copy(update={"website": given}))
    assert safety.display_url(given) == shown
    assert safety.website(p) == link


def test_no_website(practice: Practice) -> None:
    p = with_(practice, contact=practice.contact.model_copy(update={"website": None}))
    assert safety.website(p) is None


def test_domestic_violence_line_sits_beside_the_crisis_line(practice: Practice) -> None:
    line = safety.domestic_violence_line(practice)
    assert "National Domestic Violence Hotline" in line
    assert "1-800-799-7233" in line and "text START to 88788" in line
    own = {"US": CrisisLine(domestic_violence="Call 1-800-799-7233.")}
    p = with_(practice, crisis_lines=own)
    assert safety.domestic_violence_line(p) == "Call 1-800-799-7233."
    # A locale entry with only a violence line keeps the built-in crisis line.
    assert "call or text 988" in safety.crisis_line(p)


def test_locale_without_violence_line_says_how_to_add_one(practice: Practice) -> None:
    with pytest.raises(OutlineError) as caught:
        safety.domestic_violence_line(with_(practice, locale="CA"))
    message = caught.value.format_message()
    assert "'CA'" in message and "  CA:" in message and "domestic_violence:" in message
