"""The whole asset graph materialised in process on a temporary data home built from a small synthetic demo."""

import dagster as dg
import duckdb

from pipelines.resources import build_resources

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

    assert dg.materialize(ASSETS, selection=["source_records", "seizure_sources"],
                          resources=build_resources(home)).success
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(mass_kg) FROM core.seizure_sources").fetchall()[0] == before


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


def test_normalising_a_few_substances_at_a_time_equals_normalising_everything_at_once(built, tmp_path):
    home, _, _ = built
    import shutil

    from assets.normalise.assets import OUTLIER_Z
    from assets.normalise.parts import normalise_in_parts, with_outliers
    from assets.normalise.seizures import normalise_records

    copy = shutil.copy(home.build_db, tmp_path / "copy.duckdb")
    with duckdb.connect(str(copy)) as con:
        done = normalise_in_parts(con, None, None, OUTLIER_Z, part_rows=500)
        stored = con.sql("SELECT * FROM core.seizure_sources").pl()
        whole = with_outliers(normalise_records(con.sql("SELECT * FROM core.source_records").pl()), OUTLIER_Z)
    assert stored.height == whole.height == done.counts["records"] > 1000
    assert len(done.names) >= 5  # parts
    key = sorted(stored.columns)
    assert stored.select(key).sort("record_id").equals(whole.select(key).sort("record_id"))
