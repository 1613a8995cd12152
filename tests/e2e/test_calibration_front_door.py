"""The calibration through the front door: one synthetic world written as agency exports, built by the installed
`blo ingest` in a fresh home, loads every event and gives the per-crossing intervals the in-process estimate gives."""

import polars as pl

from assets.evaluate.effects import estimate_blo_effects
from bench.calibration import SCENARIOS, world
from bench.front_door import run_front_door
from support.front_door import sql

SCENARIO, SEED = SCENARIOS[0], 1  # a planted effect of 1.3


def test_one_world_loads_every_event_and_keeps_its_intervals(tmp_path):
    result = run_front_door(SCENARIO, 1, SEED, folder=tmp_path)
    home = tmp_path / f"world-{SEED}" / "home"
    monthly, registry = world(SEED, SCENARIO)
    written = monthly.get_column("events").sum()

    [loaded] = sql("SELECT (SELECT sum(n_events) FROM seizures)::BIGINT AS events, "
                   "(SELECT count(*) FROM quarantine) AS quarantined, "
                   "(SELECT sum(events) FROM monthly_series WHERE substance_group = 'All' AND reported)::BIGINT "
                   "AS in_series, (SELECT count(*) FROM ingested_files WHERE status <> 'loaded') AS not_loaded", home)
    assert loaded == {"events": written, "quarantined": 0, "in_series": written, "not_loaded": 0}

    front = pl.DataFrame(sql("SELECT crossing_point, status, lower, upper FROM blo_effects", home)).sort(
        "crossing_point")
    inside = estimate_blo_effects(monthly, registry).select("crossing_point", "status", "lower", "upper")
    assert front.get_column("crossing_point").to_list() == inside.get_column("crossing_point").to_list()
    assert front.get_column("status").to_list() == inside.get_column("status").to_list()
    assert inside.filter(pl.col("status") == "ok").height == 22
    for column in ("lower", "upper"):
        gap = (front.get_column(column) - inside.get_column(column)).abs().max()
        assert gap <= 1e-9, (column, gap)

    [run] = result["per_world"]
    assert (run["events_written"], run["events"], run["its_differing"]) == (written, written, [])
    assert result["front"] == result["inside"]
    assert result["front"]["its"]["estimates"] == 22 and result["front"]["did"]["treated_clusters"] == 22
