#!/usr/bin/env python3
"""jiedu (解读): build a clean, annotated reading site from raw Chinese documents.

    python build.py                      build content/ into site/
    python build.py build --content DIR --out DIR [--strict]
    python build.py serve [--host H] [--port P]   build, serve and rebuild on change
    python build.py pinyin [TEXT] [--json]        print readings (stdin when no TEXT)
    python build.py readings [FILE ...]           list words read otherwise than CC-CEDICT reads them

The build is a pipeline, read top to bottom in `build_site`:
ingest -> clean -> structure -> annotate -> render -> write.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from pathlib import Path

from jiedu.report import BuildReport, print_summary

PROJECT_DIR = Path(__file__).resolve().parent
DEFAULT_CONTENT = PROJECT_DIR / "content"
DEFAULT_OUT = PROJECT_DIR / "site"
DEFAULT_TEMPLATES = PROJECT_DIR / "templates"


def build_site(content_dir: Path, out_dir: Path, templates_dir: Path, cache_dir: Path | None = None, session: dict | None = None, jobs: int | None = None,
               scheduler: str | None = None) -> BuildReport:
    """Build the whole site; raises only for problems that stop the build.

    Incremental: documents and pages whose inputs did not change since the
    last build of `out_dir` are taken from the build cache (jiedu/documents.py).
    `session` keeps the slow resources between the builds of one process (`serve`);
    `jobs` caps the worker processes (default: one per core); `scheduler`, a Dask
    scheduler's address, sends the documents that need work to its cluster instead.
    """
    from jiedu import write
    from jiedu.build_lock import hold_build_lock

    # Document keys hold their file's path: spelt one way (absolute, links
    # resolved) so that `--content content` and `--content /abs/content` share a cache.
    content_dir, templates_dir = content_dir.resolve(), templates_dir.resolve()
    write.check_output_folder(out_dir, content_dir, PROJECT_DIR)
    with hold_build_lock(out_dir):  # one build of a folder at a time, from reading its last state to the swap
        return _build_site_locked(content_dir, out_dir, templates_dir, cache_dir, session, jobs, scheduler)


def _build_site_locked(content_dir: Path, out_dir: Path, templates_dir: Path, cache_dir: Path | None, session: dict | None, jobs: int | None,
                       scheduler: str | None) -> BuildReport:
    from jiedu import write
    from jiedu.build_cache import FOLDER, BuildCache
    from jiedu.file_digests import FileDigests
    from jiedu.fingerprint import digest, read_build_inputs

    cache_dir = cache_dir or out_dir.resolve().parent / ".cache"
    digests = FileDigests.load(cache_dir / FOLDER, digest)  # files unchanged since the last build are not read again
    inputs = read_build_inputs(content_dir, templates_dir, digests)
    cache = BuildCache.open(cache_dir, inputs.keys.code)
    if session is not None:  # keep the entries already read (they are keyed by content: never stale)
        cache = session.setdefault(("cache", cache.folder, inputs.keys.code), cache)
        cache.keep_for_session()  # and the last state and index in memory, written to disk behind each build
        cache.wait_for_writes()
    previous = cache.previous_build(out_dir)
    if session is not None:  # `serve`: have the slow resources ready for the first edit
        _tools_for_session(content_dir, cache, inputs, session)
    if previous is not None and previous.inputs == inputs.digest:
        digests.save()
        return dataclasses.replace(previous.report, unchanged=True)

    from jiedu import documents, ingest, render, resources
    from jiedu.annotate.glossary import rank_site_candidates
    from jiedu.render.site_entry import forget_unpacked_but, keep_unpacked
    from jiedu.dictionary import explain_site_words, shard_page_keys
    from jiedu.search import index_memory, start_site_search

    keep_unpacked(session.setdefault("unpacked", {}) if session is not None else None)  # `serve` keeps entries and their parts
    report = BuildReport(content_dir)
    config = report.take(*resources.load_site_config(content_dir))
    tools = report.take(*resources.tools_for_build(content_dir, cache, inputs.keys, session))
    sources = report.take(*ingest.read_content_folder(content_dir, config.readers, cache, workers=jobs, spell=tools.spell_for_slug, digests=digests))
    context = render.make_render_context(templates_dir, inputs.keys.templates, config, tools.glossary, tools.script_tables, cache.checked_compiled_templates())
    with write.staged_site(out_dir, inputs.digest) as site:
        job = documents.DocumentJob(content_dir, tools, context, cache, site.folder, previous.documents if previous else {}, templates_dir=templates_dir)
        built = documents.build_documents(sources, job, site, jobs, scheduler)
        results = [report.add_document_result(source, result) for source, result in zip(sources, built)]
        if session is None:  # `serve` keeps them for the next edit
            tools.release_document_resources()
        entries = [result.entry for result in results if result.entry]
        entry_keys = [result.cache_key for result in results if result.entry]
        report.missing_terms, report.missing_term_count = rank_site_candidates(entries, entry_keys, session, render.MISSING_TERMS_SHOWN)
        document_pages = [path for result in results if result.pages for path in result.pages.paths]
        page_keys = render.site_page_keys(entries, context)
        # The search index is made (in a forked process for a one-off build) while the popup's words are looked up.
        search = start_site_search(entries, index_memory(cache, session, results, tools.search_fold), site, previous.site_pages if previous else {},
                                   separately=session is None and jobs != 1)
        dictionary = report.take(*tools.site_dictionary(inputs.keys.user_dictionary))
        words = explain_site_words(entries, dictionary, cache, inputs.keys.user_dictionary, entry_keys)
        page_keys |= shard_page_keys(words)  # the popup's word files, carried over when the words explain alike
        kept = write.reuse_unchanged(site, previous.site_pages if previous else {}, page_keys)
        search_keys = report.take(*search.finish())
        site_pages = render.render_site_pages(entries, document_pages, context, report.problems, report.missing_terms, templates_dir, kept, words)
        write.write_files(site_pages, site.folder)
        forget_unpacked_but(entries)
        report.pages = site.count_files()
    report.out_dir = out_dir
    cache.remember_build(out_dir, inputs.digest, sources, results, report, page_keys | search_keys)
    search.settle()  # the index kept for the next build, written meanwhile by the process that made it
    digests.save()
    if session is not None:  # `serve`: this build's garbage collected and the rest set aside while the reader looks
        from jiedu.heap import settle_heap

        cache.after_writes(settle_heap)
    return report


def _tools_for_session(content_dir: Path, cache, inputs, session: dict) -> None:
    from jiedu import resources

    tools, _ = resources.tools_for_build(content_dir, cache, inputs.keys, session)
    tools.prepare_for_processing()


def run_build(args: argparse.Namespace) -> int:
    from jiedu.build_lock import BuildLockedError
    from jiedu.cache_safety import UnsafeCacheError

    started = time.perf_counter()
    try:
        report = build_site(args.content, args.out, args.templates, cache_dir=args.cache, jobs=args.jobs, scheduler=args.scheduler)
    except (BuildLockedError, UnsafeCacheError) as error:  # nothing was touched; the message says what to do
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stopped:  # Ctrl-C or SIGTERM (jiedu.interrupt): the staged site was removed on the way out
        from jiedu.interrupt import TERMINATED_STATUS, Terminated

        if isinstance(stopped, Terminated):
            print("Terminated; the previous site was left as it was.", file=sys.stderr)
            return TERMINATED_STATUS
        print("Interrupted; the previous site was left as it was.", file=sys.stderr)
        return 130
    except Exception as error:  # reported as one line; the previous site is untouched
        from jiedu.report import describe_fatal_error

        print(describe_fatal_error(error, PROJECT_DIR), file=sys.stderr)
        return 1
    print_summary(report, time.perf_counter() - started, verbose=args.verbose)
    return 1 if args.strict and report.problems else 0


def run_serve(args: argparse.Namespace) -> int:
    from jiedu.serve import serve

    session: dict = {}  # the slow resources, kept between rebuilds

    def builder() -> BuildReport:
        return build_site(args.content, args.out, args.templates, cache_dir=args.cache, session=session, jobs=args.jobs, scheduler=args.scheduler)

    code = [PROJECT_DIR / "jiedu", PROJECT_DIR / "build.py"]
    return serve(builder, args.out, [args.content, args.templates], host=args.host, port=args.port, restart_on=code)


def run_pinyin(args: argparse.Namespace) -> int:
    from jiedu.annotate.pinyin import run_pinyin_command
    from jiedu.resources import build_pinyin_for_cli

    annotator = build_pinyin_for_cli(args.content, PROJECT_DIR / ".cache")
    lines = [args.text] if args.text is not None else (line.rstrip("\n") for line in sys.stdin)
    return run_pinyin_command(lines, as_json=args.json, out=sys.stdout, annotator=annotator)


def run_readings(args: argparse.Namespace) -> int:
    from jiedu.dictionary.disagreements import run_readings_command

    return run_readings_command(args.content.resolve(), args.files, PROJECT_DIR / ".cache", sys.stdout)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(command="build", func=run_build)
    commands = parser.add_subparsers(title="commands", metavar="{build,serve,pinyin,readings}")
    for name, func, help_text in (
        ("build", run_build, "build the site (the default)"),
        ("serve", run_serve, "build, serve on localhost and rebuild when files change"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(command=name, func=func)
        _add_build_options(command, leave_defaults=True)
        if name == "serve":
            command.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
            command.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    pinyin = commands.add_parser("pinyin", help="print text with pinyin readings", description="Print each input line with pinyin readings, as the site shows them.")
    pinyin.set_defaults(command="pinyin", func=run_pinyin)
    pinyin.add_argument("text", nargs="?", help="text to annotate (default: read lines from standard input)")
    pinyin.add_argument("--json", action="store_true", help="one JSON array per line: a reading per character, null for non-Han")
    pinyin.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder whose lexicon.txt to use (default: content/)")
    readings = commands.add_parser("readings", help="list words jiedu reads otherwise than CC-CEDICT", description="List the words whose reading is none of CC-CEDICT's, to settle in lexicon.txt.")
    readings.set_defaults(command="readings", func=run_readings)
    readings.add_argument("files", nargs="*", type=Path, help="more document files to check, besides the content folder's")
    readings.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder whose documents, lexicon.txt and cedict.txt to use (default: content/)")
    _add_build_options(parser)
    return parser.parse_args(argv)


def _add_build_options(parser: argparse.ArgumentParser, *, leave_defaults: bool = False) -> None:
    """The build options, accepted before the command and after it.

    A command's own parser is given ``leave_defaults``: an option it was not
    given then keeps the value from before the command (or the main parser's
    default), where argparse would otherwise reset it to the default, so
    ``build.py --content X build`` builds X.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if leave_defaults else value

    parser.add_argument("--content", type=Path, default=default(DEFAULT_CONTENT), help="folder with documents/, glossary/, lexicon.txt, fixes/ and site.toml (default: content/)")
    parser.add_argument("--out", type=Path, default=default(DEFAULT_OUT), help="output folder, replaced atomically (default: site/)")
    parser.add_argument("--templates", type=Path, default=default(DEFAULT_TEMPLATES), help="Jinja templates and assets/ (default: templates/)")
    parser.add_argument("--cache", type=Path, default=default(None), help="folder for the build cache (finished documents, the segmenter's dictionary); deleting it only costs time (default: .cache/ beside the output folder)")
    parser.add_argument("--strict", action="store_true", default=default(False), help="exit non-zero when there is any warning")
    parser.add_argument("-j", "--jobs", type=int, default=default(None), help="worker processes for documents that need work (default: one per core; 1: none)")
    parser.add_argument("--scheduler", default=default(None), metavar="ADDRESS", help="send the documents that need work to the Dask cluster of this scheduler (e.g. tcp://10.0.0.5:8786; needs jiedu[cluster])")
    parser.add_argument("-v", "--verbose", action="store_true", default=default(False), help="print every change the cleaning passes made")


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    # jieba logs "Building prefix dict…" at DEBUG on every start (and resets its
    # logger's level when imported, so a filter, which stays): our messages are
    # the report. jieba itself is imported only by a build that needs it.
    logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)
    from jiedu.interrupt import stop_quietly_on_interrupt

    stop_quietly_on_interrupt()  # Ctrl-C or SIGTERM: one line from this process, nothing from the build's workers
    return args.func(args)


if __name__ == "__main__":
    from jiedu.process_exit import exit_now

    exit_now(main())  # as sys.exit, without freeing the build's objects one by one (jiedu.process_exit)
