"""The one Dagster code location: every asset, check, job, schedule, sensor and resource of BLO Seizure Trends."""

import dagster as dg

from assets.evaluate import assets as evaluate
from assets.ingest import assets as ingest
from assets.normalise import assets as normalise
from assets.report import assets as report
from assets.resources import build_resources
from assets.warehouse import assets as warehouse
from pipelines.build_log import build_log
from pipelines.jobs import build_everything, donor_packs, ingest_and_publish
from pipelines.schedules import monthly_donor_packs
from pipelines.sensors import landing_area
from warehouse.home import Home

ASSETS = dg.load_assets_from_modules([ingest, normalise, warehouse, evaluate, report])

defs = dg.Definitions(
    assets=ASSETS,
    jobs=[build_everything, ingest_and_publish, donor_packs],
    schedules=[monthly_donor_packs],
    sensors=[landing_area],
    resources=build_resources(Home.resolve()),
    loggers={"console": dg.colored_console_logger, "build_log": build_log},
    executor=dg.in_process_executor,  # DuckDB allows one writer per file: steps run one after another
)
