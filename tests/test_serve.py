"""`python build.py serve` shows what broke in the browser, and recovers when it is fixed.

The first tests call the pieces directly; the last ones run the real command on a
free port over copies of content/ and templates/, break a template and a glossary
entry, and watch the served pages (with urllib, then in headless Chromium).
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import jinja2
import pytest

from jiedu.model import Problem, Severity
from jiedu.report import BuildReport
from jiedu.serve import make_rebuilder, make_site_app
from jiedu.serve_notice import NOTICE_ID, BuildStatus, render_notice
from processes import forked_children, live_processes_in_group

from conftest import CONTENT_DIR, PROJECT_DIR
from test_browser import CHROMEDRIVER, CHROMIUM, make_driver

PAGE = b'<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body class="home"><p>\xe8\xa7\xa3\xe8\xaf\xbb</p></body></html>\n'
FATAL = "templates/section.html:3: error: TemplateSyntaxError: unexpected '</b>'; the previous site was left as it was"
PROBLEMS = [
    Problem("content/glossary/san-bao.md", 3, "the front matter is not valid YAML: <oops>", Severity.ERROR),
    Problem("content/documents/a.txt", None, "could not be decoded; skipped", Severity.WARNING),
]


# --- the notice and the app, called directly ---


@pytest.mark.parametrize(
    "status, expected, unexpected",
    [
        (BuildStatus(), [], ["<"]),
        (BuildStatus(fatal_error=FATAL), ["The build failed", "stale", "templates/section.html:3: error: TemplateSyntaxError: unexpected &#x27;&lt;/b&gt;&#x27;", f'id="{NOTICE_ID}-stale"'], ["</b>'"]),
        (BuildStatus(problems=PROBLEMS), ["1 error(s), 1 warning(s)", "content/glossary/san-bao.md:3: error: the front matter is not valid YAML: &lt;oops&gt;", "content/documents/a.txt: warning: could not be decoded"], ["<oops>", "is stale"]),
        (BuildStatus(fatal_error=FATAL, problems=PROBLEMS), ["The build failed"], ["san-bao.md"]),
    ],
    ids=["clean", "failed", "problems", "failed-hides-older-problems"],
)
def test_notice_says_what_the_last_build_left_escaped(status, expected, unexpected):
    notice = render_notice(status)
    for text in expected:
        assert text in notice
    for text in unexpected:
        assert text not in notice


def call_app(app, path: str) -> tuple[str, dict, bytes]:
    environ = {"PATH_INFO": path}
    setup_testing_defaults(environ)
    answer = {}
    body = b"".join(app(environ, lambda status, headers: answer.update(status=status, headers=dict(headers))))
    return answer["status"], answer["headers"], body


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / "site" / "doc").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_bytes(PAGE)
    (tmp_path / "site" / "doc" / "index.html").write_bytes(PAGE)
    (tmp_path / "site" / "site.css").write_text("body { color: red }\n")
    (tmp_path / "secret.txt").write_text("not served")
    return tmp_path / "site"


def test_a_clean_build_is_served_byte_for_byte(site):
    app = make_site_app(site, BuildStatus())
    for path, file in [("/", "index.html"), ("/doc/", "doc/index.html"), ("/site.css", "site.css")]:
        status, headers, body = call_app(app, path)
        assert (status, body) == ("200 OK", (site / file).read_bytes())
        assert headers["Cache-Control"] == "no-store"
    assert call_app(app, "/site.css")[1]["Content-Type"] == "text/css; charset=utf-8"


def test_the_notice_is_added_to_pages_only_and_never_written(site):
    status = BuildStatus(problems=PROBLEMS)
    app = make_site_app(site, status)
    _, _, page = call_app(app, "/doc/index.html")
    assert page.startswith(b'<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body class="home"><style>')
    assert f'id="{NOTICE_ID}"'.encode() in page and page.endswith(PAGE[PAGE.index(b"<p>"):])
    assert call_app(app, "/site.css")[2] == b"body { color: red }\n"
    assert (site / "doc" / "index.html").read_bytes() == PAGE
    status.problems = []
    assert call_app(app, "/doc/index.html")[2] == PAGE


@pytest.mark.parametrize(
    "path, expected_status",
    [("/doc", "301 Moved Permanently"), ("/missing.html", "404 Not Found"), ("/../secret.txt", "404 Not Found"), ("/doc/../../secret.txt", "404 Not Found")],
)
def test_folders_redirect_and_nothing_outside_the_site_is_served(site, path, expected_status):
    status, headers, body = call_app(make_site_app(site, BuildStatus()), path)
    assert status == expected_status
    assert b"not served" not in body
    if status.startswith("301"):
        assert headers["Location"] == path + "/"


def test_without_any_site_the_error_is_still_shown(tmp_path):
    status, _, body = call_app(make_site_app(tmp_path / "never-built", BuildStatus(fatal_error=FATAL)), "/")
    assert status == "404 Not Found"
    assert b"The build failed" in body and b"templates/section.html:3: error" in body


def test_rebuilds_record_the_last_outcome(tmp_path):
    outcomes = iter([
        jinja2.TemplateSyntaxError("unexpected '}'", 3, name="section.html", filename="templates/section.html"),
        BuildReport(tmp_path, problems=list(PROBLEMS)),
        BuildReport(tmp_path),
    ])

    def builder() -> BuildReport:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    status = BuildStatus()
    rebuild = make_rebuilder(builder, status)
    assert rebuild() is False
    assert status.fatal_error.startswith("templates/section.html:3: error: TemplateSyntaxError: unexpected '}'")
    assert rebuild() is True
    assert (status.fatal_error, status.problems) == (None, PROBLEMS)
    assert rebuild() is True
    assert (status.fatal_error, status.problems) == (None, [])


# --- the real command, over copies the tests break and fix ---


@dataclass
class DevServer:
    url: str
    work: Path
    """Holds content/, templates/ and the built site/."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return None


def wait_until(condition, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.3)
    raise AssertionError(f"gave up after {timeout} s waiting for {what}")


def wait_for_page(url: str, with_notice: bool) -> str:
    """The page once the server's notice is there (or gone): a rebuild takes a few seconds."""
    return wait_until(lambda: (page := fetch(url)) and (NOTICE_ID in page) == with_notice and page, f"{url} {'with' if with_notice else 'without'} the notice")


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    """`python build.py serve` as a user runs it, on a free port."""
    work = tmp_path_factory.mktemp("serve")
    shutil.copytree(CONTENT_DIR, work / "content")
    shutil.copytree(PROJECT_DIR / "templates", work / "templates")
    port = free_port()
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--port", str(port),
               "--content", str(work / "content"), "--templates", str(work / "templates"), "--out", str(work / "site")]
    with open(work / "serve.log", "w") as log:
        server = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: server.poll() is not None or fetch(url), "the first build and the server")
        assert server.poll() is None, (work / "serve.log").read_text()
        yield DevServer(url, work)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def driver():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs Debian's chromium and chromium-driver")
    browser = make_driver()
    yield browser
    browser.quit()


@pytest.fixture
def edit(dev_server):
    """Replace text in a file of the copies; every file is restored afterwards."""
    originals = {}

    def replace(relative: str, old: str, new: str) -> None:
        path = dev_server.work / relative
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    yield replace
    for path, text in originals.items():
        if path.read_text(encoding="utf-8") != text:  # an unchanged file would only start another build
            path.write_text(text, encoding="utf-8")


def test_a_broken_template_shows_the_error_over_the_stale_site_until_fixed(dev_server, edit, driver, tmp_path):
    from selenium.webdriver.common.by import By

    home = dev_server.url + "index.html"
    assert "document-list" in wait_for_page(home, with_notice=False)
    written = (dev_server.work / "site" / "index.html").read_bytes()

    edit("templates/index.html", '{% block main %}\n', '{% block main %}\n{% if %}\n')
    page = wait_for_page(home, with_notice=True)
    assert "templates/index.html:4: error: TemplateSyntaxError" in page
    assert "document-list" in page, "the last good site stays readable under the error"
    assert (dev_server.work / "site" / "index.html").read_bytes() == written

    driver.get(home)
    notice = driver.find_element(By.ID, NOTICE_ID)
    assert notice.is_displayed() and "This page is stale" in notice.text and "templates/index.html:4: error" in notice.text
    driver.save_screenshot(str(tmp_path / "template-error.png"))
    notice.find_element(By.TAG_NAME, "button").click()
    assert not driver.find_elements(By.ID, NOTICE_ID)
    assert driver.find_element(By.ID, f"{NOTICE_ID}-stale").is_displayed(), "the red frame still marks the page stale"

    edit("templates/index.html", '{% if %}\n', '')
    assert "document-list" in wait_for_page(home, with_notice=False)


def test_a_broken_glossary_entry_reloads_the_open_page_with_its_problem(dev_server, edit, driver, tmp_path):
    from selenium.webdriver.common.by import By

    page = dev_server.url + "glossary/index.html"
    wait_for_page(page, with_notice=False)
    driver.get(page)
    wait_until(lambda: driver.execute_script("return !!window.LiveReload"), "livereload.js in the page")

    edit("content/glossary/san-bao.md", "pinyin: sān bǎo", "pinyin: sān bǎo: x")
    notice = wait_until(lambda: driver.find_elements(By.ID, NOTICE_ID), "the open page to reload with the notice")[0]
    assert notice.is_displayed()
    first_line = notice.text.splitlines()[1]
    assert first_line == "content/glossary/san-bao.md:3: error: the front matter is not valid YAML: mapping values are not allowed here"
    driver.save_screenshot(str(tmp_path / "glossary-problem.png"))

    driver.execute_script("window.beforeTheFix = true")
    edit("content/glossary/san-bao.md", "pinyin: sān bǎo: x", "pinyin: sān bǎo")
    wait_until(lambda: driver.execute_script("return document.readyState == 'complete' && !window.beforeTheFix"), "the open page to reload after the fix")
    assert not driver.find_elements(By.ID, NOTICE_ID)


# --- the real server against hostile requests, a port it cannot use, and Ctrl-C ---

# The real server (jiedu.serve.serve: livereload and Tornado) over a site made by hand, with a builder that builds nothing.
SERVE_A_SITE = (
    "import sys; from pathlib import Path; from jiedu.report import BuildReport; from jiedu.serve import serve; "
    "site = Path(sys.argv[1]); sys.exit(serve(lambda: BuildReport(site), site, [site], port=int(sys.argv[2])))"
)
# Each: a path as sent, the answers allowed, and where a redirect must lead.
PATH_TRICKS = [
    ("/%2Fevil.example/..%2Fglossary", {301}, "/glossary/"),
    ("//evil.example/%2e%2e/glossary", {301}, "/glossary/"),
    ("/%5Cevil.example/..%2Fglossary", {301}, "/glossary/"),
    ("/\\evil.example/../glossary", {301}, "/glossary/"),
    ("/glossary/..", {301}, "/"),
    ("/glossary", {301}, "/glossary/"),
    ("/%00", {400}, None),
    ("/index.html%00.txt", {400}, None),
    ("/%0D%0ALocation:%20http://evil.example/", {400}, None),
    ("/" + "a" * 300, {404}, None),
    ("/" + "a" * 5000, {400, 404}, None),
    ("/" + "a/" * 2500, {400, 404}, None),
    ("/..%2F..%2Fsecret.txt", {404}, None),
    ("/%ff%fe", {404}, None),
]


@pytest.fixture(scope="module")
def hand_made_site_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("tricks")
    site = root / "site"
    (site / "glossary").mkdir(parents=True)
    for page in ("index.html", "glossary/index.html", "404.html"):
        (site / page).write_bytes(PAGE)
    (root / "secret.txt").write_text("not served")
    port = free_port()
    log_path = root / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-c", SERVE_A_SITE, str(site), str(port)], cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: server.poll() is not None or fetch(f"http://127.0.0.1:{port}/"), "the server", timeout=60)
        assert server.poll() is None, log_path.read_text()
        yield port, log_path
    finally:
        server.terminate()
        server.wait(timeout=30)


def raw_get(port: int, path: str) -> tuple[int, dict, bytes]:
    """GET `path` exactly as written (no normalizing, no redirect followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path, allowed, location", PATH_TRICKS, ids=[path[:40] for path, _, _ in PATH_TRICKS])
def test_path_tricks_get_a_page_of_this_server_a_404_or_a_400(hand_made_site_server, path, allowed, location):
    port, _ = hand_made_site_server
    status, headers, body = raw_get(port, path)
    assert status in allowed
    assert b"not served" not in body
    if location is not None:
        assert headers["Location"] == location
    assert "Location" not in headers or (headers["Location"].startswith("/") and not headers["Location"].startswith(("//", "/\\")))


def test_the_server_logged_no_error_for_any_path_trick(hand_made_site_server):
    port, log_path = hand_made_site_server
    for path, _, _ in PATH_TRICKS:
        raw_get(port, path)
    log = log_path.read_text()
    assert "Traceback" not in log and " 500 " not in log, log


@pytest.mark.parametrize("port, expected", [("in use", "is already in use (another `serve`?)"), ("70000", "there is no port 70000")])
def test_serve_on_a_port_it_cannot_use_says_so_in_one_line_before_building(tmp_path, port, expected):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = str(holder.getsockname()[1]) if port == "in use" else port
        command = [sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--port", port, "--content", str(CONTENT_DIR), "--out", str(tmp_path / "site")]
        result = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and expected in result.stderr and "--port" in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_serve_takes_a_port():
    result = subprocess.run(["make", "-n", "serve", "PORT=8001"], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)
    assert "build.py serve --port 8001" in result.stdout


def start_serve(work: Path, *options: str) -> tuple[subprocess.Popen, Path, str]:
    """`python build.py serve` over work/content, in a process group of its own (as a terminal's job is)."""
    port = free_port()
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--port", str(port),
               "--content", str(work / "content"), "--out", str(work / "site"), *options]
    log_path = work / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return server, log_path, f"http://127.0.0.1:{port}/"


def press_ctrl_c(server: subprocess.Popen, log_path: Path) -> str:
    """SIGINT to every process of the server's group, as Ctrl-C in a terminal; what it printed."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        raise AssertionError(f"Ctrl-C did not stop the server:\n{log_path.read_text()}") from None
    return log_path.read_text()


def test_ctrl_c_stops_a_serving_server_quietly(tmp_path):
    (tmp_path / "content" / "documents").mkdir(parents=True)
    (tmp_path / "content" / "documents" / "a.txt").write_text("坚持以人民为中心的发展思想。\n", encoding="utf-8")
    server, log_path, url = start_serve(tmp_path)
    try:
        wait_until(lambda: server.poll() is not None or fetch(url), "the first build and the server", timeout=120)
    finally:
        output = press_ctrl_c(server, log_path)
    assert server.returncode == 0, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the build's worker processes in /proc")
def test_ctrl_c_during_a_build_in_worker_processes_stops_every_process_quietly(tmp_path):
    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    for copy in range(12):
        for source in (CONTENT_DIR / "documents").iterdir():
            if source.is_file():
                shutil.copy(source, documents / f"copy-{copy}-{source.name}")
    server, log_path, url = start_serve(tmp_path, "--jobs", "2")
    try:
        wait_until(lambda: server.poll() is not None or forked_children(server.pid), "the build's worker processes", timeout=120)
    finally:
        output = press_ctrl_c(server, log_path)
    assert server.returncode == 0, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert output.rstrip().endswith("Stopped."), output
    wait_until(lambda: not live_processes_in_group(server.pid), "the workers to stop", timeout=30)
