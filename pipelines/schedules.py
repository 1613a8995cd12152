"""Schedules: donor chart packs at their cadence."""

import dagster as dg

from pipelines.jobs import donor_packs

# 06:00 on the 2nd of every month: packs whose period (month, quarter or year) has just closed get built;
# a pack already in the outbox for its period is rebuilt identically from the same snapshot.
monthly_donor_packs = dg.ScheduleDefinition(
    job=donor_packs, cron_schedule="0 6 2 * *", execution_timezone="Asia/Tashkent",
    default_status=dg.DefaultScheduleStatus.RUNNING)
