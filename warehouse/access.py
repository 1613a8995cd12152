"""Published read-only snapshots: publishing after a good run, and hardened read-only connections for readers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import uuid
from pathlib import Path

import duckdb

from warehouse.home import Home

GRACE_SECONDS = 15 * 60
KEEP_AT_LEAST = 2
HARDENING = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",
)


class NoSnapshot(RuntimeError):
    """No warehouse has been published in this home yet."""


def snapshot_name() -> str:
    """A new, unique snapshot file name."""
    return f"blo-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}.duckdb"


def publish(home: Home, name: str | None = None) -> Path:
    """Copy the working database to a new snapshot file and point CURRENT at it atomically."""
    home.snapshots.mkdir(parents=True, exist_ok=True)
    target = home.snapshots / (name or snapshot_name())
    partial = target.with_suffix(".partial")
    shutil.copyfile(home.build_db, partial)
    os.replace(partial, target)
    pointer = home.current_pointer.with_suffix(".tmp")
    pointer.write_text(target.name)
    os.replace(pointer, home.current_pointer)
    prune(home)
    return target


def current_snapshot(home: Home) -> Path:
    """The snapshot readers should open."""
    if not home.current_pointer.exists():
        raise NoSnapshot(f"no published warehouse in {home.root}: run `blo run --demo` or `blo ingest FILE` first")
    return home.snapshots / home.current_pointer.read_text().strip()


def prune(home: Home, grace_seconds: int = GRACE_SECONDS) -> list[Path]:
    """Delete snapshots older than the grace period, never the current one nor the newest few."""
    current = current_snapshot(home).name
    files = sorted(home.snapshots.glob("blo-*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    cutoff = time.time() - grace_seconds
    doomed = [p for p in files[KEEP_AT_LEAST:] if p.name != current and p.stat().st_mtime < cutoff]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def read_only(home: Home | str | Path | None = None, memory_limit: str = "2GB", threads: int = 2
              ) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current snapshot, sandboxed before any user query runs."""
    home = home if isinstance(home, Home) else Home.resolve(home)
    path = current_snapshot(home)
    con = duckdb.connect(str(path), read_only=True, config={"memory_limit": memory_limit, "threads": threads})
    for statement in HARDENING:
        con.execute(statement)
    return con
