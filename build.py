#!/usr/bin/env python3
"""jiedu (解读): build a clean, annotated reading site from raw Chinese documents.

    python build.py                      build content/ into site/
    python build.py build --content DIR --out DIR [--strict]
    python build.py serve [--host H] [--port P]   build, serve and rebuild on change
    python build.py pinyin [TEXT] [--json]        print readings (stdin when no TEXT)

The build is a pipeline, read top to bottom in `build_site`:
ingest -> clean -> structure -> annotate -> render -> write.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from jiedu.report import BuildReport, print_summary

PROJECT_DIR = Path(__file__).resolve().parent
DEFAULT_CONTENT = PROJECT_DIR / "content"
DEFAULT_OUT = PROJECT_DIR / "site"
DEFAULT_TEMPLATES = PROJECT_DIR / "templates"


def build_site(content_dir: Path, out_dir: Path, templates_dir: Path, cache_dir: Path | None = None) -> BuildReport:
    """Build the whole site; raises only for problems that stop the build."""
    from jiedu import annotate, ingest, render, resources, structure, write
    from jiedu.clean import clean_document

    write.check_output_folder(out_dir, content_dir, PROJECT_DIR)
    report = BuildReport(content_dir)
    config = report.take(*resources.load_site_config(content_dir))
    cache_dir = cache_dir or out_dir.resolve().parent / ".cache"
    tools = report.take(*resources.build_resources(content_dir, templates_dir, cache_dir))
    sources = report.take(*ingest.read_content_folder(content_dir))
    documents = []
    for source in sources:
        with report.guard(source.path):
            fixes = report.take(*resources.load_document_fixes(content_dir, source))
            cleaned = clean_document(source, tools.cleaning_passes, fixes)
            document = structure.structure_document(source, cleaned, fixes)
            documents.append(annotate.annotate_document_in_script(document, tools.annotation, tools.annotation_cache))
            report.add_document(document)
    report.missing_terms = annotate.find_missing_terms(documents, tools.annotation)
    pages = render.render_site(documents, config, tools, report.problems, report.missing_terms)
    report.pages = write.write_site(pages, out_dir)
    report.out_dir = out_dir
    return report


def run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        report = build_site(args.content, args.out, args.templates, cache_dir=args.cache)
    except Exception as error:  # reported as one line; the previous site is untouched
        from jiedu.report import describe_fatal_error

        print(describe_fatal_error(error, PROJECT_DIR), file=sys.stderr)
        return 1
    print_summary(report, time.perf_counter() - started, verbose=args.verbose)
    return 1 if args.strict and report.problems else 0


def run_serve(args: argparse.Namespace) -> int:
    from jiedu.serve import serve

    def builder() -> BuildReport:
        return build_site(args.content, args.out, args.templates, cache_dir=args.cache)

    watched = [args.content, args.templates, PROJECT_DIR / "jiedu"]
    return serve(builder, args.out, watched, host=args.host, port=args.port)


def run_pinyin(args: argparse.Namespace) -> int:
    from jiedu.annotate.pinyin import run_pinyin_command
    from jiedu.resources import build_pinyin_for_cli

    annotator = build_pinyin_for_cli(args.content, PROJECT_DIR / ".cache")
    lines = [args.text] if args.text is not None else (line.rstrip("\n") for line in sys.stdin)
    return run_pinyin_command(lines, as_json=args.json, out=sys.stdout, annotator=annotator)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(command="build", func=run_build)
    commands = parser.add_subparsers(title="commands", metavar="{build,serve,pinyin}")
    for name, func, help_text in (
        ("build", run_build, "build the site (the default)"),
        ("serve", run_serve, "build, serve on localhost and rebuild when files change"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(command=name, func=func)
        _add_build_options(command)
        if name == "serve":
            command.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
            command.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    pinyin = commands.add_parser("pinyin", help="print text with pinyin readings", description="Print each input line with pinyin readings, as the site shows them.")
    pinyin.set_defaults(command="pinyin", func=run_pinyin)
    pinyin.add_argument("text", nargs="?", help="text to annotate (default: read lines from standard input)")
    pinyin.add_argument("--json", action="store_true", help="one JSON array per line: a reading per character, null for non-Han")
    pinyin.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder whose lexicon.txt to use (default: content/)")
    _add_build_options(parser)
    return parser.parse_args(argv)


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="folder with documents/, glossary/, lexicon.txt, fixes/ and site.toml (default: content/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder, replaced atomically (default: site/)")
    parser.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, help="Jinja templates and assets/ (default: templates/)")
    parser.add_argument("--cache", type=Path, default=None, help="folder for caches (the word segmenter's dictionary today) (default: .cache/ beside the output folder)")
    parser.add_argument("--strict", action="store_true", help="exit non-zero when there is any warning")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every change the cleaning passes made")


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    # jieba logs "Building prefix dict…" at DEBUG on every start (and resets its
    # logger's level when imported): our messages are the report.
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
