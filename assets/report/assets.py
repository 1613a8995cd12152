"""Report stage: publish the snapshot, then build the dashboard site and donor chart packs from it."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.report.periods import last_complete_period
from pipelines.resources import HomeResource
from warehouse.access import publish, read_only, snapshot_name
from warehouse.store import create_views, now, set_info

SYNTHETIC_LABEL = "synthetic demo data"


@dg.asset(group_name="warehouse", kinds={"duckdb"},
          deps=["seizure_sources", "reference_tables", "monthly_series", "blo_effects", "region_did"])
def published_warehouse(duckdb: DuckDBResource, home: HomeResource) -> dg.MaterializeResult:
    """A new read-only snapshot of the warehouse, published only when every upstream check passed."""
    demo = home.home.is_demo
    name = snapshot_name()
    with duckdb.get_connection() as con:
        create_views(con)
        set_info(con, synthetic=str(demo).lower(), built_at=now(), snapshot=name,
                 data_label=SYNTHETIC_LABEL if demo else "agency data")
        counts = con.execute("SELECT count(*), coalesce(sum(n_events), 0) FROM seizures").fetchall()[0]
        con.execute("CHECKPOINT")
    snapshot = publish(home.home, name)
    return dg.MaterializeResult(metadata={"snapshot": str(snapshot), "seizures": counts[0],
                                          "events": counts[1], "synthetic": demo})


@dg.asset(group_name="report", kinds={"plotly", "html"}, deps=["published_warehouse"])
def dashboard_site(home: HomeResource) -> dg.MaterializeResult:
    """The evaluators' static dashboard: overview, one page per crossing point, methods and caveats."""
    from dashboards.site import build_site  # Plotly and Jinja load when pages are drawn, not with every run

    with read_only(home.home) as con:
        pages = build_site(con, home.home.dashboards)
    return dg.MaterializeResult(metadata={"pages": len(pages),
                                          "index": dg.MetadataValue.path(str(home.home.dashboards / "index.html"))})


@dg.asset(group_name="report", kinds={"pdf", "html"}, deps=["published_warehouse"])
def chart_packs(context: dg.AssetExecutionContext, home: HomeResource) -> dg.MaterializeResult:
    """Each donor's chart pack for its last complete period, written to the outbox and e-mailed when configured."""
    from dashboards.delivery import SmtpSettings, deliver  # loaded when packs are built, not with every run
    from dashboards.pack import build_pack, load_donors
    from dashboards.static_export import browser_session

    smtp = SmtpSettings.from_env()
    built = []
    with read_only(home.home) as con, browser_session(tabs=2):
        last_month = con.execute("SELECT max(month) FROM monthly_series").fetchall()[0][0]
        if last_month is None:
            context.log.warning("no crossing point has monthly data yet (national-level records only, or none): "
                                "no period to report, so no pack was built")
        for donor in load_donors() if last_month else []:
            period = last_complete_period(donor.cadence, last_month)
            for lang in donor.languages:
                pack = build_pack(con, home.home.packs, donor, period, lang)
                report = deliver(pack, donor, home.home.outbox, smtp)
                context.log.info(f"{donor.id} {period} {lang}: {pack.pdf} ({report.status})")
                built.append({"donor": donor.id, "period": period, "lang": lang, "pdf": str(pack.pdf),
                              "delivery": report.status})
    return dg.MaterializeResult(metadata={"packs": dg.MetadataValue.json(built)})
