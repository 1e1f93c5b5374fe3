"""Read who attended: a roster CSV, or a Zoom or Microsoft Teams participant report.

:func:`read_attendance` returns an :class:`Attendance`: one :class:`Attendee` per person with
every interval they were seen in, as the file says (rejoining gives several intervals; two
devices at once give overlapping ones — :mod:`generator.plan.attendance` takes their union).

What is recognised, by its header row (not by the file's name):

* **A roster** as Excel saves it: a header row with a name column (``Name``, ``Full name``,
  ``Participant``, or ``First name`` + ``Last name``) and optionally ``Email``, ``Licence`` /
  ``License`` (number, or type + number) and ``Time in`` / ``Time out`` (a sign-in sheet).
  Without times, everyone listed attended the whole session.
* **Zoom's participant report** (web portal → Reports → Usage → Participants → Export): columns
  ``Name (Original Name)``, ``User Email``, ``Join Time``, ``Leave Time``, ``Duration (Minutes)``
  and more (``Guest``, ``Recording Consent``, ``In Waiting Room``), with or without the meeting
  rows (``Meeting ID``, ``Topic``, ``Start Time``, ...) above them, or on the same row as in the
  2023+ layout.
* **Microsoft Teams' attendance report** (the .csv downloaded from a meeting's Attendance tab,
  2021+ layout): sections ``1. Summary`` (``Start time``, ...), ``2. Participants`` and
  ``3. In-Meeting Activities`` with ``Name``, ``Join Time``, ``Leave Time``, ``Duration``,
  ``Email``, ``Role``; the intervals come from section 3 (section 2 only when 3 is missing).
  The 2020-21 layout (``Full Name``, ``User Action``, ``Timestamp``) is read too.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 (what Teams writes), and
Windows-1252 (what Excel's plain "CSV" writes on Windows). Delimiters: comma, semicolon (Excel in
many European locales) or tab, whichever the header row uses.

Every problem is a :class:`~generator.errors.WorkshopError` naming the file and line.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import OutlineError, Problem, WorkshopError, display_path
from generator.source.paths import os_cause, why_unreadable

if TYPE_CHECKING:
    from generator.source.model import Practice

MAX_BYTES = 20 * 1024 * 1024
"""A meeting report of 10,000 rows is under 2 MB; anything far larger is not one."""

Interval = tuple[datetime, datetime]


class RosterError(WorkshopError):
    """The roster or meeting report cannot be read."""


@dataclass(frozen=True)
class Attendee:
    """One person, with every interval the file shows them present (possibly overlapping)."""

    name: str
    email: str | None = None
    licence: str | None = None
    intervals: tuple[Interval, ...] = ()
    lines: tuple[int, ...] = ()
    """The file's line numbers this person was read from, for messages and the record."""


@dataclass(frozen=True)
class Attendance:
    """What a roster or meeting report says about who attended.

    ``timed`` is False for a roster without times: everyone listed attended in full.
    ``meeting_start`` is the meeting's start as the report states it, when it does.
    """

    path: Path
    kind: str
    attendees: tuple[Attendee, ...]
    timed: bool
    meeting_start: datetime | None = None
    dated: bool = True
    """False when the times carry no date (a sign-in sheet's 9:58): they were put on the
    session's date, or on a stand-in day when that is not known."""
    left_out: tuple[str, ...] = field(default=())
    """People not counted as participants (the meeting's organizer or host), by name."""

    @property
    def online(self) -> bool:
        """Return True when the file is a meeting platform's report (a live online session)."""
        return self.kind != ROSTER

    def dates(self) -> list[date]:
        """Return the dates the file's join times fall on, earliest first."""
        return sorted({start.date() for a in self.attendees for start, _ in a.intervals})


ROSTER = "roster"
ZOOM = "Zoom participant report"
TEAMS = "Microsoft Teams attendance report"
TEAMS_LEGACY = "Microsoft Teams attendance report (2020-21 layout)"
REPORT = "meeting report"


# --------------------------------------------------------------------------- columns


def _norm(cell: str) -> str:
    """Return a header cell compared case- and spacing-blind, without BOM or quotes."""
    cell = cell.replace("\ufeff", "").strip().strip('"').strip()
    return re.sub(r"\s+", " ", cell).casefold()


_NAME = ("name (original name)", "name", "full name", "participant", "participant name")
_NAME += ("attendee", "attendee name", "display name")
_FIRST = ("first name", "given name", "first")
_LAST = ("last name", "surname", "family name", "last")
_EMAIL = ("email", "e-mail", "email address", "e-mail address", "user email", "mail")
_UPN = ("participant id (upn)",)
_LICENCE = re.compile(r"^(licen[cs]e|lic\.?)( ?(number|no\.?|#|num\.?))?$")
_LICENCE_TYPE = re.compile(r"^licen[cs]e type$")
_IN = ("time in", "sign in", "sign-in", "signed in", "in", "arrival", "arrived")
_IN += ("join time", "first join", "join")
_OUT = ("time out", "sign out", "sign-out", "signed out", "out", "departure", "left")
_OUT += ("leave time", "last leave", "leave")


def _find(header: list[str], names: tuple[str, ...], after: int = -1) -> int | None:
    """Return the index of the first column named one of ``names`` (in their order of
    preference) that comes after column ``after``, or None."""
    for name in names:
        for index, cell in enumerate(header):
            if index > after and cell == name:
                return index
    return None


def _find_re(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, cell in enumerate(header) if pattern.match(cell)), None)


@dataclass(frozen=True)
class _Columns:
    """Where each field of a participant row is, by column index."""

    name: int | None
    first: int | None = None
    last: int | None = None
    email: int | None = None
    licence: int | None = None
    licence_type: int | None = None
    start: int | None = None
    end: int | None = None
    role: int | None = None
    action: int | None = None
    stamp: int | None = None


def _columns(header: list[str]) -> _Columns | None:
    """Return the participant columns of ``header``, or None when it names no person."""
    if "user action" in header and "timestamp" in header:
        return _Columns(
            name=_find(header, ("full name", "name")),
            action=header.index("user action"),
            stamp=header.index("timestamp"),
        )
    name = _find(header, _NAME)
    first, last = _find(header, _FIRST), _find(header, _LAST)
    if name is None and (first is None or last is None):
        return None
    # Zoom's 2023+ layout repeats "User Email" for the host and the participant: take the one
    # after the participant's name.
    email = _find(header, _EMAIL, after=name if name is not None else -1)
    if email is None:
        email = _find(header, _EMAIL)
    if email is None:
        email = _find(header, _UPN)
    return _Columns(
        name=name,
        first=first,
        last=last,
        email=email,
        licence=_find_re(header, _LICENCE),
        licence_type=_find_re(header, _LICENCE_TYPE),
        start=_find(header, _IN),
        end=_find(header, _OUT),
        role=_find(header, ("role",)),
    )


# --------------------------------------------------------------------------- decoding


def _decode(path: Path, data: bytes) -> str:
    """Return the file's text; raise RosterError for a file that is not text."""
    shown = display_path(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(b"PK\x03\x04"):
        raise RosterError(
            f"{shown}: this is an Excel workbook (.xlsx), not a CSV file — in Excel choose "
            "File > Save As > 'CSV UTF-8 (Comma delimited)' and give that file."
        )
    if data.startswith(b"%PDF") or b"\x00" in data[:4096]:
        raise RosterError(
            f"{shown}: this is not a CSV file (it holds binary data) — export the roster or "
            "the meeting's participant report as CSV."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252.
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """Return the delimiter the file's first lines use most: comma, semicolon or tab."""
    sample = "\n".join(text.splitlines()[:30])
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best


# --------------------------------------------------------------------------- times

_FAMILIES: dict[str, tuple[str, ...]] = {
    "year-first": ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"),
    "month-first": tuple(
        f"%m/%d/{y} {t}"
        for y in ("%Y", "%y")
        for t in ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
    ),
    "day-first": tuple(
        f"%d{sep}%m{sep}{y} {t}"
        for sep in ("/", ".", "-")
        for y in ("%Y", "%y")
        for t in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")
    ),
}
_TIME_ONLY = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")


def _clean_time(text: str) -> str:
    """Return a time stamp with its spacing, commas, 'T' and a.m./p.m. made uniform."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"(?<=\d)T(?=\d)", " ", text)
    text = re.sub(r"\s*([ap])\.?\s*m\.?$", lambda m: f" {m.group(1).upper()}M", text, flags=re.I)
    text = re.sub(r"(?<=\d)\s*,\s*", " ", text)
    text = re.sub(r"([+-]\d\d:?\d\d|Z)$", "", text).strip()
    return re.sub(r"\s+", " ", text)


def _parse_with(text: str, formats: tuple[str, ...]) -> datetime | None:
    for fmt in formats:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%Y" in fmt and value.year < 1990:
            continue  # "7/22/26" read with a four-digit year
        return value
    return None


@dataclass(frozen=True)
class _Stamp:
    """A time stamp as read from one cell, with where it stands."""

    text: str
    line: int
    column: int
    what: str


class _Clock:
    """Reads every time stamp of a file in one layout, chosen so that all of them parse.

    A stamp such as 03/04/2026 reads as March 4 or April 3: the layout is chosen for the whole
    file (the one under which every stamp parses, the session's date first, then month first
    as Zoom and Teams write in the US), never stamp by stamp.
    """

    def __init__(self, path: Path, stamps: list[_Stamp], session_date: date | None) -> None:
        self.path = path
        cleaned = [_clean_time(s.text) for s in stamps]
        self.family: str | None = None
        self.values: dict[str, datetime] = {}
        time_only = all(_parse_with(c, _TIME_ONLY) for c in cleaned)
        if cleaned and time_only:
            self.family = "time"
            return
        fits = []
        for family, formats in _FAMILIES.items():
            values = {c: _parse_with(c, formats) for c in set(cleaned)}
            if all(v is not None for v in values.values()):
                fits.append((family, values))
        if session_date is not None:
            fits.sort(key=lambda f: session_date not in {v.date() for v in f[1].values()})
        if fits:
            self.family, self.values = fits[0][0], fits[0][1]  # type: ignore[assignment]
            return
        # Name the first stamp that no layout reads.
        for stamp, clean in zip(stamps, cleaned, strict=True):
            if not any(_parse_with(clean, f) for f in (*_FAMILIES.values(), _TIME_ONLY)):
                raise RosterError(
                    "",
                    [
                        Problem(
                            display_path(path),
                            stamp.line,
                            stamp.column,
                            stamp.what,
                            f"'{stamp.text}' cannot be read as a date and time — write it like "
                            "2026-03-14 09:58 or 03/14/2026 09:58:12 AM",
                        )
                    ],
                )
        first = stamps[0]
        raise RosterError(
            "",
            [
                Problem(
                    display_path(path),
                    first.line,
                    first.column,
                    first.what,
                    "the times in this file mix day-first and month-first dates — write every "
                    "date one way, e.g. 2026-03-14 09:58",
                )
            ],
        )

    def read(self, text: str, day: date | None) -> datetime:
        """Return the stamp ``text``; a time without a date falls on ``day``."""
        clean = _clean_time(text)
        if self.family == "time":
            parsed = _parse_with(clean, _TIME_ONLY)
            assert parsed is not None  # every stamp parsed when the family was chosen
            return datetime.combine(day or date(2000, 1, 1), parsed.time())
        return self.values[clean]


# --------------------------------------------------------------------------- reading


def _clean_name(text: str) -> str:
    """Return a name as printed: Unicode composed (NFC), spacing collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _display_name(text: str) -> str:
    """Return Zoom's 'Name (Original Name)' as the name shown in the meeting."""
    text = _clean_name(text)
    match = re.match(r"^(.+?) \(([^()]+)\)$", text)
    return match.group(1) if match else text


def _person_key(name: str, email: str | None) -> str:
    """Return who a row is: the email when given (two devices, one account), else the name."""
    if email:
        return email.casefold()
    return unicodedata.normalize("NFKD", name).casefold()


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def read_attendance(
    path: str | Path,
    *,
    session_date: date | None = None,
    host: tuple[str, ...] = (),
) -> Attendance:
    """Return who attended according to the roster or meeting report at ``path``.

    ``session_date`` chooses between day-first and month-first dates and dates a roster's
    times of day; ``host`` lists names or emails of the presenter, left out of a meeting
    report (the organizer is, too). Raises :class:`RosterError` naming the file and line.
    """
    path = Path(path)
    shown = display_path(path)
    # A pipe is refused before it is opened (reading one waits for a writer that never
    # comes); a folder, a dangling link or a permission error is named as other paths are.
    why = why_unreadable(path)
    if why is not None:
        raise RosterError("", [Problem(shown, 1, 1, "--roster", f"this file {why}")])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RosterError(
                f"{shown}: the file is {size / 1024 / 1024:.1f} MB, too large for a roster or "
                "meeting report — check that it is the right file."
            )
        data = path.read_bytes()
    except OSError as exc:  # changed since it was checked
        raise RosterError(
            "", [Problem(shown, 1, 1, "--roster", f"this file {os_cause(exc)}")]
        ) from None
    text = _decode(path, data)
    if not text.strip():
        raise RosterError(f"{shown}: the file is empty — export the roster or report again.")
    rows = _rows(text)
    return _Reader(path, rows, session_date, host).read()


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Return each non-empty row with the line it starts on."""
    reader = csv.reader(text.splitlines(), delimiter=_delimiter(text))
    out = []
    line = 1
    for row in reader:
        if any(cell.strip() for cell in row):
            out.append((line, row))
        line = reader.line_num + 1
    return out


class _Reader:
    """Turns the rows of one file into an :class:`Attendance`."""

    def __init__(
        self,
        path: Path,
        rows: list[tuple[int, list[str]]],
        session_date: date | None,
        host: tuple[str, ...],
    ) -> None:
        self.path = path
        self.shown = display_path(path)
        self.rows = rows
        self.session_date = session_date
        self.host = {h.casefold() for h in host if h}

    def problem(self, line: int, column: int, where: str, message: str) -> RosterError:
        return RosterError("", [Problem(self.shown, line, column, where, message)])

    def read(self) -> Attendance:
        header_at, columns = self._header()
        header = [_norm(c) for c in self.rows[header_at][1]]
        kind = self._kind(header, columns)
        body = self._body(header_at, header)
        meeting_start_text = self._summary_value(("start time", "meeting start time"))
        if kind == ZOOM:
            # The meeting rows name the host by email: the presenter gets no certificate.
            host = self._summary_value(("user email",))
            if host:
                self.host.add(host[0].casefold())
        if columns.action is not None:
            return self._legacy_teams(body, columns, meeting_start_text)
        stamps = []
        for line, row in body:
            for index, what in ((columns.start, "join"), (columns.end, "leave")):
                if index is not None and _cell(row, index):
                    stamps.append(_Stamp(_cell(row, index), line, index + 1, _what(kind, what)))
        timed = columns.start is not None
        if columns.start is not None and columns.end is None:
            raise self.problem(
                self.rows[header_at][0],
                columns.start + 1,
                "",
                "there is a column for the time in but none for the time out — add a "
                "'Time out' column (or remove 'Time in' if everyone stayed throughout)",
            )
        extra = (
            [_Stamp(meeting_start_text[0], meeting_start_text[1], 2, "start time")]
            if (meeting_start_text)
            else []
        )
        clock = _Clock(self.path, [*stamps, *extra], self.session_date) if timed else None
        meeting_start = clock.read(extra[0].text, self.session_date) if clock and extra else None
        people: dict[str, dict] = {}
        left_out: list[str] = []
        for line, row in body:
            name = self._name(row, columns, kind)
            if name is None:
                raise self.problem(
                    line,
                    (columns.name or columns.first or 0) + 1,
                    "",
                    self._no_name(header, columns),
                )
            email = _cell(row, columns.email) or None
            role = _cell(row, columns.role).casefold()
            if role == "organizer" or {name.casefold(), (email or "").casefold()} & self.host:
                if name not in left_out:
                    left_out.append(name)
                continue
            licence = " ".join(
                p for p in (_cell(row, columns.licence_type), _cell(row, columns.licence)) if p
            )
            # A row renamed in the meeting ("Kai's iPhone (Kai Moana)") names a device as often
            # as a person: a row under the person's own name wins.
            renamed = name != _clean_name(_cell(row, columns.name)) if kind == ZOOM else False
            person = people.setdefault(
                _person_key(name, email),
                {"name": name, "email": email, "licence": None, "intervals": [], "lines": [],
                 "renamed": renamed},
            )  # fmt: skip
            if person["renamed"] and not renamed:
                person["name"], person["renamed"] = name, False
            person["licence"] = person["licence"] or licence or None
            person["lines"].append(line)
            if clock is not None:
                person["intervals"].append(self._interval(row, line, columns, clock, kind))
        if not people:
            raise self.problem(
                self.rows[header_at][0],
                1,
                "",
                "the file lists no participants under its header row — export the report "
                "again, or add one row per participant",
            )
        attendees = tuple(
            Attendee(
                p["name"],
                p["email"],
                p["licence"],
                tuple(sorted(p["intervals"])),
                tuple(p["lines"]),
            )
            for p in people.values()
        )
        dated = clock is None or clock.family != "time"
        return Attendance(self.path, kind, attendees, timed, meeting_start, dated, tuple(left_out))

    # -- the header and the kind of file

    def _header(self) -> tuple[int, _Columns]:
        """Return the index of the participant header row and its columns.

        A Teams report has several tables: the in-meeting activities (every join and leave)
        win over the participants table (first join and last leave only).
        """
        found: list[tuple[int, _Columns]] = []
        for index, (_, row) in enumerate(self.rows):
            header = [_norm(c) for c in row]
            columns = _columns(header)
            if columns is not None:
                found.append((index, columns))
        if not found:
            first_line, first = self.rows[0]
            cells = ", ".join(repr(c.strip()) for c in first if c.strip())[:200]
            if all(len(row) == 1 for _, row in self.rows):
                raise self.problem(
                    first_line,
                    1,
                    "",
                    "this does not look like a CSV file with columns (no comma, semicolon or "
                    "tab separates them) — save the roster as CSV with a header row: Name, "
                    "Email, Licence",
                )
            raise self.problem(
                first_line,
                1,
                "",
                f"no column holds the participants' names (the first row has: {cells}) — "
                "add a header row whose first cell is Name (or First name and Last name)",
            )
        for index, columns in found:
            header = [_norm(c) for c in self.rows[index][1]]
            if "join time" in header and "leave time" in header and columns.start is not None:
                return index, columns
        return found[0]

    def _kind(self, header: list[str], columns: _Columns) -> str:
        if columns.action is not None:
            return TEAMS_LEGACY
        if "name (original name)" in header:
            return ZOOM
        sections = {_norm(row[0]) for _, row in self.rows if row}
        if {"1. summary", "3. in-meeting activities", "2. participants"} & sections or (
            columns.role is not None and columns.start is not None
        ):
            return TEAMS
        if "join time" in header or "first join" in header:
            return REPORT
        return ROSTER

    def _body(self, header_at: int, header: list[str]) -> list[tuple[int, list[str]]]:
        """Return the rows of the participant table: up to a blank-line section title."""
        body = []
        for line, row in self.rows[header_at + 1 :]:
            filled = [c for c in row if c.strip()]
            if len(filled) == 1 and re.match(r"^\d+\.\s", filled[0].strip()):
                break  # the next section of a Teams report ("3. In-Meeting Activities")
            if [_norm(c) for c in row] == header:
                continue  # a header repeated (two reports pasted together)
            body.append((line, row))
        return body

    def _summary_value(self, keys: tuple[str, ...]) -> tuple[str, int] | None:
        """Return the value and line of a meeting-level field (Zoom's meeting rows, Teams'
        summary): the cell under or beside a cell named one of ``keys``."""
        for index, (_, row) in enumerate(self.rows):
            cells = [_norm(c) for c in row]
            filled = [c for c in row if c.strip()]
            if len(filled) == 2 and _norm(filled[0]) in keys:
                return filled[1].strip(), self.rows[index][0]
            if "meeting id" in cells or "topic" in cells:
                # Zoom's meeting fields: the values are on the next row (in the 2023+ layout,
                # the first participant's row, which repeats them).
                at = _find(cells, keys)
                if at is not None and index + 1 < len(self.rows):
                    next_line, values = self.rows[index + 1]
                    if at < len(values) and values[at].strip():
                        return values[at].strip(), next_line
        return None

    # -- one row

    def _name(self, row: list[str], columns: _Columns, kind: str) -> str | None:
        if columns.name is not None and _cell(row, columns.name):
            raw = _cell(row, columns.name)
            return _display_name(raw) if kind == ZOOM else _clean_name(raw)
        parts = [_cell(row, columns.first), _cell(row, columns.last)]
        name = _clean_name(" ".join(p for p in parts if p))
        return name or None

    def _no_name(self, header: list[str], columns: _Columns) -> str:
        column = "Name" if columns.name is not None else "First name / Last name"
        return f"this row has no name in the {column} column — fill it in or delete the row"

    def _interval(
        self, row: list[str], line: int, columns: _Columns, clock: _Clock, kind: str
    ) -> Interval:
        start_text, end_text = _cell(row, columns.start), _cell(row, columns.end)
        assert columns.start is not None and columns.end is not None
        if not start_text or not end_text:
            column = columns.start if not start_text else columns.end
            what = _what(kind, "join" if not start_text else "leave")
            raise self.problem(
                line,
                column + 1,
                what,
                f"the {what} is empty — fill it in (or delete the row if they never came)",
            )
        start = clock.read(start_text, self.session_date)
        end = clock.read(end_text, start.date())
        if end < start:
            raise self.problem(
                line,
                columns.end + 1,
                _what(kind, "leave"),
                f"'{end_text}' is before the {_what(kind, 'join')} '{start_text}' — check the "
                "two times of this row",
            )
        return start, end

    def _legacy_teams(
        self,
        body: list[tuple[int, list[str]]],
        columns: _Columns,
        meeting_start_text: tuple[str, int] | None,
    ) -> Attendance:
        """Return the attendance of a 2020-21 Teams report: one row per join or leave."""
        assert columns.stamp is not None and columns.action is not None
        stamps = [
            _Stamp(_cell(r, columns.stamp), line, columns.stamp + 1, "timestamp")
            for line, r in body
        ]
        clock = _Clock(self.path, stamps, self.session_date)
        events = []
        for line, row in body:
            name = self._name(row, columns, TEAMS_LEGACY)
            if name is None:
                raise self.problem(line, (columns.name or 0) + 1, "", self._no_name([], columns))
            action = _cell(row, columns.action).casefold()
            if not action.startswith(("joined", "left")):
                raise self.problem(
                    line,
                    columns.action + 1,
                    "user action",
                    f"'{_cell(row, columns.action)}' is neither Joined nor Left",
                )
            when = clock.read(_cell(row, columns.stamp), self.session_date)
            events.append((when, line, name, action.startswith("joined")))
        events.sort()
        last = events[-1][0]
        people: dict[str, dict] = {}
        for when, line, name, joined in events:
            if name.casefold() in self.host:
                continue
            person = people.setdefault(
                _person_key(name, None), {"name": name, "open": [], "intervals": [], "lines": []}
            )
            person["lines"].append(line)
            if joined:
                person["open"].append(when)
            elif person["open"]:
                person["intervals"].append((person["open"].pop(0), when))
        attendees = []
        for person in people.values():
            # Still in the meeting when the report was downloaded: present until its last event.
            intervals = person["intervals"] + [(start, last) for start in person["open"]]
            attendees.append(
                Attendee(
                    person["name"], None, None, tuple(sorted(intervals)), tuple(person["lines"])
                )
            )
        start = clock.read(meeting_start_text[0], None) if meeting_start_text else None
        left_out = tuple(sorted({n for _, _, n, _ in events if n.casefold() in self.host}))
        dated = clock.family != "time"
        return Attendance(self.path, TEAMS_LEGACY, tuple(attendees), True, start, dated, left_out)


def _what(kind: str, which: str) -> str:
    """Return what a time column is called in messages: 'join time' or 'time in'."""
    if kind == ROSTER:
        return "time in" if which == "join" else "time out"
    return f"{which} time"


def check_names(attendance: Attendance, practice: Practice, practice_dir: Path, shown: str) -> None:
    """Raise when a participant's name has a character the profile's fonts cannot draw (the
    certificates and the sign-in sheet print every name)."""
    from generator.source.fonts import font_files
    from generator.source.glyphs import drawable, missing_in

    families = [
        font_files(practice.fonts.body, practice, practice_dir),
        font_files(practice.fonts.heading, practice, practice_dir),
    ]
    codepoints = drawable(families)
    problems = []
    for attendee in attendance.attendees:
        for char in missing_in(attendee.name, codepoints):
            problems.append(
                Problem(
                    shown,
                    attendee.lines[0],
                    1,
                    "",
                    f"the name '{attendee.name}' has the character '{char}' "
                    f"(U+{ord(char):04X}), which the font {families[0].family} cannot draw — "
                    "write the name in Latin letters, or choose a font that has it in the "
                    "practice profile",
                )
            )
    if problems:
        raise OutlineError("", problems)
