"""Forked worker processes: they inherit the build's resources and write their documents' pages themselves."""

from __future__ import annotations

import gc
import multiprocessing
from dataclasses import replace
from collections.abc import Callable, Iterator

DOCUMENTS_PER_WORKER_LIFE = 100
"""A worker is replaced (forked afresh from the parent) after this many documents,
so the caches it grows (readings of sentences, GBK decisions) and the parent's pages
it comes to copy stay bounded on a big corpus. 1,000 bench documents, 2 workers:
at 200, peak PSS 1,100 MiB in 109.6 s (178.9 s CPU); at 100, 1,053 MiB in 109.6 s
(178.9 s CPU). At 50, with bigger annotator caches, a 200-document build took
about 10 % longer."""

_JOB = None
"""The job a forked worker inherited (set just before the pool forks): what
travels to a worker per document is then only its PlannedDocument."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ForkedWorkers:
    """`workers` forked processes sharing the parent's resources (copy-on-write)."""

    def __init__(self, workers: int):
        self.workers = workers

    def build(self, job, plans: list) -> Iterator:
        """Build the slow resources once here, then fork; only small results travel back.

        Workers write their pages and cache entries themselves, so a
        thousand-document build never holds all annotations at once.
        """
        global _JOB
        from ..documents import with_complete_source

        # The slow resources the texts to process need are built here, before the fork, once for all workers.
        # The texts are read one at a time for that, and again by the worker that processes each: held here
        # all at once, 10,000 documents' texts took some 240 MB that every worker would share.
        to_process = [plan for plan in plans if plan.work == "process"]
        if to_process:
            job.tools.prepare_for_processing((with_complete_source(plan, job).source.text or "" for plan in to_process), cores=self.workers)
        _JOB = job
        # What exists at a fork is moved out of the collector's sight, here and in each worker as it starts
        # (a replacement worker inherits the results gathered since), so that collections do not write to it.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(self.workers, initializer=gc.freeze, maxtasksperchild=DOCUMENTS_PER_WORKER_LIFE) as pool:
                for planned, result in zip(plans, pool.imap(_build_in_worker, plans)):
                    yield _with_entry(result, planned, job)
        finally:
            _JOB = None
            gc.unfreeze()


def _with_entry(result, planned, job):
    """The result with its SiteEntry: the parent's own copy where the worker left it out."""
    if result.entry is None and result.error is None:
        return replace(result, entry=job.cache.load_entry(planned.key))
    return result


def _build_in_worker(planned):
    from ..documents import WorkerError, build_document

    try:
        result = build_document(planned, _JOB)
        # A document only rendered again was planned from its cached SiteEntry, which the parent holds:
        # sending the worker's copy back would cost a pickle each way and a second copy in the parent
        # (at 1,000 documents, 1.2 GiB of duplicates).
        return replace(result, entry=None) if planned.work != "process" and result.entry is not None else result
    except Exception as error:  # sent back to the parent, which stops the build
        raise WorkerError.from_error(error) from None


def start_forked(function: Callable[[], object], then: Callable[[], object] | None = None) -> Callable[[], object]:
    """Run `function()` in a forked process while this one goes on; returns a `wait()` that gives
    its result (which must pickle) or raises what it raised. The parent's objects are frozen out of
    the collector's sight meanwhile, so that the child's collections do not copy their pages.

    With `then`, the process goes on with `then()` once it has answered: work whose outcome this
    process does not need (a cache to write). `wait()` then returns as soon as the answer is in,
    and `wait.done()` waits for the process to end (a failure of `then` only costs what it writes)."""
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def run() -> None:
        try:
            outcome = (True, function())
        except BaseException as error:  # noqa: BLE001 (handed to the parent, which raises it)
            outcome = (False, error)
        try:
            sender.send(outcome)
        except Exception as error:  # an error that does not pickle: its description does
            sender.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}; then: {error}")))
        sender.close()
        if then is not None and outcome[0]:
            then()

    gc.freeze()
    try:
        process = multiprocessing.get_context("fork").Process(target=run, daemon=True)
        process.start()
    finally:
        gc.unfreeze()
    sender.close()

    def wait():
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"a worker process ended without an answer (exit code {process.exitcode})") from None
        finally:
            receiver.close()
        if then is None or not succeeded:
            process.join()
        if not succeeded:
            raise value
        return value

    wait.done = process.join
    return wait
