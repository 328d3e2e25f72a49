"""Resources built once per build and passed down to the stages.

The OpenCC converters, the segmenter and readings (with the project lexicon),
the glossary, the cleaning passes and the Jinja environment are each built
here, once, from the content and templates folders. Nothing is built at
import time and nothing is kept in module globals.

The slow ones (the segmenter's dictionary, the readings model, the GBK
repair's evidence: seconds together) are built when a stage first asks for
them: a rebuild that finds every document in the cache never loads them. The
glossary, needed by every build for its keys and tooltips, is kept in the
build cache as parsed entries. What the slow ones derive from jieba's,
pypinyin's and OpenCC's data is kept there too, as tables that load in a
fraction of the time (`tables`, jiedu.table_cache): a rebuild after editing
one document pays for the few words it looks up, not for the dictionaries.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from .annotate import AnnotationResources
from .annotate.lexicon import load_lexicon
from .annotate.scripts import build_script_converter
from .config import CONFIG_NAME, SiteConfig, load_config
from .fingerprint import GLOSSARY_FOLDER, LEXICON_NAME, InputKeys, code_version, digest, read_input_keys
from .model import Problem, Severity, SourceDocument
from .paths import OUTSIDE_CONTENT, content_file_reader, display_path, is_inside_content
from .table_cache import FOLDER as TABLES_FOLDER
from .table_cache import TableCache

SCRIPT_TABLES = "script-tables"
"""The table cache's name for `BuildTools.script_tables`."""

if TYPE_CHECKING:  # the annotator's module imports numpy and jieba: only a build that annotates needs them
    from .annotate.pinyin import PinyinAnnotator


class BuildTools:
    """Everything the stages need, each built once, when first asked for."""

    def __init__(self, content_dir: Path, cache_dir: Path | None, keys: InputKeys, build_cache=None, keep_annotations: bool = False):
        self.content_dir = content_dir
        self.cache_dir = cache_dir
        self.keys = keys
        self.build_cache = build_cache
        self.annotation_cache: dict | None = {} if keep_annotations else None
        """Annotated strings of the documents built before, kept only in `serve`: there a document is
        edited a paragraph at a time, and the others are met again. A one-off build keeps none, since
        distinct real documents share almost no paragraph and the kept annotations grew each
        worker by some 6 MiB a document (100 bench documents: 935 MiB of workers' PSS at the end)."""
        self._dictionary_helper = None
        """The `wait()` of the process deriving the popup dictionary's table (`prepare_for_processing`), until `site_tables`."""
        self._site_dictionary: tuple | None = None
        """(content/cedict.txt's digest, the popup's dictionary, that file's problems): `site_dictionary`."""
        self.lexicon, lexicon_problems = load_lexicon_file(content_dir)
        self.glossary, glossary_problems = self._load_glossary()
        self.problems: list[Problem] = glossary_problems + lexicon_problems

    def _load_glossary(self):
        from .annotate.glossary import build_glossary

        key = digest(self.keys.code, self.keys.glossary_files, str(self.content_dir.resolve()))
        cached = self.build_cache.load_resource("glossary", key) if self.build_cache else None
        if cached is not None:
            entries, problems = cached
            return build_glossary(entries), problems
        glossary, problems = load_glossary_folder(self.content_dir, self.converter)
        if self.build_cache:
            self.build_cache.store_resource("glossary", key, (glossary.entries, problems))
        return glossary, problems

    @cached_property
    def slug_spelling(self):
        """pypinyin's spelling of Han text for slugs, read from its table in the cache (jiedu.slugs.PinyinSpelling);
        None before a build has stored the table."""
        from .annotate.dictionary import pypinyin_spelling

        return pypinyin_spelling(self.tables)

    def spell_for_slug(self, text: str) -> str:
        """`text` spelt in toneless pinyin for a slug, as pypinyin spells it (without loading pypinyin once its table is stored)."""
        from .slugs import spelt_in_pinyin

        return (self.slug_spelling or spelt_in_pinyin)(text)

    @cached_property
    def glossary_forms_key(self) -> str:
        """A digest of what term matching and segmentation take from the glossary: its written forms.

        Glosses, sources and explanations are not in it: editing them re-renders
        the pages that show the term and re-annotates nothing.
        """
        return digest(*(f"{entry.slug}\t{'|'.join(entry.forms)}" for entry in self.glossary.entries))

    @cached_property
    def annotation_key(self) -> str:
        """A digest of everything that annotating a string depends on besides the string: jiedu's
        code, the lexicon and the glossary's written forms (a document's key holds it)."""
        return digest(self.keys.code, self.keys.lexicon, self.glossary_forms_key)

    @cached_property
    def converter(self):
        return build_script_converter(self.tables)

    @cached_property
    def script_tables(self) -> dict:
        """Target script -> {character: counterpart}: how the browser converts pages (`assets/scripts.js`).

        Read from the table the first build stored (0.1 s of conversions spared to every build after it)."""
        from .annotate.scripts import Script
        from .render.other_script import character_tables

        stored = self.tables.load(SCRIPT_TABLES) if self.tables else None
        if stored is None:
            made = character_tables(self.converter)
            stored = (made[Script.TRADITIONAL], made[Script.SIMPLIFIED])
            if self.tables:
                self.tables.store(SCRIPT_TABLES, "", lambda: stored)
        return {Script.TRADITIONAL: stored[0], Script.SIMPLIFIED: stored[1]}

    @cached_property
    def search_fold(self) -> dict:
        """The site's Simplified character table as a str.translate mapping: the search
        index folds text with it, as the browser folds queries (jiedu.search.keys.fold_text)."""
        from .annotate.scripts import Script

        return str.maketrans(self.script_tables[Script.SIMPLIFIED])

    @cached_property
    def tables(self) -> TableCache | None:
        """Where the slow resources keep their tables between builds (none without a cache folder)."""
        from .build_cache import FOLDER

        if self.cache_dir is None:
            return None
        folder = self.build_cache.folder if self.build_cache else self.cache_dir / FOLDER
        return TableCache(folder / TABLES_FOLDER, self.keys.code)

    @cached_property
    def annotation(self) -> AnnotationResources:
        from .annotate.pinyin import build_pinyin_annotator

        pinyin = build_pinyin_annotator(self.lexicon, self.glossary.forms, self.converter.aligner, self.tables)
        return AnnotationResources(converter=self.converter, pinyin=pinyin, glossary=self.glossary)

    @cached_property
    def cleaning_resources(self):
        from .clean import build_cleaning_resources

        # The GBK repair weighs candidate readings by words it knows: the project's
        # own terms and names count as evidence, as jieba's dictionary does.
        domain_words = (*self.glossary.forms, *(entry.word for entry in self.lexicon))
        return build_cleaning_resources(domain_words, self.tables)

    @cached_property
    def cleaning_passes(self) -> tuple:
        from .clean import build_cleaning_passes

        return build_cleaning_passes(self.cleaning_resources)

    def prepare_for_processing(self, texts: Iterable[str] | None = None, cores: int = 1) -> None:
        """Build now the slow parts that `texts` will need (all of them when None).

        Before worker processes are forked, so the workers share one copy
        instead of building one each; and in `serve`, before the first edit.
        The segmenter's dictionary, otherwise filled as texts need it, is
        filled whole: many documents need most of it.

        The GBK repair's tables and the annotator's are derived from different
        data (a second or two each when the cache has none): with `cores` > 1
        a forked process derives the repair's and stores them in the cache
        while this one builds the annotator, then this one reads them. Another
        derives the popup dictionary's table, which the site-wide stages read
        (`site_tables`), from the CC-CEDICT entries this one read for the annotator.

        Resources built while their tables were derived hold the libraries' data
        whole (pypinyin's phrases, CC-CEDICT's readings, jieba's words as dicts),
        where resources read from the tables look words up in packed groups. So
        when this call stored a table, the resources are built again from the
        tables: at 1,000 documents the process went from 407 to 308 MiB (RSS)
        for 0.3 s, and every worker forked from it shares what it holds.
        """
        needs = TextNeeds.of(texts)
        stored = self._stored_tables()
        self._build_document_resources(needs, cores)
        if self._stored_tables() - stored:
            self.release_document_resources()
            gc.collect()
            self._build_document_resources(needs, cores)

    def _build_document_resources(self, needs: TextNeeds, cores: int) -> None:
        helper = self._derive_repair_tables_alongside() if needs.repair and cores > 1 else None
        if cores > 1 and self._dictionary_helper is None:
            self._dictionary_helper = self._derive_dictionary_table_alongside()
        from .search import prepare_search_tables

        _ = self.annotation, self.cleaning_passes, self.search_fold
        prepare_search_tables()
        self.annotation.pinyin.segmenter.unpack_dictionary()
        self.annotation.pinyin.segmenter.expect(needs.chars)
        if helper is not None:
            helper.join()
        if needs.repair:
            _ = self.cleaning_resources.gbk_evidence
        if needs.traditional:
            _ = self.cleaning_resources.slip_facts

    def _stored_tables(self) -> set[str]:
        """The names of the tables in the cache now."""
        return {path.name for path in self.tables.folder.glob("*.marshal")} if self.tables else set()

    def site_tables(self) -> TableCache | None:
        """`tables`, once the process deriving the popup dictionary's table into it (if any) is done."""
        if self._dictionary_helper is not None:
            wait, self._dictionary_helper = self._dictionary_helper, None
            try:
                wait()
            except Exception:  # the site-wide stages derive it themselves, and report what fails there
                pass
        return self.tables

    def site_dictionary(self, key: str) -> tuple:
        """The popup's dictionary (CC-CEDICT read only when a word must be looked up) and content/cedict.txt's
        problems; kept while that file's digest is `key`, for the next builds of a `serve` session."""
        if self._site_dictionary is None or self._site_dictionary[0] != key:
            from .dictionary import load_site_dictionary

            self._site_dictionary = (key, *load_site_dictionary(self.content_dir, self.site_tables))
        return self._site_dictionary[1:]

    def release_document_resources(self) -> None:
        """Forget what only cleaning and annotating documents use, and the process-wide
        copies of jieba's dictionary that deriving them kept: a one-off build calls this
        when its documents are built, and the site-wide stages reuse the memory (a few
        hundred MiB). Asked for again, each is built again; `serve` keeps them."""
        import sys

        for name in ("annotation", "cleaning_resources", "cleaning_passes"):
            self.__dict__.pop(name, None)
        for module, function in _PROCESS_CACHES:
            clear = getattr(getattr(sys.modules.get(module), function, None), "cache_clear", None)
            if clear is not None:  # its module imported, the function still the cached one
                clear()

    def _derive_repair_tables_alongside(self):
        """A started process deriving the GBK repair's tables into the cache; None when they are there.

        Only a missing word-scores table is looked for (the dearest); a stale
        one is found out, and derived, when the repair's evidence is read.
        """
        from multiprocessing import get_all_start_methods, get_context

        from .clean.gbk_repair.word_scores import TABLE_NAME

        if self.tables is None or (self.tables.folder / f"{TABLE_NAME}.marshal").exists() or "fork" not in get_all_start_methods():
            return None
        helper = get_context("fork").Process(target=_derive_repair_tables, args=(self.cleaning_resources,), daemon=True)
        helper.start()
        return helper

    def _derive_dictionary_table_alongside(self):
        """The `wait()` of a forked process deriving the popup dictionary's table into the cache; None when it is there.

        When the annotator's CC-CEDICT readings must be derived too, CC-CEDICT is read
        here first (0.65 s), once: the annotator uses it, and the process inherits it.
        """
        from .annotate.dictionary import CEDICT_TABLE_NAME
        from .dictionary.cedict import read_bundled
        from .dictionary.lookup import TABLE_NAME
        from .executors.local import can_fork, start_forked

        missing = lambda name: not (self.tables.folder / f"{name}.marshal").exists()  # noqa: E731 (a stale table is found out when read)
        if self.tables is None or not missing(TABLE_NAME) or not can_fork():
            return None
        if missing(CEDICT_TABLE_NAME):
            read_bundled()
        return start_forked(partial(_derive_dictionary_table, self.tables))


@dataclass(frozen=True, slots=True)
class TextNeeds:
    """What the texts about to be processed need of the slow resources (`BuildTools.prepare_for_processing`)."""

    repair: bool
    """Some text has a "?": only a "?" can be a garbled GBK character (the GBK repair's evidence)."""
    traditional: bool
    """A text read has a Traditional-only character (the Simplified slips' converters and segmenter)."""
    chars: float
    """Characters in them, counted as far as they were read (`of`)."""

    @classmethod
    def of(cls, texts: Iterable[str] | None) -> TextNeeds:
        """The needs of `texts` (None: of any text, as `serve` must be ready for), read no further than it takes
        to know whether one has a "?" and whether they hold more than the segmenter's FAST_CUTTER_AFTER
        characters, as reading all of them could cost what preparing saves. So `traditional` is what the texts
        read until then say: the others' workers build what they need themselves, as they would anyway."""
        from .annotate.segmenter import FAST_CUTTER_AFTER
        from .clean.normalize_simplified_slips import has_traditional_only

        if texts is None:
            return cls(True, True, float("inf"))
        repair = traditional = False
        chars = 0
        for text in texts:
            repair = repair or "?" in text
            traditional = traditional or has_traditional_only(text)
            chars += len(text)
            if repair and chars > FAST_CUTTER_AFTER:
                break
        return cls(repair, traditional, chars)


_PROCESS_CACHES = (
    ("jiedu.clean", "resources_in_this_process"),
    ("jiedu.clean.normalize_simplified_slips", "load_slip_facts"),
    ("jiedu.annotate.segmenter", "jieba_prefix_dictionary"),
    ("jiedu.annotate.segmenter", "packed_jieba_prefix_dictionary"),
    ("jiedu.jieba_dictionary", "read_jieba_dictionary"),
    ("jiedu.dictionary.cedict", "read_bundled"),
)
"""(module, function): the functools caches that hold the document stage's resources for a whole process."""


def _derive_dictionary_table(tables: TableCache) -> None:
    """In a forked process: build the popup's CC-CEDICT, which stores its table in the cache."""
    from .dictionary.lookup import build_dictionary

    build_dictionary((), tables)


def _derive_repair_tables(resources) -> None:
    """In a forked process: build the GBK repair's evidence, which stores its tables in the cache."""
    try:
        _ = resources.gbk_evidence
    except Exception:  # the build derives them itself, and reports what fails there
        raise SystemExit(1) from None


def load_site_config(content_dir: Path) -> tuple[SiteConfig, list[Problem]]:
    return load_config(content_dir, display_path(content_dir / CONFIG_NAME, content_dir))


def tools_for_build(content_dir: Path, build_cache, keys: InputKeys, session: dict | None) -> tuple[BuildTools, list[Problem]]:
    """The build's tools; those of the session's previous build when their inputs are the same."""
    same_inputs = (keys.code, keys.lexicon, keys.glossary_files, content_dir, build_cache.folder)
    reusable = session is not None and session.get("inputs") == same_inputs
    tools = session["tools"] if reusable else BuildTools(content_dir, build_cache.folder.parent, keys, build_cache, keep_annotations=session is not None)
    if session is not None:
        session.update(inputs=same_inputs, tools=tools)
    return tools, tools.problems


def build_resources(content_dir: Path, templates_dir: Path, cache_dir: Path | None = None) -> tuple[BuildTools, list[Problem]]:
    """The tools for one build, without a build cache (tests and one-off scripts)."""
    tools = BuildTools(content_dir, cache_dir, read_input_keys(content_dir, templates_dir))
    return tools, tools.problems


def load_lexicon_file(content_dir: Path) -> tuple[list, list[Problem]]:
    """The project lexicon's entries (none when there is no lexicon.txt)."""
    path = content_dir / LEXICON_NAME
    if not path.is_file():
        return [], []
    entries, problems = load_lexicon(path, content_file_reader(content_dir))
    return entries, [_relocated(p, path, content_dir) for p in problems]


def build_pinyin_for_cli(content_dir: Path, cache_dir: Path) -> PinyinAnnotator:
    """The annotator `python build.py pinyin` uses: the site's, lexicon and glossary included."""
    from .annotate.pinyin import build_pinyin_annotator
    from .build_cache import FOLDER

    converter = build_script_converter()
    glossary, _ = load_glossary_folder(content_dir, converter)
    lexicon, _ = load_lexicon_file(content_dir)
    tables = TableCache(cache_dir / FOLDER / TABLES_FOLDER, code_version())
    return build_pinyin_annotator(lexicon, glossary.forms, converter.aligner, tables)


def load_glossary_folder(content_dir: Path, converter):
    from pypinyin import Style, pinyin

    from .annotate.glossary import build_glossary, load_glossary

    def to_pinyin(text: str) -> str:
        return " ".join(syllables[0] for syllables in pinyin(text, style=Style.TONE))

    folder = content_dir / GLOSSARY_FOLDER
    if folder.is_dir() and not is_inside_content(folder, content_dir):  # one line for the folder, not one per entry
        return build_glossary([]), [Problem(display_path(folder, content_dir), None, OUTSIDE_CONTENT, Severity.ERROR)]
    glossary, problems = load_glossary(folder, converter.to_traditional, to_pinyin, content_file_reader(content_dir))
    return glossary, [_relocated(p, None, content_dir) for p in problems]


def load_document_fixes(content_dir: Path, source: SourceDocument):
    """The document's fixes file (`fixes/NAME.toml`), if it has one."""
    from .clean.fixes import fixes_path_for, load_fixes

    path = fixes_path_for(content_dir, source.path)
    return load_fixes(path, display_path(path, content_dir), content_file_reader(content_dir))


def _relocated(problem: Problem, path: Path | None, content_dir: Path) -> Problem:
    """Problems name files relative to the project, like every other message."""
    from dataclasses import replace

    source = Path(problem.path) if path is None else path
    return replace(problem, path=display_path(source, content_dir)) if source.is_absolute() or path else problem
