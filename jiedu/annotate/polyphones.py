"""Context rules for the polyphones of official prose that the model gets wrong.

Rules look at the segmentation around a character that no dictionary word
covers (source CHAR) and may fix its reading. Each rule is a small function
``(Context) -> reading | None``; RULES lists them per character, first answer
wins. A character no rule answers is left to the polyphone model.

Why these: the model (trained on CPP, i.e. Wikipedia sentences) reads 为 as
wéi and adverbial 地 as dì nearly always, and V得 complements as dé; in
government reports 为人民服务 (wèi), 紧密地团结 (de) and 开得务实 (de) are
everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jiedu.annotate.chars import HAN
from jiedu.annotate.dictionary import Source

HAN_START_RE = re.compile(f"[{HAN}]")
NUMBER_START_RE = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两几百分之]")
CLAUSE_BREAKS = set("，,。；;：:！!？?、（）()“”\"《》\n")
CLAUSE_STARTS = set("，,。；;：:！!？?、\n")
"""What may come just before a word that opens a clause (not a closing bracket)."""


@dataclass(frozen=True)
class Context:
    """Where a character sits: word `k` of `words`, offset `j` inside it."""

    words: list[str]
    k: int
    j: int

    @property
    def word(self) -> str:
        return self.words[self.k]

    @property
    def alone(self) -> bool:
        """The character is a word by itself."""
        return len(self.word) == 1

    @property
    def prev(self) -> str:
        return self.words[self.k - 1] if self.k > 0 else ""

    @property
    def next(self) -> str:
        return self.words[self.k + 1] if self.k + 1 < len(self.words) else ""

    def clause_before(self) -> list[str]:
        """Words before this one, back to the last clause break."""
        out: list[str] = []
        for word in reversed(self.words[: self.k]):
            if word in CLAUSE_BREAKS:
                break
            out.append(word)
        return out[::-1]

    def clause_after(self) -> list[str]:
        out: list[str] = []
        for word in self.words[self.k + 1 :]:
            if word in CLAUSE_BREAKS:
                break
            out.append(word)
        return out


def is_han_word(word: str) -> bool:
    return bool(word) and HAN_START_RE.match(word) is not None


# --- 为: wéi "be, act as" (以…为…, X为敌) against wèi "for" (为人民服务) -----------

WEI2_NEXT = set("敌 要 大 本 先 准 止 限 例 由 期 题 生 首 荣 耻 伍 伴 邻 友 师 辅 主 重 上 贵 美 乐 戒 鉴 凭 证 据 官 人".split())
WEI4_PREV = set(
    "是 都 就 也 还 又 再 并 而 在 正 正在 将 要 应 应当 应该 必须 能 能够 会 愿 愿意 来 去 不 没有 已 已经 "
    "努力 共同 每年 自觉 专门 积极 主动 切实 真心 真正 竭诚 尽力 全力 坚持 继续 始终 默默 一心 甘愿 "
    "乐于 敢于 直接 亲自 设身处地 多 更 更好 努力 一起 一道 共同努力".split()
)
WEI4_NEXT = set(
    "了 着 人民 群众 人民群众 我们 国家 基层 社会 企业 他们 大家 自己 子孙 职工 老百姓 各族群众 百姓 民 "
    "祖国 党 农民 民众 干部 青年 学生 患者 游客 "
    "反对 保卫 实现 建设 维护 谱写 响应 培养 推动 促进 加快 确保 巩固 争取 完成 全面 进一步 加强".split()
)
WEI4_LATER = set(
    "服务 而 提供 作出 做出 打下 奠定 创造 贡献 争光 担当 减负 解忧 谋 谋福利 积累 司法 增产 节约 履职 "
    "出政绩 擘画 指明 建筑 支付 办实事 办事 排忧解难 保驾护航 助力 铺路 加油 点赞 负责 尽力 奋斗 努力".split()
)


def wei_after_yi(c: Context) -> str | None:
    """以…为…: 以人民为中心, 以习近平新时代…思想为指导."""
    before = c.clause_before()
    if c.alone and "以" in before and "为" not in before[before.index("以") :]:
        return "wéi"
    return None


def wei_copula_next(c: Context) -> str | None:
    """为 before a number (“一九四九年为二万…”) or a bound noun (民生为大, 实干为要)."""
    if c.alone and (c.next in WEI2_NEXT or (c.next and NUMBER_START_RE.match(c.next))):
        return "wéi"
    return None


WEI2_PREV = set(
    "创建 转变 转化 改变 升格 上升 下降 建成 打造 列 确定 认定 命名 改 划 定 选 设 调整 合并 扩建 改建 "
    "晋升 当选 变 化 称 视 奉 誉 尊 推 拜 封 任命 聘 聘任 授予 缩小 扩大 增加 减少 翻译 译 简称 统称".split()
)


def wei_copula_prev(c: Context) -> str | None:
    """为 after a verb of becoming or naming: 创建为国家…示范区, 转变为国家资本主义."""
    return "wéi" if c.alone and c.prev in WEI2_PREV else None


def wei_for(c: Context) -> str | None:
    """为 opening a clause, after an adverb, before a beneficiary or a purpose: wèi."""
    if not c.alone:
        return None
    if not c.prev or c.prev in CLAUSE_STARTS or c.prev in WEI4_PREV or c.next in WEI4_NEXT:
        return "wèi"
    if WEI4_LATER.intersection(c.clause_after()):
        return "wèi"
    return None


# --- 地: adverbial de (紧密地团结) against dì ------------------------------------

DI4_NEXT = set("市 县 区 州 级 方 面 下 上 理 质 铁 产 址 处 带 段 域 税 图 球 貌 层 震 形 势 价 块 皮 毯 板 租 标 名 主 区域".split())


ADVERB_STEMS = set(
    "系统 着重 有效 积极 全面 不断 逐步 深入 充分 认真 切实 扎实 大力 稳步 有序 有力 主动 自觉 更好 更快 "
    "及时 持续 坚决 紧密 迅速 正确 合理 科学 广泛 严格 彻底 明显 显著 大大 极大 很快 创造性 历史性 "
    "系统性 有计划 有步骤 有组织 有重点 有针对性 有系统 高效 精准 统筹 平稳 健康 快速 顺利 圆满 热情 "
    "真正 真心 牢牢 紧紧 深深 默默 静静 好好 慢慢 渐渐 悄悄 一步步 一点点 不停 反复 集中 重点 适当".split()
)


ADVERB_SINGLE = set("快慢狠稳早晚深紧牢细猛静轻悄默真准勇")
"""One-character adjectives that take 地 as adverbs (更快地, 更好地 is 更好|地)."""


def de_adverbial(c: Context) -> str | None:
    """地 between a word of two or more characters and a Han word (紧密地团结), or after an adverb stem (系统地)."""
    after_adverb = len(c.prev) >= 2 or c.prev in ADVERB_SINGLE
    if c.alone and after_adverb and is_han_word(c.prev) and is_han_word(c.next) and c.next[0] not in DI4_NEXT:
        return "de"
    if c.j == len(c.word) - 1 and c.word[:-1] in ADVERB_STEMS:
        return "de"
    return None


# --- 得: complement de (开得务实, 看得见) against dé (得实惠) ----------------------

DE2_NEXT = set("到 实惠 益 利 分 奖 票 胜 手 失 罪 以 知 悉 出 之".split())


DEI3_PREV = set("还 就 总 总是 也 都 又 那 这 才 恐怕 怕 准 终究 迟早 一定".split())
"""Adverbs before a modal 得 (还得再干, 就得改): it means must, děi. Not 可/只/必/非: 可得 (may), 只得
and 志在必得 are dé, and 并非得 is a legal "not … may"."""
DEI3_NOT_NEXT = DE2_NEXT | set("很 太 好 多 少 快 慢 了 着 过 不".split())


def dei_must(c: Context) -> str | None:
    """得 alone between an adverb and a verb is the modal děi (必须, 需要): 还得再干, 就得改。"""
    if c.alone and c.prev in DEI3_PREV and is_han_word(c.next) and c.next not in DEI3_NOT_NEXT:
        return "děi"
    return None


def de_may(c: Context) -> str | None:
    """可得 is "may obtain / may" (可得利益, legal 可得知悉): dé."""
    return "dé" if c.alone and c.prev == "可" else None


def de_complement(c: Context) -> str | None:
    """得 after a one-character verb or adjective, in the same word or alone after it."""
    if c.j == 1 and len(c.word) == 3 and c.word[2] not in DE2_NEXT:
        return "de"
    if c.alone and len(c.prev) == 1 and is_han_word(c.prev) and c.next not in DE2_NEXT:
        return "de"
    if c.alone and len(c.prev) >= 2 and c.next in DE2_NEXT:
        return "dé"
    return None


# --- others -------------------------------------------------------------------

GAN1_NEXT = set("山 净 燥 旱 杯 果 草 粮 涸 枯 瘪 脆 冰")


def gan_do(c: Context) -> str | None:
    """干 alone is the verb gàn (能多干就多干, 一茬接着一茬干), unless a name or 干净-like word goes on."""
    return "gàn" if c.alone and c.next[:1] not in GAN1_NEXT else None


YING1_NOT_NEXT = set("邀 聘 约 召 征 声 试 答 战 变 急 对 用 时 景 付 酬 接 诺 运".split())


def ying_modal(c: Context) -> str | None:
    """应 alone before a verb is the modal yīng (会议应到…, 应予支持)."""
    if c.alone and is_han_word(c.next) and c.next[0] not in YING1_NOT_NEXT:
        return "yīng"
    return None


CHANG2_PREV = set("很 比较 较 太 更 最 越来越 特别 相当 过 这么 那么 多 不 一样 较为 更加 非常".split())
CHANG2_NEXT = set("时期 时间 期 远 久 年 达 约 度 效 短 途 距离 周期 线".split())


def chang_long(c: Context) -> str | None:
    """长 alone meaning long: 一个长时期, 比较长."""
    if c.alone and (c.prev in CHANG2_PREV or c.next in CHANG2_NEXT or c.next in CLAUSE_BREAKS):
        return "cháng"
    return None


SHUAI_NEXT = set("领 团 队 部 众 兵 军 先 代表团 中央 队伍 部队 全体 考察团".split())
SHUAI_NEXT_ENDS = set("军 团 队 部 众 兵")


def lv_rate(c: Context) -> str | None:
    """率 ending a longer word (就业率, 转化率) or alone after a noun: lǜ; 率领 a group: shuài."""
    if c.alone and (c.next in SHUAI_NEXT or c.next[-1:] in SHUAI_NEXT_ENDS):
        return "shuài"
    if (len(c.word) >= 3 and c.j == len(c.word) - 1) or (c.alone and len(c.prev) >= 2):
        return "lǜ"
    return None


CANG2_NEIGHBOURS = set("收 隐 储 蕴 珍 埋 冷 躲 潜 暗 包 掩 窝 馆 典 秘 私 贮 深 所 在 于 着 了 起 匿 身 书 品 有".split())


def zang_tibet(c: Context) -> str | None:
    """藏 outside a dictionary word: in these documents it is Tibet (zàng) unless hiding or storing."""
    before = c.word[c.j - 1] if c.j > 0 else c.prev[-1:]
    after = c.word[c.j + 1] if c.j + 1 < len(c.word) else c.next[:1]
    return None if before in CANG2_NEIGHBOURS or after in CANG2_NEIGHBOURS else "zàng"


def zhong_heavy(c: Context) -> str | None:
    """重 alone before 特大/大/点/要 is zhòng (遏制重特大事故)."""
    return "zhòng" if c.alone and c.next[:1] in ("特", "大", "点", "要") else None


SETTLED_ALONE = frozenset("的和了中大上会好过种区可要都万与说把将还看几比强占听少省边作化色同通委居合发正分更行")
"""Polyphones whose reading as a one-character word is pypinyin's first reading
(的 de, 和 hé, 了 le, 把 bǎ …): on CPP dev the model does no better there (201 v
200 of 208), so it is not asked. Their other readings live in words (的确, 暖和, 了解)."""

OPEN_TO_RULES = (Source.CHAR, Source.CEDICT)
"""Readings a rule may settle: a character no dictionary word covers, or one CC-CEDICT's word gives
(it writes V得C words such as 看得见 with dé)."""

Rule = Callable[[Context], "str | None"]

RULES: dict[str, tuple[Rule, ...]] = {
    "为": (wei_after_yi, wei_copula_next, wei_copula_prev, wei_for),
    "地": (de_adverbial,),
    "得": (dei_must, de_may, de_complement),
    "干": (gan_do,),
    "应": (ying_modal,),
    "长": (chang_long,),
    "率": (lv_rate,),
    "藏": (zang_tibet,),
    "重": (zhong_heavy,),
}


def apply_rules(words: list[str], sources: list[Source | None]) -> dict[int, str]:
    """Readings the rules settle, by position in the sentence (only where no dictionary word did).

    >>> apply_rules(["以", "人民", "为", "中心"], [Source.CHAR] * 5)
    {3: 'wéi'}
    >>> apply_rules(["紧密", "地", "团结"], [Source.PHRASE] * 2 + [Source.CHAR] + [Source.PHRASE] * 2)
    {2: 'de'}
    """
    found: dict[int, str] = {}
    position = 0
    for k, word in enumerate(words):
        for j, char in enumerate(word):
            if char in RULES and sources[position + j] in OPEN_TO_RULES:
                reading = _first_answer(RULES[char], Context(words, k, j))
                if reading:
                    found[position + j] = reading
        position += len(word)
    return found


def _first_answer(rules: tuple[Rule, ...], context: Context) -> str | None:
    for rule in rules:
        reading = rule(context)
        if reading:
            return reading
    return None
