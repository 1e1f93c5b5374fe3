"""Atomic, clear-failing writes of the generated files.

Each output is written to a temporary file in the destination folder and then renamed over the
target, so an interrupted or failed build never leaves a half-written deck and never clobbers
the last good one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from generator.errors import OutputError, display_path

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def safe_file_stem(title: str) -> str:
    """Return ``title`` made safe as a file name on Windows, macOS and Linux.

    Keeps spaces and capitals so the name reads well as an email attachment.
    """
    stem = _UNSAFE.sub(" ", title)
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    return stem[:80].rstrip(" .") or "Workshop"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename.

    Raises :class:`OutputError` with a plain explanation when the folder cannot be created or
    the file cannot be replaced (for example, the deck is open in PowerPoint on Windows).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{display_path(path.parent)}: cannot create the output folder ({exc.strerror}). "
            "Choose another folder with --out."
        ) from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError:
        raise OutputError(
            f"{display_path(path)}: cannot write this file. If it is open in PowerPoint, Acrobat "
            "or another program, close it and build again; otherwise check that the folder is "
            "not read-only, or choose another folder with --out."
        ) from None
    except OSError as exc:
        raise OutputError(
            f"{display_path(path)}: cannot write this file ({exc.strerror}). "
            "Check the disk has space and the folder is writable, or use --out."
        ) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


MARKER = ".workshop-kit"
"""A file in every folder :func:`write_folder_atomic` made, so it may replace that folder."""


def write_folder_atomic(folder: Path, files: dict[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files`` (relative name → bytes), all or nothing.

    The files are written to a new folder beside it, which then takes its place: a failure
    leaves the previous folder as it was, and a file left from an earlier run (a certificate
    for someone who no longer qualifies) never survives. A folder this function did not make
    is never replaced: raises :class:`OutputError` if ``folder`` holds other files.
    """
    import shutil

    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise OutputError(
            f"{display_path(folder)}: this folder holds other files, and it would be replaced "
            "as a whole — choose a new or empty folder with --out."
        )
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise OutputError(
            f"{display_path(folder.parent)}: cannot create the output folder ({exc.strerror}). "
            "Choose another folder with --out."
        ) from None
    old = None
    try:
        for name, data in {**files, MARKER: b"made by workshop-kit; replaced as a whole\n"}.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        os.chmod(staging, 0o755)
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            os.replace(folder, old)
        os.replace(staging, folder)
    except OSError as exc:
        if old is not None and not folder.exists():
            os.replace(old, folder)  # put the previous set back
            old = None
        raise OutputError(
            f"{display_path(folder)}: cannot write the files ({exc.strerror}). If one of them "
            "is open in Acrobat or another program, close it and run again; otherwise check "
            "the disk has space, or choose another folder with --out."
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
