"""Jobs: the full build, new exports up to the published data, estimates and dashboards, and the donor packs."""

import dagster as dg

build_everything = dg.define_asset_job(
    "build_everything", selection=dg.AssetSelection.all(),
    description="Ingest new exports, normalise, rebuild series, publish the data, estimate, republish with the "
                "estimates, build dashboards and packs.")

donor_packs = dg.define_asset_job(
    "donor_packs", selection=dg.AssetSelection.assets("chart_packs"),
    description="Build and deliver each donor's chart pack for its last complete period.")

ingest_and_publish = dg.define_asset_job(
    "ingest_and_publish", selection=dg.AssetSelection.all() - dg.AssetSelection.assets("chart_packs"),
    description="Process newly landed exports, publish their data, then the estimates and dashboards (packs keep "
                "their schedule).")
