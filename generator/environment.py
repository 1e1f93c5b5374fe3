"""Checks of the process environment, made once before any command runs.

A variable the tool or its libraries read that holds a value they cannot use must give a plain
message that names the variable, never a traceback from deep inside reportlab or zipfile.
"""

from __future__ import annotations

import contextlib
import os
import sys

from generator.errors import WorkshopError

# A .pptx is a zip file: its timestamps run from 1980 to the end of 2107. The deck moves an
# earlier date to 1980; a later one cannot be stored at all.
LATEST_EPOCH = 4354819199
"""2107-12-31 23:59:59 UTC, the last moment a zip file's timestamp can hold."""


def source_date_epoch() -> int | None:
    """Return ``SOURCE_DATE_EPOCH`` as seconds, or None when it is unset or empty.

    Raises :class:`WorkshopError` naming the variable when it is not a whole number of seconds
    between 0 and :data:`LATEST_EPOCH`.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise WorkshopError(
            f"SOURCE_DATE_EPOCH={shown!r} is not a time: it must be a whole number of seconds "
            "since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) — or "
            "unset it"
        )
    seconds = int(value)
    if seconds > LATEST_EPOCH:
        raise WorkshopError(
            f"SOURCE_DATE_EPOCH={value} is after 2107-12-31, the last date a .pptx (a zip file) "
            "can store: use an earlier time, or unset it"
        )
    return seconds


def check_environment() -> None:
    """Raise :class:`WorkshopError` for an environment variable the build cannot use.

    Also makes standard output and error replace a character their encoding lacks (a
    ``PYTHONIOENCODING=latin-1`` or non-UTF-8 terminal) instead of failing with a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):  # a test runner's own stream
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    source_date_epoch()
