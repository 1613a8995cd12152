"""A small, made-up warehouse with the public views the dashboards read (synthetic fixture data, not facts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
from scipy import stats

from assets.evaluate.effects import adjust
from assets.evaluate.region import worded
from assets.evaluate.words import sentence

GROUPS = ["Cannabis and Synthetic Cannabinoids", "Opioids and Opiates", "Tobacco"]
# crossing_point, name_ru, country, neighbour, fixture BLO month (None: no BLO), lat, lon, base events/month
POINTS = [
    ("Oybek", "Ойбек", "UZB", "TJK", dt.date(2021, 7, 1), 40.31, 69.23, 9.0),
    ("Fotehobod", "Фотехобод", "TJK", "UZB", dt.date(2021, 7, 1), 40.29, 69.25, 6.0),
    ("Farap", "Фарап", "TKM", "UZB", dt.date(2022, 1, 1), 39.2, 63.6, 4.0),
    ("Serhetabat", "Серхетабат", "TKM", "AFG", dt.date(2022, 1, 1), 35.28, 62.34, 3.0),
    ("Sarahs", "Сарахс", "TKM", "IRN", None, 36.53, 61.2, 2.0),
    ("Yallama", "Яллама", "UZB", "KAZ", None, 41.1, 68.7, 5.0),
]
NO_DATA = ("Kulma", "Кульма", "TJK", "CHN", None, 38.1, 75.0, 0.0)  # in the registry, never reported
MONTHS = pl.date_range(dt.date(2019, 1, 1), dt.date(2024, 12, 1), "1mo", eager=True)
NON_OK = "Serhetabat"  # most of its pre-BLO months are unreported: no estimate
UNREPORTED = {"Serhetabat": (dt.date(2019, 1, 1), dt.date(2021, 6, 1)), "Sarahs": (dt.date(2020, 3, 1),
                                                                                   dt.date(2020, 5, 1))}


def _series(rng: np.random.Generator) -> pl.DataFrame:
    frames = []
    for name, _, country, _, opened, _, _, base in POINTS:
        after = np.array([opened is not None and m >= opened for m in MONTHS])
        first, last = UNREPORTED.get(name, (dt.date(1900, 1, 1), dt.date(1900, 1, 1)))
        reported = ~np.array([first <= m <= last for m in MONTHS])
        for share, group in zip((0.5, 0.3, 0.2), GROUPS, strict=True):
            events = rng.poisson(base * share * np.where(after, 1.3, 1.0)) * reported
            frames.append(pl.DataFrame({
                "crossing_point": name, "country_iso3": country, "month": MONTHS, "substance_group": group,
                "events": events.astype(np.int64), "mass_kg": events * rng.gamma(2.0, 1.5, len(MONTHS)),
                "reported": reported, "blo_established": opened}, schema_overrides={"blo_established": pl.Date}))
    groups = pl.concat(frames)
    total = groups.group_by("crossing_point", "country_iso3", "month", "reported", "blo_established").agg(
        pl.col("events").sum(), pl.col("mass_kg").sum()).with_columns(substance_group=pl.lit("All"))
    both = pl.concat([groups, total.select(groups.columns)]).with_columns(kg_equivalent=pl.col("mass_kg"))
    return both.sort("crossing_point", "substance_group", "month")


def _effects(series: pl.DataFrame, synthetic: bool) -> pl.DataFrame:
    rows = []
    for name, _, _, _, opened, _, _, _ in POINTS:
        if opened is None:
            continue
        start, end = (pl.select(pl.lit(opened).dt.offset_by(o)).item() for o in ("-24mo", "23mo"))
        part = series.filter(pl.col("crossing_point") == name, pl.col("substance_group") == "All", pl.col("reported"),
                             pl.col("month").is_between(start, end))
        pre, post = part.filter(pl.col("month") < opened), part.filter(pl.col("month") >= opened)
        ok = name != NON_OK
        ratio = post["events"].mean() / pre["events"].mean() if ok else None
        status = "ok" if ok else f"too few reported months before the BLO ({pre.height} < 12)"
        rows.append({
            "crossing_point": name, "blo_established": opened, "window_start": start, "window_end": end,
            "pre_months": pre.height, "post_months": post.height, "pre_mean_events": pre["events"].mean(),
            "post_mean_events": post["events"].mean(), "descriptive_ratio": ratio, "pre_mean_kg": pre["mass_kg"].mean(),
            "post_mean_kg": post["mass_kg"].mean(), "model": "fixture", "rate_ratio": ratio,
            "lower": ratio * 0.8 if ok else None, "upper": ratio * 1.25 if ok else None,
            "p_value": float(2 * stats.norm.sf(abs(np.log(ratio)) / (np.log(1.25) / 1.96))) if ok else None,
            "p_holm": None, "p_bh": None, "n_tested": None, "slope_change": None, "slope_lower": None,
            "slope_upper": None, "cumulative_ratio": None, "cumulative_lower": None, "cumulative_upper": None,
            "dispersion": 1.1 if ok else None, "placebo_date": opened.replace(year=opened.year - 1),
            "placebo_rate_ratio": 1.02 if ok else None, "placebo_lower": 0.8 if ok else None,
            "placebo_upper": 1.3 if ok else None, "status": status})
    adjust(rows)
    for row in rows:
        row |= {"sentence": sentence(row, "en", synthetic=synthetic),
                "sentence_ru": sentence(row, "ru", synthetic=synthetic)}
    return pl.DataFrame(rows, infer_schema_length=None)


def _event_study(rng: np.random.Generator) -> pl.DataFrame:
    times = np.arange(-8, 9)
    frames = []
    for control in ("never-treated", "not-yet-treated"):
        att = np.where(times >= 0, 0.26, 0.0) + rng.normal(0, 0.05, times.size)
        se = np.full(times.size, 0.08)
        frames.append(pl.DataFrame({"control": control, "event_time": times, "att": att, "se": se,
                                    "lower": att - 1.96 * se, "upper": att + 1.96 * se}))
    return pl.concat(frames)


def build_fixture(path: Path, synthetic: bool = True) -> Path:
    """Write the fixture warehouse to `path` (tables named like the public views) and return the path."""
    rng = np.random.default_rng(20240501)
    series = _series(rng)
    registry = pl.DataFrame(
        [(n, ru, c, nb, None, "road", "Central Asia", lat, lon, o, "fixture" if o else None)
         for n, ru, c, nb, o, lat, lon, _ in [*POINTS, NO_DATA]],
        schema={"crossing_point": pl.String, "name_ru": pl.String, "country_iso3": pl.String,
                "neighbour_iso3": pl.String, "paired_with": pl.String, "mode": pl.String, "region": pl.String,
                "lat": pl.Float64, "lon": pl.Float64, "blo_established": pl.Date, "blo_source": pl.String},
        orient="row")
    seizures = series.filter(pl.col("substance_group") != "All", pl.col("events") > 0).head(50).select(
        seizure_id=pl.format("fx-{}", pl.int_range(pl.len())), period_start="month",
        period_end=pl.col("month").dt.month_end(), n_events=pl.col("events").cast(pl.Int32),
        country_iso3="country_iso3", crossing_point="crossing_point", agency=pl.lit("Fixture customs"),
        substance=pl.lit("fixture substance"), substance_group="substance_group", mass_kg="mass_kg",
        unit_count=pl.lit(None, pl.Float64), count_unit=pl.lit(None, pl.String), kg_equivalent="mass_kg",
        value_local=pl.lit(None, pl.Float64), currency=pl.lit(None, pl.String),
        source_file=pl.lit("fixture.csv"), source_row=pl.int_range(pl.len()).cast(pl.Int32))
    study = [{"event_time": e, "se": 0.08} for e in range(-8, 9)]
    summary = pl.DataFrame([worded({"control": control, "status": "ok", "reason": None, "att": att, "se": 0.07,
                                    "lower": att - 0.14, "upper": att + 0.14, "pretrend_p": p, "n_units": 6,
                                    "n_cohorts": 2}, study)
                            for control, att, p in (("never-treated", 0.25, 0.4), ("not-yet-treated", 0.27, None))])
    info = {"synthetic": str(synthetic).lower(), "built_at": "2025-01-15T10:00:00+00:00",
            "snapshot": "blo-fixture.duckdb", "data_label": "synthetic demo data" if synthetic else "agency data"}
    tables = {"crossing_points": registry, "monthly_series": series, "blo_effects": _effects(series, synthetic),
              "did_summary": summary, "did_event_study": _event_study(rng), "seizures": seizures,
              "seizure_sources": seizures.select("source_file", "agency", "crossing_point", "period_start",
                                                 "period_end"),
              "ingested_files": pl.DataFrame({"source_file": ["fixture.csv"], "status": ["loaded"]}).with_columns(
                  covers_from=pl.lit(None, pl.Date), covers_to=pl.lit(None, pl.Date)),
              "warehouse_info": pl.DataFrame({"key": list(info), "value": list(info.values())})}
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            con.register("incoming", frame.to_arrow())
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM incoming")
            con.unregister("incoming")
    return path
