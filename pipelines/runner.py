"""Run the build job in this process against the home's Dagster instance, reporting progress as steps finish."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg
from dagster import DagsterEventType

from pipelines.home import Home

WATCHED = {DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_SKIPPED,
           DagsterEventType.ASSET_CHECK_EVALUATION}


@dataclass
class BuildOutcome:
    """How a build went: success, failed steps and failed checks (with severity)."""

    run_id: str
    success: bool
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    seconds: float = 0.0


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
    started = time.monotonic()
    worker = threading.Thread(target=lambda: holder.append(job.execute_in_process(
        instance=instance, run_id=run_id, raise_on_error=False, asset_selection=selection,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        tags={"blo/source": "cli", **(tags or {})})), daemon=True)
    worker.start()
    groups = {spec.key.to_user_string(): spec.group_name for spec in defs.resolve_all_asset_specs()}
    outcome = BuildOutcome(run_id=run_id, success=False)
    seen = 0
    while worker.is_alive() or seen == 0:
        worker.join(timeout=0.5)
        events = [e for e in instance.all_logs(run_id, of_type=WATCHED) if e.dagster_event]
        for entry in events[seen:]:
            _report(entry, outcome, time.monotonic() - started, groups, echo)
        seen = len(events)
        if not worker.is_alive():
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
    echo(f"[{elapsed:6.1f}s] {groups.get(step, ''):<10} {step:<22} {marks[event.event_type]}")
