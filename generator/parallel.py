"""Run the pieces of one build at the same time: the first ones in a forked child, the rest here.

A build renders three outputs. Planned once in this process, some of them can be rendered in a
child forked from it (which inherits the plan, the imports and every cache) while this process
renders the others, so on two cores the two halves overlap. Each piece's time comes back with
its bytes, so the caller can split the next build of the same job where the halves balance.

Only on Linux, where ``fork`` is the normal, safe way to start a worker and costs a millisecond
or two; on macOS and Windows, or with one core, everything runs here, one piece after the other.
A one-shot build also runs everything here when no core is free at that moment (:func:`core_free`).
The child returns its bytes through a pipe. Errors keep the order of a serial build: when one
of the child's pieces fails, they are run again here so the user sees the real error, even when
a piece here failed too.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import time
from collections.abc import Callable, Sequence

_in_child = False
"""True in a forked child: it never forks again."""


def cores() -> int:
    """Return the number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def available() -> bool:
    """Return True when :func:`run_split` runs pieces in a forked child."""
    return sys.platform.startswith("linux") and not _in_child and cores() >= 2


def core_free() -> bool:
    """Return True when, at this instant, fewer processes are running than there are cores
    (this one included), so that a forked child would have a core of its own.

    With the cores busy (other people's work), a child only adds its own cost: on this
    project's shared 2-core machine, forked 1420 ms against one process 1264 ms (medians of 11
    alternating builds, load average 3.9); with a core idle, forking wins. Linux's count of
    running processes is read from ``/proc/loadavg``; where it cannot be read, True.
    """
    try:
        with open("/proc/loadavg", encoding="ascii") as stats:
            running = int(stats.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return running < cores()


def run_split(
    pieces: Sequence[Callable[[], bytes]],
    in_child: int,
    *,
    keep_worker: bool = False,
    then: Callable[[list[bytes]], None] | None = None,
) -> tuple[list[bytes], list[float]]:
    """Return every piece's bytes and seconds, the first ``in_child`` pieces run in a child.

    The child runs its pieces one after another while this process runs the rest; without
    :func:`available` everything runs here. Exceptions are raised as if every piece ran here in
    order: the child's pieces come first, so when one of them failed it is run again here to
    raise its real error, even when a piece here failed too.

    With ``keep_worker`` (build --watch) the child is a worker kept from one call to the next,
    and the pieces, which must then pickle, are sent to it; see :class:`_Worker`. ``then``, if
    given, receives the bytes of the pieces run here as soon as they are done, while the child
    may still be at work (build --watch puts the deck in place then); what it raises is raised
    as a failure of this process's pieces.
    """
    if not available() or not 0 < in_child < len(pieces):
        return _then(_timed(pieces), in_child, then)
    if not keep_worker and not core_free():
        # A kept worker is already there: sending it work costs little.
        return _then(_timed(pieces), in_child, then)
    first, rest = pieces[:in_child], pieces[in_child:]
    try:
        pending = _Worker.submit(first) if keep_worker else _Fork(first)
    except OSError:  # no process or pipe to be had (a limit reached): everything here, then
        return _then(_timed(pieces), in_child, then)
    try:
        data, seconds = _timed(rest)
        if then is not None:
            then(data)
    except Exception:
        if pending.result() is None:
            _timed(first)  # a child's piece failed: its error comes first, as in a serial build
        raise
    except BaseException:  # Ctrl-C: do not wait for the child's work
        pending.cancel()
        raise
    framed = pending.result()
    if framed is None:
        # Raises the child's real error here, with its message (or, had the child died of
        # something else, does its work here).
        child_data, child_seconds = _timed(first)
    else:
        child_data, child_seconds = _unframe(framed)
    return child_data + data, child_seconds + seconds


def _then(
    timed: tuple[list[bytes], list[float]],
    in_child: int,
    then: Callable[[list[bytes]], None] | None,
) -> tuple[list[bytes], list[float]]:
    """Give ``then`` the bytes of the pieces after the first ``in_child``; return ``timed``."""
    if then is not None:
        then(timed[0][in_child:])
    return timed


class _Fork:
    """Pieces running in a child forked for them alone; it exits when they are done."""

    def __init__(self, pieces: Sequence[Callable[[], bytes]]) -> None:
        read_fd, write_fd = os.pipe()
        pid = _fork_or_close(read_fd, write_fd)
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            _child_main(pieces, read_fd, write_fd)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self) -> bytes | None:
        """Return the child's framed bytes, or None when it failed; reap the child."""
        return _collect(self._pid, self._read_fd)

    def cancel(self) -> None:
        os.kill(self._pid, signal.SIGKILL)
        _collect(self._pid, self._read_fd)


class _Worker:
    """A child forked once and kept, which runs the pieces it is sent, for build --watch.

    A child forked for each rebuild writes into memory it shares with this process, and the
    system copies every page it touches first (about 3,400 pages, 6 ms, for the sample deck).
    A kept worker writes into its own pages from its second job on. The pieces travel
    pickled (a plan pickles in well under a millisecond). The worker ignores Ctrl-C, which
    belongs to the watcher; it ends when this process calls :func:`stop_worker` or exits.
    """

    current: _Worker | None = None

    def __init__(self) -> None:
        request_r, request_w = os.pipe()
        try:
            reply_r, reply_w = os.pipe()
        except OSError:
            os.close(request_r)
            os.close(request_w)
            raise
        pid = _fork_or_close(request_r, request_w, reply_r, reply_w)
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            os.close(request_w)
            os.close(reply_r)
            _worker_main(request_r, reply_w)
        os.close(request_r)
        os.close(reply_w)
        self._pid, self._request, self._reply = pid, request_w, reply_r

    @classmethod
    def submit(cls, pieces: Sequence[Callable[[], bytes]]) -> _Worker | _Fork:
        """Send ``pieces`` to the worker (started if need be); return what gives its reply."""
        try:
            request = pickle.dumps(list(pieces), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # what cannot travel runs in a child of its own
            return _Fork(pieces)
        if cls.current is None:
            cls.current = cls()
        try:
            _send(cls.current._request, request)
        except OSError:  # the worker has died: start another
            stop_worker()
            cls.current = cls()
            _send(cls.current._request, request)
        return cls.current

    def result(self) -> bytes | None:
        """Return the worker's framed bytes, or None when a piece failed or the worker died."""
        reply = _receive(self._reply)
        if reply is None:
            stop_worker()
            return None
        return reply[1:] if reply[:1] == b"\0" else None

    def cancel(self) -> None:
        stop_worker()

    def stop(self) -> None:
        """End the worker at once, even mid-job, and reap it."""
        os.close(self._request)
        os.close(self._reply)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)


def _fork_or_close(*fds: int) -> int:
    """Return :func:`os.fork`'s result; when it fails, close ``fds`` and raise."""
    try:
        return os.fork()
    except OSError:
        for fd in fds:
            os.close(fd)
        raise


def stop_worker() -> None:
    """End the worker :func:`run_split` keeps with ``keep_worker``, if there is one."""
    worker, _Worker.current = _Worker.current, None
    if worker is not None:
        worker.stop()


WORKER_NICENESS = 10
"""How much lower the kept worker's priority is than the watcher's (Linux's ``nice`` steps: at
10, the worker gets about a tenth of a core the two share; with a core of its own, all of it)."""


def _worker_main(request_fd: int, reply_fd: int) -> None:  # pragma: no cover - in the child
    """Run each list of pieces received and send back a status byte and the framed result."""
    global _in_child
    _in_child = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The watcher renders the deck itself while the worker renders the rest: when other work
    # leaves the two of them one core, the deck should not wait for the guide.
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    # Garbage is collected between jobs instead, once the reply is on its way: what one job
    # made (young generations) every time, everything (34 ms) every 20th job.
    gc.disable()
    jobs = 0
    try:
        while (request := _receive(request_fd)) is not None:
            try:
                reply = b"\0" + _frame(*_timed(pickle.loads(request)))
            except Exception:  # the parent runs the pieces again for the error
                reply = b"\1"
            _send(reply_fd, reply)
            jobs += 1
            gc.collect(2 if jobs % 20 == 0 else 1)
    finally:
        os._exit(0)


_LENGTH = struct.Struct("<Q")


def _send(fd: int, payload: bytes) -> None:
    """Write ``payload`` to the pipe ``fd``, preceded by its length."""
    view = memoryview(_LENGTH.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes | None:
    """Return the next payload :func:`_send` wrote to the pipe ``fd``; None at its end."""
    head = _read_exactly(fd, _LENGTH.size)
    return None if head is None else _read_exactly(fd, _LENGTH.unpack(head)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _timed(pieces: Sequence[Callable[[], bytes]]) -> tuple[list[bytes], list[float]]:
    """Return each piece's bytes and seconds, run here in order."""
    data, seconds = [], []
    for piece in pieces:
        started = time.perf_counter()
        data.append(piece())
        seconds.append(time.perf_counter() - started)
    return data, seconds


# Each piece travels as its length (8 bytes), its seconds (a double), then its bytes.
_HEADER = struct.Struct("<Qd")


def _frame(data: list[bytes], seconds: list[float]) -> bytes:
    return b"".join(_HEADER.pack(len(d), s) + d for d, s in zip(data, seconds, strict=True))


def _unframe(framed: bytes) -> tuple[list[bytes], list[float]]:
    data, seconds, at = [], [], 0
    while at < len(framed):
        length, spent = _HEADER.unpack_from(framed, at)
        at += _HEADER.size
        data.append(framed[at : at + length])
        seconds.append(spent)
        at += length
    return data, seconds


def _child_main(pieces: Sequence[Callable[[], bytes]], read_fd: int, write_fd: int) -> None:
    """Run ``pieces`` and send their framed bytes and times to the parent; never return."""
    global _in_child
    status = 1
    try:
        _in_child = True
        gc.disable()
        os.close(read_fd)
        framed = _frame(*_timed(pieces))
        with os.fdopen(write_fd, "wb") as out:
            out.write(framed)
        status = 0
    except BaseException:  # the parent runs the piece again to raise the error
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
