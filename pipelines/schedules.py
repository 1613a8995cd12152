"""Schedules: donor chart packs at their cadence."""

import dagster as dg

from pipelines.jobs import donor_packs

# 06:00 on the 2nd of every month: each donor's pack for its last complete period (month, quarter or year) is
# built; a pack already sent for its period is not sent again, so a quarterly donor gets each quarter's pack once.
monthly_donor_packs = dg.ScheduleDefinition(
    job=donor_packs, cron_schedule="0 6 2 * *", execution_timezone="Asia/Tashkent",
    default_status=dg.DefaultScheduleStatus.RUNNING)
