"""One build of an output folder at a time: a second build waits briefly, then
says who holds the folder and changes nothing; a crashed build never blocks
the next; builds racing on one folder never leave a broken site behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import CONTENT_DIR, PROJECT_DIR, run_build
from jiedu import build_lock
from jiedu.build_lock import BuildLockedError, hold_build_lock, lock_path

sys.path.insert(0, str(PROJECT_DIR))
import build  # noqa: E402  (build.py is the command line, not a package module)

HOLDER = """
import sys
import threading
from pathlib import Path
from jiedu.build_lock import hold_build_lock
with hold_build_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()  # held until the test closes our stdin (or kills us)
"""
"""A process that holds the lock of the folder it is given, as a running build does."""


class Holder:
    """Another process holding the build lock of `out` until it is released or killed."""

    def __init__(self, out: Path):
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], cwd=PROJECT_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline() == "locked\n"

    def release(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def holder(tmp_path):
    started = Holder(tmp_path / "site")
    yield started
    if started.process.poll() is None:
        started.kill()


def reading_text(page: Path) -> str:
    """The page's text without pinyin and tags."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<rt>.*?</rt>", "", page.read_text(encoding="utf-8")))


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_second_build_of_a_locked_folder_fails_in_one_line_and_touches_nothing(tmp_path, holder):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".jiedu-site").write_text("the previous site\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_build("--content", str(CONTENT_DIR), "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: another build of {tmp_path / 'site'} is running (pid {holder.process.pid}); try again when it has finished"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no cache, no staging folder
    assert (tmp_path / "site" / ".jiedu-site").read_text(encoding="utf-8") == "the previous site\n"


def test_build_site_as_serve_calls_it_takes_the_same_lock(tmp_path, holder, monkeypatch):
    monkeypatch.setattr(build_lock, "WAIT_SECONDS", 0.2)
    with pytest.raises(BuildLockedError, match=f"pid {holder.process.pid}"):
        build.build_site(CONTENT_DIR, tmp_path / "site", PROJECT_DIR / "templates", tmp_path / "cache", session={})


def test_the_lock_is_taken_as_soon_as_its_holder_releases_it(tmp_path, holder):
    holder.release()
    with hold_build_lock(tmp_path / "site", wait=0):
        pass


def test_a_killed_build_never_blocks_the_next(tmp_path, holder):
    holder.kill()  # as a crash or kill -9 would: no chance to clean up
    assert lock_path((tmp_path / "site").resolve()).exists()
    with hold_build_lock(tmp_path / "site", wait=0):
        pass


def test_a_waiting_build_gets_the_lock_when_the_holder_finishes_in_time(tmp_path, holder):
    release = threading.Timer(0.3, holder.release)
    release.start()
    with hold_build_lock(tmp_path / "site", wait=10):
        release.join()  # the holder was waited for: its release came first
        assert holder.process.returncode == 0


def test_a_lock_file_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "elsewhere").write_text("", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", lock_path(tmp_path / "site"))
    with pytest.raises(BuildLockedError, match="cannot use the lock file"):
        with hold_build_lock(tmp_path / "site", wait=0):
            pass


def test_builds_racing_on_one_folder_leave_a_complete_site_that_later_builds_trust_rightly(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    arguments = ["--content", str(content), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "cache")]
    assert run_build(*arguments).returncode == 0
    expected = sorted(site_files(tmp_path / "site"))
    document = content / "documents" / "xizang-ribao-2024-01-congress-closes.txt"
    document.write_text(document.read_text(encoding="utf-8").replace("主席团举行第四次会议\n", "主席团举行第四次全体会议\n"), encoding="utf-8")
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "build", *arguments]
    racers = [subprocess.Popen(command, cwd=PROJECT_DIR, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) for _ in range(2)]
    outcomes = [(racer.wait(timeout=300), racer.stderr.read()) for racer in racers]
    assert any(code == 0 for code, _ in outcomes)
    for code, stderr in outcomes:
        assert code == 0 or "another build of" in stderr, stderr
    assert sorted(site_files(tmp_path / "site")) == expected
    assert "第四次全体会议" in reading_text(tmp_path / "site" / document.stem / "index.html")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]  # no staging left behind
