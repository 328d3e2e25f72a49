"""Incremental builds: a rebuild redoes only what a change affects, and its
output is byte for byte the output of a clean build of the same content."""

from __future__ import annotations

import copy
import gc
import re
import shutil
import sys
import weakref
from pathlib import Path

import pytest

from conftest import CONTENT_DIR, PROJECT_DIR, run_build
from jiedu.build_cache import BuildCache

sys.path.insert(0, str(PROJECT_DIR))
import build  # noqa: E402  (build.py is the command line, not a package module)

SIMPLIFIED_DOC = "xizang-ribao-2024-01-congress-closes"
TRADITIONAL_DOC = "xizang-2025-government-work-report-tasks"


def reading_text(page: Path) -> str:
    """The page's text without pinyin and tags."""
    html = re.sub(r"<rt>.*?</rt>", "", page.read_text(encoding="utf-8"))
    return re.sub(r"<[^>]+>", "", html)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Project:
    """A copy of the bundled content and templates, built incrementally and, to compare, from scratch."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.templates = root / "templates"
        shutil.copytree(CONTENT_DIR, self.content)
        shutil.copytree(PROJECT_DIR / "templates", self.templates)
        self.session: dict = {}
        self.clean_session: dict = {}
        self.clean_builds = 0

    def build(self):
        return build.build_site(self.content, self.root / "site", self.templates, self.root / "cache", session=self.session)

    def clean_build(self) -> Path:
        """A build with no cache and no previous site (resources kept in memory: they are read-only)."""
        self.clean_builds += 1
        out = self.root / f"clean-{self.clean_builds}"
        build.build_site(self.content, out / "site", self.templates, out / "cache", session=self.clean_session)
        return out / "site"

    def assert_same_as_clean_build(self) -> None:
        incremental, clean = site_files(self.root / "site"), site_files(self.clean_build())
        assert sorted(incremental) == sorted(clean)
        different = [path for path in clean if incremental[path] != clean[path]]
        assert different == []

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative if not relative.startswith("templates/") else self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("incremental"))
    first = project.build()
    assert first.processed == 2 and first.rendered == 2
    return project


def test_a_rebuild_with_no_change_does_nothing_and_says_so(project):
    marker = project.root / "site" / ".jiedu-site"
    before = marker.stat().st_ino
    report = project.build()
    assert report.unchanged
    assert marker.stat().st_ino == before  # the site was not rewritten


def test_editing_one_document_redoes_only_that_document(project):
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "主席团举行第四次会议\n", "主席团举行第四次全体会议\n")
    report = project.build()
    assert (report.processed, report.rendered) == (1, 1)
    assert "第四次全体会议" in reading_text(project.root / "site" / SIMPLIFIED_DOC / "index.html")
    project.assert_same_as_clean_build()


def test_a_new_process_annotates_again_only_the_strings_an_edit_changed(tmp_path, monkeypatch):
    """A one-off build keeps no annotations between builds, but an edited document's last version
    is in the cache: its strings that did not change are not annotated again."""
    import jiedu.annotate

    project = Project(tmp_path)
    one_off = lambda: build.build_site(project.content, tmp_path / "site", project.templates, tmp_path / "cache", jobs=1)  # noqa: E731
    one_off()
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "主席团举行第四次会议\n", "主席团举行第四次全体会议\n")
    annotated, annotate_texts = [], jiedu.annotate.annotate_texts
    monkeypatch.setattr(jiedu.annotate, "annotate_texts", lambda texts, *rest: annotated.extend(texts) or annotate_texts(texts, *rest))
    report = one_off()
    assert (report.processed, report.rendered) == (1, 1)
    assert annotated and all("第四次全体会议" in text for text in annotated)
    project.assert_same_as_clean_build()
    # with another lexicon, every string is annotated again
    with (project.content / "lexicon.txt").open("a", encoding="utf-8") as lexicon:
        lexicon.write("\n闭幕 bì mù\n")
    annotated.clear()
    one_off()
    assert len(annotated) > 20


def test_what_serve_writes_behind_a_build_is_what_a_new_process_reads(project):
    """`serve` keeps the last build's state and search index in memory and writes them to the cache
    after the build returns; once written, a build in a new process finds that nothing changed."""
    document = project.content / "documents" / f"{TRADITIONAL_DOC}.txt"
    document.write_text(document.read_text(encoding="utf-8") + "\n補充一句。\n", encoding="utf-8")
    assert project.build().processed == 1
    kept = next(value for key, value in project.session.items() if isinstance(key, tuple) and key[0] == "cache")
    kept.wait_for_writes()
    on_disk = BuildCache(project.root / "cache", kept.header.split(" ", 1)[1])  # a new process's view
    assert on_disk.load_resource("search-index", "last") == kept.load_resource("search-index", "last") is not None
    report = build.build_site(project.content, project.root / "site", project.templates, project.root / "cache")
    assert report.unchanged


class _Node:
    pass


def test_serve_collects_each_builds_garbage_behind_it_and_sets_the_rest_aside(project):
    """After a build in a session, once its writes are done: garbage is collected, even garbage the last
    build had set aside, and what is left is out of the collector's sight, so that the next edit's
    collections do not walk the session's resources again (at 1,000 documents, 0.2 s in one edit out of two)."""
    cycle = _Node()
    cycle.itself = cycle
    collected = weakref.ref(cycle)
    gc.freeze()  # as a previous build in the session left it
    del cycle
    try:
        project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "主席团举行第四次会议。", "主席团举行了第四次会议。")
        assert project.build().processed == 1
        kept = next(value for key, value in project.session.items() if isinstance(key, tuple) and key[0] == "cache")
        kept.wait_for_writes()
        assert collected() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the rest of the tests run as they would without this one


def test_an_edit_that_leaves_a_terms_occurrences_alone_keeps_its_term_page(project):
    term = _term_used_by(project, SIMPLIFIED_DOC, not_by=TRADITIONAL_DOC)
    page = project.root / "site" / "glossary" / f"{term}.html"
    before = page.stat().st_ino
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "迅速落实自治区两会精神", "迅速贯彻落实自治区两会精神")
    report = project.build()
    assert (report.processed, report.rendered) == (1, 1)
    assert page.stat().st_ino == before  # carried over from the previous site, not written again
    project.assert_same_as_clean_build()


def test_an_edit_rerenders_a_shared_terms_page_with_what_every_document_says_of_it(project):
    """Only the documents that use a term are read for its page: the one edited and the one left alone both show."""
    project.build()
    glossary = project.root / "site" / "glossary"
    shared = sorted(page.stem for page in glossary.glob("*.html") if page.stem != "index"
                    and all(f"{document}/" in page.read_text(encoding="utf-8") for document in (SIMPLIFIED_DOC, TRADITIONAL_DOC)))
    assert shared, "the seeds share no glossary term"
    slug = shared[0]
    term = re.search(r"^term: *(.+)$", (project.content / "glossary" / f"{slug}.md").read_text(encoding="utf-8"), re.M).group(1).strip()
    page = glossary / f"{slug}.html"
    uses_before = page.read_text(encoding="utf-8").count(f"{SIMPLIFIED_DOC}/")
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "\n", f"\n会议强调，要深刻领会{term}的重大意义。\n")
    project.build()
    html = page.read_text(encoding="utf-8")
    assert html.count(f"{SIMPLIFIED_DOC}/") > uses_before and f"{TRADITIONAL_DOC}/" in html
    project.assert_same_as_clean_build()


def test_editing_a_gloss_rerenders_the_pages_that_show_it_and_reannotates_nothing(project):
    used_only_in_one = _term_used_by(project, SIMPLIFIED_DOC, not_by=TRADITIONAL_DOC)
    path = next((project.content / "glossary").glob(f"{used_only_in_one}.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ngloss: ", "\ngloss: Edited. ", 1), encoding="utf-8")
    report = project.build()
    assert (report.processed, report.rendered) == (0, 1)
    project.assert_same_as_clean_build()


def test_a_template_change_rerenders_without_reannotating(project):
    project.edit("templates/base.html", "</body>", "<!-- edited -->\n</body>")
    report = project.build()
    assert (report.processed, report.rendered) == (0, 2)
    assert "<!-- edited -->" in (project.root / "site" / TRADITIONAL_DOC / "index.html").read_text(encoding="utf-8")
    project.assert_same_as_clean_build()


def test_a_stylesheet_change_is_copied_and_rerenders_no_page(project):
    project.edit("templates/assets/jiedu.css", "\n", "\n/* edited */\n")
    report = project.build()
    assert (report.unchanged, report.processed, report.rendered) == (False, 0, 0)
    assert "/* edited */" in (project.root / "site" / "assets" / "jiedu.css").read_text(encoding="utf-8")
    project.assert_same_as_clean_build()


def test_a_lexicon_change_reannotates_every_document(project):
    with (project.content / "lexicon.txt").open("a", encoding="utf-8") as lexicon:
        lexicon.write("\n闭幕 bì mù\n")
    report = project.build()
    assert (report.processed, report.rendered) == (2, 2)
    project.assert_same_as_clean_build()


def test_documents_added_and_removed(project):
    shutil.copy(project.content / "documents" / f"{SIMPLIFIED_DOC}.txt", project.content / "documents" / "copy.txt")
    report = project.build()
    assert (report.processed, report.rendered) == (1, 1)
    assert (project.root / "site" / "copy" / "index.html").exists()
    project.assert_same_as_clean_build()
    (project.content / "documents" / "copy.txt").unlink()
    project.build()
    assert not (project.root / "site" / "copy").exists()
    project.assert_same_as_clean_build()


def test_a_page_deleted_by_hand_from_a_kept_document_is_written_again(project):
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "主席团举行第四次全体会议\n", "主席团举行第四次全体会议。\n")
    (project.root / "site" / TRADITIONAL_DOC / "index.html").unlink()
    report = project.build()
    assert (report.processed, report.rendered) == (1, 2)  # the kept document's pages are rendered again
    project.assert_same_as_clean_build()


def test_a_damaged_cache_or_a_deleted_site_only_costs_time(project):
    for cached in (project.root / "cache" / "jiedu-build").rglob("*.pickle"):
        cached.write_bytes(b"not a pickle")
    shutil.rmtree(project.root / "site")
    report = project.build()
    assert report.processed == 2
    project.assert_same_as_clean_build()


def test_the_command_line_says_when_nothing_changed(tmp_path):
    first = run_build("--content", str(CONTENT_DIR), "--out", str(tmp_path / "site"))
    assert first.returncode == 0, first.stderr
    again = run_build("--content", str(CONTENT_DIR), "--out", str(tmp_path / "site"))
    assert again.returncode == 0, again.stderr
    assert "Nothing changed since the last build (2 document(s)" in again.stderr


def test_the_cache_serves_the_content_folder_however_its_path_is_spelt(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    first = run_build("--content", "content", "--out", "site", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (tmp_path / "site").rename(tmp_path / "first-site")  # so that the next build cannot just keep its pages
    again = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / ".cache"))
    assert again.returncode == 0, again.stderr
    assert "Built 2 document(s) (0 cleaned and annotated, 2 rendered" in again.stderr, again.stderr
    assert site_files(tmp_path / "site") == site_files(tmp_path / "first-site")


def _term_used_by(project: Project, slug: str, not_by: str) -> str:
    """A glossary slug linked from one document's pages and not from the other's."""
    def linked(document: str) -> set[str]:
        html = (project.root / "site" / document / "index.html").read_text(encoding="utf-8")
        return set(re.findall(r'glossary/([a-z0-9-]+)\.html', html))

    candidates = sorted(linked(slug) - linked(not_by))
    assert candidates, "the seeds share every glossary term"
    return candidates[0]


@pytest.mark.parametrize("damage", ["delete-pages", "delete-a-document-folder", "edit-a-page", "marker-of-another-build"])
def test_a_site_changed_on_disk_after_its_build_is_built_again_whole(project, damage):
    """What the cache remembers of the last build is trusted only while the folder on disk agrees with it."""
    site = project.root / "site"
    if damage == "delete-pages":
        for page in [site / SIMPLIFIED_DOC / "index.html", site / "report" / "index.html", site / "index.html"]:
            page.unlink()
    elif damage == "delete-a-document-folder":
        shutil.rmtree(site / TRADITIONAL_DOC)
    elif damage == "edit-a-page":
        page = site / TRADITIONAL_DOC / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("<p", "<p hidden", 1), encoding="utf-8")
    else:
        (site / ".jiedu-site").write_text("This folder is generated by jiedu; it is replaced on every build.\nbuild 0123\n", encoding="utf-8")
    report = project.build()
    assert not report.unchanged and report.rendered == 2
    project.assert_same_as_clean_build()
    assert project.build().unchanged  # and the rebuilt site is trusted again


# --- the search index: an edit splices the changed document into the last build's lists ---

def _part(once: dict, many: dict | None = None):
    from jiedu.search.records import SearchPostings

    return SearchPostings(dict(sorted(once.items())), dict(sorted((many or {}).items())))


SITE = [_part({"四件": ">", "大事": "?"}, {"大": "??@"}), _part({"大": "A", "两个": ">"}), _part({"四件": "@", "维护": ">"}, {"两个": ">>?"})]


@pytest.mark.parametrize("number, edited", [
    pytest.param(0, _part({"大事": "?"}, {"大": "??@"}), id="first document loses a key (the next holder becomes first)"),
    pytest.param(0, _part({"四件": ">", "大事": "?", "维护": "A"}, {"大": "??@"}), id="first document gains a key a later one held first"),
    pytest.param(1, _part({"两个": ">"}), id="middle document loses a key: the next holder's gap grows"),
    pytest.param(1, _part({"大": "A", "两个": ">", "四件": "B"}), id="middle document gains a key between two holders"),
    pytest.param(1, _part({}, {"大": ">>?", "两个": ">>A"}), id="one record becomes several"),
    pytest.param(2, _part({"新词": ">"}), id="last document: keys only it held go, a new key comes"),
])
def test_an_edited_documents_index_share_is_spliced_as_a_full_merge_would_write_it(number, edited):
    from jiedu.search.merge import merge_index
    from jiedu.search.splice import spliced_index

    keys = ("a", "b", "c")
    parts = SITE[:number] + [edited] + SITE[number + 1:]
    new_keys = keys[:number] + ("edited",) + keys[number + 1:]
    previous = merge_index(SITE, keys)
    kept = copy.deepcopy((previous.keys, previous.values, previous.layouts, previous.total))
    spliced = spliced_index(previous, new_keys, postings=dict(zip(keys + ("edited",), SITE + [edited])).get)
    full = merge_index(parts, new_keys)
    assert spliced is not None
    assert (spliced.keys, spliced.values, spliced.layouts, spliced.total) == (full.keys, full.values, full.layouts, full.total)
    assert (previous.keys, previous.values, previous.layouts, previous.total) == kept  # a build that fails later leaves it usable


def test_an_added_document_merges_the_index_in_full():
    from jiedu.search.merge import merge_index
    from jiedu.search.splice import spliced_index

    assert spliced_index(merge_index(SITE[:2], ("a", "b")), ("a", "b", "c"), postings=dict(zip("abc", SITE)).get) is None


def test_search_files_after_an_edit_an_addition_and_a_removal_are_those_of_a_clean_build(project):
    def search_files() -> dict[str, bytes]:
        return {path: data for path, data in site_files(project.root / "site").items() if path.startswith("search/")}

    assert "添一," not in "".join(data.decode() for data in search_files().values())
    project.edit(f"documents/{TRADITIONAL_DOC}.txt", "\n", "\n新添一段：长治久安。\n")
    project.build()
    assert "添一," in "".join(data.decode() for data in search_files().values())  # the new pair is a key
    project.assert_same_as_clean_build()
    shutil.copy(project.content / "documents" / f"{TRADITIONAL_DOC}.txt", project.content / "documents" / "another.txt")
    project.build()
    project.assert_same_as_clean_build()
    (project.content / "documents" / "another.txt").unlink()
    project.build()
    project.assert_same_as_clean_build()


def _documents_cache(project) -> list[Path]:
    return sorted((project.root / "cache" / "jiedu-build" / "documents").glob("*.pickle"))


def test_search_postings_that_cannot_be_read_are_made_again_from_the_cached_document(project):
    from jiedu.build_cache import BuildCache
    from jiedu.fingerprint import read_build_inputs

    project.build()
    for cached in _documents_cache(project):  # the postings are the last value: cut into them
        cached.write_bytes(cached.read_bytes()[:-10])
    added = project.content / "documents" / "added.txt"
    added.write_text("新的一篇\n\n长治久安。\n", encoding="utf-8")  # a document added: every document's postings are merged
    report = project.build()
    assert report.processed == 1 and not [problem for problem in report.problems if "search" in problem.message]
    project.assert_same_as_clean_build()
    cache = BuildCache(project.root / "cache", read_build_inputs(project.content, project.templates).keys.code)
    assert [cache.load_postings(path.stem) is not None for path in _documents_cache(project)] == [True] * 3  # stored again whole
    added.unlink()


def test_a_document_whose_search_postings_and_annotations_are_lost_is_reported_and_left_out_of_search(project):
    from jiedu.build_cache import BuildCache
    from jiedu.cache_files import read_values, write_values
    from jiedu.fingerprint import read_build_inputs
    from jiedu.search.query import SiteIndex

    project.build()
    header = BuildCache(project.root / "cache", read_build_inputs(project.content, project.templates).keys.code).header
    (traditional,) = [path for path in _documents_cache(project) if read_values(path, header, 1)[0].slug == TRADITIONAL_DOC]
    entry = read_values(traditional, header, 1)  # the annotations and postings are lost: the file keeps only its entry
    with traditional.open("wb") as file:
        write_values(file, header, entry)
    added = project.content / "documents" / "added.txt"
    added.write_text("新的一篇\n\n长治久安。\n", encoding="utf-8")  # a document added: every document's postings are merged
    report = project.build()
    lost = [problem for problem in report.problems if "search" in problem.message]
    assert [problem.path for problem in lost] == [f"content/documents/{TRADITIONAL_DOC}.txt"] and "delete the cache folder" in lost[0].message
    index = SiteIndex.read(project.root / "site")
    assert {index.meta["documents"][document][0] for document, _ in index.search("长治久安")} == {SIMPLIFIED_DOC, "added"}
    assert not traditional.exists()  # so that the next build with anything to do makes it again
    added.unlink()
    report = project.build()
    assert report.processed == 1 and not [problem for problem in report.problems if "search" in problem.message]
    project.assert_same_as_clean_build()
    index = SiteIndex.read(project.root / "site")
    assert {index.meta["documents"][document][0] for document, _ in index.search("长治久安")} == {SIMPLIFIED_DOC, TRADITIONAL_DOC}


def test_a_document_the_cache_cannot_store_is_still_searchable(project, monkeypatch):
    from jiedu.build_cache import BuildCache

    monkeypatch.setattr(BuildCache, "store_document", lambda self, key, *values: False)  # as on a full disk
    project.edit(f"documents/{TRADITIONAL_DOC}.txt", "\n", "\n又添一段：枫桥经验。\n")
    report = project.build()
    assert report.processed == 1 and not [problem for problem in report.problems if "search" in problem.message]
    project.assert_same_as_clean_build()


def test_an_edit_writes_only_the_index_files_it_changed(project):
    project.build()
    index = project.root / "site" / "search" / "index"
    before = {path.name: (path.stat().st_ino, path.read_bytes()) for path in index.iterdir()}
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "会议", "大会")  # a word changed in place: the records keep their numbers
    project.build()
    after = {path.name: (path.stat().st_ino, path.read_bytes()) for path in index.iterdir()}
    assert sorted(after) == sorted(before)
    rewritten = {name for name in after if after[name][0] != before[name][0]}
    assert {name for name in after if after[name][1] != before[name][1]} <= rewritten  # every changed file was written
    assert 0 < len(rewritten) < len(after) / 2  # and the others were carried over from the previous site
    project.assert_same_as_clean_build()


def test_the_popups_word_files_are_carried_over_while_the_words_explain_alike(project):
    project.build()
    words = project.root / "site" / "assets" / "dict"
    before = {path.name: path.stat().st_ino for path in words.iterdir()}
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "\n", "\n会议强调，坚持以人民为中心。\n")  # words the site already has
    project.build()
    assert {path.name: path.stat().st_ino for path in words.iterdir()} == before  # none written again
    project.assert_same_as_clean_build()
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "\n", "\n体育馆里有人打乒乓球。\n")  # a word new to the site
    project.build()
    assert '"乒' in "".join(path.read_text(encoding="utf-8") for path in words.iterdir())  # its entry, or its characters'
    after = {path.name: path.stat().st_ino for path in words.iterdir()}
    written = {name for name in after if after[name] != before.get(name)}
    assert written and len(written) <= 8  # only the files the new words' entries travel in (64 in all)
    project.assert_same_as_clean_build()
    project.edit(f"documents/{SIMPLIFIED_DOC}.txt", "\n体育馆里有人打乒乓球。\n", "\n")  # and gone from it again
    project.build()
    assert '"乒' not in "".join(path.read_text(encoding="utf-8") for path in words.iterdir())
    project.assert_same_as_clean_build()


def test_the_users_dictionary_edited_during_a_session_is_read_again(project):
    """`serve` keeps the popup's dictionary between builds, and reads content/cedict.txt again when it changes."""
    user_file = project.content / "cedict.txt"
    words = project.root / "site" / "assets" / "dict"

    def popup_text() -> str:
        return "".join(path.read_text(encoding="utf-8") for path in words.iterdir())

    try:
        for gloss in ("first own gloss", "second own gloss"):
            user_file.write_text(f"發展 发展 [fa1 zhan3] /{gloss}/\n", encoding="utf-8")
            project.build()
            assert gloss in popup_text()
        project.assert_same_as_clean_build()
    finally:
        user_file.unlink()
    project.build()
    assert "own gloss" not in popup_text()
    project.assert_same_as_clean_build()


def test_serve_keeps_unpacked_only_the_parts_of_the_documents_it_has(project):
    """A SiteEntry keeps its occurrences, sightings and words packed; `serve` keeps them unpacked between
    rebuilds, but not those of a document's earlier versions: edit after edit, the memory holds three per document."""
    for number in (1, 2, 3):
        project.edit(f"documents/{TRADITIONAL_DOC}.txt", "\n", f"\n第{number}次添一段：长治久安。\n")
        project.build()
    unpacked = project.session["unpacked"]
    assert 0 < len(unpacked) <= 3 * 2
    assert any("长治久安" in value for value in unpacked.values() if isinstance(value, str))
