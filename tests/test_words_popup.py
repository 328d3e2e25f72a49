"""The word popup (templates/assets/words.js) in a real headless Chromium, opened from disk.

The page is written by hand to the markup contract (tests/fixtures/words_page);
its dictionary shards are made by jiedu.dictionary from the page's words.
Needs Debian's chromium and chromium-driver; skipped where they are absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jiedu.dictionary import build_dictionary, dictionary_pages

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PROJECT = Path(__file__).resolve().parents[1]
FIXTURE = PROJECT / "tests" / "fixtures" / "words_page"
PAGE_WORDS = "我们 要 坚持 以 人民 为 中心 的 发展 思想 做到 两个维护 切实 兜牢 民生 底线".split()

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver",
)

# The viewport rectangle of the `nth` occurrence of `char` in the base text (readings left out) of element `id`.
CHAR_RECT_JS = """
const [id, char, nth] = arguments;
const element = document.getElementById(id);
const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
let seen = 0;
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (node.parentElement.closest('rt, rp')) continue;
  for (let i = 0; i < node.data.length; i++) {
    if (node.data[i] === char && seen++ === nth) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    }
  }
}
return null;
"""
POPUP_JS = """
const popup = document.querySelector('.word-popup');
if (!popup || popup.hidden) return null;
const r = popup.getBoundingClientRect();
return {text: popup.innerText, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture page with jiedu's assets and the shards of its words, in a temporary folder."""
    root = tmp_path_factory.mktemp("words-site")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    (root / "assets").mkdir(exist_ok=True)
    for name in ("jiedu.css", "jiedu.js", "words.js"):
        shutil.copy(PROJECT / "templates" / "assets" / name, root / "assets" / name)
    for page in dictionary_pages(PAGE_WORDS, build_dictionary()):
        (root / page.path).parent.mkdir(parents=True, exist_ok=True)
        (root / page.path).write_text(page.content, encoding="utf-8")
    return root


def make_driver(width: int, height: int, mobile: bool = False):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request, file:// ones included
    if mobile:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True}, "userAgent": "Mozilla/5.0 (Linux; Android 14) Mobile"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def desktop():
    browser = make_driver(1280, 900)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def phone():
    browser = make_driver(360, 740, mobile=True)
    yield browser
    browser.quit()


def open_page(driver, site: Path) -> None:
    driver.get((site / "doc" / "section.html").as_uri())
    driver.execute_script("window.scrollTo(0, 0)")


def click_char(driver, element_id: str, char: str, nth: int = 0) -> dict:
    """A real mouse click (through the DevTools input domain) on the middle of one character."""
    rect = driver.execute_script(CHAR_RECT_JS, element_id, char, nth)
    x, y = (rect["left"] + rect["right"]) / 2, (rect["top"] + rect["bottom"]) / 2
    for kind in ("mousePressed", "mouseReleased"):
        driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
    return rect


def popup(driver, wait: bool = True) -> dict | None:
    from selenium.webdriver.support.ui import WebDriverWait

    if not wait:
        return driver.execute_script(POPUP_JS)
    return WebDriverWait(driver, 5).until(lambda d: d.execute_script(POPUP_JS))


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize(
    "char, nth, expected",
    [
        ("发", 0, ["发展", "發展", "fā zhǎn", "development"]),  # a word: both scripts, reading in context, senses
        ("展", 0, ["发展", "fā zhǎn"]),  # any character of the word opens the word
        ("为", 0, ["为", "為", "wéi", "wèi", "for"]),  # reading in context (wéi) and the dictionary's readings
        ("牢", 0, ["兜牢", "dōu láo", "its characters", "兜", "pocket", "牢", "firm"]),  # not in CC-CEDICT: characters
    ],
)
def test_clicking_a_character_explains_its_word(desktop, site, char, nth, expected):
    open_page(desktop, site)
    click_char(desktop, "p1" if char in "发展为" else "p2", char, nth)
    shown = popup(desktop)["text"]
    for text in expected:
        assert text in shown


def test_a_glossary_term_opens_one_popup_with_its_entry_first_and_stays_on_the_page(desktop, site):
    open_page(desktop, site)
    click_char(desktop, "p1", "维")
    shown = popup(desktop)["text"]
    assert shown.index("Glossary term") < shown.index("the Two Upholds")
    assert desktop.current_url.endswith("doc/section.html")
    tooltip_shown = desktop.execute_script("const t = document.getElementById('tip-liang-ge-wei-hu'); return !t.hidden && getComputedStyle(t).display !== 'none'")
    assert not tooltip_shown


def test_clicking_the_same_word_or_elsewhere_closes(desktop, site):
    open_page(desktop, site)
    click_char(desktop, "p1", "坚")
    popup(desktop)
    click_char(desktop, "p1", "持")
    assert popup(desktop, wait=False) is None
    click_char(desktop, "p1", "坚")
    popup(desktop)
    click_char(desktop, "p0", "测")
    assert popup(desktop, wait=False) is None


def test_keyboard_moves_a_word_cursor_and_escape_closes_keeping_focus(desktop, site):
    from selenium.webdriver.common.keys import Keys

    open_page(desktop, site)
    paragraph = desktop.find_element("id", "p1")
    assert paragraph.get_attribute("tabindex") == "0"
    desktop.execute_script("arguments[0].focus()", paragraph)
    paragraph.send_keys(Keys.ARROW_RIGHT)
    assert popup(desktop)["text"].startswith("我们")
    paragraph.send_keys(Keys.ARROW_RIGHT)
    assert popup(desktop)["text"].startswith("要")
    paragraph.send_keys(Keys.ARROW_LEFT)
    assert popup(desktop)["text"].startswith("我们")
    assert desktop.find_element("css selector", ".word-popup").get_attribute("role") == "dialog"
    paragraph.send_keys(Keys.ESCAPE)
    assert popup(desktop, wait=False) is None
    assert desktop.switch_to.active_element == paragraph


def requested_urls(driver) -> list[str]:
    import json

    messages = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    return [m["params"]["request"]["url"] for m in messages if m["method"] == "Network.requestWillBeSent"]


def test_no_request_leaves_the_site_folder(desktop, site):
    requested_urls(desktop)  # forget the earlier tests' requests
    open_page(desktop, site)
    click_char(desktop, "p1", "发")
    popup(desktop)
    urls = requested_urls(desktop)
    assert urls and all(url.startswith(site.as_uri()) for url in urls), urls
    assert any("/assets/dict/" in url for url in urls)


@pytest.mark.parametrize("element_id, at_bottom", [("p2", False), ("p3", True)])
def test_on_a_phone_the_popup_fits_the_viewport_and_never_covers_its_word(phone, site, element_id, at_bottom):
    open_page(phone, site)
    if at_bottom:  # the word on the last line of the screen: the popup goes above it
        phone.execute_script("const r = document.getElementById('p3').getBoundingClientRect(); window.scrollBy(0, r.bottom - window.innerHeight + 4)")
    word = click_char(phone, element_id, "切")
    box = popup(phone)
    width, height = phone.execute_script("return [document.documentElement.clientWidth, window.innerHeight]")
    assert width == 360
    assert 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height
    assert not overlaps(box, word)
    assert (box["bottom"] <= word["top"]) if at_bottom else (box["top"] >= word["bottom"])
