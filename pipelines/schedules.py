"""Schedules: donor chart packs at their cadence."""

import dagster as dg

from pipelines.jobs import donor_packs

# 06:00 on the 2nd of every month, the round looks at each donor's last complete period (month, quarter or year, as
# donors.yaml says): a pack the delivery ledger records as sent to all its recipients is skipped, not rebuilt, so a
# quarterly donor's pack is built and mailed once, in the first round after its quarter has closed (and retried in
# later rounds only for recipients a delivery failed to reach). Without SMTP nothing is delivered: every round
# rebuilds the packs into the outbox.
monthly_donor_packs = dg.ScheduleDefinition(
    job=donor_packs, cron_schedule="0 6 2 * *", execution_timezone="Asia/Tashkent",
    default_status=dg.DefaultScheduleStatus.RUNNING)
