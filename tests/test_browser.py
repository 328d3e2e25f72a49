"""A real headless Chromium reads the built site served under a subpath.

Needs Debian's chromium and chromium-driver (and fonts-noto-cjk for honest
rendering); the tests skip, saying how to install them, where they are absent.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SUBPATH = "jiedu"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver fonts-noto-cjk",
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_site(built_site, tmp_path_factory):
    """The site under http://127.0.0.1:PORT/jiedu/, like a GitHub Pages project site."""
    site, _ = built_site
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(site, root / SUBPATH)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    server.shutdown()


def make_driver(width: int = 1280, height: int = 900, mobile: bool = False):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(flag)
    if mobile:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True}, "userAgent": "Mozilla/5.0 (Linux; Android 14) Mobile"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def driver():
    browser = make_driver()
    yield browser
    browser.quit()


def failed_resources(driver) -> list:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.responseStatus && e.responseStatus >= 400).map(e => e.name)"
    )


def test_every_page_reachable_from_home_loads_with_its_assets(driver, served_site):
    from selenium.webdriver.common.by import By

    seen, queue, problems = set(), [served_site + "index.html"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        driver.get(url)
        if "404" in driver.title or driver.execute_script("return document.styleSheets.length") == 0:
            problems.append(f"{url}: missing page or stylesheet")
        problems += [f"{url}: {bad}" for bad in failed_resources(driver)]
        for link in driver.find_elements(By.CSS_SELECTOR, "a[href]"):
            href = link.get_attribute("href").split("#")[0]
            if href.startswith(served_site) and href.endswith(".html"):
                queue.append(href)
    assert not problems, "\n".join(problems[:20])
    assert len(seen) > 40


def test_pinyin_toggle_hides_readings_and_persists(driver, served_site):
    from selenium.webdriver.common.by import By

    driver.get(served_site + "xizang-2025-government-work-report-tasks/index.html")
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    rt = driver.find_element(By.CSS_SELECTOR, "main rt")
    assert rt.is_displayed()
    driver.find_element(By.CSS_SELECTOR, '[data-action="toggle-pinyin"]').click()
    assert not rt.is_displayed()
    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    assert "pinyin-off" in driver.find_element(By.TAG_NAME, "html").get_attribute("class")
    driver.find_element(By.CSS_SELECTOR, '[data-action="toggle-pinyin"]').click()
    driver.execute_script("localStorage.clear()")


def test_text_size_changes_and_persists(driver, served_site):
    from selenium.webdriver.common.by import By

    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    before = driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
    driver.find_element(By.CSS_SELECTOR, '[data-action="larger"]').click()
    after = driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before
    driver.get(served_site + "glossary/index.html")
    assert driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)") == after
    driver.execute_script("localStorage.clear()")


def test_copying_text_gives_chinese_without_pinyin(driver, served_site):
    driver.get(served_site + "xizang-2025-government-work-report-tasks/index.html")
    copied = driver.execute_script(
        """
        const p = document.querySelector('main .print-article p[data-w]');
        const range = document.createRange(); range.selectNodeContents(p);
        const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range);
        const event = new ClipboardEvent('copy', {clipboardData: new DataTransfer(), bubbles: true, cancelable: true});
        p.dispatchEvent(event);
        return event.clipboardData.getData('text/plain');
        """
    )
    assert copied.startswith("今年政府工作的總體要求是")
    assert not any(ch.isascii() and ch.isalpha() for ch in copied[:40])


def test_tooltip_opens_on_keyboard_focus_and_closes_with_escape(driver, served_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    term = driver.find_element(By.CSS_SELECTOR, "main a.term")
    tip = driver.find_element(By.ID, term.get_attribute("aria-describedby"))
    assert not tip.is_displayed()
    driver.execute_script("arguments[0].focus()", term)
    assert tip.is_displayed()
    assert term.get_attribute("aria-expanded") == "true"
    term.send_keys(Keys.ESCAPE)
    assert not tip.is_displayed()



@pytest.fixture(scope="module")
def phone():
    browser = make_driver(390, 844, mobile=True)
    yield browser
    browser.quit()


@pytest.mark.parametrize("page", ["report/index.html", "report/xizang-2025-government-work-report-tasks.html"])
def test_report_pages_fit_a_phone_screen(phone, served_site, page):
    """A wide table of changes scrolls in its own box; the page itself never scrolls sideways."""
    phone.get(served_site + page)
    assert phone.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_long_file_name_in_the_reports_problems_wraps_on_a_phone(phone, tmp_path):
    """Build problems name files by their path, which has no space to break at: on a phone it wraps
    inside the screen instead of running off its edge."""
    from conftest import run_build

    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    name = "jsonl_gov_cn_policy_library_records_first_six_rows_saved_from_the_web"
    (documents / f"{name}.txt").write_text("国务院关于印发通知\n\n各省、自治区、直辖市人民政府。\n", encoding="utf-8")
    (documents / f"{name}.meta.yaml").write_text("source: [one, two]\n", encoding="utf-8")
    result = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0 and name in result.stderr, result.stderr
    phone.get((tmp_path / "site" / "report" / "index.html").as_uri())
    widest = phone.execute_script("return Math.max(...[...document.querySelectorAll('.problem-list code')].map(e => e.getBoundingClientRect().right))")
    assert 0 < widest <= phone.execute_script("return document.documentElement.clientWidth")


def test_a_document_titled_by_a_long_file_name_fits_a_phone(phone, tmp_path):
    """A document with no title line is titled by its file name, which has no space to break at, and its
    text may hold a run of Latin letters with none either (a URL, garbled text): its page, breadcrumbs and
    contents included, wraps inside a phone's screen instead of scrolling sideways."""
    from conftest import run_build

    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    name = "prc_1954_gov_work_report_traditional_wikisource_saved_copy"
    (documents / f"{name}.txt").write_text("各位代表：\n\n我们的工作报告分为以下几个部分。\n\n见a.484824876988808484824876988808号文件。\n", encoding="utf-8")
    result = run_build("--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "site").glob(f"{name.replace('_', '-')}*/*.html"))
    assert pages
    for page in pages:
        phone.get(page.as_uri())
        assert phone.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.name


def test_tap_on_a_term_explains_it_on_a_phone(phone, served_site):
    """A tap on a glossary term opens the word popup with the glossary's entry first, inside the screen."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    phone.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    term = phone.find_element(By.CSS_SELECTOR, "main a.term")
    slug = term.get_attribute("data-term")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", term)
    url = phone.current_url
    term.click()
    popup = WebDriverWait(phone, 5).until(lambda d: next((p for p in d.find_elements(By.CSS_SELECTOR, ".word-popup") if p.is_displayed()), None))
    assert popup.find_elements(By.CSS_SELECTOR, f'a[href$="glossary/{slug}.html"]')
    assert phone.current_url == url
    box = phone.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]", popup)
    assert box[0] >= 0 and box[1] <= 390


def test_print_media_hides_navigation_and_controls(driver, served_site):
    from selenium.webdriver.common.by import By

    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for selector in (".site-header", ".breadcrumbs", ".reader-controls", ".site-footer"):
            assert not driver.find_element(By.CSS_SELECTOR, selector).is_displayed(), selector
        assert driver.find_element(By.CSS_SELECTOR, "main h1").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


AXE_PATH = Path(__file__).resolve().parents[1] / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str | None:
    return AXE_PATH.read_text(encoding="utf-8") if AXE_PATH.exists() else None


@pytest.mark.parametrize(
    "page",
    ["index.html", "xizang-ribao-2024-01-congress-closes/index.html", "xizang-2025-government-work-report-tasks/index.html", "glossary/index.html", "glossary/si-jian-da-shi.html", "report/index.html",
     "report/xizang-2025-government-work-report-tasks.html"],
)
def test_axe_finds_no_serious_accessibility_violations(driver, served_site, page):
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is installed from npm by `make test`; install Node.js and npm to run this check")
    driver.get(served_site + page)
    driver.execute_script(source)
    result = driver.execute_async_script("const done = arguments[arguments.length - 1]; axe.run(document).then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ')])))")
    serious = [v for v in result if v[1] in ("serious", "critical")]
    assert not serious, serious


BASE_TEXT = """
    return Array.from(document.querySelectorAll('main [data-w]')).map(element => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT); let text = '', node;
        while ((node = walker.nextNode())) if (!node.parentElement.closest('rt, rp')) text += node.data;
        return text;
    });
"""


def shown_script(driver, script: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return document.documentElement.getAttribute('data-shown-script')") == script)


def test_the_script_switch_converts_the_page_in_place_and_back_exactly(driver, served_site):
    """Simplified → Traditional word by word, in the same page and place; back again restores every character."""
    from selenium.webdriver.common.by import By

    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    before = driver.execute_script(BASE_TEXT)
    driver.execute_script("document.getElementById('p12').scrollIntoView()")
    top = driver.execute_script("return document.getElementById('p12').getBoundingClientRect().top")
    driver.find_element(By.CSS_SELECTOR, '[data-action="switch-script"]').click()
    shown_script(driver, "hant")
    after = driver.execute_script(BASE_TEXT)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hant"
    assert [len(text) for text in after] == [len(text) for text in before]
    joined = "".join(after)
    assert "發展" in joined and "发展" not in joined and "會議" in joined and "会议" not in joined
    assert abs(driver.execute_script("return document.getElementById('p12').getBoundingClientRect().top") - top) < 40  # the same paragraph, where it was
    assert driver.find_element(By.CSS_SELECTOR, "main rt").is_displayed()  # readings stay over the characters
    driver.find_element(By.CSS_SELECTOR, '[data-action="switch-script"]').click()
    shown_script(driver, "hans")
    assert driver.execute_script(BASE_TEXT) == before
    driver.execute_script("localStorage.clear()")


def test_the_chosen_script_holds_on_the_next_page(driver, served_site):
    from selenium.webdriver.common.by import By

    driver.get(served_site + "xizang-2025-government-work-report-tasks/index.html")
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    driver.find_element(By.CSS_SELECTOR, '[data-action="switch-script"]').click()  # the Traditional report, read in Simplified
    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans"  # already Simplified
    driver.get(served_site + "xizang-2025-government-work-report-tasks/index.html")
    shown_script(driver, "hans")
    text = "".join(driver.execute_script(BASE_TEXT))
    assert "发展" in text and "發展" not in text
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans"
    driver.execute_script("localStorage.clear()")


def test_a_paragraph_number_copies_the_paragraph_with_its_citation(driver, served_site):
    from selenium.webdriver.common.by import By

    driver.get(served_site + "xizang-ribao-2024-01-congress-closes/index.html")
    driver.execute_script("localStorage.clear(); window.copied = null; document.execCommand = (c) => { window.copied = document.activeElement.value; return true; };"
                          "if (navigator.clipboard) navigator.clipboard.writeText = (t) => { window.copied = t; return Promise.resolve(); };")
    button = driver.find_element(By.CSS_SELECTOR, "button.cite")
    paragraph_id = driver.execute_script("return arguments[0].nextElementSibling.id", button)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    copied = driver.execute_script("return window.copied")
    assert copied and "xiz" not in copied.split("\n")[0]  # the text, without pinyin
    lines = copied.split("\n")
    assert lines[1].startswith("—— 《") and "¶" + paragraph_id[1:] in lines[1]
    assert lines[2].endswith("#" + paragraph_id)
    assert driver.current_url.endswith("#" + paragraph_id)
