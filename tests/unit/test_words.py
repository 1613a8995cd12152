"""Sentences an evaluator can sign: every direction agrees with its interval, in English and Russian, on simulated
worlds with and without a BLO effect; p-values adjusted across crossing points; the region-wide DiD in words."""

import datetime as dt
import math

import polars as pl
import pytest

from assets.evaluate.effects import estimate_blo_effects
from assets.evaluate.words import CAVEAT, change, direction, region_sentence, sentence
from demo.world import simulate_panel, synthetic_registry
from support.sentences import contradictions, row_contradictions


def world(seed: int, effect: float) -> pl.DataFrame:
    panel = simulate_panel(seed, effect=effect)
    monthly = panel.select("crossing_point", "month", "events", mass_kg=pl.col("events") * 0.5, reported=pl.lit(True))
    return estimate_blo_effects(monthly, synthetic_registry(seed).select("crossing_point", "blo_established"))


def test_direction_comes_from_the_interval_not_the_estimate():
    assert change(1.32, 1.08, 1.61, "en") == "rose by 32 % (95 % CI +8 % to +61 %)"
    assert change(0.8, 0.65, 0.97, "en") == "fell by 20 % (95 % CI −35 % to −3 %)"
    assert change(1.26, 0.9, 1.76, "en") == "no change detected (consistent with −10 % to +76 %)"
    assert change(0.97, 0.61, 1.52, "en") == "no change detected (consistent with −39 % to +52 %)"
    assert change(1.05, 1.01, 1.09, "ru") == "рост на 5,0 % (95 % ДИ от +1,0 % до +9,0 %)"
    assert change(0.76, 0.5, 1.2, "ru") == "изменение не выявлено (данные совместимы с изменением от −50 % до +20 %)"
    assert [direction(*bounds) for bounds in ((1.01, 2), (0.5, 0.99), (0.5, 1.0), (1.0, 2))] == [
        "up", "down", "none", "none"]


def test_a_sentence_reports_level_trend_and_total_with_kg_multiplicity_and_caveat():
    row = {"crossing_point": "Panji Poyon", "blo_established": dt.date(2019, 3, 1), "status": "ok", "pre_months": 24,
           "post_months": 24, "rate_ratio": 0.76, "lower": 0.6, "upper": 0.96, "slope_change": 1.02,
           "slope_lower": 1.004, "slope_upper": 1.036, "cumulative_ratio": 1.1, "cumulative_lower": 0.8,
           "cumulative_upper": 1.5, "pre_mean_kg": 30.25, "post_mean_kg": 12.0, "p_holm": 0.4, "p_bh": 0.2,
           "n_tested": 22}
    en = sentence(row, "en", synthetic=True)
    assert en.startswith("At Panji Poyon, where the BLO opened in March 2019 (24 months before and 24 after")
    assert "at the opening: fell by 24 % (95 % CI −40 % to −4 %)" in en
    assert "per month: rose by 2.0 % (95 % CI +0.4 % to +3.6 %)" in en
    assert "against the earlier trend: no change detected (consistent with −20 % to +50 %)" in en
    assert "Kilograms, descriptive only (no model): 30.2 kg a month before, 12.0 kg after." in en
    assert "not significant (Holm p = 0.40; Benjamini–Hochberg q = 0.20): it may be a chance finding" in en
    assert CAVEAT["en"] in en and en.endswith("(synthetic demo data)")
    ru = sentence(row | {"crossing_point": "Панджи Поён"}, "ru")
    assert ru.startswith("Панджи Поён (ПОС открыт в марте 2019 г.;") and "снижение на 24 %" in ru
    assert "30,2 кг в месяц до" in ru and CAVEAT["ru"] in ru
    assert contradictions(en, [(0.6, 0.96), (1.004, 1.036), (0.8, 1.5)], "en") == []
    assert contradictions(ru, [(0.6, 0.96), (1.004, 1.036), (0.8, 1.5)], "ru") == []
    quiet = sentence(row | {"lower": 0.5, "upper": 1.1}, "en")
    assert "Holm" not in quiet  # nothing claimed at the opening, nothing to correct


def test_the_checker_catches_the_old_wording():
    old = ("At Ak-Jol, seizure events rose from 7.2 to 8.4 a month in the 24 months after the BLO opened in February "
           "2021 (rate ratio 0.97, 95 % CI 0.61–1.52; quasi-Poisson interrupted time series with seasonality).")
    assert contradictions(old, [(0.61, 1.52)], "en")
    assert contradictions("seizure events at the opening: rose by 5 % (95 % CI −3 % to +12 %)", [(0.97, 1.12)], "en")


def test_statuses_keep_their_reason():
    row = {"crossing_point": "Oybek", "blo_established": dt.date(2014, 5, 1), "status": "fewer than 6 pre-period "
           "months (4)"}
    assert sentence(row, "en") == "At Oybek, the BLO opened in May 2014 can't be evaluated yet: fewer than 6 " \
                                  "pre-period months (4)."
    assert sentence(row, "ru").startswith("Oybek: оценка до/после для ПОС, открытого в мае 2014 г., не приводится")


@pytest.mark.parametrize("effect", [1.0, 1.3, 2.0])
def test_no_sentence_contradicts_its_interval_on_simulated_worlds(effect):
    rows = [row for seed in range(100, 106) for row in world(seed, effect).iter_rows(named=True)
            if row["status"] == "ok"]
    assert len(rows) == 6 * 22
    assert [problem for row in rows for problem in row_contradictions(row)] == []
    said = [direction(row["lower"], row["upper"]) for row in rows]
    if effect == 1.0:
        assert said.count("none") >= 0.85 * len(rows)  # ~5 % false alarms, not every sentence saying "rose"
    if effect == 2.0:
        assert said.count("up") >= 0.5 * len(rows)  # 77 of 132 with intervals robust to correlated months


def test_p_values_are_adjusted_across_the_crossing_points():
    effects = world(101, 1.0).filter(pl.col("status") == "ok")
    assert set(effects["n_tested"]) == {effects.height}
    assert (effects["p_holm"] >= effects["p_value"] - 1e-12).all() and (effects["p_bh"] <= effects["p_holm"]).all()
    assert ((effects["p_value"] < 0.05) == ((effects["lower"] > 1) | (effects["upper"] < 1))).all()
    cutoff = effects["p_value"].sort()[0] * effects.height  # Holm's smallest adjusted p is Bonferroni's
    assert effects["p_holm"].min() == pytest.approx(min(cutoff, 1.0))


def test_no_effect_worlds_rarely_show_a_change_that_survives_holm():
    worlds = [world(seed, 1.0).filter(pl.col("status") == "ok") for seed in range(200, 240)]
    raw = sum((w["p_value"] < 0.05).any() for w in worlds) / len(worlds)
    holm = sum((w["p_holm"] < 0.05).any() for w in worlds) / len(worlds)
    assert raw >= 0.3 and holm <= 0.15, (raw, holm)


def test_the_region_sentence_is_a_percentage_with_the_outcome_as_computed_and_the_pretrend_in_words():
    summary = {"control": "not-yet-treated", "status": "ok", "att": math.log(1.29), "lower": math.log(1.14),
               "upper": math.log(1.47), "pretrend_p": 0.02, "n_units": 31, "n_cohorts": 16}
    en = region_sentence(summary, "en", 8, math.log(1.28))
    assert "log((events + ½) / reported months)" in en and "rose by 29 % (95 % CI +14 % to +47 %)" in en
    assert "Pre-trend test p = 0.02: the effects before the openings are not all zero" in en
    assert "little power" in en and "about 28 %" in en and CAVEAT["en"] in en
    assert contradictions(en, [(1.14, 1.47)], "en") == []
    flat = region_sentence(summary | {"lower": math.log(0.95), "pretrend_p": 0.4}, "ru", 8, None)
    assert "изменение не выявлено (данные совместимы с изменением от −5 % до +47 %)" in flat
    assert "признаков расхождения" in flat and contradictions(flat, [(0.95, 1.47)], "ru") == []
    failed = region_sentence({"control": "never-treated", "status": "not estimated", "reason": "no data"}, "en", 0,
                             None)
    assert failed == "Region-wide, against crossing points without a BLO: not estimated — no data."
