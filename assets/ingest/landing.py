"""Pick up what the landing area holds that the warehouse has not yet ingested, and load it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from pathlib import Path

import duckdb
import polars as pl

from assets.ingest.corrections import is_corrections, resolve_corrected
from assets.ingest.files import FileOutcome, fingerprint, process_file
from assets.ingest.profiles import Profile, available_profiles, draft_profile
from warehouse.store import ensure_schema, known_files, known_fingerprint, reject_file, replace_file

PARALLEL_MIN_BYTES = 16 * 1024**2  # below this, starting worker processes costs more than it saves
COMMIT_ROWS = 500_000  # a commit per file costs more than its inserts; DuckDB holds what is uncommitted in memory


def landed_files(landing: Path) -> list[Path]:
    """Export files waiting in the landing area (hidden and partial files ignored)."""
    return sorted(p for p in landing.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$")) and not p.name.endswith(".partial"))


def _write_draft(landing: Path, outcome: FileOutcome) -> Path:
    gap = outcome.missing
    folder = landing.parent / "profiles"
    folder.mkdir(exist_ok=True)
    target = folder / f"{Path(outcome.source_file).stem}.yaml.draft"
    target.write_text(draft_profile(outcome.source_file, gap.headers, gap.mapped, gap.fields), encoding="utf-8")
    return target


def ingest_landing(con: duckdb.DuckDBPyConnection, landing: Path, profiles: list[Profile] | None = None,
                   forced: Profile | None = None, only: list[Path] | None = None) -> list[FileOutcome]:
    """Ingest every landed file not yet in the warehouse; identical content is never ingested twice."""
    ensure_schema(con)
    profiles = profiles if profiles is not None else available_profiles(landing.parent / "profiles")
    outcomes, todo = [], []
    for path in only or landed_files(landing):
        sha256 = fingerprint(path)
        seen_as = known_fingerprint(con, sha256) or next((p.name for p, s in todo if s == sha256), None)
        if seen_as:
            outcomes.append(FileOutcome(path.name, sha256, "duplicate", f"same content as {seen_as}, already ingested"))
        else:
            todo.append((path, sha256))
    known = known_files(con)
    pending = 0
    con.execute("BEGIN TRANSACTION")
    try:
        for (path, sha256), outcome in zip(todo, _processed(todo, profiles, forced), strict=True):
            _store(con, landing, path, sha256, outcome, known)
            pending += outcome.rows_read
            outcome.release_rows()
            outcomes.append(outcome)
            if pending >= COMMIT_ROWS:  # between files: each file lands whole or not at all
                con.execute("COMMIT")
                con.execute("BEGIN TRANSACTION")
                pending = 0
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcomes


def _store(con: duckdb.DuckDBPyConnection, landing: Path, path: Path, sha256: str, outcome: FileOutcome,
           known: set[str]) -> None:
    if outcome.status != "loaded":
        if outcome.missing:
            outcome.message += f"; a profile to edit was written to {_write_draft(landing, outcome)}"
        reject_file(con, path.name, sha256, outcome.message)
        return
    records = outcome.records.with_columns(
        record_id=pl.lit(sha256[:12] + ":") + pl.col("source_row").cast(pl.String).str.pad_start(7, "0"))
    replace_file(con, path.name, outcome.file_row(), records, outcome.quarantine, outcome.skipped,
                 known=path.name in known)
    known.add(path.name)
    if is_corrections(path):
        resolve_corrected(con, path, records.get_column("source_row").to_list())


def _processed(todo: list[tuple[Path, str]], profiles: list[Profile], forced: Profile | None
               ) -> Iterator[FileOutcome]:
    """Each file's outcome, in landing order; read by worker processes (one per core) when there is enough to read.

    Workers are spawned, not forked: a fork of a process whose Polars and DuckDB thread pools hold locks can hang.
    """
    workers = min(os.cpu_count() or 1, len(todo))
    if workers < 2 or sum(path.stat().st_size for path, _ in todo) < PARALLEL_MIN_BYTES:
        yield from (process_file(path, profiles, forced, sha256) for path, sha256 in todo)
        return
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            for outcome in pool.map(process_file, [p for p, _ in todo], repeat(profiles), repeat(forced),
                                    [s for _, s in todo]):
                done += 1
                yield outcome
    except BrokenProcessPool:  # workers can't start (e.g. a main module that can't be re-imported): go on here
        yield from (process_file(path, profiles, forced, sha256) for path, sha256 in todo[done:])
