"""The per-segment pages of the facilitator guide: what to say, show and do, slide by slide.

Slide numbers and titles come from ``plan.slides`` (continuations included), so they match the
deck built from the same plan. Facilitator content comes from the customized outline's
sections: the plan strips facilitator-only bullets from slides (keeping them, finished, as
``hidden_points``), and the guide shows them back, marked, next to the slide they belong to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak

from generator.outputs.guide.styles import Story
from generator.outputs.guide.text import (
    GROUP_FORMATS,
    case_structure,
    ground_rules,
    join_nonempty,
    minutes_text,
    slide_heading,
    slides_label,
)
from generator.plan import Plan, PlannedSlide, Segment
from generator.plan.schedule import ACTIVITY_LABELS, time_span
from generator.source.model import DiscussionQuestion, Exercise, Section

GROUP_SIZES = {"pairs": "two", "triads": "three", "small groups": "four or five"}


Cite = Callable[[str], str]
"""Writes ``[@key]`` citations in facilitator text out: the plan's :meth:`Plan.cite`."""


def on_screen(slide: PlannedSlide) -> list[str]:
    """Return a short summary of what participants see on ``slide``."""
    bullets = [b.text + (f" ({'; '.join(b.sub)})" if b.sub else "") for b in slide.bullets]
    by_kind: dict[str, list[str | None]] = {
        "title": [slide.subtitle],
        "agenda": [f"{a.title} ({a.minutes} min)" for a in slide.agenda],
        "section": [slide.subtitle],
        "bullets": list(bullets),
        "quote": [f"“{slide.quote}”" + (f" — {slide.attribution}" if slide.attribution else "")],
        "statement": [slide.statement],
        "break": [slide.back, slide.message],
        "table": [
            f"Table: {', '.join(slide.columns)}; "
            f"{len(slide.rows)} row{'s' if len(slide.rows) != 1 else ''}"
        ],
        "image": [slide.caption or (None if slide.decorative else slide.alt)],
        "discussion": [slide.question, *slide.prompts],
        "exercise": [
            f"{len(slide.steps)} steps" + (f", {slide.minutes} minutes" if slide.minutes else "")
        ],
        "references": [f"{len(slide.references)} references in APA style"],
        "closing": [slide.message, "Presenter's contact details"],
    }
    if slide.kind == "two-column":
        cols = [c for c in (slide.left, slide.right) if c]
        return [
            join_nonempty([c.heading, "; ".join(b.text for b in c.bullets)], ": ") for c in cols
        ]
    return [t for t in by_kind.get(slide.kind, bullets) if t]


def _slide_groups(seg: Segment, plan: Plan) -> list[list[PlannedSlide]]:
    """Return the segment's slides grouped per outline slide: a first part and its
    continuations, which share their link to the outline slide (``source``)."""
    groups: list[list[PlannedSlide]] = []
    for number in seg.slide_numbers:
        slide = plan.slide(number)
        if groups and slide.part > 1 and groups[-1][0].source == slide.source:
            groups[-1].append(slide)
        else:
            groups.append([slide])
    return groups


def _slides(story: Story, plan: Plan, seg: Segment, cite: Cite) -> None:
    """Append slide-by-slide notes, every slide of the segment listed with its number."""
    hidden_slides = [s for s in seg.section.slides if s.facilitator_only]
    if not seg.slide_numbers and not hidden_slides:
        return
    story.add(story.p("Slide by slide", "h3"))
    for parts in _slide_groups(seg, plan):
        first = parts[0]
        for slide in parts:
            block = [story.p(slide_heading(slide.number, slide.title), "slide")]
            shown = on_screen(slide)
            if shown:
                block.append(
                    story.rich([("On screen: ", "b"), (" · ".join(shown), "")], "onscreen")
                )
            if slide.part > 1 and slide.notes and slide.notes == first.notes:
                block.append(story.p(f"Notes: as for slide {first.number}.", "notes"))
            elif slide.notes:
                block.append(story.p(slide.notes, "notes"))
            else:
                block.append(story.p("No notes.", "nonotes"))
            if slide is parts[-1]:
                for text in slide.hidden_points:
                    block.append(
                        story.rich(
                            [("Facilitator only (not on the slide): ", "b"), (text, "")],
                            "facilitator",
                        )
                    )
            story.keep(block)
    for s in hidden_slides:
        title = s.title or seg.section.title
        block = [
            story.rich([("Facilitator only (not in the deck): ", "b"), (title, "")], "facilitator")
        ]
        if s.notes:
            block.append(story.p(cite(s.notes), "notes"))
        story.keep(block)


def _discussion(story: Story, items: Sequence[DiscussionQuestion], cite: Cite) -> None:
    if not items:
        return
    story.add(story.p("Discussion questions", "h3"))
    for i, q in enumerate(items):
        block = [story.p(cite(q.question), "bullet", bulletText=f"{i + 1}.")]
        if q.listen_for:
            block.append(
                story.rich(
                    [("Listen for: ", "b"), ("; ".join(cite(x) for x in q.listen_for), "")],
                    "notes",
                )
            )
        if q.if_quiet:
            block.append(story.rich([("If it's quiet: ", "b"), (cite(q.if_quiet), "")], "notes"))
        story.keep(block)


def _exercise(story: Story, plan: Plan, ex: Exercise, cite: Cite) -> None:
    slides = [s.number for s in plan.slides if s.exercise is not None and s.exercise.id == ex.id]
    meta = join_nonempty(
        [
            f"Format: {ex.format}",
            f"{ex.minutes} minutes, debrief included",
            slides_label(slides) if slides else None,
        ]
    )
    story.keep(
        [
            story.p(f"Exercise: {ex.title}", "h3"),
            story.p(meta, "muted"),
            *([story.rich([("Purpose: ", "b"), (cite(ex.purpose), "")])] if ex.purpose else []),
            story.p("Steps", "label"),
        ]
    )
    story.numbered([cite(s) for s in ex.steps])
    if ex.debrief:
        story.add(story.p("Debrief", "label"))
        story.bullets([cite(d) for d in ex.debrief])
    if ex.virtual:
        story.labelled("Online", cite(ex.virtual))
    elif ex.format in GROUP_FORMATS:
        story.labelled(
            "Online",
            f"open breakout rooms of {GROUP_SIZES[ex.format]}; post the steps in the chat and "
            "send a one-minute warning before closing the rooms.",
        )
    elif ex.format == "solo":
        story.labelled(
            "Online",
            "everyone works on their own, cameras on or off as they like; post the steps in "
            "the chat and say when you will come back together.",
        )


def _case(story: Story, section: Section, cite: Cite) -> None:
    case = section.facilitator.case_consultation
    story.add(story.p("Case consultation", "h3"))
    story.para("Group-only material: never put any of it in a client handout.", "muted")
    story.add(story.p("Ground rules (read them aloud before the first case)", "label"))
    for rule, standard in ground_rules(case):
        text = cite(rule) + (" (standard rule)" if standard else "")
        story.add(story.p(text, "bullet", bulletText="•"))
    story.add(story.p("How a case is presented", "label"))
    story.numbered([cite(s) for s in case_structure(case)])
    if case and case.questions:
        story.add(story.p("Questions that focus the group", "label"))
        story.bullets([cite(q) for q in case.questions])


def segment(story: Story, plan: Plan, index: int, seg: Segment, cite: Cite) -> None:
    """Append one segment of the run of show with everything needed to lead it."""
    section = seg.section
    fac = section.facilitator
    story.add(CondPageBreak(2.2 * inch))
    story.add(story.p(f"{index}. {section.title}", "h2"))
    meta = join_nonempty(
        [
            time_span(plan, seg),
            minutes_text(seg.minutes),
            ACTIVITY_LABELS[section.activity],
            slides_label(seg.slide_numbers),
        ]
    )
    story.add(story.p(meta, "meta"))
    if section.activity == "break" and not seg.slide_numbers and not fac.goal:
        restart = time_span(plan, seg).split("–")[1]
        when = f"at {restart}" if plan.start else f"{restart} into the session"
        story.para(
            f"Break. Before people leave, say when you will start again ({when}), and restart "
            "on time.",
        )
    if fac.goal:
        story.labelled("Goal", cite(fac.goal))
    if fac.talking_points:
        story.add(story.p("Talking points", "h3"))
        story.bullets([cite(t) for t in fac.talking_points])
    _slides(story, plan, seg, cite)
    _discussion(story, fac.discussion, cite)
    for ex in fac.exercises:
        _exercise(story, plan, ex, cite)
    if section.activity == "case consultation" or fac.case_consultation is not None:
        _case(story, section, cite)
    if fac.tips:
        story.add(story.p("Facilitation tips", "h3"))
        story.bullets([cite(t) for t in fac.tips])
    if fac.transition:
        story.labelled("Transition", cite(fac.transition))
