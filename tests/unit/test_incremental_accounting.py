"""The ingest accounting check counts only the files loaded since it last ran, and still catches every fault."""

import duckdb

from warehouse.ledger import accounting
from warehouse.store import ensure_schema


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_schema(con)
    return con


def _load(con: duckdb.DuckDBPyConnection, name: str, sha256: str, records: int, quarantined: int = 0,
          read: int | None = None) -> None:
    """A loaded file of `records` records (ids as ingest makes them) and `quarantined` rows; `read` rows read."""
    con.execute("INSERT INTO core.source_records (record_id, source_file, source_row) "
                "SELECT ? || ':' || lpad(i::VARCHAR, 7, '0'), ?, i FROM range(1, ? + 1) t(i)",
                [sha256[:12], name, records])
    con.execute("INSERT INTO core.quarantine (source_file, source_row, reason) SELECT ?, i, 'no date' "
                "FROM range(?) t(i)", [name, quarantined])
    con.execute("INSERT INTO core.ingested_files (source_file, sha256, status, rows_read, rows_loaded, "
                "rows_quarantined, rows_skipped) VALUES (?, ?, 'loaded', ?, ?, ?, 0)",
                [name, sha256, records + quarantined if read is None else read, records, quarantined])


def _whole(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) - count(DISTINCT record_id) FROM core.source_records").fetchall()[0][0]


def test_balanced_files_pass_and_a_new_file_is_counted():
    con = _warehouse()
    _load(con, "a.csv", "a" * 64, 50, quarantined=3)
    first = accounting(con)
    assert (first.files, first.read, first.unbalanced, first.repeated) == (1, 53, [], 0)
    _load(con, "b.csv", "b" * 64, 20, read=25)  # five rows unaccounted for
    second = accounting(con)
    assert (second.files, second.unbalanced, second.repeated) == (2, [("b.csv", 25, 20)], 0)
    counted = con.execute("SELECT source_file, records, quarantined FROM core.file_accounting ORDER BY 1").fetchall()
    assert counted == [("a.csv", 50, 3), ("b.csv", 20, 0)]


def test_a_record_loaded_twice_is_caught_in_a_new_file_and_in_one_counted_before():
    con = _warehouse()
    _load(con, "a.csv", "a" * 64, 50)
    assert accounting(con).repeated == 0
    con.execute("INSERT INTO core.source_records (record_id, source_file, source_row) "
                "SELECT record_id, source_file, source_row FROM core.source_records WHERE source_row = 7")
    assert accounting(con).repeated == 1 == _whole(con)  # rows the counts don't explain: every file counted again
    assert accounting(con).unbalanced == [("a.csv", 50, 51)]
    con.execute("DELETE FROM core.source_records WHERE source_row = 7")
    _load(con, "b.csv", "b" * 64, 10)
    con.execute("UPDATE core.source_records SET record_id = 'bbbbbbbbbbbb:0000001' WHERE record_id = "
                "'bbbbbbbbbbbb:0000002'")  # within the new file
    assert accounting(con).repeated == 1 == _whole(con)


def test_two_files_whose_ids_share_a_prefix_are_counted_together():
    con = _warehouse()
    _load(con, "a.csv", "c" * 12 + "1" * 52, 30)
    accounting(con)
    _load(con, "b.csv", "c" * 12 + "2" * 52, 10)  # the same 12-digit prefix: rows 1-10 repeat a.csv's ids
    _load(con, "c.csv", "d" * 64, 5)
    checked = accounting(con)
    assert checked.repeated == 10 == _whole(con) and checked.unbalanced == []


def test_a_row_deleted_from_a_file_counted_before_leaves_it_unbalanced():
    con = _warehouse()
    _load(con, "a.csv", "a" * 64, 50, quarantined=2)
    _load(con, "b.csv", "b" * 64, 5)
    assert accounting(con).unbalanced == []
    con.execute("DELETE FROM core.quarantine WHERE source_row = 0")
    assert accounting(con).unbalanced == [("a.csv", 52, 51)]


def test_rows_of_no_loaded_file_are_checked_for_repeats():
    con = _warehouse()
    _load(con, "a.csv", "a" * 64, 5)
    con.execute("INSERT INTO core.source_records (record_id, source_file, source_row) "
                "VALUES ('aaaaaaaaaaaa:0000001', 'gone.csv', 1)")
    checked = accounting(con)
    assert checked.repeated == 1 and checked.unbalanced == []


def test_a_replaced_file_is_counted_anew():
    con = _warehouse()
    _load(con, "a.csv", "a" * 64, 5)
    accounting(con)
    for table in ("source_records", "quarantine", "skipped_rows", "ingested_files"):
        con.execute(f"DELETE FROM core.{table} WHERE source_file = 'a.csv'")
    _load(con, "a.csv", "e" * 64, 8)
    checked = accounting(con)
    assert (checked.read, checked.unbalanced, checked.repeated) == (8, [], 0)
    assert con.execute("SELECT sha256, records FROM core.file_accounting").fetchall() == [("e" * 64, 8)]
