"""pytest, for the whole project (tests/ and the doctests in jiedu/).

The Dask executor needs the optional extra jiedu[cluster]: without it, its
module is not collected for doctests (tests/test_cluster.py skips itself).
"""

import importlib.util

collect_ignore_glob = [] if importlib.util.find_spec("distributed") else ["jiedu/executors/cluster.py"]
