"""One bench stage in its own process, so its peak memory is its own.

Prints {"cpu_seconds", "peak_rss_mb", "ok", "steps", "ended_at"}: the CPU seconds and peak memory count the processes
it starts (ingest workers, the browser); "steps" holds each asset's seconds as Dagster recorded them, in the order they
ran, and "ended_at" when each ended (Unix time). The caller times the process.
"""

from __future__ import annotations

import json
import sys

from bench.usage import TreePeak, cpu_seconds
from warehouse.home import Home

BUILD = ["reference_tables", "source_records", "seizure_sources", "monthly_series", "published_data", "blo_effects",
         "region_did", "published_estimates"]


def main(stage: str, home: str) -> None:
    # imported here: the ingest workers, spawned, import this module again, and the blo command's are not slowed by
    # Dagster either
    from pipelines.runner import run_build

    place = Home.resolve(home)
    assets = {"build": BUILD, "packs": ["chart_packs"]}.get(stage)
    if assets is None:
        raise SystemExit(f"unknown stage {stage}")
    with TreePeak() as memory:
        outcome = run_build(place, assets, tags={"blo/bench": stage}, echo=lambda _: None)
    steps = _steps(outcome.run_id)
    print(json.dumps({"cpu_seconds": cpu_seconds(), "peak_rss_mb": memory.mb, "ok": outcome.success,
                      "steps": {key: round(end - start, 2) for key, (start, end) in steps.items()},
                      "ended_at": {key: end for key, (_, end) in steps.items()}}))


def _steps(run_id: str) -> dict[str, tuple[float, float]]:
    import dagster as dg

    stats = dg.DagsterInstance.get().get_run_step_stats(run_id)
    return {s.step_key: (s.start_time, s.end_time)
            for s in sorted(stats, key=lambda s: s.start_time or 0) if s.start_time and s.end_time}


if __name__ == "__main__":
    main(*sys.argv[1:3])
