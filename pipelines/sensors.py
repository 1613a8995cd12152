"""Sensors: new files in the landing area are ingested and published."""


import dagster as dg

from assets.ingest.landing import landed_files
from pipelines.jobs import ingest_and_publish
from pipelines.resources import HomeResource


@dg.sensor(job=ingest_and_publish, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def landing_area(context: dg.SensorEvaluationContext, home: HomeResource) -> dg.SensorResult:
    """Request one build per new set of landed files (a file's name, size and mtime identify it)."""
    files = landed_files(home.home.landing)
    seen = set((context.cursor or "").split("\n")) - {""}
    fresh = [f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in files]
    new = sorted(set(fresh) - seen)
    if not new:
        return dg.SensorResult(skip_reason="no new files in the landing area")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key="|".join(new), tags={"blo/new_files": str(len(new))})],
                           cursor="\n".join(sorted(seen | set(new))))
