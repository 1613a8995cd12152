"""A round of donor packs: each chosen donor's pack for its period in each of its languages, built and delivered —
unless every recipient already has it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from dashboards import ledger
from dashboards.delivery import Outcome, SmtpSettings, addressed, deliver, recipients
from dashboards.pack import Donor, build_pack
from dashboards.periods import latest_complete
from dashboards.static_export import browser_session
from warehouse.home import Home

NO_MONTHS = ("no agency has reported a complete period at the crossing points of donor '{donor}' (national-level "
             "records only, or none): there is no last complete period to report")
DELIVERED = "already delivered"


class NoPeriod(ValueError):
    """No period was asked for and the warehouse has no month to take the last complete one from."""


@dataclass(frozen=True)
class Delivered:
    """One pack of the round: whose, for which period and language, where it is (None: not rebuilt, as every
    recipient has it), how its delivery went and what happened to each recipient."""

    donor: str
    period: str
    lang: str
    pdf: str | None
    delivery: str
    outcomes: tuple[Outcome, ...]


def _has_it(home: Home, donor: Donor, period: str, lang: str) -> bool:
    """Whether the ledger records this pack as sent to every recipient who takes its language."""
    standing = ledger.standing(home.deliveries, donor.id, period, lang)
    return all(standing.get(address) == "sent" for address in addressed(donor, lang))


def donor_period(con: duckdb.DuckDBPyConnection, donor: Donor) -> str | None:
    """The donor's last complete period of its cadence at the crossing points in its scope; None when none is."""
    points = con.sql("SELECT crossing_point, country_iso3, blo_established FROM crossing_points").pl()
    scope = donor.in_scope(points).get_column("crossing_point").to_list()
    return latest_complete(con, donor.cadence, scope, grace_days=donor.grace_days)


def pack_round(con: duckdb.DuckDBPyConnection, home: Home, donors: list[Donor], period: str | None = None,
               lang: str | None = None, smtp: SmtpSettings | None = None, resend: bool = False,
               report: Callable[[Delivered], None] = lambda _: None) -> list[Delivered]:
    """Build and deliver each donor's pack for `period` (default: the donor's last complete period) in `lang`
    (default: the donor's languages). Without an explicit period or `resend`, a pack the ledger records as sent to
    all its recipients is not rebuilt, so a donor gets a pack once per period of its own cadence. Raises NoPeriod
    when there is no period to report."""
    for donor in donors:
        recipients(donor)  # a mistyped recipient fails before anything is built
    ledger.migrate_notes(home.deliveries, home.outbox)
    planned, done = [], []
    for donor in donors:
        chosen = period or donor_period(con, donor)
        if chosen is None:
            raise NoPeriod(NO_MONTHS.format(donor=donor.id))
        for language in [lang] if lang else donor.languages:
            if period is None and not resend and _has_it(home, donor, chosen, language):
                done.append(Delivered(donor.id, chosen, language, None, DELIVERED, tuple(
                    Outcome(address, "already sent") for address in addressed(donor, language))))
                report(done[-1])
            else:
                planned.append((donor, chosen, language))
    if planned:
        with browser_session(tabs=2):
            for donor, chosen, language in planned:
                pack = build_pack(con, home.packs, donor, chosen, language)
                sent = deliver(pack, donor, home.outbox, smtp, home.deliveries, resend=resend)
                done.append(Delivered(donor.id, chosen, language, str(pack.pdf), sent.status, sent.outcomes))
                report(done[-1])
    return done
