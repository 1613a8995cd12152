"""Evaluate stage: before/after estimates per BLO crossing point and the region-wide staggered DiD, computed after the
new data is published, so that queries never wait for a model."""


from collections.abc import Callable, Iterator
from contextlib import contextmanager

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.evaluate.windows import effects_inputs_key
from warehouse.store import input_key, replace_table, set_input_key

MONTHS_AND_REGISTRY = """
SELECT crossing_point, month, events, mass_kg, reported FROM core.monthly_series WHERE substance_group = 'All'
"""
CONTROLS = ("never-treated", "not-yet-treated")  # the first is the headline estimate


def _effects(monthly: pl.DataFrame, registry: pl.DataFrame) -> dict[str, pl.DataFrame]:
    from assets.evaluate.effects import estimate_blo_effects  # statsmodels & co: a second to import, only when needed

    with _one_blas_thread():
        return {"blo_effects": estimate_blo_effects(monthly, registry)}


def _region(monthly: pl.DataFrame, registry: pl.DataFrame) -> dict[str, pl.DataFrame]:
    from assets.evaluate.region import region_tables

    with _one_blas_thread():
        return region_tables(monthly, registry, CONTROLS)


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Linear algebra on one thread while the estimates run (the libraries imported first, so that their BLAS is
    loaded): their matrices are small, at most ~1,200 × 80, and OpenBLAS's threads only contend with the process's
    own. On the 2-core bench under load, region_did took 2.9–4.0 s with them and 0.5–0.8 s without."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _inputs(con) -> tuple[pl.DataFrame, pl.DataFrame]:
    monthly = con.sql(MONTHS_AND_REGISTRY).pl()
    registry = con.sql("SELECT crossing_point, blo_established, blo_source FROM core.crossing_points").pl()
    return monthly, registry


def _refreshed(con, name: str, key: str, estimate: Callable[[], dict[str, pl.DataFrame]]) -> bool:
    """Store new estimates when their inputs changed since the stored ones; whether the stored ones stand."""
    reused = input_key(con, name) == key
    if not reused:
        for table, frame in estimate().items():
            replace_table(con, table, frame)
        set_input_key(con, name, key)
    return reused


@dg.asset(
    group_name="evaluate", kinds={"duckdb", "statsmodels"}, deps=["monthly_series", "published_data"],
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
        # months after every BLO's window, the usual new export, leave the estimates (and statsmodels) alone
        reused = _refreshed(con, "blo_effects", effects_inputs_key(monthly, registry),
                            lambda: _effects(monthly, registry))
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
    group_name="evaluate", kinds={"duckdb"}, deps=["monthly_series", "published_data"],
    check_specs=[dg.AssetCheckSpec("no_pretrend", asset="region_did",
                                   description="Pre-BLO event-study coefficients are jointly zero (p ≥ 0.05).")],
)
def region_did(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Region-wide staggered difference-in-differences (Callaway & Sant'Anna) with its event study, its sensitivity to
    parallel trends and two robustness checks (Poisson and imputation DiD)."""
    from assets.evaluate.region import region_inputs_key

    with duckdb.get_connection() as con:
        monthly, registry = _inputs(con)
        # an export of months most crossing points have not reported yet leaves the panel, and the estimate, as it was
        reused = _refreshed(con, "region_did", region_inputs_key(monthly, registry),
                            lambda: _region(monthly, registry))
        main = con.sql("SELECT att, lower, upper, pretrend_p, honest_mbar_breakdown FROM core.did_summary "
                       "WHERE control = $c",
                       params={"c": CONTROLS[0]}).pl().row(0, named=True)
    return dg.MaterializeResult(
        metadata={**main, "reused_unchanged_estimate": reused},
        check_results=[dg.AssetCheckResult(check_name="no_pretrend", passed=(main["pretrend_p"] or 1) >= 0.05,
                                           severity=dg.AssetCheckSeverity.WARN,
                                           metadata={"pretrend_p": main["pretrend_p"]})])
