"""Hostile content: every bad file gets a one-line message naming it, and the
rest of the site is still built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitecheck import html_pages

from conftest import CONTENT_DIR, run_build
from processes import forked_children, live_processes_in_group

GOOD = "坚持以人民为中心的发展思想。\n"


def hostile_files() -> dict[str, bytes]:
    return {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "gbk.txt": "关于政府工作报告的决议\n\n会议充分肯定政府过去一年的工作。\n".encode("gbk"),
        "big5.txt": "關於政府工作報告的決議\n\n會議充分肯定政府過去一年的工作。\n".encode("big5"),
        "utf16.txt": "坚持稳中求进工作总基调。\n".encode("utf-16"),
        "bad-utf8.txt": "坚持稳中求进".encode() + b"\xff\xfe" + "工作总基调。\n".encode(),
        "no-han.txt": b"Only Latin text here, and numbers 1234.\n",
        "broken-front-matter.md": "---\ntitle: [unclosed\n---\n正文。\n".encode(),
        "unclosed-front-matter.md": "---\ntitle: x\n正文。\n".encode(),
        "same slug.txt": GOOD.encode(),
        "same-slug.txt": GOOD.encode(),
        "中文 名字..txt": GOOD.encode(),
        "script.md": "# 标题\n\n<script>alert('x')</script> 正文。\n".encode(),
        "one-line-10mb.txt": "坚持稳中求进工作总基调，".encode() * (10 * 2**20 // 36),
        "名单.xlsx": b"PK\x03\x04 a spreadsheet",
        "old-word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000),
        "~$名单.xlsx": b"Office's lock file: never mentioned",
    }


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(CONTENT_DIR, content)
    for name, data in hostile_files().items():
        (content / "documents" / name).write_bytes(data)
    (content / "glossary" / "broken.md").write_text("---\nterm: [\n---\nbody\n", encoding="utf-8")
    (content / "glossary" / "incomplete.md").write_text("---\nenglish: no term given\n---\nbody\n", encoding="utf-8")
    with (content / "lexicon.txt").open("a", encoding="utf-8") as lexicon:
        lexicon.write("这一行没有读音\n")
    out = root / "site"
    return run_build("--content", str(content), "--out", str(out)), out


def test_office_lock_files_are_not_mentioned(hostile_build):
    result, _ = hostile_build
    assert "~$" not in result.stderr


def test_the_site_is_still_built(hostile_build):
    result, out = hostile_build
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file()
    assert (out / "xizang-2025-government-work-report-tasks" / "index.html").is_file()


@pytest.mark.parametrize(
    "needle",
    [
        "documents/empty.txt: error: the file is empty",
        "documents/binary.txt: error: the file is binary",
        "documents/bad-utf8.txt: warning: 2 byte(s) could not be decoded as utf-8 (at byte offset 18, 19)",
        "documents/broken-front-matter.md:2: error: the front matter is not valid YAML",
        "documents/unclosed-front-matter.md:1: error: the front matter is never closed",
        "is taken by another document",
        "glossary/broken.md",
        "glossary/incomplete.md",
        "lexicon.txt:",
        "documents/one-line-10mb.txt: error: 10.0 MB is larger than a document can be",
        "documents/名单.xlsx: warning: not read: a spreadsheet; save the sheet as CSV",
        "documents/old-word.doc: error: the Word file's container is damaged",
    ],
)
def test_each_bad_file_is_named_in_one_line(hostile_build, needle):
    result, _ = hostile_build
    assert any(needle in line for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("name,text", [("gbk", "会议充分肯定政府过去一年的工作"), ("big5", "會議充分肯定政府過去一年的工作"), ("utf16", "坚持稳中求进工作总基调")])
def test_legacy_encodings_are_read(hostile_build, name, text):
    _, out = hostile_build
    pages = "".join(p.read_text(encoding="utf-8") for p in out.glob(f"{name}/*.html"))
    import re

    assert text in re.sub(r"<rt>.*?</rt>|<[^>]+>", "", pages)


def test_content_markup_is_never_executed(hostile_build):
    _, out = hostile_build
    for page in html_pages(out):
        assert "<script>alert" not in page.read_text(encoding="utf-8"), page


def test_strict_turns_warnings_into_failure(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "a.txt").write_bytes("坚持".encode() + b"\xff" + "稳中求进。\n".encode())
    assert run_build("--content", str(content), "--out", str(tmp_path / "site")).returncode == 0
    assert run_build("--content", str(content), "--out", str(tmp_path / "site2"), "--strict").returncode == 1


def test_two_builds_are_byte_identical(tmp_path, built_site):
    site, _ = built_site
    again = tmp_path / "site"
    assert run_build("--content", str(CONTENT_DIR), "--out", str(again)).returncode == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_refuses_to_replace_a_folder_jiedu_did_not_write(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    result = run_build("--content", str(content), "--out", str(precious))
    assert result.returncode != 0
    assert "not empty and was not written by jiedu" in result.stderr
    assert (precious / "thesis.docx").read_bytes() == b"years of work"


@pytest.mark.parametrize("delay", [0.5, 3.0, 5.5])
def test_a_build_killed_midway_leaves_the_previous_site_intact(tmp_path, built_site, delay):
    import signal
    import subprocess
    import sys
    import time

    site, _ = built_site
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    command = [sys.executable, str(CONTENT_DIR.parent / "build.py"), "build", "--content", str(CONTENT_DIR), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # The next build clears what the killed one left half-written.
    assert run_build("--content", str(CONTENT_DIR), "--out", str(out)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in (".cache", ".site.lock")) == ["site"]  # the lock stays: see jiedu.build_lock


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the build's worker processes in /proc")
def test_a_terminated_build_removes_its_staged_site_ends_its_workers_and_says_so(tmp_path, built_site):
    """SIGTERM (`kill`, a CI timeout) stops a build as Ctrl-C does: one line, exit status 143,
    the half-written staging folder removed, every worker gone, the previous site untouched."""
    import signal
    import subprocess
    import sys
    import time

    site, _ = built_site
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    for copy in range(8):  # enough work for worker processes to be under way
        for source in (CONTENT_DIR / "documents").iterdir():
            if source.is_file():
                shutil.copy(source, documents / f"copy-{copy}-{source.name}")
    command = [sys.executable, str(CONTENT_DIR.parent / "build.py"), "build", "--content", str(tmp_path / "content"), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (list(tmp_path.glob(".site-new-*")) and forked_children(process.pid)) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be terminated"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert stderr.strip() == "Terminated; the previous site was left as it was.", stderr
    assert not list(tmp_path.glob(".site-new-*"))
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    deadline = time.monotonic() + 30
    while live_processes_in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not live_processes_in_group(process.pid), "worker processes outlived the build"


def test_a_site_caught_between_the_two_renames_of_the_swap_is_put_back(tmp_path):
    from jiedu.write import MARKER, remove_leftovers

    retired = tmp_path / ".site-old-abc123"
    retired.mkdir()
    (retired / MARKER).write_text("")
    (retired / "index.html").write_text("previous")
    (tmp_path / ".site-new-def456").mkdir()
    remove_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["site"]
