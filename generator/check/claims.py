"""Unsupported claims: a sentence on a participant-visible slide that reports a finding uncited.

Fellow therapists repeat what a slide says to their clients, so a slide that says a study
"found" or "showed" something, or that something "reduces", "increases" or "helps", names its
source. This lint reads the slides as participants see them (facilitator-only points removed,
citations written out) and warns, naming the slide, for each sentence that reports a finding
and carries no citation. Speaker notes and the guide are not checked: the presenter can qualify
a claim aloud, but the slide is what people photograph.

It is a heuristic on wording, so it can miss a claim made without these words; it never
blocks a build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from generator.check.findings import WARNING, Finding
from generator.plan import Plan, PlannedSlide
from generator.source.locate import Locator

Make = Callable[..., Finding]

FINDING = re.compile(
    r"\b(found|finds|show(s|ed|n)|demonstrat(es|ed)|prove[sdn]?|reduc(es|ed)|"
    r"increas(es|ed)|lower(s|ed)|improv(es|ed)|help(s|ed)|predict(s|ed)|"
    r"(research|studies|science|evidence)\W+(\w+\W+){0,2}?"
    r"(show|suggest|find|found|say|prove|confirm|tell)\w*)\b",
    re.IGNORECASE,
)
"""Words that report a finding: 'found', 'showed', 'reduces', 'helps', 'research shows' …"""

CITED = re.compile(r"\([^()]*\b(1[89]|20)\d\d[a-z]?\)")
"""An author–year citation as written out, e.g. '(Coan et al., 2006)' or 'Johnson (2019)'."""

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")


def visible_texts(slide: PlannedSlide) -> Iterator[str]:
    """Yield each text participants read on ``slide`` (titles excluded: they name, not claim)."""
    for bullet in slide.bullets:
        yield bullet.text
        yield from bullet.sub
    for column in (slide.left, slide.right):
        if column is not None:
            for bullet in column.bullets:
                yield bullet.text
                yield from bullet.sub
    for text in (
        slide.subtitle,
        slide.quote,
        slide.caption,
        slide.question,
        slide.message,
        slide.statement,
    ):
        if text:
            yield text
    for row in slide.rows:
        yield from row
    yield from slide.prompts
    yield from slide.steps


def uncited_claims(slide: PlannedSlide) -> list[str]:
    """Return the sentences on ``slide`` that report a finding without a citation."""
    claims = []
    for text in visible_texts(slide):
        for sentence in _SENTENCE.split(" ".join(text.split())):
            # A question asks; it reports nothing ("What helps them reach out?").
            if sentence.endswith("?"):
                continue
            if FINDING.search(sentence) and not CITED.search(sentence):
                claims.append(sentence)
    return claims


def lint_claims(plan: Plan, locator: Locator, make: Make) -> list[Finding]:
    """Return a warning per slide with uncited findings, quoting the first of them."""
    found = []
    for slide in plan.slides:
        claims = uncited_claims(slide)
        if not claims:
            continue
        more = f" (and {len(claims) - 1} more)" if len(claims) > 1 else ""
        found.append(
            make(
                WARNING,
                locator.in_model(plan.outline, slide.source),
                f"slide '{slide.title}'",
                f"reports a finding without a citation: \u201c{claims[0]}\u201d{more}",
                "cite the study with [@key] from the references, or word it as the article's "
                "view or a theory rather than a finding",
            )
        )
    return found
