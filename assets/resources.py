"""Resources built once for the whole code location: the warehouse connection and the data home the assets use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from warehouse.home import Home


class HomeResource(dg.ConfigurableResource):
    """The data home this code location reads landing files from and writes outputs to."""

    root: str
    _home: Home | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._home = Home.resolve(self.root).ensure()

    @property
    def home(self) -> Home:
        return self._home or Home.resolve(self.root).ensure()  # set up once per run; a bare resource in a test too


class WarehouseResource(DuckDBResource):
    """The build database; its connection closes when a step fails too, so later readers in the process can open it."""

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        # DuckDBResource closes only after a clean exit: a failed step's connection stayed open in the process
        with super().get_connection() as con:
            try:
                con.execute("SET enable_progress_bar = false")  # DuckDB would draw it on `blo run`'s terminal
                yield con
            finally:
                con.close()


def build_resources(home: Home) -> dict[str, dg.ConfigurableResource]:
    """The resources every asset gets, pointed at one data home."""
    home.ensure()
    return {
        "duckdb": WarehouseResource(database=str(home.build_db)),
        "home": HomeResource(root=str(home.root)),
    }
