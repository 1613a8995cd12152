"""One bench stage in its own process, so its peak memory is its own.

Prints {"cpu_seconds", "peak_rss_mb", "ok", "steps"}: the CPU seconds and peak memory count the processes it starts
(ingest workers, the browser); "steps" holds each asset's seconds as Dagster recorded them, in the order they ran. The
caller times the process.
"""

from __future__ import annotations

import json
import sys

import dagster as dg

from bench.usage import TreePeak, cpu_seconds
from pipelines.runner import run_build
from warehouse.home import Home

BUILD = ["reference_tables", "source_records", "seizure_sources", "monthly_series", "blo_effects", "region_did",
         "published_warehouse"]


def main(stage: str, home: str) -> None:
    place = Home.resolve(home)
    assets = {"build": BUILD, "packs": ["chart_packs"]}.get(stage)
    if assets is None:
        raise SystemExit(f"unknown stage {stage}")
    with TreePeak() as memory:
        outcome = run_build(place, assets, tags={"blo/bench": stage}, echo=lambda _: None)
    print(json.dumps({"cpu_seconds": cpu_seconds(), "peak_rss_mb": memory.mb, "ok": outcome.success,
                      "steps": _step_seconds(outcome.run_id)}))


def _step_seconds(run_id: str) -> dict[str, float]:
    stats = dg.DagsterInstance.get().get_run_step_stats(run_id)
    return {s.step_key: round(s.end_time - s.start_time, 2)
            for s in sorted(stats, key=lambda s: s.start_time or 0) if s.start_time and s.end_time}


if __name__ == "__main__":
    main(*sys.argv[1:3])
