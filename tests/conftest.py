"""One small synthetic warehouse, built once per test session through the real asset graph."""

import dagster as dg
import pytest

import demo
from pipelines.home import Home
from pipelines.resources import build_resources


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(home, demo truth, materialisation result) of a full build on a temporary data home."""
    home = Home(tmp_path_factory.mktemp("home")).ensure()
    truth = demo.generate(home.landing, seed=11, scale=0.3)
    demo.synthetic_registry(11).write_csv(home.reference_overrides / "blo_registry.csv")
    home.demo_marker.write_text(truth.to_json())
    from pipelines.definitions import ASSETS

    result = dg.materialize(ASSETS, resources=build_resources(home), instance=dg.DagsterInstance.ephemeral())
    return home, truth, result
