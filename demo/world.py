"""The simulated world: crossing points, a synthetic BLO registry, monthly event counts with a planted BLO effect."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

BLO_EFFECT = 1.30  # a BLO raises the monthly rate of detected seizures by 30 % from its opening month
FIRST_MONTH = dt.date(2013, 1, 1)
MONTHS = 144
SOURCE = "synthetic demo registry — not real dates"
FIRST_OPENING, OPENING_MONTHS = 24, 96  # BLOs open between 2015-01 (month 24) and 2022-12 (month 119)

# crossing point, country, neighbour, base detected seizures per month (busy crossings higher)
CROSSINGS = [
    ("Oybek", "UZB", "TJK", 12.0), ("Fotehobod", "TJK", "UZB", 9.5), ("Bekabad", "UZB", "TJK", 5.5),
    ("Sariosiyo", "UZB", "TJK", 6.0), ("Tursunzoda", "TJK", "UZB", 5.5), ("Ayritom", "UZB", "AFG", 11.0),
    ("Kudukli", "UZB", "TJK", 4.0), ("Pakhtaobod", "TJK", "UZB", 4.0), ("Dustlik", "UZB", "KGZ", 8.0),
    ("Dostuk", "KGZ", "UZB", 9.5), ("Panji Poyon", "TJK", "AFG", 8.0), ("Ishkashim", "TJK", "AFG", 3.5),
    ("B. Konysbaev", "KAZ", "UZB", 8.0), ("Kordai", "KAZ", "KGZ", 6.5), ("Ak-Jol", "KGZ", "KAZ", 5.5),
    ("Karamyk", "KGZ", "TJK", 3.5), ("Guliston", "TJK", "KGZ", 3.5), ("Farap", "TKM", "UZB", 4.5),
    ("Olot", "UZB", "TKM", 4.5), ("Imam Nazar", "TKM", "AFG", 4.0), ("Serhetabat", "TKM", "AFG", 4.0),
    ("Galaba", "UZB", "AFG", 3.5),
    ("Yallama", "UZB", "KAZ", 4.0), ("Gisht-Kuprik", "UZB", "KAZ", 6.5), ("Uchkurgan", "UZB", "KGZ", 3.5),
    ("Kara-Suu", "KGZ", "UZB", 5.5), ("Torugart", "KGZ", "CHN", 2.0), ("Irkeshtam", "KGZ", "CHN", 2.0),
    ("Kulma", "TJK", "CHN", 1.5), ("Saryagash", "KAZ", "UZB", 3.5), ("Sarahs", "TKM", "IRN", 2.5),
]
NEVER_TREATED = ("Yallama", "Gisht-Kuprik", "Uchkurgan", "Kara-Suu", "Torugart", "Irkeshtam", "Kulma", "Saryagash",
                 "Sarahs")


def crossings() -> pl.DataFrame:
    """The demo's crossing points with their country pair and base monthly rate."""
    return pl.DataFrame(CROSSINGS, schema=["crossing_point", "country_iso3", "neighbour_iso3", "base_rate"],
                        orient="row")


def month_start(index: int) -> dt.date:
    """First day of the demo's month number `index` (0 = January 2013)."""
    return dt.date(FIRST_MONTH.year + index // 12, index % 12 + 1, 1)


def synthetic_registry(seed: int = 7) -> pl.DataFrame:
    """BLO opening months, each crossing its own, staggered over 2015–2022 (synthetic: not real dates)."""
    rng = np.random.default_rng([seed, 0])
    names = [row[0] for row in CROSSINGS]
    treated = [name for name in names if name not in NEVER_TREATED]
    offsets = rng.choice(OPENING_MONTHS, size=len(treated), replace=False) + FIRST_OPENING
    opened = dict(zip(treated, (month_start(int(o)) for o in offsets), strict=True))
    return pl.DataFrame({"crossing_point": names, "blo_established": [opened.get(n) for n in names]},
                        schema={"crossing_point": pl.String, "blo_established": pl.Date}
                        ).with_columns(source=pl.lit(SOURCE))


def simulate_panel(seed: int, effect: float = BLO_EFFECT, months: int = MONTHS, scale: float = 1.0) -> pl.DataFrame:
    """True monthly seizure events per crossing point: base rate, trend, seasonality, noise and the BLO effect."""
    rng = np.random.default_rng([seed, 1])
    registry = synthetic_registry(seed)
    base = crossings().get_column("base_rate").to_numpy() * scale
    t = np.arange(months)
    season = 1 + 0.25 * np.sin(2 * np.pi * (t - 4) / 12)  # peaks in August–September, after the opium harvest
    trend = 1 + 0.002 * t  # a gentle region-wide rise, 0.2 % a month
    opened = registry.get_column("blo_established")
    opened_index = ((opened.dt.year() - FIRST_MONTH.year) * 12 + opened.dt.month() - 1).fill_null(months).to_numpy()
    post = t[None, :] >= opened_index[:, None]
    noise = rng.gamma(shape=20, scale=1 / 20, size=(len(base), months))  # month-to-month overdispersion
    events = rng.poisson(base[:, None] * season * trend * noise * np.where(post, effect, 1.0))
    month_list = pl.date_range(FIRST_MONTH, month_start(months - 1), "1mo", eager=True)
    return pl.DataFrame({
        "crossing_point": np.repeat(registry.get_column("crossing_point").to_numpy(), months),
        "month": pl.concat([month_list] * len(base)),
        "events": events.ravel(),
        "blo_established": opened.gather(np.repeat(np.arange(len(base)), months)),
    })
