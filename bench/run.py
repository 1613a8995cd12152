"""`blo bench`: how the pipeline's cost grows with the number of seizure rows, measured in one run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

from bench.usage import cpu_seconds, peak_rss_mb

DEMO_ROWS = 31_000  # source rows the demo writes at scale 1
QUERIES = {
    "events by crossing point and year": "SELECT crossing_point, year(period_start) y, sum(n_events) FROM seizures "
                                         "GROUP BY ALL",
    "heroin kg by country and month": "SELECT country_iso3, date_trunc('month', period_start) m, sum(mass_kg) "
                                      "FROM seizures WHERE substance = 'heroin' GROUP BY ALL",
    "top 20 seizures by mass": "SELECT * FROM seizures ORDER BY mass_kg DESC NULLS LAST LIMIT 20",
    "merged reports per agency": "SELECT agency, count(*) FILTER (WHERE NOT is_primary) FROM seizure_sources "
                                 "GROUP BY ALL",
    "one crossing point's monthly series": "SELECT * FROM monthly_series WHERE crossing_point = 'Oybek' "
                                          "AND substance_group = 'All' ORDER BY month",
}


class StageFailed(RuntimeError):
    """A stage the rest of the bench needs did not succeed."""


def run_bench(rows: int, home: Path) -> dict:
    """Generate `rows` source rows of demo exports in `home`, then measure every stage in one run: the floor, the
    full build, one new export, analyst queries and the demo pack set."""
    from demo.home import write_demo
    from warehouse.home import Home

    place = Home.resolve(home).ensure()
    started = time.perf_counter()
    write_demo(place, seed=7, scale=rows / DEMO_ROWS)
    generated = time.perf_counter() - started
    files = sorted(place.landing.iterdir())
    # the demo generator holds every row it writes in memory: its peak is reported apart from the stages'
    report: dict = {"rows_requested": rows, "files": len(files), "generate_seconds": round(generated, 2),
                    "generate_peak_rss_mb": peak_rss_mb(), "floor": floor(files)}
    build = stage("build", place.root)
    if not build["ok"]:
        raise StageFailed(f"the full build in {place.root} failed, so nothing after it can be measured")
    with duckdb.connect(str(place.build_db), read_only=True) as con:
        report["source_rows"] = con.execute("SELECT sum(rows_read) FROM core.ingested_files").fetchall()[0][0]
    build["rows_per_second"] = round(report["source_rows"] / build["seconds"])
    build["shares"] = shares(build)
    build["ratio_to_floor"] = round(build["seconds"] / report["floor"]["seconds"], 1)
    report["build"] = build
    report["incremental"] = incremental(place)
    report["sql"] = sql_latency(place)
    report["packs"] = stage("packs", place.root)
    return report


def floor(files: list[Path]) -> dict:
    """DuckDB alone reading every CSV and JSON export once (the XLSX registers, 2,000 rows a year at most, are left
    out: DuckDB reads XLSX only through an extension, and the sandbox allows none)."""
    started, cpu_started = time.perf_counter(), cpu_seconds()
    rows = 0
    with duckdb.connect() as con:
        for path in files:
            if path.suffix == ".csv":
                encoding = "utf-8" if _is_utf8(path) else "latin-1"
                rows += con.execute(f"SELECT count(*) FROM read_csv('{path}', all_varchar = true, header = true, "
                                    f"strict_mode = false, encoding = '{encoding}')").fetchall()[0][0]
            elif path.suffix == ".json":
                rows += con.execute(f"SELECT count(*) FROM (SELECT unnest(records) FROM read_json('{path}'))"
                                    ).fetchall()[0][0]
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds() - cpu_started, 1), "rows": rows,
            "rows_per_second": round(rows / seconds)}


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes()[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > 65530  # a multi-byte character cut at the sample's end
    return True


def stage(name: str, home: Path) -> dict:
    """Run one stage in a fresh process: its wall time from the process's start (imports included), its CPU seconds
    and peak memory with those of the processes it starts, and Dagster's seconds for each asset."""
    started = time.perf_counter()
    # the stage is the pipeline's own module (pipelines/bench_stage.py), started as a process: bench imports none of it
    result = subprocess.run([sys.executable, "-m", "pipelines.bench_stage", name, str(home)], capture_output=True,
                            text=True, check=True)
    seconds = time.perf_counter() - started
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    return {"seconds": round(seconds, 2), "cpu_seconds": round(measured["cpu_seconds"], 1),
            "peak_rss_mb": measured["peak_rss_mb"], "ok": measured["ok"], "steps": measured["steps"],
            "ended_at": measured["ended_at"]}


def shares(measured: dict) -> dict[str, float]:
    """Each step's share of a stage's wall time, in per cent, and the start-up's (imports, Dagster's own work)."""
    steps = {**measured["steps"], "start-up": measured["seconds"] - sum(measured["steps"].values())}
    return {step: round(100 * seconds / measured["seconds"], 1) for step, seconds in steps.items()}


def incremental(place) -> dict:
    """One new 10,000-row monthly export landed in the built warehouse: how long until its records are queryable
    (the data snapshot) and until the estimates computed from them are published, from the moment it landed."""
    export = place.landing / "tj_customs_2025_bench.csv"
    template = sorted(place.landing.glob("tj_customs_20*.csv"))[-1]
    frame = pl.read_csv(template, separator=";", encoding="cp1251", infer_schema=False)
    new = pl.concat([frame] * (10_000 // max(frame.height, 1) + 1)).head(10_000)
    date = new.columns[0]
    new = new.with_columns(pl.col(date).str.replace(r"\d{4}$", "2025"))
    export.write_bytes(new.write_csv(separator=";").encode("cp1251", errors="replace"))
    landed = time.time()
    measured = stage("build", place.root)
    ended = measured["ended_at"]
    return {"rows": new.height, **measured, "shares": shares(measured),
            "queryable_seconds": round(ended["published_data"] - landed, 2) if "published_data" in ended else None,
            "estimates_seconds": (round(ended["published_estimates"] - landed, 2)
                                  if "published_estimates" in ended else None)}


def sql_latency(place) -> list[dict]:
    """Median of five runs of each query: inside DuckDB on the snapshot, and as a whole `blo sql` command."""
    from warehouse.access import read_only
    from warehouse.query import run_query

    results = []
    for name, query in QUERIES.items():
        inside, command = [], []
        with read_only(place) as con:
            for _ in range(5):
                started = time.perf_counter()
                run_query(con, query, 60)
                inside.append(time.perf_counter() - started)
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pipelines", "sql", query, "--home", str(place.root), "--format",
                            "csv"], capture_output=True, check=True)
            command.append(time.perf_counter() - started)
        results.append({"query": name, "inside_duckdb_ms": round(statistics.median(inside) * 1000, 1),
                        "command_ms": round(statistics.median(command) * 1000)})
    return results
