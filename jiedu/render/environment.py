"""The Jinja environment: made once, autoescaping, strict about undefined names.

Pre-built markup (ruby text, Markdown bodies) is marked safe here and nowhere
else, so every other value a template prints is escaped.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape
from markupsafe import Markup, escape

from ..fingerprint import ASSETS_FOLDER

# Characters with a meaning in a CSS string or around a <style> element.
CSS_STRING_SPECIALS = frozenset('"\'\\<>&')


def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> Environment:
    """The environment of one build; make a new one to see edited templates.

    It does not check the template files for changes (`auto_reload=False`):
    a build renders templates thousands of times, and asking the file system
    each time (a stat per page and per include) is wasted within one build.
    `build_site` makes a new environment per build, so `serve` still picks up
    an edited template on its next rebuild.

    With `compiled_dir`, compiled templates are kept there between builds
    (Jinja's bytecode cache, checked against each template's source), so a
    build does not compile them again (about 0.4 s for jiedu's templates).
    """
    bytecode_cache = None
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = FileSystemBytecodeCache(str(compiled_dir))
    environment = Environment(
        loader=TemplatesLoader(str(templates_dir)),
        auto_reload=False,
        bytecode_cache=bytecode_cache,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    environment.filters["groupby_article"] = group_pages_by_article
    environment.filters["with_pinyin"] = with_pinyin
    return environment


@lru_cache(maxsize=8192)  # a glossary's terms, met again on every page that lists them and in every build of `serve`
def with_pinyin(text: str, pinyin: str) -> Markup:
    """`text` with `pinyin` (a glossary's word-spaced reading) over its Han characters, one syllable each;
    the text alone, escaped, when the reading does not split into one syllable per character.

    >>> str(with_pinyin("两个维护", "liǎng gè wéihù"))
    '<ruby>两<rt>liǎng</rt>个<rt>gè</rt>维<rt>wéi</rt>护<rt>hù</rt></ruby>'
    >>> str(with_pinyin("2+1", "èr jiā yī"))
    '2+1'
    """
    from ..annotate.syllables import split_into
    from ..charclass import is_han

    han = [char for char in text if is_han(char)]
    syllables = split_into(pinyin, len(han)) if han else None
    if not syllables:
        return Markup(escape(text))
    readings = iter(syllables)
    html = "".join(f"<ruby>{escape(char)}<rt>{escape(next(readings))}</rt></ruby>" if is_han(char) else str(escape(char)) for char in text)
    return Markup(html.replace("</ruby><ruby>", ""))


class TemplatesLoader(FileSystemLoader):
    """The templates folder without its assets, which are copied into the site, not rendered.

    Pages are keyed on the templates only (`jiedu.fingerprint.templates_digest`),
    so that editing a stylesheet re-renders nothing; a template that included an
    asset would then keep showing its old text. Such an include fails instead.
    """

    def get_source(self, environment: Environment, template: str):
        if template.replace("\\", "/").lstrip("./").startswith(f"{ASSETS_FOLDER}/"):
            raise TemplateNotFound(template, f"{template}: files in templates/{ASSETS_FOLDER}/ are copied into the site as they are, "
                                   "not rendered; link to them, or move the file out of assets/ to include it")
        return super().get_source(environment, template)


def group_pages_by_article(pages) -> list[tuple[object, list]]:
    """Consecutive reading pages of the same article, as (article, pages) pairs."""
    groups: list[tuple[object, list]] = []
    for page in pages:
        if groups and groups[-1][0] is page.article:
            groups[-1][1].append(page)
        else:
            groups.append((page.article, [page]))
    return groups


def css_string(text: str) -> Markup:
    r"""A CSS string literal for use inside <style> (where HTML escapes don't apply).

    Whatever the text holds, the literal ends where it should and leaves the
    rule around it as it was: quotes and backslashes would end or change the
    string, a line break or form feed ends it (and the rule with it), other
    control characters are invalid in CSS, and `<` could close the <style>.

    >>> print(css_string('決議 "甲"</style>\f'))
    "決議 \22 甲\22 \3C /style\3E \C "
    """
    return Markup('"' + "".join(_css_string_character(character) for character in str(text)) + '"')


def _css_string_character(character: str) -> str:
    """One character as it may stand in a CSS string: itself, or its escape (hex code and a space)."""
    if character == "\0":  # CSS reads a NUL, escaped or not, as U+FFFD: say so
        return "\\FFFD "
    if character in CSS_STRING_SPECIALS or unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp"):
        return f"\\{ord(character):X} "
    return character


def trusted_markup(html: str) -> Markup:
    """Mark HTML that jiedu itself built (and escaped) as safe to print."""
    return Markup(html)
