"""The cleaning report for authors: every change, uncertain spans first,
build problems, and formula terms that have no glossary entry yet.

`report/index.html` holds the summary of every document (counts per pass,
uncertain spans, repairs); each document's full change table is its own page,
`report/DOC.html`, so the index stays small on a big corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from .change_diff import change_html
from .pages import Page, RenderContext
from .site_entry import REPAIR_PASSES

REPORT_ROOT = "../"
MISSING_TERMS_SHOWN = 60


def render_report_index(problems: list, missing_terms: list, entries: list, context: RenderContext) -> Page:
    """report/index.html: every document's summary, build problems, missing terms."""
    documents = [_document_report(entry) for entry in entries]
    html = context.render("report.html", documents=documents, problems=problems, missing_terms=missing_terms[:MISSING_TERMS_SHOWN], **_report_values(context))
    return Page("report/index.html", html)


def render_document_report(entry, changes: tuple, context: RenderContext) -> Page:
    """report/DOC.html: every change (jiedu.model.Change) the cleaning made to one document (a SiteEntry),
    a table per pass in the order the passes ran, each change shown once with its edit marked."""
    document = {**_document_report(entry), "passes": pass_tables(changes)}
    values = {**_report_values(context), "page_title": document["title"], "doc": document}
    return Page(f"report/{entry.slug}.html", context.render("report_document.html", **values))


@dataclass(frozen=True, slots=True)
class PassChanges:
    """One pass's rows of a document's report page."""

    name: str
    rows: list
    """(change, its HTML from `change_html`) in the order the pass made them."""
    note: str
    """The reason every row gives, when they all give the same one (said once, above the table); else ""."""


def pass_tables(changes: tuple) -> list[PassChanges]:
    """The changes grouped by the pass that made them, passes in the order they first changed something."""
    grouped: dict[str, list] = {}
    for change in changes:
        grouped.setdefault(change.pass_name, []).append(change)
    passes = []
    for name, rows in grouped.items():
        notes = {change.note for change in rows}
        note = notes.pop() if len(notes) == 1 and len(rows) > 1 else ""
        passes.append(PassChanges(name, [(change, change_html(change.before, change.after)) for change in rows], note))
    return passes


def _report_values(context: RenderContext) -> dict:
    return context.common(REPORT_ROOT, "en", context.common(REPORT_ROOT, "en", "")["labels"]["report"])


def _document_report(entry) -> dict:
    """What the report's index shows of one document (a SiteEntry)."""
    noted = entry.noted_changes
    return {
        "entry": entry,
        "title": entry.title,
        "counts": entry.change_counts,
        "total": sum(count for _, count in entry.change_counts),
        "uncertain": [change for change in noted if change.uncertain],
        "repairs": [change for change in noted if change.pass_name in REPAIR_PASSES and not change.uncertain],
    }
