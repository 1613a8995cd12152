"""Individual seizure events drawn from the simulated monthly counts: day, substance by route, quantity."""

from __future__ import annotations

import numpy as np
import polars as pl

from demo.world import BLO_EFFECT, crossings, simulate_panel

# substance → (unit, log-normal median, sigma); quantities in kg, litres, or a count of the unit
SUBSTANCES = {
    "heroin": ("kg", 1.5, 1.3), "opium": ("kg", 3.0, 1.2), "hashish": ("kg", 2.0, 1.3),
    "cannabis herb": ("kg", 1.0, 1.2), "methamphetamine": ("kg", 0.2, 1.0), "nasvay": ("kg", 20.0, 0.8),
    "tramadol": ("tablet", 400, 1.0), "phenazepam": ("tablet", 300, 1.0), "baclofen": ("tablet", 300, 1.0),
    "zopiclone": ("box", 200, 1.2), "pregabalin": ("capsule", 250, 1.0), "cigarettes": ("box", 150, 1.0),
    "ammunition": ("round", 200, 1.0), "currency": ("USD", 5000, 0.9),
    "acetic anhydride": ("l", 40.0, 0.8), "acetone": ("l", 60.0, 0.8), "sulphuric acid": ("l", 30.0, 0.8),
}
EVERYWHERE = {"cigarettes": .08, "ammunition": .04, "currency": .02}  # tobacco, ammunition, cash on every route
ROUTES = {
    "afghan": {"heroin": .30, "opium": .20, "hashish": .22, "tramadol": .05, "nasvay": .09},
    "central": {"hashish": .22, "heroin": .12, "tramadol": .10, "phenazepam": .07, "baclofen": .05,
                "zopiclone": .05, "pregabalin": .05, "nasvay": .20},
    "kazakh": {"cannabis herb": .32, "methamphetamine": .17, "hashish": .08, "tramadol": .10, "pregabalin": .09,
               "nasvay": .10},
    "chinese": {"acetic anhydride": .20, "acetone": .12, "sulphuric acid": .08, "methamphetamine": .30,
                "tramadol": .16},
}
HUGE_SHARE = 0.008  # of heroin and hashish events: ~0.2 % of all events are hauls of 100–800 kg
RECORD_HAUL_KG = 775.0


def route(country: str, neighbour: str) -> str:
    """Which trafficking route a crossing point lies on."""
    pair = {country, neighbour}
    if "AFG" in pair:
        return "afghan"
    if pair & {"CHN", "IRN"}:
        return "chinese"
    if "KAZ" in pair:
        return "kazakh"
    return "central"


def route_mix(name: str) -> dict[str, float]:
    """Substance shares on a route, summing to one."""
    return ROUTES[name] | EVERYWHERE


def draw_events(seed: int, scale: float, effect: float = BLO_EFFECT) -> pl.DataFrame:
    """One row per true seizure: crossing point, country, date, substance, unit and amount, in a world whose BLOs
    multiply detected seizures by `effect`."""
    rng = np.random.default_rng([seed, 2])
    return _record_haul(events_from_panel(simulate_panel(seed, effect=effect, scale=scale), rng), rng)


def events_from_panel(panel: pl.DataFrame, rng: np.random.Generator, hauls: bool = True) -> pl.DataFrame:
    """One row per seizure of a panel's monthly counts per crossing point: a day of its month, a substance of its
    route, an amount, and with `hauls` the occasional huge heroin or hashish haul."""
    points = crossings()
    points = points.with_columns(route=pl.Series([route(c, n) for c, n in points.select(
        "country_iso3", "neighbour_iso3").iter_rows()], dtype=pl.String))
    events = (panel.filter(pl.col("events") > 0)
              .select("crossing_point", "month", pl.int_ranges("events").alias("_k")).explode("_k")
              .join(points.select("crossing_point", "country_iso3", "neighbour_iso3", "route"), on="crossing_point",
                    maintain_order="left"))
    n = events.height
    names = list(SUBSTANCES)
    code = np.empty(n, dtype=np.int8)  # substance as its index in `names`: no Python string per event
    route_of = events.get_column("route")
    for name in ROUTES:  # per route, not per event
        where = np.flatnonzero((route_of == name).to_numpy())
        mix = route_mix(name)
        drawn = rng.choice(len(mix), size=where.size, p=np.array(list(mix.values())))
        code[where] = np.array([names.index(s) for s in mix], dtype=np.int8)[drawn]
    table = pl.DataFrame([(s, *v) for s, v in SUBSTANCES.items()], schema=["substance", "unit", "median", "sigma"],
                         orient="row")
    events = events.with_columns(substance=pl.Series(names, dtype=pl.String).gather(code), _u=pl.Series(rng.random(n)),
                                 _z=pl.Series(rng.normal(0, 1, n)), _h=pl.Series(rng.random(n)),
                                 _size=pl.Series(rng.uniform(100, 800, n)))
    events = events.join(table, on="substance", how="left", maintain_order="left")
    drawn = pl.col("median") * (pl.col("sigma") * pl.col("_z")).exp()
    huge = (pl.col("_h") < HUGE_SHARE) & pl.col("substance").is_in(["heroin", "hashish"]) & hauls
    amount = (pl.when(huge).then(pl.col("_size")).otherwise(drawn))
    amount = (pl.when(pl.col("unit") == "kg").then(amount.round(3).clip(0.001))
              .when(pl.col("unit") == "l").then(amount.round(1).clip(0.5))
              .when(pl.col("unit") == "USD").then((amount / 100).round().clip(1) * 100)
              .otherwise(amount.round().clip(1)))
    days = (pl.col("_u") * pl.col("month").dt.days_in_month()).floor().cast(pl.Int64)
    return events.select(
        "crossing_point", "country_iso3", "route", "month", date=pl.col("month") + pl.duration(days=days),
        substance="substance", unit="unit", amount=amount, huge=huge,
    ).sort("month", "crossing_point", "date", maintain_order=True).with_row_index("event_id")


def _record_haul(events: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """The one 775 kg heroin haul at an Afghan-border crossing (replaces one ordinary heroin event)."""
    candidates = events.filter(pl.col("substance") == "heroin", pl.col("route") == "afghan").get_column("event_id")
    if candidates.is_empty():
        return events
    chosen = candidates[int(rng.integers(candidates.len()))]
    record = pl.col("event_id") == chosen
    return events.with_columns(amount=pl.when(record).then(RECORD_HAUL_KG).otherwise("amount"),
                               huge=record | pl.col("huge"))
