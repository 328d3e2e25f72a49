"""`python build.py serve`: build, serve the site on localhost, rebuild on change.

Like MkDocs' serve, every build goes through one `builder()` closure. A broken
document, glossary entry or template never stops the server: the error is
printed (file and line) and the last good site stays served until the file is
fixed; the open browser reloads through livereload.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from .report import describe_fatal_error, print_summary


def serve(builder: Callable, out_dir: Path, watched: list[Path], host: str = "127.0.0.1", port: int = 8000) -> int:
    from livereload import Server

    rebuild = make_rebuilder(builder)
    if not rebuild():
        print("The first build failed; fix the error above and save to retry.", file=sys.stderr)
    server = Server()
    for path in watched:
        server.watch(str(path), rebuild, delay=0.2)
    print(f"Serving {out_dir} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    server.serve(root=str(out_dir), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0


def make_rebuilder(builder: Callable) -> Callable[[], bool]:
    """A rebuild that reports instead of raising; True when it succeeded."""

    def rebuild() -> bool:
        started = time.perf_counter()
        try:
            report = builder()
        except Exception as error:  # the server survives a broken build
            print(describe_fatal_error(error, Path.cwd()), file=sys.stderr)
            return False
        print_summary(report, time.perf_counter() - started)
        return True

    return rebuild
