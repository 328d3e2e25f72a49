"""Pass `drop_boilerplate`: the website, the PDF and the licence, not the document.

Every kind of junk is one named `Rule` in `RULES`; to handle a new site, add a
rule. A rule's `scope` says where it looks:

- ``line``: a whole line matching `pattern` is removed, anywhere;
- ``inline``: each match of `pattern` is cut out of its line (jump markers);
- ``controls``: page controls (下载/打印/字号…) matching `pattern`, removed when
  two or more stand in a row or one line holds several, so that a lone word
  that happens to be a control name survives;
- ``repeated``: a running header: the same short line with a date or page
  number in it, three or more times;
- ``metadata``: ``来源：西藏日报`` / ``时间：2026-02-12`` lines among the first
  lines or at the end are removed from the text and *moved* to the document's
  metadata: `metadata_from_changes` gives them back to the caller;
- ``tail``: single lines at the very end, removed from the end backwards
  while they match; ``tail_block``: the same for blocks of up to
  `TAIL_BLOCK_LINES` lines (a licence split by links), matched joined.

Patterns are written in Simplified; a line is matched after folding the
Traditional forms of the characters the rules use (`FOLD`), so the same rule
removes ``版权所有`` and ``版權所有``. Folding maps one character to one, so
positions in the folded line are positions in the real one.

>>> text, changes = drop_boilerplate("下载\\n打印\\n标题\\n来源：西藏日报\\n正文。（下转第四版）\\n相关报道：")
>>> text
'标题\\n正文。'
>>> metadata_from_changes(changes)
{'source': '西藏日报'}
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Change
from .rounds import repeat_until_unchanged

PASS_NAME = "drop_boilerplate"
HEAD_LINES = 15
"""Metadata lines are looked for among this many first non-blank lines."""
TAIL_BLOCK_LINES = 12
"""A licence block split by links spans at most this many lines."""
MAX_BOILERPLATE_LINE = 300
"""Longer lines are text, whatever words they contain."""
MAX_ROUNDS = 10
"""A safety stop for `drop_boilerplate`'s rounds; real text needs two."""

# Traditional forms of the Han characters the rules use, and their Simplified forms.
_TRADITIONAL = "專爲為於們體關減擊辦務華協單發號聽團圖聲處備復審幫廣庫張掃護報數時術權條來標瀏點電碼簡緊糾經絡續維編縮網聯節薦見視覽認議訊記許論設訪證評識話語讀責贊轉載輯還郵鏈錯閉問間聞閱閲隱頁頂領題饋繫係製佈"
_SIMPLIFIED = "专为为于们体关减击办务华协单发号听团图声处备复审帮广库张扫护报数时术权条来标浏点电码简紧纠经络续维编缩网联节荐见视览认议讯记许论设访证评识话语读责赞转载辑还邮链错闭问间闻阅阅隐页顶领题馈系系制布"
FOLD = str.maketrans(_TRADITIONAL, _SIMPLIFIED)

METADATA_KEYS = {
    "来源": "source", "稿源": "source", "出处": "source",
    "时间": "date", "发布时间": "date", "发布日期": "date", "日期": "date", "发表时间": "date",
    "作者": "author", "记者": "author", "撰稿": "author",
    "编辑": "editor", "责任编辑": "editor", "责编": "editor", "编审": "editor",
}  # fmt: skip
_KEY = "|".join(sorted(METADATA_KEYS, key=len, reverse=True))
# A date field must hold a year: "时间：上午9时" in a notice is text, not metadata.
DATE_VALUE = re.compile(r"\d{4}|[〇零一二三四五六七八九]{4}年")
METADATA_PAIR = re.compile(rf"({_KEY})\s*[：:]\s*(.*?)\s*(?=[丨|｜]?\s*(?:{_KEY})\s*[：:]|$)")
_CONTROL_WORDS = "打印本页|关闭窗口|返回顶部|分享到|扫一扫|二维码|复制链接|语音播报|听新闻|下载|打印|全屏|收藏|分享|关闭|返回|字号|字体|加大|还原|减小|放大|缩小|默认|纠错|评论|点赞|推荐|朗读|繁体|简体|微信|微博|大|中|小"
_CONTROL_MARKS = r"[【】\[\]：:|丨｜/·\s]"
CONTROL_WORD = re.compile(_CONTROL_WORDS)
_CONTACT = r"(?:地址|邮政编码|邮编|联系电话|电话|传真|电子邮箱)\s*[：:]"


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of boilerplate."""

    name: str
    """Short name shown in the build report, e.g. "copyright"."""
    scope: str
    """Where it applies: line, inline, controls, repeated, metadata, tail, tail_block."""
    pattern: re.Pattern | None
    """Matched against a folded line; for tail blocks, against the block's lines joined."""
    description: str
    """What it removes, in a few words, for the report."""


RULES: tuple[Rule, ...] = (
    Rule("page_controls", "controls", re.compile(rf"(?:{_CONTROL_WORDS}|{_CONTROL_MARKS})+"),
         "web page controls (下载/打印/全屏/收藏/【字号：…】)"),
    Rule("site_links", "line", re.compile(
        r"(?:关于我们|联系我们|网站地图|法律声明|隐私保护|隐私政策|服务协议|广告服务|集团招聘|招聘信息|设为首页|加入收藏|意见反馈|使用帮助|网站声明|免责声明|友情链接)"
        r".*(?:关于我们|联系我们|网站地图|法律声明|隐私保护|隐私政策|服务协议|广告服务|集团招聘|招聘信息|设为首页|加入收藏|意见反馈|使用帮助|网站声明|免责声明|友情链接)"),
         "site header/footer links (关于我们 丨联系我们…)"),
    Rule("copyright", "line", re.compile(r"版权所有|版权声明|Copyright|©|\([cC]\)\s*\d{4}|All Rights Reserved|未经.{0,12}授权.{0,12}(?:禁止|不得)", re.I),
         "copyright notice"),
    Rule("icp_record", "line", re.compile(r"ICP备|ICP证|公网安备|公安备案|备案号|(?:网络视听|新闻|广电节目制作|互联网新闻信息服务)许可证"),
         "ICP/备案 and licence numbers"),
    Rule("site_credits", "line", re.compile(r"^(?:制作单位|主办单位|承办单位|协办单位|技术支持|网站标识码)\s*[：:]"),
         "site credits (制作单位/主办单位…)"),
    # A notice may end with its own address and telephone: only a line holding
    # two contact fields, at the very end, is taken for the site's footer.
    Rule("contact_footer", "tail", re.compile(rf"^{_CONTACT}.*{_CONTACT}"), "site contact footer (地址：…丨邮政编码：…)"),
    Rule("page_stats", "line", re.compile(r"^(?:浏览次数|阅读次数|点击数|阅读量|浏览量|访问量)\s*[：:]\s*\d+\s*$"),
         "page view counters"),
    Rule("page_number", "line", re.compile(
        r"^(?:[-—–·~\s]*\d{1,3}[-—–·~\s]*|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|第[0-9一二三四五六七八九十]{1,3}版(?:\s*[：:].{0,20})?)$"),
         "PDF page numbers and page labels"),
    Rule("jump_marker", "inline", re.compile(r"[（(]\s*(?:下转|上接|紧接|转|接|续)\s*第?\s*[A-Z]?[0-9一二三四五六七八九十]{1,3}\s*版\s*[）)]\s*"),
         "newspaper jump markers (（下转第四版）)"),
    Rule("running_header", "repeated", None, "PDF running headers repeated on every page"),
    Rule("metadata", "metadata", re.compile(rf"^(?:{_KEY})\s*[：:]\s*\S"), "moved to metadata"),
    Rule("licence", "tail_block", re.compile(r"^(?:本作品|本条目|本页面).*(?:公有领域|著作权|版权|许可协议|授权)"),
         "licence block (本作品…公有领域)"),
    Rule("wiki_note", "tail_block", re.compile(r"^(?:本模板|注\s*[：:]\s*中文维基文库)|维基文库|Wikisource"),
         "Wikisource template notes"),
    Rule("licence_flags", "tail", re.compile(r"^(?:Public domain|PD-\S+|CC[- ]BY\S*|false|true|null|undefined)$", re.I),
         "licence flags (Public domain / false)"),
    Rule("dangling_related", "tail", re.compile(r"^(?:相关(?:报道|阅读|新闻|链接|文章|专题)|延伸阅读|推荐阅读|更多(?:报道|阅读|新闻))\s*[：:]?$"),
         "dangling 相关报道："),
)  # fmt: skip
RULE_BY_SCOPE = {scope: [rule for rule in RULES if rule.scope == scope] for scope in {r.scope for r in RULES}}
DATED = re.compile(r"\d|日报|第.{1,3}版")
SENTENCE_PUNCTUATION = re.compile(r"[。！？；，：,;:!?]")


def drop_boilerplate(text: str) -> tuple[str, list[Change]]:
    """Remove every line and span a rule matches; see the module docstring.

    Removing junk can make more junk recognisable (a line that held only
    controls and a jump marker; controls that stood on both sides of a
    copyright line), so the text is read again until nothing changes; each
    round only removes, so it ends.
    """
    return repeat_until_unchanged(_drop_round, text, MAX_ROUNDS)


def _drop_round(text: str) -> tuple[str, list[Change]]:
    lines = text.split("\n")
    folded = text.translate(FOLD).split("\n")  # one translate: FOLD neither makes nor removes line breaks
    removals: dict[int, tuple[str, Rule]] = {}
    edits: dict[int, tuple[str, list[Change]]] = {}
    _cut_inline(lines, folded, removals, edits)
    _mark_lines(lines, folded, removals)
    _mark_controls(lines, folded, removals)
    _mark_running_headers(lines, folded, removals)
    _mark_metadata(lines, folded, removals)
    _mark_tail(lines, folded, removals)
    return _assemble(lines, removals, edits)


def metadata_from_changes(changes) -> dict[str, str]:
    """The metadata this pass moved out of the text (first value of each key wins).

    >>> metadata_from_changes([Change(PASS_NAME, 2, "来源：新华社 时间：2024-01-10", "", "metadata: moved to metadata")])
    {'source': '新华社', 'date': '2024-01-10'}
    """
    found: dict[str, str] = {}
    for change in changes:
        if change.pass_name == PASS_NAME and change.note.startswith("metadata:"):
            for key, value in parse_metadata_line(change.before):
                found.setdefault(key, value)
    return found


def parse_metadata_line(line: str) -> list[tuple[str, str]]:
    """(field, value) pairs of a ``来源：… 时间：…`` line; [] if it is not one.

    >>> parse_metadata_line("來源:西藏日報 丨 作者：张三")
    [('source', '西藏日報'), ('author', '张三')]
    """
    folded = line.translate(FOLD).strip()
    if not re.match(rf"(?:{_KEY})\s*[：:]", folded) or len(folded) > 120:
        return []
    pairs = []
    for match in METADATA_PAIR.finditer(folded):
        key = METADATA_KEYS[match.group(1)]
        value = line.strip()[match.start(2) : match.end(2)].strip(" 丨|｜")
        if not value or len(value) > 40 or (key == "date" and not DATE_VALUE.search(value)):
            return []
        pairs.append((key, value))
    return pairs


def _mark_lines(lines, folded, removals) -> None:
    for i, line in enumerate(folded):
        if line and len(line) <= MAX_BOILERPLATE_LINE and i not in removals:
            rule = next((r for r in RULE_BY_SCOPE["line"] if r.pattern.search(line.strip())), None)
            if rule:
                removals[i] = (lines[i], rule)


def _mark_controls(lines, folded, removals) -> None:
    """Control lines go when they stand two or more in a row (blank lines between allowed)."""
    rule = RULE_BY_SCOPE["controls"][0]
    run: list[int] = []
    for i, line in enumerate(folded + ["END"]):
        if i < len(lines) and (not line.strip() or i in removals):
            continue
        if i < len(lines) and _is_control_line(line, rule):
            run.append(i)
            continue
        strong = [j for j in run if len(CONTROL_WORD.findall(folded[j])) + folded[j].count("【") >= 2]
        for j in run if len(run) >= 2 else strong:
            removals[j] = (lines[j], rule)
        run = []


def _is_control_line(line: str, rule: Rule) -> bool:
    stripped = line.strip()
    return len(stripped) <= 40 and rule.pattern.fullmatch(stripped) is not None


def _mark_running_headers(lines, folded, removals) -> None:
    rule = RULE_BY_SCOPE["repeated"][0]
    counts = Counter(line.strip() for line in folded if 0 < len(line.strip()) <= 40)
    repeated = {line for line, n in counts.items() if n >= 3 and DATED.search(line) and not SENTENCE_PUNCTUATION.search(line)}
    for i, line in enumerate(folded):
        if line.strip() in repeated and i not in removals:
            removals[i] = (lines[i], rule)


def _mark_metadata(lines, folded, removals) -> None:
    """Metadata lines before the HEAD_LINES-th line of text (other junk and metadata not counted)."""
    rule = RULE_BY_SCOPE["metadata"][0]
    seen = 0
    for i, line in enumerate(lines):
        if seen >= HEAD_LINES:
            return
        if i in removals or not line.strip():
            continue
        if rule.pattern.match(folded[i].strip()) and parse_metadata_line(line):
            removals[i] = (line, rule)
        else:
            seen += 1


def _cut_inline(lines, folded, removals, edits) -> None:
    for rule in RULE_BY_SCOPE["inline"]:
        for i, line in enumerate(folded):
            if i in removals or not rule.pattern.search(line):
                continue
            pieces, changes, last = [], [], 0
            for match in rule.pattern.finditer(line):
                pieces.append(lines[i][last : match.start()])
                changes.append(Change(PASS_NAME, i + 1, lines[i][match.start() : match.end()], "", f"{rule.name}: {rule.description}"))
                last = match.end()
            pieces.append(lines[i][last:])
            lines[i] = "".join(pieces)
            folded[i] = lines[i].translate(FOLD)
            if not lines[i].strip():
                lines[i] = ""
            edits[i] = (lines[i], changes)


def _mark_tail(lines, folded, removals) -> None:
    """From the last line backwards, remove tail lines and blocks while one matches."""
    kept = [i for i in range(len(lines)) if i not in removals and lines[i].strip()]
    while kept:
        found = _tail_match(lines, folded, removals, kept)
        if not found:
            return
        indexes, rule = found
        for i in indexes:
            removals[i] = (lines[i], rule)
        del kept[-len(indexes) :]


def _tail_match(lines, folded, removals, kept) -> tuple[list[int], Rule] | None:
    last = kept[-1]
    line = folded[last].strip()
    metadata = RULE_BY_SCOPE["metadata"][0]
    if metadata.pattern.match(line) and parse_metadata_line(lines[last]):
        return [last], metadata
    rule = next((r for r in RULE_BY_SCOPE["tail"] + RULE_BY_SCOPE["tail_block"] if r.pattern.search(line)), None)
    if rule:
        return [last], rule
    for start in range(len(kept) - 2, max(-1, len(kept) - 1 - TAIL_BLOCK_LINES), -1):
        block = kept[start:]
        if _has_blank_between(lines, block[0], block[-1]):
            return None
        joined = "".join(folded[i].strip() for i in block)
        rule = next((r for r in RULE_BY_SCOPE["tail_block"] if r.pattern.search(joined)), None)
        if rule:
            return block, rule
    return None


def _has_blank_between(lines, first: int, last: int) -> bool:
    return any(not lines[i].strip() for i in range(first, last + 1))


def _assemble(lines, removals, edits) -> tuple[str, list[Change]]:
    """Keep the rest. A removed line is not replaced by a blank line, and the
    blank lines on its two sides count as one gap, not two, so that removing
    junk never makes a stronger break than the text had. Blank lines left at
    the end by removed junk go too."""
    changes: list[Change] = []
    out: list[str] = []
    gap = blanks = 0
    removed_after = False
    for i, line in enumerate(lines):
        changes.extend(edits.get(i, ("", []))[1])
        if i in removals:
            original, rule = removals[i]
            note = "metadata: moved to metadata" if rule.scope == "metadata" else f"{rule.name}: {rule.description}"
            changes.append(Change(PASS_NAME, i + 1, original, "", note))
        if i in removals or (i in edits and not line):
            gap, blanks, removed_after = max(gap, blanks), 0, True
        elif not line.strip():
            blanks += 1
        else:
            # At the top, only the text's own blank lines; junk removed there leaves none.
            out.extend([""] * (max(gap, blanks) if out or not removed_after else 0))
            gap = blanks = 0
            removed_after = False
            out.append(line)
    if not removed_after:
        out.extend([""] * blanks)  # the text's own trailing blank lines stay
    return "\n".join(out), changes
