"""Snapshots survive damage (readers fall back to the newest readable one), follow a configurable retention, and
pinned ones are never deleted; `warehouse.connect` opens the same sandbox as `blo sql`; packs' readers take only a
snapshot whose estimates were computed from its data."""

import os
import threading
import time

import duckdb
import pytest

from warehouse import connect
from warehouse.access import NoSnapshot, StaleEstimates, publish, read_estimated, read_only
from warehouse.home import Home
from warehouse.snapshots import ESTIMATE_TABLES, candidates, damage, pin, pinned, prune, retention, unpin
from warehouse.store import carry_estimates, ensure_schema, estimates_current


def _publish(place: Home, n: int, age_minutes: float = 0):
    with duckdb.connect(str(place.build_db)) as con:
        con.execute(f"CREATE OR REPLACE TABLE seizures AS SELECT range AS seizure_id FROM range({n})")
    path = publish(place)
    if age_minutes:
        then = time.time() - age_minutes * 60
        os.utime(path, (then, then))  # its seal no longer matches the time: it is checked by its hash instead
    return path


@pytest.fixture
def place(tmp_path, monkeypatch):
    monkeypatch.delenv("BLO_KEEP_SNAPSHOTS", raising=False)
    monkeypatch.delenv("BLO_SNAPSHOT_GRACE_MINUTES", raising=False)
    return Home(tmp_path / "home").ensure()


def _count(place, **kwargs):
    warnings = []
    with read_only(place, warn=warnings.append, **kwargs) as con:
        return con.execute("SELECT count(*) FROM seizures").fetchall()[0][0], warnings


@pytest.mark.parametrize("harm", ["truncate", "overwrite", "pointer garbage", "pointer missing", "pointer outside"])
def test_readers_fall_back_to_the_newest_readable_snapshot_with_one_warning(place, harm):
    _publish(place, 10)
    newest = _publish(place, 20)
    assert _count(place) == (20, [])
    if harm == "truncate":
        with newest.open("r+b") as handle:
            handle.truncate(newest.stat().st_size // 2)
    elif harm == "overwrite":  # same size, new bytes: the checksum tells
        with newest.open("r+b") as handle:
            handle.seek(newest.stat().st_size // 2)
            handle.write(os.urandom(4096))
    elif harm == "pointer garbage":
        place.current_pointer.write_bytes(b"\xff\xfe\x00garbage")
    elif harm == "pointer missing":
        place.current_pointer.unlink()
    else:
        place.current_pointer.write_text("../../../etc/passwd")
    count, warnings = _count(place)
    assert count == (10 if harm in ("truncate", "overwrite") else 20)
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert warnings[0].startswith("warning: ") and "answering from blo-" in warnings[0]
    if harm in ("truncate", "overwrite"):
        assert f"{newest.name} is damaged" in warnings[0] and damage(newest)


def test_no_readable_snapshot_is_one_clear_error(place):
    only = _publish(place, 5)
    only.write_bytes(b"not a database")
    with pytest.raises(NoSnapshot, match=f"no readable snapshot .*{only.name} is damaged .*blo run"):
        read_only(place)


def test_retention_is_configurable_and_pins_are_never_deleted(place, monkeypatch):
    first = _publish(place, 1, age_minutes=60)
    second = _publish(place, 2, age_minutes=50)
    assert first.exists() and second.exists()  # by default the newest two are kept, whatever their age
    pin(place, "thesis-2026", first)
    monkeypatch.setenv("BLO_KEEP_SNAPSHOTS", "1")
    monkeypatch.setenv("BLO_SNAPSHOT_GRACE_MINUTES", "55")
    newest = _publish(place, 3)
    assert not first.exists() and second.exists()  # past the grace period / still within it
    monkeypatch.setenv("BLO_SNAPSHOT_GRACE_MINUTES", "0")
    prune(place, newest)
    assert candidates(place)[0] == [newest]
    assert _count(place, snapshot="thesis-2026") == (1, [])  # the pin outlived its published file
    assert pinned(place)["thesis-2026"]["snapshot"] == first.name
    with pytest.raises(ValueError, match="already holds"):
        pin(place, "thesis-2026", newest)
    unpin(place, "thesis-2026")
    with pytest.raises(NoSnapshot, match="no pinned or published snapshot 'thesis-2026'"):
        read_only(place, snapshot="thesis-2026")


@pytest.mark.parametrize(("name", "value"), [("BLO_KEEP_SNAPSHOTS", "0"), ("BLO_KEEP_SNAPSHOTS", "two"),
                                             ("BLO_SNAPSHOT_GRACE_MINUTES", "-5")])
def test_a_bad_retention_setting_is_named(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"{name} must be a whole number"):
        retention()


def test_pin_names_are_plain(place):
    snapshot = _publish(place, 1)
    for bad in ("../x", "", "a b", "x" * 65):
        with pytest.raises(ValueError, match="a pin name is"):
            pin(place, bad, snapshot)
    with pytest.raises(ValueError, match="no pin 'nope' .pins: none"):
        unpin(place, "nope")


def test_connect_gives_notebooks_the_same_sandbox(place):
    _publish(place, 7)
    con = connect(home=place.root)
    assert con.sql("SELECT count(*) AS n FROM seizures").pl()["n"].to_list() == [7]
    assert con.sql("SELECT seizure_id FROM seizures ORDER BY 1").df()["seizure_id"].tolist() == list(range(7))
    for hostile in ("COPY seizures TO '/tmp/blo_notebook_leak.csv'", "SET enable_external_access = true",
                    "SELECT * FROM read_text('/etc/passwd')"):
        with pytest.raises(duckdb.Error):
            con.execute(hostile)
    settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN ('threads', "
                                "'memory_limit', 'temp_directory')").fetchall())
    assert settings["threads"] == "1" and str(place.root / "tmp") in settings["temp_directory"]
    con.close()


def _publish_estimates(place: Home, current: bool):
    """A snapshot whose estimates were computed from its data, or carried over from the last build's."""
    with duckdb.connect(str(place.build_db)) as con:
        ensure_schema(con)
        con.execute("CREATE OR REPLACE VIEW warehouse_info AS SELECT * FROM core.warehouse_info")
        for table in ESTIMATE_TABLES:
            con.execute(f"CREATE TABLE IF NOT EXISTS core.{table} (crossing_point VARCHAR)")
        if current:
            estimates_current(con, "blo-estimates.duckdb")
        else:
            carry_estimates(con)
            con.execute("INSERT OR REPLACE INTO core.warehouse_info VALUES ('snapshot', 'blo-new-data.duckdb')")
    return publish(place)


def test_packs_refuse_data_newer_than_its_estimates_and_wait_for_the_republish(place):
    _publish_estimates(place, current=True)
    with read_estimated(place) as con:
        assert con.execute("SELECT value FROM warehouse_info WHERE key = 'estimates'").fetchall() == [("current",)]
    _publish_estimates(place, current=False)
    with read_only(place) as con:  # analysts read the new data at once
        assert con.execute("SELECT value FROM warehouse_info WHERE key = 'estimates'").fetchall() == [("carried over",)]
    with pytest.raises(StaleEstimates, match="blo-new-data.duckdb has data newer than its estimates .those come from "
                                             "blo-estimates.duckdb"):
        read_estimated(place)
    republish = threading.Timer(1.0, _publish_estimates, (place, True))
    republish.start()
    started = time.monotonic()
    with read_estimated(place, wait=30) as con:
        waited = time.monotonic() - started
        assert con.execute("SELECT value FROM warehouse_info WHERE key = 'estimates'").fetchall() == [("current",)]
    republish.join()
    assert 0.9 < waited < 30
