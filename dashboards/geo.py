"""Country borders for the crossing-point map, shipped with the project (Natural Earth, public domain; see
borders.md), and which crossing points the map can place."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import polars as pl

from dashboards.i18n import text

BORDERS = Path(__file__).with_name("borders.geojson")
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
MARGIN = 0.4  # degrees of neighbouring land shown around Central Asia and the crossing points


@cache
def borders() -> dict:
    """Natural Earth admin-0 countries of Central Asia and its neighbours, clipped to the region (GeoJSON)."""
    return json.loads(BORDERS.read_text(encoding="utf-8"))


def countries() -> list[str]:
    """Natural Earth ADM0_A3 codes of the units the borders file holds (ISO 3166-1 alpha-3 for countries)."""
    return [feature["properties"]["adm0_a3"] for feature in borders()["features"]]


def _polygons(feature: dict) -> list[list[list[list[float]]]]:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def outlines(iso3: str) -> tuple[list[float | None], list[float | None]]:
    """One country's rings (outer edges and enclaves' edges) as lon/lat lists, None between rings, for a line trace."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    feature = next(f for f in borders()["features"] if f["properties"]["adm0_a3"] == iso3)
    for polygon in _polygons(feature):
        for ring in polygon:
            lons += [point[0] for point in ring] + [None]
            lats += [point[1] for point in ring] + [None]
    return lons, lats


def label_point(iso3: str) -> tuple[float, float]:
    """Where a country's name goes: the centroid of its largest polygon's outer ring (shoelace formula)."""
    feature = next(f for f in borders()["features"] if f["properties"]["adm0_a3"] == iso3)
    best = (0.0, 0.0, 0.0)
    for polygon in _polygons(feature):
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area, cx, cy = area + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
        if abs(area) > abs(best[0]):
            best = (area, cx / (3 * area), cy / (3 * area))
    return best[1], best[2]


def extent(points: pl.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """Longitude and latitude ranges that show all of Central Asia and every placed crossing point."""
    lons, lats = [], []
    for feature in borders()["features"]:
        if feature["properties"]["adm0_a3"] in CENTRAL_ASIA:
            for polygon in _polygons(feature):
                lons += [point[0] for point in polygon[0]]
                lats += [point[1] for point in polygon[0]]
    placed = points.filter(pl.col("lat").is_not_null(), pl.col("lon").is_not_null())
    lons += placed["lon"].to_list()
    lats += placed["lat"].to_list()
    return (min(lons) - MARGIN, max(lons) + MARGIN), (min(lats) - MARGIN, max(lats) + MARGIN)


def aspect(lat_range: tuple[float, float]) -> float:
    """Degrees of longitude per degree of latitude on screen that keep areas about true at the map's middle."""
    return 1 / math.cos(math.radians(sum(lat_range) / 2))


def unplaced(points: pl.DataFrame) -> list[str]:
    """Crossing points the map cannot place: no sourced coordinates in the reference data."""
    missing = points.filter(pl.col("lat").is_null() | pl.col("lon").is_null())
    return sorted(missing["crossing_point"].to_list())


def unplaced_note(points: pl.DataFrame, lang: str) -> str:
    """'Not on the map (no sourced coordinates): …' for the page or pack under the map; empty when all are placed."""
    missing = unplaced(points)
    return text("map_unplaced", lang, names=", ".join(missing)) if missing else ""
