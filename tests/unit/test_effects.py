"""Per-crossing BLO effects table and the crossing × quarter DiD panel (coverage: tests/unit/test_simulation.py)."""

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from assets.evaluate.effects import adjust, estimate_blo_effects, holm
from assets.evaluate.region import did_panel, region_inputs_key
from assets.evaluate.windows import effects_inputs_key

COLUMNS = ["crossing_point", "blo_established", "window_start", "window_end", "pre_months", "post_months",
           "pre_mean_events", "post_mean_events", "descriptive_ratio", "pre_mean_kg", "post_mean_kg", "model",
           "rate_ratio", "lower", "upper", "p_value", "p_holm", "p_bh", "n_tested", "slope_change", "slope_lower",
           "slope_upper", "cumulative_ratio", "cumulative_lower", "cumulative_upper", "dispersion", "autocorrelation",
           "placebo_date", "placebo_rate_ratio", "placebo_lower", "placebo_upper", "status", "sentence", "sentence_ru"]


def months_from(first: dt.date, count: int) -> list[dt.date]:
    return [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def crossing(name: str, opened: dt.date | None, base: float, effect: float, seed: int, count: int = 60,
             first: dt.date = dt.date(2012, 1, 1)) -> pl.DataFrame:
    """Monthly seizure events at one crossing point: seasonal Poisson counts, × `effect` from the BLO opening."""
    month = months_from(first, count)
    rate = [base * (1 + 0.2 * math.sin(2 * math.pi * i / 12)) * (effect if opened and m >= opened else 1.0)
            for i, m in enumerate(month)]
    events = np.random.default_rng(seed).poisson(rate)
    return pl.DataFrame({"crossing_point": name, "month": month, "events": events, "mass_kg": events * 2.0,
                         "reported": True})


def registry(**opened: dt.date | None) -> pl.DataFrame:
    return pl.DataFrame({"crossing_point": list(opened), "blo_established": list(opened.values())},
                        schema={"crossing_point": pl.String, "blo_established": pl.Date})


def test_planted_ratio_is_recovered_with_window_placebo_and_sentence():
    opened = dt.date(2014, 5, 1)
    monthly = crossing("Oybek", opened, base=30, effect=1.5, seed=1)
    effects = estimate_blo_effects(monthly, registry(Oybek=opened))
    assert effects.columns == COLUMNS
    row = effects.row(0, named=True)
    assert row["status"] == "ok" and row["lower"] < 1.5 < row["upper"]
    assert (row["window_start"], row["window_end"], row["placebo_date"]) == (
        dt.date(2012, 5, 1), dt.date(2016, 4, 1), dt.date(2013, 5, 1))
    assert (row["pre_months"], row["post_months"]) == (24, 24)
    window = monthly.filter(pl.col("month").is_between(dt.date(2012, 5, 1), dt.date(2016, 4, 1)))
    pre = window.filter(pl.col("month") < opened)
    assert row["pre_mean_events"] == pytest.approx(pre["events"].mean())
    assert row["pre_mean_kg"] == pytest.approx(2 * pre["events"].mean())
    assert row["descriptive_ratio"] == pytest.approx(row["post_mean_events"] / row["pre_mean_events"])
    assert row["placebo_lower"] < 1 < row["placebo_upper"]
    assert row["sentence"].startswith("At Oybek, where the BLO opened in May 2014 (24 months before and 24 after")
    assert "seizure events at the opening: rose by " in row["sentence"] and "95 % CI +" in row["sentence"]
    assert row["sentence_ru"].startswith("Oybek (ПОС открыт в мае 2014 г.;") and "рост на" in row["sentence_ru"]
    assert row["p_value"] < 0.05 and row["p_holm"] == row["p_bh"] == row["p_value"] and row["n_tested"] == 1
    assert row["slope_lower"] < row["slope_change"] < row["slope_upper"]
    assert row["cumulative_lower"] < 1.5 < row["cumulative_upper"]


def test_unreported_months_are_missing_not_zero():
    opened = dt.date(2014, 5, 1)
    monthly = crossing("Ayritom", opened, base=20, effect=1.3, seed=2)
    gap = pl.col("month").is_between(dt.date(2013, 1, 1), dt.date(2013, 5, 1))
    unreported = monthly.with_columns(events=pl.when(gap).then(0).otherwise("events"), reported=~gap)
    with_gap = estimate_blo_effects(unreported, registry(Ayritom=opened)).row(0, named=True)
    dropped = estimate_blo_effects(monthly.filter(~gap), registry(Ayritom=opened)).row(0, named=True)
    assert with_gap["pre_months"] == 19
    assert with_gap["pre_mean_events"] == pytest.approx(dropped["pre_mean_events"])
    assert with_gap["rate_ratio"] == pytest.approx(dropped["rate_ratio"])


def test_crossings_that_cannot_be_estimated_get_a_status_not_an_exception():
    monthly = pl.concat([crossing("Early", None, 5, 1.0, seed=3), crossing("Empty", None, 0, 1.0, seed=4),
                         crossing("Unopened", None, 5, 1.0, seed=5)])
    statuses = dict(estimate_blo_effects(monthly, registry(Early=dt.date(2012, 5, 1), Empty=dt.date(2014, 1, 1),
                                                  Ghost=dt.date(2014, 1, 1), Unopened=None))
                    .select("crossing_point", "status").iter_rows())
    assert statuses == {"Early": "fewer than 6 pre-period months (4)",
                        "Empty": "every month is zero: there is nothing to model",
                        "Ghost": "no reported months in the window around the opening"}


def test_placebo_on_no_effect_data_is_near_one():
    opened = dt.date(2015, 1, 1)
    series = crossing("Dustlik", opened, 25, 1.0, seed=6)
    row = estimate_blo_effects(series, registry(Dustlik=opened)).row(0, named=True)
    assert row["placebo_lower"] < 1 < row["placebo_upper"] and 0.8 < row["placebo_rate_ratio"] < 1.25


def test_did_panel_counts_quarters_from_the_opening_month_on():
    first = dt.date(2020, 1, 1)
    monthly = pl.concat([crossing(name, None, 10, 1.0, seed=i, count=24, first=first)
                         for i, name in enumerate(["A", "B", "C", "D"])])
    monthly = monthly.with_columns(reported=~((pl.col("crossing_point") == "B") & (pl.col("month") == first)))
    panel = did_panel(monthly, registry(A=dt.date(2020, 5, 1), B=None, C=dt.date(2019, 3, 1), D=dt.date(2023, 1, 1)))
    assert panel.groupby("crossing_point")["cohort"].first().to_dict() == {"A": 2, "B": 0, "C": 1, "D": 0}
    assert sorted(panel["period"].unique()) == list(range(1, 9))
    a2 = panel[(panel["crossing_point"] == "A") & (panel["period"] == 2)].iloc[0]
    may_june = monthly.filter(pl.col("crossing_point") == "A", pl.col("month").is_in([dt.date(2020, 5, 1),
                                                                                     dt.date(2020, 6, 1)]))
    assert a2["months"] == 2 and a2["log_events"] == pytest.approx(math.log((may_june["events"].sum() + 0.5) / 2))
    assert panel[(panel["crossing_point"] == "B") & (panel["period"] == 1)]["months"].item() == 2


def test_did_panel_ends_where_most_units_stop_reporting():
    first = dt.date(2020, 1, 1)
    monthly = pl.concat([crossing(name, None, 10, 1.0, seed=i, count=24, first=first)
                         for i, name in enumerate(["A", "B", "C", "D", "E"])]
                        + [crossing("A", None, 10, 1.0, seed=9, count=3, first=dt.date(2022, 1, 1))])
    panel = did_panel(monthly, registry(A=dt.date(2020, 7, 1), B=dt.date(2021, 1, 1), C=None, D=None, E=None))
    assert sorted(panel["period"].unique()) == list(range(1, 9))
    assert panel.groupby("crossing_point")["period"].nunique().to_dict() == dict.fromkeys("ABCDE", 8)


def test_the_did_inputs_key_changes_with_the_panel_only():
    first = dt.date(2020, 1, 1)
    monthly = pl.concat([crossing(name, None, 10, 1.0, seed=i, count=24, first=first)
                         for i, name in enumerate(["A", "B", "C", "D", "E"])])
    blos = registry(A=dt.date(2020, 7, 1), B=dt.date(2021, 1, 1), C=None, D=None, E=None)
    key = region_inputs_key(monthly, blos)
    ahead = pl.concat([monthly, crossing("A", None, 10, 1.0, seed=9, count=3, first=dt.date(2022, 1, 1))])
    assert region_inputs_key(ahead, blos) == key  # months only one unit reports stay outside the panel
    one_more = monthly.with_columns(events=pl.when((pl.col("crossing_point") == "C") & (pl.col("month") == first))
                                    .then(pl.col("events") + 1).otherwise("events"))
    assert region_inputs_key(one_more, blos) != key
    assert region_inputs_key(monthly, registry(A=dt.date(2020, 10, 1), B=dt.date(2021, 1, 1), C=None, D=None,
                                               E=None)) != key


def test_the_effects_inputs_key_changes_with_the_months_around_an_opening_only():
    opened = dt.date(2014, 5, 1)
    monthly = pl.concat([crossing("Oybek", opened, 10, 1.0, seed=1), crossing("Farap", None, 10, 1.0, seed=2)])
    blos = registry(Oybek=opened, Farap=None)
    key = effects_inputs_key(monthly, blos)
    later = crossing("Oybek", None, 10, 1.0, seed=3, count=6, first=dt.date(2017, 1, 1))  # after the 24-month window
    assert effects_inputs_key(pl.concat([monthly, later]), blos) == key
    assert effects_inputs_key(monthly.filter(pl.col("crossing_point") == "Oybek"), blos) == key  # no BLO at Farap
    inside = monthly.with_columns(events=pl.when((pl.col("crossing_point") == "Oybek")
                                                 & (pl.col("month") == dt.date(2015, 1, 1)))
                                  .then(pl.col("events") + 1).otherwise("events"))
    assert effects_inputs_key(inside, blos) != key
    assert effects_inputs_key(monthly, registry(Oybek=dt.date(2014, 6, 1), Farap=None)) != key


def test_holm_and_bh_adjusted_p_values_are_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.04, 0.001, 0.3, 0.04, 0.012, 0.9, 0.02, 0.0004, 0.6, 0.5])
    assert holm(p) == pytest.approx(multipletests(p, method="holm")[1], rel=1e-12)
    rows = [{"p_value": float(value)} for value in p] + [{"p_value": None}]
    adjust(rows)
    assert [row["p_holm"] for row in rows[:-1]] == pytest.approx(multipletests(p, method="holm")[1], rel=1e-12)
    assert [row["p_bh"] for row in rows[:-1]] == pytest.approx(multipletests(p, method="fdr_bh")[1], rel=1e-12)
    assert {row["n_tested"] for row in rows[:-1]} == {10} and "p_holm" not in rows[-1]
