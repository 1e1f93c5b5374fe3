"""Are learning objectives observable and measurable? A check of their first verb.

CE sponsors (APA Standards and Criteria) ask for objectives that start with an action verb a
trainer could observe (Bloom's taxonomy); "understand", "know", "learn" and "appreciate"
describe states of mind nobody can observe, so they are flagged with suggested replacements.
"""

from __future__ import annotations

import re

_MEASURABLE_WORDS = """
    analyze analyse apply articulate assess categorize choose classify compare compose
    conceptualize construct contrast create critique defend define demonstrate describe design
    develop differentiate discriminate discuss distinguish evaluate explain formulate
    generate illustrate implement identify integrate interpret justify label list map model
    name outline plan practice practise predict prioritize propose rate recall recognize
    recognise reflect reframe relate report restate role-play select sequence solve state
    summarize summarise track trace use write validate
"""
MEASURABLE = frozenset(_MEASURABLE_WORDS.split())
"""Verbs that name something a participant can be seen or heard doing."""

VAGUE = {
    "understand": "explain or describe",
    "know": "identify or list",
    "learn": "demonstrate or apply",
    "appreciate": "discuss or explain",
    "grasp": "explain",
    "realize": "identify",
    "realise": "identify",
    "believe": "discuss",
    "become": "demonstrate",
    "be": "describe or demonstrate",
    "gain": "describe or apply",
    "explore": "discuss or compare",
    "consider": "compare or evaluate",
}
"""Unobservable verbs, with measurable ones to use instead."""

_LEAD_IN = re.compile(
    r"^(?:(?:participants|attendees|clinicians|therapists|you|learners)\s+will\s+)?"
    r"(?:be\s+able\s+to\s+)?(?:to\s+)?",
    re.IGNORECASE,
)


def first_verb(text: str) -> str:
    """Return the objective's first verb, lower-cased, after a lead-in like "Participants will
    be able to"."""
    rest = _LEAD_IN.sub("", text.strip())
    match = re.match(r"[A-Za-z][A-Za-z'-]*", rest)
    return match.group(0).lower() if match else ""


def objective_problem(text: str) -> tuple[str, str] | None:
    """Return ``(message, hint)`` when the objective lacks a measurable verb, else ``None``."""
    verb = first_verb(text)
    if verb in MEASURABLE:
        return None
    if verb in VAGUE:
        return (
            f"'{verb}' is not observable, so it cannot be measured",
            f"start with a verb a trainer could observe, e.g. {VAGUE[verb]}: "
            f"'{VAGUE[verb].split()[0].capitalize()} …'",
        )
    return (
        f"does not start with a measurable action verb ('{verb or text[:20]}')",
        "start with an action verb such as describe, identify, explain, apply, compare, "
        "demonstrate or list",
    )
