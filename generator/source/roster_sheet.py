"""Read a roster CSV for the sign-in sheet (``workshop build --roster FILE``).

The file is what a spreadsheet exports: a header row, then one participant a row. Columns are
found by their header, in any order and case: ``name`` (required), ``licence`` or ``license``
(type and number in one column, e.g. "LMFT 12345"), or ``licence type`` and ``licence number``
apart, and ``email``; other columns are ignored. Every problem is reported at once, located as
``file:line:col``, and no row is silently dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutlineError, Problem, display_path
from generator.source import glyphs
from generator.source.fonts import font_files
from generator.source.model import Practice

MAX_ROWS = 500
_ALIASES = {
    "name": "name",
    "full name": "name",
    "participant": "name",
    "licence": "licence",
    "license": "licence",
    "licence type": "licence_type",
    "license type": "licence_type",
    "licence number": "licence_number",
    "license number": "licence_number",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
}


@dataclass(frozen=True)
class RosterEntry:
    """One participant as the sign-in sheet prints them."""

    name: str
    licence: str = ""
    email: str = ""


def load_roster(path: Path, practice: Practice, practice_dir: Path) -> tuple[RosterEntry, ...]:
    """Return the participants listed in the CSV at ``path``, in the file's order.

    Raises :class:`OutlineError` listing every problem: no ``name`` column, an empty name, too
    many rows, text that is not UTF-8, or a character the practice's font cannot print.
    """
    where = display_path(path)
    try:
        # utf-8-sig: spreadsheets often start an exported CSV with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OutlineError(
            f"{where}: the roster is not UTF-8 text (byte {exc.start}). Save it from your "
            "spreadsheet as 'CSV UTF-8' and build again."
        ) from None
    except OSError as exc:
        raise OutlineError(f"{where}: cannot read the roster ({exc.strerror}).") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    # Each row with the line it starts on (a quoted cell may run over several lines).
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise OutlineError(
            f"{where}:1:1: roster: the first row must name the columns, e.g. "
            "'name,licence,email'. Add a header row and build again."
        )
    titles = rows[0][1]
    header = [_ALIASES.get(" ".join(h.split()).casefold(), "") for h in titles]
    if "name" not in header:
        found = ", ".join(repr(h) for h in titles if h.strip())
        raise OutlineError(
            f"{where}:1:1: roster: no 'name' column (found {found}). Name the column of "
            "participants' names 'name' and build again."
        )
    font = font_files(practice.fonts.body, practice, practice_dir)
    drawable = glyphs.drawable([font])
    problems: list[Problem] = []
    entries = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of an export
        cells = {key: "" for key in ("name", "licence", "licence_type", "licence_number", "email")}
        for column, (key, cell) in enumerate(zip(header, row, strict=False), start=1):
            if not key:
                continue
            value = " ".join(cell.split())
            cells[key] = value
            for char in glyphs.missing_in(value, drawable):
                problems.append(
                    Problem(where, line, column, "roster", glyphs.describe(char, font.family))
                )
        if not cells["name"]:
            column = header.index("name") + 1
            problems.append(
                Problem(
                    where,
                    line,
                    column,
                    "roster",
                    "this row has no name. Fill it in or delete the row.",
                )
            )
            continue
        licence = cells["licence"] or " ".join(
            x for x in (cells["licence_type"], cells["licence_number"]) if x
        )
        entries.append(RosterEntry(cells["name"], licence, cells["email"]))
    if len(entries) > MAX_ROWS:
        problems.append(
            Problem(
                where,
                1,
                1,
                "roster",
                f"{len(entries)} participants is more than the {MAX_ROWS} a sign-in sheet "
                "takes. Split the roster into one file per session.",
            )
        )
    if problems:
        raise OutlineError("", problems)
    return tuple(entries)
