"""`blo pack`: build and deliver donor chart packs from the published warehouse."""

from __future__ import annotations

import difflib
from typing import Annotated

import typer

from pipelines.options import HomeOption, fail, out
from warehouse.home import Home


def pack(home: HomeOption = None,
         donor: Annotated[str | None, typer.Option(help="Donor id (default: every donor).")] = None,
         period: Annotated[str | None, typer.Option(help="YYYY, YYYY-Qn or YYYY-MM (default: last complete).")] = None,
         lang: Annotated[str | None, typer.Option(help="en or ru (default: the donor's languages).")] = None):
    """Build and deliver donor chart packs from the published warehouse; prints the paths."""
    from dashboards.delivery import SmtpSettings
    from dashboards.pack import load_donors
    from dashboards.periods import period_bounds
    from dashboards.rounds import NoPeriod, pack_round
    from warehouse.access import NoSnapshot, read_only

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
        with read_only(place) as con:
            done = pack_round(con, place, chosen, period, lang, SmtpSettings.from_env(), report=lambda d: out.print(
                f"{d.donor} {d.period} {d.lang}: {d.pdf}  (delivery: {d.delivery})"))
        failed = [f"{d.donor} {d.period} {d.lang}" for d in done if d.delivery == "failed"]
        if failed:
            fail(f"delivery failed for {', '.join(failed)}: the outbox holds why; the next `blo pack` tries again", 1)
    except NoPeriod as exc:
        fail(f"{exc}; give --period to build one anyway")
    except (NoSnapshot, ValueError) as exc:
        fail(str(exc))
