"""One rule for links in the content folder: followed inside it, refused out of it.

Every kind of content file (a document, its sidecar, its fixes file, the
lexicon, a glossary entry, site.toml, and the documents/ and glossary/
folders themselves) is tried as a real symlink to a file outside the content
folder that holds a secret: the build names the link in one line, the rest of
the site is built, and the secret appears nowhere in the site or the messages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_build

SECRET = "SECRET-7f3a"
DOCUMENT = "坚持以人民为中心的发展思想。\n"
LINK_MESSAGE = "it is a link out of the content folder"

# Per kind: where the link is in content/, what the file outside holds, what names it in the messages.
LINKED_FILES = {
    "document": ("documents/linked.txt", f"{SECRET} 文件正文。\n", "content/documents/linked.txt: error: could not be read"),
    # Refused for being a link before its size is looked at: the message says why, not how big it is.
    "document too big to read": ("documents/huge.txt", f"{SECRET} " + "文" * 2_000_000, "content/documents/huge.txt: error: could not be read"),
    "sidecar": ("documents/with-sidecar.meta.yaml", f"title: {SECRET}\n", "content/documents/with-sidecar.meta.yaml: error: could not be read"),
    "fixes file": ("fixes/with-fixes.toml", f'[[replace]]\nold = "坚持"\nnew = "{SECRET}"\n', "content/fixes/with-fixes.toml: error: fixes file ignored"),
    "lexicon": ("lexicon.txt", f"{SECRET}\n", "content/lexicon.txt: warning: cannot read the lexicon"),
    "glossary entry": ("glossary/mi-mi.md", f"---\nterm: 秘密\nenglish: {SECRET}\ngloss: {SECRET}\n---\n{SECRET}\n", "content/glossary/mi-mi.md: error: the file cannot be read"),
    "site.toml": ("site.toml", f'title = "{SECRET}"\n', "content/site.toml: error: could not be read"),
}


def make_content(root: Path) -> Path:
    content = root / "content"
    for folder in ("documents", "glossary", "fixes"):
        (content / folder).mkdir(parents=True)
    for name in ("plain", "with-sidecar", "with-fixes"):
        (content / "documents" / f"{name}.txt").write_text(DOCUMENT, encoding="utf-8")
    return content


def link(at: Path, to: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(to)


def reading_text(page: Path) -> str:
    """A page's text as a reader sees it: without tags and pinyin."""
    return re.sub(r"<rt>.*?</rt>|<[^>]+>", "", page.read_text(encoding="utf-8"))


def built_text(out: Path) -> str:
    return "".join(path.read_bytes().decode("utf-8", "replace") for path in out.rglob("*") if path.is_file())


@pytest.fixture(scope="module")
def files_linked_out(tmp_path_factory):
    root = tmp_path_factory.mktemp("links-out")
    content = make_content(root)
    for kind, (relative, text, _) in LINKED_FILES.items():
        outside = root / "outside" / kind.replace(" ", "-") / Path(relative).name
        outside.parent.mkdir(parents=True)
        outside.write_text(text, encoding="utf-8")
        link(content / relative, outside)
    out = root / "site"
    return run_build("--content", str(content), "--out", str(out)), out


@pytest.mark.parametrize("kind", LINKED_FILES)
def test_a_file_linked_out_of_the_content_folder_is_refused_in_one_line(files_linked_out, kind):
    result, _ = files_linked_out
    named = [line for line in result.stderr.splitlines() if line.startswith(LINKED_FILES[kind][2])]
    assert len(named) == 1 and LINK_MESSAGE in named[0], result.stderr


def test_nothing_linked_out_of_the_content_folder_is_published(files_linked_out):
    result, out = files_linked_out
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stderr and SECRET not in built_text(out)
    assert (out / "plain" / "index.html").is_file() and (out / "with-fixes" / "index.html").is_file()


def test_a_document_folder_or_glossary_folder_linked_out_is_refused_once(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for folder, name, text in [("documents", "a.txt", f"{SECRET} 正文。\n"), ("glossary", "mi-mi.md", f"---\nterm: 秘密\nenglish: {SECRET}\ngloss: x\n---\nx\n")]:
        (tmp_path / "outside" / folder).mkdir(parents=True)
        (tmp_path / "outside" / folder / name).write_text(text, encoding="utf-8")
        link(content / folder, tmp_path / "outside" / folder)
    result = run_build("--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for folder in ("documents", "glossary"):
        assert [line for line in lines if line.startswith(f"content/{folder}")] == [f"content/{folder}: error: {LINK_MESSAGE}, which jiedu does not follow; copy it into the content folder instead"]
    assert SECRET not in result.stderr and SECRET not in built_text(tmp_path / "site")


def test_links_inside_the_content_folder_are_followed(tmp_path):
    content = make_content(tmp_path)
    shared = content / "shared"
    shared.mkdir()
    (shared / "shared-report.txt").write_text("推进高质量发展。\n", encoding="utf-8")
    (shared / "shared-report.meta.yaml").write_text("title: 共享的报告\n", encoding="utf-8")
    (shared / "lexicon.txt").write_text("银行\tyín háng\n坏行\txing2\n", encoding="utf-8")
    (shared / "site.toml").write_text('title = "共享的站点"\n', encoding="utf-8")
    (shared / "fixes.toml").write_text('[[replace]]\nold = "坚持"\nnew = "始终坚持"\n', encoding="utf-8")
    link(content / "documents" / "shared-report.txt", Path("../shared/shared-report.txt"))
    link(content / "documents" / "shared-report.meta.yaml", Path("../shared/shared-report.meta.yaml"))
    link(content / "lexicon.txt", Path("shared/lexicon.txt"))
    link(content / "site.toml", shared / "site.toml")
    link(content / "fixes" / "plain.toml", Path("../shared/fixes.toml"))
    out = tmp_path / "site"
    result = run_build("--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert LINK_MESSAGE not in result.stderr
    assert "content/lexicon.txt:2: warning: 坏行 has 2 characters but 1 syllables" in result.stderr, "the linked lexicon was read"
    assert "共享的报告" in reading_text(out / "shared-report" / "index.html")
    assert "共享的站点" in reading_text(out / "index.html")
    assert "始终坚持" in reading_text(out / "plain" / "index.html")
