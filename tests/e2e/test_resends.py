"""Corrected resends: a newer file of the same sender replaces what an older one reported at its crossing points and
months; totals never double."""

import datetime as dt
import re

import duckdb
import polars as pl

from assets.ingest.records import RECORD_SCHEMA
from assets.normalise.parts import normalise_in_parts
from assets.normalise.releases import FILES, coverage, supersede
from assets.normalise.replaced import replaced_records
from support.front_door import blo, sql
from warehouse.store import ensure_schema

FEB = (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
KZ = "Border Service of Kazakhstan"


def _file(name: str, digest: str, rows: list[tuple], agency: str | None = KZ) -> pl.DataFrame:
    """Placed records of one file: (crossing point, substance, kg, period) a row, national-level without a crossing."""
    return pl.DataFrame([
        {"record_id": f"{digest}:{i:07d}", "source_file": name, "agency": agency or name.rsplit(".", 1)[0],
         "country_iso3": "KAZ", "crossing_point": crossing, "crossing_raw": crossing, "substance": substance,
         "mass_kg": kg, "period_start": period[0], "period_end": period[1], "release_key": None}
        for i, (crossing, substance, kg, period) in enumerate(rows, 2)],
        schema_overrides={"release_key": pl.String, "crossing_point": pl.String, "crossing_raw": pl.String})


def _files(*listed: tuple[str, str, str | None, int]) -> pl.DataFrame:
    """The warehouse's list of files: (name, digest, profile, hour received)."""
    return pl.DataFrame([{"source_file": name, "version": digest, "profile": profile,
                          "received": dt.datetime(2024, 3, 1, hour)} for name, digest, profile, hour in listed]
                        ).cast(FILES)


def _current(*files: pl.DataFrame, listed: pl.DataFrame | None = None) -> dict[str, str | None]:
    """record_id → what superseded it."""
    records = pl.concat(files)
    return dict(supersede(records, coverage(records, listed)).select("record_id", "superseded_by").iter_rows())


def test_a_corrected_resend_replaces_the_month_it_reports_again_and_nothing_else():
    first = _file("a.csv", "aaaaaaaaaaaa", [("Kaplanbek", "cannabis herb", 12.4, FEB), ("Tazhen", "hashish", 3.3, FEB),
                                            ("Kaplanbek", "heroin", 1.0, FEB),
                                            ("Syrdarya", "opium", 2.1, FEB),  # not in the resend: stays
                                            ("Kaplanbek", "hashish", 0.5, (dt.date(2024, 1, 9),) * 2)])  # January
    resend = _file("a_corrected.csv", "bbbbbbbbbbbb", [("Kaplanbek", "cannabis herb", 14.2, FEB),
                                                       ("Tazhen", "hashish", 3.3, FEB)])
    assert _current(first, resend) == {
        "aaaaaaaaaaaa:0000002": "bbbbbbbbbbbb:0000002", "aaaaaaaaaaaa:0000003": "bbbbbbbbbbbb:0000003",
        "aaaaaaaaaaaa:0000004": "bbbbbbbbbbbb:",  # heroin at Kaplanbek in February: no longer reported, withdrawn
        "aaaaaaaaaaaa:0000005": None, "aaaaaaaaaaaa:0000006": None,
        "bbbbbbbbbbbb:0000002": None, "bbbbbbbbbbbb:0000003": None}


def test_the_file_received_later_wins_whatever_its_name():
    first = _file("kz_2024_02_v2.csv", "aaaaaaaaaaaa", [("Kaplanbek", "cannabis herb", 12.4, FEB)])
    resend = _file("kz_2024_02.csv", "bbbbbbbbbbbb", [("Kaplanbek", "cannabis herb", 14.2, FEB)])
    listed = _files(("kz_2024_02_v2.csv", "aaaaaaaaaaaa", None, 9), ("kz_2024_02.csv", "bbbbbbbbbbbb", None, 10))
    assert _current(first, resend, listed=listed) == {"aaaaaaaaaaaa:0000002": "bbbbbbbbbbbb:0000002",
                                                      "bbbbbbbbbbbb:0000002": None}
    # without the warehouse's list: the file reaching the later period, then the later name
    assert _current(first, resend)["bbbbbbbbbbbb:0000002"] == "aaaaaaaaaaaa:0000002"


def test_a_short_correction_of_a_long_file_replaces_only_its_month():
    months = [(dt.date(2024, m, 1), dt.date(2024, m, 28)) for m in (1, 2, 3)]
    year = _file("q1.csv", "aaaaaaaaaaaa", [("Kaplanbek", "heroin", 1.0 * m, months[m - 1]) for m in (1, 2, 3)])
    march = _file("march_fix.csv", "bbbbbbbbbbbb", [("Kaplanbek", "heroin", 9.0, months[2])])
    listed = _files(("q1.csv", "aaaaaaaaaaaa", None, 9), ("march_fix.csv", "bbbbbbbbbbbb", None, 10))
    current = _current(year, march, listed=listed)
    assert [current[f"aaaaaaaaaaaa:{i:07d}"] for i in (2, 3, 4)] == [None, None, "bbbbbbbbbbbb:0000002"]


def test_two_agencies_never_replace_each_other():
    customs = _file("customs.csv", "aaaaaaaaaaaa", [("Kaplanbek", "heroin", 1.0, FEB)], agency="Customs")
    border = _file("border.csv", "bbbbbbbbbbbb", [("Kaplanbek", "heroin", 1.0, FEB)])
    assert set(_current(customs, border).values()) == {None}


def test_a_file_naming_no_agency_is_its_profiles():
    first = _file("kz_02.csv", "aaaaaaaaaaaa", [("Kaplanbek", "heroin", 1.0, FEB)], agency=None)
    resend = _file("kz_02_resend.csv", "bbbbbbbbbbbb", [("Kaplanbek", "heroin", 2.0, FEB)], agency=None)
    by_profile = _files(("kz_02.csv", "aaaaaaaaaaaa", "kz_border", 9),
                        ("kz_02_resend.csv", "bbbbbbbbbbbb", "kz_border", 10))
    assert _current(first, resend, listed=by_profile)["aaaaaaaaaaaa:0000002"] == "bbbbbbbbbbbb:0000002"
    unread = by_profile.with_columns(profile=pl.lit(None, dtype=pl.String))  # nothing says who sent them
    assert set(_current(first, resend, listed=unread).values()) == {None}


def test_files_whose_periods_follow_one_another_replace_nothing():
    day = lambda d: (dt.date(2024, 2, d),) * 2  # noqa: E731
    part1 = _file("register.xlsx", "aaaaaaaaaaaa", [("Kaplanbek", "heroin", 1.0, day(1)),
                                                    ("Tazhen", "opium", 1.0, day(14))])
    part2 = _file("register_part2.csv", "bbbbbbbbbbbb", [("Tazhen", "opium", 2.0, day(14)),  # the boundary day
                                                         ("Kaplanbek", "heroin", 3.0, day(27))])
    assert set(_current(part1, part2).values()) == {None}
    resent_day = _file("register_14.csv", "cccccccccccc", [("Tazhen", "opium", 5.0, day(14))])
    day14 = _file("day_14.csv", "dddddddddddd", [("Tazhen", "opium", 4.0, day(14))])
    assert _current(day14, resent_day)["dddddddddddd:0000002"] == "cccccccccccc:0000002"  # the same single day


def test_national_records_cover_their_country_and_month_only():
    national = _file("nat.csv", "aaaaaaaaaaaa", [(None, "heroin", 50.0, FEB), ("Kaplanbek", "heroin", 1.0, FEB)])
    revised = _file("nat_revised.csv", "bbbbbbbbbbbb", [(None, "heroin", 55.0, FEB)])
    current = _current(national, revised)
    assert (current["aaaaaaaaaaaa:0000002"], current["aaaaaaaaaaaa:0000003"]) == ("bbbbbbbbbbbb:0000002", None)


def test_a_record_spanning_months_is_replaced_once_each_is_reported_again():
    year = _file("y.csv", "aaaaaaaaaaaa", [(None, "heroin", 120.0, (dt.date(2023, 1, 1), dt.date(2023, 12, 31)))])
    months = [(dt.date(2023, m, 1), dt.date(2023, m + 1, 1) - dt.timedelta(days=1)) for m in range(1, 12)]
    first_half = _file("m.csv", "bbbbbbbbbbbb", [(None, "heroin", 10.0, m) for m in months[:6]])
    all_but_december = _file("m.csv", "bbbbbbbbbbbb", [(None, "heroin", 10.0, m) for m in months])
    december = _file("dec.csv", "cccccccccccc", [(None, "heroin", 10.0, (dt.date(2023, 12, 1), dt.date(2023, 12, 31)))])
    listed = _files(("y.csv", "aaaaaaaaaaaa", None, 8), ("m.csv", "bbbbbbbbbbbb", None, 9),
                    ("dec.csv", "cccccccccccc", None, 10))
    assert _current(year, first_half, listed=listed)["aaaaaaaaaaaa:0000002"] is None
    assert _current(year, all_but_december, listed=listed)["aaaaaaaaaaaa:0000002"] is None
    assert _current(year, all_but_december, december, listed=listed)["aaaaaaaaaaaa:0000002"] is not None


def test_a_quarantine_corrections_file_only_adds_its_rows():
    first = _file("kz_02.csv", "aaaaaaaaaaaa", [("Kaplanbek", "heroin", 1.0, FEB)])
    fixed = _file("kz_02.corrections.csv", "bbbbbbbbbbbb", [("Kaplanbek", "opium", 2.0, FEB)])
    listed = _files(("kz_02.csv", "aaaaaaaaaaaa", None, 9), ("kz_02.corrections.csv", "bbbbbbbbbbbb", None, 10))
    assert set(_current(first, fixed, listed=listed).values()) == {None}


def _source_records(name: str, digest: str, rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    """A file's rows as ingest stores them: (crossing point as written, substance as written, kg), in February."""
    return pl.DataFrame([
        {"record_id": f"{digest}:{i:07d}", "source_file": name, "source_row": i, "agency": KZ,
         "period_start": FEB[0], "period_end": FEB[1], "n_events": 1, "crossing_raw": crossing,
         "substance_raw": substance, "mass_kg": kg} for i, (crossing, substance, kg) in enumerate(rows, 2)],
        schema={"record_id": pl.String, **RECORD_SCHEMA})


def _normalised(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("SELECT * EXCLUDE (row_hash) FROM core.seizure_sources ORDER BY record_id").pl()


def test_a_resend_normalises_the_older_files_records_again_and_equals_a_full_pass(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)

    def land(frame: pl.DataFrame, hour: int) -> None:
        name, digest = frame["source_file"][0], frame["record_id"][0].split(":")[0]
        con.execute("INSERT INTO core.source_records BY NAME SELECT * FROM frame")
        con.execute("INSERT INTO core.ingested_files (source_file, sha256, agency, status, ingested_at) "
                    "VALUES (?, ?, ?, 'loaded', ?)", [name, digest * 5, KZ, dt.datetime(2024, 3, 1, hour)])

    land(_source_records("a.csv", "aaaaaaaaaaaa", [("Капланбек", "Марихуана", 12.4), ("Капланбек", "Героин", 1.0),
                                                   ("Тажен", "Гашиш", 3.3)]), 9)
    land(_source_records("other.csv", "cccccccccccc", [("Сырдарья", "Опий", 2.1)]), 9)  # out of the resend's reach
    normalise_in_parts(con, None, None, 3.5, part_rows=1)  # a part per substance: the resend reaches across parts
    land(_source_records("a_corrected.csv", "bbbbbbbbbbbb", [("Капланбек", "Марихуана", 14.2)]), 10)
    counts = normalise_in_parts(con, None, None, 3.5, part_rows=1).counts
    bounded = _normalised(con)
    assert counts["normalised"] == 3  # the resend's record and the two of a.csv at Kaplanbek
    con.execute("DELETE FROM core.estimate_inputs")  # the next pass normalises every record
    assert normalise_in_parts(con, None, None, 3.5, part_rows=1).counts["normalised"] == 5
    assert bounded.equals(_normalised(con))
    counted = bounded.filter("is_primary")
    assert sorted(counted["mass_kg"].to_list()) == [2.1, 3.3, 14.2]
    assert replaced_records(con, "a_corrected.csv") == [("a.csv", 2)]


def test_a_corrected_resend_through_the_front_door(tmp_path):
    home = tmp_path / "home"
    header = "Дата,Ведомство,Пункт пропуска,Наименование,\"Вес, кг\"\n"
    rows = ["2024-02-03,Пограничная служба,Капланбек,Марихуана,\"{}\"",
            "2024-02-10,Пограничная служба,Тажен,Гашиш,\"4,62\"",
            "2024-02-15,Пограничная служба,Б. Конысбаев,Героин,\"0,38\""]
    first, corrected = tmp_path / "a.csv", tmp_path / "a_corrected.csv"
    first.write_text(header + "\n".join(rows).format("12,4") + "\n", encoding="utf-8")
    corrected.write_text(header + "\n".join(rows).format("14,2") + "\n", encoding="utf-8")
    assert blo("ingest", str(first), home=home).returncode == 0
    result = blo("ingest", str(corrected), home=home)
    assert result.returncode == 0, result.stderr
    [totals] = sql("select count(*) as n, round(sum(mass_kg), 2) as kg, round(sum(mass_kg) filter (where "
                   "crossing_point = 'Kaplanbek'), 2) as kaplanbek from seizures", home)
    assert totals == {"n": 3, "kg": 19.2, "kaplanbek": 14.2}
    assert re.search(r"^a_corrected\.csv: .* replaces 3 records of a\.csv\b", result.stdout, re.M), result.stdout
