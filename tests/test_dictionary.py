"""The word popup's dictionary: CC-CEDICT lookups, the user's entries, the shards a site carries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jiedu.dictionary import build_dictionary, dictionary_pages, load_site_dictionary
from jiedu.dictionary.shards import SHARD_COUNT, shard_of
from jiedu.dictionary.user import parse_user_entries
from jiedu.table_cache import TableCache

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory):
    return build_dictionary((), TableCache(tmp_path_factory.mktemp("tables"), "test"))


@pytest.mark.parametrize(
    "word, simplified, traditional, pinyin, a_sense",
    [
        ("发展", "发展", "發展", "fā zhǎn", "development"),
        ("發展", "发展", "發展", "fā zhǎn", "development"),  # by its Traditional headword
        ("行", "行", "行", "háng", "row"),  # a polyphone keeps every reading
        ("行", "行", "行", "xíng", "to walk"),
        ("绿色", "绿色", "綠色", "lǜ sè", "green"),  # ü from CEDICT's u:
        ("北京", "北京", "北京", "Běi jīng", "Beijing"),  # names keep their capital
        ("乾坤", "乾坤", "乾坤", "qián kūn", "universe"),
    ],
)
def test_lookup_finds_entries_by_either_script_with_tone_marks(dictionary, word, simplified, traditional, pinyin, a_sense):
    found = [e for e in dictionary.lookup(word) if e.pinyin == pinyin]
    assert found and found[0].simplified == simplified and found[0].traditional == traditional
    assert any(a_sense in sense for sense in found[0].senses)


def test_bare_variant_entries_are_left_out_when_there_is_more(dictionary):
    assert {e.traditional for e in dictionary.lookup("以")} == {"以"}


@pytest.mark.parametrize(
    "word, headwords",
    [
        ("发展", ["发展"]),
        ("兜牢", ["兜", "牢"]),  # not in CC-CEDICT: its characters
        ("两个维护", ["两", "个", "维", "护"]),
    ],
)
def test_explain_falls_back_to_the_characters(dictionary, word, headwords):
    assert [headword for headword, _ in dictionary.explain(word)] == headwords


def test_the_table_cache_gives_the_same_entries(dictionary, tmp_path):
    tables = TableCache(tmp_path, "test")
    build_dictionary((), tables)  # derives and stores the table
    from_table = build_dictionary((), tables)
    assert not isinstance(from_table.bundled, dict)
    for word in ("发展", "行", "為", "北京", "兜牢"):
        assert from_table.lookup(word) == dictionary.lookup(word)


USER_FILE = """\
# my entries
兩個維護 两个维护 [liang3 ge4 wei2 hu4] /the Two Upholds/
行 行 [xing2] /(mine) to be fine/
"""


def test_user_entries_add_and_win_for_the_same_headword_and_reading(dictionary):
    own, problems = parse_user_entries(USER_FILE)
    assert not problems
    mine = type(dictionary)(dictionary.bundled, _index(own))
    assert [e.senses for e in mine.lookup("两个维护")] == [("the Two Upholds",)]  # a word CC-CEDICT lacks
    xing = [e for e in mine.lookup("行") if e.pinyin == "xíng"]
    assert [e.senses for e in xing] == [("(mine) to be fine",)]  # replaces CC-CEDICT's xíng entry
    assert any(e.pinyin == "háng" for e in mine.lookup("行"))  # the other reading stays


def _index(entries):
    from jiedu.dictionary.lookup import index_by_headword

    return index_by_headword(entries)


@pytest.mark.parametrize(
    "line, message",
    [
        ("对表 [dui4 biao3] /x/", "expected 繁體 简体"),
        ("對表 对表 [dui4 biao3]", "expected 繁體 简体"),
        ("對表 对表 [dui4] /x/", "2 characters but 1 syllables"),
        ("對 对表 [dui4 biao3] /x/", "differ in length"),
    ],
)
def test_bad_lines_are_warnings_naming_file_and_line(line, message):
    entries, problems = parse_user_entries(f"# first\n{line}\n", "content/cedict.txt")
    assert entries == []
    assert len(problems) == 1 and problems[0].line == 2 and problems[0].path == "content/cedict.txt"
    assert message in problems[0].message


def test_the_content_folder_file_is_read_and_its_problems_reported(tmp_path):
    (tmp_path / "cedict.txt").write_text(USER_FILE + "broken line\n", encoding="utf-8")
    site_dictionary, problems = load_site_dictionary(tmp_path, lambda: TableCache(tmp_path / "tables", "test"))
    assert site_dictionary.lookup("兩個維護")[0].pinyin == "liǎng gè wéi hù"
    assert [p.line for p in problems] == [4] and "cedict.txt" in problems[0].path


def test_the_user_file_is_a_build_input(tmp_path):
    from jiedu.fingerprint import read_input_keys

    before = read_input_keys(tmp_path, tmp_path)
    (tmp_path / "cedict.txt").write_text(USER_FILE, encoding="utf-8")
    assert read_input_keys(tmp_path, tmp_path).user_dictionary != before.user_dictionary


SHARD_RE = re.compile(r"^jieduDict\((\{.*\})\);\n$", re.S)


def read_shards(pages) -> dict[str, dict]:
    shards = {}
    for page in pages:
        match = SHARD_RE.match(page.content)
        assert match, page.path
        shards[page.path] = json.loads(match[1])
    return shards


def test_shards_carry_only_the_words_used_each_in_its_shard(dictionary):
    shards = read_shards(dictionary_pages(["发展", "發展", "兜牢", "，", "GDP"], dictionary))
    keys = {key: path for path, mapping in shards.items() for key in mapping}
    assert set(keys) == {"发展", "發展", "兜", "牢"}  # 兜牢 travels as its characters; no punctuation, no Latin
    assert all(path == f"assets/dict/{shard_of(key)}.js" for key, path in keys.items())
    assert shards[keys["发展"]]["发展"][0] == ["", "發展", "fā zhǎn", "development/growth/to develop/to grow/to expand"]
    assert shards[keys["發展"]]["發展"][0][:2] == ["发展", ""]


def test_shard_names_are_two_hex_digits_below_64():
    assert shard_of("发") == "11"  # U+53D1: 0x53D1 % 64 = 0x11
    assert all(0 <= int(shard_of(chr(c)), 16) < SHARD_COUNT for c in range(0x4E00, 0x9FFF, 97))


def test_shards_stay_small_for_a_document_of_ordinary_words(dictionary):
    words = "坚持 以 人民 为 中心 的 发展 思想 推动 高质量 经济 社会 全面 建设 现代化 国家 改革 开放 生态 文明".split()
    pages = dictionary_pages(words, dictionary)
    sizes = [len(page.content.encode()) for page in pages]
    assert sum(sizes) < 20_000 and max(sizes) < 4_000  # a page's popup fetches one of these at a time


class CountingDictionary:
    """A Dictionary that counts the words it is asked to explain."""

    def __init__(self, dictionary):
        self.dictionary, self.asked = dictionary, []

    def explain(self, word):
        self.asked.append(word)
        return self.dictionary.explain(word)


def test_a_rebuild_looks_up_only_the_words_the_last_build_had_not_met(dictionary):
    from jiedu.dictionary import explain_words

    last = explain_words(["发展", "兜牢", "GDP"], dictionary)
    counting = CountingDictionary(dictionary)
    assert explain_words(["兜牢", "发展", "，"], counting, last) is last  # the same words: the last build's answer, untouched
    again = explain_words(["发展", "改革"], counting, last)
    assert counting.asked == ["改革"]
    assert again == explain_words(["发展", "改革"], dictionary)  # as if made from nothing: 兜牢's characters are gone
    assert "兜" not in again.entries and set(again.headwords) == {"发展", "改革"}



def test_an_edit_changes_only_the_entries_and_shards_its_words_touch(dictionary):
    """A site's words (those of a sample document); an edit takes three away and brings three new, among
    them a word the dictionary lacks (its characters are explained) and one sharing a character with a word kept."""
    from jiedu.dictionary import explain_words, shard_page_keys

    seed = SEEDS / "000_af065001489da54d.txt"
    if not seed.is_file():
        pytest.skip(f"{seed} not found")
    site = sorted(set(re.findall("[\u4e00-\u9fff]{2,4}", seed.read_text(encoding="utf-8"))))
    assert len(site) > 100
    last = explain_words(site, dictionary)
    gone, new = site[10:13], ["兜牢民生底线", "格桑花", "发展新质生产力"]
    words = [word for word in site if word not in gone] + new
    counting = CountingDictionary(dictionary)
    edited = explain_words(words, counting, last)
    assert counting.asked == new  # only the new words are looked up
    assert edited == explain_words(words, dictionary)  # the same as from nothing, uses and shard sums included
    before, after = shard_page_keys(last), shard_page_keys(edited)
    touched = {shard_of(headword) for word in gone + new for headword in (last.headwords.get(word) or edited.headwords[word])}
    assert {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)} <= {f"assets/dict/{shard}.js" for shard in touched}
    assert explain_words(site, dictionary, edited) == last  # and back

# --- the site's words, recounted only in the documents an edit changed ---


class Documents:
    """A build cache's part that `site_words` uses: its resources, and the entries of the last build's documents."""

    def __init__(self, entries: dict):
        self.entries, self.resources, self.stored = dict(entries), {}, 0

    def load_resource(self, name, key):
        return self.resources.get((name, key))

    def store_resource(self, name, key, value):
        self.resources[(name, key)] = value
        self.stored += 1

    def load_entry(self, key):
        return self.entries.get(key)


def entry(*words: str):
    from types import SimpleNamespace

    from jiedu.render.site_entry import WORD_END

    return SimpleNamespace(words="".join(word + WORD_END for word in sorted(words)))


def test_an_edit_recounts_the_words_of_the_documents_it_changed_only(monkeypatch):
    from jiedu.dictionary import site_words as module

    old = {f"d{number}": entry("发展", f"词{number}") for number in range(16)}
    old["edited"] = entry("发展", "乒乓球", "会议")
    cache = Documents(old)
    keys = [*old, "d0"]  # two identical files share a cache key
    assert set(module.site_words([old[key] for key in keys], keys, cache)) == {"发展", "乒乓球", "会议", *(f"词{n}" for n in range(16))}

    recounted = []
    monkeypatch.setattr(module, "_counts", lambda entries: recounted.append(len(entries)) or {})
    edited = entry("发展", "会议", "羽毛球")
    keys[keys.index("edited")] = "edited-2"
    entries = [old.get(key) or edited for key in keys]
    words = set(module.site_words(entries, keys, cache))
    assert words == {"发展", "会议", "羽毛球", *(f"词{n}" for n in range(16))} and recounted == []  # 乒乓球 was only in the old version
    assert cache.resources[(module.SITE_WORDS, "")].counts["发展"] == 18 and cache.stored == 2

    keys.remove("d0")  # one of the two copies goes: 词0 stays
    assert set(module.site_words([old.get(key) or edited for key in keys], keys, cache)) == words and recounted == []


def test_words_are_counted_afresh_where_a_gone_document_cannot_be_read_or_many_changed():
    from jiedu.dictionary.site_words import site_words

    old = {f"d{number}": entry(f"词{number}") for number in range(4)}
    cache = Documents(old)
    site_words(list(old.values()), list(old), cache)
    del cache.entries["d3"]  # the cache lost it
    assert set(site_words([old["d0"], old["d1"], old["d2"]], ["d0", "d1", "d2"], cache)) == {"词0", "词1", "词2"}
    new = {f"n{number}": entry(f"新{number}") for number in range(4)}
    assert set(site_words(list(new.values()), list(new), cache)) == {f"新{number}" for number in range(4)}


class CountingReads(Documents):
    """`Documents` that counts which resources were read."""

    def __init__(self, entries: dict):
        super().__init__(entries)
        self.read = []

    def load_resource(self, name, key):
        self.read.append(name)
        return super().load_resource(name, key)


def test_an_edit_that_brings_no_new_word_leaves_the_popups_data_unread(dictionary):
    """Only the shards' sums are needed to know the popup's files unchanged; the words' entries are read
    from the cache when a shard must be written all the same, and equal those made from nothing."""
    from jiedu.dictionary import EXPLAINED_WORDS, explain_site_words, explain_words, shard_page_keys, shard_pages

    old = {"a": entry("发展", "改革"), "b": entry("发展", "兜牢")}
    cache = CountingReads(old)
    first = explain_site_words(list(old.values()), dictionary, cache, "user-1", list(old))
    assert EXPLAINED_WORDS in cache.read

    cache.read.clear()  # a.txt edited: its words stay the same ones
    keys, entries = ["a-2", "b"], [entry("改革", "发展"), old["b"]]
    again = explain_site_words(entries, dictionary, cache, "user-1", keys)
    assert EXPLAINED_WORDS not in cache.read
    assert shard_page_keys(again) == shard_page_keys(first)
    assert [page.content for page in shard_pages(again)] == [page.content for page in shard_pages(explain_words(["发展", "改革", "兜牢"], dictionary))]
    assert EXPLAINED_WORDS in cache.read  # read once a shard had to be written

    cache.read.clear()  # a new word, or another user dictionary: the entries are read and updated
    newer = explain_site_words([entry("改革", "发展", "乒乓球"), old["b"]], dictionary, cache, "user-1", ["a-3", "b"])
    assert EXPLAINED_WORDS in cache.read and "乒乓球" in newer.headwords
    cache.read.clear()
    other = explain_site_words([entry("改革", "发展", "乒乓球"), old["b"]], dictionary, cache, "user-2", ["a-3", "b"])
    assert EXPLAINED_WORDS in cache.read and other == explain_words(["发展", "改革", "兜牢", "乒乓球"], dictionary)
