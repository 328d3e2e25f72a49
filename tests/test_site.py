"""End to end: the bundled content built into a temporary folder, read back
the way a reader's browser and a crawler would."""

from __future__ import annotations

import re
import shutil

import pytest
from sitecheck import html_pages, is_external, parse_page, resolve_link

from conftest import CONTENT_DIR, run_build

DOCUMENT_SLUGS = ["xizang-ribao-2024-01-congress-closes", "xizang-2025-government-work-report-tasks"]


def test_build_reports_where_to_open_the_site(built_site):
    site, stderr = built_site
    assert f"Open {site / 'index.html'}" in stderr
    assert re.search(r"Built 2 document\(s\), \d+ files", stderr)


@pytest.mark.parametrize("relative", ["index.html", "404.html", ".nojekyll", "glossary/index.html", "report/index.html", "assets/jiedu.css", "assets/jiedu.js"])
def test_site_has_its_fixed_files(built_site, relative):
    site, _ = built_site
    assert (site / relative).is_file()


def test_no_sitemap_without_a_site_url(built_site):
    site, _ = built_site
    assert not (site / "sitemap.xml").exists()


@pytest.mark.parametrize("slug", DOCUMENT_SLUGS)
def test_a_document_of_ordinary_length_is_one_page_in_its_own_script(built_site, slug):
    """One page per document: it is read, searched and printed whole, and the
    other script is made in the browser, so no second copy is written."""
    site, _ = built_site
    assert sorted(p.name for p in (site / slug).glob("*.html")) == ["index.html"]
    html = (site / slug / "index.html").read_text(encoding="utf-8")
    assert 'class="contents' in html  # its sections are listed at the top
    assert '<script type="application/json" id="jd-script">' in html


def test_home_page_lists_every_document_with_its_links(built_site):
    site, _ = built_site
    home = (site / "index.html").read_text(encoding="utf-8")
    for slug in DOCUMENT_SLUGS:
        assert f'href="{slug}/' in home
    assert home.count('class="document-card"') == 2


def test_every_internal_link_and_asset_resolves(built_site):
    site, _ = built_site
    broken = []
    for page in html_pages(site):
        parsed = parse_page(page)
        for url in parsed.links + parsed.assets:
            if is_external(url) or url.startswith(("mailto:", "data:")):
                continue
            target, fragment = resolve_link(page, url)
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {url}")
            elif fragment and target.suffix == ".html" and fragment not in parse_page(target).ids:
                broken.append(f"{page.relative_to(site)} -> {url} (no such id)")
    assert not broken, "\n".join(broken[:20])


def test_pages_make_no_external_requests(built_site):
    site, _ = built_site
    for page in html_pages(site):
        assert not [url for url in parse_page(page).assets if is_external(url)], page


def test_no_absolute_internal_links(built_site):
    """Links are relative, so the site works under a subpath and from disk."""
    site, _ = built_site
    for page in html_pages(site):
        if page.name == "404.html":
            continue
        parsed = parse_page(page)
        assert not [u for u in parsed.links + parsed.assets if u.startswith("/")], page


@pytest.mark.parametrize("slug", DOCUMENT_SLUGS)
def test_every_han_character_of_the_reading_text_has_a_reading(built_site, slug):
    site, _ = built_site
    parsed = parse_page(site / slug / "index.html")
    assert parsed.han_in_ruby > 0
    assert parsed.han_outside_ruby == 0
    assert parsed.rt_count == parsed.han_in_ruby


def test_pages_declare_their_script(built_site):
    site, _ = built_site
    traditional = (site / DOCUMENT_SLUGS[1] / "index.html").read_text(encoding="utf-8")
    simplified = (site / DOCUMENT_SLUGS[0] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in traditional and 'data-script="hant"' in traditional
    assert '<html lang="zh-Hans"' in simplified and 'data-script="hans"' in simplified


def test_the_print_page_holds_the_whole_cleaned_text(built_site):
    site, _ = built_site
    text = (site / DOCUMENT_SLUGS[1] / "index.html").read_text(encoding="utf-8")
    plain = re.sub(r"<rt>.*?</rt>|<[^>]+>", "", text)
    assert "堅持以習近平新時代中國特色社會主義思想為指導" in plain
    assert "以優異成績迎接自治區成立60周年" in plain
    assert "備案號" not in plain
    assert "(jiān)" not in plain


def test_build_of_hostile_content_escapes_markup(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "evil.md").write_text("# 标题<script>alert(1)</script>\n\n坚持<b>以人民为中心</b>。<img src=x onerror=alert(1)>\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_build("--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for page in html_pages(out):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html


def test_failed_build_leaves_the_previous_site(tmp_path, built_site):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "a.txt").write_text("坚持以人民为中心。\n", encoding="utf-8")
    templates = tmp_path / "templates"
    out = tmp_path / "site"
    import shutil

    shutil.copytree(CONTENT_DIR.parent / "templates", templates)
    assert run_build("--content", str(content), "--out", str(out), "--templates", str(templates)).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (templates / "document.html").write_text("{% block main %}{{ broken(", encoding="utf-8")
    result = run_build("--content", str(content), "--out", str(out), "--templates", str(templates))
    assert result.returncode != 0
    assert "document.html:1" in result.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_a_template_that_includes_an_asset_is_told_to_link_it(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "a.txt").write_text("坚持以人民为中心。\n", encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(CONTENT_DIR.parent / "templates", templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</head>", "<style>{% include 'assets/jiedu.css' %}</style>\n</head>", 1), encoding="utf-8")
    result = run_build("--content", str(content), "--out", str(tmp_path / "site"), "--templates", str(templates))
    assert result.returncode != 0
    assert "assets/jiedu.css" in result.stderr and "copied into the site as they are" in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


def test_refuses_an_output_folder_that_holds_the_content(tmp_path):
    content = tmp_path / "site" / "content"
    (content / "documents").mkdir(parents=True)
    result = run_build("--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode != 0
    assert "contains the content folder" in result.stderr


def test_a_site_url_gives_a_sitemap_and_canonical_links(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "report.txt").write_text("一、总体要求\n\n坚持以人民为中心的发展思想。\n", encoding="utf-8")
    (content / "site.toml").write_text('url = "https://user.github.io/jiedu/"\nlanguage = "zh-Hans"\n', encoding="utf-8")
    out = tmp_path / "site"
    result = run_build("--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://user.github.io/jiedu/index.html</loc>" in sitemap
    assert "<loc>https://user.github.io/jiedu/report-2/index.html</loc>" in sitemap
    page = (out / "report-2" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://user.github.io/jiedu/report-2/index.html">' in page
    assert (out / "report" / "index.html").is_file()


def test_broken_site_settings_are_named_and_defaults_used(tmp_path):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "a.txt").write_text("坚持以人民为中心。\n", encoding="utf-8")
    (content / "site.toml").write_text('title = "x"\nshow_pinyin = "yes"\n[broken\n', encoding="utf-8")
    result = run_build("--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode == 0
    assert "site.toml:3: error: not valid TOML" in result.stderr


def test_each_page_carries_the_tooltips_of_its_own_terms_and_no_others(built_site):
    site, _ = built_site
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        referenced = set(re.findall(r'aria-describedby="(tip-[^"]+)"', html))
        present = set(re.findall(r'<div class="tooltip" role="tooltip" id="(tip-[^"]+)"', html))
        assert referenced == present, page.relative_to(site)
        checked += bool(referenced)
    assert checked >= len(DOCUMENT_SLUGS)


def test_tooltips_speak_the_script_of_their_page(built_site):
    """A Traditional document's page shows the term and the items it stands for in
    Traditional (四件大事: 穩定、發展、生態、強邊); a Simplified one's, in Simplified."""
    site, _ = built_site
    tooltip = re.compile(r'<div class="tooltip" role="tooltip" id="tip-si-jian-da-shi" hidden>(.*?)</div>', re.S)
    hant = (site / "xizang-2025-government-work-report-tasks" / "index.html").read_text(encoding="utf-8")
    hans = (site / "xizang-ribao-2024-01-congress-closes" / "index.html").read_text(encoding="utf-8")
    assert '<ul class="tip-expansion" lang="zh-Hant"><li>穩定</li><li>發展</li><li>生態</li><li>強邊</li></ul>' in tooltip.search(hant).group(1)
    assert '<span lang="zh-Hant" data-form="hant" data-no-convert>新時代黨的治藏方略</span>' in hant
    assert '<ul class="tip-expansion" lang="zh-Hans"><li>稳定</li><li>发展</li><li>生态</li><li>强边</li></ul>' in tooltip.search(hans).group(1)


def test_a_tooltip_shows_a_term_once_when_both_scripts_write_it_alike(built_site):
    html = (built_site[0] / "xizang-ribao-2024-01-congress-closes" / "index.html").read_text(encoding="utf-8")
    for term in re.findall(r'<p class="tip-term">(.*?)</p>', html):
        forms = re.findall(r">([^<]+)</span>", term)
        assert len(forms) == len(set(forms)), term
