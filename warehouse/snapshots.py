"""Published snapshots as files: a seal beside each, the order readers try them in, retention, and pins it spares.

A seal records the snapshot's size, modification time and SHA-256 when it is published. Opening checks the size and
time (one `stat`); only a file whose time moved since — something wrote to it — is hashed again, because hashing a
gigabyte on every `blo sql` would cost more than the query. Damage that leaves size and time alone (a failing disk)
is caught by DuckDB itself, which checks every block it reads against the block's own checksum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import time
from pathlib import Path

from warehouse.home import Home

ESTIMATE_TABLES = ("blo_effects", "did_summary", "did_event_study", "did_robustness")
# warehouse_info's `estimates`: computed from this snapshot's data, carried over from an earlier build, or none yet
ESTIMATES_CURRENT, ESTIMATES_CARRIED, NO_ESTIMATES = "current", "carried over", "none"

PATTERN = "blo-*.duckdb"
SEAL = ".seal"
PIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
RETENTION = {"BLO_KEEP_SNAPSHOTS": 2, "BLO_SNAPSHOT_GRACE_MINUTES": 15}


class NoSnapshot(RuntimeError):
    """No readable warehouse has been published in this home; the message says what to do."""


def seal(path: Path, digest: str | None = None) -> None:
    """Write the snapshot's seal beside it (`digest`: its SHA-256, when taken as it was copied)."""
    stat = path.stat()
    digest = digest or sha256(path)
    _seal_path(path).write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}))


def damage(path: Path) -> str | None:
    """Why a snapshot file can't be trusted (missing, or unlike its seal), or None; unsealed files are trusted."""
    try:
        stat = path.stat()
        sealed = json.loads(_seal_path(path).read_text()) if _seal_path(path).exists() else None
    except (OSError, ValueError) as exc:
        return f"unreadable ({exc.__class__.__name__})"
    if sealed is None:
        return None
    if stat.st_size != sealed.get("size"):
        return f"{stat.st_size:,} bytes where {sealed.get('size', 0):,} were published"
    if stat.st_mtime_ns != sealed.get("mtime_ns") and sha256(path) != sealed.get("sha256"):
        return "changed since it was published (checksum differs)"
    return None


def sha256(path: Path) -> str:
    """The file's SHA-256, in hex."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def candidates(home: Home) -> tuple[list[Path], str | None]:
    """Snapshots in the order readers try them — CURRENT's, then the rest newest first — and what is wrong with
    CURRENT, if anything."""
    files = sorted(home.snapshots.glob(PATTERN), key=_mtime, reverse=True)
    try:
        named = home.current_pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return files, "CURRENT is missing" if files else None
    except (OSError, UnicodeDecodeError):
        return files, "CURRENT is unreadable"
    current = home.snapshots / named
    if not re.fullmatch(r"[\w.-]+\.duckdb", named) or not current.is_file():
        return files, f"CURRENT names no snapshot ({named[:60]!r})"
    return [current, *(p for p in files if p != current)], None


def published(path: Path) -> str:
    """When a snapshot was published, for messages."""
    return dt.datetime.fromtimestamp(_mtime(path)).strftime("%Y-%m-%d %H:%M")


def retention() -> tuple[int, float]:
    """(snapshots always kept, seconds an older one stays for readers still on it), from the environment."""
    values = {}
    for name, default in RETENTION.items():
        raw = os.environ.get(name, str(default))
        if not raw.strip().isdigit() or (name == "BLO_KEEP_SNAPSHOTS" and int(raw) < 1):
            least = 1 if name == "BLO_KEEP_SNAPSHOTS" else 0
            raise ValueError(f"{name} must be a whole number of at least {least}, not {raw!r}")
        values[name] = int(raw)
    return values["BLO_KEEP_SNAPSHOTS"], values["BLO_SNAPSHOT_GRACE_MINUTES"] * 60.0


def prune(home: Home, current: Path) -> list[Path]:
    """Delete snapshots past retention: never the current one, the newest few, nor one still in its grace period
    (pins are separate files and never touched)."""
    keep, grace = retention()
    files = sorted(home.snapshots.glob(PATTERN), key=_mtime, reverse=True)
    cutoff = time.time() - grace
    doomed = [p for p in files[keep:] if p.name != current.name and _mtime(p) < cutoff]
    for path in doomed:
        path.unlink(missing_ok=True)
        _seal_path(path).unlink(missing_ok=True)
    return doomed


def pinned_dir(home: Home) -> Path:
    return home.warehouse_dir / "pinned"


def pin(home: Home, name: str, snapshot: Path) -> Path:
    """Keep a snapshot under a name, at a stable path retention never deletes (a hard link: no copy)."""
    if not PIN_NAME.fullmatch(name):
        raise ValueError(f"a pin name is letters, digits, '.', '_' or '-' (at most 64), not {name!r}")
    target = pinned_dir(home) / f"{name}.duckdb"
    if target.exists():
        raise ValueError(f"pin '{name}' already holds {pinned(home)[name]['snapshot']}: `blo snapshot unpin {name}` "
                         "first")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(snapshot, target)
    except OSError:  # another file system: a copy, sealed as its own
        import shutil

        shutil.copy2(snapshot, target)
    if _seal_path(snapshot).exists():
        record = json.loads(_seal_path(snapshot).read_text())
    else:
        seal(target)
        record = json.loads(_seal_path(target).read_text())
    record |= {"snapshot": snapshot.name, "pinned_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    _seal_path(target).write_text(json.dumps(record))
    return target


def unpin(home: Home, name: str) -> Path:
    """Let a pinned snapshot go (the published snapshot it came from follows retention as before)."""
    target = pinned_dir(home) / f"{name}.duckdb"
    if not PIN_NAME.fullmatch(name) or not target.exists():
        raise ValueError(f"no pin '{name}' (pins: {', '.join(pinned(home)) or 'none'})")
    target.unlink()
    _seal_path(target).unlink(missing_ok=True)
    return target


def pinned(home: Home) -> dict[str, dict]:
    """Every pin: its path, the snapshot it holds and when it was pinned."""
    found = {}
    for path in sorted(pinned_dir(home).glob("*.duckdb")):
        try:
            record = json.loads(_seal_path(path).read_text())
        except (OSError, ValueError):
            record = {}
        found[path.stem] = {"path": path, "snapshot": record.get("snapshot", "?"),
                            "pinned_at": record.get("pinned_at", "?")}
    return found


def _seal_path(path: Path) -> Path:
    return path.with_name(path.name + SEAL)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
