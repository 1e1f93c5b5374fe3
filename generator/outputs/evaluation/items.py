"""The evaluation's wording: pure functions from the plan to its items, no reportlab.

Sponsors of continuing education (APA, ASWB ACE, NBCC) expect one rating item per learning
objective ("Based on this program, I am able to: …", 1–5), items on the presenter, the teaching
methods, relevance and the facilities or platform, and open comments; a consultant keeps the
same form without a sponsor. A client group answers items a client can answer: no clinical
relevance, no "teaching methods".
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.outputs.sheet import for_clients, session_format
from generator.outputs.sheet import objectives as participant_objectives
from generator.plan import Plan

OBJECTIVE_LEAD = "Based on this session, I am able to:"
SCALE = ("1", "2", "3", "4", "5")
SCALE_ENDS = ("Strongly disagree", "Strongly agree")


@dataclass(frozen=True)
class Rating:
    """One 1–5 rating item: its form-field name and the statement rated."""

    name: str
    text: str


@dataclass(frozen=True)
class Evaluation:
    """Everything the form asks, in order."""

    objectives: tuple[Rating, ...]
    session: tuple[Rating, ...]
    questions: tuple[Rating, ...]


def _venue(plan: Plan) -> str:
    """Return the facilities/platform item for how the session met."""
    where = {
        "in person": "The room and facilities",
        "live online": "The video platform",
    }.get(session_format(plan) or "", "The room or video platform")
    return f"{where} worked well for me."


def evaluation(plan: Plan) -> Evaluation:
    """Return the evaluation of ``plan``: one item per objective of its audience, in order
    (an objective marked facilitator-only is not for participants to rate)."""
    objectives = tuple(
        Rating(f"objective_{n}", text) for n, text in enumerate(participant_objectives(plan), 1)
    )
    if for_clients(plan):
        session = (
            ("presenter_clear", "The presenter was easy to understand."),
            ("presenter_respect", "The presenter treated us with respect."),
            ("methods", "The activities helped me learn."),
            ("relevance", "What I learned will help me in my daily life."),
            ("venue", _venue(plan)),
        )
        questions = (
            ("most_helpful", "What was most helpful to you today?"),
            ("will_try", "What is one thing you will try this week?"),
            ("change", "What would make this group better?"),
        )
    else:
        session = (
            ("presenter_knowledge", "The presenter knew the material well."),
            ("presenter_clear", "The presenter explained the material clearly."),
            ("methods", "The teaching methods (slides, discussion, exercises) helped me learn."),
            ("relevance", "The content is relevant to my clinical work."),
            ("level", f"The session matched its {plan.level} level."),
            ("venue", _venue(plan)),
        )
        questions = (
            ("most_useful", "What was most useful to you in this session?"),
            ("will_try", "What will you try with a client in the next month?"),
            ("change", "What would you change about this session?"),
            ("topics", "What topics would you like a future session to cover?"),
        )
    return Evaluation(
        objectives=objectives,
        session=tuple(Rating(name, text) for name, text in session),
        questions=tuple(Rating(name, text) for name, text in questions),
    )
