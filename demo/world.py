"""The simulated world: crossing points, a synthetic BLO registry, monthly event counts with a planted BLO effect."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

BLO_EFFECT = 1.30  # a BLO raises the monthly rate of detected seizures by 30 % from its opening month
FIRST_MONTH = dt.date(2013, 1, 1)
MONTHS = 144
SOURCE = "synthetic demo registry — not real dates"

# crossing point, country, neighbour, base events per month (busy crossings higher)
CROSSINGS = [
    ("Oybek", "UZB", "TJK", 9.0), ("Fotehobod", "TJK", "UZB", 7.0), ("Bekabad", "UZB", "TJK", 4.0),
    ("Sariosiyo", "UZB", "TJK", 4.5), ("Tursunzoda", "TJK", "UZB", 4.0), ("Ayritom", "UZB", "AFG", 8.0),
    ("Kudukli", "UZB", "TJK", 3.0), ("Pakhtaobod", "TJK", "UZB", 3.0), ("Dustlik", "UZB", "KGZ", 6.0),
    ("Dostuk", "KGZ", "UZB", 7.0), ("Panji Poyon", "TJK", "AFG", 6.0), ("Ishkashim", "TJK", "AFG", 2.5),
    ("B. Konysbaev", "KAZ", "UZB", 6.0), ("Kordai", "KAZ", "KGZ", 5.0), ("Ak-Jol", "KGZ", "KAZ", 4.0),
    ("Karamyk", "KGZ", "TJK", 2.5), ("Guliston", "TJK", "KGZ", 2.5), ("Farap", "TKM", "UZB", 3.5),
    ("Olot", "UZB", "TKM", 3.5), ("Imam Nazar", "TKM", "AFG", 3.0), ("Serhetabat", "TKM", "AFG", 3.0),
    ("Galaba", "UZB", "AFG", 2.5),
    ("Yallama", "UZB", "KAZ", 3.0), ("Gisht-Kuprik", "UZB", "KAZ", 5.0), ("Uchkurgan", "UZB", "KGZ", 2.5),
    ("Kara-Suu", "KGZ", "UZB", 4.0), ("Torugart", "KGZ", "CHN", 1.5), ("Irkeshtam", "KGZ", "CHN", 1.5),
    ("Kulma", "TJK", "CHN", 1.0), ("Saryagash", "KAZ", "UZB", 2.5), ("Sarahs", "TKM", "IRN", 2.0),
]
NEVER_TREATED = {"Yallama", "Gisht-Kuprik", "Uchkurgan", "Kara-Suu", "Torugart", "Irkeshtam", "Kulma", "Saryagash",
                 "Sarahs"}


def crossings() -> pl.DataFrame:
    """The demo's crossing points with their country pair and base monthly rate."""
    return pl.DataFrame(CROSSINGS, schema=["crossing_point", "country_iso3", "neighbour_iso3", "base_rate"],
                        orient="row")


def synthetic_registry(seed: int = 7) -> pl.DataFrame:
    """BLO opening months on a staggered schedule, 2015–2022 (synthetic: not real dates)."""
    rng = np.random.default_rng(seed)
    rows = []
    for name, *_ in CROSSINGS:
        if name in NEVER_TREATED:
            rows.append((name, None))
            continue
        offset = int(rng.integers(0, 96))  # 2015-01 .. 2022-12
        rows.append((name, dt.date(2015 + offset // 12, offset % 12 + 1, 1)))
    return pl.DataFrame(rows, schema={"crossing_point": pl.String, "blo_established": pl.Date}, orient="row"
                        ).with_columns(source=pl.lit(SOURCE))


def months() -> list[dt.date]:
    """The demo's 144 months, 2013-01 to 2024-12."""
    return [dt.date(FIRST_MONTH.year + i // 12, i % 12 + 1, 1) for i in range(MONTHS)]


def simulate_panel(seed: int, effect: float = BLO_EFFECT, n_months: int = MONTHS, scale: float = 1.0
                   ) -> pl.DataFrame:
    """True monthly event counts per crossing point: trend, seasonality, crossing effects, and the BLO effect."""
    rng = np.random.default_rng(seed)
    registry = synthetic_registry(seed)
    base = crossings().get_column("base_rate").to_numpy() * scale
    t = np.arange(n_months)
    season = 1 + 0.25 * np.sin(2 * np.pi * (t - 4) / 12)  # more after the opium harvest, late summer and autumn
    trend = 1 + 0.002 * t
    opened = registry.get_column("blo_established").to_list()
    month_list = months()[:n_months]
    post = np.array([[o is not None and m >= o for m in month_list] for o in opened])
    noise = rng.gamma(shape=20, scale=1 / 20, size=(len(base), n_months))  # mild overdispersion
    rate = base[:, None] * season[None, :] * trend[None, :] * noise * np.where(post, effect, 1.0)
    events = rng.poisson(rate)
    return pl.DataFrame({
        "crossing_point": np.repeat(registry.get_column("crossing_point").to_numpy(), n_months),
        "month": month_list * len(base),
        "events": events.ravel(),
        "blo_established": [o for o in opened for _ in range(n_months)],
    }, schema_overrides={"blo_established": pl.Date, "month": pl.Date})
