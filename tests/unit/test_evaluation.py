"""Evaluation methods against published answers, and the clear messages for data that can't support them."""

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import demo
from assets.evaluate.did import fit_did
from assets.evaluate.effects import estimate_blo_effects
from assets.evaluate.its import EvaluationError, fit_its
from assets.evaluate.region import estimate_region_did

VALIDATION = Path(__file__).parents[1] / "data" / "validation"


@pytest.fixture(scope="module")
def mpdta():
    return pd.read_csv(VALIDATION / "mpdta.csv")


def test_mpdta_simple_att_and_event_study(mpdta):
    result = fit_did(mpdta, "countyreal", "year", "first_treat", "lemp")
    assert result.att == pytest.approx(-0.0400, abs=0.0005)
    assert result.se == pytest.approx(0.012, abs=0.0005)
    published = [0.0305, -0.0006, -0.0245, -0.0199, -0.0510, -0.1373, -0.1008]
    assert [e["event_time"] for e in result.event_study] == list(range(-3, 4))
    assert [e["att"] for e in result.event_study] == pytest.approx(published, abs=0.0005)


def test_sicily_quasipoisson_with_harmonics():
    sicily = pd.read_csv(VALIDATION / "sicily.csv")
    result = fit_its(sicily, "time", "aces", "smokban", offset="stdpop", harmonics=2, period=12)
    assert (result.rate_ratio, result.lower, result.upper) == pytest.approx((0.8851, 0.8394, 0.9332), abs=0.0005)
    assert round(result.dispersion, 2) == 2.26


def test_sicily_poisson_step():
    sicily = pd.read_csv(VALIDATION / "sicily.csv")
    result = fit_its(sicily, "time", "aces", "smokban", offset="stdpop", family="poisson")
    assert (result.rate_ratio, result.lower, result.upper) == pytest.approx((0.8944, 0.8647, 0.9251), abs=0.0005)


def _monthly(seed: int, effect: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    panel = demo.simulate_panel(seed, effect=effect)
    return panel.with_columns(mass_kg=pl.col("events") * 1.0, reported=pl.lit(True)), demo.synthetic_registry(seed)


def test_region_did_recovers_the_planted_effect():
    import math

    monthly, registry = _monthly(3, demo.BLO_EFFECT)
    result = estimate_region_did(monthly, registry)
    assert math.exp(result.lower) < demo.BLO_EFFECT < math.exp(result.upper)
    assert result.n_units == 31 and result.n_cohorts >= 15


def test_per_crossing_effects_and_sentences():
    monthly, registry = _monthly(5, 2.0)
    effects = estimate_blo_effects(monthly, registry)
    ok = effects.filter(pl.col("status") == "ok")
    assert ok.height == registry.drop_nulls("blo_established").height
    assert ok.get_column("rate_ratio").median() > 1.4
    rose, spans = ok.filter(pl.col("lower") > 1), ok.filter(pl.col("lower") <= 1, pl.col("upper") >= 1)
    assert rose.height >= ok.height / 2
    assert all(s.startswith("At ") and "at the opening: rose by" in s for s in rose.get_column("sentence"))
    assert all("at the opening: no change detected" in s for s in spans.get_column("sentence"))


def test_short_pre_period_and_all_zero_months_are_statuses_not_errors():
    import datetime as dt

    months = pl.date_range(dt.date(2020, 1, 1), dt.date(2022, 12, 1), "1mo", eager=True)
    monthly = pl.concat([
        pl.DataFrame({"crossing_point": "Early", "month": months, "events": [3] * 36}),
        pl.DataFrame({"crossing_point": "Empty", "month": months, "events": [0] * 36}),
    ]).with_columns(mass_kg=pl.lit(1.0), reported=pl.lit(True))
    registry = pl.DataFrame({"crossing_point": ["Early", "Empty"],
                             "blo_established": [dt.date(2020, 4, 1), dt.date(2021, 6, 1)]})
    statuses = dict(estimate_blo_effects(monthly, registry).select("crossing_point", "status").iter_rows())
    assert statuses["Early"] == "fewer than 6 pre-period months (3)"
    assert statuses["Empty"] == "every month is zero: there is nothing to model"


def test_cohort_of_one_is_refused_clearly():
    panel = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "t": [1, 2] * 3, "g": [2, 2, 0, 0, 0, 0],
                          "y": [1.0, 2.0, 1.0, 1.1, 0.9, 1.0]})
    with pytest.raises(EvaluationError, match="single unit"):
        fit_did(panel, "unit", "t", "g", "y")
