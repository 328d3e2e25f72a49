"""Resources built once per build and passed down to the stages.

The OpenCC converters, the segmenter and readings (with the project lexicon),
the glossary, the cleaning passes and the Jinja environment are each built
here, once, from the content and templates folders. Nothing is built at
import time and nothing is kept in module globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .annotate import AnnotationResources
from .annotate.pinyin import PinyinAnnotator, build_pinyin_annotator, load_lexicon
from .annotate.scripts import build_script_converter
from .config import CONFIG_NAME, SiteConfig, load_config
from .model import Problem, SourceDocument

LEXICON_NAME = "lexicon.txt"
GLOSSARY_FOLDER = "glossary"


@dataclass(frozen=True, slots=True)
class BuildTools:
    """Everything the stages need, built once."""

    cleaning_passes: tuple
    annotation: AnnotationResources
    annotation_cache: dict
    """Annotated strings from earlier documents in this build (and from disk, when cached)."""
    environment: object
    """The Jinja environment (jiedu.render.environment.make_environment)."""
    templates_dir: Path


def load_site_config(content_dir: Path) -> tuple[SiteConfig, list[Problem]]:
    return load_config(content_dir, display_path(content_dir / CONFIG_NAME, content_dir))


def build_resources(content_dir: Path, templates_dir: Path, cache_dir: Path | None = None) -> tuple[BuildTools, list[Problem]]:
    from .clean import build_cleaning_passes, build_cleaning_resources
    from .render.environment import make_environment

    converter = build_script_converter()
    glossary, glossary_problems = load_glossary_folder(content_dir, converter)
    lexicon, lexicon_problems = load_lexicon_file(content_dir)
    pinyin = build_pinyin_annotator(lexicon, extra_words=glossary.forms, aligner=converter.aligner, cache_dir=cache_dir)
    annotation = AnnotationResources(converter=converter, pinyin=pinyin, glossary=glossary)
    # The GBK repair weighs candidate readings by words it knows: the project's
    # own terms and names count as evidence, as jieba's dictionary does.
    domain_words = (*glossary.forms, *(entry.word for entry in lexicon))
    passes = build_cleaning_passes(build_cleaning_resources(extra_words=domain_words))
    tools = BuildTools(passes, annotation, {}, make_environment(templates_dir), templates_dir)
    return tools, glossary_problems + lexicon_problems


def load_lexicon_file(content_dir: Path) -> tuple[list, list[Problem]]:
    """The project lexicon's entries (none when there is no lexicon.txt)."""
    path = content_dir / LEXICON_NAME
    if not path.is_file():
        return [], []
    entries, problems = load_lexicon(path)
    return entries, [_relocated(p, path, content_dir) for p in problems]


def build_pinyin_for_cli(content_dir: Path, cache_dir: Path) -> PinyinAnnotator:
    """The annotator `python build.py pinyin` uses: the site's, lexicon and glossary included."""
    converter = build_script_converter()
    glossary, _ = load_glossary_folder(content_dir, converter)
    lexicon, _ = load_lexicon_file(content_dir)
    return build_pinyin_annotator(lexicon, extra_words=glossary.forms, aligner=converter.aligner, cache_dir=cache_dir)


def load_glossary_folder(content_dir: Path, converter):
    from pypinyin import Style, pinyin

    from .annotate.glossary import load_glossary

    def to_pinyin(text: str) -> str:
        return " ".join(syllables[0] for syllables in pinyin(text, style=Style.TONE))

    glossary, problems = load_glossary(content_dir / GLOSSARY_FOLDER, converter.to_traditional, to_pinyin)
    return glossary, [_relocated(p, None, content_dir) for p in problems]


def load_document_fixes(content_dir: Path, source: SourceDocument):
    """The document's fixes file (`fixes/NAME.toml`), if it has one."""
    from .clean.fixes import fixes_path_for, load_fixes

    path = fixes_path_for(content_dir, source.path)
    return load_fixes(path, display_path(path, content_dir))


def display_path(path: Path, content_dir: Path) -> str:
    try:
        return path.resolve().relative_to(content_dir.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def _relocated(problem: Problem, path: Path | None, content_dir: Path) -> Problem:
    """Problems name files relative to the project, like every other message."""
    from dataclasses import replace

    source = Path(problem.path) if path is None else path
    return replace(problem, path=display_path(source, content_dir)) if source.is_absolute() or path else problem
