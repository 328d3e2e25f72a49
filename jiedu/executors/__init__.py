"""Where the documents that need work are built: this process, forked workers, or a Dask cluster.

An executor has one method, `build(job, plans)`, which yields each planned
document's `DocumentResult` in the order of `plans`, its pages written into
the job's staging folder and its values stored in the job's build cache. How
the work is shared is its own business:

* `InProcess` builds one document after another (few documents, or no `fork`);
* `ForkedWorkers` forks worker processes that inherit the build's resources
  (copy-on-write) and write their pages themselves (jiedu.executors.local);
* `DaskCluster` sends each document to a Dask cluster's workers, which make
  its values and pages from resources built once per worker; this process
  stores and writes what comes back (jiedu.executors.cluster).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Protocol

WORK_PER_WORKER = 8
"""Forking a worker pays for itself only with this much work for it: one unit
is a document to clean and annotate; rendering a document's pages is a quarter
(measured on the benchmark corpus: about 150 ms against 40 ms per document)."""

RENDER_WORK = 0.25


class Executor(Protocol):
    def build(self, job, plans: list) -> Iterator:
        """The DocumentResult of every PlannedDocument in `plans`, in order."""


class InProcess:
    """Every document in this process, one after another."""

    def build(self, job, plans: list) -> Iterator:
        from ..documents import build_document

        return (build_document(plan, job) for plan in plans)


def choose_executor(needs: list[str], workers: int | None, scheduler: str | None) -> Executor:
    """The executor for documents needing `needs` ("process" or "render" each).

    With a scheduler address, its cluster (when there is anything to do);
    else forked workers when the work pays for their start, capped at `workers`
    (default: one per core), else this process.

    >>> type(choose_executor(["render"] * 100, 4, None)).__name__  # 25 units of work: 3 workers would each get 8
    'ForkedWorkers'
    >>> type(choose_executor(["process"] * 10, 4, None)).__name__
    'InProcess'
    """
    from .local import ForkedWorkers, can_fork

    if scheduler and needs:
        try:
            from .cluster import DaskCluster
        except ImportError as error:
            raise ClusterUnavailableError(f"--scheduler needs Dask, which is not installed ({error}): pip install 'jiedu[cluster]'") from None
        return DaskCluster(scheduler)
    work = needs.count("process") + RENDER_WORK * needs.count("render")
    count = min(workers or available_cores(), int(work // WORK_PER_WORKER))
    return ForkedWorkers(count) if count >= 2 and can_fork() else InProcess()


class ClusterUnavailableError(Exception):
    """A scheduler was given but Dask is not installed."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
