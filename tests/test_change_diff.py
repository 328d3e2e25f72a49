"""The cleaning report shows each change once, its removed and inserted text marked (jiedu.render.change_diff).

What a reader relies on: the marks account for every character that changed, and
nothing unchanged is marked; cutting long unchanged stretches never cuts a change.
Checked on every change the cleaning passes make to the real corpus, and on
generated text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED_DIR, run_build
from jiedu.clean import build_cleaning_passes, build_cleaning_resources, clean_text
from jiedu.render.change_diff import CONTEXT, ELLIPSIS, change_html, diff_pieces, shortened


def spelled(pieces, leave_out: str) -> str:
    return "".join(text for kind, text in pieces if kind != leave_out)


def assert_faithful(before: str, after: str) -> None:
    pieces = diff_pieces(before, after)
    assert spelled(pieces, "ins") == before and spelled(pieces, "del") == after
    assert all(text for _, text in pieces), pieces
    # Neighbours differ in kind, and a removal comes before the insertion that replaces it.
    kinds = [kind for kind, _ in pieces]
    assert all(first != second for first, second in zip(kinds, kinds[1:])), kinds
    assert ("ins", "del") not in set(zip(kinds, kinds[1:])), kinds
    cut = shortened(pieces)
    assert [piece for piece in cut if piece[0] != "same"] == [piece for piece in pieces if piece[0] != "same"]
    for kind, text in cut:
        if kind == "same":
            assert len(text.replace(ELLIPSIS, "")) <= 2 * CONTEXT + 1


@pytest.fixture(scope="module")
def corpus_changes():
    paths = sorted((SHARED_DIR / "corpus").glob("*.txt")) + sorted((SHARED_DIR / "corpus" / "formats").glob("*.txt"))
    if not paths:
        pytest.skip("../shared/corpus not found")
    passes = build_cleaning_passes(build_cleaning_resources())
    changes = []
    for path in paths:
        changes += clean_text(path.read_text(encoding="utf-8", errors="replace"), passes).changes
    return changes


def test_every_change_the_cleaning_makes_to_the_corpus_is_spelled_exactly(corpus_changes):
    assert len({change.pass_name for change in corpus_changes}) >= 5 and len(corpus_changes) > 500
    for change in corpus_changes:
        assert_faithful(change.before, change.after)


def test_marked_text_is_a_small_part_of_most_rows(corpus_changes):
    """A tidied gap or a widened bracket marks a few characters, not the whole line twice."""
    edits = [change for change in corpus_changes if change.before and change.after and change.pass_name in {"normalize_spacing", "normalize_punctuation"}]
    assert edits
    marked = sum(len(text) for change in edits for kind, text in diff_pieces(change.before, change.after) if kind != "same")
    assert marked < 0.2 * sum(len(change.before) + len(change.after) for change in edits)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="坚持党的领导（）() ，,　 \n⏎一二三", max_size=60), st.text(alphabet="坚持党的领导（）() ，,　 \n⏎一二三", max_size=60))
def test_any_two_texts_are_spelled_exactly(before, after):
    assert_faithful(before, after)


def test_a_long_rewrite_is_one_removal_and_one_insertion():
    before, after = "旧" * 250_000 + "。", "新" * 250_000 + "。"
    assert diff_pieces(before, after) == [("del", "旧" * 250_000), ("ins", "新" * 250_000), ("same", "。")]


def test_rows_are_escaped_and_marked():
    html = str(change_html("第一条 <b>(甲)</b> 规定", "第一条 <b>（甲）</b> 规定"))
    assert html == "第一条 &lt;b&gt;<del>(甲)</del><ins>（甲）</ins>&lt;/b&gt; 规定"


def test_a_document_report_page_has_a_table_per_pass_with_its_changes_marked(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "notice.txt").write_text(
        "关于做好安全生产工作的通知\n\n各区 (县) 人民政府,市政府各部门:\n\n现将有关事项通知如下。\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_build("--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    [page] = [path for path in (out / "report").glob("*.html") if path.name != "index.html"]
    html = page.read_text(encoding="utf-8")
    assert '<h2 id="pass-normalize_punctuation">' in html and 'href="#pass-normalize_punctuation"' in html
    assert "<del>(县)</del><ins>（县）</ins>" in html and "<del>,</del><ins>，</ins>" in html
