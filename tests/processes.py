"""The processes a test started: which are still alive, which a process forked (Linux /proc)."""

from __future__ import annotations

from pathlib import Path


def live_processes_in_group(group: int) -> list[int]:
    """Processes of a process group still running (zombies waiting for a parent to reap them are not)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def forked_children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
