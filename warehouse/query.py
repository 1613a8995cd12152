"""Run one analyst query on a sandboxed read-only connection, within a time limit, and say plainly why one failed."""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

import duckdb

from warehouse.snapshots import ESTIMATE_TABLES

if TYPE_CHECKING:
    import pyarrow as pa


class QueryRefused(RuntimeError):
    """The query failed, was refused by the sandbox, or ran out of time; the message is DuckDB's whole explanation."""


class QueryCancelled(QueryRefused):
    """The analyst stopped the query (Ctrl-C in the shell)."""


def checked_timeout(seconds: float) -> float:
    """A time limit that limits: positive and finite, or a one-line refusal."""
    if not (math.isfinite(seconds) and seconds > 0):
        raise QueryRefused(f"--timeout must be a positive number of seconds, not {seconds:g}")
    return seconds


def relation(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> duckdb.DuckDBPyRelation | None:
    """The query bound but not yet run (None for a statement that answers nothing); run it inside a TimeLimit."""
    return con.sql(sql, params=params) if params else con.sql(sql)


class TimeLimit:
    """While it is entered, the connection is interrupted after `timeout` seconds or on `cancel()`; DuckDB's errors
    inside (and the same errors relayed by an Arrow reader, as OSError) come out as QueryRefused."""

    def __init__(self, con: duckdb.DuckDBPyConnection, timeout: float) -> None:
        self.con, self.timeout = con, checked_timeout(timeout)
        self.expired, self.cancelled, self.ended = threading.Event(), threading.Event(), threading.Event()
        self.timer = threading.Timer(self.timeout, self._stop, [self.expired])
        self.timer.daemon = True

    def cancel(self) -> None:
        """Stop the running query at the analyst's request."""
        self._stop(self.cancelled)

    def __enter__(self) -> TimeLimit:
        self.timer.start()
        return self

    def __exit__(self, kind, exc, trace) -> None:
        self.ended.set()
        self.timer.cancel()
        if self.expired.is_set() and isinstance(exc, duckdb.Error | OSError):
            raise QueryRefused(f"stopped after the {self.timeout:g} s time limit (use --timeout to allow longer)"
                               ) from None
        if self.cancelled.is_set() and isinstance(exc, duckdb.Error | OSError):
            raise QueryCancelled("cancelled") from None
        if isinstance(exc, duckdb.Error | OSError):
            raise QueryRefused(explained(exc)) from None

    def _stop(self, reason: threading.Event) -> None:
        if reason.is_set():
            return
        reason.set()
        threading.Thread(target=self._interrupt, daemon=True).start()

    def _interrupt(self) -> None:
        """Interrupt the connection until the query has ended: an interrupt that comes before DuckDB starts running
        it (a Ctrl-C right after Enter) is lost."""
        while True:
            self.con.interrupt()
            if self.ended.wait(0.1):
                return


def run_query(con: duckdb.DuckDBPyConnection, sql: str, timeout: float, params: dict | None = None) -> pa.Table:
    """The whole answer as an Arrow table (for small answers: saved-query checks, the bench)."""
    import pyarrow as pa

    with TimeLimit(con, timeout):
        answer = relation(con, sql, params)
        return answer.to_arrow_table() if answer is not None else pa.table({})


def explained(exc: Exception) -> str:
    """DuckDB's whole message — candidates, "did you mean", the line and caret — as one block without blank lines."""
    lines = [line.rstrip() for line in str(exc).strip().splitlines() if line.strip()] or [type(exc).__name__]
    if isinstance(exc, duckdb.PermissionException):
        lines[0] = f"refused: {lines[0]}"
    if isinstance(exc, duckdb.CatalogException) and any(f"name {view} does not exist" in lines[0]
                                                         for view in ESTIMATE_TABLES):
        lines.append("The estimates are published after the data: this snapshot has none yet (see warehouse_info's "
                     "`estimates`); they come with the snapshot the running build publishes next.")
    return "\n".join(lines)
