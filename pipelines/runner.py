"""Run the build job in this process against the home's Dagster instance, reporting progress as steps finish."""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg
from dagster import DagsterEventType

from warehouse.home import Home

LOCK_WAIT_SECONDS = 120.0  # how long a command waits for another run to finish with the build database (BLO_LOCK_WAIT)
WATCHED = {DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_SKIPPED,
           DagsterEventType.ASSET_CHECK_EVALUATION}
PUBLISHING = {"published_data": "data_published", "published_estimates": "estimates_published"}


@dataclass
class BuildOutcome:
    """How a build went: success, failed steps and failed checks (with severity)."""

    run_id: str
    success: bool
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)  # failed step → its error, in one line
    data_published: float | None = None  # seconds into the run when the new data became queryable
    estimates_published: float | None = None  # … and when the estimates computed from it were published

    def failure(self, home: Home) -> str:
        """The failed steps and why, in one line, with where the full trace is kept."""
        steps = "; ".join(f"{step}: {reason}" for step, reason in self.reasons.items())
        published = ("the warehouse snapshot was published" if self.estimates_published is not None
                     else "the new data was published, its estimates were not" if self.data_published is not None
                     else "nothing was published")
        return f"the build failed at {steps or 'a step'}; {published} (full log: {home.build_log})"

    def publishing(self) -> str:
        """When the new data became queryable and when its estimates were published, in one line."""
        if self.data_published is None:
            return "nothing was published"
        estimates = (f"estimates published {self.estimates_published:.1f} s after"
                     if self.estimates_published is not None else "estimates not published")
        return f"new data queryable {self.data_published:.1f} s after the run started, {estimates}"


class BuildBusy(RuntimeError):
    """Another process holds the build database for longer than a command waits."""


def wait_for_warehouse(home: Home, echo: Callable[[str], None], seconds: float | None = None) -> None:
    """Return once the build database can be opened for writing; wait a bounded time while another run holds it, and
    set a damaged one aside (saying so) for the build to start afresh from the landing area."""
    import duckdb

    if not home.build_db.exists():
        return
    seconds = lock_wait() if seconds is None else seconds
    deadline, told = time.monotonic() + seconds, False
    while True:
        try:
            with duckdb.connect(str(home.build_db)) as con:
                blocks, size = con.execute("SELECT used_blocks, block_size FROM pragma_database_size()").fetchone()
            # cut short: smaller than the blocks in use (free blocks at its end are truncated after a checkpoint)
            if home.build_db.stat().st_size < blocks * size:
                echo(set_aside(home, f"{blocks * size - home.build_db.stat().st_size} bytes of its blocks missing"))
            return
        except duckdb.Error as exc:
            if "lock" not in str(exc).lower():
                echo(set_aside(home, str(exc)))
                return
            holder = _holder(home, str(exc))
        if time.monotonic() >= deadline:
            raise BuildBusy(f"the build database is still in use by {holder} after {seconds:.0f} s: try again when "
                            f"it finishes (see `blo ui --home {home.root}`)")
        if not told:
            echo(f"waiting up to {seconds:.0f} s for {holder} to finish with the build database …")
            told = True
        time.sleep(1)


def lock_wait() -> float:
    """How long a command waits for another run (BLO_LOCK_WAIT seconds, else LOCK_WAIT_SECONDS)."""
    return float(os.environ.get("BLO_LOCK_WAIT", LOCK_WAIT_SECONDS))


def damage(outcome: BuildOutcome) -> str | None:
    """The error of a build that failed on a damaged build database (a block whose checksum does not match)."""
    return next((reason for reason in outcome.reasons.values() if "Corrupt database file" in reason), None)


def set_aside(home: Home, error: str) -> str:
    """Move a damaged build database (and its write-ahead log) aside; the line that says so."""
    aside = home.build_db.with_name(f"{home.build_db.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    os.replace(home.build_db, aside)
    wal = home.build_db.with_name(f"{home.build_db.name}.wal")
    if wal.exists():
        os.replace(wal, aside.with_name(f"{aside.name}.wal"))
    reason = (error.strip().splitlines() or ["no message"])[0].replace(f'"{home.build_db}"', home.build_db.name)
    return (f"the build database {home.build_db} is damaged ({reason[:160]}): it was moved to {aside.name} and is "
            f"rebuilt from the exports in {home.landing}")


def _holder(home: Home, message: str) -> str:
    """The run (and process) holding the build database, as far as the home's Dagster instance and DuckDB say."""
    pid = re.search(r"PID (\d+)", message)
    process = f"process {pid.group(1)}" if pid else "another process"
    run = run_under_way(home)
    if run is None:
        return process
    by = run.tags.get("dagster/sensor_name") or run.tags.get("dagster/schedule_name")
    return f"run {run.run_id[:8]} ({run.job_name}{f', started by {by}' if by else ''}; {process})"


def run_under_way(home: Home) -> dg.DagsterRun | None:
    """A run the home's Dagster instance has under way (it may publish a snapshot soon), if any."""
    home.activate()
    runs = dg.DagsterInstance.get().get_runs(
        dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]), limit=1)
    return runs[0] if runs else None


def run_build(home: Home, asset_names: list[str] | None = None, tags: dict[str, str] | None = None,
              echo: Callable[[str], None] = print, job_name: str = "build_everything") -> BuildOutcome:
    """Materialise a job (or some of its assets) as one run recorded in the home's Dagster instance."""
    home.ensure().activate()
    from pipelines.definitions import defs  # imported after the home is active: resources point at it

    instance = dg.DagsterInstance.get()
    job = defs.resolve_job_def(job_name)
    selection = [dg.AssetKey(name) for name in asset_names] if asset_names else None
    run_id = str(uuid.uuid4())
    holder: list = []
    started, began = time.monotonic(), time.time()
    worker = threading.Thread(target=lambda: holder.append(job.execute_in_process(
        instance=instance, run_id=run_id, raise_on_error=False, asset_selection=selection,
        run_config={"loggers": {"build_log": {"config": {"log_level": "INFO"}}}},  # the terminal gets one line
        tags={"blo/source": "cli", **(tags or {})})), daemon=True)
    worker.start()
    groups = {spec.key.to_user_string(): spec.group_name for spec in defs.resolve_all_asset_specs()}
    outcome = BuildOutcome(run_id=run_id, success=False)
    cursor = None
    while True:
        worker.join(timeout=0.5)
        running = worker.is_alive()
        # only the events since the last look: a run's whole log, read again every half second, competes with it
        page = instance.get_records_for_run(run_id, cursor=cursor, of_type=WATCHED)
        for record in page.records:
            entry = record.event_log_entry
            if entry.dagster_event:
                _report(entry, outcome, entry.timestamp - began, groups, echo)
        cursor = page.cursor
        if not running:
            break
    result = holder[0] if holder else None
    outcome.success = bool(result and result.success) and not outcome.failed_steps
    outcome.seconds = time.monotonic() - started
    return outcome


def _report(entry, outcome: BuildOutcome, elapsed: float, groups: dict[str, str],
            echo: Callable[[str], None]) -> None:
    event = entry.dagster_event
    step = entry.step_key or ""
    if event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
        data = event.event_specific_data
        if not data.passed:
            label = f"{data.asset_key.to_user_string()}.{data.check_name} ({data.severity.value.lower()})"
            outcome.failed_checks.append(label)
            echo(f"  ! check failed: {label}")
        return
    marks = {DagsterEventType.STEP_SUCCESS: "done", DagsterEventType.STEP_FAILURE: "FAILED",
             DagsterEventType.STEP_SKIPPED: "skipped"}
    if event.event_type != DagsterEventType.STEP_SUCCESS:
        outcome.failed_steps.append(step)
    if event.event_type == DagsterEventType.STEP_FAILURE:
        outcome.reasons[step] = _root_cause(event.event_specific_data.error)
    if event.event_type == DagsterEventType.STEP_SUCCESS and step in PUBLISHING:
        setattr(outcome, PUBLISHING[step], elapsed)
    echo(f"[{elapsed:6.1f}s] {groups.get(step, ''):<10} {step:<22} {marks[event.event_type]}")


def _root_cause(error) -> str:
    """The first line of the innermost error behind a step failure (Dagster wraps the asset's own exception)."""
    while error is not None and (error.cause or error.context):
        error = error.cause or error.context
    return error.message.strip().splitlines()[0] if error is not None and error.message else "unknown error"
