"""The facilitator guide's wording: pure functions from the plan to plain text, no reportlab.

Everything the guide *says* that is not copied from the outline is decided here (standard
ground rules, the materials list, the credit line, evaluation items), so it can be tested
without rendering a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from generator.errors import RenderError
from generator.plan import Plan
from generator.plan.attendance import (
    ce_sponsor,
    credit_hours,
    hours_text,
    instructional_minutes,
)
from generator.source.model import CaseConsultation, Exercise, Practice, Section

GROUP_FORMATS = ("pairs", "triads", "small groups")

# The case-presentation structure from ICEEFT-style case conceptualisation: used when a
# case-consultation section has no structure of its own.
STANDARD_STRUCTURE = (
    "Presenting problem: who is in the room and what brought them to therapy.",
    "Attachment history: what each person learned about reaching for others.",
    "The negative cycle: the pattern of moves and emotions that keeps the couple or client stuck.",
    "What the therapist notices in themselves: their own reactions, pulls and stuck places.",
    "The question for the group: one focused question the presenter wants help with.",
)

# Each standard rule with the word stems that show an outline rule already covers its topic,
# so the guide adds only what is missing and never repeats a rule in other words.
STANDARD_GROUND_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "No identifying client information: share only what the group needs to help "
        "(APA Ethics Code 4.06, disclose only what is necessary). Use no names, places of work "
        "or distinctive details.",
        ("identif", "4.06"),
    ),
    (
        "If you think you recognise the client, say so and step out for this case.",
        ("recogni",),
    ),
    ("No recording of any kind; no notes that could identify the client.", ("record",)),
    (
        "De-identify the case: remove the HIPAA identifiers (names, initials, dates other than "
        "the year, places smaller than a state, contact numbers, employer, rare details) and "
        "change non-essential details.",
        ("hipaa", "de-identif"),
    ),
    (
        "Online: no recording, transcription or AI note-takers; no case details in the chat; "
        "join from a private space where no one can overhear.",
        ("transcri", "note-taker", "ai meeting"),
    ),
    (
        "Consultation is neither supervision nor therapy: the presenting therapist keeps "
        "clinical responsibility, and personal material is acknowledged, not processed here.",
        ("supervision", "therapy for", "not therapy"),
    ),
)

OPEN_QUESTIONS = (
    "What was most useful to you in this session?",
    "What will you try with a client in the next month?",
    "What would you change about this session?",
)

# A client group (participants: clients) is a psychoeducation group, not a training: what the
# guide says to its facilitator differs from here on.
CLIENT_OPEN_QUESTIONS = (
    "What helped you most today?",
    "What is one small step you will try this week?",
    "What would make this group better?",
)

CLIENT_EVALUATION_ITEMS = (
    "I felt safe and respected in this group.",
    "The ideas were explained in a way I could understand.",
    "The handout is easy to read and use.",
    "I know where to get help if I need it.",
)

CLIENT_GROUP_AGREEMENTS = (
    "What members share stays in the group: take home what you learned, not who said it or "
    "what they said. (The facilitator explains the limits of confidentiality, such as a risk "
    "of harm, at the start.)",
    "Share only what you are comfortable sharing. Passing is always fine.",
    "Speak from your own experience. No advice-giving, unless someone asks for it.",
    "You may step out at any time, or turn your camera off online. If you leave upset, the "
    "facilitator will check in with you privately.",
    "This is a learning group, not therapy or crisis care: bring personal concerns to your "
    "own therapist or doctor.",
)


def client_safety_steps(crisis_line: str) -> list[str]:
    """Return the facilitator's safety steps for a client group, ending with the crisis line.

    Written in safe-messaging terms: what to do and whom to call, never details of harm.
    """
    return [
        "Before the group: know each member's location (online: ask at the start) and the "
        "emergency number there, and have a way to reach a member privately (a phone number, "
        "a private chat, a breakout room).",
        "At the start: go over the group agreements and the limits of confidentiality, and say "
        "that the group is for learning, not therapy or crisis care.",
        "If a member says they are thinking about suicide or self-harm: stay calm, thank them "
        "for saying so, and move the conversation out of the group (a private chat, a "
        "breakout room, a call after). Assess risk as your training and licence require, and "
        "connect them with help; do not discuss it in detail in front of the group.",
        "If a member is in immediate danger: call the local emergency number for where they are.",
        "If a member leaves upset or goes quiet: check in privately during the break or "
        "straight after the group.",
        "After the group: note any safety concern and follow-up as your practice requires, and "
        "consult a colleague or supervisor.",
        f"Crisis line to give members: {crisis_line}",
    ]


def open_questions(plan: Plan) -> tuple[str, ...]:
    """Return the evaluation's open questions: a client group is asked about itself."""
    return CLIENT_OPEN_QUESTIONS if plan.client_group else OPEN_QUESTIONS


def evaluation_items(plan: Plan) -> list[str]:
    """Return the rating statements: one per objective, then, for clients, the group's own.

    A client group rates the objectives "After today, I can …" and adds statements a
    client can answer about safety, clarity, the handout and knowing where to get help.
    """
    if not plan.client_group:
        return [evaluation_item(o.text) for o in plan.objectives]
    items = [evaluation_item(o.text, lead="After today, I can") for o in plan.objectives]
    return items + list(CLIENT_EVALUATION_ITEMS)


RATING_SCALE = ("1", "2", "3", "4", "5")
RATING_LABELS = ("Strongly disagree", "Strongly agree")


def compress_numbers(numbers: Iterable[int]) -> str:
    """Return slide numbers as compressed ranges, e.g. ``1–2, 5, 7–9``; an em dash if none."""
    nums = sorted(set(numbers))
    if not nums:
        return "—"
    parts = []
    start = prev = nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def slides_label(numbers: Sequence[int]) -> str:
    """Return e.g. ``slide 18``, ``slides 3–7`` or ``no slides``."""
    if not numbers:
        return "no slides"
    noun = "slide" if len(set(numbers)) == 1 else "slides"
    return f"{noun} {compress_numbers(numbers)}"


def instructional_text(plan: Plan) -> str:
    """Return the session's time without breaks and its hours, as certificates state them:
    ``85 minutes, breaks excluded (1.5 hours)``."""
    minutes = instructional_minutes(plan)
    hours = credit_hours(minutes)
    return f"{minutes} minutes, breaks excluded ({hours_text(hours)} hour{'s' * (hours != 1)})"


def minutes_text(minutes: int) -> str:
    """Return a duration in words, e.g. ``90 minutes (1 h 30 min)``."""
    if minutes < 60:
        return f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    clock = f"{hours} h" + (f" {rest} min" if rest else "")
    return f"{minutes} minutes ({clock})"


def ground_rules(case: CaseConsultation | None) -> list[tuple[str, bool]]:
    """Return the group's ground rules as ``(text, is_standard)``, the outline's first.

    A standard rule is added when no rule of the outline mentions its topic, so the six
    essentials (confidentiality, recognising the client, recording, de-identification, online
    privacy, scope) are always there.
    """
    own = list(case.ground_rules) if case else []
    lowered = " ".join(own).casefold()
    rules = [(r, False) for r in own]
    for text, stems in STANDARD_GROUND_RULES:
        if not any(stem in lowered for stem in stems):
            rules.append((text, True))
    return rules


def case_structure(case: CaseConsultation | None) -> list[str]:
    """Return the case-presentation steps: the outline's, else the standard five."""
    return list(case.structure) if case else list(STANDARD_STRUCTURE)


def needs_case_consultation(section: Section) -> bool:
    """Return True when the section needs case-consultation structure and ground rules."""
    return section.activity == "case consultation" or (
        section.facilitator.case_consultation is not None
    )


def group_exercises(plan: Plan) -> list[Exercise]:
    """Return the exercises run in pairs, triads or small groups (they need breakout rooms)."""
    return [
        ex
        for seg in plan.segments
        for ex in seg.section.facilitator.exercises
        if ex.format in GROUP_FORMATS
    ]


def materials(plan: Plan, *, deck_file: str, handout_file: str) -> list[str]:
    """Return the materials and preparation list, in the order a facilitator prepares.

    The deck, the handout (one per participant), a timer, breakout rooms when an exercise is
    in pairs, triads or small groups, and a case to consult on come first; then the outline's
    own materials, as customized for the audience (an audience excludes a line by id or tag).
    """
    handout = f"Client handout: print one per participant ({handout_file})"
    if plan.client_group:
        # The members are the clients: the handout is theirs to keep, not to pass on.
        handout = f"Handout: print one for each member to keep ({handout_file})"
        if plan.handout.form:
            handout += ", or email the fillable PDF, which members can type into and save"
        handout += "."
    else:
        if plan.handout.form:
            handout += ", or email the fillable PDF, which clients can type into and save"
        if plan.handout.given_by == "participants":
            handout += (
                ". Participants may give it to their clients. It has a 'Your therapist' block "
                "for their name and phone, and credits you only as its author."
            )
        else:
            handout += ". It is for your own clients and carries your contact details."
    items = [
        f"Slide deck: {deck_file} (open it in presenter view so you can see the speaker notes).",
        handout,
        "A visible timer or clock for exercises and the run of show.",
    ]
    grouped = group_exercises(plan)
    if grouped:
        names = ", ".join(f"{ex.title} ({ex.format})" for ex in grouped)
        items.append(
            f"For a virtual group: breakout rooms set up in advance for {names}; "
            "practise opening and closing them."
        )
    if any(needs_case_consultation(seg.section) for seg in plan.segments):
        items.append(
            "Ask one participant a week ahead to bring a de-identified case for consultation."
        )
    if plan.handout.form:
        items.append(FORM_PRIVACY)
    items.extend(m if isinstance(m, str) else m.text for m in plan.outline.materials)
    return items


FORM_PRIVACY = (
    "Privacy of the fillable handout: tell clients that what they type is saved inside the "
    "file and that email may not be private; they can bring it to the session or send it "
    "through your (or their therapist's) secure client portal."
)
"""What therapists tell clients about the fillable form; the form itself says the same."""

DISTRESS_PLAN = (
    "Before an exercise, ask everyone to choose a small stress, not their hardest moment, and "
    "say that anyone may pass or watch instead.",
    "If someone becomes distressed, slow down; offer a break and name it as ordinary.",
    "Check in privately: in the room, a quiet word at the break; online, a private chat "
    "message or a breakout room of two.",
    "Point them to their own supports (their therapist, consultant or supervisor) and, if "
    "they may be at risk, to the crisis line:",
)
"""The plan for a participant who becomes distressed; the crisis line is added from the
practice profile's locale."""

EFT_STATUS = (
    "This session introduces EFT-informed ideas. It is not an approved EFT training and does "
    "not count toward EFT certification."
)
"""What the guide says about the session's standing, so no one mistakes it for EFT training."""

PARTNER_VIOLENCE = (
    "Partner violence and coercive control are contraindications to conjoint work. Before any "
    "couples exercise or hand-holding practice, assess each partner alone for violence, "
    "threats and control. The couples handout tells clients to skip the practice and talk "
    "to their therapist alone if a partner hurts, threatens or controls them, and gives the "
    "domestic violence line:"
)
"""The couples caveat for facilitators; the locale's domestic violence line is added."""


def mentions_eft(plan: Plan) -> bool:
    """Return True when the workshop is about EFT (title, keywords or section titles say so)."""
    words = [plan.outline.title, *plan.outline.keywords, *(s.title for s in plan.outline.sections)]
    return any(re.search(r"\bEFT\b|emotionally focused", w, re.IGNORECASE) for w in words)


def before_you_use(plan: Plan) -> list[str]:
    """Return what the presenter must add or confirm before using the guide, in order.

    Licence and jurisdiction, training status only if true, conflict of interest, CE status
    (not for a client group) and the crisis line for the locale; each example value still in
    the profile or outline (see :mod:`generator.source.placeholders`) is named.
    """
    from generator.source import placeholders, safety

    practice = plan.practice
    items = [
        "Your licence and the jurisdiction you practise in, in 'credentials' of the practice "
        "profile.",
        "Your training status, only as it is true: add a certification only if the certifying "
        "body granted it.",
        "Your conflict-of-interest statement (financial relationships, products, sponsors).",
    ]
    # A client group earns no credit, so its guide says nothing of it (see credit_line).
    if not plan.client_group:
        items.append(credit_line(practice))
    whose = "your group's members" if plan.client_group else "your participants' clients"
    items.append(
        f"The crisis line for {whose} (locale {practice.locale}): "
        f"\u201c{safety.crisis_line(practice)}\u201d"
    )
    left = placeholders.find(practice, plan.outline)
    if left:
        names = ", ".join(p.where for p in left)
        items.append(f"Still example values, to replace: {names}.")
    return items


def evaluation_item(objective_text: str, lead: str = "I can now") -> str:
    """Return the rating statement for an objective: ``I can now describe …``.

    The first letter is lower-cased unless the first word is an acronym (e.g. "EFT").
    """
    text = objective_text.strip()
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return f"{lead} {text}"
    return f"{lead} {text[:1].lower()}{text[1:]}"


def credit_line(practice: Practice) -> str:
    """Return what participants receive: CE credit only through a named, approved sponsor."""
    sponsor = ce_sponsor(practice)
    if sponsor is not None:
        return (
            "Participants who attend in full receive a certificate of completion with "
            f"continuing education credit through {sponsor.name.strip()}."
        )
    if practice.ce_sponsor and practice.ce_sponsor.strip():
        return f"Continuing education credit is offered through {practice.ce_sponsor.strip()}."
    return (
        "Participants receive a certificate of attendance. This session is not approved for "
        "continuing education; do not describe it as such."
    )


def coi_line(practice: Practice) -> str:
    """Return the conflict-of-interest line; a missing statement is shown as missing."""
    if practice.conflict_of_interest and practice.conflict_of_interest.strip():
        return f"Conflict of interest: {practice.conflict_of_interest.strip()}"
    return "Conflict of interest: none declared in the practice profile."


def check_sums(plan: Plan) -> int:
    """Return the run of show's total minutes; raise RenderError naming both sums if off.

    ``make_plan`` already refuses outlines whose sections do not add up; this guards the
    renderer against a plan built some other way.
    """
    total = sum(seg.minutes for seg in plan.segments)
    if total != plan.duration:
        raise RenderError(
            f"The run of show adds up to {total} minutes but the session is "
            f"{plan.duration} minutes."
        )
    return total


def slide_heading(number: int, title: str) -> str:
    """Return the heading of one slide's notes, e.g. ``Slide 7 — Wired for Connection``."""
    return f"Slide {number} — {title}"


def join_nonempty(parts: Sequence[str | None], sep: str = " · ") -> str:
    """Return the non-empty parts joined by ``sep``."""
    return sep.join(p for p in parts if p)
