"""What a content file gave its reader is remembered by its bytes: an unchanged
file is not parsed again, and any change to it or its sidecar is read afresh."""

from __future__ import annotations

from pathlib import Path

from jiedu.ingest import read_content_folder


class Memory:
    """A ReadingMemory that counts what it was asked to keep."""

    def __init__(self):
        self.kept: dict[str, tuple] = {}
        self.stored = 0

    def load_reading(self, key):
        return self.kept.get(key)

    def store_reading(self, key, reading):
        """Kept in memory only: nothing to read the text back from (see BuildCache.store_reading)."""
        self.stored += 1
        self.kept[key] = reading
        return None


def make_content(root: Path) -> Path:
    documents = root / "content" / "documents"
    documents.mkdir(parents=True)
    (documents / "report.md").write_text("# 政府工作报告\n\n各位代表：\n\n现在，我代表国务院向大会报告政府工作。\n", encoding="utf-8")
    (documents / "notice.txt").write_text("关于做好防汛工作的通知\n\n各区县人民政府：\n", encoding="utf-8")
    return root / "content"


def texts(documents) -> dict[str, str]:
    return {document.slug: document.text for document in documents}


def test_unchanged_files_are_not_parsed_again(tmp_path):
    content, memory = make_content(tmp_path), Memory()
    first, _ = read_content_folder(content, None, memory)
    again, _ = read_content_folder(content, None, memory)
    assert memory.stored == 2
    assert again == first


def test_an_edited_file_is_read_again_and_only_it(tmp_path):
    content, memory = make_content(tmp_path), Memory()
    read_content_folder(content, None, memory)
    path = content / "documents" / "notice.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n请认真贯彻执行。\n", encoding="utf-8")
    documents, _ = read_content_folder(content, None, memory)
    assert memory.stored == 3
    assert "请认真贯彻执行" in texts(documents)["notice"]


def test_a_sidecar_change_is_read(tmp_path):
    content, memory = make_content(tmp_path), Memory()
    read_content_folder(content, None, memory)
    (content / "documents" / "notice.meta.yaml").write_text("title: 防汛通知\ndate: 2024-06-01\n", encoding="utf-8")
    documents, _ = read_content_folder(content, None, memory)
    notice = next(document for document in documents if document.slug == "notice")
    assert (notice.metadata["title"], notice.metadata["date"]) == ("防汛通知", "2024-06-01")


def test_reader_settings_are_part_of_what_is_remembered(tmp_path):
    content, memory = make_content(tmp_path), Memory()
    read_content_folder(content, None, memory)
    read_content_folder(content, {"markdown": {"unused": "x"}}, memory)
    assert memory.stored == 4


def test_a_file_that_failed_is_tried_again(tmp_path):
    content, memory = make_content(tmp_path), Memory()
    (content / "documents" / "empty.txt").write_text("   \n", encoding="utf-8")
    _, problems = read_content_folder(content, None, memory)
    _, again = read_content_folder(content, None, memory)
    assert [p.message for p in problems if "empty" in p.message] and [p.message for p in again if "empty" in p.message]
    assert memory.stored == 2  # the two good files only


# --- the build cache: documents come back without their text until they must be processed


def build_cache(root: Path):
    from jiedu.build_cache import BuildCache

    return BuildCache.open(root / "cache", "test-version")


def test_the_build_cache_gives_documents_back_without_their_text_and_completes_them(tmp_path):
    """Once a file's reading is stored, its documents go on without their text, even in the build that
    parsed it: a build of 10,000 documents must not hold them all. The text comes back where it is processed."""
    from jiedu.ingest import complete_source

    content = make_content(tmp_path)
    whole, _ = read_content_folder(content)  # no memory: nothing to read the text back from
    fresh, _ = read_content_folder(content, None, build_cache(tmp_path))  # parsed now
    light, _ = read_content_folder(content, None, build_cache(tmp_path))  # a new process
    assert [document.complete for document in whole] == [True, True]
    for documents in (fresh, light):
        assert [(document.complete, document.text, document.blocks) for document in documents] == [(False, "", None)] * 2
        assert [(d.slug, d.metadata, d.origin) for d in documents] == [(d.slug, d.metadata, d.origin) for d in fresh]
    assert all(document.origin for document in fresh)
    completed = [complete_source(document, build_cache(tmp_path), content) for document in light]
    assert completed == whole
    assert [d.origin for d in completed] == [d.origin for d in fresh]


def test_a_document_whose_text_cannot_be_read_back_is_read_from_its_file_again(tmp_path):
    from jiedu.ingest import complete_source

    content = make_content(tmp_path)
    whole, _ = read_content_folder(content)
    read_content_folder(content, None, build_cache(tmp_path))
    for path in (tmp_path / "cache").rglob("readings/*.pickle"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - 40])  # the whole reading, written last, cut short
    light, _ = read_content_folder(content, None, build_cache(tmp_path))
    assert [document.complete for document in light] == [False, False]
    assert [complete_source(document, build_cache(tmp_path), content) for document in light] == whole


def test_a_reading_that_could_not_be_stored_keeps_its_text(tmp_path):
    content = make_content(tmp_path)
    documents, _ = read_content_folder(content, None, Memory())  # its store gives nothing back: not stored
    assert [document.complete for document in documents] == [True, True] and all(document.text for document in documents)


def test_files_parsed_in_worker_processes_give_what_one_process_gives(tmp_path, monkeypatch):
    """A first build parses its files in forked workers; the documents, their order, slugs and
    problems, and what is remembered, are the same as when one process reads them all."""
    import multiprocessing.pool
    import shutil

    from conftest import SHARED_DIR

    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    for path in (SHARED_DIR / "corpus" / "formats").iterdir():  # every format, and files that fail
        if path.name != "SOURCES.md":
            shutil.copy(path, documents / path.name)
    (documents / "empty.txt").write_text("", encoding="utf-8")
    serial_memory, parallel_memory = Memory(), Memory()
    serial = read_content_folder(tmp_path / "content", None, serial_memory, workers=1)
    pools = []
    imap = multiprocessing.pool.Pool.imap
    monkeypatch.setattr(multiprocessing.pool.Pool, "imap", lambda pool, *args, **kwargs: pools.append(pool) or imap(pool, *args, **kwargs))
    parallel = read_content_folder(tmp_path / "content", None, parallel_memory, workers=2)
    assert len(pools) == 1
    assert parallel == serial and len(serial[0]) > 30 and any("empty" in problem.message for problem in serial[1])
    assert parallel_memory.kept == serial_memory.kept
