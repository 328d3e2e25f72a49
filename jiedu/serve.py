"""`python build.py serve`: build, serve the site on localhost, rebuild on change.

Like MkDocs' serve, every build goes through one `builder()` closure. A broken
document, glossary entry or template never stops the server: the error is
printed (file and line) and shown in the browser over the pages
(`serve_notice`), the last good site stays served until the file is fixed, and
the open browser reloads through livereload after every build.
"""

from __future__ import annotations

import errno
import mimetypes
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from .interrupt import stop_quietly_on_interrupt
from .paths import one_line
from .report import describe_fatal_error, print_summary
from .serve_notice import BuildStatus, add_notice_to_page, render_notice

# Every response is fresh: a reload must show the new build and its notice.
NO_STORE = ("Cache-Control", "no-store")
# For a missing page when the site has no 404.html, e.g. when no build has worked yet.
NO_SITE_PAGE = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>No page here</title></head><body><p>There is no page here (yet).</p></body></html>'
BAD_REQUEST_PAGE = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bad request</title></head><body><p>This address cannot name a page.</p></body></html>'
# No file of a site has a longer path (Linux allows 4,096 bytes); longer requests are answered without asking the disk.
MAX_URL_PATH = 4096


def serve(builder: Callable, out_dir: Path, watched: list[Path], host: str = "127.0.0.1", port: int = 8000, restart_on: list[Path] = ()) -> int:
    """Serve `out_dir`, rebuilding when a `watched` path changes; the exit status.

    A change under `restart_on` (jiedu's own code) restarts the whole process,
    since the modules already loaded would otherwise keep running the old code;
    the open browser reconnects and reloads by itself. A port already taken
    is said before the first build, in one line; Ctrl-C stops the server, and
    a build it interrupts, quietly.
    """
    unavailable = why_cannot_listen(host, port)
    if unavailable:
        print(unavailable, file=sys.stderr)
        return 1
    stop_quietly_on_interrupt()
    try:
        return _build_and_serve(builder, out_dir, watched, host, port, restart_on)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 0


def _build_and_serve(builder: Callable, out_dir: Path, watched: list[Path], host: str, port: int, restart_on: list[Path]) -> int:
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
    print(f"Serving {one_line(str(out_dir))} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        # debug=False: with an app, livereload would turn on Tornado's autoreload, restarting the server.
        server.serve(host=host, port=port, debug=False, open_url_delay=None, restart_delay=0)
    except OSError as error:  # the port was taken during the first build
        print(cannot_listen_message(host, port, error), file=sys.stderr)
        return 1
    return 0


def why_cannot_listen(host: str, port: int) -> str | None:
    """None when the server can listen on `host`:`port` (tried as Tornado will); else one line saying why."""
    from tornado.netutil import bind_sockets

    if not 0 < port < 2**16:  # getaddrinfo would quietly take 70000 as 4464, and 0 as any free port
        return f"error: there is no port {port}; pick one from 1 to 65535 (--port)"
    try:
        sockets = bind_sockets(port, host)
    except OSError as error:
        return cannot_listen_message(host, port, error)
    for bound in sockets:
        bound.close()
    return None


def cannot_listen_message(host: str, port: int, error: Exception) -> str:
    """One line for a port that cannot be listened on, with what to do.

    >>> print(cannot_listen_message("127.0.0.1", 8000, OSError(errno.EADDRINUSE, "Address already in use")))
    error: port 8000 on 127.0.0.1 is already in use (another `serve`?); stop it, or pick another port: python build.py serve --port 8001 (make serve PORT=8001)
    """
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
        return (f"error: port {port} on {host} is already in use (another `serve`?); stop it, or pick another port: "
                f"python build.py serve --port {port + 1} (make serve PORT={port + 1})")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return one_line(f"error: cannot listen on {host}:{port}: {reason}; pick another address or port (--host, --port)")


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
    """A WSGI app serving `out_dir`, with the last build's notice added to HTML pages.

    Whatever the request's path holds (escaped slashes, `..`, NUL bytes, a
    path longer than any file's), the answer is a page of the site, a
    redirect to a folder of this server, a 404 or a 400: never another host,
    never a file outside the site, never an error of the server.
    """

    def app(environ: dict, start_response: Callable) -> list[bytes]:
        url_path = request_path(environ)
        if url_path is None:
            return respond(start_response, "400 Bad Request", BAD_REQUEST_PAGE, "text/html", status)
        path = find_served_file(out_dir, url_path)
        if path is not None and path.is_dir():
            start_response("301 Moved Permanently", [("Location", folder_location(out_dir, path)), NO_STORE])
            return [b""]
        body = read_served_file(path)
        if body is None:
            page = read_served_file(out_dir / "404.html")
            return respond(start_response, "404 Not Found", NO_SITE_PAGE if page is None else page, "text/html", status)
        return respond(start_response, "200 OK", body, mimetypes.guess_type(path.name)[0] or "application/octet-stream", status)

    return app


def respond(start_response: Callable, status_line: str, body: bytes, kind: str, status: BuildStatus) -> list[bytes]:
    """Send `body`; an HTML page gets the notice of the last build."""
    if kind == "text/html":
        body = add_notice_to_page(body, render_notice(status))
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    start_response(status_line, [("Content-Type", kind), ("Content-Length", str(len(body))), NO_STORE])
    return [body]


def request_path(environ: dict) -> str | None:
    r"""The request's path (PEP 3333 hands it over unquoted, as latin-1); None when it cannot name a file.

    >>> request_path({"PATH_INFO": "/glossary/"}), request_path({"PATH_INFO": "/a\x00b"})
    ('/glossary/', None)
    """
    url_path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
    if len(url_path) > MAX_URL_PATH or any(character < " " or "\x7f" <= character <= "\x9f" for character in url_path):
        return None
    return url_path


def find_served_file(out_dir: Path, url_path: str) -> Path | None:
    """The file (or folder without its final slash) a URL path names inside `out_dir`, if any."""
    try:
        root = out_dir.resolve()
        path = (root / url_path.lstrip("/")).resolve()
        if not path.is_relative_to(root):
            return None
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        return path if path.exists() else None
    except (OSError, RuntimeError):  # a name too long, a link loop: no file of the site
        return None


def folder_location(out_dir: Path, folder: Path) -> str:
    """Where a folder asked for without its final slash is: its path from the site's root, on this server.

    Made from the folder found, not from the request, so that a request such as
    `/%2Fevil.example/..%2Fglossary` cannot redirect to `//evil.example/…`, another host.
    """
    inside = folder.relative_to(out_dir.resolve()).as_posix()
    return "/" if inside == "." else f"/{quote(inside)}/"


def read_served_file(path: Path | None) -> bytes | None:
    """The file's bytes; None when there is none (a build's swap may have just moved it)."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None
