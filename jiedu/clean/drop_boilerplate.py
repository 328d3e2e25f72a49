"""Pass `drop_boilerplate`: the website, the PDF and the licence, not the document.

Every kind of junk is one named `Rule` in `RULES`; to handle a new site, add a
rule. A rule's `scope` says where it looks:

- ``line``: a whole line matching `pattern` is removed, anywhere;
- ``shape``: a line that is nothing but one thing a reader cannot read (a bare
  URL or e-mail address, a base64 blob, a rule of ``=====``, a button label
  such as ``分享到微信`` or ``打印本页``), matched whole, at any length; the
  same things inside a sentence stay;
- ``inline``: each match of `pattern` is cut out of its line (jump markers);
- ``controls``: page controls (下载/打印/字号…) matching `pattern`, removed when
  two or more stand in a row or one line holds several, so that a lone word
  that happens to be a control name survives;
- ``repeated``: a running header: the same short line with a date or page
  number in it, three or more times; and a tool's note: the same bracketed
  line three or more times with only its numbers changed
  (``（完整HTML内容已保存，长度: 81699 字符）``, ``（第 3 页）``), unless it holds a date;
- ``metadata``: ``来源：西藏日报`` / ``时间：2026-02-12`` lines among the first
  lines or at the end are removed from the text and *moved* to the document's
  metadata: `metadata_from_changes` gives them back to the caller; so is a
  line that is only a date written in figures (``1995-12-22``, ``2024/3/5 10:22``)
  as the first or second line of text: a site's or database's date field;
- ``toc``: a table of contents before the body: three or more short lines in
  a row, each repeating a line that comes later (the headings it lists), with
  the 目录 line above them; one numbered entry between two such lines belongs
  to the run though it repeats nothing (two entries run together,
  ``第二章 仲裁委员会和仲裁协会第三章 仲裁协议``); ``toc_remnant``: a contents title whose entries
  are gone or mangled (a PDF's dot-leader lines dropped by its reader, entries
  run together or flattened into one line), with those remnants;
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

from ..charclass import count_han
from ..model import Block, BlockKind, Change
from .line_shapes import is_data_cell, numbered_prefix
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
_TRADITIONAL = "專爲為於們體關減擊辦務華協單發號聽團圖聲處備復審幫廣庫張掃護報數時術權條來標瀏點電碼簡緊糾經絡續維編縮網聯節薦見視覽認議訊記許論設訪證評識話語讀責贊轉載輯還郵鏈錯閉問間聞閱閲隱頁頂領題饋繫係製佈錄"
_SIMPLIFIED = "专为为于们体关减击办务华协单发号听团图声处备复审帮广库张扫护报数时术权条来标浏点电码简紧纠经络续维编缩网联节荐见视览认议讯记许论设访证评识话语读责赞转载辑还邮链错闭问间闻阅阅隐页顶领题馈系系制布录"
FOLD = str.maketrans(_TRADITIONAL, _SIMPLIFIED)

METADATA_KEYS = {
    "来源": "source", "本文来源": "source", "文章来源": "source", "信息来源": "source", "稿件来源": "source", "稿源": "source", "出处": "source",
    "时间": "date", "发布时间": "date", "发布日期": "date", "日期": "date", "发表时间": "date",
    "作者": "author", "记者": "author", "撰稿": "author",
    "编辑": "editor", "责任编辑": "editor", "责编": "editor", "编审": "editor",
}  # fmt: skip
_KEY = "|".join(sorted(METADATA_KEYS, key=len, reverse=True))
# A date field must hold a year: "时间：上午9时" in a notice is text, not metadata.
DATE_VALUE = re.compile(r"\d{4}|[〇零一二三四五六七八九]{4}年")
_FIGURES_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
BARE_DATE = re.compile(rf"{_FIGURES_DATE}(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?")
TRAILING_DATE = re.compile(r"\s(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
"""A date after a source's or author's name, set apart by a space, at the end of its value."""
BARE_DATE_LINES = 2
"""A line that is only a date is metadata when it is the first or second line of text (under a title)."""
METADATA_PAIR = re.compile(rf"({_KEY})\s*[：:]\s*(.*?)\s*(?=[丨|｜]?\s*(?:{_KEY})\s*[：:]|$)")
_CONTROL_WORDS = "打印本页|关闭窗口|返回顶部|分享到|扫一扫|二维码|复制链接|语音播报|听新闻|下载|打印|全屏|收藏|分享|关闭|返回|字号|字体|加大|还原|减小|放大|缩小|默认|纠错|评论|点评|留言|论坛|网摘|手机|点赞|推荐|朗读|繁体|简体|微信|微博|大|中|小"
_CONTROL_MARKS = r"[【】\[\]：:|丨｜/·\s]"
CONTROL_WORD = re.compile(_CONTROL_WORDS)
# Button and link labels of Chinese sites: a UI verb with its object or
# destination (分享到微信, 收藏到AliceBox, 打印本页, 返回顶部, 点击查看大图,
# 扫一扫在手机打开当前页). Unlike a lone control word (打印, 关闭), each of
# these names a control on its own, so one such line is enough.
_UI_DESTINATION = r"(?:[A-Za-z][\w ]{0,15}|微信(?:好友|朋友圈)?|朋友圈|(?:新浪|腾讯)?微博|QQ空间|豆瓣|人人网|开心网|手机|邮箱|好友|[：:])"
_UI_PHRASE = (
    rf"(?:分享|收藏|转发|发送|推送)(?:到|至)\s*{_UI_DESTINATION}"
    r"|(?:点击|点此|单击|轻触)(?:查看|进入|下载|播放|阅读|收听|打开|这里|此处|放大|关注|订阅|登录|返回)(?:大图|原图|原文|全文|详情|更多|专题|附件)?"
    r"|(?:打印|关闭|返回|查看|阅读|浏览|下载|保存)(?:本页|此页|本文|全文|原文|窗口|页面|顶部|首页|上一页|下一页|列表|更多|详情|附件|文章|全部)"
    r"|(?:用?(?:微信|手机))?扫(?:一扫|码|描二维码)(?:在手机上?(?:打开|阅读|浏览)(?:当前页|本页|本文)?|关注|分享|下载|阅读|收听|观看)?"
    r"|长按(?:识别)?二维码(?:关注)?|加入收藏|设为首页|我要(?:纠错|打印|分享|收藏|评论)"
)
# Labels that name the page's own link (原文链接：https://…); 网址：… in a notice is text.
_LINK_LABEL = r"(?:(?:原文|本文|文章|来源|转载|分享)(?:链接|地址|网址)|链接|URL)"
# Han text after a link is a sentence that mentions it: not part of the URL.
_URL = r"(?:https?://|ftp://|www\.)[^\s<>\"'“”（）()，。\u4e00-\u9fff]+"
_CONTACT = r"(?:地址|邮政编码|邮编|联系电话|电话|传真|电子邮箱)\s*[：:]"


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of boilerplate."""

    name: str
    """Short name shown in the build report, e.g. "copyright"."""
    scope: str
    """Where it applies: line, shape, inline, controls, repeated, metadata, tail, tail_block."""
    pattern: re.Pattern | None
    """Matched against a folded line; for tail blocks, against the block's lines joined."""
    description: str
    """What it removes, in a few words, for the report."""


RULES: tuple[Rule, ...] = (
    Rule("page_controls", "controls", re.compile(rf"(?:{_CONTROL_WORDS}|{_CONTROL_MARKS})+"),
         "web page controls (下载/打印/全屏/收藏/【字号：…】)"),
    Rule("url_line", "shape", re.compile(rf"(?:{_LINK_LABEL}\s*[：:]\s*)?[<(（\[]?{_URL}[>)）\]]?"),
         "a line that is only a URL (a link the page printed, not text)"),
    Rule("email_line", "shape", re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
         "a line that is only an e-mail address"),
    Rule("data_blob", "shape", re.compile(r"(?:data:[\w/+.-]+;base64,)[A-Za-z0-9+/=\s]*|(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=\D*\d)[A-Za-z0-9+/=]{40,}"),
         "an embedded image or base64 blob"),
    Rule("rule_line", "shape", re.compile(r"[=\-*_—–~─━═＝－＊＿·•.。…\s]*(?:([=\-*_—–~─━═＝－＊＿])\1{2,})[=\-*_—–~─━═＝－＊＿\s]*"),
         "a horizontal rule (=====, -----, ———)"),
    Rule("ui_label", "shape", re.compile(rf"(?=.{{1,40}}$){_CONTROL_MARKS}*(?:{_UI_PHRASE})(?:{_UI_PHRASE}|{_CONTROL_WORDS}|{_CONTROL_MARKS})*"),
         "a button or link label (分享到微信/打印本页/返回顶部)"),
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
    Rule("table_continued", "line", re.compile(r"^(?:续表|续上表|接上表|续前表)\s*\S{0,12}$"), "continued-table labels (续上表)"),
    Rule("jump_marker", "inline", re.compile(r"[（(]\s*(?:下转|上接|紧接|转|接|续)\s*第?\s*[A-Z]?[0-9一二三四五六七八九十]{1,3}\s*版\s*[）)]\s*"),
         "newspaper jump markers (（下转第四版）)"),
    Rule("running_header", "repeated", None, "PDF running headers repeated on every page"),
    Rule("repeated_note", "repeated", None, "the same bracketed note, only its numbers changed, three or more times (a crawler's 长度: N 字符)"),
    Rule("table_of_contents", "toc", None, "a table of contents repeating the headings below it"),
    Rule("contents_remnant", "toc_remnant", None, "a contents title and what is left of its entries"),
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
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)|【[^【】]*】|\[[^\[\]]*\]")
NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
DATE = re.compile(rf"\d\s*[年月日]|{_FIGURES_DATE}|\d{{1,2}}:\d{{2}}")
MAX_NOTE = 60
# A page number set off from a running head's title: ·134·连云港市志, 2584·.连云港市志·方言, 连云港市志 135.
_SEP = r"[\s·•.．\-—|]"
PAGE_HEAD = re.compile(rf"[·•\-—\s]*\d{{1,4}}{_SEP}+(?P<head>\D.*)|(?P<tail>.*\D){_SEP}+\d{{1,4}}[·•\-—\s]*")
# Middle dots around a page number are a printed book's page-number style, even on a page of its own.
PAGE_NUMBER_DOTS = re.compile(r"^[·•]\d{1,4}[·•]|^\d{1,4}[·•][.．]|[·•]\d{1,4}[·•]$")
MIN_TOC_LINES = 3
MAX_TOC_LINE = 40
TOC_LEADER = re.compile(r"(?:[.…·．-]{2,}|\s)\d{1,4}$|[.…·．]{2,}$")
TOC_TITLE = re.compile(r"目录|目次|Contents|CONTENTS|Table of Contents", re.I)
CONTENTS_TITLES = re.compile(r"(?:(?:表|图|插图|附表|附图)?(?:目录|目次)|tableofcontents|contents|listof(?:tables|figures|illustrations))+", re.I)
"""A line (`toc_key`: no spaces) that is only contents titles: 目录, 表目录, 图目录, List of Tables…,
perhaps printed twice over by a PDF (目录目录)."""
CONTENTS_REMNANT = re.compile(r"[.…·．]{2,}\s*\d{1,4}(?!\d)|目录|目次")
"""What shows a line among contents titles to be left of their entries: a dot leader and page number
inside it (two entries run together), or another contents title run into it…"""
CHAPTER_NUMBER = re.compile(r"第[一二三四五六七八九十百零〇\d]{1,4}[章节篇部编]")
"""… or three chapter or section numbers (the entries flattened into one line)."""
SENTENCE_END = re.compile(r"[。！？]")


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
    _mark_shapes(lines, folded, removals)
    _mark_controls(lines, folded, removals)
    _mark_running_headers(lines, folded, removals)
    _mark_page_number_runs(lines, folded, removals)
    _mark_repeated_notes(lines, folded, removals)
    _mark_table_of_contents(lines, folded, removals)
    _mark_contents_remnants(lines, folded, removals)
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
    >>> parse_metadata_line("1995-12-22")
    [('date', '1995-12-22')]
    >>> parse_metadata_line("来源：新华网\u00a0\u00a02020年06月02日 ")
    [('source', '新华网'), ('date', '2020年06月02日')]
    """
    if BARE_DATE.fullmatch(line.strip()):
        return [("date", line.strip())]
    folded = line.translate(FOLD).strip()
    if not re.match(rf"(?:{_KEY})\s*[：:]", folded) or len(folded) > 120:
        return []
    pairs = []
    for match in METADATA_PAIR.finditer(folded):
        key = METADATA_KEYS[match.group(1)]
        value = line.strip()[match.start(2) : match.end(2)].strip(" 丨|｜")
        if not value or len(value) > 40 or (key == "date" and not DATE_VALUE.search(value)):
            return []
        if key != "date" and (dated := TRAILING_DATE.search(value)) and dated.start() > 0:
            pairs += [(key, value[: dated.start()].strip()), ("date", dated.group().strip())]  # 来源：新华网 2020年06月02日
            continue
        pairs.append((key, value))
    return pairs


def _mark_lines(lines, folded, removals) -> None:
    for i, line in enumerate(folded):
        if line and len(line) <= MAX_BOILERPLATE_LINE and i not in removals:
            rule = next((r for r in RULE_BY_SCOPE["line"] if r.pattern.search(line.strip())), None)
            if rule and not (rule.name == "page_number" and _is_among_cells(folded, i)):
                removals[i] = (lines[i], rule)


def _is_among_cells(folded, index: int) -> bool:
    """A bare number beside a table cell is a cell too: page numbers stand alone (10 / 11 / 12 are months)."""
    neighbours = (_nearest_text(folded, index, -1), _nearest_text(folded, index, 1))
    return any(line is not None and is_data_cell(line.strip()) for line in neighbours)


def _nearest_text(folded, index: int, step: int) -> str | None:
    j = index + step
    while 0 <= j < len(folded) and not folded[j].strip():
        j += step
    return folded[j] if 0 <= j < len(folded) else None


def _mark_shapes(lines, folded, removals) -> None:
    """Lines that are wholly a URL, an address, a blob, a rule or a button label, however long."""
    for i, line in enumerate(folded):
        stripped = line.strip()
        if stripped and i not in removals:
            rule = next((r for r in RULE_BY_SCOPE["shape"] if r.pattern.fullmatch(stripped)), None)
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


def control_row_changes(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Change]]:
    """Table rows of page controls only go (a toolbar laid out as a table: ``【字号 大 中 小】 | 打印 | 留言 | 纠错``):
    every cell a control line, and two or more control words of two or more characters in the row (not a table of 大/中/小).

    >>> rows = (Block(BlockKind.TABLE_ROW, "", cells=("【字号 大 中 小】", "打印", "留言", "纠错")), Block(BlockKind.TABLE_ROW, "", cells=("大", "中")),
    ...         Block(BlockKind.TABLE_ROW, "", cells=("打印", "2")))
    >>> [row.cells for row in control_row_changes(rows)[0]]
    [('大', '中'), ('打印', '2')]
    """
    rule = RULE_BY_SCOPE["controls"][0]
    kept, changes = [], []
    for block in blocks:
        cells = [cell.translate(FOLD) for cell in block.cells if cell.strip()] if block.kind is BlockKind.TABLE_ROW else []
        if cells and all(_is_control_line(cell, rule) for cell in cells) and sum(len(word) > 1 for cell in cells for word in CONTROL_WORD.findall(cell)) >= 2:
            changes.append(Change(PASS_NAME, block.line, "\t".join(block.cells), "", f"{rule.name}: {rule.description}"))
        else:
            kept.append(block)
    return tuple(kept), changes


def _is_control_line(line: str, rule: Rule) -> bool:
    stripped = line.strip()
    return len(stripped) <= 40 and rule.pattern.fullmatch(stripped) is not None


def _mark_running_headers(lines, folded, removals) -> None:
    """Running heads: the same short dated line three times, a title whose page number changes, a ·134· head."""
    rule = RULE_BY_SCOPE["repeated"][0]
    short = [(i, line.strip()) for i, line in enumerate(folded) if 0 < len(line.strip()) <= 40 and i not in removals]
    counts = Counter(line for _, line in short)
    repeated = {line for line, n in counts.items() if n >= 3 and _is_header_text(line) and DATED.search(line)}
    numbered = Counter(_page_head_title(line) for line in counts)  # distinct lines per title
    for i, line in short:
        title = _page_head_title(line)
        if line in repeated or (title and numbered[title] >= 2) or (title and PAGE_NUMBER_DOTS.search(line)):
            removals[i] = (lines[i], rule)


BARE_NUMBER = re.compile(r"[-—–·~\s]*(\d{1,5})[-—–·~\s]*")
PAGE_GAP = 8
"""Page numbers stand a page apart: consecutive ones at least this many lines from each other."""


def _mark_page_number_runs(lines, folded, removals) -> None:
    """Bare numbers that count up by one, a page apart, three or more: page numbers of any length
    (a Hansard's 5035, 5036, 5037), which the line rule leaves alone past three digits (a year).
    Other bare numbers between them (a year, a table's cell) do not break the count."""
    rule = RULE_BY_SCOPE["line"][[r.name for r in RULE_BY_SCOPE["line"]].index("page_number")]
    chains: dict[int, list[int]] = {}
    """The number a chain waits for next -> the lines of the chain so far."""
    for i, line in enumerate(folded):
        match = BARE_NUMBER.fullmatch(line.strip()) if i not in removals else None
        if match is None:
            continue
        value = int(match.group(1))
        chain = chains.get(value)
        if chain is not None and i - chain[-1] >= PAGE_GAP:
            del chains[value]
            chain.append(i)
        else:
            chain = [i]  # too near the chain waiting for it (a table's cell): the chain waits on
        chains.setdefault(value + 1, chain)
    for chain in chains.values():
        if len(chain) >= 3:
            for i in chain:
                removals[i] = (lines[i], rule)


def _mark_repeated_notes(lines, folded, removals) -> None:
    """A tool's note, repeated with other numbers: see the module docstring.

    Its numbers must differ between the copies: the same bracketed line repeated
    as it is (a digest's （图片来源：新华社）) may be the text's own.
    """
    rule = RULE_BY_SCOPE["repeated"][1]
    notes = [(i, line.strip()) for i, line in enumerate(folded) if i not in removals and 0 < len(line.strip()) <= MAX_NOTE]
    notes = [(i, line) for i, line in notes if BRACKETED.fullmatch(line) and NUMBERS.search(line) and count_han(line) >= 2 and not DATE.search(line)]
    copies: dict[str, list[str]] = {}
    for _, line in notes:
        copies.setdefault(NUMBERS.sub("0", line), []).append(line)
    for i, line in notes:
        same = copies[NUMBERS.sub("0", line)]
        if len(same) >= 3 and len(set(same)) >= 2:
            removals[i] = (lines[i], rule)


def _is_header_text(line: str) -> bool:
    """Words as well as numbers (a repeated table cell, ``7月``, is no header) and no sentence."""
    return count_han(line) >= 2 and not SENTENCE_PUNCTUATION.search(line)


def _page_head_title(line: str) -> str:
    """The title of a running head with a page number at its start or end, set off by a dot or space; "" if none.

    >>> _page_head_title("·134·连云港市志自然环境"), _page_head_title("·136·连云港市志·自然环境"), _page_head_title("第1季度")
    ('连云港市志自然环境', '连云港市志自然环境', '')
    """
    match = PAGE_HEAD.fullmatch(line)
    if not match or not _is_header_text(line):
        return ""
    title = re.sub(r"[\s·•.．\-—|]", "", match.group("head") or match.group("tail"))
    return title if count_han(title) >= 3 else ""


def _mark_table_of_contents(lines, folded, removals) -> None:
    """Runs of `MIN_TOC_LINES` short lines that each come again later; see the module docstring."""
    rule = RULE_BY_SCOPE["toc"][0]
    last_seen = {toc_key(line): i for i, line in enumerate(folded) if 0 < len(line.strip()) <= MAX_TOC_LINE}
    run: list[int] = []
    unmatched: list[int] = []  # a numbered entry whose heading is not printed as the entry is (two run together)
    for i, line in enumerate(folded + ["。"]):
        if i < len(lines) and (not line.strip() or i in removals):
            continue
        key = toc_key(line)
        if i < len(lines) and _is_toc_entry(line) and last_seen.get(key, i) > i:
            run += unmatched
            run.append(i)
            unmatched = []
            continue
        if run and not unmatched and i < len(lines) and _is_toc_entry(line) and numbered_prefix(line.strip()):
            unmatched.append(i)
            continue
        unmatched = []
        heading = _line_before(lines, removals, run[0]) if run else None
        titled = heading is not None and TOC_TITLE.fullmatch(toc_key(folded[heading])) is not None
        # Headings, not a table's header cells repeated on its next page (月份 / 项目).
        if len(run) >= MIN_TOC_LINES and (titled or 2 * sum(1 for j in run if numbered_prefix(folded[j].strip())) >= len(run)):
            for j in run + ([heading] if titled else []):
                removals[j] = (lines[j], rule)
        run = []


def _mark_contents_remnants(lines, folded, removals) -> None:
    """A contents title whose entries went before this pass (a PDF reader drops lines with dot
    leaders and page numbers) or are mangled: the run that starts with it of title lines and of
    lines that are what is left of entries (`CONTENTS_REMNANT`, `CHAPTER_NUMBER`, `_lists_a_later_heading`;
    no sentence ends)."""
    rule = RULE_BY_SCOPE["toc_remnant"][0]
    i = 0
    while i < len(lines):
        if i in removals or not 0 < len(folded[i].strip()) <= MAX_TOC_LINE or not CONTENTS_TITLES.fullmatch(toc_key(folded[i])):
            i += 1  # a title line is short: the long ones, most lines, need no regular expression
            continue
        run, j = [i], i + 1
        while j < len(lines):
            line = folded[j]
            if line.strip() and j not in removals:
                compact = re.sub(r"\s", "", line)
                remnant = CONTENTS_REMNANT.search(compact) or len(CHAPTER_NUMBER.findall(compact)) >= 3 or _lists_a_later_heading(folded, j)
                if not (CONTENTS_TITLES.fullmatch(toc_key(line)) or (remnant and not SENTENCE_END.search(compact))):
                    break
                run.append(j)
            j += 1
        for k in run:
            removals[k] = (lines[k], rule)
        i = j


def _lists_a_later_heading(folded: list[str], index: int) -> bool:
    """A chapter or section entry whose heading comes later, perhaps longer (the entry's end was wrapped
    onto a line its reader dropped: ``第一章 刑法的任务、基本原则和适用范`` for ``…适用范围``)."""
    key = toc_key(folded[index])
    if not CHAPTER_NUMBER.match(key) or len(key) > MAX_TOC_LINE:
        return False
    return any(toc_key(line).startswith(key) for line in folded[index + 1 :] if len(line) < 2 * MAX_TOC_LINE)


def _is_toc_entry(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= MAX_TOC_LINE and count_han(stripped) >= 2 and not SENTENCE_PUNCTUATION.search(stripped)


def toc_key(line: str) -> str:
    """A contents line and its heading compare equal: no spaces, no dot leaders or page numbers.

    >>> toc_key("第一章　总　　纲…………3"), toc_key("目　录")
    ('第一章总纲', '目录')
    """
    return TOC_LEADER.sub("", re.sub(r"\s", "", line))


def _line_before(lines, removals, index: int) -> int | None:
    return next((j for j in range(index - 1, -1, -1) if lines[j].strip() and j not in removals), None)


def _mark_metadata(lines, folded, removals) -> None:
    """Metadata lines before the HEAD_LINES-th line of text (other junk and metadata not counted)."""
    rule = RULE_BY_SCOPE["metadata"][0]
    seen = 0
    for i, line in enumerate(lines):
        if seen >= HEAD_LINES:
            return
        if i in removals or not line.strip():
            continue
        if (rule.pattern.match(folded[i].strip()) and parse_metadata_line(line)) or (seen < BARE_DATE_LINES and BARE_DATE.fullmatch(line.strip())):
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
