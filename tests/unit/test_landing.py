"""Ingesting a whole landing area: commits between files leave the same warehouse as one commit at the end."""

import duckdb

import assets.ingest.landing as landing
import demo
from warehouse.home import Home


def _ingest(path, home):
    with duckdb.connect(str(path)) as con:
        outcomes = landing.ingest_landing(con, home)
        tables = {t: con.execute(f"SELECT * FROM core.{t} ORDER BY ALL").fetchall()
                  for t in ("source_records", "quarantine", "skipped_rows")}
        files = con.execute("SELECT source_file, sha256, status, rows_read, rows_loaded, rows_quarantined, "
                            "rows_skipped FROM core.ingested_files ORDER BY ALL").fetchall()
    return outcomes, tables, files


def test_committing_after_every_file_gives_the_same_warehouse(tmp_path, monkeypatch):
    home = Home(tmp_path / "home").ensure()
    folder = home.landing
    demo.generate(folder, seed=5, scale=0.05)
    once = _ingest(tmp_path / "once.duckdb", home)
    monkeypatch.setattr(landing, "COMMIT_ROWS", 1)
    often = _ingest(tmp_path / "often.duckdb", home)
    assert once[1] == often[1] and once[2] == often[2]
    assert len(once[2]) == len(list(folder.iterdir())) > 10
    assert sum(o.counts["rows_loaded"] for o in often[0]) == len(often[1]["source_records"]) > 500
