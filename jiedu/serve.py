"""`python build.py serve`: build, serve the site on localhost, rebuild on change.

Like MkDocs' serve, every build goes through one `builder()` closure. A broken
document, glossary entry or template never stops the server: the error is
printed (file and line) and shown in the browser over the pages
(`serve_notice`), the last good site stays served until the file is fixed, and
the open browser reloads through livereload after every build.
"""

from __future__ import annotations

import mimetypes
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from .report import describe_fatal_error, print_summary
from .serve_notice import BuildStatus, add_notice_to_page, render_notice

# Every response is fresh: a reload must show the new build and its notice.
NO_STORE = ("Cache-Control", "no-store")
# For a missing page when the site has no 404.html, e.g. when no build has worked yet.
NO_SITE_PAGE = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>No page here</title></head><body><p>There is no page here (yet).</p></body></html>'


def serve(builder: Callable, out_dir: Path, watched: list[Path], host: str = "127.0.0.1", port: int = 8000, restart_on: list[Path] = ()) -> int:
    """Serve `out_dir`, rebuilding when a `watched` path changes.

    A change under `restart_on` (jiedu's own code) restarts the whole process,
    since the modules already loaded would otherwise keep running the old code;
    the open browser reconnects and reloads by itself.
    """
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    status = BuildStatus()
    rebuild = make_rebuilder(builder, status)
    if not rebuild():
        print("The first build failed; fix the error above and save to retry.", file=sys.stderr)

    def rebuild_and_reload() -> None:
        rebuild()
        # livereload skips a reload within 3 s of the previous one (for many files
        # saved at once); skipping a build's would leave an error shown that is fixed.
        LiveReloadHandler.reload_waiters()

    server = Server(app=make_site_app(out_dir, status))
    for path in watched:
        server.watch(str(path), rebuild_and_reload)
    for path in restart_on:
        server.watch(str(path), restart_process)
    print(f"Serving {out_dir} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    # debug=False: with an app, livereload would turn on Tornado's autoreload, restarting the server.
    server.serve(host=host, port=port, debug=False, open_url_delay=None, restart_delay=0)
    return 0


def restart_process() -> None:
    print("jiedu's code changed: restarting the server.", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, *sys.argv])


def make_rebuilder(builder: Callable, status: BuildStatus) -> Callable[[], bool]:
    """A rebuild that reports (terminal and `status`) instead of raising; True when it succeeded."""

    def rebuild() -> bool:
        started = time.perf_counter()
        try:
            report = builder()
        except Exception as error:  # the server survives a broken build
            status.fatal_error = describe_fatal_error(error, Path.cwd())
            print(status.fatal_error, file=sys.stderr)
            return False
        status.fatal_error, status.problems = None, list(report.problems)
        print_summary(report, time.perf_counter() - started, where_to_open=False)  # serve prints its URL
        return True

    return rebuild


def make_site_app(out_dir: Path, status: BuildStatus) -> Callable:
    """A WSGI app serving `out_dir`, with the last build's notice added to HTML pages."""

    def app(environ: dict, start_response: Callable) -> list[bytes]:
        url_path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")  # PEP 3333, already unquoted
        path = find_served_file(out_dir, url_path)
        if path is not None and path.is_dir():
            start_response("301 Moved Permanently", [("Location", quote(url_path) + "/"), NO_STORE])
            return [b""]
        if path is None:
            status_line, page = "404 Not Found", out_dir / "404.html"
            body, kind = (page.read_bytes() if page.is_file() else NO_SITE_PAGE), "text/html"
        else:
            status_line, body, kind = "200 OK", path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = add_notice_to_page(body, render_notice(status))
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        start_response(status_line, [("Content-Type", kind), ("Content-Length", str(len(body))), NO_STORE])
        return [body]

    return app


def find_served_file(out_dir: Path, url_path: str) -> Path | None:
    """The file (or folder without its final slash) a URL path names inside `out_dir`, if any."""
    root = out_dir.resolve()
    path = (root / url_path.lstrip("/")).resolve()
    if not path.is_relative_to(root):
        return None
    if path.is_dir() and url_path.endswith("/"):
        path = path / "index.html"
    return path if path.exists() else None

