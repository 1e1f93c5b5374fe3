"""Certificates of attendance: the practice profile's provider, sponsor and signature."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.build import BuildOptions, Job, plan_job
from generator.errors import OutlineError
from generator.source.loader import load_practice

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "all-kinds.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"


def _profile(tmp_path: Path, **extra: object) -> Path:
    """Return a copy of the shipped profile in ``tmp_path`` with ``extra`` fields added."""
    data = yaml.safe_load(PRACTICE.read_text(encoding="utf-8"))
    data.update(extra)
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- profile


def test_profile_takes_provider_sponsor_and_signature(tmp_path: Path) -> None:
    (tmp_path / "sig.png").write_bytes(
        (ROOT / "tests" / "bad" / "outlines" / "assets" / "ok.png").read_bytes()
    )
    path = _profile(
        tmp_path,
        provider={"name": "Rivers Training", "address": "Portland, OR"},
        sponsor={"name": "Approved Sponsor Inc.", "approval_statement": "Approved text."},
        signature="sig.png",
    )
    practice = load_practice(path)
    assert practice.provider is not None and practice.provider.name == "Rivers Training"
    assert practice.sponsor is not None and practice.sponsor.approval_number is None
    assert practice.signature == "sig.png"


def test_signature_must_be_an_image_beside_the_profile(tmp_path: Path) -> None:
    (tmp_path / "sig.png").write_text("not an image", encoding="utf-8")
    with pytest.raises(OutlineError) as caught:
        load_practice(_profile(tmp_path, signature="sig.png"))
    assert re.search(
        r"practice\.yaml:\d+:\d+: signature: this file is not an image", str(caught.value)
    )


def test_a_provider_name_the_font_cannot_draw_is_located(tmp_path: Path) -> None:
    profile = _profile(tmp_path, provider={"name": "Rivers \u2603 Training"})
    with pytest.raises(OutlineError) as caught:
        plan_job(Job(FIXTURE, None, tmp_path / "out"), BuildOptions(practice=profile))
    assert re.search(r"provider\.name: .*U\+2603", caught.value.format_message())


# --------------------------------------------------------------------------- attendance files
#
# The consult-90 audience of the sample outline starts at 18:30 and runs 90 minutes; its break
# (19:25-19:30) leaves 85 instructional minutes, 1.5 hours to the nearest quarter hour. Every
# file below holds the same five people:
#   Zoë Brontë (accents)   18:29:40-20:00:30            85 minutes  certificate
#   Sam Lee (left early)   18:31-19:20                  49 minutes  none
#   Ana Ortiz (rejoined)   18:30-19:05 and 19:12-20:00  78 minutes  certificate (7 missed)
#   Kai Moana (2 devices)  18:30-20:00 and 18:45-19:30  85 minutes  certificate, counted once
#   José Núñez (rejoined, breaks aside) 18:30-19:25 and 19:31-20:00  84 minutes  certificate

OUTLINE = ROOT / "outlines" / "science-of-connection.yaml"
EXPECTED = {
    "Zoë Brontë": (85, True),
    "Sam Lee": (49, False),
    "Ana Ortiz": (78, True),
    "Kai Moana": (85, True),
    "José Núñez": (84, True),
}
PEOPLE = [
    # name, email, licence, [(join, leave), ...] as 24-hour HH:MM[:SS] on 2026-03-14
    ("Zoë Brontë", "zoe@example.org", "LMFT 1234", [("18:29:40", "20:00:30")]),
    ("Sam Lee", "sam@example.org", "", [("18:31", "19:20")]),
    ("Ana Ortiz", "ana@example.org", "LPC 77", [("18:30", "19:05"), ("19:12", "20:00")]),
    ("Kai Moana", "kai@example.org", "", [("18:30", "20:00"), ("18:45", "19:30")]),
    ("José Núñez", "jose@example.org", "", [("18:30", "19:25"), ("19:31", "20:00")]),
]


def _clock(hhmm: str, style: str) -> str:
    """Return 24-hour ``hhmm`` on 2026-03-14 as the platform writes it."""
    parts = [int(p) for p in hhmm.split(":")] + [0]
    hour, minute, second = parts[:3]
    twelve = f"{(hour - 1) % 12 + 1}:{minute:02d}:{second:02d} {'PM' if hour >= 12 else 'AM'}"
    if style == "zoom":
        return f"03/14/2026 {(hour - 1) % 12 + 1:02d}:{minute:02d}:{second:02d} " + twelve[-2:]
    if style == "teams":
        return f"3/14/26, {twelve}"
    return twelve[:-6] + twelve[-3:] if second == 0 else twelve  # a sign-in sheet: "6:30 PM"


def zoom_report(tmp_path: Path) -> Path:
    """Write a Zoom participant report with its meeting rows; the host is the first row."""
    rows = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        f"812 3456 7890,The Science of Connection,{_clock('18:25', 'zoom')},"
        f"{_clock('20:01', 'zoom')},host@example.com,96,6",
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
        "Recording Consent,In Waiting Room",
        f"Dana Host,host@example.com,{_clock('18:25', 'zoom')},{_clock('20:01', 'zoom')},96,No,,No",
    ]
    for name, email, _, spans in PEOPLE:
        for n, (join, leave) in enumerate(spans):
            shown = f"{name}'s phone ({name})" if n and name == "Kai Moana" else name
            rows.append(f"{shown},{email},{_clock(join, 'zoom')},{_clock(leave, 'zoom')},1,No,,No")
    path = tmp_path / "participants_81234567890.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def teams_report(tmp_path: Path) -> Path:
    """Write a Teams attendance report: UTF-16, tab-separated, three sections."""
    rows = [
        "1. Summary",
        "Meeting title\tThe Science of Connection",
        "Attended participants\t6",
        f"Start time\t{_clock('18:25', 'teams')}",
        f"End time\t{_clock('20:01', 'teams')}",
        "Meeting duration\t1h 36m 0s",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
        f"Dana Host\t{_clock('18:25', 'teams')}\t{_clock('20:01', 'teams')}\t1h 36m\t"
        "host@example.com\thost@example.com\tOrganizer",
    ]
    for name, email, _, spans in PEOPLE:
        rows.append(
            f"{name}\t{_clock(spans[0][0], 'teams')}\t{_clock(spans[-1][1], 'teams')}\t1h\t"
            f"{email}\t{email}\tAttendee"
        )
    rows += ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    rows.append(
        f"Dana Host\t{_clock('18:25', 'teams')}\t{_clock('20:01', 'teams')}\t1h 36m\t"
        "host@example.com\tOrganizer"
    )
    for name, email, _, spans in PEOPLE:
        for join, leave in spans:
            rows.append(
                f"{name}\t{_clock(join, 'teams')}\t{_clock(leave, 'teams')}\t1m\t{email}\tAttendee"
            )
    path = tmp_path / "meetingAttendanceReport(The Science of Connection).csv"
    path.write_bytes("\r\n".join(rows).encode("utf-16"))
    return path


def roster(tmp_path: Path, *, times: bool = True) -> Path:
    """Write a sign-in roster as Excel's plain "CSV" saves it in Europe: Windows-1252, ';'."""
    header = "Name;Email;Licence" + (";Time in;Time out" if times else "")
    rows = [header]
    for name, email, licence, spans in PEOPLE:
        if not times:
            rows.append(f"{name};{email};{licence}")
            continue
        for join, leave in spans:  # one sign-in row per arrival
            rows.append(
                f"{name};{email};{licence};{_clock(join, 'sheet')};{_clock(leave, 'sheet')}"
            )
    path = tmp_path / "roster.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    return path


def _run(tmp_path: Path, source: Path, *extra: str) -> tuple[int, str, Path]:
    """Run ``workshop certificates`` for consult-90; return exit code, output and folder."""
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path / "certs"
    args = ["certificates", str(OUTLINE), "-a", "consult-90", "--roster", str(source)]
    args += ["--out", str(out), "--practice", str(PRACTICE), *extra]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output, out


def _record(out: Path) -> dict[str, dict[str, str]]:
    """Return the attendance record's participant rows by name."""
    import csv

    text = (out / "attendance-record.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    return {row["Name"]: row for row in rows}


@pytest.mark.parametrize(
    "make", [zoom_report, teams_report, roster], ids=["zoom", "teams", "roster"]
)
def test_attendance_is_the_union_of_intervals_within_instructional_time(
    make, tmp_path: Path
) -> None:
    extra = ["--date", "2026-03-14"] if make is roster else []
    code, output, out = _run(tmp_path, make(tmp_path), *extra)
    assert code == 0, output
    record = _record(out)
    assert {name: (int(r["Instructional minutes attended"]), r["Certificate"] == "issued")
            for name, r in record.items()} == EXPECTED  # fmt: skip
    assert "Dana Host" not in record  # the meeting's host or organizer is no participant
    assert "Sam Lee: 49 minutes (missed 36)" in output
    issued = sorted(p.name for p in (out / "certificates").iterdir())
    assert issued == sorted(f"Certificate - {name}.pdf" for name, (_, ok) in EXPECTED.items() if ok)
    assert "85 instructional minutes (breaks excluded) = 1.5 hours" in output


def test_allowed_absence_decides_who_qualifies(tmp_path: Path) -> None:
    code, output, out = _run(tmp_path, zoom_report(tmp_path), "--allowed-absence", "0")
    assert code == 0, output
    record = _record(out)
    assert [n for n, r in record.items() if r["Certificate"] == "issued"] == [
        "Zoë Brontë",
        "Kai Moana",
    ]


def _text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_roster_without_times_lists_those_who_attended_in_full(tmp_path: Path) -> None:
    source = roster(tmp_path, times=False)
    code, output, _ = _run(tmp_path, source)
    assert code == 2
    assert "--date YYYY-MM-DD" in output and "Traceback" not in output
    code, output, out = _run(tmp_path, source, "--date", "2026-03-14")
    assert code == 0, output
    assert all(r["Certificate"] == "issued" for r in _record(out).values())
    text = _text(out / "certificates" / "Certificate - Zoë Brontë.pdf")
    assert "Licence: LMFT 1234" in text
    assert "attended the in-person program" in text  # a roster is an in-person session


def test_certificate_fields_without_a_sponsor_say_nothing_of_continuing_education(
    tmp_path: Path,
) -> None:
    code, output, out = _run(tmp_path, zoom_report(tmp_path))
    assert code == 0, output
    text = _text(out / "certificates" / "Certificate - Zoë Brontë.pdf")
    for field in (
        "Certificate of Attendance",
        "Zoë Brontë",
        "live interactive online program",
        "The Science of Connection",
        "March 14, 2026",
        "1.5 instructional hours",
        "Presented by Your Name, Your credentials",
        "Your Practice Name",
    ):
        assert field in text, field
    everything = _text(out / "Certificates.pdf")
    assert everything.count("Certificate of Attendance") == 4
    for word in ("continuing education", "credit", "completion", "approv", "sponsor"):
        assert word not in everything.lower(), word
    assert not re.search(r"\bCE\b", everything)
    # A person's own file shows no one else's name.
    assert "Kai Moana" not in text and "Ana Ortiz" not in text


def test_a_sponsor_with_its_statement_makes_a_certificate_of_completion(tmp_path: Path) -> None:
    statement = (
        "Approved Sponsor Inc. is approved by the Board to sponsor continuing education. "
        "Approved Sponsor Inc. maintains responsibility for this program & its content."
    )
    (tmp_path / "sig.png").write_bytes(
        (ROOT / "tests" / "bad" / "outlines" / "assets" / "ok.png").read_bytes()
    )
    profile = _profile(
        tmp_path,
        sponsor={"name": "Approved Sponsor Inc.", "approval_statement": statement,
                 "approval_number": "ASI-0042"},
        provider={"name": "Rivers Training"},
        signature="sig.png",
    )  # fmt: skip
    source = zoom_report(tmp_path)
    out = tmp_path / "ce"
    from click.testing import CliRunner

    from generator.cli import cli

    args = ["certificates", str(OUTLINE), "-a", "consult-90", "--roster", str(source)]
    result = CliRunner().invoke(cli, [*args, "--out", str(out), "--practice", str(profile)])
    assert result.exit_code == 0, result.output
    text = _text(out / "certificates" / "Certificate - Ana Ortiz.pdf")
    assert "Certificate of Completion" in text and "Attendance" not in text
    assert "1.5 CE credit hours" in text
    assert " ".join(statement.split()) in " ".join(text.split())  # verbatim, wrapped
    assert "Approval number: ASI-0042" in text and "Rivers Training" in text
    # Named without a statement, a sponsor changes nothing: attendance only.
    profile = _profile(tmp_path, sponsor={"name": "Approved Sponsor Inc."})
    result = CliRunner().invoke(cli, [*args, "--out", str(out), "--practice", str(profile)])
    assert result.exit_code == 0, result.output
    text = _text(out / "Certificates.pdf")
    assert "Certificate of Attendance" in text and "credit" not in text.lower()


def test_hours_match_the_guide(tmp_path: Path) -> None:
    from generator.build import BuildOptions, Job, build

    code, output, out = _run(tmp_path, zoom_report(tmp_path))
    assert code == 0, output
    options = BuildOptions(out=tmp_path / "built", only=("guide",), practice=PRACTICE)
    built = build([Job(OUTLINE, "consult-90", tmp_path / "built")], options)
    guide = next(p for p in built if p.name.endswith("Facilitator Guide.pdf"))
    guide_text = " ".join(_text(guide).split())
    assert "85 minutes, breaks excluded (1.5 hours)" in guide_text
    assert "1.5 instructional hours" in _text(out / "Certificates.pdf")


@pytest.mark.consumer
def test_qpdf_clean_and_fonts_embedded(tmp_path: Path) -> None:
    import subprocess

    from conftest import require_tool

    code, output, out = _run(tmp_path, teams_report(tmp_path))
    assert code == 0, output
    for path in [out / "Certificates.pdf", *sorted((out / "certificates").iterdir())]:
        done = subprocess.run([require_tool("qpdf"), "--check", str(path)], capture_output=True,
                              text=True)  # fmt: skip
        assert done.returncode == 0 and "No syntax or stream encoding errors" in done.stdout
        fonts = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True,
                               text=True, check=True).stdout.splitlines()[2:]  # fmt: skip
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


def test_two_runs_give_identical_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    source = zoom_report(tmp_path)
    runs = []
    for n in range(2):
        code, output, out = _run(tmp_path / str(n), source)
        assert code == 0, output
        runs.append(
            {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        )
    assert runs[0] == runs[1] and len(runs[0]) == 7  # marker, record, combined, four people


def test_a_new_run_replaces_the_folder_and_never_another(tmp_path: Path) -> None:
    code, _, out = _run(tmp_path, zoom_report(tmp_path))
    assert code == 0
    code, output, out = _run(tmp_path, zoom_report(tmp_path), "--allowed-absence", "0")
    assert code == 0, output
    assert not (out / "certificates" / "Certificate - Ana Ortiz.pdf").exists()  # no stale file
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    from click.testing import CliRunner

    from generator.cli import cli

    args = ["certificates", str(OUTLINE), "-a", "consult-90", "--roster"]
    result = CliRunner().invoke(cli, [*args, str(zoom_report(tmp_path)), "--out", str(mine)])
    assert result.exit_code == 2 and "holds other files" in result.output
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_safe_and_distinct_file_names(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name,Email\nA/B: Test?,a@x.org\nSam Lee,sam1@x.org\nsam lee,sam2@x.org\n",
        encoding="utf-8",
    )
    code, output, out = _run(tmp_path, path, "--date", "2026-03-14")
    assert code == 0, output
    assert sorted(p.name for p in (out / "certificates").iterdir()) == [
        "Certificate - A B Test.pdf",
        "Certificate - Sam Lee.pdf",
        "Certificate - sam lee (2).pdf",
    ]


# --------------------------------------------------------------------------- other layouts


def test_zoom_layout_with_meeting_fields_on_every_row(tmp_path: Path) -> None:
    path = tmp_path / "zoom2023.csv"
    head = (
        "Topic,Meeting ID,User Name,User Email,Department,Group,Has Zoom Rooms,Creation Time,"
        "Start Time,End Time,Duration (Minutes),Participants,Name (Original Name),User Email,"
        "Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room"
    )
    meeting = (
        "Science,812 3456 7890,Dana Host,host@example.com,,,No,03/01/2026 09:00 AM,"
        "03/14/2026 06:30:00 PM,03/14/2026 08:00:00 PM,90,2,"
    )
    rows = [
        head,
        meeting
        + "Dana Host,host@example.com,03/14/2026 06:30:00 PM,03/14/2026 08:00:00 PM,90,No,,No",
        meeting
        + "Zoë Brontë,zoe@example.org,03/14/2026 06:30:00 PM,03/14/2026 07:00:00 PM,30,No,,No",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, output, out = _run(tmp_path, path)
    assert code == 0, output
    record = _record(out)
    assert list(record) == ["Zoë Brontë"]  # the host (first User Email) is left out
    assert record["Zoë Brontë"]["Email"] == "zoe@example.org"
    assert record["Zoë Brontë"]["Instructional minutes attended"] == "30"


def test_teams_2020_layout_pairs_joins_and_leaves(tmp_path: Path) -> None:
    path = tmp_path / "attendance.csv"
    rows = ["Full Name\tUser Action\tTimestamp"]
    rows += [
        "Zoë Brontë\tJoined before\t3/14/2026, 6:30:00 PM",
        "Sam Lee\tJoined\t3/14/2026, 6:30:00 PM",
        "Sam Lee\tLeft\t3/14/2026, 7:00:00 PM",
        "Sam Lee\tJoined\t3/14/2026, 7:05:00 PM",
        "Zoë Brontë\tLeft\t3/14/2026, 8:00:00 PM",
    ]
    path.write_bytes("\r\n".join(rows).encode("utf-16"))
    code, output, out = _run(tmp_path, path)
    assert code == 0, output
    record = _record(out)
    assert record["Zoë Brontë"]["Instructional minutes attended"] == "85"
    # Still in the meeting at the report's last event (20:00): 30 + 55 minutes less the break.
    assert record["Sam Lee"]["Instructional minutes attended"] == "80"


# --------------------------------------------------------------------------- bad input


BAD = [
    ("roster.xlsx", b"PK\x03\x04\x14\x00\x00\x00", r"roster\.xlsx: this is an Excel workbook"),
    ("notes.csv", "Just some notes\nabout the session\n", r"notes\.csv:1:1: this does not look"),
    ("cols.csv", "Email,Licence\na@x.org,1\n", r"cols\.csv:1:1: no column holds the participants"),
    (
        "times.csv",
        "Name,Time in,Time out\nAna,6:30 PM,8:00 PM\nSam,half past six,8:00 PM\n",
        r"times\.csv:3:2: time in: 'half past six' cannot be read as a date and time",
    ),
    (
        "backwards.csv",
        "Name,Time in,Time out\nAna,8:00 PM,6:30 PM\n",
        r"backwards\.csv:2:3: time out: '6:30 PM' is before the time in",
    ),
    (
        "noname.csv",
        "Name,Email\nAna,a@x.org\n,b@x.org\n",
        r"noname\.csv:3:1: this row has no name",
    ),
    ("empty.csv", "", r"empty\.csv: the file is empty"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_the_file_and_row(
    name: str, content: str | bytes, message: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, output, out = _run(tmp_path, path, "--date", "2026-03-14")
    assert code == 2, output
    assert re.search(message, output), output
    assert "Traceback" not in output and not out.exists()


def test_a_report_from_another_day_is_refused(tmp_path: Path) -> None:
    code, output, out = _run(tmp_path, zoom_report(tmp_path), "--date", "2026-03-21")
    assert code == 2
    assert re.search(
        r"participants_81234567890\.csv:\d+:1: this report is of a meeting on March 14, 2026, "
        r"but the session is on March 21, 2026",
        output,
    ), output
    assert not out.exists()


def test_a_name_the_font_cannot_draw_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("Name\nAna Ortiz\n\u674e\u5c0f\u9f99\n", encoding="utf-8")
    code, output, out = _run(tmp_path, path, "--date", "2026-03-14")
    assert code == 2
    assert re.search(r"roster\.csv:3:1: .*U\+674E", output), output
    assert not out.exists()


# --------------------------------------------------------------------------- units


def test_union_counts_overlapping_devices_once_and_rejoining_in_full() -> None:
    from datetime import datetime

    from generator.plan.attendance import union

    def at(hhmm: str) -> datetime:
        return datetime.fromisoformat(f"2026-03-14T{hhmm}")

    merged = union(
        [(at("18:45"), at("19:30")), (at("18:30"), at("19:00")), (at("19:40"), at("20:00"))]
    )
    assert merged == [(at("18:30"), at("19:30")), (at("19:40"), at("20:00"))]


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(60, 1.0), (75, 1.25), (85, 1.5), (82, 1.25), (83, 1.5), (7, 0.0), (8, 0.25)],
)
def test_hours_are_rounded_to_the_nearest_quarter_hour(minutes: int, hours: float) -> None:
    from generator.plan.attendance import credit_hours

    assert credit_hours(minutes) == hours


def test_ambiguous_dates_are_read_as_the_session_date(tmp_path: Path) -> None:
    from datetime import date

    from generator.source.roster import read_attendance

    path = tmp_path / "report.csv"
    path.write_text(
        "Name,Email,Join Time,Leave Time\nAna,a@x.org,03/04/2026 18:30,03/04/2026 20:00\n",
        encoding="utf-8",
    )
    april = read_attendance(path, session_date=date(2026, 4, 3))
    assert april.dates() == [date(2026, 4, 3)]  # day first: 3 April
    assert read_attendance(path).dates() == [date(2026, 3, 4)]  # month first, as in the US


def test_the_guide_names_the_sponsor_only_with_its_statement() -> None:
    from generator.outputs.guide.text import credit_line

    practice = load_practice(PRACTICE)
    named = type(practice).model_validate({**practice.model_dump(), "sponsor": {"name": "ASI"}})
    assert "certificate of attendance" in credit_line(named)
    approved = type(practice).model_validate(
        {**practice.model_dump(), "sponsor": {"name": "ASI", "approval_statement": "ASI is ..."}}
    )
    assert "continuing education credit through ASI" in credit_line(approved)


def test_when_no_one_qualifies_the_record_says_so(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("Name,Time in,Time out\nAna,6:30 PM,7:00 PM\n", encoding="utf-8")
    code, output, out = _run(tmp_path, path, "--date", "2026-03-14")
    assert code == 0, output
    assert "Certificates issued: 0 of 1" in output and "Ana: 30 minutes (missed 55)" in output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "attendance-record.csv"
    ]
    assert _record(out)["Ana"]["Certificate"] == "not issued"


def test_a_person_is_named_by_a_row_under_their_own_name(tmp_path: Path) -> None:
    path = tmp_path / "zoom.csv"
    path.write_text(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Kai's iPhone (Kai Moana),kai@x.org,03/14/2026 06:30 PM,03/14/2026 07:00 PM,30,No\n"
        "Kai Moana,kai@x.org,03/14/2026 06:30 PM,03/14/2026 08:00 PM,90,No\n",
        encoding="utf-8",
    )
    code, output, out = _run(tmp_path, path)
    assert code == 0, output
    assert list(_record(out)) == ["Kai Moana"]


def test_a_statement_too_long_for_the_page_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    profile = _profile(
        tmp_path, sponsor={"name": "ASI", "approval_statement": "Approved text. " * 400}
    )
    args = ["certificates", str(OUTLINE), "-a", "consult-90", "--roster"]
    args += [str(zoom_report(tmp_path)), "--out", str(tmp_path / "o"), "--practice", str(profile)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "does not fit on a certificate page" in result.output
    assert not (tmp_path / "o").exists()


def test_a_client_group_gets_no_certificates(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "audiences" / "base.yaml").read_text())
    data["audiences"].append(
        {"name": "clients", "title": "A psychoeducation group", "participants": "clients"}
    )
    outline = tmp_path / "base.yaml"
    outline.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    args = ["certificates", str(outline), "-a", "clients", "--roster", str(roster(tmp_path))]
    args += ["--date", "2026-03-14", "--out", str(tmp_path / "o"), "--practice", str(PRACTICE)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "is a client group" in result.output and "no certificates" in result.output
    assert not (tmp_path / "o").exists()
    args[3] = "short"  # the same outline's clinician audience gets them
    assert CliRunner().invoke(cli, args).exit_code == 0
