"""The shipped Natural Earth borders, and which crossing points the map can and cannot place."""

import json
import math

import polars as pl
import pytest

from dashboards import geo
from warehouse import reference

NEIGHBOURS = {"KAZ", "KGZ", "TJK", "UZB", "TKM", "AFG", "IRN", "CHN", "RUS", "PAK"}


def _coordinates(geometry: dict) -> list[list[float]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [point for polygon in polygons for ring in polygon for point in ring]


def test_the_shipped_borders_hold_central_asia_and_its_neighbours_small_and_clipped():
    assert geo.BORDERS.stat().st_size < 1_000_000
    collection = json.loads(geo.BORDERS.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert set(geo.countries()) >= NEIGHBOURS and len(geo.countries()) == len(set(geo.countries()))
    for feature in collection["features"]:
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        points = _coordinates(feature["geometry"])
        assert all(46.0 <= lon <= 88.0 and 33.0 <= lat <= 56.0 for lon, lat in points), feature["properties"]
        assert all(round(v, 3) == v for point in points for v in point)  # rounded to 3 decimals
    assert (geo.BORDERS.parent / "borders.md").read_text(encoding="utf-8").count("public domain") >= 1


def test_outlines_are_closed_rings_separated_by_none():
    lons, lats = geo.outlines("KGZ")
    assert len(lons) == len(lats) and lons[-1] is None and lats[-1] is None
    breaks = [i for i, v in enumerate(lons) if v is None]
    start = 0
    for end in breaks:
        assert (lons[start], lats[start]) == (lons[end - 1], lats[end - 1])  # each ring closes on itself
        start = end + 1
    assert 69 < min(v for v in lons if v is not None) < 70 and 80 < max(v for v in lons if v is not None) < 81


def test_neighbouring_countries_share_their_border():
    kaz = set(zip(*geo.outlines("KAZ"), strict=True)) - {(None, None)}
    kgz = set(zip(*geo.outlines("KGZ"), strict=True)) - {(None, None)}
    uzb = set(zip(*geo.outlines("UZB"), strict=True)) - {(None, None)}
    tjk = set(zip(*geo.outlines("TJK"), strict=True)) - {(None, None)}
    assert len(kaz & kgz) > 100 and len(uzb & tjk) > 100


@pytest.mark.parametrize(("iso3", "lon", "lat"), [("KAZ", 67.0, 48.0), ("UZB", 64.0, 41.5), ("TKM", 59.0, 39.0)])
def test_country_labels_fall_near_the_middle_of_the_country(iso3, lon, lat):
    x, y = geo.label_point(iso3)
    assert abs(x - lon) < 3 and abs(y - lat) < 2


def test_unplaced_lists_crossing_points_without_coordinates():
    points = pl.DataFrame({"crossing_point": ["Oybek", "Bekabad", "Dostuk", "Farap"],
                           "lat": [None, 40.2, 40.6, 39.2], "lon": [None, 69.3, None, 63.6]})
    assert geo.unplaced(points) == ["Dostuk", "Oybek"]
    assert geo.unplaced_note(points, "en") == "Not on the map (no sourced coordinates): Dostuk, Oybek"
    assert geo.unplaced_note(points, "ru").startswith("Нет на карте (нет координат с источником): Dostuk")
    assert geo.unplaced_note(points.filter(pl.col("lat").is_not_null(), pl.col("lon").is_not_null()), "en") == ""


def test_extent_shows_central_asia_and_every_reference_crossing_point():
    points = reference.table("crossing_points").with_columns(pl.col("lat", "lon").cast(pl.Float64))
    (west, east), (south, north) = geo.extent(points)
    assert west < 46.6 and east > 87.3 and south < 35.2 and north > 55.4  # Kazakhstan's and Turkmenistan's ends
    placed = points.filter(pl.col("lat").is_not_null(), pl.col("lon").is_not_null())
    assert placed.height > 0
    assert all(west < lon < east and south < lat < north for lon, lat in zip(placed["lon"], placed["lat"], strict=True))
    assert geo.aspect((south, north)) == pytest.approx(1 / math.cos(math.radians((south + north) / 2)))
