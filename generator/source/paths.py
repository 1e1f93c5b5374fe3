"""Why a file cannot be read, in plain words that name the real cause.

A folder, a pipe, a link that points nowhere, a loop of links, a name too long for the file
system and a permission error each get their own message, never "not found" or "damaged"
for all of them. A pipe (FIFO) is refused before it is opened: opening one waits for a writer
that never comes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_CAUSES = {
    errno.ELOOP: "is a link that leads back to itself (a loop of symbolic links)",
    errno.ENAMETOOLONG: "has a name too long for the file system",
    errno.EACCES: "cannot be read: permission denied",
    errno.EPERM: "cannot be read: permission denied",
    errno.ENOTDIR: "has a file where its path needs a folder",
    errno.EIO: "cannot be read: the disk reported an error",
    errno.ENOENT: "does not exist — check the name and the folder",
}


def os_cause(exc: OSError) -> str:
    """Return what ``exc`` means for a file the user named, as the end of a sentence."""
    return _CAUSES.get(exc.errno or 0, f"cannot be read: {exc.strerror or exc}")


def why_unreadable(path: str | Path) -> str | None:
    """Return why ``path`` cannot be read as an ordinary file, or None when it can.

    The reason reads after the file's name: "is a folder, not a file".
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return "is a link that points nowhere (the file it names is missing)"
        return _CAUSES[errno.ENOENT]
    except OSError as exc:
        return os_cause(exc)
    except ValueError:  # a NUL byte in the name
        return "has a name no file can have"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not an ordinary file (a pipe, socket or device) — name a saved file"
    if not _readable(path):
        return _CAUSES[errno.EACCES]
    return None


def _readable(path: str | Path) -> bool:
    """Return True when this user may read ``path`` (root always may)."""
    return os.access(path, os.R_OK)
