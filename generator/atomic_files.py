"""All-or-nothing writes of the generated files.

One command's outputs are written as one set: every file goes first to a temporary file beside
its target, and only when all of them are on disk are they renamed over their targets, with
Ctrl-C, SIGTERM and SIGHUP held back until the renames are done. A failure or an interruption
before that point removes the temporary files and leaves every previous output as it was; a
failure during the renames (a disk that vanished) puts the previous files back.
What remains is a power cut during the renames themselves: see docs/limits.md.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.errors import OutputError, display_path

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')

STEM_MAX_CHARS = 80
"""Longest file stem in characters: the name still reads well as an email attachment."""
STEM_MAX_BYTES = 160
"""Longest file stem in UTF-8 bytes. File systems limit names to 255 bytes (not characters);
the stem leaves room for " - Facilitator Guide.pdf" and a temporary file's affixes."""

_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def safe_file_stem(title: str) -> str:
    """Return ``title`` made safe as a file name on Windows, macOS and Linux.

    Keeps spaces and capitals so the name reads well as an email attachment; at most
    :data:`STEM_MAX_CHARS` characters and :data:`STEM_MAX_BYTES` bytes, cut between words
    when a space is near the end.
    """
    stem = _UNSAFE.sub(" ", title)
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    if len(stem) > STEM_MAX_CHARS or len(stem.encode("utf-8")) > STEM_MAX_BYTES:
        stem = stem[:STEM_MAX_CHARS]
        while len(stem.encode("utf-8")) > STEM_MAX_BYTES:
            stem = stem[:-1]
    return stem.rstrip(" .") or "Workshop"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename.

    Raises :class:`OutputError` with a plain explanation when the folder cannot be created or
    the file cannot be replaced (for example, the deck is open in PowerPoint on Windows).
    """
    write_set({path: data})


def write_set(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file of ``files`` or none of them; return the paths written, in order.

    Raises :class:`OutputError` (nothing changed on disk) when a folder cannot be created, a
    target is a folder, or a file cannot be written; a signal that arrives while the
    temporary files are written stops the command the same way, after cleaning up.
    """
    targets = list(files)
    created = _make_folders(targets)
    temps: dict[Path, str] = {}
    done = False
    # The clean-up runs inside the block: a held signal is delivered only once it is done.
    with signals_held() as received:
        try:
            for path in targets:
                _refuse_unwritable_name(path)
                _refuse_folder_in_the_way(path)
            for path in targets:
                if received:
                    break  # interrupted: nothing has been renamed, so nothing has changed
                temps[path] = _write_temp(path, files[path])
            if not received:
                _rename_all(temps)
                temps.clear()
                _sync_folders(targets)
                done = True
        finally:
            for tmp in temps.values():
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if not done:
                _remove_empty(created)
    return targets


def _make_folders(targets: list[Path]) -> list[Path]:
    """Create the targets' folders; return those created (deepest last), to undo on failure."""
    created: list[Path] = []
    for folder in dict.fromkeys(p.parent for p in targets):
        missing = []
        at = folder
        while not at.exists() and at != at.parent:
            missing.append(at)
            at = at.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _remove_empty(created)
            raise OutputError(
                f"{display_path(folder)}: cannot create the output folder ({_cause(exc)}). "
                "Choose another folder with --out."
            ) from None
        created.extend(reversed(missing))
    return created


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders this write created, deepest first, when they are still empty."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _refuse_unwritable_name(path: Path) -> None:
    """Raise :class:`OutputError` when this locale's file-name encoding cannot spell ``path``.

    A C or POSIX locale with Python's UTF-8 mode off spells file names in ASCII: "Café" cannot
    be written. Changing the name would change the guide, which names the deck and handout.
    """
    try:
        os.fsencode(path)
    except UnicodeEncodeError:
        encoding = sys.getfilesystemencoding()
        locale = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG")
        raise OutputError(
            f"{display_path(path)}: this name cannot be written as a file name in this locale "
            f"(LC_ALL/LANG={locale or 'unset'}, file names in {encoding}): run with a UTF-8 "
            "locale, e.g. LC_ALL=C.UTF-8, or set PYTHONUTF8=1. Nothing was written."
        ) from None


def _refuse_folder_in_the_way(path: Path) -> None:
    """Raise :class:`OutputError` when ``path`` is a folder (or a link to one)."""
    if path.is_dir():
        raise OutputError(
            f"{display_path(path)}: a folder of this name is in the way of the output; "
            "rename or move that folder, or choose another folder with --out."
        )


def _write_temp(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``; return its name."""
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        return tmp_name
    except OSError as exc:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise _write_error(path, exc) from None


def _rename_all(temps: dict[Path, str]) -> None:
    """Rename every temporary file over its target; on a failure put the old files back."""
    backups: dict[Path, str | None] = {}
    failed = None
    try:
        for failed, tmp in temps.items():
            backups[failed] = _keep_old(failed)
            os.replace(tmp, failed)
    except OSError as exc:
        for path, old in backups.items():
            with contextlib.suppress(OSError):
                if old is not None:
                    os.replace(old, path)
                elif path not in temps or not os.path.exists(temps[path]):
                    os.unlink(path)  # new in this write, and already renamed
        raise _write_error(failed or path, exc) from None
    finally:
        for old in backups.values():
            if old is not None:
                with contextlib.suppress(OSError):
                    os.unlink(old)


def _keep_old(path: Path) -> str | None:
    """Return a second name (a hard link) for the file at ``path``, or None when none exists.

    Renaming the new file over ``path`` keeps the old one under this name until the whole set
    is in place, so a failure part-way can restore it.
    """
    if not path.is_file():
        return None
    old = tempfile.mktemp(prefix=".", suffix=".old", dir=path.parent)
    try:
        os.link(path, old)
    except OSError:
        return None  # no hard links here (FAT, some network shares): no way back, carry on
    return old


def _sync_folders(targets: list[Path]) -> None:
    """Flush each folder's entries to disk, so the renames survive a power cut after this."""
    for folder in dict.fromkeys(p.parent for p in targets):
        with contextlib.suppress(OSError):  # not every system can open a folder (Windows)
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


_holding = False
"""True inside a :func:`signals_held` block."""


@contextlib.contextmanager
def signals_held() -> Iterator[list[int]]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back within the block; yield the list of those received.

    After the block each signal received is delivered again, as if it had arrived then: the
    command stops with Ctrl-C's usual message, or SIGTERM and SIGHUP end it as they would have.
    Signals can only be caught in the main thread; elsewhere the block runs as is. Inside
    another such block (build --watch holds them from putting a deck in place until the rest
    of its set is written) the outer block keeps and delivers them: the inner one's list stays
    empty, so its writes go ahead.
    """
    global _holding
    received: list[int] = []
    if _holding or threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {}
    for sig in _SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            previous[sig] = signal.signal(sig, lambda number, frame: received.append(number))
    _holding = True
    try:
        yield received
    finally:
        _holding = False
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for sig in dict.fromkeys(received):
        if sig == signal.SIGINT:
            raise KeyboardInterrupt
        os.kill(os.getpid(), sig)


def _cause(exc: OSError) -> str:
    """Return what went wrong in plain words."""
    plain = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "the name is too long for the file system",
        errno.ENOTDIR: "a file is in the way of a folder",
        errno.EEXIST: "a file is in the way of a folder",
        errno.ELOOP: "a link in the path points back to itself",
    }
    return plain.get(exc.errno or 0, exc.strerror or str(exc))


def _write_error(path: Path, exc: OSError) -> OutputError:
    """Return the plain message for a file that could not be written."""
    if isinstance(exc, PermissionError):
        return OutputError(
            f"{display_path(path)}: cannot write this file. If it is open in PowerPoint, Acrobat "
            "or another program, close it and build again; otherwise check that the folder is "
            "not read-only, or choose another folder with --out. Nothing was written."
        )
    return OutputError(
        f"{display_path(path)}: cannot write this file ({_cause(exc)}). "
        "Check the disk has space and the folder is writable, or use --out. Nothing was written."
    )


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
