"""Normalise stage: canonical substances and crossing points, kg-equivalents, cross-agency duplicates merged."""


import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.normalise.parts import normalise_in_parts
from assets.normalise.review import QUEUES, harvest_answers
from assets.resources import HomeResource
from assets.shared.crossings import load_reviewed_aliases as load_crossing_answers
from assets.shared.crossings import review_queue as crossing_review
from assets.shared.substances import load_reviewed_aliases as load_substance_answers
from assets.shared.substances import review_queue as substance_review
from warehouse.spreadsheet import neutralised
from warehouse.store import replace_table

MAX_UNMAPPED_SHARE = 0.01
MAX_MERGE_RATE = 0.25
OUTLIER_Z = 3.5
MAX_OUTLIER_SHARE = 0.02


@dg.asset(
    group_name="normalise", kinds={"duckdb", "polars"}, deps=["source_records"],
    check_specs=[
        dg.AssetCheckSpec("unmapped_substances_below_1pct", asset="seizure_sources",
                          description="Share of records whose substance stays unmapped."),
        dg.AssetCheckSpec("unplaced_crossings_below_1pct", asset="seizure_sources",
                          description="Share of records naming a crossing point the gazetteer can't place."),
        dg.AssetCheckSpec("merge_rate_plausible", asset="seizure_sources",
                          description="Share of records merged into another agency's report of the same seizure."),
        dg.AssetCheckSpec("quantity_outliers_rare", asset="seizure_sources",
                          description="Share of weighed seizures whose mass is an outlier for their substance "
                                      "(robust z-score of log mass above 3.5)."),
    ],
)
def seizure_sources(context: dg.AssetExecutionContext, duckdb: DuckDBResource, home: HomeResource
                    ) -> dg.MaterializeResult:
    """Every source record with its canonical substance, crossing point, quantity and seizure."""
    review_dir = home.home.review
    substance_answers = harvest_answers(review_dir, "substance", load_substance_answers)
    crossing_answers = harvest_answers(review_dir, "crossing", load_crossing_answers)
    with duckdb.get_connection() as con:
        done = normalise_in_parts(con, substance_answers, crossing_answers, OUTLIER_Z)
        named = done.names
        substances = substance_review(named.select(
            name_raw="substance_raw", substance="substance", match_method="substance_match",
            confidence="substance_confidence").unique())
        crossings = crossing_review(named.select(
            name_raw="crossing_raw", crossing_point="crossing_point", match_method="crossing_match",
            confidence="crossing_confidence").unique())
        replace_table(con, "review_queue", pl.concat([
            substances.select(pl.lit("substance").alias("kind"), pl.all().cast(pl.String)),
            crossings.select(pl.lit("crossing").alias("kind"), pl.all().cast(pl.String)),
        ], how="diagonal_relaxed"))
    neutralised(substances).write_csv(review_dir / QUEUES["substance"][0])
    neutralised(crossings).write_csv(review_dir / QUEUES["crossing"][0])
    totals, outliers = done.counts, done.outliers
    n = max(totals["records"], 1)
    unmapped = totals["unmapped"] / n
    unplaced = totals["unplaced"] / max(totals["named"], 1)
    merged = totals["merged"] / n
    outlier_share = outliers.height / max(totals["weighed"], 1)
    context.log.info(f"{totals['records']} records, {unmapped:.2%} unmapped substances, {merged:.2%} merged")
    return dg.MaterializeResult(
        metadata={"records": totals["records"], "seizures": totals["seizures"],
                  "records_normalised": totals["normalised"], "rows_written": totals["written"],
                  "review_queue": substances.height + crossings.height},
        check_results=[
            dg.AssetCheckResult(check_name="unmapped_substances_below_1pct", passed=unmapped <= MAX_UNMAPPED_SHARE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"share": unmapped, "threshold": MAX_UNMAPPED_SHARE,
                                          "names_to_review": substances.height}),
            dg.AssetCheckResult(check_name="unplaced_crossings_below_1pct", passed=unplaced <= MAX_UNMAPPED_SHARE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"share": unplaced, "threshold": MAX_UNMAPPED_SHARE,
                                          "names_to_review": crossings.height}),
            dg.AssetCheckResult(check_name="merge_rate_plausible", passed=merged <= MAX_MERGE_RATE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"merge_rate": merged, "threshold": MAX_MERGE_RATE}),
            dg.AssetCheckResult(
                check_name="quantity_outliers_rare", passed=outlier_share <= MAX_OUTLIER_SHARE,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"share": outlier_share, "threshold": MAX_OUTLIER_SHARE, "z_threshold": OUTLIER_Z,
                          "outliers": outliers.height,
                          "largest": dg.MetadataValue.md(_outlier_table(outliers))}),
        ],
    )


def _outlier_table(outliers: pl.DataFrame) -> str:
    top = outliers.sort(pl.col("quantity_z").abs(), descending=True).head(10)
    lines = ["| substance | kg | robust z | source |", "|---|---|---|---|"]
    lines += [f"| {s} | {kg:,.3f} | {z:.1f} | {f} row {r} |" for s, kg, z, f, r in top.select(
        "substance", "mass_kg", "quantity_z", "source_file", "source_row").iter_rows()]
    return "\n".join(lines)
