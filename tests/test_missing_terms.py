"""The build report's missing terms: formulas are suggested, plain words are not.

Each case is a handful of short documents (sentences written for the test, or
taken from the bench corpus, named there) and what a reader of the report
should see: the formula listed, the plain word not listed, or one ranked above
the other. The segmenter is the build's (jieba's dictionary, HMM off); the
glossary is empty, so nothing is excluded for being known.
"""

from __future__ import annotations

import pytest

from jiedu.annotate.glossary import build_glossary, document_candidates, find_sightings, rank_candidates, rank_missing_terms
from jiedu.annotate.glossary.missing_evidence import candidate_shape, find_cue
from jiedu.annotate.segmenter import build_segmenter


@pytest.fixture(scope="module")
def cut():
    return build_segmenter().cut


def suggested(documents: list[list[str]], cut) -> list[str]:
    glossary = build_glossary([])
    return [term.candidate for term in rank_missing_terms(find_sightings(texts, glossary, cut) for texts in documents)]


@pytest.mark.parametrize(
    "documents, formula",
    [
        pytest.param([["深化“放管服”改革。"], ["推进“放管服”改革，优化营商环境。"]], "放管服", id="quoted-abbreviation"),
        pytest.param([["落实“三去一降一补”（去产能、去库存、去杠杆、降成本、补短板）任务。"]], "三去一降一补", id="expanded"),
        pytest.param([["聚焦“一老一小”提供优质服务。"]], "一老一小", id="paired-halves"),
        pytest.param([["和平共处的五项原则应当成为指导两国关系的原则，五项原则也应当适用于一般国际关系。"]], "五项原则", id="counted-unquoted-twice"),
        pytest.param([["全面推行林长制。"], ["深化落实林长制。"]], "林长制", id="responsibility-system"),
        # bench corpus: gwr-city and gwr-prov reports
        pytest.param([["落实“四个不摘”要求，确保现行标准下农村贫困人口全部脱贫。"]], "四个不摘", id="corpus-four-not-removed"),
        pytest.param([["坚持“房住不炒”定位，完善房地产调控长效机制。"]], "房住不炒", id="corpus-housing-not-speculation"),
        pytest.param([["今年还有一项重要工作，就是编制“十三五”规划。"]], "十三五", id="corpus-plan-period"),
    ],
)
def test_a_formula_is_suggested(documents, formula, cut):
    assert formula in suggested(documents, cut)


@pytest.mark.parametrize(
    "documents, plain",
    [
        pytest.param([["以实际行动树立良好政府形象。", "以实际行动迎接大会召开。"]], "实际行动", id="word-and-scheme-suffix"),
        pytest.param([["加快水利工程建设。", "完成水利工程主体。"]], "水利工程", id="kind-of-project"),
        pytest.param([["行政长官缺位时，应在六个月内产生新的行政长官。", "可在六个月内将法案发回。"]], "六个月内", id="duration"),
        pytest.param([["受托人把两个以上委托人的财产集合管理。", "由两个以上单位共同承担。"]], "两个以上", id="quantity"),
        pytest.param([["认真贯彻党的十八大以来各项部署。", "十八大以来，我们取得了新成就。"]], "十八大以来", id="party-congress"),
        pytest.param([["积极推动长三角一体化发展。", "服务长三角一体化发展大局。"]], "三角一体化", id="inside-a-word"),
        pytest.param([["工业技术改造“十大工程”全面启动。"]], "十大工程", id="count-of-projects"),
        pytest.param([["它任意指定它的所谓“保护”区域。"]], "保护", id="scare-quotes"),
    ],
)
def test_a_plain_word_is_not_suggested(documents, plain, cut):
    assert plain not in suggested(documents, cut)


def test_a_formula_outranks_a_dictionary_word_used_as_widely(cut):
    documents = [["推动社保卡实现“一卡通”，深化“放管服”改革。"]] * 3
    found = suggested(documents, cut)
    assert found.index("放管服") < found.index("一卡通")


def test_documents_count_more_than_repetitions(cut):
    one_report = [["抓好“重点工作”。"] * 10]
    three_reports = [["落实“四上”企业培育。"], ["新增“四上”单位。"], ["“四上”企业达到500家。"]]
    found = rank_missing_terms(find_sightings(texts, build_glossary([]), cut) for texts in one_report + three_reports)
    by_name = {term.candidate: term for term in found}
    assert (by_name["四上"].documents, by_name["重点工作"].documents) == (3, 1)
    assert [term.candidate for term in found].index("四上") < [term.candidate for term in found].index("重点工作")


def test_a_build_keeps_the_first_suggestions_and_counts_them_all(cut):
    documents = [["落实“四上”企业培育，深化“放管服”改革，推广“一网通办”。"], ["新增“四上”单位，推进“放管服”改革。"]]
    candidates = [document_candidates(find_sightings(texts, build_glossary([]), cut)) for texts in documents]
    everything, count = rank_candidates(candidates)
    first_two, same_count = rank_candidates(candidates, 2)
    assert count == same_count == len(everything) >= 3
    assert first_two == everything[:2]


def test_each_suggestion_names_its_documents_with_a_sentence(cut):
    documents = [["前言。"], ["第一句。深化“放管服”改革，优化营商环境。第三句。"], ["推进“放管服”改革。"]]
    term = rank_missing_terms(find_sightings(texts, build_glossary([]), cut) for texts in documents)[0]
    assert term.candidate == "放管服"
    assert [(place.document, place.before, place.after) for place in term.places] == [
        (1, "深化“", "”改革，优化营商环境。"),
        (2, "推进“", "”改革。"),
    ]


@pytest.mark.parametrize(
    "text, end, cue",
    [
        ("落实“三农”(农业、农村、农民)工作", 5, "expansion"),
        ("五项原则:互相尊重主权和领土完整、互不侵犯", 4, "expansion"),
        ("推进“两基”工作", 5, "policy"),
        ("实现“双下降”。", 6, ""),
        ("开展“回头看”(第二轮)", 6, ""),
    ],
)
def test_what_follows_a_term(text, end, cue):
    assert find_cue(text, end) == cue


@pytest.mark.parametrize(
    "candidate, shape",
    [("三去一降一补", "numbered"), ("双控", "numbered"), ("放管服", "abbreviation"), ("营改增", "abbreviation"),
     ("上下", "word"), ("一卡通", "word"), ("社会发展计划", "phrase"), ("三年行动计划", "phrase")],
)
def test_candidate_shapes(candidate, shape, cut):
    assert candidate_shape(candidate, cut) == shape


SESSION_DOCUMENTS = {
    "a": ["落实“四上”企业培育，深化“放管服”改革。"],
    "b": ["新增“四上”单位，推进“放管服”改革。"],
    "c": ["推广“一网通办”，实施“两个一百年”奋斗目标。"],
    "d": ["前言。"],
}

SESSION_EDITS = [
    ("b", ["新增“四上”单位。"], "a document drops a term the others share"),
    ("d", ["推进“放管服”改革，推广“一网通办”。"], "a document takes up terms first seen later"),
    ("a", ["前言。"], "the first document to show a term no longer does"),
    ("c", ["实施“三去一降一补”，落实“四上”企业培育。"], "a term new to the site, and one sighting more"),
    ("a", ["落实“四上”企业培育，深化“放管服”改革。"], "back as it was"),
]


def test_a_serve_session_reranks_after_each_edit_as_a_whole_build_would(cut):
    """`serve` keeps the ranking and takes in only the edited document's candidates; the report must not
    tell the difference."""
    from jiedu.annotate.glossary import SiteRanking

    glossary, documents, ranking = build_glossary([]), dict(SESSION_DOCUMENTS), SiteRanking()
    versions = {name: 0 for name in documents}
    asked: list[int] = []

    def rank():
        candidates = [document_candidates(find_sightings(texts, glossary, cut)) for texts in documents.values()]
        keys = [f"{name}{versions[name]}" for name in documents]
        kept = ranking.rank(keys, lambda number: asked.append(number) or candidates[number], 3)
        assert kept == rank_candidates(candidates, 3)
        assert ranking.rank(keys, candidates.__getitem__) == rank_candidates(candidates)

    rank()
    for name, texts, _ in SESSION_EDITS:
        documents[name], versions[name] = texts, versions[name] + 1
        asked.clear()
        rank()
        assert asked == [list(documents).index(name)]  # only the edited document's candidates were read
    documents["e"], versions["e"] = ["深化“放管服”改革。"], 0  # a document added: everything is grouped again
    rank()


def test_a_build_that_fails_while_reranking_leaves_the_next_one_a_whole_ranking(cut):
    from jiedu.annotate.glossary import SiteRanking

    glossary, ranking = build_glossary([]), SiteRanking()
    candidates = [document_candidates(find_sightings(texts, glossary, cut)) for texts in SESSION_DOCUMENTS.values()]
    ranking.rank("abcd", candidates.__getitem__)

    def unreadable(number):
        raise OSError("the cache entry could not be read")

    edited = candidates[:3] + [document_candidates(find_sightings(["推进“放管服”改革，推广“一网通办”。"], glossary, cut))]
    with pytest.raises(OSError):
        ranking.rank("abcD", unreadable)
    assert ranking.rank("abcD", edited.__getitem__) == rank_candidates(edited)
