"""Documents built on a Dask cluster (the optional extra jiedu[cluster]).

Each document that needs work is sent to the cluster with what it needs
beyond the build's shared resources (its PlannedDocument, and its cached
values when only its pages are out of date). A worker makes its values and
pages (`jiedu.documents.make_document`) and sends them back; this process
stores them in the build cache and writes the pages, as a local build does,
so the site is byte for byte the same.

The shared resources (glossary, segmenter, readings, converters, templates)
are far too big to send with every document. A worker builds them once, from
the content and templates folders, when its first document arrives, and keeps
them in a worker plugin named after the build's inputs
(`ResourceRecipe.plugin_name`): a rebuild with the same inputs finds them
ready. Hence the assumptions, checked on each worker: it imports the same
jiedu (same code digest) and reads the same content and templates folders at
the same paths (a shared or synchronised file system). The build cache and
the output folder need only be on this machine.

This module imports `distributed`: it is imported only when a scheduler
address is given.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from distributed import Client, WorkerPlugin, as_completed, get_worker

from ..config import SiteConfig
from ..fingerprint import InputKeys, digest

PLUGIN_PREFIX = "jiedu-resources-"
IN_FLIGHT_PER_WORKER = 4
"""Documents sent ahead per worker: enough that none waits for the next, few
enough that a corpus of a million articles is not all in the scheduler's memory."""


@dataclass(frozen=True, slots=True)
class ResourceRecipe:
    """What a worker builds the build's shared resources from: folders and the digests they must have."""

    content_dir: Path
    templates_dir: Path
    keys: InputKeys
    """The digests of the code, lexicon, glossary and templates this process read."""
    config: SiteConfig

    @property
    def plugin_name(self) -> str:
        return PLUGIN_PREFIX + digest(repr(self))


class WorkerResources(WorkerPlugin):
    """The shared resources of one build, on one worker, built when its first document needs them."""

    idempotent = True
    """Registered again by every build: a worker that has them for these inputs keeps them."""

    def __init__(self, recipe: ResourceRecipe):
        self.recipe = recipe
        self.local_directory: Path | None = None
        self._resources = None
        self._lock = threading.Lock()

    def __getstate__(self):  # sent to workers as its recipe alone
        return {"recipe": self.recipe}

    def __setstate__(self, state):
        self.__init__(state["recipe"])

    def setup(self, worker) -> None:
        """Drop other builds' resources: a worker keeps one build's at a time (they take hundreds of MiB)."""
        self.local_directory = Path(worker.local_directory)
        for name, plugin in list(worker.plugins.items()):
            if name.startswith(PLUGIN_PREFIX) and plugin is not self:
                plugin.drop()

    def drop(self) -> None:
        with self._lock:
            self._resources = None

    def resources(self) -> tuple:
        """(BuildTools, RenderContext), built on first use (one build at a time even with threads)."""
        with self._lock:
            if self._resources is None:
                self._resources = build_worker_resources(self.recipe, self.local_directory)
            return self._resources


def build_worker_resources(recipe: ResourceRecipe, local_directory: Path | None) -> tuple:
    """The tools and render context a local build would make from the same folders.

    Derived tables are kept in the worker's own scratch folder; compiled
    templates stay in memory.
    """
    from ..fingerprint import read_input_keys
    from ..render import make_render_context
    from ..resources import BuildTools

    found = read_input_keys(recipe.content_dir, recipe.templates_dir)
    if found != recipe.keys:
        raise WorkerSetupError(describe_mismatch(recipe.keys, found, recipe))
    tools = BuildTools(recipe.content_dir, local_directory / "jiedu-cache" if local_directory else None, recipe.keys)
    context = make_render_context(recipe.templates_dir, recipe.keys.templates, recipe.config, tools.glossary, tools.script_tables)
    return tools, context


class WorkerSetupError(Exception):
    """A worker cannot build what this build's workers must share."""


def describe_mismatch(expected: InputKeys, found: InputKeys, recipe: ResourceRecipe) -> str:
    """Which input a worker sees otherwise than the build does, in words."""
    differ = [name for name in InputKeys.__dataclass_fields__ if getattr(expected, name) != getattr(found, name)]
    if "code" in differ:
        return "a Dask worker runs another version of jiedu than the build: install the same version on every worker"
    return (f"a Dask worker reads other files than the build ({', '.join(differ)}): workers must see the content folder "
            f"{recipe.content_dir} and the templates folder {recipe.templates_dir} at the same paths, with the same files")


def make_on_worker(plugin_name: str, planned, cached):
    """Runs on a worker: one document's MadeDocument, from the worker's shared resources."""
    from ..documents import WorkerError, make_document

    try:
        tools, context = get_worker().plugins[plugin_name].resources()
        return make_document(planned, tools, context, cached)
    except Exception as error:  # sent back to the build, which stops
        raise WorkerError.from_error(error) from None


class DaskCluster:
    """The workers of the Dask cluster whose scheduler is at `address` (e.g. tcp://10.0.0.5:8786)."""

    def __init__(self, address: str):
        self.address = address

    def build(self, job, plans: list) -> Iterator:
        recipe = ResourceRecipe(job.content_dir, job.templates_dir, job.tools.keys, job.context.config)
        with Client(self.address, set_as_default=False) as client:
            client.register_plugin(WorkerResources(recipe), name=recipe.plugin_name)
            yield from _results_in_order(client, job, plans, recipe.plugin_name)


def _results_in_order(client: Client, job, plans: list, plugin_name: str) -> Iterator:
    """Each plan's DocumentResult in order, stored and written as its document comes back."""
    from ..documents import finish_document, with_complete_source

    limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    numbers, finished, waiting = {}, {}, as_completed(loop=client.loop)
    upcoming, next_out = iter(enumerate(plans)), 0

    def send_next() -> None:
        for number, plan in upcoming:
            cached = job.cache.load_document(plan.key) if plan.work == "render" else None
            if cached is None:  # its text goes with it: workers share the content folder, not the cache
                plan = with_complete_source(plan, job)
            future = client.submit(make_on_worker, plugin_name, plan, cached, pure=False)
            numbers[future.key] = number
            waiting.add(future)
            return

    for _ in range(limit):
        send_next()
    for future in waiting:
        finished[numbers.pop(future.key)] = finish_document(future.result(), job)
        future.release()
        send_next()
        while next_out in finished:
            yield finished.pop(next_out)
            next_out += 1
