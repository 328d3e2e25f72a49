"""The build cache never runs what it holds, never trusts a folder others can
write to, and treats a damaged or cut-short file as a miss: never a wrong page,
never a stopped build."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache
from jinja2.bccache import bc_magic

from conftest import CONTENT_DIR, PROJECT_DIR, run_build
from jiedu.build_cache import FOLDER, BuildCache
from jiedu.cache_files import MAGIC, read_values, write_values
from jiedu.cache_safety import UnsafeCacheError, check_cache_folder
from jiedu.fingerprint import code_version
from jiedu.model import Problem, Severity
from jiedu.write import MARKER
from jiedu.template_cache import RECORD, checked_compiled_templates, is_compiled_template, record_compiled_templates

sys.path.insert(0, str(PROJECT_DIR))
import build  # noqa: E402  (build.py is the command line, not a package module)

IS_ROOT = hasattr(os, "getuid") and os.getuid() == 0
OTHER_USER = 65534
"""nobody: a uid that is not the one running the tests (used only when running as root)."""


class Planted:
    """What another user would plant: a pickle that, when loaded, creates `marker`."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').close()",))


def planted_file(path: Path, header: str, marker: Path, framed: bool) -> None:
    """Replace a cache file by a planted one: in the cache's own format (digests and all, which
    anyone can compute) or as the plain pickle stream of jiedu's earlier format."""
    if framed:
        with path.open("wb") as file:
            write_values(file, header, (Planted(marker), Planted(marker)))
    else:
        path.write_bytes(pickle.dumps(header) + pickle.dumps(Planted(marker)) * 2)


def site_pages(site: Path) -> dict[str, bytes]:
    """Every file of the site but its marker (which names the build, and so the content folder's place)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.name != MARKER}


# --- the files: a digest per value, and only jiedu's value types -------------

VALUES = (Problem("a.txt", 3, "one"), {"pages": (1, 2, 3), "path": Path("x/y")})


def stored(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "entry.pickle"
    with path.open("wb") as file:
        write_values(file, "2 code", VALUES)
    return path, path.read_bytes()


def test_values_come_back_as_they_were_stored(tmp_path):
    path, _ = stored(tmp_path)
    assert read_values(path, "2 code", 2) == VALUES
    assert read_values(path, "2 other code", 2) is None


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999])
def test_a_flipped_byte_anywhere_is_a_miss_never_a_wrong_value(tmp_path, fraction):
    path, data = stored(tmp_path)
    at = int(len(data) * fraction)
    path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    assert read_values(path, "2 code", 2) is None
    assert read_values(path, "2 code", 1) in (None, VALUES[:1])  # the first value is whole when only the second was hit


def test_a_later_value_is_read_without_the_ones_before_it(tmp_path):
    path, data = stored(tmp_path)
    assert read_values(path, "2 code", 1, skip=1) == VALUES[1:]
    first = data.index(b"\x80", len(MAGIC) + 48)  # the first value's pickle, after the header's frame
    path.write_bytes(data[:first + 5] + bytes([data[first + 5] ^ 0x01]) + data[first + 6:])
    assert read_values(path, "2 code", 1, skip=1) == VALUES[1:]  # a damaged value passed over does not matter
    assert read_values(path, "2 code", 1) is None
    path.write_bytes(data[: len(data) - 3])
    assert read_values(path, "2 code", 1, skip=1) is None
    assert read_values(path, "2 code", 1, skip=2) is None  # there is no third value


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.3, 0.6, 0.99])
def test_a_file_cut_short_is_a_miss(tmp_path, fraction):
    path, data = stored(tmp_path)
    path.write_bytes(data[: int(len(data) * fraction)])
    assert read_values(path, "2 code", 2) is None


def test_a_huge_length_in_a_damaged_file_is_a_miss(tmp_path):
    path, data = stored(tmp_path)
    path.write_bytes(MAGIC + (2**62).to_bytes(8, "little") + data[len(MAGIC) + 8 :])
    assert read_values(path, "2 code", 1) is None


@pytest.mark.parametrize("framed", [True, False], ids=["cache-format", "plain-pickle"])
def test_a_planted_pickle_never_runs(tmp_path, framed):
    marker = tmp_path / "planted-code-ran"
    path = tmp_path / "entry.pickle"
    planted_file(path, "2 code", marker, framed)
    assert read_values(path, "2 code", 2) is None
    assert not marker.exists()


@pytest.mark.parametrize("module, name", [("os", "system"), ("builtins", "eval"), ("subprocess", "Popen"), ("jiedu.build_cache", "replace_file"), ("jiedu.model", "dataclass")])
def test_only_jiedus_value_types_can_be_named(tmp_path, module, name):
    path = tmp_path / "entry.pickle"
    payload = f"c{module}\n{name}\n(S'true'\ntR.".encode()  # protocol 0: call module.name('true')
    with path.open("wb") as file:
        write_values(file, "2 code", ())
        file.write(len(payload).to_bytes(8, "little") + __import__("hashlib").sha256(payload).digest() + payload)
    assert read_values(path, "2 code", 1) is None


# --- the folder: the user's own, and nowhere others can replace it ------------

def test_a_private_cache_folder_in_a_sticky_shared_folder_is_used(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    check_cache_folder(shared / ".cache" / FOLDER)
    assert (shared / ".cache" / FOLDER).is_dir()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("setup, reason", [
    (lambda shared, cache: cache.chmod(0o777), "others can write to it"),
    (lambda shared, cache: shared.chmod(0o777), "where others can rename or replace it"),
    (lambda shared, cache: os.chown(cache, OTHER_USER, OTHER_USER), "belongs to another user"),
    (lambda shared, cache: os.chown(cache.parent, OTHER_USER, OTHER_USER), "belongs to another user"),
], ids=["cache-writable-by-all", "in-a-folder-writable-by-all-without-sticky-bit", "cache-of-another-user", "cache-parent-of-another-user"])
def test_a_cache_folder_others_could_write_to_is_refused(tmp_path, setup, reason):
    if "another user" in reason and not IS_ROOT:
        pytest.skip("making a folder of another user needs root")
    shared, cache = tmp_path / "shared", tmp_path / "shared" / ".cache" / FOLDER
    cache.mkdir(parents=True)
    shared.chmod(0o1777)
    setup(shared, cache)
    with pytest.raises(UnsafeCacheError, match=reason):
        check_cache_folder(cache)


@pytest.mark.skipif(not IS_ROOT, reason="planting as another user needs root")
def test_a_cache_planted_by_another_user_beside_a_shared_output_folder_stops_the_build_in_one_line(tmp_path):
    shared = tmp_path / "shared"  # as /tmp is for `--out /tmp/site`
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / ".cache").mkdir()
    os.chown(shared / ".cache", OTHER_USER, OTHER_USER)
    result = run_build("--content", str(CONTENT_DIR), "--out", str(shared / "site"))
    assert result.returncode == 1
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"error: refusing the build cache {shared / '.cache' / FOLDER}: it is inside {shared / '.cache'}, which belongs to another user (uid {OTHER_USER})")
    assert message.endswith("choose a folder of your own with --cache DIR")
    assert not (shared / "site").exists() and not (shared / ".cache" / FOLDER).exists()  # nothing written into the planted folder


# --- builds over a planted or damaged cache ------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled content built once with its cache: copied by each test that damages it."""
    root = tmp_path_factory.mktemp("cache-safety")
    shutil.copytree(CONTENT_DIR, root / "content")
    build.build_site(root / "content", root / "site", PROJECT_DIR / "templates", root / "cache")
    return root


def copy_of(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def rebuild(root: Path):
    """Build again after the site is gone, so that every page is rendered from the cache."""
    shutil.rmtree(root / "site")
    return build.build_site(root / "content", root / "site", PROJECT_DIR / "templates", root / "cache")


def test_every_entry_a_build_stores_reads_back(built):
    """A value type the reader would refuse would make its entry a miss in every build (slow, silently)."""
    header = BuildCache(built / "cache", code_version()).header
    entries = sorted((built / "cache" / FOLDER).rglob("*.pickle"))
    assert entries and [path.name for path in entries if read_values(path, header, 1) is None] == []


@pytest.mark.parametrize("framed", [True, False], ids=["cache-format", "plain-pickle"])
def test_a_build_over_planted_cache_files_never_runs_them_and_builds_the_right_site(built, tmp_path, framed):
    root = copy_of(built, tmp_path)
    marker = tmp_path / "planted-code-ran"
    header = BuildCache(root / "cache", code_version()).header
    planted = [path for path in (root / "cache" / FOLDER).rglob("*.pickle")]
    assert len(planted) >= 4  # the documents, the site's state, the glossary
    for path in planted:
        planted_file(path, header, marker, framed)
    report = build.build_site(root / "content", root / "site", PROJECT_DIR / "templates", root / "cache")
    assert not marker.exists()
    assert not report.unchanged and report.processed == 2  # every planted entry was a miss
    assert site_pages(root / "site") == site_pages(built / "site")


def test_compiled_templates_cut_short_or_damaged_are_compiled_again(built, tmp_path):
    root = copy_of(built, tmp_path)
    compiled = sorted(p for p in (root / "cache" / FOLDER / "templates").iterdir() if p.name != RECORD)
    assert len(compiled) >= 4
    for number, path in enumerate(compiled):
        data = path.read_bytes()
        cut = len(bc_magic) + 5 if number % 3 == 0 else len(data) // 3  # in Jinja's pickled checksum, or in the code
        path.write_bytes(data[:cut] if number % 3 < 2 else data[:-9] + bytes([data[-9] ^ 0x20]) + data[-8:])
    report = rebuild(root)
    assert report.rendered == 2
    assert site_pages(root / "site") == site_pages(built / "site")
    assert all(path.read_bytes() != b"" for path in compiled if path.exists())


def test_a_compiled_template_that_fails_its_check_is_removed_before_jinja_reads_it(tmp_path):
    folder = tmp_path / "compiled"
    templates = {"page.html": "<p>{{ text }}</p>"}

    def render() -> str:
        environment = Environment(loader=DictLoader(templates), bytecode_cache=FileSystemBytecodeCache(str(checked_compiled_templates(folder))))
        return environment.get_template("page.html").render(text="甲")

    assert render() == "<p>甲</p>"
    record_compiled_templates(folder)
    (compiled,) = [p for p in folder.iterdir() if p.name != RECORD]
    kept = compiled.read_bytes()
    assert checked_compiled_templates(folder) == folder and compiled.read_bytes() == kept  # a recorded file is kept
    compiled.write_bytes(kept[: len(bc_magic) + 5])  # cut short inside Jinja's pickled checksum: Jinja itself raises
    with pytest.raises((EOFError, pickle.UnpicklingError)):
        Environment(loader=DictLoader(templates), bytecode_cache=FileSystemBytecodeCache(str(folder))).get_template("page.html")
    assert render() == "<p>甲</p>"
    compiled.write_bytes(kept)
    (folder / RECORD).write_bytes(b"{not json")  # an unreadable record: every file is a miss
    assert checked_compiled_templates(folder) == folder and not compiled.exists()


def test_a_pickle_that_names_code_is_not_a_compiled_template(tmp_path):
    marker = tmp_path / "planted-code-ran"
    assert not is_compiled_template(bc_magic + pickle.dumps(Planted(marker)))
    assert not marker.exists()


def test_a_document_whose_cached_text_is_damaged_is_read_from_its_file_again(tmp_path):
    """Its reading's whole text is cut short and its processed entry is stale: the build
    reads the file again and makes the site a clean build makes."""
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    for name in ("a", "b"):
        (content / "documents" / f"{name}.txt").write_text(f"文件{name}\n\n坚持稳中求进工作总基调。\n", encoding="utf-8")
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build.build_site(content, out, PROJECT_DIR / "templates", cache).processed == 2
    (content / "lexicon.txt").write_text("总基调\tzǒng jī diào\n", encoding="utf-8")  # every document is annotated again
    for reading in (cache / FOLDER / "readings").glob("*.pickle"):
        reading.write_bytes(reading.read_bytes()[:-40])
    report = build.build_site(content, out, PROJECT_DIR / "templates", cache)
    assert report.processed == 2 and not [problem for problem in report.problems if "lexicon" in problem.path or problem.severity is Severity.ERROR]
    build.build_site(content, tmp_path / "clean", PROJECT_DIR / "templates", tmp_path / "clean-cache")
    assert _site_files(out) == _site_files(tmp_path / "clean")


def _site_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MARKER}
