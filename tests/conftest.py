"""One small synthetic warehouse, built once per test session through the real asset graph."""

import dagster as dg
import pytest

from assets.resources import build_resources
from demo.home import write_demo
from warehouse.home import Home


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(home, demo truth, materialisation result) of a full build on a temporary data home."""
    home = Home(tmp_path_factory.mktemp("home")).ensure()
    truth = write_demo(home, seed=11, scale=0.3)
    from pipelines.definitions import ASSETS

    result = dg.materialize(ASSETS, resources=build_resources(home), instance=dg.DagsterInstance.ephemeral())
    return home, truth, result
