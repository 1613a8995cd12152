"""Resources built once for the whole code location: the warehouse connection and the data home."""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.home import Home


class HomeResource(dg.ConfigurableResource):
    """The data home this code location reads landing files from and writes outputs to."""

    root: str

    @property
    def home(self) -> Home:
        return Home.resolve(self.root).ensure()


def build_resources(home: Home) -> dict[str, dg.ConfigurableResource]:
    """The resources every asset gets, pointed at one data home."""
    home.ensure()
    return {
        "duckdb": DuckDBResource(database=str(home.build_db)),
        "home": HomeResource(root=str(home.root)),
    }
