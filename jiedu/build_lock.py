"""One build of an output folder at a time.

Two builds writing the same site (a `serve` beside a `build.py` run by hand,
two CI jobs) would swap over each other's work and remove each other's
half-written folders. So a build holds an advisory lock for its whole run,
swap included: the OS's own (`flock` on POSIX, `msvcrt.locking` on Windows),
on a file beside the output folder (`.site.lock` for `site/`). The OS drops
the lock when its process ends, however it ends, so a crashed build never
blocks the next one; the pid written into the file only names the holder in
the message a waiting build gives.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

WAIT_SECONDS = 3.0
"""How long a build waits for another build of the same folder before giving up."""
POLL_SECONDS = 0.05


class BuildLockedError(RuntimeError):
    """Another build of the same output folder holds the lock (or the lock file cannot be used)."""


def lock_path(out_dir: Path) -> Path:
    """The lock file of an output folder: hidden, beside it.

    >>> lock_path(Path("/srv/www/site")).as_posix()
    '/srv/www/.site.lock'
    """
    return out_dir.parent / f".{out_dir.name}.lock"


@contextlib.contextmanager
def hold_build_lock(out_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of `out_dir` for the block; BuildLockedError when another build keeps it
    past `wait` seconds (default: WAIT_SECONDS)."""
    wait = WAIT_SECONDS if wait is None else wait
    out_dir = out_dir.resolve()
    path = lock_path(out_dir)
    descriptor = _open_lock_file(path)
    try:
        _acquire(descriptor, out_dir, path, wait)
        try:
            _write_holder(descriptor)
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def _open_lock_file(path: Path) -> int:
    # O_NOFOLLOW: in a shared folder such as /tmp, a link planted under this name is refused, not followed.
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o666)
    except OSError as error:
        raise BuildLockedError(f"cannot use the lock file {path} ({error.strerror}); remove it if no build is running") from None


def _acquire(descriptor: int, out_dir: Path, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not _try_lock(descriptor):
        if time.monotonic() >= deadline:
            holder = read_holder(path)
            who = f" (pid {holder})" if holder else ""
            raise BuildLockedError(f"another build of {out_dir} is running{who}; try again when it has finished")
        time.sleep(POLL_SECONDS)


def read_holder(path: Path) -> int | None:
    """The pid the lock's holder wrote into the file (after its first byte, which Windows keeps locked), or None."""
    try:
        with path.open("rb") as file:
            file.seek(1)
            return int(file.read(32).strip() or b"x")
    except (OSError, ValueError):
        return None


def _write_holder(descriptor: int) -> None:
    os.lseek(descriptor, 0, os.SEEK_SET)
    os.ftruncate(descriptor, 0)
    os.write(descriptor, f"\n{os.getpid()}\n".encode())


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
