"""The evaluators' static dashboard: overview, a page per crossing point, methods and caveats — works offline."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import plotly
import plotly.graph_objects as go
import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from dashboards import data, geo
from dashboards.figures import band_figure, event_study_figure, map_figure, mix_figure, monthly_figure
from dashboards.i18n import status

TEMPLATES = Environment(loader=PackageLoader("dashboards", "templates"), autoescape=select_autoescape())
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CONFIG = {"displaylogo": False, "responsive": True}


def slug(name: str) -> str:
    """File-name form of a crossing point's name."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "crossing"


def _div(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, config=CONFIG, div_id=div_id)


def _periods(months: pl.Series, effect: dict | None) -> dict[str, list[str] | None]:
    """The period filter's choices: every month, the BLO's evaluation window, the last 24 months."""
    last = months.max()
    start = pl.select(pl.lit(last).dt.offset_by("-23mo")).item()
    choices: dict[str, list[str] | None] = {"all months": None}
    if effect:
        choices["BLO evaluation window"] = [str(effect["window_start"]), str(effect["window_end"])]
    choices["last 24 months"] = [str(start), str(last)]
    return choices


def _crossing_page(point: dict, series: pl.DataFrame, effect: dict | None, stamp: data.Provenance) -> str:
    name = point["crossing_point"]
    figures = [_div(monthly_figure(series, effect, name, stamp, groups=True), "monthly")]
    if effect:
        figures += [_div(band_figure(series, effect, name, stamp), "band"),
                    _div(mix_figure(data.mix(series, effect), name, stamp), "mix")]
    groups = ["All", *sorted(set(series["substance_group"]) - {"All"})]
    return TEMPLATES.get_template("crossing.html.j2").render(
        root="../", point=point, effect=effect, figures=figures, groups=groups,
        periods=_periods(series["month"], effect), stamp=stamp)


def build_site(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write index.html, crossing/<slug>.html for every crossing point with data, and methods.html; returns them."""
    crossing_dir = out_dir / "crossing"
    crossing_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, out_dir / "plotly.min.js")
    stamp = data.provenance(con)
    points = data.crossing_points(con)
    effects = data.effects(con)
    series = data.all_series(con)
    pages = []
    for point in points.iter_rows(named=True):
        page = crossing_dir / f"{slug(point['crossing_point'])}.html"
        page.write_text(_crossing_page(point, series[point["crossing_point"]], effects.get(point["crossing_point"]),
                                       stamp), encoding="utf-8")
        pages.append(page)
    for stale in set(crossing_dir.glob("*.html")) - set(pages):
        stale.unlink()
    index = out_dir / "index.html"
    index.write_text(TEMPLATES.get_template("index.html.j2").render(
        root="", points=points.to_dicts(), slug=slug, summary=data.did_summary(con), stamp=stamp,
        finding=lambda point: status(point, "en"),
        figures=[_div(event_study_figure(data.event_study(con), stamp), "event-study")],
        map=_div(map_figure(points, stamp), "map"), unplaced=geo.unplaced_note(points, "en")), encoding="utf-8")
    methods = out_dir / "methods.html"
    methods.write_text(TEMPLATES.get_template("methods.html.j2").render(root="", stamp=stamp), encoding="utf-8")
    return [index, methods, *pages]
