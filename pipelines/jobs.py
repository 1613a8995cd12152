"""Jobs: the full build, and the donor packs on their own."""

import dagster as dg

build_everything = dg.define_asset_job(
    "build_everything", selection=dg.AssetSelection.all(),
    description="Ingest new exports, normalise, rebuild series and estimates, publish, build dashboards and packs.")

donor_packs = dg.define_asset_job(
    "donor_packs", selection=dg.AssetSelection.assets("chart_packs"),
    description="Build and deliver each donor's chart pack for its last complete period.")
