"""``workshop certificates``: certificates for everyone who attended the session, and the record.

Reads the outline for one audience (its run of show says which minutes are instructional),
the practice profile and a roster or meeting report (:mod:`generator.source.roster`); decides
who qualifies (:mod:`generator.plan.attendance`); renders the certificates
(:mod:`generator.outputs.certificates.render`) and writes, all or nothing, a folder holding
``Certificates.pdf`` (a page each), ``certificates/Certificate - NAME.pdf`` (one each, to
email) and ``attendance-record.csv`` (everyone, with their minutes and whether a certificate
was issued).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem, WorkshopError, display_path
from generator.plan.attendance import DEFAULT_ALLOWED_ABSENCE, Outcome, Session

if TYPE_CHECKING:
    from generator.plan import Plan
    from generator.source.model import Practice

FORMATS = {"in-person": "in-person", "online": "live interactive online"}
"""``--format`` choices → how the certificate names the format."""


@dataclass(frozen=True)
class CertificateOptions:
    """What the command line says, beyond the outline."""

    roster: Path
    audience: str | None = None
    date: date | None = None
    allowed_absence: int = DEFAULT_ALLOWED_ABSENCE
    out: Path | None = None
    practice: Path | None = None
    start: str | None = None
    format: str | None = None


@dataclass
class CertificateResult:
    """What was made, for the command to report."""

    folder: Path
    kind: str
    session: Session
    format: str
    outcomes: list[Outcome]
    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def issued(self) -> list[Outcome]:
        """Return the outcomes with a certificate."""
        return [o for o in self.outcomes if o.qualifies]

    @property
    def short(self) -> list[Outcome]:
        """Return the outcomes without one: attendance fell short."""
        return [o for o in self.outcomes if not o.qualifies]


def parse_session_date(text: str | None) -> date | None:
    """Return the date an audience's free-text ``date`` names, or None if it names none.

    Reads 2026-03-14, March 14, 2026, Mar 14 2026 and 14 March 2026.
    """
    if not text:
        return None
    clean = re.sub(r"\s+", " ", text.replace(",", " ")).strip()
    for fmt in ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%A %B %d %Y"):
        try:
            return datetime.strptime(clean, fmt).date()
        except ValueError:
            continue
    return None


def date_text(day: date) -> str:
    """Return a date as certificates print it: ``March 14, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


def make_certificates(outline: Path, options: CertificateOptions) -> CertificateResult:
    """Return the certificates and attendance record for ``outline``, written to their folder.

    Nothing is written when anything is wrong: every check and every page comes first.
    Raises :class:`~generator.errors.WorkshopError` subclasses with located, plain messages.
    """
    from generator.atomic_files import write_folder_atomic
    from generator.audience.load import load_workshop
    from generator.build import Job, check_glyphs, practice_path
    from generator.plan import make_plan
    from generator.plan.attendance import evaluate
    from generator.source.loader import is_placeholder_practice, load_practice
    from generator.source.roster import check_names, read_attendance

    resolved = load_workshop(outline, options.audience)
    profile = practice_path(options.practice, outline)
    practice = load_practice(profile, slides=False)
    folder = options.out or Path("out") / outline.stem / (options.audience or "") / "certificates"
    # The title, presenter and provider are printed too: a character the font lacks is
    # located where it was typed, as a build does.
    check_glyphs(Job(outline, options.audience, folder), resolved, practice, profile)
    plan = make_plan(
        resolved.outline,
        practice,
        base_dir=resolved.base_dir,
        practice_dir=profile.parent,
        audience=resolved.audience,
        start=options.start,
    )
    audience = resolved.audience
    if plan.client_group and audience is not None:
        raise WorkshopError(
            f"The audience '{audience.name}' is a client group: its members are clients, not "
            "clinicians earning training hours, so no certificates are made for it."
        )
    day = options.date or parse_session_date(audience.date if audience else None)
    host = (practice.practitioner.name, practice.contact.email or "")
    attendance = read_attendance(options.roster, session_date=day, host=host)
    shown = display_path(options.roster)
    if attendance.timed and attendance.dated:
        first = attendance.dates()[0]
        if day is not None and first != day:
            line = min(line for a in attendance.attendees for line in a.lines)
            raise WorkshopError(
                "",
                [
                    Problem(
                        shown,
                        line,
                        1,
                        "",
                        f"this report is of a meeting on {date_text(first)}, but the session is "
                        f"on {date_text(day)} — give the report of this session's meeting, or "
                        f"--date {first.isoformat()} if the session's date is wrong",
                    )
                ],
            )
        day = first
    if day is None:
        raise WorkshopError(
            f"{shown}: the roster has no dates, and neither the command nor the audience gives "
            "the session's date — add --date YYYY-MM-DD (it is printed on the certificates)."
        )
    session, outcomes = evaluate(plan, attendance, day=day, allowed_absence=options.allowed_absence)
    fmt = options.format or ("online" if attendance.online else "in-person")
    result = CertificateResult(folder, attendance.kind, session, fmt, outcomes)
    if attendance.left_out:
        result.notes.append(
            "Left out as the meeting's host or organizer: " + ", ".join(attendance.left_out)
        )
    if attendance.timed:
        result.notes.append(
            f"The session was taken to start at {session.start:%H:%M} ({session.start_from})."
        )
    check_names(attendance, practice, profile.parent, shown)
    if is_placeholder_practice(practice):
        result.warnings.append(
            f"{display_path(profile)}: still holds the example practice details; put your own "
            "name and contact details there before you send these certificates."
        )
    result.files = _files(plan, practice, profile.parent, result)
    write_folder_atomic(folder, result.files)
    return result


def _files(
    plan: Plan, practice: Practice, practice_dir: Path, result: CertificateResult
) -> dict[str, bytes]:
    """Return every file of the certificates folder: name → bytes."""
    from generator.atomic_files import safe_file_stem
    from generator.outputs.certificates.render import (
        CertificateSet,
        Recipient,
        render_certificates,
    )
    from generator.plan.attendance import ce_sponsor, hours_text
    from generator.source import safety
    from generator.source.fonts import font_files

    session = result.session
    sponsor = ce_sponsor(practice)
    ce = sponsor is not None
    hours = hours_text(session.hours)
    unit = "hour" if session.hours == 1 else "hours"
    provider = (
        (practice.provider.name if practice.provider else None)
        or practice.contact.practice
        or practice.practitioner.name
    )
    cert = CertificateSet(
        heading="Certificate of Completion" if ce else "Certificate of Attendance",
        verb="completed" if ce else "attended",
        program=plan.title,
        date=date_text(session.date),  # type: ignore[arg-type]
        format=FORMATS[result.format],
        hours=f"{hours} CE credit {unit}" if ce else f"{hours} instructional {unit}",
        presenter=safety.practitioner_line(practice),
        provider=provider,
        sponsor_statement=(sponsor.approval_statement or "").strip() if sponsor else None,
        approval_number=(sponsor.approval_number or None) if sponsor else None,
        signature=(practice_dir / practice.signature).resolve() if practice.signature else None,
        signer=safety.practitioner_line(practice),
        fonts=font_files(practice.fonts.body, practice, practice_dir),
        primary=practice.colors.primary,
        text=practice.colors.text,
        paper=practice.paper,
        language=plan.outline.language,
        author=provider,
    )
    people = [Recipient(o.attendee.name, o.attendee.licence) for o in result.issued]
    files: dict[str, bytes] = {}
    singles: list[bytes] = []
    if people:  # when no one qualifies, the record alone says so
        combined, singles = render_certificates(cert, people)
        files["Certificates.pdf"] = combined
    names: dict[int, str] = {}
    taken: set[str] = set()
    for outcome, data in zip(result.issued, singles, strict=True):
        stem = f"Certificate - {safe_file_stem(outcome.attendee.name)}"
        name, n = stem, 1
        while name.casefold() in taken:  # two people of one name; macOS and Windows ignore case
            n += 1
            name = f"{stem} ({n})"
        taken.add(name.casefold())
        names[id(outcome)] = f"certificates/{name}.pdf"
        files[names[id(outcome)]] = data
    files["attendance-record.csv"] = _record(result, names)
    return files


def _record(result: CertificateResult, names: dict[int, str]) -> bytes:
    """Return the attendance record: everyone, their minutes, and the certificate issued.

    One row per person and nothing else, so it sorts and filters in a spreadsheet; the
    session's own figures repeat on every row.
    """
    session = result.session
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "Name",
            "Email",
            "Licence",
            "Instructional minutes attended",
            "Instructional minutes missed",
            "Certificate",
            "File",
            "Lines in the file",
            "Session date",
            "Session instructional minutes",
            "Hours",
            "Allowed absence",
            "Read from",
        ]
    )
    for o in result.outcomes:
        a = o.attendee
        writer.writerow(
            [
                a.name,
                a.email or "",
                a.licence or "",
                o.minutes,
                o.missed,
                "issued" if o.qualifies else "not issued",
                names.get(id(o), ""),
                " ".join(str(n) for n in a.lines),
                session.date.isoformat() if session.date else "",
                session.minutes,
                f"{session.hours:g}",
                session.allowed_absence,
                result.kind,
            ]
        )
    # Excel opens UTF-8 CSV correctly (accents) only with a byte-order mark.
    return buffer.getvalue().encode("utf-8-sig")
