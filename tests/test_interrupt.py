"""Ctrl-C is never lost: one that lands in a finalizer, where Python ignores exceptions, is delivered again."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import PROJECT_DIR

PROGRAM = textwrap.dedent(
    """
    import signal, time
    from jiedu.interrupt import stop_quietly_on_interrupt

    stop_quietly_on_interrupt()

    class Finalized:
        def __del__(self):
            signal.raise_signal(signal.SIGINT)  # the handler runs in here, where an exception is "ignored"
            sum(range(10000))

    try:
        item = Finalized()
        del item
        time.sleep(5)
        print("not interrupted")
    except KeyboardInterrupt:
        print("interrupted")
    """
)


def test_an_interrupt_inside_a_finalizer_is_not_lost():
    result = subprocess.run([sys.executable, "-c", PROGRAM], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "interrupted"
    assert "Exception ignored" not in result.stderr and "Traceback" not in result.stderr
