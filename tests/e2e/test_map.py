"""The crossing-point map rendered offline by Chromium (Kaleido) shows the Natural Earth borders where they are."""

import duckdb
import pytest
from PIL import Image

from dashboards import data, geo
from dashboards.figures import MAP_COLOURS, map_figure
from dashboards.static_export import export_png
from support.dashboards_fixture import build_fixture

WIDTH, SCALE = 900, 1.5  # the pack's export size
BORDER_POINTS = {("KAZ", "KGZ"): (77.647, 42.909), ("UZB", "TJK"): (67.495, 39.493)}  # vertices both countries share
INSIDE_POINTS = {"KAZ": (58.0, 48.0), "TKM": (57.0, 40.0)}  # far from any border, crossing point or label


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("map")
    with duckdb.connect(str(build_fixture(folder / "w.duckdb")), read_only=True) as con:
        fig = map_figure(data.crossing_points(con), data.provenance(con))
    fig.layout.width = WIDTH  # Plotly.js lays out at 700 px unless told the export's width
    png = export_png([fig], [folder / "map.png"], width=WIDTH, scale=SCALE)[0]
    full = fig.full_figure_for_development(warn=False).layout  # the axes as Plotly.js laid them out
    margin, height = full.margin, fig.layout.height

    def pixel(lon: float, lat: float) -> tuple[int, int]:
        (x0, x1), (y0, y1) = full.xaxis.range, full.yaxis.range
        (dx0, dx1), (dy0, dy1) = full.xaxis.domain, full.yaxis.domain
        width, tall = WIDTH - margin.l - margin.r, height - margin.t - margin.b
        x = margin.l + width * (dx0 + (lon - x0) / (x1 - x0) * (dx1 - dx0))
        y = margin.t + tall * (1 - (dy0 + (lat - y0) / (y1 - y0) * (dy1 - dy0)))
        return round(x * SCALE), round(y * SCALE)

    return Image.open(png).convert("RGB"), pixel


def _around(image: Image.Image, x: int, y: int, reach: int = 2) -> list[tuple[int, int, int]]:
    return [image.getpixel((x + dx, y + dy)) for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)]


@pytest.mark.parametrize("pair", list(BORDER_POINTS))
def test_a_known_border_point_is_drawn_in_the_border_colour(rendered, pair):
    image, pixel = rendered
    lon, lat = BORDER_POINTS[pair]
    for iso3 in pair:  # the point really is on both countries' outlines in the shipped file
        assert (lon, lat) in set(zip(*geo.outlines(iso3), strict=True))
    darkest = min(_around(image, *pixel(lon, lat)), key=sum)
    border = _rgb(MAP_COLOURS["border"])
    assert all(abs(c - b) <= 45 for c, b in zip(darkest, border, strict=True)), darkest  # antialiased line
    assert max(darkest) - min(darkest) <= 12  # grey, not a marker's colour


@pytest.mark.parametrize("iso3", list(INSIDE_POINTS))
def test_a_point_well_inside_a_country_is_land_not_border(rendered, iso3):
    image, pixel = rendered
    x, y = pixel(*INSIDE_POINTS[iso3])
    assert image.getpixel((x, y)) == _rgb(MAP_COLOURS["land"])
    assert min(sum(p) for p in _around(image, x, y)) > 3 * 200  # nothing dark nearby


def test_the_caspian_is_water_not_land(rendered):
    image, pixel = rendered
    assert image.getpixel(pixel(50.5, 42.0)) == _rgb(MAP_COLOURS["water"])
