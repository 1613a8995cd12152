"""Evaluate stage: before/after estimates per BLO crossing point and the region-wide staggered DiD."""


import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.evaluate.errors import EvaluationError
from assets.evaluate.windows import effects_inputs_key
from warehouse.store import input_key, replace_table, set_input_key

MONTHS_AND_REGISTRY = """
SELECT crossing_point, month, events, mass_kg, reported FROM core.monthly_series WHERE substance_group = 'All'
"""
CONTROLS = ("never-treated", "not-yet-treated")
DID_SUMMARY = {"control": pl.String, "status": pl.String, "reason": pl.String, "att": pl.Float64, "se": pl.Float64,
               "lower": pl.Float64, "upper": pl.Float64, "pretrend_p": pl.Float64, "n_units": pl.Int64,
               "n_cohorts": pl.Int64, "warnings": pl.List(pl.String)}
DID_EVENT_STUDY = {"control": pl.String, "event_time": pl.Int64, "att": pl.Float64, "se": pl.Float64,
                   "lower": pl.Float64, "upper": pl.Float64}


def _inputs(con) -> tuple[pl.DataFrame, pl.DataFrame]:
    monthly = con.sql(MONTHS_AND_REGISTRY).pl()
    registry = con.sql("SELECT crossing_point, blo_established, blo_source FROM core.crossing_points").pl()
    return monthly, registry


@dg.asset(
    group_name="evaluate", kinds={"duckdb", "statsmodels"}, deps=["monthly_series"],
    check_specs=[
        dg.AssetCheckSpec("enough_pre_periods", asset="blo_effects",
                          description="Every BLO crossing point with data has an estimate (≥ 6 pre-period months)."),
        dg.AssetCheckSpec("models_converged", asset="blo_effects",
                          description="Every estimated model converged to a finite rate ratio."),
    ],
)
def blo_effects(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Per BLO crossing point: pre/post means, ITS rate ratio with 95 % interval, placebo, and a plain sentence."""
    with duckdb.get_connection() as con:
        monthly, registry = _inputs(con)
        key = effects_inputs_key(monthly, registry)
        # months after every BLO's window, the usual new export, leave the estimates (and statsmodels) alone
        reused = input_key(con, "blo_effects") == key
        if not reused:
            from assets.evaluate.effects import blo_effects as estimate  # statsmodels & co: seconds to import

            replace_table(con, "blo_effects", estimate(monthly, registry))
            set_input_key(con, "blo_effects", key)
        effects = con.sql("SELECT * FROM core.blo_effects").pl()
    not_ok = effects.filter(pl.col("status") != "ok")
    unfinite = effects.filter((pl.col("status") == "ok") & ~pl.col("rate_ratio").is_finite())
    return dg.MaterializeResult(
        metadata={"crossings": effects.height, "estimated": effects.height - not_ok.height,
                  "reused_unchanged_estimate": reused},
        check_results=[
            dg.AssetCheckResult(check_name="enough_pre_periods", passed=not_ok.is_empty(),
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"not_estimated": dg.MetadataValue.json(
                                    not_ok.select("crossing_point", "status").to_dicts())}),
            dg.AssetCheckResult(check_name="models_converged", passed=unfinite.is_empty(),
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={"failed": unfinite.height}),
        ],
    )


@dg.asset(
    group_name="evaluate", kinds={"duckdb"}, deps=["monthly_series"],
    check_specs=[dg.AssetCheckSpec("no_pretrend", asset="region_did",
                                   description="Pre-BLO event-study coefficients are jointly zero (p ≥ 0.05).")],
)
def region_did(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Region-wide staggered difference-in-differences (Callaway & Sant'Anna) with its event study."""
    from assets.evaluate.region import region_did as estimate_region
    from assets.evaluate.region import region_inputs_key

    with duckdb.get_connection() as con:
        monthly, registry = _inputs(con)
        key = region_inputs_key(monthly, registry)
        # an export of months most crossing points have not reported yet leaves the panel, and the estimate, as it was
        reused = input_key(con, "region_did") == key
        if not reused:
            summaries, studies = [], []
            for control in CONTROLS:
                try:
                    result = estimate_region(monthly, registry, control).to_dict()
                except EvaluationError as exc:  # the data can't support it: a row that says why, not a failed run
                    summaries.append({"control": control, "status": "not estimated", "reason": str(exc)})
                    continue
                studies += [{"control": control, **row} for row in result.pop("event_study")]
                summaries.append({"control": control, "status": "ok", "reason": None, **result})
            replace_table(con, "did_summary", pl.DataFrame(summaries, schema=DID_SUMMARY))
            replace_table(con, "did_event_study", pl.DataFrame(studies, schema=DID_EVENT_STUDY))
            set_input_key(con, "region_did", key)
        main = con.sql("SELECT att, lower, upper, pretrend_p FROM core.did_summary WHERE control = $c",
                       params={"c": CONTROLS[0]}).pl().row(0, named=True)
    return dg.MaterializeResult(
        metadata={**main, "reused_unchanged_estimate": reused},
        check_results=[dg.AssetCheckResult(check_name="no_pretrend", passed=(main["pretrend_p"] or 1) >= 0.05,
                                           severity=dg.AssetCheckSeverity.WARN,
                                           metadata={"pretrend_p": main["pretrend_p"]})])
