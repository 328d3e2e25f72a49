"""The cleaning passes, one by one and as a pipeline.

Cases are text files in tests/fixtures/clean/<pass>/<id>.input.txt and
<id>.expected.txt (see the README there); the invariants every pass keeps
are checked on those cases and on generated text (hypothesis):

- it never crashes;
- it is idempotent: cleaning clean output changes nothing;
- every Han character of the input is still there, except those the pass
  removed on purpose, and the Changes account for every one it removed.
"""

from __future__ import annotations

import pickle
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiedu.charclass import han_only
import jiedu.clean
from jiedu.clean import (
    CleaningPass,
    CleaningResources,
    build_cleaning_passes,
    build_cleaning_resources,
    changes_by_pass,
    clean_document,
    clean_text,
)
from jiedu.clean.drop_boilerplate import drop_boilerplate, metadata_from_changes, parse_metadata_line
from jiedu.clean.fixes import Fix, Fixes, apply_text_fixes, load_fixes, unmatched_fix_problems
from jiedu.clean.join_hanging_indents import join_hanging_indents
from jiedu.clean.join_wrapped_lines import join_wrapped_lines
from jiedu.clean.normalize_punctuation import normalize_punctuation
from jiedu.clean.normalize_spacing import SPACE_BY_PUNCTUATION, SPACED_CHAIN, WHITESPACE, _close_letter_spacing, normalize_spacing
from jiedu.clean.normalize_unicode import normalize_characters, normalize_unicode
from jiedu.clean.run_together import split_run_together
from jiedu.clean.split_glued_page_numbers import split_glued_page_numbers
from jiedu.clean.strip_markdown_emphasis import strip_markdown_emphasis
from jiedu.model import Block, BlockKind, Change, Severity, SourceDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
MY_PASSES = {
    "normalize_unicode": normalize_unicode,
    "strip_markdown_emphasis": strip_markdown_emphasis,
    "normalize_punctuation": normalize_punctuation,
    "join_hanging_indents": join_hanging_indents,
    "normalize_spacing": normalize_spacing,
    "drop_boilerplate": drop_boilerplate,
    "split_glued_page_numbers": split_glued_page_numbers,
    "join_wrapped_lines": join_wrapped_lines,
}
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[tnr]")
CONTROLS = {"\\t": "\t", "\\n": "\n", "\\r": "\r"}


def read_fixture(path: Path) -> str:
    """A fixture file with its final newline removed and its escapes decoded."""
    text = path.read_text(encoding="utf-8").removesuffix("\n")
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else CONTROLS[m.group()], text)


def fixture_cases() -> list:
    cases = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for source in sorted(folder.glob("*.input.txt")):
            case_id = source.name.removesuffix(".input.txt")
            cases.append(pytest.param(folder.name, source, id=f"{folder.name}/{case_id}"))
    return cases


def han_accounted(before: str, after: str, changes: list[Change] | tuple[Change, ...]) -> bool:
    """The Han characters that appeared or vanished are exactly those the Changes say."""
    observed = Counter(han_only(after))
    observed.subtract(Counter(han_only(before)))
    reported: Counter = Counter()
    for change in changes:
        reported.update(han_only(change.after))
        reported.subtract(han_only(change.before))
    return +observed == +reported and -observed == -reported


# --- each pass against its fixtures ---------------------------------------------------------


@pytest.mark.parametrize(("pass_name", "source"), fixture_cases())
def test_pass_turns_input_into_expected(pass_name, source):
    text = read_fixture(source)
    expected = read_fixture(source.with_name(source.name.replace(".input.", ".expected.")))
    result, changes = MY_PASSES[pass_name](text)
    assert result == expected
    assert han_accounted(text, result, changes)
    assert all(change.pass_name == pass_name for change in changes)


@pytest.mark.parametrize(("pass_name", "source"), fixture_cases())
def test_pass_leaves_its_own_output_alone(pass_name, source):
    expected = read_fixture(source.with_name(source.name.replace(".input.", ".expected.")))
    assert MY_PASSES[pass_name](expected) == (expected, [])


# --- tables for single rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("来源：西藏日报", [("source", "西藏日报")]),
        ("来源: 新华社  时间：2024-01-10 08:30", [("source", "新华社"), ("date", "2024-01-10 08:30")]),
        ("來源：西藏日報丨責任編輯：卓嘎", [("source", "西藏日報"), ("editor", "卓嘎")]),
        ("时间：上午9时", []),
        ("会议时间：2024年1月10日", []),
        ("来源：" + "很长" * 30, []),
        ("来源：新华网\u00a0\u00a02020年06月02日 ", [("source", "新华网"), ("date", "2020年06月02日")]),  # a Word copy of a Xinhua page
        ("来源：人民网 2024-05-13 08:49", [("source", "人民网"), ("date", "2024-05-13 08:49")]),
        ("来源：2024年新华社稿", [("source", "2024年新华社稿")]),  # no space before the figures: part of the name
    ],
)
def test_metadata_lines(line, pairs):
    assert parse_metadata_line(line) == pairs


@pytest.mark.parametrize(
    ("text", "date", "kept"),
    [
        ("1995-12-22\n\n規定違憲？\n\n正文。", "1995-12-22", "規定違憲？\n\n正文。"),  # a database's date field, first
        ("标题\n2024-03-05 10:22\n正文。", "2024-03-05 10:22", "标题\n正文。"),  # under the title
        ("标题\n正文。\n2024-03-05\n正文。", None, None),  # further down it is text (a table's cell, a list of dates)
    ],
)
def test_a_line_that_is_only_a_date_at_the_top_is_the_documents_date(text, date, kept):
    result, changes = drop_boilerplate(text)
    assert metadata_from_changes(changes).get("date") == date
    assert result == (text if kept is None else kept)


def test_metadata_lines_are_moved_not_lost():
    text, changes = drop_boilerplate("来源：西藏日报\n时间：2026-02-12\n正文。\n责任编辑：卓嘎")
    assert text == "正文。"
    assert metadata_from_changes(changes) == {"source": "西藏日报", "date": "2026-02-12", "editor": "卓嘎"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("段落一。\n\n下载\n\n打印\n\n段落二。", "段落一。\n\n段落二。"),  # no stronger break where junk was
        ("段落一。\n\n下载\n\n段落二。", "段落一。\n\n下载\n\n段落二。"),  # one control word alone may be text
        ("下载\n\n打印\n\n正文。", "正文。"),  # controls with blank lines between
        ("【打印】\n正文。", "正文。"),  # one line, two marks
        ("正文。\n【字号：大 中 小】", "正文。"),
        ("正文（上接第1版）继续。", "正文继续。"),
        ("相关报道：\n正文。", "相关报道：\n正文。"),  # only dangling at the end
        ("报名请联系：\n地址：拉萨市北京中路1号\n电话：0891-6000000", "报名请联系：\n地址：拉萨市北京中路1号\n电话：0891-6000000"),
        ("正文。\n地址：拉萨市朵森格路36号丨邮政编码：850000", "正文。"),  # a site's contact footer
        ("正文。\n浏览次数：1024\n- 3 -", "正文。"),
        # a crawler's note, its numbers changing: gone; a note repeated as it is, or a dateline, stays
        ("甲。\n（完整HTML内容已保存，长度: 81699 字符）\n乙。\n（完整HTML内容已保存，长度: 35 字符）\n丙。\n（完整HTML内容已保存，长度: 1,234 字符）",
         "甲。\n乙。\n丙。"),
        ("甲。\n（第 1 页）\n乙。\n（第 2 页）\n丙。\n（第 3 页）", "甲。\n乙。\n丙。"),
        ("（图片来源：新华社）\n甲。\n（图片来源：新华社）\n乙。\n（图片来源：新华社）", None),
        ("（新华社北京3月5日电）甲。\n（新华社北京3月5日电）\n乙。\n（新华社北京3月6日电）\n丙。\n（新华社北京3月7日电）", None),
        ("（完整HTML内容已保存，长度: 81699 字符）\n甲。\n（完整HTML内容已保存，长度: 35 字符）", None),  # twice is not yet a pattern
    ],
)  # fmt: skip
def test_boilerplate_cases(text, expected):
    assert drop_boilerplate(text)[0] == (text if expected is None else expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议要求，自治区人大常委会\n要坚持。", "会议要求，自治区人大常委会要坚持。"),  # a comma inside: a sentence
        ("会议号召，全区各族人民要更加紧密地团结在以习近平总书记为\n核心的党中央周围。", "会议号召，全区各族人民要更加紧密地团结在以习近平总书记为核心的党中央周围。"),
        ("听取了国务院总理李强所作的\n政府工作报告\n。", "听取了国务院总理李强所作的政府工作报告。"),  # ends in 的
        ("洛桑江村主持\n本报拉萨1月10日讯（记者 王菲）正文。", "洛桑江村主持\n本报拉萨1月10日讯（记者 王菲）正文。"),
        ("标题\n一、总体要求\n正文。", "标题\n一、总体要求\n正文。"),
        ("各位代表：\n现在，我代表自治区人民政府。", "各位代表：\n现在，我代表自治区人民政府。"),
        ("第四次会议（2024年1月10日\n通过）", "第四次会议（2024年1月10日通过）"),  # inside brackets
        ("推动西藏长治久安\n热烈祝贺大会胜利闭幕", "推动西藏长治久安\n热烈祝贺大会胜利闭幕"),
        ("洛桑江村主\n持会议。大会主席出席。", "洛桑江村主持会议。大会主席出席。"),  # short line finished by the next
        ("2026年政府工作报告\n——2026年1月31日在大会上", "2026年政府工作报告\n——2026年1月31日在大会上"),
        ("段落一。\n段落二。\n\n\n\n段落三。", "段落一。\n段落二。\n\n段落三。"),  # a stronger break stays one blank line
        ("段落一。\n\n\n\n段落二。", "段落一。\n段落二。"),  # the only gap is the paragraph gap
        # a list item wrapped one character before its end (Taiwan's law database)
        ("六、關於法令之保管事項。\n七、關於裁判資料之蒐集、分析、登記、製卡、保管、複製及送登公報事\n項。\n八、關於裁判書事項。",
         "六、關於法令之保管事項。\n七、關於裁判資料之蒐集、分析、登記、製卡、保管、複製及送登公報事項。\n八、關於裁判書事項。"),
        ("一、总体要求\n正文。", "一、总体要求\n正文。"),  # a short heading, then a short sentence
    ],
)  # fmt: skip
def test_join_cases(text, expected):
    assert join_wrapped_lines(text)[0] == expected


# --- hand fixes -------------------------------------------------------------------------------

FIXES_TOML = """\
# fixes for a test document
[[replace]]
old = "洛桑江村"
new = "洛桑江村同志"

[[join]]
after = "人大常委会"

[[break]]
after = "报告。"
before = "会议号召"

[[heading]]
text = "坚持稳中求进"
level = 2

[[join]]
after = "不存在的文字"
"""


def test_fixes_load_and_apply(tmp_path):
    path = tmp_path / "doc.toml"
    path.write_text(FIXES_TOML, encoding="utf-8")
    fixes, problems = load_fixes(path, "content/fixes/doc.toml")
    assert problems == []
    assert [(fix.kind, fix.line) for fix in fixes.entries] == [("replace", 2), ("join", 6), ("join", 17), ("break", 9), ("heading", 13)]
    text = "洛桑江村主持。\n会议要求，自治区人大常委会\n要坚持。决定批准这个报告。会议号召全区"
    result, changes = apply_text_fixes(text, fixes)
    assert result == "洛桑江村同志主持。\n会议要求，自治区人大常委会要坚持。决定批准这个报告。\n会议号召全区"
    assert han_accounted(text, result, changes)
    assert [change.note for change in changes] == [
        "content/fixes/doc.toml:2 replace",
        "content/fixes/doc.toml:6 join",
        "content/fixes/doc.toml:9 break",
    ]
    unmatched = unmatched_fix_problems(fixes, changes)
    assert [(p.line, p.message) for p in unmatched] == [(17, "[[join]] matched nothing in the cleaned text")]


@pytest.mark.parametrize(
    ("toml", "line", "fragment"),
    [
        ('[[replace]]\nold = "a"\n', 1, "needs `new`"),
        ('[[replace]]\nold = "a"\nnew = "b"\nwith = "c"\n', 1, "unknown key `with`"),
        ('\n[[rename]]\nold = "a"\n', 2, "unknown fix `rename`"),
        ('[[heading]]\ntext = "x"\nlevel = 9\n', 1, "level"),
        ('[[join]]\nblank = true\n', 1, "unknown key"),
        ('[[break]]\nblank = true\n', 1, "`after` or `before`"),
        ('[[replace]\nold = "a"\n', 1, "fixes file ignored"),
    ],
)
def test_fixes_problems_name_file_and_line(tmp_path, toml, line, fragment):
    path = tmp_path / "doc.toml"
    path.write_text(toml, encoding="utf-8")
    fixes, problems = load_fixes(path, "content/fixes/doc.toml")
    assert len(problems) == 1
    assert problems[0].path == "content/fixes/doc.toml" and problems[0].line == line
    assert fragment in problems[0].message


def test_fixes_file_that_does_not_parse_is_an_error(tmp_path):
    path = tmp_path / "doc.toml"
    path.write_bytes(b"\xff\xfe not utf-8")
    fixes, problems = load_fixes(path)
    assert fixes.entries == () and problems[0].severity is Severity.ERROR


def test_missing_fixes_file_is_no_fixes(tmp_path):
    assert load_fixes(tmp_path / "none.toml") == (Fixes(str(tmp_path / "none.toml")), [])


# --- the pipeline -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def passes() -> tuple[CleaningPass, ...]:
    return build_cleaning_passes(build_cleaning_resources())


def test_pipeline_order(passes):
    names = [p.name for p in passes]
    assert names.index("repair_shifted_gbk") < names.index("strip_inline_pinyin") < names.index("normalize_punctuation")
    assert names[-2:] == ["drop_boilerplate", "join_wrapped_lines"]


def test_changes_come_in_pass_order(passes):
    cleaned = clean_text("下载\n打印\n堅(jiān)持,党的领导。\n决定批准这个报\n告。", passes)
    assert cleaned.text == "堅持，党的领导。\n决定批准这个报告。"
    order = [p.name for p in passes]
    ranks = [order.index(change.pass_name) for change in cleaned.changes]
    assert ranks == sorted(ranks)
    assert changes_by_pass(cleaned.changes) == {
        "strip_inline_pinyin": 1,
        "normalize_punctuation": 1,
        "drop_boilerplate": 2,
        "join_wrapped_lines": 1,
    }


def test_resources_are_built_only_when_a_pass_needs_them(monkeypatch):
    built = []
    for name in ("build_gbk_evidence", "build_pinyin_readings"):
        real = getattr(jiedu.clean, name)
        monkeypatch.setattr(jiedu.clean, name, lambda *args, real=real, name=name: built.append(name) or real(*args))
    resources = CleaningResources(("格桑花行动",))  # not the shared one: nothing built yet
    passes = build_cleaning_passes(resources)
    assert clean_text("坚持党的领导（四川天府）,全面推进。", passes).text == "坚持党的领导（四川天府），全面推进。"
    assert built == []
    clean_text("堅(jiān)持", passes)
    assert built == ["build_pinyin_readings"]
    assert clean_text("年?duì)I造", passes).text == "年營造"
    assert built == ["build_pinyin_readings", "build_gbk_evidence"]  # the readings are shared


def test_resources_pickle_as_their_recipe():
    resources = build_cleaning_resources(["格桑花行动"])
    assert build_cleaning_resources(("格桑花行动",)) is resources
    copy = pickle.loads(pickle.dumps(build_cleaning_passes(resources)))
    assert copy[1].function.keywords["resources"] is resources  # in this process: the same one, built once
    assert len(pickle.dumps(resources)) < 1000
    assert clean_text("年?duì)I造", copy).text == "年營造"


def _source(text: str, format: str, metadata: dict | None = None) -> SourceDocument:
    return SourceDocument(Path("doc.md" if format == "markdown" else "doc.txt"), "doc", text, 1, "utf-8", metadata or {}, format)


def test_block_documents_keep_their_blocks_and_get_every_other_pass(passes):
    blocks = (
        Block(BlockKind.HEADING, "标题", level=1, line=1),
        Block(BlockKind.PARAGRAPH, "堅(jiān)持 党的领导,\u200b第二行", line=3),
        Block(BlockKind.PARAGRAPH, "不换行的短句", line=4),
        Block(BlockKind.TABLE_ROW, "甲\t乙 ,", cells=("甲", "乙 ,"), line=5),
        Block(BlockKind.PARAGRAPH, "下载", line=6),
        Block(BlockKind.PARAGRAPH, "打印", line=7),
    )
    source = SourceDocument(Path("doc.html"), "doc", "", 1, "utf-8", {}, "html", blocks)
    cleaned = clean_document(source, passes)
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        (BlockKind.HEADING, "标题"),
        (BlockKind.PARAGRAPH, "堅持 党的领导，第二行"),
        (BlockKind.PARAGRAPH, "不换行的短句"),  # never joined to the line before: the reader knows paragraphs
        (BlockKind.TABLE_ROW, "甲\t乙，"),
    ]
    assert cleaned.blocks[3].cells == ("甲", "乙，")
    assert "join_wrapped_lines" not in {change.pass_name for change in cleaned.changes}
    assert {change.line for change in cleaned.changes if change.pass_name == "drop_boilerplate"} == {6, 7}


def test_clean_document_applies_fixes_after_the_passes(passes):
    fixes = Fixes("f.toml", (Fix("break", 3, after="报告。"),))
    cleaned = clean_document(_source("决定批准这个报告。会议号召全区", "text"), passes, fixes)
    assert cleaned.text == "决定批准这个报告。\n会议号召全区"
    assert cleaned.changes[-1].pass_name == "fixes"


# --- invariants on generated text -------------------------------------------------------------

SNIPPETS = [
    "坚持", "党的领导", "。", "，", ",", "(", ")", "（", "）", "：", ":", "、", "！", "?", "；", "“", "”", "《", "》",
    "\n", "\n\n", "\n\n\n", " ", "　", "\t", "\u200b", "\ufeff", "\r\n", "——", "…",
    "一、", "（一）", "1.", "第一章", "关于政府工作报告的决议", "本报拉萨1月10日讯（记者 王菲）",
    "下载\n打印\n", "【字号：加大 还原 减小】", "版权所有", "来源：西藏日报\n", "（下转第四版）", "\n相关报道：",
    "本作品来自…公有领域。", "\nPublic domain\nfalse", "习　近　平", "G318", "5G", "2,000", "10:30",
    "堅(jiān)持", "abc", "Public", "的", "\ufff9营\ufffb", "豈", "ji\u0101n", "- 3 -",
]
TEXTS = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=6)), max_size=40).map("".join)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("pass_name", sorted(MY_PASSES))
@PROPERTY_SETTINGS
@given(text=TEXTS)
def test_each_pass_keeps_the_invariants(pass_name, text):
    function = MY_PASSES[pass_name]
    result, changes = function(text)
    assert han_accounted(text, result, changes)
    assert function(result) == (result, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXTS.filter(lambda t: "?" not in t) | TEXTS.map(lambda t: t[:60]))
def test_pipeline_keeps_the_invariants(passes, text):
    cleaned = clean_text(text, passes)
    assert han_accounted(text, cleaned.text, cleaned.changes)
    again = clean_text(cleaned.text, passes)
    assert again.text == cleaned.text and again.changes == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a e\n\u0301\u0304\u0308\u200b\x07\u3000坚\t，", max_size=30))
def test_the_shortcuts_for_clean_lines_change_nothing(text):
    """Text or lines with nothing to do are passed over whole; the result is the line-by-line one."""
    lines = text.split("\n")
    assert normalize_unicode(text)[0] == "\n".join(normalize_characters(line) for line in lines)
    assert normalize_spacing(text)[0] == "\n".join(_spacing_as_defined(line) for line in lines)


def _spacing_as_defined(line: str) -> str:
    if not line:
        return line
    line = SPACED_CHAIN.sub(_close_letter_spacing, line)
    line = WHITESPACE.sub(" ", line).strip(" ")
    return SPACE_BY_PUNCTUATION.sub("", line)


# --- speed ------------------------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _megabyte_of_documents() -> str:
    corpus = sorted((SHARED / "corpus").glob("*.txt")) + [SHARED / "seeds" / "000_af065001489da54d.txt"]
    if not all(path.is_file() for path in corpus):
        pytest.skip(f"shared corpus not found at {SHARED}")
    blob = "\n\n\n".join(path.read_text(encoding="utf-8") for path in corpus)
    return "\n\n\n".join([blob] * (1_000_000 // len(blob.encode()) + 1))


def test_a_megabyte_cleans_in_seconds(passes):
    text = _megabyte_of_documents()
    start = time.perf_counter()
    clean_text(text, passes)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(
    "unit",
    ["(", "（下转", "习　", "，\n", "a\n", "标题\n\n", "下载\n", "。 ", "“", "一、\n", "\n", "本报讯"],
)
def test_my_passes_stay_linear_on_hostile_text(unit):
    text = unit * (250_000 // len(unit.encode()))
    for name, function in MY_PASSES.items():
        start = time.perf_counter()
        function(text)
        assert time.perf_counter() - start < 5, name


# --- shapes of junk lines, run-together paragraphs, other languages, tables -------------------

BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@pytest.mark.parametrize(
    ("junk", "rule"),
    [
        ("https://www.gov.cn/zhengce/content/2019-10/23/content_5443963.htm", "url_line"),
        ("www.gov.cn", "url_line"),
        ("原文链接：https://www.gov.cn/a.htm", "url_line"),
        ("kf@people.cn", "email_line"),
        ("data:image/png;base64," + BASE64, "data_blob"),
        (BASE64 * 140, "data_blob"),  # 13,000 characters: longer than any text rule looks at
        ("=====", "rule_line"),
        ("-----", "rule_line"),
        ("*****", "rule_line"),
        ("———", "rule_line"),
        ("______", "rule_line"),
        ("收藏到AliceBox", "ui_label"),
        ("分享到微信", "ui_label"),
        ("点击查看", "ui_label"),
        ("扫一扫", "ui_label"),
        ("扫一扫在手机打开当前页", "ui_label"),
        ("打印本页", "ui_label"),
        ("关闭窗口", "ui_label"),
        ("返回顶部", "ui_label"),
        ("【打印本页】【关闭窗口】", "ui_label"),
        ("【打印】【关闭】", "page_controls"),
    ],
)
def test_lines_that_are_only_a_link_blob_rule_or_button_go(junk, rule):
    text, changes = drop_boilerplate(f"第一段。\n{junk}\n第二段。")
    assert text == "第一段。\n第二段。"
    assert [change.note.split(":")[0] for change in changes] == [rule]
    assert changes[0].before == junk


@pytest.mark.parametrize(
    "line",
    [
        "详见中国政府网（www.gov.cn）。",  # a URL inside a sentence
        "请将意见发送至abc@gov.cn。",
        "网址：www.gov.cn",  # a notice's own address field
        "邮箱：abc@gov.cn",
        "——",  # a dash, not a rule
        "扫码支付等新业态快速发展",  # a wrapped line that starts like a button
        "推送至各地区各部门",
        "7·21特大暴雨灾害",  # a date with a middle dot, not a page number
    ],
)
def test_text_that_looks_like_junk_stays(line):
    assert drop_boilerplate(f"第一段。\n{line}\n第二段。")[0] == f"第一段。\n{line}\n第二段。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a contents block before the body: each line repeats a heading below
        ("宪法\n目　录\n序言\n第一章　总纲\n第二章　国家机构\n序言\n正文。\n第一章　总纲\n正文。\n第二章　国家机构\n正文。",
         "宪法\n序言\n正文。\n第一章　总纲\n正文。\n第二章　国家机构\n正文。"),
        # what a PDF reader left of contents whose dot-leader lines it dropped: an entry cut by its wrap
        ("刑法\n目录\n第一章 刑法的任务、基本原则和适用范\n第四节 单位犯罪......5 第四章 侵犯公民人身权利\n第一编 总则\n"
         "第一章 刑法的任务、基本原则和适用范围\n正文。\n第四节 单位犯罪\n正文。",
         "刑法\n第一编 总则\n第一章 刑法的任务、基本原则和适用范围\n正文。\n第四节 单位犯罪\n正文。"),
        # an entry that repeats no heading (two entries run together) between two that do is contents too
        ("仲裁法\n目 录\n第一章 总 则\n第二章 仲裁委员会第三章 仲裁协议\n第四章 仲裁程序\n第一章 总 则\n正文。\n第二章 仲裁委员会\n正文。\n"
         "第三章 仲裁协议\n正文。\n第四章 仲裁程序\n正文。",
         "仲裁法\n第一章 总 则\n正文。\n第二章 仲裁委员会\n正文。\n第三章 仲裁协议\n正文。\n第四章 仲裁程序\n正文。"),
        # a table's header cells repeated on its next page are no contents
        ("月份\n项目\n一月\n数值。\n月份\n项目\n一月", "月份\n项目\n一月\n数值。\n月份\n项目\n一月"),
        # running heads whose page number changes, and a ·N· head on one page
        ("正文一。\n·134·连云港市志自然环境\n正文二。\n·136·连云港市志·自然环境\n正文三。", "正文一。\n正文二。\n正文三。"),
        ("2584·.连云港市志·方言\n第二章", "第二章"),
        # a table cell repeated is no running head; bare numbers beside cells are cells
        ("7月\n12.8\n7月\n13.1\n7月\n10\n11", "7月\n12.8\n7月\n13.1\n7月\n10\n11"),
        ("续上表\n月份", "月份"),
    ],
)  # fmt: skip
def test_book_page_furniture(text, expected):
    assert drop_boilerplate(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a law's articles run together in one scraped line
        ("第一条 为了规范，制定本条例。第二条 本条例适用于全国。第三条 环境保护税法第十三条所称的，是指本条例。",
         "第一条 为了规范，制定本条例。\n第二条 本条例适用于全国。\n第三条 环境保护税法第十三条所称的，是指本条例。"),
        # a sentence that starts with a reference is no new article
        ("第一条 本法所称排放，是指直接排放的行为。第十三条所称浓度值，由国务院规定。", None),
        # a list run together after a question and after a colon
        ("五、如何提高服务效能？（一）加大信息化应用。（二）破除不合理障碍。", "五、如何提高服务效能？\n（一）加大信息化应用。\n（二）破除不合理障碍。"),
        ("排放地是指：（一）排放口所在地；（二）产生地。", "排放地是指：\n（一）排放口所在地；\n（二）产生地。"),
        # an interview's turns
        ("记者就此采访了负责人。问：出台的背景是什么？答：为了落实部署。问：有哪些内容？答：共三条。",
         "记者就此采访了负责人。\n问：出台的背景是什么？\n答：为了落实部署。\n问：有哪些内容？\n答：共三条。"),
        # English next to Chinese: separate paragraphs, English wraps joined with a space
        ("习近平向阮富仲授予“友谊勋章”，\nXi Jinping awarded Nguyen Phu Trong the Friendship Medal\nof the People's Republic of China.\n“友谊勋章”代表了友好感情",
         "习近平向阮富仲授予“友谊勋章”，\nXi Jinping awarded Nguyen Phu Trong the Friendship Medal of the People's Republic of China.\n“友谊勋章”代表了友好感情"),
        ("共和国勋章\nthe Medal of the Republic\n国家荣誉称号\nnational titles of honor", None),
        ("会议通过了Public\ndomain声明。", "会议通过了Public domain声明。"),  # one word: part of the sentence
        # table cells one per line are never fused into one number
        ("单位：毫米\n63.5\n122.3\n(7月）\n9日", None),
        # a heading's number on a line of its own
        ("第三节\n地温和冻土\n地面温度变化趋势与气温大致相同。", "第三节地温和冻土\n地面温度变化趋势与气温大致相同。"),
        # a numbered line that ends a sentence is a list item, joined like any paragraph end
        ("（三）法律、行政法规有特别规定的。\n（四）其他情形。", None),
    ],
)  # fmt: skip
def test_join_splits_run_together_and_keeps_languages_apart(text, expected):
    result, changes = join_wrapped_lines(text)
    assert result == (text if expected is None else expected)
    assert han_accounted(text, result, changes)
    assert join_wrapped_lines(result) == (result, [])


def test_an_indent_inside_a_line_is_a_lost_line_break():
    text = "第一章　总　　则\n\n第一条　为了规范。　　第二条　本法适用于。第二章　附　　则　　第三条　施行。"
    result, changes = normalize_spacing(text)
    # broken with the text's own break between lines (here a blank line), so the layout reads as before
    assert result == "第一章 总则\n\n第一条 为了规范。\n\n第二条 本法适用于。第二章 附则\n\n第三条 施行。"
    assert "paragraph indent inside a line" in changes[-1].note
    assert normalize_spacing(result) == (result, [])


def test_an_indent_after_a_no_break_space_is_a_lost_line_break_too():
    # a scrape's chapter heading and first article, the indent led by a no-break space (&nbsp;)
    text = "规划环境影响评价条例第一章　总　　则\xa0　　第一条　为了加强对规划的环境影响评价工作。\xa0　　第二条　本条例。"
    result, _ = normalize_spacing(text)
    assert result.split("\n") == ["规划环境影响评价条例第一章 总则", "第一条 为了加强对规划的环境影响评价工作。", "第二条 本条例。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("规划环境影响评价条例第一章 总则", "规划环境影响评价条例\n第一章 总则"),
        ("中华人民共和国民法典第一编 总则", "中华人民共和国民法典\n第一编 总则"),
        ("國家安全法第一章 總則", "國家安全法\n第一章 總則"),
        ("依照本条例第一章 总则", None),  # 本条例: a reference
        ("依照本条例第一章规定", None),
        ("本法第一章 总则的规定。", None),
        ("规划环境影响评价条例第二章 评价", None),  # only the first chapter follows a title
    ],
)
def test_a_law_title_run_into_its_first_chapter_is_split(text, expected):
    assert split_run_together(text)[0] == (text if expected is None else expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("白宫发言人斯蒂芬妮?席尔霍尔茨说", "白宫发言人斯蒂芬妮·席尔霍尔茨说"),  # a name's middle dot, lost to a code page
        ("美丽中国?鲜到延边", "美丽中国·鲜到延边"),
        ("“平安行?你我他”", "“平安行·你我他”"),
        ("铁路的意义是什么?铁路是大动脉", "铁路的意义是什么？铁路是大动脉"),  # a question
        ("你去吗?我去", "你去吗？我去"),
        ("这是谁?他是局长", "这是谁？他是局长"),
        ("你好?", "你好？"),  # not between Han characters: a question mark, made full-width
    ],
)
def test_a_question_mark_between_han_characters_is_a_lost_middle_dot(text, expected):
    result, changes = normalize_punctuation(text)
    assert result == expected
    assert normalize_punctuation(result) == (result, [])
    if "·" in expected:
        assert "middle dot" in changes[0].note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("――2004年3月24日在市人民代表大会上", "——2004年3月24日在市人民代表大会上"),  # horizontal bars (U+2015)
        ("──1999年2月25日在市人民代表大会上", "——1999年2月25日在市人民代表大会上"),  # box-drawing lines
        ("中国――东盟自由贸易区", "中国——东盟自由贸易区"),
        ("├──┼──┤", None),  # a table drawn in text
        ("see a――b", None),  # not in Chinese text
    ],
)
def test_a_dash_written_with_lookalikes_becomes_the_chinese_dash(text, expected):
    result, changes = normalize_punctuation(text)
    assert result == (text if expected is None else expected)
    assert normalize_punctuation(result) == (result, [])


# --- the plain-text corpus, read by hand ------------------------------------------------------

FORMATS = SHARED / "corpus" / "formats"


def _cleaned(name: str, passes) -> str:
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return clean_text(path.read_text(encoding="utf-8"), passes).text


def test_constitution_loses_its_contents_block(passes):
    lines = _cleaned("txt_constitution_2018_named_gbk_but_utf8_crlf.txt", passes).split("\n")
    assert "目录" not in lines and "目 录" not in lines
    assert lines.count("第一章 总纲") == 1 and lines.count("序言") == 1
    assert lines.index("序言") < lines.index("第一章 总纲")
    assert "第六十五条 全国人民代表大会常务委员会由下列人员组成：" in lines
    assert "委员长，副委员长若干人，秘书长，委员若干人。" in lines


def test_policy_scrape_gets_its_articles_back(passes):
    lines = _cleaned("txt_gov_cn_policy_texts_concatenated_scrape.txt", passes).split("\n")
    assert "第一条 根据《中华人民共和国环境保护税法》（以下简称环境保护税法），制定本条例。" in lines
    assert "第二十六条 本条例自2018年1月1日起施行。2003年1月2日国务院公布的《排污费征收使用管理条例》同时废止。" in lines
    assert any(line.startswith("第二条 环境保护税法所附《环境保护税税目税额表》所称其他固体废物的具体范围") for line in lines)
    assert "五、《通知》将如何提高知识产权公共服务效能？" in lines
    assert any(line.startswith("（一）加大信息化技术应用，助推商标、专利注册申请便民水平再上新台阶。") for line in lines)
    assert not any(re.search(r"[。；]第[一二三四五六七八九十百]+条 ", line) for line in lines)
    # regulations whose title, first chapter and first article had run into one line
    for title in ("规划环境影响评价条例", "无障碍环境建设条例"):
        assert lines[lines.index(title) + 1] == "第一章 总则"
        assert lines[lines.index(title) + 2].startswith("第一条 为了")


def test_gazetteer_pages_lose_running_heads_and_keep_table_cells(passes):
    climate = _cleaned("txt_lianyungang_gazetteer_climate_extracted_text_running_heads.txt", passes).split("\n")
    assert not any("连云港市志" in line and len(line) < 20 for line in climate)
    assert "续上表" not in climate
    assert climate.count("(7月）") + climate.count("（7月）") >= 5  # table cells, not running heads
    assert "63.5" in climate and "122.3" in climate  # not fused into 63.5122.3
    assert "第三节地温和冻土" in climate
    assert "连云港市土壤冻结的平均初日为1月11日，最早为12月24日，最晚为2月5日。最大冻土深度为25厘米，是1977年1月7~8日。平均解冻日期为1月22日，最早解冻日期为1月2日，最晚为2月7日。" in climate
    dialect = _cleaned("txt_lianyungang_gazetteer_dialect_volume_rapidocr_page.txt", passes).split("\n")
    assert dialect[0] == "第二章语音系统"


def test_fixes_apply_to_documents_read_as_blocks_too(passes):
    """A fixes file corrects an HTML or Word document as it does plain text: by the text, whatever the format."""
    blocks = (
        Block(BlockKind.HEADING, "一、总体要求", level=2, line=3),
        Block(BlockKind.PARAGRAPH, "实干为要，决定批准这个报告。会议号召全区人民团结奋斗。", line=4),
        Block(BlockKind.PARAGRAPH, "会议要求，自治区人大常委会", line=5),
        Block(BlockKind.PARAGRAPH, "要坚持依法履职。", line=6),
    )
    fixes = Fixes("fixes/doc.toml", (Fix("replace", 2, old="实干为要", new="实干为先"), Fix("break", 6, after="报告。"), Fix("join", 9, after="人大常委会", before="要坚持")))
    source = SourceDocument(Path("doc.html"), "doc", "", 1, "utf-8", {}, "html", blocks)
    cleaned = clean_document(source, passes, fixes)
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        (BlockKind.HEADING, "一、总体要求"),
        (BlockKind.PARAGRAPH, "实干为先，决定批准这个报告。"),
        (BlockKind.PARAGRAPH, "会议号召全区人民团结奋斗。"),
        (BlockKind.PARAGRAPH, "会议要求，自治区人大常委会要坚持依法履职。"),
    ]
    assert cleaned.blocks[0].level == 2
    assert sorted(change.note for change in cleaned.changes if change.pass_name == "fixes") == ["fixes/doc.toml:2 replace", "fixes/doc.toml:6 break", "fixes/doc.toml:9 join"]


def test_a_page_break_inside_a_paragraph_of_pdf_extracted_text_neither_splits_it_nor_the_document(tmp_path):
    """pdftotext writes a form feed between pages, with the blank lines that separate paragraphs around it:
    the paragraph cut by the page goes on, and the page is no article break."""
    from pipeline import read_as_built

    path = tmp_path / "law.txt"
    path.write_text("中华人民共和国民营经济促进法 \n\n第一章 总 则 \n\n第一条 为优化民营经济发展环境，保证各类经济组织公平\n"
                    "参与市场竞争，促进民营经济健康发展和民营经济人士健康成长，\n\n\x0c\n构建高水平社会主义市场经济体制，根据宪法，制定本法。 \n\n"
                    "第二条 各级人民政府及其有关部门应当为动产和权利质押登记、估\n\n\x0c\n值、交易流通、信息共享等提供支持和便利。 \n\n"
                    "第三条 本法自2025年5月20日起施行。 \n", encoding="utf-8")
    _source, _cleaned, document = read_as_built(path)
    [article] = document.articles
    assert article.title == "中华人民共和国民营经济促进法"
    assert [block.text for section in article.sections for block in section.blocks] == [
        "第一条 为优化民营经济发展环境，保证各类经济组织公平参与市场竞争，促进民营经济健康发展和民营经济人士健康成长，构建高水平社会主义市场经济体制，根据宪法，制定本法。",
        "第二条 各级人民政府及其有关部门应当为动产和权利质押登记、估值、交易流通、信息共享等提供支持和便利。",
        "第三条 本法自2025年5月20日起施行。",
    ]


def test_page_numbers_of_any_length_that_count_up_a_page_apart_go_and_a_lone_year_stays():
    """A Hansard's pages are numbered 5035, 5036, …: too long for the page-number line rule (a year is four
    digits too), they go because they count up by one, a page apart."""
    from jiedu.clean.drop_boilerplate import drop_boilerplate

    def page(number: int, first: int) -> list[str]:
        return ["立法會 ─ 2013年 2月 21日", str(number)] + [f"議員{first + k}：主席，我支持這項議案的第{k + 1}點" for k in range(9)]

    lines = page(5035, 0) + page(5036, 9) + ["2013"] + page(5037, 18)
    text, changes = drop_boilerplate("\n".join(lines))
    kept = text.split("\n")
    assert not {"5035", "5036", "5037"} & set(kept)
    assert "2013" in kept and sum(line.startswith("議員") for line in kept) == 27
    assert {change.before for change in changes if change.pass_name == "drop_boilerplate" and change.before.isdigit()} >= {"5035", "5036", "5037"}


def test_a_source_line_at_the_end_under_another_name_is_moved_to_metadata():
    """Portals end a story with 本文来源：… and its editor on one line; government sites write 信息来源：."""
    text, changes = drop_boilerplate("正文第一句。\n正文第二句。\n本文来源：央视新闻客户端 责任编辑：化成雨_NBJ11143")
    assert text == "正文第一句。\n正文第二句。"
    assert metadata_from_changes(changes) == {"source": "央视新闻客户端", "editor": "化成雨_NBJ11143"}
    text, changes = drop_boilerplate("信息来源：市统计局\n正文。")
    assert text == "正文。" and metadata_from_changes(changes) == {"source": "市统计局"}


def test_a_toolbar_laid_out_as_a_table_is_dropped_and_a_table_of_sizes_kept(passes):
    """An old news template sets its page controls as a table row (【字号 大 中 小】 | 打印 | 留言 | 论坛 | 纠错)."""
    blocks = (
        Block(BlockKind.TABLE_ROW, "", cells=("【字号 大 中 小】", "打印", "留言", "论坛", "网摘", "手机点评", "纠错"), line=20),
        Block(BlockKind.PARAGRAPH, "人民网合肥11月8日电 安徽省司法厅日前出台暂行办法。", line=22),
        Block(BlockKind.TABLE_ROW, "", cells=("型号", "大", "中", "小"), line=30),
        Block(BlockKind.TABLE_ROW, "", cells=("价格", "12", "10", "8"), line=31),
    )
    source = SourceDocument(Path("page.html"), "page", "", 1, "utf-8", {}, "html", blocks)
    cleaned = clean_document(source, passes)
    assert [b.cells or b.text for b in cleaned.blocks] == [blocks[1].text, blocks[2].cells, blocks[3].cells]
    assert [(c.line, c.note.split(":")[0]) for c in cleaned.changes if c.before.startswith("【字号")] == [(20, "page_controls")]


def test_a_word_files_lines_kept_as_paragraphs_are_joined_where_they_wrap_and_lists_stay(passes):
    """A PDF converted to Word keeps some paragraphs line by line, each line a paragraph of one width;
    those lines are joined. A list of alike titles, numbered, and a question's choices stay a list."""
    lines = ["2023年，在省委省政府和州委州政府的坚强领导下，全", "州上下深入贯彻党的二十大精神和习近平总书记视察贵州", "重要讲话精神，坚持以高质量发展统揽全局，围绕“四新”",
             "主攻“四化”，着力扬优势强产业、补短板惠民生、防风险", "济社会高质量发展取得实效。"]
    titles = ["1.关于印发黔东南州城乡居民收入统计调查方案的通知", "2.关于印发黔东南州规模以上工业统计调查方案的通知", "3.关于印发黔东南州服务业企业统计调查方案的通知"]
    choices = ["A．一种文明如果同其他文明交流互鉴、取长补短，就能保持旺盛生命", "B．一种文明如果同其他文明交流互鉴、取长补短，就能保持旺盛活力",
               "C．一种文明如果没有同其他文明交流互鉴，就不能保持旺盛生命活力"]
    blocks = tuple(Block(BlockKind.PARAGRAPH, text, line=n) for n, text in enumerate([*lines, "附件：", *titles, *choices], start=1))
    source = SourceDocument(Path("bulletin.docx"), "bulletin", "", 1, "binary", {}, "docx", blocks)
    cleaned = clean_document(source, passes)
    assert [b.text for b in cleaned.blocks] == ["".join(lines), "附件：", *titles, *choices]
    assert [c.line for c in cleaned.changes if c.pass_name == "join_wrapped_lines"] == [2, 3, 4, 5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强",
         "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强"),
        ("政府工作报告 ——1999年2月1日在山东省第九届人民代表大会第二次会议上",
         "政府工作报告\n——1999年2月1日在山东省第九届人民代表大会第二次会议上"),
        ("政府工作報告——二〇二四年一月二十三日在香港特別行政區立法會會議上", "政府工作報告\n——二〇二四年一月二十三日在香港特別行政區立法會會議上"),
        ("——2024年3月5日在第十四届全国人民代表大会第二次会议上", None),  # the occasion alone, on its line
        ("** ** ——2023年1月13日在自治区十二届人民代表大会第一次会议上", None),  # no title before it
        ("他回顾说，——2024年3月5日在大会上的讲话，明确了方向。", None),  # inside a sentence
    ],
)
def test_a_speechs_title_occasion_and_speaker_run_into_one_line_are_split(text, expected):
    """A plain-text copy of a work report may run its head into one line; read as one, it is no title."""
    assert split_run_together(text)[0] == (text if expected is None else expected)
