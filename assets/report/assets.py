"""Report stage: the dashboard site and donor chart packs, built from a published snapshot whose estimates were
computed from its data."""

from dataclasses import asdict

import dagster as dg

from assets.resources import HomeResource
from warehouse.access import read_estimated

# a run of the packs alone may start while another run has published new data and not yet its estimates
ESTIMATES_WAIT_SECONDS = 120.0


@dg.asset(group_name="report", kinds={"plotly", "html"}, deps=["published_estimates"])
def dashboard_site(home: HomeResource) -> dg.MaterializeResult:
    """The evaluators' static dashboard: overview, one page per crossing point, methods and caveats."""
    from dashboards.site import build_site  # Plotly and Jinja load when pages are drawn, not with every run

    with read_estimated(home.home, ESTIMATES_WAIT_SECONDS) as con:
        pages = build_site(con, home.home.dashboards)
    return dg.MaterializeResult(metadata={"pages": len(pages),
                                          "index": dg.MetadataValue.path(str(home.home.dashboards / "index.html"))})


@dg.asset(group_name="report", kinds={"pdf", "html"}, deps=["published_estimates"])
def chart_packs(context: dg.AssetExecutionContext, home: HomeResource) -> dg.MaterializeResult:
    """Each donor's chart pack for its last complete period, written to the outbox and e-mailed when configured."""
    from dashboards.delivery import SmtpSettings  # loaded when packs are built, not with every run
    from dashboards.pack import load_donors
    from dashboards.rounds import NoPeriod, pack_round

    with read_estimated(home.home, ESTIMATES_WAIT_SECONDS) as con:
        try:
            built = pack_round(con, home.home, load_donors(), smtp=SmtpSettings.from_env(), report=lambda d: (
                context.log.info(f"{d.donor} {d.period} {d.lang}: {d.pdf} ({d.delivery})")))
        except NoPeriod as exc:
            context.log.warning(f"{exc}, so no pack was built")
            built = []
    failed = [f"{d.donor} {d.period} {d.lang}" for d in built if d.delivery == "failed"]
    if failed:  # every pack was tried; the next run tries these again (the delivery ledger holds why they failed)
        raise dg.Failure(f"delivery failed for {', '.join(failed)}",
                         metadata={"packs": dg.MetadataValue.json([asdict(d) for d in built])})
    return dg.MaterializeResult(metadata={"packs": dg.MetadataValue.json([asdict(d) for d in built])})
