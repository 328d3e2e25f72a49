"""Digests of input files, remembered by their `stat`, as git's index remembers its files.

Every build digests every input file (the content folder, the templates, jiedu's
own code: jiedu.fingerprint) and every document file again to look up what it
gave when last read (jiedu.ingest). At 1,000 documents that was reading some
2,500 files on every build, the largest part of a no-op. A file whose device,
inode, size, mtime and ctime are the ones recorded with its digest is taken to
hold the same bytes, and is not read.

ctime cannot be set by a program (touch, cp -p and rsync -t set mtime, not
ctime) and changes with every write, so a file changed since its digest was
recorded has another ctime, unless it was changed within the same tick of the
file system's clock as the recorded ctime. A digest is therefore recorded only
for a file whose mtime and ctime were both at least RACY_SECONDS older than
the moment it was read: a file changed just before or during a build is read
again by the next one (git calls such entries "racily clean").

On Windows `st_ctime` is the file's creation time, so there a rewrite that
keeps the size and puts the old mtime back goes unseen (as it does for git,
make and most build tools); any ordinary edit changes the mtime.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path

from .atomic_file import replace_file
from .cache_safety import is_private_file

FILE_NAME = "file-digests.marshal"
"""In the build cache's folder (jiedu-build)."""
FORMAT = 1
RACY_SECONDS = 2
"""A file changed less than this before it was read is not remembered (far more than any file system's clock tick)."""

Stat = tuple[int, int, int, int, int]
"""(device, inode, size, mtime_ns, ctime_ns)."""


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class FileDigests:
    """Path -> digest of its bytes, read only for files whose stat is not the recorded one.

    `digest` is the function of bytes the digests are made with (jiedu.fingerprint.digest).
    """

    def __init__(self, record: Path | None, digest, recorded: dict[str, tuple[Stat, str]] | None = None):
        self.record = record
        self._digest = digest
        self._recorded = recorded or {}
        self._seen: dict[str, tuple[Stat, str]] = {}
        """What this build found: the record it leaves for the next one."""
        self._unsettled: dict[str, tuple[Stat, str]] = {}
        """Files read this build that changed too recently to be recorded: known for the rest of the build only."""
        self._changed = False

    @classmethod
    def load(cls, folder: Path | None, digest) -> FileDigests:
        """The digests recorded in the build cache's `folder` (none when there is no folder, or the record is
        missing, damaged, of another format, or not private to this user: any of these only costs reading)."""
        record = folder / FILE_NAME if folder is not None else None
        recorded = None
        try:
            with record.open("rb") as file:
                if is_private_file(os.fstat(file.fileno())):
                    found = marshal.loads(file.read())  # marshal.load(file) reads it piecemeal: 8.5 ms against 0.5 ms for 2,300 files
                    if isinstance(found, tuple) and len(found) == 2 and found[0] == FORMAT and isinstance(found[1], dict):
                        recorded = found[1]
        except Exception:  # noqa: BLE001 - missing, unreadable or damaged: read every file
            recorded = None
        return cls(record, digest, recorded)

    def digest_of(self, path: Path | str, read: Callable[[Path], bytes] = Path.read_bytes) -> str:
        """The digest of the file's bytes, read with `read` when they must be (OSError when they cannot be).
        A file is read at most once a build: the inputs' digest and ingest both ask for the documents."""
        key = str(path)
        info = stat_of(os.stat(path))
        known = self._seen.get(key) or self._unsettled.get(key) or self._recorded.get(key)
        if known is not None and known[0] == info:
            if key not in self._unsettled:
                self._seen[key] = known
            return known[1]
        read_at = time.time_ns()
        found = self._digest(read(Path(path)))
        if max(info[3], info[4]) < read_at - RACY_SECONDS * 1_000_000_000 and stat_of(os.stat(path)) == info:  # settled, and unchanged while read
            self._seen[key] = (info, found)
            self._changed = True
        else:
            self._unsettled[key] = (info, found)
        return found

    def save(self) -> None:
        """Record what this build found, for the next (files it did not ask about are forgotten), if that is new."""
        if self.record is None or not (self._changed or self._seen.keys() != self._recorded.keys()):
            return
        payload = marshal.dumps((FORMAT, self._seen))
        replace_file(self.record, lambda file: file.write(payload))
        self._recorded, self._changed = dict(self._seen), False
