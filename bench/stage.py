"""One bench stage in its own process, so its peak memory is its own: prints {"seconds", "peak_rss_mb", "ok"}."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from pipelines.home import Home
from pipelines.runner import run_build

BUILD = ["reference_tables", "source_records", "seizure_sources", "monthly_series", "blo_effects", "region_did",
         "published_warehouse"]


def main(stage: str, home: str) -> None:
    place = Home.resolve(home)
    started = time.perf_counter()
    if stage == "build":
        ok = run_build(place, BUILD, tags={"blo/bench": stage}, echo=lambda _: None).success
    elif stage == "packs":
        ok = run_build(place, ["chart_packs"], tags={"blo/bench": stage}, echo=lambda _: None).success
    else:
        raise SystemExit(f"unknown stage {stage}")
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_rss_mb": round(_peak_kib() / 1024), "ok": ok}))


def _peak_kib() -> int:
    """This process's own peak RSS (VmHWM). getrusage's ru_maxrss is no good here: it starts from the RSS of the
    parent the process was forked from, so a stage would report the bench's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main(*sys.argv[1:3])
