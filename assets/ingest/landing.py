"""Pick up what the landing area holds that the warehouse has not yet ingested, and load it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import duckdb
import polars as pl

from assets.ingest.corrections import is_corrections, resolve_corrected
from assets.ingest.files import FileOutcome, process_file
from assets.ingest.fingerprints import Fingerprints
from assets.ingest.profiles import Profile, available_profiles, draft_profile
from warehouse.home import Home
from warehouse.store import (
    ensure_schema,
    fingerprint,
    forget_file,
    insert_files,
    known_files,
    known_fingerprint,
    listed,
    note_file,
    refusal,
)

PARALLEL_MIN_BYTES = 16 * 1024**2  # below this, starting worker processes costs more than it saves
COMMIT_ROWS = 500_000  # rows inserted and committed together; DuckDB holds what is uncommitted in memory


@dataclass
class _Batch:
    """Files read but not yet inserted: one insert per table for the whole batch."""

    files: list[dict] = field(default_factory=list)
    records: list[pl.DataFrame] = field(default_factory=list)
    quarantine: list[pl.DataFrame] = field(default_factory=list)
    skipped: list[pl.DataFrame] = field(default_factory=list)
    corrections: list[tuple[Path, list[int]]] = field(default_factory=list)
    rows: int = 0

    def add(self, path: Path, sha256: str, outcome: FileOutcome) -> None:
        records = outcome.records.with_columns(
            record_id=pl.lit(sha256[:12] + ":") + pl.col("source_row").cast(pl.String).str.pad_start(7, "0"))
        self.files.append(outcome.file_row())
        self.records.append(records)
        self.quarantine.append(outcome.quarantine)
        self.skipped.append(outcome.skipped)
        self.rows += outcome.rows_read
        if is_corrections(path):
            self.corrections.append((path, records.get_column("source_row").to_list()))

    def flush(self, con: duckdb.DuckDBPyConnection) -> None:
        insert_files(con, self.files, self.records, self.quarantine, self.skipped)
        for path, rows in self.corrections:  # once the rows they resolve are in, whichever batch brought them
            resolve_corrected(con, path, rows)


def landed_files(landing: Path) -> list[Path]:
    """Export files waiting in the landing area (hidden and partial files and folders ignored; links and special files
    listed, to be refused)."""
    return sorted(p for p in landing.iterdir() if (p.is_symlink() or not p.is_dir())
                  and not p.name.startswith((".", "~$")) and not p.name.endswith(".partial"))


def _write_draft(folder: Path, outcome: FileOutcome) -> Path:
    gap = outcome.missing
    folder.mkdir(exist_ok=True)
    target = folder / f"{Path(outcome.source_file).stem}.yaml.draft"
    target.write_text(draft_profile(outcome.source_file, gap.headers, gap.mapped, gap.fields), encoding="utf-8")
    return target


def ingest_landing(con: duckdb.DuckDBPyConnection, home: Home, profiles: list[Profile] | None = None,
                   forced: Profile | None = None, only: list[Path] | None = None) -> list[FileOutcome]:
    """Ingest every file landed in the home not yet in the warehouse; identical content is never ingested twice."""
    ensure_schema(con)
    profiles = profiles if profiles is not None else available_profiles(home.profiles)
    outcomes, todo = [], []
    read_with = fingerprint(repr((profiles, forced)))
    fingerprints, landed = Fingerprints(home.landing_fingerprints), landed_files(home.landing)
    for path in only or landed:
        sha256 = fingerprints.sha256(path)
        seen_as = known_fingerprint(con, sha256) or next((p.name for p, s in todo if s == sha256), None)
        if seen_as:
            outcomes.append(FileOutcome(path.name, sha256, "duplicate", f"same content as {seen_as}, already ingested",
                                        same_as=seen_as))
        elif reason := refusal(con, sha256, read_with):  # refused before: read again once it or a profile changes
            outcomes.append(FileOutcome(path.name, sha256, "refused", reason,
                                        same_as=path.name if listed(con, path.name, sha256) else None))
        else:
            todo.append((path, sha256))
    fingerprints.save(landed)
    for outcome in outcomes:
        if not listed(con, outcome.source_file, outcome.sha256):
            note_file(con, outcome.source_file, outcome.sha256, outcome.status, outcome.message, read_with)
    known, batch = known_files(con), _Batch()
    con.execute("BEGIN TRANSACTION")
    try:
        for (path, sha256), outcome in zip(todo, _processed(todo, profiles, forced), strict=True):
            _store(con, home, path, sha256, outcome, known, batch, read_with)
            outcome.release_rows()
            outcomes.append(outcome)
            if batch.rows >= COMMIT_ROWS:  # between files: each file lands whole or not at all
                batch.flush(con)
                batch = _Batch()
                con.execute("COMMIT")
                con.execute("BEGIN TRANSACTION")
        batch.flush(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcomes


def _store(con: duckdb.DuckDBPyConnection, home: Home, path: Path, sha256: str, outcome: FileOutcome,
           known: set[str], batch: _Batch, read_with: str) -> None:
    if outcome.status != "loaded":
        if outcome.missing:
            outcome.message += f"; a profile to edit was written to {_write_draft(home.profiles, outcome)}"
        note_file(con, path.name, sha256, "refused", outcome.message, read_with)
        return
    if path.name in known:
        forget_file(con, path.name)
    known.add(path.name)
    batch.add(path, sha256, outcome)


def _processed(todo: list[tuple[Path, str]], profiles: list[Profile], forced: Profile | None
               ) -> Iterator[FileOutcome]:
    """Each file's outcome, in landing order; read by worker processes (one per core) when there is enough to read.

    Workers are spawned, not forked: a fork of a process whose Polars and DuckDB thread pools hold locks can hang.
    """
    workers = min(os.cpu_count() or 1, len(todo))
    if workers < 2 or sum(path.lstat().st_size for path, _ in todo) < PARALLEL_MIN_BYTES:
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
