"""Run two pieces of one build at the same time: one in a forked child process, one here.

A build of all three outputs spends about as long importing python-pptx and writing the deck as
importing reportlab and writing the two PDFs. Planned once in this process, the deck can be
rendered in a child forked from it (which inherits the plan, the imports and every cache) while
this process renders the PDFs, so on two cores the two halves overlap.

Only on Linux, where ``fork`` is the normal, safe way to start a worker and costs a millisecond
or two; on macOS and Windows, or with one core, everything runs here, one piece after the other.
The child returns its bytes through a pipe. Errors keep the order of a serial build: when the
child's piece fails, it is run again here so the user sees its real error, even when this
process's piece failed too.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")

_in_child = False
"""True in a forked child: it never forks again."""


def cores() -> int:
    """Return the number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def available() -> bool:
    """Return True when :func:`run_pair` runs its first piece in a forked child."""
    return sys.platform.startswith("linux") and not _in_child and cores() >= 2


def run_pair(child: Callable[[], bytes], here: Callable[[], R]) -> tuple[bytes, R]:
    """Return ``(child(), here())``, computing ``child()`` in a forked process when available.

    Exceptions are raised as if ``child`` ran first and ``here`` second, in this process.
    """
    if not available():
        return child(), here()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        _child_main(child, read_fd, write_fd)
    os.close(write_fd)
    try:
        result = here()
    except Exception:
        if _collect(pid, read_fd) is None:
            child()  # the child's piece failed: its error comes first, as in a serial build
        raise
    except BaseException:  # Ctrl-C: do not wait for the child's work
        os.kill(pid, signal.SIGKILL)
        _collect(pid, read_fd)
        raise
    data = _collect(pid, read_fd)
    if data is None:
        data = child()  # raises the child's real error here, with its message
    return data, result


def _child_main(child: Callable[[], bytes], read_fd: int, write_fd: int) -> None:
    """Run ``child`` and send its bytes to the parent; never return."""
    global _in_child
    status = 1
    try:
        _in_child = True
        os.close(read_fd)
        data = child()
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
        status = 0
    except BaseException:  # noqa: S110 - the parent runs the piece again to raise the error
        pass
    finally:
        # No cleanup, no flushing of buffers inherited from the parent: just leave.
        os._exit(status)


def _collect(pid: int, read_fd: int) -> bytes | None:
    """Return the child's bytes, or None when it failed; always reap the child."""
    chunks = []
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
    finally:
        _, status = os.waitpid(pid, 0)
    return b"".join(chunks) if status == 0 else None
