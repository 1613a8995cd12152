"""`blo pack`: build and deliver donor chart packs from the published warehouse (once its estimates are computed from
its data), or list the delivery ledger."""

from __future__ import annotations

import difflib
from typing import Annotated

import typer

from pipelines.options import HomeOption, err, fail, out
from warehouse.home import Home


def _said(outcome) -> str:
    """One recipient's outcome in a line."""
    if outcome.status == "sent":
        again = ", after an earlier failed round" if outcome.retried else ""
        return f"sent {outcome.message_id} (attempt {outcome.attempts}{again})"
    if outcome.status == "failed":
        return f"failed after {outcome.attempts} attempt(s): {outcome.error}"
    return outcome.status


def _print(done) -> None:
    """What happened to one pack and to each of its recipients."""
    where = "not rebuilt, every recipient has it" if done.pdf is None else done.pdf
    out.print(f"{done.donor} {done.period} {done.lang}: {where}  (delivery: {done.delivery})", highlight=False)
    for outcome in done.outcomes:
        out.print(f"  {outcome.recipient}: {_said(outcome)}", highlight=False)


def _list_ledger(place: Home, donor: str | None, period: str | None) -> None:
    from dashboards import ledger

    ledger.migrate_notes(place.deliveries, place.outbox)
    rows = ledger.entries(place.deliveries, donor, period)
    if not rows:
        out.print(f"no deliveries recorded in {place.deliveries}", highlight=False)
    for e in rows:
        out.print(f"{e.attempted_at:%Y-%m-%d %H:%M:%S}Z  {e.donor} {e.period} {e.lang}  {e.recipient}  {e.status} "
                  f"(attempts {e.attempts})  {e.message_id or '-'}  snapshot {e.snapshot or '-'}"
                  + (f"  {e.error}" if e.error else ""), highlight=False)


def _estimated(place: Home):
    """The current snapshot once its estimates were computed from its data: at once, or after the running build
    publishes them (a bounded wait); else a one-line refusal."""
    from warehouse.access import StaleEstimates, read_estimated

    try:
        return read_estimated(place)
    except StaleEstimates:
        from pipelines.runner import lock_wait, run_under_way

        if run_under_way(place) is None:
            raise
        wait = lock_wait()
        err.print(f"waiting up to {wait:.0f} s for the running build to publish estimates computed from the new data …",
                  highlight=False)
        return read_estimated(place, wait)


def pack(home: HomeOption = None,
         donor: Annotated[str | None, typer.Option(help="Donor id (default: every donor).")] = None,
         period: Annotated[str | None, typer.Option(help="YYYY, YYYY-Qn or YYYY-MM (default: last complete).")] = None,
         lang: Annotated[str | None, typer.Option(help="en or ru (default: the donor's languages).")] = None,
         resend: Annotated[bool, typer.Option(help="Rebuild and e-mail again, even to recipients who have it.")
                           ] = False,
         ledger: Annotated[bool, typer.Option(help="List the delivery ledger (for --donor, --period) and stop.")
                           ] = False):
    """Build and deliver donor chart packs from the published warehouse; prints each pack and each recipient."""
    from dashboards.delivery import SmtpSettings
    from dashboards.pack import load_donors
    from dashboards.periods import period_bounds
    from dashboards.rounds import NoPeriod, pack_round
    from warehouse.access import NoSnapshot

    place = Home.resolve(home).ensure()
    donors = load_donors()
    chosen = [d for d in donors if donor in (None, d.id)]
    if not chosen:
        near = difflib.get_close_matches(donor.casefold(), [d.id for d in donors], n=1, cutoff=0.5)
        fail(f"no donor '{donor}'" + (f"; did you mean {near[0]}?" if near else "")
             + f" (known: {', '.join(d.id for d in donors)})")
    if lang not in (None, "en", "ru"):
        fail(f"language must be en or ru, not '{lang}'")
    try:
        if period:
            period_bounds(period)
        if ledger:
            _list_ledger(place, donor, period)
            return
        smtp = SmtpSettings.from_env()
        with _estimated(place) as con:
            done = pack_round(con, place, chosen, period, lang, smtp, resend, report=_print)
        failed = [f"{d.donor} {d.period} {d.lang} to {o.recipient}" for d in done for o in d.outcomes
                  if o.status == "failed"]
        if failed:
            fail(f"delivery failed for {', '.join(failed)}: `blo pack --ledger` shows why; the next `blo pack` "
                 "tries again", 1)
    except NoPeriod as exc:
        fail(f"{exc}; give --period to build one anyway")
    except (NoSnapshot, ValueError) as exc:
        fail(str(exc))
