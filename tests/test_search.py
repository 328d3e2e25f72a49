"""Full-text search (jiedu.search): the index built from the sample site, queried as the browser queries it.

Expectations come from reading the two sample documents: 长治久安 is printed on
two lines of the Traditional report (長治久安) and six of the Simplified
newspaper page; 四件大事 (sì jiàn dà shì) once in the report and five times in
the paper.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from jiedu.search.keys import decode_numbers, encode_numbers, fold_text, phrase_keys, shard_of, without_transparent
from jiedu.search.merge import SHARD_BYTES
from jiedu.search.pinyin import query_syllables
from jiedu.search.query import SiteIndex, fold_query
from jiedu.search.readings import codes_of, reading_exceptions, usual_codes

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
REPORT = "xizang-2025-government-work-report-tasks"
PAPER = "xizang-ribao-2024-01-congress-closes"


@pytest.fixture(scope="module")
def index(built_site) -> SiteIndex:
    site, _ = built_site
    return SiteIndex.read(site)


def every_record(index: SiteIndex):
    """(document, record) -> its Simplified text, read from every text file: the brute-force side."""
    return {(number, record): index.simplified(number, record) for number, entry in enumerate(index.meta["documents"]) for record in range(entry[5])}


def documents_of(index: SiteIndex, found) -> dict[str, int]:
    counts: dict[str, int] = {}
    for document, _ in found:
        slug = index.meta["documents"][document][0]
        counts[slug] = counts.get(slug, 0) + 1
    return counts


@pytest.mark.parametrize("query", ["长治久安", "長治久安", "changzhijiuan", "chang zhi jiu an", "cháng zhì jiǔ ān"])
def test_a_phrase_in_either_script_or_in_pinyin_finds_it_in_both_documents(index, query):
    assert documents_of(index, index.search(query)) == {REPORT: 2, PAPER: 6}


@pytest.mark.parametrize("query", ["四件大事", "四件大事", "sijiandashi", "si jian da shi", "sì jiàn dà shì", "si4 jian4 da4 shi4", "SiJianDaShi"])
def test_every_spelling_of_a_term_finds_the_same_paragraphs(index, query):
    assert documents_of(index, index.search(query)) == {REPORT: 1, PAPER: 5}


@pytest.mark.parametrize("query", ["sì jiàn dà shí", "si4 jian3 da4 shi4"])
def test_a_wrong_tone_finds_nothing(index, query):
    assert index.search(query) == {}


@pytest.mark.parametrize("query", ["藏", "長治久安", "发展", "高质量发展", "自治区党委", "2024年", "２０２４年", "“四件大事”聚力", "十四五",
                                   "十四五规划", "四件大事聚力四个创建", "“十四五”规划目标"])
def test_search_finds_exactly_the_records_whose_text_holds_the_query(index, query):
    """Holds it when both are read without quotation and title marks (keys.TRANSPARENT): readers type 十四五规划
    for “十四五”规划, and a quoted query finds the words unquoted too."""
    phrase = without_transparent(fold_query(query, index.fold))
    expected = {place for place, text in every_record(index).items() if phrase in without_transparent(fold_query(text, index.fold))}
    assert expected and set(index.search(query)) == expected


def test_a_phrase_the_text_quotes_inside_is_found_and_marked_with_its_quotes(index):
    found = index.search("十四五规划")
    assert found
    for (document, record), spans in found.items():
        text = index.simplified(document, record)
        assert {text[start:end] for start, end in spans} == {"十四五”规划"}


@pytest.mark.parametrize(("query", "marked"), [("记者郑璐", "记者 郑璐"), ("记者 郑璐", "记者 郑璐"), ("落实切实", "落实 切实")])
def test_a_phrase_typed_without_the_spaces_the_text_sets_inside_is_found_and_marked_with_them(index, query, marked):
    """A byline's space (记者 郑璐), an article number's (第一条 为了): readers type the words without it."""
    found = index.search(query)
    assert len(found) == 1
    for (document, record), spans in found.items():
        text = index.simplified(document, record)
        assert {text[start:end] for start, end in spans} == {marked}


def test_full_width_signs_and_digits_find_their_ascii_spelling_and_back(index):
    """A percent sign typed full width (５％, as an IME may) finds 5%; the bench corpus writes ％ for one in seven."""
    found = index.search("增长8%以上")
    assert found and index.search("增长８％以上") == found


def test_a_found_span_is_the_query_in_the_records_own_text(index):
    for (document, record), spans in index.search("长治久安").items():
        text = index.record(document, record)[3]
        assert {text[start:end] for start, end in spans} <= {"长治久安", "長治久安"}


def test_links_point_at_the_paragraph_anchor_of_a_page_that_has_it(index, built_site):
    site, _ = built_site
    for document, record in index.search("四件大事"):
        href = index.record(document, record)[0]
        page, _, anchor = href.partition("#")
        html = (site / index.meta["documents"][document][0] / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html


def test_index_files_stay_small(index, built_site):
    site, _ = built_site
    files = list((site / "search" / "index").glob("*.js"))
    assert len(files) == index.meta["shards"]
    assert max(path.stat().st_size for path in files) < 4 * SHARD_BYTES
    assert max(path.stat().st_size for folder in (site / REPORT, site / PAPER) for path in folder.glob("search-*.js")) < 20_000


@pytest.mark.parametrize(("numbers", "encoded"), [([0], ">"), ([0, 1, 5], ">?B"), ([63], "~"), ([64], "#>"), ([1000], "2g"), ([64 * 26], "#!>")])
def test_numbers_are_written_as_gaps_in_few_letters(numbers, encoded):
    assert encode_numbers(numbers) == encoded
    assert decode_numbers(encoded) == numbers


@pytest.mark.parametrize(("text", "readings", "exceptions"), [
    ("四件大事", ("sì", "jiàn", "dà", "shì"), ""),  # every character read the usual way: nothing stored
    ("行长说：", ("háng", "zhǎng", "shuō", None), "0hang2"),  # 行 is usually xíng
    ("为了", ("wèi", "le"), ""),
    ("成为", ("chéng", "wéi"), "1wei2"),
    ("A股", ("a", "gǔ"), "0a5"),  # a reading where none is usual
    ("的确", (None, "què"), "0."),  # no reading where one is usual
])
def test_text_files_keep_only_the_readings_that_are_not_the_usual_ones(text, readings, exceptions):
    from jiedu.search.readings import reading_code

    usual = usual_codes()
    assert reading_exceptions(text, readings, usual) == exceptions
    assert codes_of(text, exceptions, usual) == [reading_code(r) if r else "." for r in readings]


def test_punctuation_has_no_keys_but_phrases_around_it_are_found(index):
    keys = {key for number in range(index.meta["shards"]) for key in _jsonp_keys(index, number)}
    assert "四件" in keys and not any(mark in key for key in keys for mark in "。，、“”")
    assert documents_of(index, index.search("“四件大事”")) == {REPORT: 1, PAPER: 5}


def _jsonp_keys(index: SiteIndex, number: int) -> list[str]:
    from jiedu.search.query import _jsonp

    return _jsonp(index.shard_path(number), 1).split(",")[::2]


@pytest.mark.parametrize(("query", "cuts"), [
    ("sijiandashi", {"si ji an da shi", "si jian da shi"}),
    ("xian", {"xi an", "xian"}),
    ("sì jiàn", {"si4 jian4"}),
    ("sìjiàn", {"si4 jian4"}),
    ("lüse", {"lv se"}),
    ("nv3", {"nv3"}),
])
def test_pinyin_queries_are_read_every_way_they_can_be_cut(query, cuts):
    assert {" ".join(s + t for s, t in cut) for cut in query_syllables(query)} == cuts


# Words of Simplified text holding a character the site's Simplified table maps too (著 -> 着, 乾 -> 干):
# a query is folded through that table in the browser, so the index must be too.
@pytest.mark.parametrize("text, query", [("各项改革取得显著成效", "显著"), ("著名的遵义会议", "著名"), ("扭转乾坤", "乾坤"), ("著力推动高质量发展", "著力")])
def test_a_simplified_word_the_character_table_maps_is_still_found(index, text, query):
    from jiedu.annotate import AnnotatedText
    from jiedu.search.records import record_keys

    keys = record_keys(AnnotatedText(text, text, (None,) * len(text), ()), {}, str.maketrans(index.fold))
    assert set(phrase_keys(fold_query(query, index.fold))) <= keys


def test_a_built_site_finds_a_word_the_character_table_maps(tmp_path):
    from conftest import run_build

    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    (documents / "report.txt").write_text("政府工作报告\n\n过去一年，各项改革取得显著成效，著名景区游客增长。\n", encoding="utf-8")
    result = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    found = SiteIndex.read(tmp_path / "site")
    assert len(found.search("显著")) == len(found.search("顯著")) == len(found.search("著名")) == 1


def test_keys_and_folding():
    assert fold_text("GDP增长") == "gdp增长"
    assert phrase_keys("四件大事") == ["四件", "件大", "大事"]
    assert shard_of("四件", 8) == shard_of("四件", 8) < 8


# --- a document's postings, made for all its records at once, are those of its records one by one ---

BENCH_SOURCES = ["gwr-prov-2017-120", "law-cn-20181026-123", "law-tw-C0000008", "tw-jyi-419", "xwlb-20230427", "nbs-communique-1984",
                 "tw-eygazette-html-68354", "five-year-plan-1976"]
"""Bench documents of eight sources: provincial reports, mainland and Taiwanese laws, rulings, the news, statistics, a gazette, a plan."""
ODD_RECORDS = [
    "", "~a啊 ~n嗯", "ΟΔΟΣ", "ΣΑΣ", "İstanbul 与 ΟΔΟΣ", "𠮷野家\t𠀀𠀁", "ＧＤＰ增长２０２４年", "四件大事\t两个维护", "“长治久安”，四件大事。",
]
"""Records where the all-at-once path must step aside: a text pair and a syllable spelled alike ("~a"), letters whose lower
case depends on their neighbours or is two letters long, characters past the Basic Multilingual Plane, full-width letters, tabs."""
TERMS = ["四件大事", "两个维护", "长治久安", "枫桥经验", "高质量发展", "人民", "法律"]


def reading_of(char: str, memo: dict = {}) -> str | None:
    from pypinyin import Style, pinyin

    if char not in memo:
        memo[char] = pinyin(char, style=Style.TONE, heteronym=False)[0][0] if "\u3400" <= char <= "\u9fff" else None
    return memo[char]


def annotated_records(lines: list[str]):
    """Each line as an AnnotatedText: readings of each Han character by pypinyin, a term mark at each glossary term."""
    from jiedu.annotate import AnnotatedText, TermMark

    texts = []
    for line in lines:
        terms = [TermMark(found.start(), found.end(), "term") for term in TERMS for found in re.finditer(re.escape(term), line)]
        texts.append(AnnotatedText(line, line, tuple(map(reading_of, line)), tuple(sorted(terms, key=lambda mark: (mark.start, mark.end)))))
    return texts


def postings_one_record_at_a_time(texts, fold) -> tuple[dict, dict]:
    """The plain definition: `record_keys` of each record; a key of one record lists its number, of several their count less two, then their numbers."""
    from jiedu.search.records import record_keys

    holders: dict[str, list[int]] = {}
    known: dict = {}
    for number, text in enumerate(texts):
        for key in record_keys(text, known, fold):
            holders.setdefault(key, []).append(number)
    once = {key: encode_numbers(numbers) for key, numbers in holders.items() if len(numbers) == 1}
    many = {key: encode_numbers([len(numbers) - 2]) + encode_numbers(numbers) for key, numbers in holders.items() if len(numbers) > 1}
    return once, many


@pytest.mark.skipif(not (SHARED_BENCH / "corpus").is_dir(), reason="needs ../shared/bench")
@pytest.mark.parametrize("name", BENCH_SOURCES)
def test_a_documents_postings_made_at_once_are_its_records_postings(index, name):
    from jiedu.search.postings import document_postings

    lines = [line for line in (SHARED_BENCH / "corpus" / f"{name}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = annotated_records(lines + ODD_RECORDS)
    fold = str.maketrans(index.fold)
    expected = postings_one_record_at_a_time(texts, fold)
    assert document_postings(texts, fold) == expected
    assert any(key.startswith("~") and " " in key for key in expected[1]) and any(key.startswith("#") for key in expected[1])


def test_odd_records_and_many_records_get_the_postings_of_their_records(index, monkeypatch):
    from jiedu.search import postings

    fold = str.maketrans(index.fold)
    texts = annotated_records(ODD_RECORDS * 3)
    expected = postings_one_record_at_a_time(texts, fold)
    assert postings.document_postings(texts, fold) == expected
    assert expected[1]["~a"] and expected[1]["#四件大事"]
    monkeypatch.setattr(postings, "RECORD_BITS", 2)  # more records than a key and a record sorted as one integer take
    assert postings.document_postings(texts, fold) == expected
    assert postings.document_postings([], fold) == ({}, {})


def test_record_numbers_past_the_table_of_small_numbers_are_written_in_full(index):
    from jiedu.search.keys import SMALL_NUMBERS
    from jiedu.search.postings import document_postings

    fold = str.maketrans(index.fold)
    texts = annotated_records(["远隔重洋"] + ODD_RECORDS * (SMALL_NUMBERS // len(ODD_RECORDS) + 1) + ["远隔千里", "独一无二"])
    expected = postings_one_record_at_a_time(texts, fold)
    assert document_postings(texts, fold) == expected
    assert len(expected[0]["独一"]) > 1 and len(expected[1]["远隔"]) > 3  # numbers of more than one letter


# --- the search page in a real browser, served under a subpath ---

from test_browser import CHROMEDRIVER, CHROMIUM, make_driver, served_site  # noqa: E402,F401  (fixtures)

browser = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()), reason="needs chromium and chromium-driver")


@pytest.fixture(scope="module")
def driver():
    browser_driver = make_driver()
    yield browser_driver
    browser_driver.quit()


def results(driver, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: re.search(r"result|No results", d.find_element("id", "search-status").text))
    return driver.find_elements("css selector", "#search-results li")


@browser
def test_typing_in_the_header_box_with_the_keyboard_finds_and_links_the_paragraphs(driver, served_site):
    from selenium.webdriver.common.keys import Keys

    driver.get(served_site + f"{PAPER}/index.html")
    box = driver.find_element("css selector", ".site-search input")
    box.send_keys("四件大事", Keys.ENTER)
    found = results(driver)
    assert "6 results" in driver.find_element("id", "search-status").text
    assert all(item.find_element("css selector", "mark").text == "四件大事" for item in found)
    link = found[0].find_element("css selector", "a")
    link.send_keys(Keys.ENTER)
    anchor = driver.current_url.split("#")[1]
    base_text = "var c = document.getElementById(arguments[0]).cloneNode(true); c.querySelectorAll('rt, rp').forEach(e => e.remove()); return c.textContent"
    assert "四件大事" in driver.execute_script(base_text, anchor)


@browser
@pytest.mark.parametrize(("query", "marked"), [("長治久安", "长治久安"), ("changzhijiuan", "长治久安"), ("sì jiàn dà shì", "四件大事"), ("２０２４年", "2024年"),
                                               ("增长８％以上", "增长8%以上")])
def test_a_traditional_or_pinyin_query_finds_simplified_paragraphs(driver, served_site, query, marked):
    assert marks_read_in_simplified(driver, served_site, query) == {marked}


@browser
@pytest.mark.parametrize(("query", "marked"), [("十四五规划", "十四五”规划"), ("记者王菲", "记者 王菲")])
def test_a_phrase_typed_without_the_quotation_marks_or_spaces_the_text_has_inside_is_found(driver, served_site, query, marked):
    assert marks_read_in_simplified(driver, served_site, query) == {marked}


def marks_read_in_simplified(driver, served_site: str, query: str) -> set[str]:
    """What the search page marks for `query` in the results, read in Simplified (the reader's choice, then cleared)."""
    driver.get(served_site + "search.html")  # the site's own storage, whatever page the driver was on
    driver.execute_script("localStorage.setItem('jiedu.script', 'hans')")
    try:
        driver.get(served_site + "search.html?q=" + quote(query))
        return {mark.text for mark in driver.find_elements("css selector", "#search-results mark")} if results(driver) else set()
    finally:
        driver.execute_script("localStorage.removeItem('jiedu.script')")


@browser
def test_the_search_page_fits_a_phone_and_says_how_many_it_found(served_site):
    phone = make_driver(390, 844, mobile=True)
    try:
        phone.get(served_site + "search.html?q=" + quote("藏"))
        assert results(phone)
        assert phone.find_element("id", "search-status").get_attribute("aria-live") == "polite"
        assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        phone.quit()


@browser
def test_axe_finds_no_serious_accessibility_violations_on_the_search_page(driver, served_site):
    from test_browser import axe_source

    source = axe_source()
    if source is None:
        pytest.skip("axe-core is installed from npm by `make test`")
    driver.get(served_site + "search.html?q=" + quote("长治久安"))
    results(driver)
    driver.execute_script(source)
    found = driver.execute_async_script("const done = arguments[arguments.length - 1]; axe.run(document).then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes[0].target.join(' ')])))")
    assert not [v for v in found if v[1] in ("serious", "critical")], found


def test_a_site_of_many_documents_makes_its_index_in_a_forked_process_as_this_one_would(tmp_path, monkeypatch):
    """A one-off build of 20 documents or more makes the search index in a forked process while it
    looks up the popup's words; the site is byte for byte the one a build doing it all here makes."""
    import sys

    from conftest import CONTENT_DIR, PROJECT_DIR
    from jiedu.executors import local

    sys.path.insert(0, str(PROJECT_DIR))
    import build

    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    paragraphs = [p for path in sorted((CONTENT_DIR / "documents").glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 40]
    for number in range(24):  # distinct real paragraphs, a few to a document
        (documents / f"part-{number:02}.txt").write_text(f"第{number + 1}部分\n\n" + "\n\n".join(paragraphs[number::24][:3]) + "\n", encoding="utf-8")
    forks = []
    start_forked = local.start_forked
    monkeypatch.setattr(local, "start_forked", lambda function, **options: forks.append(function) or start_forked(function, **options))
    sites = {}
    for jobs in (2, 1):  # 1: no process of any kind
        build.build_site(tmp_path / "content", tmp_path / f"site-{jobs}", PROJECT_DIR / "templates", tmp_path / f"cache-{jobs}", jobs=jobs)
        sites[jobs] = {p.relative_to(tmp_path / f"site-{jobs}").as_posix(): p.read_bytes() for p in (tmp_path / f"site-{jobs}").rglob("*") if p.is_file() and p.name != ".jiedu-site"}
    assert [function.__qualname__ for function in forks if "site_search" in getattr(function, "__qualname__", "")] == ["start_site_search.<locals>.make"]
    assert sites[2] == sites[1] and any(path.startswith("search/index/") for path in sites[1])
    assert len(SiteIndex.read(tmp_path / "site-2").search(paragraphs[0][5:9])) >= 1


def test_a_big_sites_index_merged_in_partitions_is_the_index_merged_at_once(tmp_path, monkeypatch):
    """Past partitions.PARTITION_SHARES shares the index is merged a partition at a time, spilled to disk:
    the same files, byte for byte, and nothing left in the cache; an edit merges it in full again."""
    import sys

    from conftest import CONTENT_DIR, PROJECT_DIR
    from jiedu.search import partitions

    sys.path.insert(0, str(PROJECT_DIR))
    import build

    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    paragraphs = [p for path in sorted((CONTENT_DIR / "documents").glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 40]
    for number in range(12):
        (documents / f"part-{number:02}.txt").write_text(f"第{number + 1}部分\n\n" + "\n\n".join(paragraphs[number::12][:4]) + "\n", encoding="utf-8")

    def built(name: str) -> dict[str, bytes]:
        build.build_site(tmp_path / "content", tmp_path / name, PROJECT_DIR / "templates", tmp_path / f"cache-{name}", jobs=1)
        assert not list((tmp_path / f"cache-{name}").rglob("search-parts-*")), "the partitions' folder is removed"
        return {p.relative_to(tmp_path / name).as_posix(): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file() and p.name != ".jiedu-site"}

    at_once = built("at-once")
    merges = []
    partitioned_index = partitions.partitioned_index
    monkeypatch.setattr(partitions, "PARTITION_SHARES", 500)
    monkeypatch.setattr(partitions, "SHARES_PER_PARTITION", 200)
    monkeypatch.setattr("jiedu.search.splice.partitioned_index", lambda *args: merges.append(args[2]) or partitioned_index(*args))
    assert built("partitioned") == at_once
    assert merges and merges[0] >= 4 and sum(path.startswith("search/index/") for path in at_once) >= merges[0]

    (documents / "part-03.txt").write_text((documents / "part-03.txt").read_text(encoding="utf-8") + "\n新添一段：长治久安。\n", encoding="utf-8")
    edited = built("partitioned")
    monkeypatch.setattr(partitions, "PARTITION_SHARES", 1 << 40)
    assert edited == built("at-once") and len(merges) == 2
    assert len(SiteIndex.read(tmp_path / "partitioned").search("长治久安")) >= 1


def test_keys_are_hashed_alike_one_at_a_time_and_all_at_once():
    from jiedu.search.keys import key_hash, key_hashes

    keys = ["四", "四件", "~si jian", "#两个维护", "𠀀𠀁", "a𠀀b", "gdp", "２"]
    assert key_hashes(keys).tolist() == list(map(key_hash, keys))


def test_what_a_forked_process_raises_is_raised_here():
    from jiedu.executors.local import start_forked

    def fails():
        raise ValueError("no index today")

    with pytest.raises(ValueError, match="no index today"):
        start_forked(fails)()
    assert start_forked(lambda: {"search/index/0.js": "key"})() == {"search/index/0.js": "key"}


def test_a_forked_process_answers_before_its_after_work_and_done_waits_for_that(tmp_path):
    """`then`: the parent has its answer while the child still writes (the search index's cache, in a build)."""
    import time

    from jiedu.executors.local import start_forked

    written = tmp_path / "written"
    wait = start_forked(lambda: "answer", then=lambda: time.sleep(1) or written.write_text("kept"))
    started = time.monotonic()
    assert wait() == "answer" and not written.exists()
    wait.done()
    assert written.read_text() == "kept" and time.monotonic() - started >= 0.5
    with pytest.raises(ValueError):  # a failed answer: no after-work
        start_forked(lambda: int("x"), then=lambda: written.write_text("not after a failure"))()
    assert written.read_text() == "kept"
