"""The BLO warehouse: the data home, schema and public views, reference data, snapshots and analysts' access.

In a notebook, `from warehouse import connect; con = connect()` opens what `blo sql` opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb


def connect(home: str | Path | None = None, snapshot: str | None = None) -> duckdb.DuckDBPyConnection:
    """The sandboxed read-only connection `blo sql` uses: the current snapshot of the home (`--home`, else
    `$BLO_HOME`, else ~/blo-home), or a pinned one by name."""
    from warehouse.access import read_only

    return read_only(home, snapshot=snapshot)
