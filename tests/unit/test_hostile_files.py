"""Broken and hostile exports: each gets a one-line refusal or a quarantine with a reason, never a traceback, and
nothing already in the warehouse changes."""

import duckdb
import pytest

from assets.ingest.files import process_file
from assets.ingest.landing import ingest_landing
from assets.ingest.profiles import available_profiles
from support.hostile_corpus import CORPUS, GOOD_ROW, HEADER, write_corpus
from warehouse.home import Home


def test_the_corpus_is_large_enough():
    assert len(CORPUS) + 1 >= 30  # + the 100 MB file


@pytest.mark.parametrize("item", CORPUS, ids=[item.name for item in CORPUS])
def test_each_file_is_refused_in_one_line_or_its_bad_rows_quarantined(tmp_path, item):
    path = tmp_path / item.name
    path.write_bytes(item.content)
    outcome = process_file(path, available_profiles())
    if item.refused:
        assert outcome.status == "refused"
        assert item.refused in outcome.message and "\n" not in outcome.message
        assert outcome.message.startswith(item.name) and "Traceback" not in outcome.message
        return
    assert outcome.status == "loaded", outcome.message
    counts = outcome.counts
    assert counts["rows_read"] == counts["rows_loaded"] + counts["rows_quarantined"] + counts["rows_skipped"]
    if item.quarantined:
        reasons = outcome.quarantine["reason"].to_list()
        assert len(reasons) == 1 and item.quarantined in reasons[0], reasons
        assert counts["rows_loaded"] == 1  # the good row beside the bad one
        assert "\n" not in reasons[0]
    else:
        flags = outcome.records["flags"].fill_null("").to_list()
        assert item.noted in outcome.message or any(item.noted in f for f in flags)
        assert outcome.quarantine.is_empty()


def test_a_100_mb_file_without_line_breaks_is_refused_quickly(tmp_path):
    (path, item), = [(p, i) for p, i in write_corpus(tmp_path / "corpus") if i.name == "huge_100mb.csv"]
    assert path.stat().st_size == 100 * 1024 * 1024
    outcome = process_file(path, available_profiles())
    assert outcome.status == "refused" and item.refused in outcome.message
    assert len(outcome.message) < 200


def test_the_whole_corpus_leaves_the_warehouse_as_it_was(tmp_path):
    home = Home(tmp_path / "home").ensure()
    landing = home.landing
    (landing / "good.csv").write_text(f"{HEADER}\n{GOOD_ROW}\n", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_landing(con, home)
    before = con.execute("SELECT * FROM core.source_records ORDER BY record_id").fetchall()
    written = write_corpus(landing, huge_bytes=2 * 1024 * 1024)
    outcomes = {o.source_file: o for o in ingest_landing(con, home)}
    assert con.execute("SELECT * FROM core.source_records WHERE source_file = 'good.csv' ORDER BY record_id"
                       ).fetchall() == before
    rejected = dict(con.execute("SELECT source_file, reason FROM core.ingested_files WHERE status = 'refused'"
                                ).fetchall())
    files = {row[0]: row[1:] for row in con.execute(
        "SELECT source_file, rows_read, rows_loaded + rows_quarantined + rows_skipped FROM core.ingested_files"
        " WHERE status = 'loaded'").fetchall()}
    for path, item in written:
        if item.refused:
            assert item.refused in rejected[path.name] and path.name not in files
        else:
            read, accounted = files[path.name]
            assert read == accounted and outcomes[path.name].status == "loaded"
    # ingesting the same landing area again adds nothing
    again = ingest_landing(con, home)
    assert {o.status for o in again if o.source_file in files} == {"duplicate"}
    assert {o.status for o in again if o.source_file in rejected} == {"refused"}
    assert all(o.unchanged for o in again), "nothing is read again while its content is unchanged"
    assert con.execute("SELECT count(*) FROM core.source_records").fetchall()[0][0] == sum(
        o.counts["rows_loaded"] for o in outcomes.values()) + len(before)


def test_the_same_content_twice_in_one_batch_is_loaded_once(tmp_path):
    home = Home(tmp_path / "home").ensure()
    landing = home.landing
    for name in ("march.csv", "march_copy.csv"):
        (landing / name).write_text(f"{HEADER}\n{GOOD_ROW}\n", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    outcomes = {o.source_file: o.status for o in ingest_landing(con, home)}
    assert outcomes == {"march.csv": "loaded", "march_copy.csv": "duplicate"}
    assert con.execute("SELECT count(*) FROM core.source_records").fetchall()[0][0] == 1


def test_worker_processes_load_exactly_what_one_process_loads(tmp_path, monkeypatch):
    import assets.ingest.landing as landing_module

    home = Home(tmp_path / "home").ensure()
    written = write_corpus(home.landing, huge_bytes=1024)
    tables = []
    for parallel in (False, True):
        if parallel:
            monkeypatch.setattr(landing_module, "PARALLEL_MIN_BYTES", 0)
        con = duckdb.connect(str(tmp_path / f"w{parallel}.duckdb"))
        ingest_landing(con, home)
        tables.append([con.execute(f"SELECT * EXCLUDE (ingested_at) FROM core.{t} ORDER BY ALL" if t == "ingested_files"
                                   else f"SELECT * FROM core.{t} ORDER BY ALL").fetchall()
                       for t in ("source_records", "quarantine", "skipped_rows", "ingested_files")])
        con.close()
    assert tables[0] == tables[1] and len(written) > 30
