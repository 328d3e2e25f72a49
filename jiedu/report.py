"""What a build tells its user: problems (file and line), changes, a summary.

Messages go to stderr, one line each, with a summary at the end; `--verbose`
adds every change the cleaning passes made.
"""

from __future__ import annotations

import dataclasses
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .model import Problem, Severity
from .paths import display_path, one_line


MISSING_TERMS_SHOWN = 8


@dataclass
class DocumentSummary:
    path: str
    title: str
    articles: int
    changes_per_pass: dict
    uncertain: list
    processed: bool = True
    """Cleaned in this build (False: taken from the cache)."""


@dataclass
class BuildReport:
    """Collects problems and per-document summaries while a build runs."""

    content_dir: Path
    problems: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    pages: int = 0
    out_dir: Path | None = None
    missing_terms: list = field(default_factory=list)
    """Formula-like terms with no glossary entry, most formula-like and widely used first: as many as the report shows."""
    missing_term_count: int = 0
    """How many there are in all."""
    unchanged: bool = False
    """True when nothing had changed since the last build, which is this report."""
    processed: int = 0
    """Documents cleaned, structured and annotated by this build (the others came from the cache)."""
    rendered: int = 0
    """Documents whose pages this build rendered (the others' pages were kept)."""

    def display_path(self, path: Path) -> str:
        return display_path(path, self.content_dir)

    def take(self, value, problems):
        """Keep a stage's problems and hand back its value."""
        self.problems.extend(_named_for_user(problem, self) for problem in problems)
        return value

    def add_document_result(self, source, result):
        """Take one document's outcome (jiedu.documents.DocumentResult) and hand it back."""
        self.problems.extend(result.problems)
        if result.error:
            self.problems.append(Problem(self.display_path(source.path), None, result.error, Severity.ERROR))
        if result.entry:
            self.add_entry(result.entry, result.processed)
        self.processed += result.processed
        self.rendered += result.rendered
        return result

    def add_entry(self, entry, processed: bool = True) -> None:
        """Summarize one document (a SiteEntry) and keep its problems."""
        uncertain = [change for change in entry.noted_changes if change.uncertain]
        path = self.display_path(entry.source_path)
        self.documents.append(DocumentSummary(path, entry.title, entry.article_count, dict(entry.change_counts), uncertain, processed))
        self.problems.extend(_named_for_user(problem, self) for problem in entry.problems)


def _named_for_user(problem: Problem, report: BuildReport) -> Problem:
    """Problems name files as the user types them, relative to the project."""
    if not Path(problem.path).is_absolute():
        return problem
    return dataclasses.replace(problem, path=report.display_path(Path(problem.path)))


def print_summary(report: BuildReport, seconds: float, verbose: bool = False, stream=None, where_to_open: bool = True) -> None:
    stream = stream or sys.stderr
    for problem in report.problems:
        print(str(problem), file=stream)
    # What the cleaning did is listed for the documents cleaned in this build; a
    # rebuild of a big corpus should not repeat a thousand unchanged lines.
    listed = [summary for summary in report.documents if verbose or (summary.processed and not report.unchanged)]
    for summary in listed:
        passes = ", ".join(f"{name} {count}" for name, count in sorted(summary.changes_per_pass.items())) or "no changes"
        flag = f"; {len(summary.uncertain)} uncertain span(s) marked" if summary.uncertain else ""
        print(f"{one_line(summary.path)}: {summary.articles} article(s); {passes}{flag}", file=stream)
        for change in summary.uncertain:
            print(f"  uncertain at line {change.line}: {change.before!r} ({change.note})", file=stream)
    if len(listed) < len(report.documents):
        print(f"{len(report.documents) - len(listed)} document(s) unchanged since they were last cleaned (their changes: report/index.html, or -v)", file=stream)
    if report.missing_terms:
        top = "、".join(f"{m.candidate} ({m.documents} doc{'s' if m.documents > 1 else ''})" for m in report.missing_terms[:MISSING_TERMS_SHOWN])
        print(f"{report.missing_term_count} formula-like term(s) have no glossary entry yet: {top} … (the first {len(report.missing_terms)} in report/index.html)", file=stream)
    errors = sum(1 for p in report.problems if p.severity is Severity.ERROR)
    warnings = len(report.problems) - errors
    if report.unchanged:
        print(f"Nothing changed since the last build ({len(report.documents)} document(s), {report.pages} files, checked in {seconds:.1f} s): {errors} error(s), {warnings} warning(s).", file=stream)
    else:
        work = f" ({report.processed} cleaned and annotated, {report.rendered} rendered, the rest from the cache)" if report.processed < len(report.documents) else ""
        print(f"Built {len(report.documents)} document(s){work}, {report.pages} files in {seconds:.1f} s: {errors} error(s), {warnings} warning(s).", file=stream)
    if report.out_dir is not None and where_to_open:
        index = report.out_dir / "index.html"
        print(f"Open {one_line(str(index))} in a browser, or run `make serve` (python build.py serve) and open http://127.0.0.1:8000/", file=stream)


def describe_fatal_error(error: Exception, project_dir: Path) -> str:
    """One line for an error that stopped the build (template errors name file and line).

    Errors raised in a worker process arrive as jiedu.documents.WorkerError,
    which carries the original kind and place.
    """
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    kind = getattr(error, "kind", None) or type(error).__name__
    message = getattr(error, "message", None) or error
    if name and line:
        return one_line(f"{_relative_to(name, project_dir)}:{line}: error: {kind}: {message}; the previous site was left as it was")
    where = getattr(error, "where", None) or innermost_frame(error)
    return one_line(f"error: {message} ({kind} at {where}); the previous site was left as it was")


def _relative_to(name: str, project_dir: Path) -> str:
    """A file name as the user types it: relative to the project when it is inside it."""
    try:
        return Path(name).resolve().relative_to(project_dir.resolve()).as_posix()
    except (ValueError, OSError):
        return name


def innermost_frame(error: BaseException) -> str:
    """FILE:LINE of the innermost frame of an error's traceback, "?" without one."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"
