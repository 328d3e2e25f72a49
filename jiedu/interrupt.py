"""Ctrl-C stops jiedu in one line, not a traceback per process.

A terminal sends SIGINT to every process of its foreground group: besides the
main process, the build's forked workers (and the helper deriving the GBK
repair's tables) would each print a traceback of wherever they happened to be.
Forked processes inherit Python's signal handlers, so one handler, installed
in the main process before it forks, tells them apart: the main process gets
a KeyboardInterrupt, to stop as it sees fit (its staged site is removed on the
way out); a forked one carries on, and is ended by the main process on its
way out (the pool's workers by `Pool.terminate`, a daemon helper at exit).
A forked process must not simply exit there: one holding the pool's task
queue lock would leave the main process waiting for that lock for ever.
"""

from __future__ import annotations

import os
import signal


def stop_quietly_on_interrupt() -> None:
    """From now on, SIGINT raises KeyboardInterrupt in this process and is ignored by the processes it forks."""
    main_process = os.getpid()

    def on_interrupt(signal_number: int, frame) -> None:
        if os.getpid() == main_process:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_interrupt)
