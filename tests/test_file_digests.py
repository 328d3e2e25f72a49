"""Input files unchanged since the last build are not read again, and a changed one is always noticed.

jiedu.file_digests remembers each file's digest with its stat (device, inode, size,
mtime, ctime), as git's index does. These tests change files the ways editors and
tools do, including the ones that keep the size and put the old mtime back.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import CONTENT_DIR, PROJECT_DIR
from jiedu import file_digests
from jiedu.file_digests import FILE_NAME, FileDigests
from jiedu.fingerprint import digest

import build  # noqa: E402  (build.py is the command line, not a package module)

TICK = 0.05
"""Longer than a file system's clock tick (ext4: a few milliseconds), so that a rewrite gets another ctime."""


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled at once (they would after RACY_SECONDS), so that tests need not wait."""
    monkeypatch.setattr(file_digests, "RACY_SECONDS", 0)


def recorded(folder: Path, path: Path) -> str:
    """The digest of `path` as a build records it, read back in a new FileDigests (as the next build does)."""
    digests = FileDigests.load(folder, digest)
    found = digests.digest_of(path)
    digests.save()
    return found


def test_an_unchanged_file_is_not_read_again(tmp_path, settled, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("政府工作报告", encoding="utf-8")
    time.sleep(TICK)
    first = recorded(tmp_path, path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read again"))
    assert FileDigests.load(tmp_path, digest).digest_of(path) == first == digest("政府工作报告".encode())


@pytest.mark.parametrize("change", ["same size, old mtime put back", "replaced by a renamed file", "grown"])
def test_a_changed_file_is_read_again(tmp_path, settled, change):
    path = tmp_path / "a.txt"
    path.write_text("第一条", encoding="utf-8")
    time.sleep(TICK)
    before = recorded(tmp_path, path)
    info = path.stat()
    time.sleep(TICK)
    if change == "same size, old mtime put back":
        path.write_text("第二条", encoding="utf-8")
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    elif change == "replaced by a renamed file":
        (tmp_path / "new.txt").write_text("第二条", encoding="utf-8")
        os.replace(tmp_path / "new.txt", path)
    else:
        path.write_text("第一条第二条", encoding="utf-8")
    after = FileDigests.load(tmp_path, digest).digest_of(path)
    assert after != before and after == digest(path.read_bytes())


def test_a_file_changed_just_before_it_was_read_is_not_remembered(tmp_path):
    """Within RACY_SECONDS of its last change a file may change again in the same clock tick: it is read next time too."""
    path = tmp_path / "a.txt"
    path.write_text("刚刚写好", encoding="utf-8")
    recorded(tmp_path, path)
    assert str(path) not in FileDigests.load(tmp_path, digest)._recorded


def test_a_file_changed_just_now_is_read_once_a_build(tmp_path):
    """The inputs' digest and ingest both ask for a document: an edited one is read once, with the reader given."""
    path = tmp_path / "a.txt"
    path.write_text("刚刚改过", encoding="utf-8")
    reads = []
    digests = FileDigests.load(tmp_path, digest)
    first = digests.digest_of(path, lambda file: reads.append(file) or file.read_bytes())
    assert digests.digest_of(path) == first and reads == [path]
    digests.save()
    assert str(path) not in FileDigests.load(tmp_path, digest)._recorded  # still not remembered for the next build


def test_a_file_whose_mtime_is_recent_is_not_remembered_whatever_its_ctime(tmp_path, monkeypatch):
    """Where ctime says nothing of changes (Windows: the creation time), a recent mtime still keeps a file from being remembered."""
    real = file_digests.stat_of
    monkeypatch.setattr(file_digests, "stat_of", lambda info: real(info)[:4] + (0,))  # a ctime from long ago, as if created then
    path = tmp_path / "a.txt"
    path.write_text("内容", encoding="utf-8")
    recorded(tmp_path, path)
    assert str(path) not in FileDigests.load(tmp_path, digest)._recorded


@pytest.mark.parametrize("damage", ["cut short", "garbage", "writable by others"])
def test_a_damaged_or_foreign_record_only_costs_reading(tmp_path, settled, damage):
    path = tmp_path / "a.txt"
    path.write_text("内容", encoding="utf-8")
    time.sleep(TICK)
    recorded(tmp_path, path)
    record = tmp_path / FILE_NAME
    if damage == "cut short":
        record.write_bytes(record.read_bytes()[:10])
    elif damage == "garbage":
        record.write_bytes(b"\x00not a record")
    else:
        record.chmod(0o666)
    found = FileDigests.load(tmp_path, digest)
    assert found._recorded == {}
    assert found.digest_of(path) == digest("内容".encode())


def test_a_build_notices_a_document_rewritten_with_its_size_and_mtime(tmp_path):
    """The whole path, with the real settling time: a no-op reads nothing, then an editor's same-size rewrite is built."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    document = sorted((content / "documents").glob("*.txt"))[0]
    time.sleep(file_digests.RACY_SECONDS + TICK)  # every input settled: the first build records them all

    def build_site():
        return build.build_site(content, tmp_path / "site", PROJECT_DIR / "templates", tmp_path / "cache")

    build_site()
    assert build_site().unchanged
    text = document.read_text(encoding="utf-8")
    old, new = "。", "，"
    assert old in text
    info = document.stat()
    document.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(document, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert document.stat().st_size == info.st_size
    report = build_site()
    assert not report.unchanged and report.processed == 1


def test_the_content_folders_digest_covers_every_file_below_it_and_nothing_outside(tmp_path):
    """A build is redone when any file below the content folder changes, hidden ones and linked ones too;
    a folder linked from inside it is not walked (what it holds is not the folder's), and the templates'
    digest leaves out their assets (copied, never rendered). Files listed under a folder that cannot be
    read are passed over, not an error."""
    from jiedu.fingerprint import folder_digest, templates_digest

    folder, outside = tmp_path / "content", tmp_path / "outside"
    (folder / "documents" / ".drafts").mkdir(parents=True)
    (folder / "assets").mkdir()
    outside.mkdir()
    for relative, text in (("documents/报告.txt", "正文"), ("documents/.drafts/草稿.txt", "草稿"), ("assets/site.css", "a{}"), ("lexicon.txt", "")):
        (folder / relative).write_text(text, encoding="utf-8")
    (outside / "other.txt").write_text("别处", encoding="utf-8")
    (folder / "linked.txt").symlink_to(outside / "other.txt")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "broken").symlink_to(tmp_path / "missing")

    def digests() -> tuple[str, str]:
        return folder_digest(folder, FileDigests(None, digest)), templates_digest(folder)

    seen = {digests()}
    for change in (lambda: (folder / "documents" / ".drafts" / "草稿.txt").write_text("改过", encoding="utf-8"),
                   lambda: (outside / "other.txt").write_text("改过", encoding="utf-8"),  # read through the link
                   lambda: (folder / "documents" / "报告.txt").rename(folder / "documents" / "报告二.txt")):
        change()
        assert digests() not in seen
        seen.add(digests())
    whole, without_assets = digests()
    (outside / "new.txt").write_text("不算", encoding="utf-8")  # only inside the linked folder
    assert digests() == (whole, without_assets)
    (folder / "assets" / "site.css").write_text("b{}", encoding="utf-8")
    assert digests()[1] == without_assets and digests()[0] != whole
    if os.geteuid() != 0:  # root reads any folder
        (folder / "documents" / ".drafts").chmod(0)
        try:
            assert digests()
        finally:
            (folder / "documents" / ".drafts").chmod(0o755)
