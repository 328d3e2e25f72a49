"""Pinyin a learner can read: size, spacing and the reading options, in a real headless Chromium.

The bundled sample site is built once (conftest `built_site`) and opened from
disk. Layout figures come from scripts/measure_pinyin_layout.py, the script
that reports them for the whole site. Needs Debian's chromium and
chromium-driver; skipped where they are absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, make_driver

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from measure_pinyin_layout import PRINT_WIDTH, probe, set_viewport, summarise  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver fonts-noto-cjk",
)

TRADITIONAL_REPORT = "xizang-2025-government-work-report-tasks/index.html"
SIMPLIFIED_NEWS = "xizang-ribao-2024-01-congress-closes/index.html"
READING_PAGES = [TRADITIONAL_REPORT, SIMPLIFIED_NEWS]


@pytest.fixture(scope="module")
def driver():
    browser = make_driver()
    browser.set_script_timeout(120)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    site, _ = built_site
    return {page: (site / page).resolve().as_uri() for page in READING_PAGES}


def blocks_at(driver, urls, width: int, media: str = "screen", options: dict | None = None) -> list[dict]:
    set_viewport(driver, width, media)
    try:
        return [block for url in urls for block in probe(driver, url, options)]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_readings_are_at_least_60_percent_of_the_text_and_11px_on_a_phone(driver, pages):
    blocks = blocks_at(driver, pages.values(), 360)
    assert len(blocks) > 50
    smallest = min(blocks, key=lambda block: block["rtPx"])
    assert smallest["rtPx"] >= 11
    assert min(block["rtPx"] / block["textPx"] for block in blocks) >= 0.6 - 1e-6


@pytest.mark.parametrize("width, media", [(360, "screen"), (1280, "screen"), (PRINT_WIDTH, "print")], ids=["phone", "desktop", "print"])
@pytest.mark.parametrize("scale", ["0.6", "0.8"], ids=["smallest", "largest"])
def test_no_two_readings_touch_in_paragraphs_or_headings(driver, pages, width, media, scale):
    blocks = blocks_at(driver, pages.values(), width, media, {"rt-scale": scale})
    for kind in ("paragraph", "heading"):
        figures = summarise([block for block in blocks if block["kind"] == kind])
        assert figures.pairs > 300, kind
        assert figures.touching == 0, (kind, figures)


def test_punctuation_is_spaced_like_the_characters_around_it(driver, pages):
    # Before the spacing moved from the ruby to the block, about half the gaps
    # beside punctuation differed from their line's usual gap (工作 。).
    figures = summarise([block for block in blocks_at(driver, pages.values(), 1280) if block["kind"] == "paragraph"])
    assert figures.punct_uneven_share <= 0.1, figures
    assert figures.uneven_share <= 0.05, figures


def open_options(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    toggle = driver.find_element(By.CSS_SELECTOR, "[data-options-toggle]")
    toggle.send_keys(Keys.ENTER)
    assert toggle.get_attribute("aria-expanded") == "true"
    return toggle


def test_the_options_are_keyboard_usable_and_persist_across_pages(driver, pages):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    driver.get(pages[SIMPLIFIED_NEWS])
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    toggle = open_options(driver)
    size = driver.switch_to.active_element
    assert size.get_attribute("id") == "opt-rt-scale"  # focus moves into the panel
    size.send_keys(Keys.ARROW_RIGHT)
    driver.find_element(By.ID, "opt-tones").send_keys(Keys.SPACE)
    Select(driver.find_element(By.ID, "opt-hsk")).select_by_value("3")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert driver.find_element(By.ID, "reading-options").get_attribute("hidden") is not None
    assert driver.switch_to.active_element == toggle

    driver.get(pages[TRADITIONAL_REPORT])
    root_state = driver.execute_script(
        "const r = document.documentElement; return [getComputedStyle(r).getPropertyValue('--rt-scale').trim(), r.classList.contains('tone-colours')]"
    )
    assert root_state == ["0.65", True]
    assert driver.find_element(By.ID, "opt-tones").is_selected()
    assert Select(driver.find_element(By.ID, "opt-hsk")).first_selected_option.get_attribute("value") == "3"
    rt = driver.find_element(By.CSS_SELECTOR, "main rt")
    assert driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize) / parseFloat(getComputedStyle(arguments[0].parentElement).fontSize)", rt) == pytest.approx(0.65, abs=0.01)
    driver.execute_script("localStorage.clear()")


@pytest.mark.parametrize(
    "syllable, tone",
    [
        ("lǜ", 4),      # ü with a grave: the fourth tone, not the diaeresis
        ("lǚ", 3),
        ("zhōng", 1),
        ("guó", 2),
        ("de", 5),      # no mark: neutral
        ("lu\u0308\u0300", 4),  # the same lǜ, decomposed
        ("Ōu", 1),
    ],
)
def test_tone_of_a_reading_comes_from_its_mark(driver, pages, syllable, tone):
    driver.get(pages[SIMPLIFIED_NEWS])
    assert driver.execute_script("return window.jieduToneOf(arguments[0])", syllable) == tone


def test_tone_colours_mark_the_readings_of_the_page(driver, pages):
    driver.get(pages[TRADITIONAL_REPORT])
    driver.execute_script("localStorage.clear(); localStorage.setItem('jiedu.tones', 'on')")
    driver.refresh()
    classes = driver.execute_script(
        "const out = {}; document.querySelectorAll('main rt').forEach(rt => { (out[rt.textContent] ||= new Set()).add(rt.className.match(/tone\\d/)[0]); });"
        "return Object.fromEntries(['lǜ', 'de', 'lǚ', 'zhōng'].map(s => [s, [...(out[s] || [])]]));"
    )
    assert classes == {"lǜ": ["tone4"], "de": ["tone5"], "lǚ": ["tone3"], "zhōng": ["tone1"]}
    colours = driver.execute_script(
        "return ['tone1', 'tone4'].map(t => getComputedStyle(document.querySelector('main rt.' + t)).color)"
    )
    assert colours[0] != colours[1]
    driver.execute_script("localStorage.clear()")


# The readings (visible or hidden) of each word of a block, words cut by data-w.
WORD_READINGS_JS = """
const [id] = arguments, block = document.getElementById(id), chars = [], readings = [];
const walk = (node) => {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) chars.push(...Array.from(child.data));
    else if (child.tagName === 'RT') readings[chars.length - 1] = getComputedStyle(child).visibility;
    else if (child.tagName !== 'RP') walk(child);
  }
};
walk(block);
const words = []; let at = 0;
for (const d of block.getAttribute('data-w')) {
  const n = parseInt(d, 36);
  words.push([chars.slice(at, at + n).join(''), readings.slice(at, at + n).filter(Boolean)]);
  at += n;
}
return words;
"""
FIND_BLOCK_JS = """
const [word] = arguments;
for (const block of document.querySelectorAll('main [data-w][id]')) {
  const clone = block.cloneNode(true); clone.querySelectorAll('rt, rp').forEach(n => n.remove());
  if (clone.textContent.includes(word)) return block.id;
}
return null;
"""


@pytest.mark.parametrize(
    "page, word, shown",
    [
        (TRADITIONAL_REPORT, "工作", False),  # HSK 1
        (TRADITIONAL_REPORT, "問題", False),  # HSK 1 as 问题: a Traditional page is looked up in Simplified
        (TRADITIONAL_REPORT, "磅礴", True),   # in no HSK level
        (TRADITIONAL_REPORT, "活佛", True),   # in no HSK level
        (SIMPLIFIED_NEWS, "工作", False),
        (SIMPLIFIED_NEWS, "西藏", True),      # a place name: in no HSK level
    ],
)
def test_readings_above_hsk_1_hide_only_the_hsk_1_words(driver, pages, page, word, shown):
    driver.get(pages[page])
    driver.execute_script("localStorage.clear(); localStorage.setItem('jiedu.hsk', '1')")
    driver.refresh()
    driver.execute_async_script("const done = arguments[0]; (function wait() { window.jieduHsk ? setTimeout(done, 50) : setTimeout(wait, 50); })()")
    block = driver.execute_script(FIND_BLOCK_JS, word)
    assert block, word
    found = [visibility for text, visibility in driver.execute_script(WORD_READINGS_JS, block) if text == word]
    assert found, f"{word} is not a word of #{block}"
    expected = "visible" if shown else "hidden"
    assert set(found[0]) == {expected}
    driver.execute_script("localStorage.clear()")


@pytest.mark.parametrize(
    "page, has_reading_controls",
    [
        (TRADITIONAL_REPORT, True),
        (SIMPLIFIED_NEWS, True),
        ("index.html", False),
        ("glossary/index.html", False),
        ("glossary/si-jian-da-shi.html", False),
        ("report/index.html", False),
    ],
)
def test_pinyin_controls_appear_only_on_pages_with_readings(built_site, page, has_reading_controls):
    site, _ = built_site
    html = (site / page).read_text(encoding="utf-8")
    assert ('data-action="toggle-pinyin"' in html) is has_reading_controls
    assert ("data-options-toggle" in html) is has_reading_controls
    assert ("reading-options.js" in html) is has_reading_controls
    if has_reading_controls:
        assert "<rt>" in html
