"""A round of donor packs: each chosen donor's pack for its period in each of its languages, built and delivered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from dashboards.delivery import SmtpSettings, deliver
from dashboards.pack import Donor, build_pack
from dashboards.periods import last_complete_period, reported_through
from dashboards.static_export import browser_session
from warehouse.home import Home

NO_MONTHS = ("no agency has reported a month at a crossing point (national-level records only, or none): "
             "there is no last complete period to report")


class NoPeriod(ValueError):
    """No period was asked for and the warehouse has no month to take the last complete one from."""


@dataclass(frozen=True)
class Delivered:
    """One pack of the round: whose, for which period and language, where it is, and how delivery went."""

    donor: str
    period: str
    lang: str
    pdf: str
    delivery: str


def pack_round(con: duckdb.DuckDBPyConnection, home: Home, donors: list[Donor], period: str | None = None,
               lang: str | None = None, smtp: SmtpSettings | None = None,
               report: Callable[[Delivered], None] = lambda _: None) -> list[Delivered]:
    """Build and deliver each donor's pack for `period` (default: the donor's last complete period) in `lang`
    (default: the donor's languages); raises NoPeriod when there is no period to report."""
    last_month = reported_through(con)
    if last_month is None and period is None:
        raise NoPeriod(NO_MONTHS)
    done = []
    with browser_session(tabs=2):
        for donor in donors:
            chosen = period or last_complete_period(donor.cadence, last_month)
            for language in [lang] if lang else donor.languages:
                pack = build_pack(con, home.packs, donor, chosen, language)
                status = deliver(pack, donor, home.outbox, smtp).status
                done.append(Delivered(donor.id, chosen, language, str(pack.pdf), status))
                report(done[-1])
    return done
