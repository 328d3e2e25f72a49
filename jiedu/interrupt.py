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

SIGTERM (`kill`, a CI job's timeout, a service manager) stops the main
process the same way, as `Terminated`, so that it too removes its staged site
on the way out. Forked processes go back to SIGTERM's default as they start:
`Pool.terminate` ends the workers with it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

REDELIVERY_DELAY = 0.05
"""Seconds before an interrupt lost in a finalizer is sent again: time for the finalizer to end."""


class Terminated(KeyboardInterrupt):
    """SIGTERM reached the main process: it stops as on Ctrl-C, and exits with TERMINATED_STATUS."""


TERMINATED_STATUS = 128 + signal.SIGTERM


def stop_quietly_on_interrupt() -> None:
    """From now on, SIGINT raises KeyboardInterrupt in this process and is ignored by the processes it forks;
    SIGTERM raises Terminated in this process and ends the processes it forks."""
    global _forks_terminate_by_default
    main_process = os.getpid()

    def on_interrupt(signal_number: int, frame) -> None:
        if os.getpid() == main_process:
            raise KeyboardInterrupt

    def on_terminate(signal_number: int, frame) -> None:
        if os.getpid() == main_process:
            raise Terminated
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a process started some other way than a fork
        os.kill(os.getpid(), signal.SIGTERM)

    if not _forks_terminate_by_default:
        os.register_at_fork(after_in_child=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL))
        _forks_terminate_by_default = True

    previous_hook = sys.unraisablehook

    def redeliver_ignored_interrupt(unraisable) -> None:
        # A handler runs wherever the process is: inside a finalizer (logging's lock release, a
        # __del__) Python prints "Exception ignored" and carries on, so Ctrl-C would be lost.
        # Deliver it again instead; it lands in ordinary code next time.
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and os.getpid() == main_process:
            # Not from here (the handler would run inside the hook, and be ignored again): a moment later.
            threading.Timer(REDELIVERY_DELAY, os.kill, (main_process, signal.SIGINT)).start()
            return
        previous_hook(unraisable)

    signal.signal(signal.SIGINT, on_interrupt)
    signal.signal(signal.SIGTERM, on_terminate)
    sys.unraisablehook = redeliver_ignored_interrupt


_forks_terminate_by_default = False
"""Set once the fork hook is registered (it cannot be taken back, and once is enough)."""
