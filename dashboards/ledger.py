"""The delivery ledger: every e-mail of a donor pack to one recipient, sent or failed, kept in the home."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import duckdb

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    donor VARCHAR NOT NULL, period VARCHAR NOT NULL, lang VARCHAR NOT NULL, recipient VARCHAR NOT NULL,
    snapshot VARCHAR, message_id VARCHAR, status VARCHAR NOT NULL CHECK (status IN ('sent', 'failed')),
    attempts INTEGER NOT NULL, error VARCHAR, attempted_at TIMESTAMP NOT NULL, pdf VARCHAR)
"""


@dataclass(frozen=True)
class Entry:
    """One round of attempts to mail one pack to one recipient (time in UTC)."""

    donor: str
    period: str
    lang: str
    recipient: str
    snapshot: str | None
    message_id: str | None
    status: str
    attempts: int
    error: str | None
    attempted_at: dt.datetime
    pdf: str | None


COLUMNS = ", ".join(f.name for f in fields(Entry))


def now() -> dt.datetime:
    """The ledger's clock: UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@contextmanager
def _open(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The ledger, created on first use; held only while reading or writing so other rounds can reach it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        yield con
    finally:
        con.close()


def record(path: Path, entries: list[Entry]) -> None:
    """Append rounds of attempts to the ledger."""
    if entries:
        with _open(path) as con:
            con.executemany(f"INSERT INTO deliveries ({COLUMNS}) VALUES ({', '.join('?' * len(fields(Entry)))})",
                            [astuple(e) for e in entries])


def standing(path: Path, donor: str, period: str, lang: str) -> dict[str, str]:
    """Each recipient this pack was ever tried for: 'sent' once any round reached them, else 'failed'."""
    if not path.exists():
        return {}
    with _open(path) as con:
        rows = con.execute("SELECT recipient, bool_or(status = 'sent') FROM deliveries WHERE donor = ? AND period = ? "
                           "AND lang = ? GROUP BY recipient", [donor, period, lang]).fetchall()
    return {recipient: "sent" if sent else "failed" for recipient, sent in rows}


def entries(path: Path, donor: str | None = None, period: str | None = None) -> list[Entry]:
    """The ledger in the order things happened, optionally for one donor and/or period."""
    if not path.exists():
        return []
    with _open(path) as con:
        rows = con.execute(f"SELECT {COLUMNS} FROM deliveries WHERE coalesce(donor = ?, true) "
                           "AND coalesce(period = ?, true) ORDER BY attempted_at, donor, period, lang, recipient",
                           [donor, period]).fetchall()
    return [Entry(*row) for row in rows]


def _from_note(note: Path) -> list[Entry]:
    """The entries an earlier release's <pack>.sent.json or .failed.json note stands for (one per recipient)."""
    facts = json.loads(note.read_text(encoding="utf-8"))
    manifest = note.with_name(note.name.replace(".sent.json", ".manifest.json").replace(".failed.json",
                                                                                        ".manifest.json"))
    snapshot = json.loads(manifest.read_text(encoding="utf-8")).get("snapshot") if manifest.exists() else None
    status = "sent" if note.name.endswith(".sent.json") else "failed"
    when = dt.datetime.fromisoformat(facts.get("sent_at") or facts["failed_at"]).astimezone(dt.UTC).replace(tzinfo=None)
    return [Entry(facts["donor"], facts["period"], facts["lang"], recipient, snapshot, None, status,
                  facts.get("attempts", 1), facts.get("error"), when, facts.get("pdf"))
            for recipient in facts["recipients"]]


def migrate_notes(path: Path, outbox: Path) -> int:
    """Move an earlier release's delivery notes (outbox/<donor>/<period>/<pack>.sent.json, .failed.json) into the
    ledger, so a pack they record as sent is not sent again; returns how many notes were moved."""
    notes = sorted([*outbox.glob("*/*/*.sent.json"), *outbox.glob("*/*/*.failed.json")])
    record(path, [entry for note in notes for entry in _from_note(note)])
    for note in notes:
        note.unlink()
    return len(notes)
