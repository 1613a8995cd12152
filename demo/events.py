"""Individual seizure events drawn from the simulated monthly counts: day, substance by route, quantity."""

from __future__ import annotations

import numpy as np
import polars as pl

from demo.world import crossings, simulate_panel

# substance → (kind, unit, log-normal median, sigma); kind 'mass' in kg, 'count' in the given unit
SUBSTANCES = {
    "heroin": ("mass", "kg", 1.5, 1.3), "opium": ("mass", "kg", 3.0, 1.2), "hashish": ("mass", "kg", 2.0, 1.3),
    "cannabis": ("mass", "kg", 1.0, 1.2), "methamphetamine": ("mass", "kg", 0.2, 1.0),
    "tramadol": ("count", "tablet", 400, 1.0), "phenazepam": ("count", "tablet", 300, 1.0),
    "baclofen": ("count", "tablet", 300, 1.0), "zopiclone": ("count", "box", 200, 1.2),
    "pregabalin": ("count", "capsule", 250, 1.0), "nasvay": ("mass", "kg", 20.0, 0.8),
    "cigarettes": ("count", "box", 150, 1.0), "ammunition": ("count", "round", 200, 1.0),
    "acetic anhydride": ("volume", "l", 40.0, 0.8),
}
AFGHAN = {"heroin": .30, "opium": .20, "hashish": .25, "cigarettes": .10, "tramadol": .05, "ammunition": .05,
          "nasvay": .05}
CENTRAL = {"hashish": .25, "heroin": .15, "tramadol": .12, "phenazepam": .08, "baclofen": .06, "zopiclone": .05,
           "pregabalin": .05, "nasvay": .12, "cigarettes": .08, "ammunition": .04}
KAZAKH = {"cannabis": .30, "methamphetamine": .15, "hashish": .10, "tramadol": .10, "pregabalin": .10,
          "cigarettes": .15, "nasvay": .05, "ammunition": .05}
CHINESE = {"acetic anhydride": .30, "methamphetamine": .30, "cigarettes": .25, "tramadol": .15}


def route_mix(country: str, neighbour: str) -> dict[str, float]:
    """Substance shares on a route."""
    if "AFG" in (country, neighbour):
        return AFGHAN
    if "CHN" in (country, neighbour) or "IRN" in (country, neighbour):
        return CHINESE
    if "KAZ" in (country, neighbour):
        return KAZAKH
    return CENTRAL


def draw_events(seed: int, scale: float) -> pl.DataFrame:
    """One row per true seizure: crossing point, country, date, substance, mass_kg or count and unit."""
    rng = np.random.default_rng(seed + 1)
    panel = simulate_panel(seed, scale=scale).filter(pl.col("events") > 0)
    points = crossings()
    events = panel.select("crossing_point", "month", pl.col("events").repeat_by("events")).explode("events")
    events = events.join(points.select("crossing_point", "country_iso3", "neighbour_iso3"), on="crossing_point")
    n = events.height
    days = rng.integers(0, 28, n)
    substances = np.empty(n, dtype=object)
    for (country, neighbour), idx in _group_indices(events):
        mix = route_mix(country, neighbour)
        names, weights = list(mix), np.array(list(mix.values()))
        substances[idx] = rng.choice(names, size=len(idx), p=weights / weights.sum())
    kind = np.array([SUBSTANCES[s][0] for s in substances])
    unit = np.array([SUBSTANCES[s][1] for s in substances])
    median = np.array([SUBSTANCES[s][2] for s in substances], dtype=float)
    sigma = np.array([SUBSTANCES[s][3] for s in substances], dtype=float)
    amount = median * np.exp(rng.normal(0, sigma))
    huge = (rng.random(n) < 0.002) & np.isin(substances, ["heroin", "hashish"])
    amount = np.where(huge, rng.uniform(100, 800, n), amount)
    amount = np.where(kind == "mass", np.round(amount, 3), np.maximum(1, np.round(amount)))
    return events.drop("events").with_columns(
        date=pl.col("month") + pl.duration(days=pl.Series(days)),
        substance=pl.Series(substances, dtype=pl.String), kind=pl.Series(kind), unit=pl.Series(unit),
        amount=pl.Series(amount), huge=pl.Series(huge),
    ).with_row_index("event_id")


def _group_indices(events: pl.DataFrame):
    keyed = events.with_row_index("_i").group_by("country_iso3", "neighbour_iso3").agg(pl.col("_i"))
    for country, neighbour, idx in keyed.iter_rows():
        yield (country, neighbour), np.array(idx)
