"""What a page says about itself: title, date, source, author, url, description.

Chinese news and government pages print their metadata as labelled lines
(``来源：新华社``, ``发布时间：2024-03-05``, ``作者︱春春``) above or below the
text, and a boilerplate extractor keeps some of them as paragraphs. Those
lines are read into metadata and taken out of the body; so are the edge
lines every such site prints (``责任编辑：…``, ``版权所有``, ``分享到``), but
only when they are short and at the top or bottom of the body, where a
sentence of the text that mentions them never is.
"""

from __future__ import annotations

import re

from ....dates import ROC_DATE, to_iso_date

LABELS = {
    "source": "来源|來源|稿源|出处|出處|文章来源|文章來源",
    "author": "作者|记者|記者|撰文",
    "date": "发布时间|發佈時間|發布時間|发布日期|發佈日期|發布日期|发文日期|發文日期|成文日期|生成日期|发稿时间|發稿時間|更新时间|更新時間|时间|時間|日期",
    "editor": "责任编辑|責任編輯|编辑|編輯|责编|責編|校对|校對|审核|審核|监制|監製",
    "photographer": "摄影|攝影|摄像|攝像",
}
LABEL = re.compile(r"[【\[（(]?(" + "|".join(LABELS.values()) + r")\s*[：:︱|｜]\s*")
SEPARATOR = re.compile(r"\s*(?:(?<!\d)[-–—]|[-–—](?!\d)|[_|｜»]|::|\s@\s)\s*")
"""Between a page title's parts: the story, the blog or channel, the site (``新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家 :: 痞客邦 ::``).
A dash between two digits is a range (``1-10月``), not a separator."""
DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
TIME = re.compile(r"\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?|HKT|GMT|UTC|[+-]\d\d:?\d\d")
EDGE_JUNK = re.compile(
    r"版权所有|版權所有|版权声明|版權聲明|Copyright|©|ICP备|ICP證|ICP证|公网安备|公網安備|网站标识码|網站標識碼"
    r"|分享到|分享至|转播到|轉播到|扫一扫|掃一掃|二维码|二維碼|打印本页|打印本頁|关闭窗口|關閉窗口|返回顶部|返回頂部|收藏本页|【打印】|【关闭】|字号[：:]"
    r"|^点击进入|^點擊進入|^点击查看|^點擊查看|(?:>>|＞＞|》》)$|加入收藏|添加收藏|设为首页|設為首頁"
    r"|^(?:首页|首頁|当前位置|當前位置|您的位置|您现在的位置|您現在的位置)\s*[/>»›：:]|付费会员|付費會員",
    re.IGNORECASE,
)
AD_LABEL = re.compile(r"[【\[（(]?\s*(?:广告|廣告|推广|推廣|赞助内容|贊助內容|Advertisement|ADVERTISEMENT|Sponsored|AD)\s*[】\]）)]?")
"""A line that only says an advertisement stood there (the ad itself is an image or a script)."""
TIME_OF_POSTING = re.compile(r"\s*[（(]\s*\d{1,2}:\d{2}\s*[)）]$")
"""The time a rolling news story was posted, printed after its headline (``… (07:51)``): not part of the title."""
LIST_LABEL = re.compile(
    r"(?:精彩|热点|熱點|相关|相關|延伸|推荐|推薦|更多)?(?:视频|視頻|影片|新闻|新聞|文章|阅读|閱讀)?(?:推荐|推薦|阅读|閱讀|新闻|新聞|文章)"
    r"|猜你喜欢|猜你喜歡|热门排行|熱門排行"
)
"""The label over a list of other stories, all there is left of it at the body's end (精彩视频推荐, 相关阅读)."""
EDITOR_LINE = re.compile(r"^[【\[（(]?\s*(" + LABELS["editor"] + r")\s*[：:︱|｜]")
MAX_META_LINE = 100
MAX_EDGE_JUNK = 60


def iso_date(text: str) -> str | None:
    """The first date in `text` as ISO ``YYYY-MM-DD``.

    >>> iso_date("发布时间：2023年3月8日 10:00"), iso_date("2025.11.28 11:18:13"), iso_date("无"), iso_date("中華民國107年3月13日")
    ('2023-03-08', '2025-11-28', None, '2018-03-13')
    """
    if ROC_DATE.search(text):
        return to_iso_date(text)
    match = DATE.search(text)
    if not match:
        return None
    year, month, day = (int(group) for group in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def labelled_fields(text: str) -> dict[str, str]:
    """The labelled values of one metadata line, by field (the first word of each value).

    >>> labelled_fields("2017-03-10 09:58:03来源：网易科学人作者：责任编辑：肖春芳")
    {'source': '网易科学人', 'editor': '肖春芳'}
    >>> labelled_fields("发稿时间：2017-03-10 08:42:00 来源： 人民日报海外版 中国青年网")
    {'date': '2017-03-10', 'source': '人民日报海外版'}
    >>> labelled_fields("記者：郭詠欣攝影：劉駿軒")["author"]
    '郭詠欣'
    >>> labelled_fields("来源: | 发布时间: 2018-05-17 | 浏览次数:")
    {'date': '2018-05-17'}
    >>> labelled_fields("来源：新华社 作者： 2023-12-01 14:43"), labelled_fields("来源：人民日报2024-05-13")
    ({'source': '新华社'}, {'source': '人民日报'})
    """
    fields: dict[str, str] = {}
    matches = list(LABEL.finditer(text))
    for match, following in zip(matches, [*matches[1:], None]):
        value = text[match.end() : following.start() if following else len(text)].strip(" 　]】)）")
        field = field_of_label(match.group(1))
        value = iso_date(value) if field == "date" else first_word(value)
        if field != "date" and (dated := DATE.search(value)):
            # An empty field (作者：) before the page's unlabelled date: the date is no author; a date run
            # on after the source's name (人民日报2024-05-13) is not part of it.
            value = value[: dated.start()].strip()
        if value and field not in fields:
            fields[field] = value
    return fields


def field_of_label(label: str) -> str:
    return next(field for field, labels in LABELS.items() if label in labels.split("|"))


def first_word(value: str) -> str:
    """The value's first word, or "" when it is only separators (``来源: | 发布时间: …`` has no source).

    >>> first_word("人民日报海外版 中国青年网"), first_word("| "), first_word("")
    ('人民日报海外版', '', '')
    """
    words = [word for word in value.split() if word.strip("|｜/，,;；·:：-–—")]
    return words[0].strip("，,;；|｜") if words else ""


def is_metadata_line(text: str) -> bool:
    """A short line made only of labelled fields (and dates and times): not a sentence of the text.

    A bare date is not one: under a document's issuer it is the document's own date line.

    >>> is_metadata_line("2017-03-10 09:58:03来源：网易科学人作者：责任编辑：肖春芳"), is_metadata_line("作者︱春春")
    (True, True)
    >>> is_metadata_line("来源：国家统计局。全年粮食产量再创新高，达到6.9亿吨以上。")
    False
    """
    if len(text) > MAX_META_LINE or "。" in text:
        return False
    rest = TIME.sub("", DATE.sub("", text))
    labels = list(LABEL.finditer(rest))
    if not labels:
        return False
    values = [rest[m.end() : n.start() if n else len(rest)] for m, n in zip(labels, [*labels[1:], None])]
    return not rest[: labels[0].start()].strip() and all(len(value.split()) <= 3 for value in values)


def is_edge_junk(text: str) -> bool:
    """An editor, copyright, licence or share-button line (short; checked only at the body's edges).

    >>> is_edge_junk("[责任编辑:肖春芳]"), is_edge_junk("扫一扫在手机打开当前页"), is_edge_junk("原标题：他晚于阿姆斯特朗登月")
    (True, True, False)
    >>> is_edge_junk("转播到腾讯微博"), is_edge_junk("精彩视频推荐"), is_edge_junk("相关新闻"), is_edge_junk("新闻")
    (True, True, True, False)
    >>> is_edge_junk("点击进入“文艺星青年”>>"), is_edge_junk("更多>>"), is_edge_junk("点击率")
    (True, True, False)
    >>> is_edge_junk("首頁 / 社會"), is_edge_junk("当前位置：首页 > 新闻"), is_edge_junk("首页设计大赛获奖名单")
    (True, True, False)
    >>> is_edge_junk("您所瀏覽的新聞已過查詢時效。建議您加入中央社付費會員找尋您要的新聞。")
    True
    """
    text = text.strip()
    return bool(EDITOR_LINE.match(text)) or (len(text) <= MAX_EDGE_JUNK and bool(EDGE_JUNK.search(text))) or (
        len(text) >= 4 and LIST_LABEL.fullmatch(text) is not None
    )


def is_ad_label(text: str) -> bool:
    """A block that is only an advertisement's label.

    >>> [is_ad_label(t) for t in ("廣告", "【广告】", "Advertisement", "广告法规定", "禁止虚假广告。")]
    [True, True, True, False, False]
    """
    return AD_LABEL.fullmatch(text.strip()) is not None


def title_candidates(title: str) -> list[str]:
    """The page title and its runs of parts: sites put their name and channel before or after it.

    The parts are split at ``_``, ``-``, ``|``, ``｜``, ``»``, ``::`` and `` @ ``; each run of
    neighbouring parts keeps its own separators, since a headline may hold
    one itself (Hong Kong papers tag a story ``宏福苑五級火｜教育局：…``).

    >>> title_candidates("两会：关注点_教育频道_中国青年网")
    ['两会：关注点_教育频道_中国青年网', '两会：关注点', '两会：关注点_教育频道', '教育频道', '教育频道_中国青年网', '中国青年网']
    >>> "宏福苑五級火｜教育局：停課" in title_candidates("宏福苑五級火｜教育局：停課 - RTHK")
    True
    >>> title_candidates("1-10月德清县固定资产投资结构趋稳趋优-浙江省发展和改革委员会")[1]
    '1-10月德清县固定资产投资结构趋稳趋优'
    """
    cuts = [(match.start(), match.end()) for match in SEPARATOR.finditer(title)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    parts = [index for index in range(len(starts)) if title[starts[index] : ends[index]].strip()]
    if len(parts) < 2:
        return [title]
    runs = [title[starts[first] : ends[last]].strip() for first in parts for last in parts if last >= first]
    return [title, *dict.fromkeys(run for run in runs if run != title)]


def comparable(text: str) -> str:
    """Text reduced for comparing titles: no spaces, no trailing footnote mark.

    >>> comparable("江西省2022年国民经济和社会发展统计公报[1]") == comparable("江西省2022年国民经济和社会发展统计公报")
    True
    """
    return re.sub(r"\s|\u3000|\[\d+\]$", "", text)


def choose_title(title: str, headings: list[str], field: str = "") -> str:
    """The article's title: the article-title field of the page's content system (`field`), which names
    the article alone; else the longest heading of the page that the title (or a run of its parts) matches
    (a channel's name may be one); else the title's first part.

    >>> choose_title("大埔宏福苑五級火｜死亡人數增至94人 (07:51) - 20251128 - 港聞 - 明報新聞網", ["港聞", "大埔宏福苑五級火｜死亡人數增至94人 (07:51)"])
    '大埔宏福苑五級火｜死亡人數增至94人'
    >>> choose_title("浙江省发展和改革委员会-投资运行-1-10月德清县固定资产投资结构趋稳趋优", ["投资运行"], "1-10月德清县固定资产投资结构趋稳趋优")
    '1-10月德清县固定资产投资结构趋稳趋优'
    >>> choose_title("", [], "1-10月德清县固定资产投资结构趋稳趋优")
    '1-10月德清县固定资产投资结构趋稳趋优'
    """
    if len(comparable(field)) >= 4:
        return TIME_OF_POSTING.sub("", field)
    candidates = title_candidates(title.strip())
    wanted = {comparable(candidate) for candidate in candidates}
    matching = [heading for heading in headings if comparable(heading) in wanted]
    if matching:
        return TIME_OF_POSTING.sub("", max(matching, key=lambda heading: len(comparable(heading))))
    parts = [part for part in SEPARATOR.split(title.strip()) if part.strip()]
    return TIME_OF_POSTING.sub("", parts[0] if parts else title.strip())
