"""Run every lint for one outline and one audience; a build-stopping problem becomes a finding."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check import (
    audience_text,
    built,
    claims,
    consistency,
    lint,
    reading_blocks,
    sizes,
    titles,
    unfinished,
)
from generator.check.findings import ERROR, WARNING, CheckOptions, Finding
from generator.errors import Problem, WorkshopError, display_path
from generator.source.locate import Locator
from generator.source.yaml_reader import format_path

if TYPE_CHECKING:
    from generator.build import BuildOptions, Job, PlannedJob
    from generator.plan import Plan


def error_findings(exc: WorkshopError, file: str, make: lint.Make, hint: str) -> list[Finding]:
    """Return a located error finding per problem in ``exc`` (one file-level one if unlocated)."""
    if exc.problems:
        return [
            make(ERROR, (p.file, p.line, p.column), p.where, p.message, hint) for p in exc.problems
        ]
    return [make(ERROR, (file, 1, 1), "", line, hint) for line in exc.format_message().splitlines()]


def yaml_findings(warnings: list[Problem], make: lint.Make) -> list[Finding]:
    """Return a warning finding per reader warning; the fix after " — " becomes the hint."""
    found = []
    for p in warnings:
        message, _, hint = p.message.partition(" — ")
        found.append(make(WARNING, (p.file, p.line, p.column), p.where, message, hint))
    return found


def run(outline_path: Path, audience: str | None, options: CheckOptions) -> list[Finding]:
    """Return the findings for one outline and audience (see :func:`check_workshop`)."""
    from generator.audience.load import load_workshop, source_warnings
    from generator.build import BuildOptions, Job, plan_job, practice_path
    from generator.plan import make_plan
    from generator.source.loader import load_practice

    make = lint.maker(audience)
    file = display_path(outline_path)
    fix_input = "fix this first: the outline must load before the other checks can run"
    try:
        resolved = load_workshop(outline_path, audience)
        profile = practice_path(options.practice, outline_path)
        # Contrast is reported by lint_contrast, so a pale colour does not stop the other lints.
        practice = load_practice(profile, slides=False)
    except WorkshopError as exc:
        return error_findings(exc, file, make, fix_input)

    outline = resolved.outline
    locator = Locator(outline_path, resolved.sources)
    practice_loc = Locator(profile)
    findings: list[Finding] = []
    findings += yaml_findings(source_warnings(resolved), make)
    findings += lint.lint_objectives(outline, locator, make)
    findings += lint.lint_timings(outline, locator, make)
    findings += audience_text.lint_missing_parts(outline, locator, make)
    findings += consistency.lint_virtual(outline, locator, make)
    findings += lint.lint_contrast(practice, practice_loc, make)
    findings += lint.lint_placeholders(
        practice, outline, practice_loc, locator, make, strict=options.strict
    )

    common = dict(
        base_dir=resolved.base_dir,
        practice_dir=profile.parent,
        audience=resolved.audience,
    )
    try:
        plain = make_plan(outline, practice, large_print=options.large_print, **common)
    except WorkshopError as exc:
        return findings + error_findings(exc, file, make, fix_input)
    blocks = reading_blocks.lint_blocks(
        plain.handout.content, outline, locator, options.max_grade, make
    )
    findings += blocks
    if not any("reads at US grade" in f.message for f in blocks):
        # The whole handout's grade says little once a hard block is named on its own.
        findings += lint.lint_readability(plain, locator, options.max_grade, make)
    findings += claims.lint_claims(plain, locator, make)
    findings += titles.lint_titles(plain, locator, make)
    findings += unfinished.lint_empty_references(plain, locator, make)
    findings += unfinished.lint_starter(outline, locator, make)

    # The build's own plan (deck metrics and splitting included), made once; the deck and the
    # handout checked below are rendered from it.
    job = Job(outline_path, audience, Path("."))
    build_options = BuildOptions(
        practice=options.practice, template=options.template, large_print=options.large_print
    )
    planned = None
    try:
        planned = plan_job(job, build_options)
    except WorkshopError as exc:
        if not any(f.where.startswith("colors.") for f in findings):
            hint = "the deck cannot be built until this is fixed"
            findings += error_findings(exc, file, make, hint)
    findings += lint.lint_slides(plain, planned.plan if planned else None, locator, make)
    if planned is not None:
        findings += sizes.lint_sizes(planned.plan, locator, make)
    findings += _built(job, build_options, planned, plain, locator, make, findings)
    return findings


def _built(
    job: Job,
    build_options: BuildOptions,
    planned: PlannedJob | None,
    plan: Plan,
    locator: Locator,
    make: lint.Make,
    earlier: list[Finding],
) -> list[Finding]:
    """Render every output a participant or client reads as ``build`` does, in memory, and
    check what it says.

    ``planned`` is the build's plan, or ``None`` when it could not be made; an output that shows
    no slides is then planned without the deck's metrics, rendered and checked anyway. A problem
    already among the ``earlier`` findings is not reported again.
    """
    from generator import outputs
    from generator.build import output_names, plan_job

    def render(row: outputs.Output) -> bytes | None:
        if planned is not None:
            inputs = outputs.RenderInputs(planned.plan, planned.metrics, output_names(plan.title))
        elif row.needs_slides:
            return None
        else:
            alone = plan_job(job, dataclasses.replace(build_options, only=(row.name,)))
            inputs = outputs.RenderInputs(alone.plan, None, output_names(alone.plan.title))
        return outputs.render(row.name, inputs)

    findings: list[Finding] = []
    read: list[tuple[outputs.Output, bytes]] = []
    # Client-facing outputs first: when one cannot be built, that error is the one to report.
    rows = sorted(outputs.OUTPUTS, key=lambda row: not row.client_facing)
    for row in rows:
        if row.reader == "facilitator":
            continue
        try:
            data = render(row)
        except WorkshopError as exc:
            # The colour/timing lints above already explain most render failures.
            if not any(f.severity == ERROR for f in findings):
                known = {(f.file, f.line, f.column, f.message) for f in earlier}
                findings += [
                    f
                    for f in error_findings(
                        exc, display_path(job.outline), make, f"the {row.name} cannot be built"
                    )
                    if (f.file, f.line, f.column, f.message) not in known
                ]
            continue
        if data is not None:
            read.append((row, data))

    for row, data in read:
        units = built.deck_slides(data) if row.suffix == ".pptx" else built.pdf_pages(data)
        hidden = built.secrets(plan.outline, for_client=row.client_facing)
        findings += _leaks(units, hidden, plan, locator, make, f"the {row.label}", row.unit)
        if row.client_facing:
            findings += _safety(units, plan, locator, make, row.name)
        if row.name == "handout":
            findings += _handout_length(units, planned.plan if planned else plan, locator, make)
        if row.client_facing and row.suffix == ".pdf":
            findings += _untagged(data, locator, make, row.label)
    return findings


MAX_HANDOUT_PAGES = 2
"""A standard-print handout reads best on one or two pages (one concept per page, 1-2 pages)."""


def _handout_length(pages: list[str], plan: Plan, locator: Locator, make: lint.Make) -> list:
    """Return a warning when a standard-print handout runs past two pages.

    Large print (18 pt, wider margins) may take more pages: it is not counted.
    """
    if plan.handout.large_print or len(pages) <= MAX_HANDOUT_PAGES:
        return []
    return [
        make(
            WARNING,
            locator.at(("handout",)),
            "handout",
            f"the client handout runs to {len(pages)} pages in standard print; it reads best "
            f"on {MAX_HANDOUT_PAGES}",
            "shorten the key ideas or the steps, leave a block out for this audience "
            "(exclude its id), or give fewer lines to write on",
        )
    ]


def _untagged(data: bytes, locator: Locator, make: lint.Make, label: str) -> list[Finding]:
    """Return an error for a client-facing PDF a screen reader cannot follow (see
    :mod:`generator.check.tagged`); the first few problems are named."""
    from generator.check import tagged  # pikepdf: loaded only when a PDF is checked

    problems = tagged.problems(data)
    if not problems:
        return []
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return [
        make(
            ERROR,
            locator.at(("handout",)),
            "handout",
            f"the {label} is not tagged for screen readers: {'; '.join(problems[:3])}{more}",
            "this is a fault in the renderer, not in your outline: report it with the outline",
        )
    ]


def _leaks(
    units: list[str],
    hidden: list[built.Secret],
    plan: Plan,
    locator: Locator,
    make: lint.Make,
    output: str,
    unit_name: str,
) -> list[Finding]:
    """Return an error for each secret found in ``units`` (the slides or pages of ``output``)."""
    public = built.public_texts(plan.outline, hidden)
    found = []
    for leak in built.find_leaks(units, hidden, public):
        what = "case-consultation material" if leak.secret.case else "facilitator-only text"
        found.append(
            make(
                ERROR,
                locator.in_model(plan.outline, leak.secret.path),
                format_path(leak.secret.path),
                f"{what} appears in {output} ({unit_name} {leak.unit}): \u201c{leak.probe}\u201d",
                "keep it out of what participants and clients see: mark the element "
                "'facilitator_only: true' or move it to the section's facilitator part",
            )
        )
    return found


def _safety(
    pages: list[str], plan: Plan, locator: Locator, make: lint.Make, output: str
) -> list[Finding]:
    """Return an error for each page of the client-facing ``output`` (the handout) without what
    every client page must carry.

    Every page: the crisis line, the one-line disclaimer and whom to contact (the
    practitioner's contact when they hand it to their own clients, else the "Your therapist"
    block). At least once: the full disclaimer, and on a couples handout the domestic violence
    line.
    """
    from generator.source import safety

    practice = plan.practice
    handout = getattr(plan, "handout", None)
    own_clients = getattr(handout, "given_by", "practitioner") == "practitioner"
    every = [
        ("the crisis line", safety.crisis_line(practice), "crisis_lines"),
        ("the one-line disclaimer", safety.SHORT_DISCLAIMER, "disclaimer"),
    ]
    if own_clients:
        every.append(("the practitioner's name", practice.practitioner.name, "practitioner"))
    else:
        every.append(("the 'Your therapist' block", "Your therapist:", "handout.given_by"))
    once = [("the full disclaimer", safety.disclaimer(practice), "disclaimer")]
    if getattr(handout, "couples", False):
        once.append(
            ("the domestic violence line", safety.domestic_violence_line(practice), "crisis_lines")
        )
    found = []

    def report(message: str, key: str) -> None:
        found.append(
            make(
                ERROR,
                locator.at(("handout",)),
                "handout",
                message,
                f"every client-facing handout must carry it; check '{key}' in the practice "
                "profile or the audience, and the handout renderer",
            )
        )

    for label, text, key in every:
        missing = [n for n, page in enumerate(pages, start=1) if not built.contains(page, text)]
        if missing:
            report(f"{label} is missing from {output} page(s) {', '.join(map(str, missing))}", key)
    for label, text, key in once:
        if not any(built.contains(page, text) for page in pages):
            report(f"{label} is missing from the {output}", key)
    if not own_clients:
        return found
    contact = safety.contact_parts(practice)
    if not contact:
        found.append(
            make(
                ERROR,
                locator.at(("handout",)),
                "handout",
                "the practice profile gives no way to contact the practitioner",
                "add an email, phone or website under 'contact:' in the practice profile",
            )
        )
    else:
        missing = [
            n
            for n, page in enumerate(pages, start=1)
            if not any(built.contains(page, part) for part in contact)
        ]
        if missing:
            found.append(
                make(
                    ERROR,
                    locator.at(("handout",)),
                    "handout",
                    f"no contact details on {output} page(s) {', '.join(map(str, missing))}",
                    "every client-facing page must say how to reach the practitioner",
                )
            )
    return found
