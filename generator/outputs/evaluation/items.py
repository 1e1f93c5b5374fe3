"""The evaluation's wording: pure functions from the plan to its items.

Sponsors of continuing education (APA, ASWB ACE, NBCC) expect one rating item per learning
objective ("Based on this program, I am able to: …", 1–5), items on the presenter, the teaching
methods, relevance and the facilities or platform, and open comments; a consultant keeps the
same form without a sponsor. A client group answers items a client can answer: no clinical
relevance, no "teaching methods".
"""

from __future__ import annotations

from dataclasses import dataclass

# The guide's evaluation page asks the same: its wording is shared, never written twice.
from generator.outputs.guide.text import (
    CLIENT_EVALUATION_ITEMS,
    RATING_LABELS,
    RATING_SCALE,
    open_questions,
)
from generator.outputs.sheet import objectives as participant_objectives
from generator.outputs.sheet import session_format
from generator.plan import Plan

OBJECTIVE_LEAD = "Based on this session, I am able to:"
SCALE = RATING_SCALE
SCALE_ENDS = RATING_LABELS


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
    if plan.client_group:
        session = [
            *((f"group_{n}", text) for n, text in enumerate(CLIENT_EVALUATION_ITEMS, start=1)),
            ("venue", _venue(plan)),
        ]
    else:
        session = [
            ("presenter_knowledge", "The presenter knew the material well."),
            ("presenter_clear", "The presenter explained the material clearly."),
            ("methods", "The teaching methods (slides, discussion, exercises) helped me learn."),
            ("relevance", "The content is relevant to my clinical work."),
            ("level", f"The session matched its {plan.level} level."),
            ("venue", _venue(plan)),
        ]
    questions = [(f"comment_{n}", text) for n, text in enumerate(open_questions(plan), start=1)]
    return Evaluation(
        objectives=objectives,
        session=tuple(Rating(name, text) for name, text in session),
        questions=tuple(Rating(name, text) for name, text in questions),
    )
