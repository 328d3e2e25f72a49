"""build.py ends its process without tearing down the build's objects, and loses nothing on the way out."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_exit_handlers_run_and_buffered_output_is_written():
    done = run("""
        import atexit, logging, sys, tempfile
        from pathlib import Path
        from jiedu.process_exit import exit_now
        folder = tempfile.TemporaryDirectory()
        Path(folder.name, "x").write_text("x")
        atexit.register(lambda: print("handler ran", Path(folder.name).exists()))
        logging.basicConfig(stream=sys.stderr, level=logging.INFO)
        logging.getLogger("t").info("logged")
        print("buffered", end="")  # no newline: still in the buffer
        exit_now(3)
    """)
    assert done.returncode == 3
    assert done.stdout == "bufferedhandler ran True\n"
    assert "logged" in done.stderr
    assert done.stderr.count("Traceback") == 0


def test_none_is_success_and_a_running_thread_is_waited_for():
    done = run("""
        import threading, time
        from jiedu.process_exit import exit_now
        threading.Thread(target=lambda: (time.sleep(0.3), print("thread finished"))).start()
        exit_now(None)
    """)
    assert (done.returncode, done.stdout) == (0, "thread finished\n")
