"""Builds on a Dask cluster (`build.py build --scheduler ADDRESS`): the same site, byte for byte, as a local build.

A local cluster of two worker processes stands in for a real one; it sees
the same folders, as the README asks of a real cluster's workers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import CONTENT_DIR, PROJECT_DIR

distributed = pytest.importorskip("distributed", reason="jiedu[cluster] (dask[distributed]) is not installed")

sys.path.insert(0, str(PROJECT_DIR))
import build  # noqa: E402  (build.py is the command line, not a package module)

GLOSS_EDITED = "si-jian-da-shi"
"""四件大事: both sample documents use the term, so editing its gloss re-renders both (their values come from the cache)."""


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    shutil.copytree(PROJECT_DIR / "templates", tmp_path / "templates")
    return tmp_path


def build_into(project: Path, name: str, scheduler: str | None = None, jobs: int | None = None):
    """Build the project's content into project/NAME/site with its own cache; returns the report."""
    folder = project / name
    return build.build_site(project / "content", folder / "site", project / "templates", folder / "cache", jobs=jobs, scheduler=scheduler)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_sites(one: Path, other: Path) -> None:
    first, second = site_files(one), site_files(other)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_a_cluster_build_is_byte_identical_to_a_local_build(project, scheduler):
    on_cluster = build_into(project, "cluster", scheduler=scheduler)
    build_into(project, "local", jobs=1)
    assert on_cluster.processed == 2  # both documents were cleaned and annotated on the workers
    assert_same_sites(project / "cluster" / "site", project / "local" / "site")


def test_the_cluster_fills_the_build_cache_so_a_rebuild_processes_nothing(project, scheduler):
    build_into(project, "cluster", scheduler=scheduler)
    shutil.rmtree(project / "cluster" / "site")
    again = build_into(project, "cluster", scheduler=scheduler)
    assert again.processed == 0


def test_pages_rendered_again_on_the_cluster_match_a_clean_local_build(project, scheduler):
    build_into(project, "cluster", scheduler=scheduler)
    gloss = project / "content" / "glossary" / f"{GLOSS_EDITED}.md"
    gloss.write_text(gloss.read_text(encoding="utf-8").replace("\ngloss: ", "\ngloss: Edited. ", 1), encoding="utf-8")
    rebuilt = build_into(project, "cluster", scheduler=scheduler)
    build_into(project, "local", jobs=1)
    assert (rebuilt.processed, rebuilt.rendered) == (0, 2)
    assert_same_sites(project / "cluster" / "site", project / "local" / "site")


def test_workers_that_see_other_templates_stop_the_build_with_a_message_naming_the_folder(project, scheduler):
    from jiedu.executors.cluster import ResourceRecipe, WorkerSetupError, build_worker_resources
    from jiedu.fingerprint import read_input_keys
    from jiedu.resources import load_site_config

    keys = read_input_keys(project / "content", project / "templates")
    (project / "templates" / "base.html").write_text("{# changed on this worker #}", encoding="utf-8")
    recipe = ResourceRecipe(project / "content", project / "templates", keys, load_site_config(project / "content")[0])
    with pytest.raises(WorkerSetupError, match="templates"):
        build_worker_resources(recipe, None)
