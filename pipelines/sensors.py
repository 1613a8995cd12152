"""Sensors: new files in the landing area are ingested and published."""

from pathlib import Path

import dagster as dg

from assets.ingest.fingerprints import file_sha256
from assets.ingest.landing import landed_files
from assets.resources import HomeResource
from pipelines.jobs import ingest_and_publish
from warehouse.access import NoSnapshot, read_only
from warehouse.home import Home


@dg.sensor(job=ingest_and_publish, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def landing_area(context: dg.SensorEvaluationContext, home: HomeResource) -> dg.SensorResult:
    """Request one build per new set of landed files (a file's name, size and mtime identify it)."""
    files = landed_files(home.home.landing)
    fresh = {_key(p): p for p in files}
    seen = set((context.cursor or "").split("\n")) - {""}
    if context.cursor is None:  # the first tick: files a build (`blo run`, `blo ingest`) already listed are not new
        seen = _already_listed(home.home, fresh)
    new = sorted(set(fresh) - seen)
    if not new:
        return dg.SensorResult(skip_reason="no new files in the landing area", cursor="\n".join(sorted(seen)))
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key="|".join(new), tags={"blo/new_files": str(len(new))})],
                           cursor="\n".join(sorted(seen | set(new))))


def _key(path: Path) -> str:
    info = path.lstat()  # a link in the landing area is refused, not followed: a broken one must not fail the tick
    return f"{path.name}:{info.st_size}:{int(info.st_mtime)}"


def _already_listed(home: Home, files: dict[str, Path]) -> set[str]:
    """The keys of landed files whose content the published warehouse's ingested_files already holds."""
    try:
        with read_only(home) as con:
            listed = {sha for (sha,) in con.execute("SELECT sha256 FROM ingested_files").fetchall()}
    except NoSnapshot:
        return set()
    return {key for key, path in files.items() if file_sha256(path) in listed}
