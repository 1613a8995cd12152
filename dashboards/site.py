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

from dashboards import data
from dashboards.figures import event_study_figure, map_figure, mix_figure, monthly_figure

TEMPLATES = Environment(loader=PackageLoader("dashboards", "templates"), autoescape=select_autoescape())


def slug(name: str) -> str:
    """File-name form of a crossing point's name."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def _div(fig: go.Figure) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True})


def with_group_filter(fig: go.Figure, monthly: pl.DataFrame) -> go.Figure:
    """A substance-group selector on the events panel, and a period range slider, inside the figure itself."""
    groups = monthly.get_column("substance_group").unique().sort().to_list()
    base = len(fig.data)
    for group in groups:
        part = monthly.filter(pl.col("substance_group") == group)
        fig.add_trace(go.Bar(x=part["month"], y=part["events"], name=f"{group} events", visible=False,
                             marker_color="#1f5f8b"), row=1, col=1)
    buttons = [{"label": "All substance groups", "method": "update",
                "args": [{"visible": [True] * base + [False] * len(groups)}]}]
    for i, group in enumerate(groups):
        visible = [j != 0 for j in range(base)] + [k == i for k in range(len(groups))]
        buttons.append({"label": group, "method": "update", "args": [{"visible": visible}]})
    fig.update_layout(updatemenus=[{"buttons": buttons, "x": 0.5, "y": 1.13, "xanchor": "left"}])
    fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.05}, row=2, col=1)
    return fig


def build_site(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write index.html, crossing/<slug>.html for every crossing point with data, and methods.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "crossing").mkdir(exist_ok=True)
    js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(js, out_dir / "plotly.min.js")
    label, built = data.data_label(con)
    synthetic = label == "synthetic demo data"
    points = data.crossing_points(con)
    effects = {row["crossing_point"]: row for row in data.effects(con).iter_rows(named=True)}
    study = data.event_study(con)
    summary = data.did_summary(con).to_dicts()
    common = {"label": label, "built": built, "synthetic": synthetic}
    pages = []
    for row in points.iter_rows(named=True):
        monthly = data.series(con, row["crossing_point"])
        allgroups = monthly.filter(pl.col("substance_group") == "All")
        effect = effects.get(row["crossing_point"])
        figs = [_div(with_group_filter(monthly_figure(allgroups, effect, row["crossing_point"], label, built),
                                       monthly.filter(pl.col("substance_group") != "All")))]
        if effect:
            figs.append(_div(mix_figure(data.mix(monthly, effect["blo_established"]), row["crossing_point"],
                                        label, built)))
        page = out_dir / "crossing" / f"{slug(row['crossing_point'])}.html"
        page.write_text(TEMPLATES.get_template("crossing.html.j2").render(
            root="../", point=row, effect=effect, figures=figs, **common), encoding="utf-8")
        pages.append(page)
    index = out_dir / "index.html"
    index.write_text(TEMPLATES.get_template("index.html.j2").render(
        root="", points=points.to_dicts(), slug=slug, summary=summary,
        figures=[_div(event_study_figure(study, label, built)), _div(map_figure(points, label, built))],
        **common), encoding="utf-8")
    methods = out_dir / "methods.html"
    methods.write_text(TEMPLATES.get_template("methods.html.j2").render(root="", **common), encoding="utf-8")
    return [index, methods, *pages]
