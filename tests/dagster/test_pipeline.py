"""The whole asset graph materialised in process on a temporary data home built from a small synthetic demo."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.resources import build_resources
from warehouse.home import Home

REAL = Path(__file__).parents[1] / "data" / "real"
PUBLIC_VIEWS = ("seizures", "seizure_sources", "quarantine", "ingested_files", "crossing_points", "substances",
                "monthly_series", "blo_effects", "did_summary", "did_event_study", "warehouse_info")


def test_every_asset_and_blocking_check_succeeds(built):
    _, _, result = built
    assert result.success
    checks = {e.asset_check_key.name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["every_row_accounted_for"]


def test_public_views_answer(built):
    home, _, _ = built
    from warehouse.access import read_only

    with read_only(home) as con:
        for view in PUBLIC_VIEWS:
            con.execute(f"SELECT * FROM {view} LIMIT 1").fetchall()
        assert con.execute("SELECT value FROM warehouse_info WHERE key = 'synthetic'").fetchall()[0][0] == "true"
        read, accounted = con.execute(
            "SELECT sum(rows_read), sum(rows_loaded + rows_quarantined + rows_skipped) FROM ingested_files"
        ).fetchall()[0]
        assert read == accounted > 0
        effects = con.execute("SELECT count(*) FROM blo_effects WHERE status = 'ok'").fetchall()[0][0]
        assert effects >= 15


def test_the_data_is_published_before_the_estimates_and_republished_with_them(built):
    _, _, result = built
    events = result.get_asset_materialization_events()
    order = [e.asset_key.path[-1] for e in events]
    assert order.index("published_data") < order.index("blo_effects") < order.index("published_estimates")
    published = {e.asset_key.path[-1]: Path(e.materialization.metadata["snapshot"].value) for e in events
                 if e.asset_key.path[-1].startswith("published_")}
    data, final = published["published_data"], published["published_estimates"]
    with duckdb.connect(str(data), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
        views = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert (info["snapshot"], info["estimates"], info["estimates_snapshot"]) == (data.name, "none", "")
    assert "seizures" in views and "blo_effects" not in views  # a first build has no estimates yet
    with duckdb.connect(str(final), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
        effects = con.execute("SELECT count(*) FROM blo_effects").fetchall()[0][0]
    assert (info["snapshot"], info["estimates"], info["estimates_snapshot"], info["data_snapshot"]) == (
        final.name, "current", final.name, data.name)
    assert effects > 0


def test_no_personal_data_in_the_warehouse_files(built):
    home, truth, _ = built
    assert truth.pii_strings
    for path in [home.build_db, *home.snapshots.glob("*.duckdb")]:
        raw = path.read_bytes()
        leaked = [s for s in truth.pii_strings if s.encode("utf-8") in raw]
        assert not leaked, f"{path.name} holds {leaked[:3]}"


def test_outputs_say_synthetic(built):
    home, _, _ = built
    index = (home.dashboards / "index.html").read_text(encoding="utf-8")
    assert "synthetic demo data" in index.lower()
    assert list(home.packs.rglob("*.pdf"))
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        sentences = [row[0] for row in con.execute("SELECT sentence FROM blo_effects").fetchall()]
    assert sentences and all(s.endswith("(synthetic demo data)") for s in sentences)


def test_rebuilding_with_no_new_files_changes_nothing(built):
    home, _, _ = built
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        before = con.execute("SELECT count(*), sum(mass_kg) FROM core.seizure_sources").fetchall()[0]
    from pipelines.definitions import ASSETS

    result = dg.materialize(ASSETS, selection=["source_records", "seizure_sources"], resources=build_resources(home))
    assert result.success
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(mass_kg) FROM core.seizure_sources").fetchall()[0] == before
    metadata = {e.asset_key.path[-1]: e.materialization.metadata for e in result.get_asset_materialization_events()}
    assert metadata["source_records"]["new_files"].value == 0
    assert metadata["seizure_sources"]["records_normalised"].value == 0


def test_demo_names_placed_and_planted_duplicates_merged(built):
    home, truth, _ = built
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        rows, unmapped, merges = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE substance = 'unmapped'), count(*) - count(DISTINCT seizure_id) "
            "FROM core.seizure_sources").fetchall()[0]
        guards, guards_alone = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE n_sources = 1) FROM core.seizure_sources "
            "WHERE agency = 'State Border Guard Committee of Uzbekistan'").fetchall()[0]
    assert unmapped / rows < 0.01
    assert abs(merges - truth.n_duplicate_pairs) <= 0.02 * truth.n_duplicate_pairs
    # the border guards report only second reports: planted duplicates merge, planted near-misses stay alone
    assert guards == truth.n_duplicate_pairs + truth.n_near_miss_pairs
    assert abs(guards_alone - truth.n_near_miss_pairs) <= 0.02 * truth.n_duplicate_pairs
    assert guards_alone >= truth.n_near_miss_pairs


def _full_pass(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    from assets.normalise.assets import OUTLIER_Z
    from assets.normalise.parts import with_outliers
    from assets.normalise.replaced import release_coverage
    from assets.normalise.seizures import normalise_records

    records = con.sql("SELECT * FROM core.source_records").pl()
    return with_outliers(normalise_records(records, releases=release_coverage(con)), OUTLIER_Z)


def _same(stored: pl.DataFrame, whole: pl.DataFrame) -> bool:
    """The same rows in any order, on the stored columns (the row hash is the store's own)."""
    columns = sorted(set(stored.columns) - {"row_hash"})
    return stored.select(columns).sort("record_id").equals(whole.select(columns).sort("record_id"))


def test_normalising_a_few_substances_at_a_time_equals_normalising_everything_at_once(built, tmp_path, monkeypatch):
    home, _, _ = built
    from assets.normalise import parts
    from assets.normalise.assets import OUTLIER_Z
    from assets.normalise.parts import normalise_in_parts

    # stored in whole row groups, the rest of a part carried to the next store
    monkeypatch.setattr(parts, "ROW_GROUP", 700)
    copy = shutil.copy(home.build_db, tmp_path / "copy.duckdb")
    with duckdb.connect(str(copy)) as con:
        con.execute("DROP TABLE core.seizure_sources")
        done = normalise_in_parts(con, None, None, OUTLIER_Z, part_rows=500)
        stored = con.sql("SELECT * FROM core.seizure_sources").pl()
        whole = _full_pass(con)
    assert stored.height == whole.height == done.counts["records"] == done.counts["written"] > 1000
    assert len(done.names) >= 5  # parts
    assert _same(stored, whole)


def test_an_update_rewrites_only_changed_rows_and_equals_a_full_pass(built, tmp_path):
    home, _, _ = built
    from assets.normalise.assets import OUTLIER_Z
    from assets.normalise.parts import normalise_in_parts

    copy = shutil.copy(home.build_db, tmp_path / "copy.duckdb")
    with duckdb.connect(str(copy)) as con:
        before = con.sql("SELECT * FROM core.seizure_sources").pl()
        # the file whose records merge most with other agencies' reports: removing it changes their seizures too
        file = con.sql("SELECT source_file FROM core.seizure_sources WHERE n_sources > 1 GROUP BY ALL "
                       "ORDER BY count(*) DESC, source_file LIMIT 1").fetchall()[0][0]
        removed = con.sql("SELECT * FROM core.source_records WHERE source_file = $f", params={"f": file}).pl()
        con.execute("DELETE FROM core.source_records WHERE source_file = ?", [file])
        without = normalise_in_parts(con, None, None, OUTLIER_Z, part_rows=500)
        assert _same(con.sql("SELECT * FROM core.seizure_sources").pl(), _full_pass(con))
        con.execute("INSERT INTO core.source_records BY NAME SELECT * FROM removed")
        back = normalise_in_parts(con, None, None, OUTLIER_Z, part_rows=500)
        after = con.sql("SELECT * FROM core.seizure_sources").pl()
    partners = before.filter(pl.col("seizure_id").is_in(
        before.filter(pl.col("source_file") == file).get_column("seizure_id").implode()), pl.col("source_file") != file)
    assert partners.height > 0
    # the file's own rows and their partners from other files change; the other rows are not written again
    assert removed.height + partners.height <= back.counts["written"] < before.height / 2
    assert without.counts["written"] >= partners.height
    assert _same(after, before) and after.height == before.height


def test_each_change_normalises_only_what_it_reaches_and_equals_a_full_pass(built, tmp_path):
    """Releases superseding each other (CBP), reported totals (UNODC) and the demo's duplicates, added and removed."""
    home, _, _ = built
    from assets.ingest.landing import ingest_landing
    from assets.normalise.assets import OUTLIER_Z
    from assets.normalise.parts import normalise_in_parts

    copy = shutil.copy(home.build_db, tmp_path / "copy.duckdb")
    scratch = Home(tmp_path / "scratch").ensure()
    landing = scratch.landing
    cbp = sorted((REAL / "cbp").glob("*.csv"))
    with duckdb.connect(str(copy)) as con:
        def change(*files: Path, remove: tuple[str, ...] = ()) -> dict[str, int]:
            for path in files:
                shutil.copy(path, landing / path.name)
            ingest_landing(con, scratch, only=[landing / path.name for path in files])
            for name in remove:
                con.execute("DELETE FROM core.source_records WHERE source_file = ?", [name])
            done = normalise_in_parts(con, None, None, OUTLIER_Z, part_rows=2000)
            assert _same(con.sql("SELECT * FROM core.seizure_sources").pl(), _full_pass(con))
            return done.counts

        demo_rows = con.sql("SELECT count(*) FROM core.source_records").fetchall()[0][0]
        merged = con.sql("SELECT source_file FROM core.seizure_sources WHERE n_sources > 1 GROUP BY ALL "
                         "ORDER BY count(*) DESC, source_file LIMIT 1").fetchall()[0][0]
        unchanged = change()
        assert unchanged["normalised"] == unchanged["written"] == 0
        first = change(*cbp[:3], REAL / "unodc" / "Drug_seizures_2018_2022.json")
        assert 0 < first["normalised"] == first["records"] - demo_rows  # none of the demo's records reached
        newer = change(cbp[3])  # supersedes the overlapping months of the three before it
        rows = con.sql("SELECT count(*) FROM core.source_records WHERE source_file = $f",
                       params={"f": cbp[3].name}).fetchall()[0][0]
        assert rows < newer["normalised"] < newer["records"] - demo_rows
        change(remove=(cbp[3].name, "Drug_seizures_2018_2022.json"))  # the older releases count again
        removed = change(remove=(merged,))  # the demo file whose records merge most with other agencies'
        assert 0 < removed["normalised"] < demo_rows / 2
        answer = pl.DataFrame({"alias": ["кукнор"], "substance": ["opium"]})
        answered = normalise_in_parts(con, answer, None, OUTLIER_Z, part_rows=2000).counts
        assert answered["normalised"] == answered["records"]  # a new review answer may move any record


def test_a_change_that_moves_a_substances_spread_renotes_its_outliers_beyond_the_change(built, tmp_path):
    home, _, _ = built
    from assets.normalise.assets import OUTLIER_Z
    from assets.normalise.parts import normalise_in_parts

    copy = shutil.copy(home.build_db, tmp_path / "copy.duckdb")
    with duckdb.connect(str(copy)) as con:
        weighed = con.sql("SELECT * FROM core.source_records WHERE n_events = 1 AND mass_kg > 0 AND substance_raw = "
                          "(SELECT substance_raw FROM core.source_records WHERE mass_kg > 0 GROUP BY ALL "
                          "ORDER BY count(*) DESC, substance_raw LIMIT 1)").pl()
        # a file of seizures fifty times heavier, all at one crossing point: the substance's median moves
        heavier = weighed.head(weighed.height // 2).with_row_index("i").select(
            pl.exclude("i", "record_id", "source_file", "source_row", "crossing_raw", "mass_kg"),
            record_id=pl.format("feedfacecafe:{}", pl.col("i").cast(pl.String).str.pad_start(7, "0")),
            source_file=pl.lit("heavier.csv"), source_row=pl.col("i").cast(pl.Int64) + 1,
            crossing_raw=pl.lit(weighed.get_column("crossing_raw").mode().sort().first()),
            mass_kg=pl.col("mass_kg") * 50)
        before = con.sql("SELECT record_id, crossing_point, flags FROM core.seizure_sources").pl()
        con.execute("INSERT INTO core.source_records BY NAME SELECT * FROM heavier")
        counts = normalise_in_parts(con, None, None, OUTLIER_Z, part_rows=500).counts
        assert _same(con.sql("SELECT * FROM core.seizure_sources").pl(), _full_pass(con))
        after = con.sql("SELECT record_id, flags FROM core.seizure_sources").pl()
        (place,), = con.sql("SELECT DISTINCT crossing_point FROM core.seizure_sources "
                            "WHERE source_file = 'heavier.csv'").fetchall()
    assert heavier.height <= counts["normalised"] < before.height / 2
    # records at other crossing points, beyond the change's reach, whose outlier notes moved with the spread
    moved = before.join(after, on="record_id", suffix="_after").filter(
        pl.col("flags").ne_missing(pl.col("flags_after")), pl.col("crossing_point") != place)
    assert moved.height > 0


@pytest.mark.parametrize(("asset", "table"), [("region_did", "did_summary"), ("blo_effects", "blo_effects")])
def test_an_estimate_is_reused_while_its_inputs_stay_the_same(built, tmp_path, asset, table):
    home, _, _ = built
    from pipelines.definitions import ASSETS
    from warehouse.home import Home

    copy = Home(tmp_path / "copy").ensure()
    shutil.copy(home.build_db, copy.build_db)

    def reused() -> bool:
        result = dg.materialize(ASSETS, selection=[asset], resources=build_resources(copy),
                                instance=dg.DagsterInstance.ephemeral())
        return result.asset_materializations_for_node(asset)[0].metadata["reused_unchanged_estimate"].value

    with duckdb.connect(str(copy.build_db)) as con:
        before = con.sql(f"SELECT * FROM core.{table} ORDER BY ALL").pl()
        # the month a BLO opened, two years from either end of the data: inside its window and the DiD panel
        month = con.sql("SELECT max(blo_established) FROM core.crossing_points WHERE blo_established BETWEEN "
                        "(SELECT min(month) + INTERVAL 24 MONTH FROM core.monthly_series) AND "
                        "(SELECT max(month) - INTERVAL 24 MONTH FROM core.monthly_series)").fetchall()[0][0]
    assert reused()
    with duckdb.connect(str(copy.build_db)) as con:
        con.execute("UPDATE core.monthly_series SET events = events + 5 WHERE substance_group = 'All' AND reported "
                    "AND month = date_trunc('month', ?::DATE)", [month])
    assert not reused() and reused()
    with duckdb.connect(str(copy.build_db)) as con:
        after = con.sql(f"SELECT * FROM core.{table} ORDER BY ALL").pl()
    assert not after.equals(before)
