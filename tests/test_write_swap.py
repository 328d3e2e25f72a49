"""The swap that puts a new site in place and carries the unchanged pages of the
old one across: all or nothing, whatever happens in the middle."""

from __future__ import annotations

import os

import pytest

from jiedu import write
from jiedu.write import DISMANTLED_MARKER, MARKER, remove_leftovers, staged_site


def make_site(out, files: dict[str, str]) -> None:
    """A previous site as a build leaves it: the files and the marker."""
    for relative, text in files.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text, encoding="utf-8")
    (out / MARKER).write_text("built", encoding="utf-8")


def tree(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


PREVIOUS = {"index.html": "old home", "doc-a/hans/1.html": "a1", "doc-a/hans/print.html": "a-print", "doc-b/hans/1.html": "b1", "report/doc-a.html": "a-report"}


def test_carried_folders_and_files_move_into_the_new_site(tmp_path):
    out = tmp_path / "site"
    make_site(out, PREVIOUS)
    with staged_site(out) as site:
        assert site.carry(["doc-a/hans/1.html", "doc-a/hans/print.html", "report/doc-a.html"], folder="doc-a")
        write.write_files([("index.html", "new home"), ("doc-b/hans/1.html", "b1 new")], site.folder)
        assert site.count_files() == 5  # two written, three carried
        assert tree(out) == {**PREVIOUS, MARKER: "built"}  # the old site is whole until the swap
    assert tree(out) == {"index.html": "new home", "doc-a/hans/1.html": "a1", "doc-a/hans/print.html": "a-print", "doc-b/hans/1.html": "b1 new",
                         "report/doc-a.html": "a-report", MARKER: tree(out)[MARKER]}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no leftovers


def test_a_missing_file_is_not_carried(tmp_path):
    out = tmp_path / "site"
    make_site(out, PREVIOUS)
    with staged_site(out) as site:
        assert not site.carry(["doc-a/hans/1.html", "doc-a/hans/gone.html"], folder="doc-a")
        assert site.carried == [] and site.carried_files == 0


def test_a_path_leaving_the_site_is_refused(tmp_path):
    out = tmp_path / "site"
    make_site(out, PREVIOUS)
    with pytest.raises(write.UnsafeOutputError), staged_site(out) as site:
        site.carry(["../elsewhere.html"])
    assert tree(out) == {**PREVIOUS, MARKER: "built"}


def test_a_move_that_fails_puts_everything_back(tmp_path, monkeypatch):
    out = tmp_path / "site"
    make_site(out, PREVIOUS)
    real_replace = os.replace

    def failing_replace(source, target):
        if str(source).endswith("report/doc-a.html"):
            raise OSError("disk trouble")
        return real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk trouble"), staged_site(out) as site:
        site.carry(["doc-a/hans/1.html", "doc-a/hans/print.html", "report/doc-a.html"], folder="doc-a")
        write.write_files([("index.html", "new home")], site.folder)
    assert tree(out) == {**PREVIOUS, MARKER: "built"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_old_site_caught_in_the_middle_of_the_moves_is_never_put_back(tmp_path):
    """A build killed while moving pages out of the old site: the old site is
    half empty, so it is removed, and the output folder is missing until the next
    build (which remakes it from the cache), rather than half written."""
    retired = tmp_path / ".site-old-abc123"
    make_site(retired, {"index.html": "old home"})
    os.replace(retired / MARKER, retired / DISMANTLED_MARKER)
    (tmp_path / ".site-new-def456" / "doc-a").mkdir(parents=True)
    remove_leftovers(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002, 0o077])
@pytest.mark.parametrize("previous", [False, True], ids=["first-build", "over-a-previous-site"])
def test_the_site_gets_the_permissions_the_umask_gives(tmp_path, umask, previous):
    """A web server running as another user must be able to read the site (not 0700 as a temporary folder)."""
    out = tmp_path / "site"
    if previous:
        make_site(out, PREVIOUS)
    old = os.umask(umask)
    try:
        with staged_site(out) as site:
            write.write_files([("index.html", "home"), ("doc-a/hans/1.html", "a1")], site.folder)
    finally:
        os.umask(old)
    folders = [out, out / "doc-a", out / "doc-a" / "hans"]
    assert {oct(folder.stat().st_mode & 0o777) for folder in folders} == {oct(0o777 & ~umask)}
    assert {oct(path.stat().st_mode & 0o777) for path in (out / "index.html", out / MARKER)} == {oct(0o666 & ~umask)}


INDEX = {f"search/index/{number:02x}.js": f"list {number}" for number in range(24)}
"""An index folder: after an edit, most of its files are carried over and a few are written anew."""


def carry_most_of_the_index(site) -> None:
    """Files 00-13 carried, 14-15 written anew, 16-17 gone from the new site; 18-23 carried too."""
    assert site.carry([path for path in INDEX if not path.endswith(("14.js", "15.js", "16.js", "17.js"))])
    write.write_files([("search/index/14.js", "list 20 new"), ("search/index/15.js", "list 21 new"), ("search/index/18.js.new", "a new name")], site.folder)


def test_a_folder_of_mostly_carried_files_goes_across_whole_with_its_new_files_and_without_its_gone_ones(tmp_path):
    out = tmp_path / "site"
    make_site(out, {**PREVIOUS, **INDEX})
    folder_before = (out / "search" / "index").stat().st_ino
    with staged_site(out) as site:
        carry_most_of_the_index(site)
    expected = {path: text for path, text in INDEX.items() if not path.endswith(("16.js", "17.js"))}
    expected |= {"search/index/14.js": "list 20 new", "search/index/15.js": "list 21 new", "search/index/18.js.new": "a new name"}
    assert tree(out) == {**expected, MARKER: tree(out)[MARKER]}
    assert (out / "search" / "index").stat().st_ino == folder_before  # moved whole, not file by file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left aside


@pytest.mark.parametrize("failing", ["search/index/16.js", "search/index/18.js.new", "search/index", "index.html"],
                         ids=["a gone file moved aside", "a new file moved in", "the folder moved across", "a file carried after it"])
def test_a_move_that_fails_while_a_folder_goes_across_puts_everything_back(tmp_path, monkeypatch, failing):
    out = tmp_path / "site"
    make_site(out, {**PREVIOUS, **INDEX})
    real_replace = os.replace

    def failing_replace(source, target):
        if str(source).endswith(failing):
            raise OSError("disk trouble")
        return real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk trouble"), staged_site(out) as site:
        carry_most_of_the_index(site)
        site.carry(["index.html"])
    assert tree(out) == {**PREVIOUS, **INDEX, MARKER: "built"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_holding_a_folder_is_carried_file_by_file(tmp_path):
    out = tmp_path / "site"
    nested = {**INDEX, "search/index/part/00.js": "nested"}
    make_site(out, nested)
    with staged_site(out) as site:
        carry_most_of_the_index(site)
    expected = {path: text for path, text in INDEX.items() if not path.endswith(("16.js", "17.js"))}
    expected |= {"search/index/14.js": "list 20 new", "search/index/15.js": "list 21 new", "search/index/18.js.new": "a new name"}
    assert tree(out) == {**expected, MARKER: tree(out)[MARKER]}  # the nested folder was not carried: it is gone
