"""`blo bench --calibration --front-door`: the calibration's synthetic worlds written as agency exports, built by the
installed `blo ingest` in a fresh home each, and the product's intervals read back and scored as bench/calibration.py
scores them in process.

A world's events are written as the demo's agencies write theirs (demo/writers.py, demo/xlsx.py): one file per agency
and year, one row per seizure event dated within its month, the crossing point as the agency spells it, the substance,
the quantity with its unit, UZ customs' register under its title rows. None of the demo's broken rows, unknown
crossing points, personal data or second reports are planted: every event should load, so that the front door's
series is the world's series and its intervals are the ones `estimate_blo_effects` gives in process.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import polars as pl

from assets.evaluate.effects import estimate_blo_effects
from assets.evaluate.region import estimate_region_did
from bench.calibration import Scenario, rates, world
from demo.events import events_from_panel
from demo.exports import BORDER_SERVICES, XLSX_MAX_ROWS
from demo.home import home_registry
from demo.plant import decorate
from demo.truth import LABEL
from demo.writers import write_border_json, write_customs_overflow, write_tj_customs, write_tm_customs
from demo.xlsx import write_customs_xlsx
from warehouse.home import Home

BLO = shutil.which("blo") or str(Path(sys.executable).with_name("blo"))  # the installed command
SOURCE = "synthetic calibration world — not real dates"
TOLERANCE = 1e-9  # front-door and in-process interval bounds agree to this (rate-ratio scale)
EFFECTS = "SELECT crossing_point, status, lower, upper FROM blo_effects ORDER BY crossing_point"
DID = ("SELECT status, lower, upper, n_treated, n_never_treated FROM did_summary "
       "WHERE control = 'never-treated'")
SERIES = "SELECT crossing_point, month, events, reported FROM monthly_series WHERE substance_group = 'All'"
LOADED = ("SELECT (SELECT coalesce(sum(n_events), 0) FROM seizures)::BIGINT AS events, "
          "(SELECT count(*) FROM quarantine) AS quarantined")


class FrontDoorFailed(RuntimeError):
    """A `blo` command of the front-door calibration did not succeed."""


def write_exports(monthly: pl.DataFrame, folder: Path, seed: int) -> int:
    """A world's events as one export file per agency and year in `folder`, spelt as agencies spell crossing points
    but with nothing broken; returns the number of events written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 4])
    records = decorate(events_from_panel(monthly, rng, hauls=False), rng).with_columns(
        broken=pl.lit(None, dtype=pl.String), pii=pl.lit(None, dtype=pl.String),
        spelt=pl.when(pl.col("crossing_kind") == "unknown").then("crossing_point").otherwise("spelt"),
    ).sort("date", "event_id")
    for (year, country), rows in records.group_by(pl.col("date").dt.year(), "country_iso3"):
        if country == "UZB":
            write_customs_xlsx(folder / f"uz_customs_{year}.xlsx", rows.head(XLSX_MAX_ROWS), year)
            if rows.height > XLSX_MAX_ROWS:
                write_customs_overflow(folder / f"uz_customs_{year}_part2.csv", rows.slice(XLSX_MAX_ROWS))
        elif country == "TJK":
            write_tj_customs(folder / f"tj_customs_{year}.csv", rows)
        elif country == "TKM":
            write_tm_customs(folder / f"tm_customs_{year}.csv", rows)
        else:
            stem = {"KGZ": "kg_border", "KAZ": "kz_border"}[country]
            write_border_json(folder / f"{stem}_{year}.json", rows, BORDER_SERVICES[stem])
    return records.height


def write_home(root: Path, registry: pl.DataFrame, scenario: Scenario, seed: int) -> Home:
    """A fresh home holding only the world's BLO registry, for every gazetteer crossing point so that no real date
    mixes in, and the marker that labels its warehouse synthetic."""
    place = Home.resolve(root).ensure()
    home_registry(registry, SOURCE).write_csv(place.reference_overrides / "blo_registry.csv")
    place.demo_marker.write_text(json.dumps({"label": LABEL, "scenario": scenario.name, "seed": seed}))
    return place


def blo(*args: str, home: Path) -> str:
    """The installed command's standard output, in an environment that names no other home."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("BLO_", "DAGSTER_"))}
    try:
        result = subprocess.run([BLO, *args, "--home", str(home)], capture_output=True, text=True, env=environ)
    except OSError as exc:
        raise FrontDoorFailed(f"the `blo` command could not be started ({exc.strerror}: {BLO})") from None
    if result.returncode:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise FrontDoorFailed(f"`blo {args[0]}` failed in {home}: {last}")
    return result.stdout


def sql(query: str, home: Path) -> list[dict]:
    return json.loads(blo("sql", query, "--format", "json", home=home))


def one_world(seed: int, scenario: Scenario, folder: Path) -> dict:
    """One world through the front door and in process: both sets of intervals, and where they differ."""
    monthly, registry = world(seed, scenario)
    home = folder / "home"
    write_home(home, registry, scenario, seed)
    written = write_exports(monthly, folder / "exports", seed)
    started = time.perf_counter()
    blo("ingest", str(folder / "exports"), home=home)
    seconds = time.perf_counter() - started
    front = pl.DataFrame(sql(EFFECTS, home), schema={"crossing_point": pl.String, "status": pl.String,
                                                     "lower": pl.Float64, "upper": pl.Float64})
    [did], [loaded] = sql(DID, home), sql(LOADED, home)
    inside = estimate_blo_effects(monthly, registry).select("crossing_point", "status", "lower", "upper")
    fit = estimate_region_did(monthly, registry)
    fitted = {"status": "ok", "lower": fit.lower, "upper": fit.upper, "n_treated": fit.n_treated,
              "n_never_treated": fit.n_never_treated}
    return {"seed": seed, "seconds": round(seconds, 1), "events_written": written, **loaded,
            "front": {"its": _ok(front), "did": did}, "inside": {"its": _ok(inside), "did": fitted},
            **interval_gaps(inside, front), "did_gap": _did_gap(fitted, did),
            "series": series_gaps(monthly, sql(SERIES, home))}


def interval_gaps(inside: pl.DataFrame, front: pl.DataFrame) -> dict:
    """The largest gap between in-process and front-door interval bounds, and the crossing points whose status
    differs or whose bounds are further apart than TOLERANCE."""
    both = inside.join(front, on="crossing_point", how="full", suffix="_front", coalesce=True)
    gap = pl.max_horizontal((pl.col(c) - pl.col(f"{c}_front")).abs() for c in ("lower", "upper"))
    differ = both.filter(pl.col("status").ne_missing(pl.col("status_front")) | (gap > TOLERANCE).fill_null(False))
    return {"its_max_gap": both.select(gap.max()).item(),
            "its_differing": differ.get_column("crossing_point").to_list()}


def _did_gap(inside: dict, front: dict) -> float | None:
    if front["status"] != "ok":
        return None
    return max(abs(front["lower"] - inside["lower"]), abs(front["upper"] - inside["upper"]))


def _ok(effects: pl.DataFrame) -> list[tuple[float, float]]:
    return effects.filter(pl.col("status") == "ok").select("lower", "upper").rows()


def series_gaps(monthly: pl.DataFrame, front: list[dict]) -> dict:
    """Where the front door's monthly series differs from the world's: crossing-months missing, left out as not
    reported, or with other event counts."""
    read = pl.DataFrame(front, schema={"crossing_point": pl.String, "month": pl.String, "events": pl.Int64,
                                       "reported": pl.Boolean}).with_columns(pl.col("month").str.to_date())
    both = monthly.join(read, on=["crossing_point", "month"], how="left", suffix="_front")
    return {"missing": both.filter(pl.col("reported_front").is_null()).height,
            "not_reported": both.filter(pl.col("reported_front").not_()).height,
            "other_counts": both.filter(pl.col("events") != pl.col("events_front")).height}


def run_front_door(scenario: Scenario, worlds: int, seed: int = 0, folder: Path | None = None) -> dict:
    """Coverage and rejection rates of both estimators over `worlds` worlds built through the front door, beside the
    same worlds' in-process figures; each world is built under `folder` (default: a temporary folder)."""
    started, runs = time.perf_counter(), []
    for number in range(seed, seed + worlds):  # a temporary world's home goes as soon as it is read: ~35 MB each
        with nullcontext(folder) if folder else tempfile.TemporaryDirectory(prefix="blo-front-door-") as where:
            runs.append(one_world(number, scenario, Path(where) / f"world-{number}"))
    truth = math.log(scenario.effect)
    result = {"scenario": scenario.name, "worlds": worlds, "seed": seed, "true_rate_ratio": scenario.effect}
    for side in ("front", "inside"):
        its = [(math.log(lo), math.log(hi)) for run in runs for lo, hi in run[side]["its"]]
        did = [run[side]["did"] for run in runs if run[side]["did"]["status"] == "ok"]
        result[side] = {"its": rates(its, truth), "did": rates([(d["lower"], d["upper"]) for d in did], truth) | {
            "treated_clusters": did[0]["n_treated"] if did else None,
            "never_treated_clusters": did[0]["n_never_treated"] if did else None}}
    keep = ("seed", "seconds", "events_written", "events", "quarantined", "its_max_gap", "its_differing", "did_gap",
            "series")
    return result | {"per_world": [{k: run[k] for k in keep} for run in runs],
                     "seconds_per_world": round(sum(r["seconds"] for r in runs) / worlds, 1),
                     "seconds": round(time.perf_counter() - started, 1)}


def report_lines(result: dict) -> list[str]:
    """The front-door calibration as plain lines for the terminal, each figure beside its in-process twin."""
    worlds = f"{result['worlds']} world{'s' * (result['worlds'] != 1)}"
    lines = [f"{result['scenario']} ({worlds} through `blo ingest`, "
             f"{result['seconds_per_world']} s a world)"]
    for estimator, name in (("its", "per-crossing ITS"), ("did", "region-wide DiD")):
        front, inside = result["front"][estimator], result["inside"][estimator]
        rejection = "false_positives" if "false_positives" in front else "power"
        lines.append(f"  {name} ({front['estimates']} estimates): coverage {front['coverage']:.1%}, "
                     f"{rejection.replace('_', ' ')} {front[rejection]:.1%} (in process: {inside['estimates']} "
                     f"estimates, coverage {inside['coverage']:.1%}, {inside[rejection]:.1%})")
    for run in result["per_world"]:
        written, series = run["events_written"], run["series"]
        differs = (f"{len(run['its_differing'])} crossing points differ ({', '.join(run['its_differing'])})"
                   if run["its_differing"] else f"intervals identical (largest gap {run['its_max_gap']:.1e})")
        lines.append(f"  world {run['seed']}: {run['events']} of {written} events loaded, {run['quarantined']} "
                     f"rows quarantined; {differs}; crossing-months missing {series['missing']}, not reported "
                     f"{series['not_reported']}, other counts {series['other_counts']}")
    return lines
