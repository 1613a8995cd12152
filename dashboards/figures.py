"""Plotly figures for evaluators and donors: one palette, units on every axis, a source line, the data label."""

from __future__ import annotations

import datetime as dt
import math

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboards import geo
from dashboards.data import Provenance, observed, pre_band
from dashboards.i18n import MONTHS, SEPARATORS, TEXT, data_label, group_name, interval, text

PALETTE = {"events": "#1f5f8b", "kg": "#c96a1b", "blo": "#b22222", "pre": "#6c757d", "post": "#2a9d8f",
           "band": "rgba(108,117,125,0.18)", "missing": "#9aa0a6", "ink": "#333333",
           "groups": ["#1f5f8b", "#c96a1b", "#2a9d8f", "#8e5ea2", "#e9c46a", "#6c757d", "#b22222", "#264653",
                      "#f4a261", "#7fb069"]}
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12}
RATIO_TICKS = [0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
# plotly_white's layout without its per-trace-type defaults: same look, a fraction of the page weight and build time
TEMPLATE = go.layout.Template(layout=pio.templates["plotly_white"].layout)
# px below the plot area: tick labels and the x-axis title, then the source line, the synthetic mark, the legend
SOURCE_LINE, MARK_LINE, BOTTOM = 58, 80, 150


def _layout(title: str, stamp: Provenance, lang: str, annotations: tuple[dict, ...] = (), **layout: object) -> dict:
    """Title, palette, number format, source line and synthetic-data mark in the same place on every figure: below
    the x-axis title, the source line, then the mark on a line of its own (the two side by side overlap in Russian),
    then the legend at the figure's foot — fixed pixel offsets inside a fixed bottom margin, whatever the height."""
    notes = [{"name": "source", "text": f"{text('source', lang, built=stamp.built)} — {data_label(stamp.label, lang)}",
              "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -SOURCE_LINE, "showarrow": False,
              "xanchor": "left", "yanchor": "top", "font": {"size": 10, "color": "#555"}}]
    if stamp.synthetic:
        notes.append({"name": "synthetic", "text": text("synthetic_mark", lang), "xref": "paper", "yref": "paper",
                      "x": 0, "y": 0, "yshift": -MARK_LINE, "showarrow": False, "xanchor": "left", "yanchor": "top",
                      "font": {"size": 12, "color": PALETTE["blo"]}, "bordercolor": PALETTE["blo"], "borderpad": 3})
    return {"template": TEMPLATE, "title": {"text": title, "x": 0.01}, "font": FONT, "separators": SEPARATORS[lang],
            "margin": {"l": 70, "r": 30, "t": 70, "b": BOTTOM}, "annotations": [*annotations, *notes],
            "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"}, **layout}


def _month_axis(months: pl.Series, lang: str, **axis: object) -> dict:
    """A month axis: Plotly's own ticks in English; explicit Russian month names (Plotly ships no ru locale)."""
    if lang == "en" or months.is_empty():
        return {"type": "date", "tickformat": "%b %Y", **axis}
    first, last = months.min(), months.max()
    span = (last.year - first.year) * 12 + last.month - first.month
    step = 12 if span > 36 else 6 if span > 18 else 3
    ticks = [m for m in months.unique().sort().to_list() if (m.month - 1) % step == 0]
    return {"type": "date", "tickvals": ticks, "ticktext": [f"{MONTHS[lang][m.month - 1]} {m.year}" for m in ticks],
            **axis}


def _blo_marker(opened: dt.date, lang: str) -> tuple[dict, dict]:
    """A dashed vertical line at the BLO opening across the whole plot, and its label."""
    line = {"type": "line", "xref": "x", "yref": "paper", "x0": opened, "x1": opened, "y0": 0, "y1": 1,
            "line": {"color": PALETTE["blo"], "dash": "dash", "width": 2}}
    label = {"x": opened, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "xanchor": "left",
             "text": text("blo_line", lang), "showarrow": False, "font": {"color": PALETTE["blo"]}}
    return line, label


def monthly_figure(series: pl.DataFrame, effect: dict | None, name: str, stamp: Provenance, lang: str = "en",
                   groups: bool = False) -> go.Figure:
    """Monthly events (top panel) and kg (bottom panel) at one crossing point, BLO opening marked, pre/post means
    drawn; with `groups`, hidden per-substance-group traces tagged meta.group so a page can switch group."""
    shown = observed(series)
    names = ["All"] + (sorted(set(shown["substance_group"]) - {"All"}) if groups else [])
    traces = []
    for i, group in enumerate(names):
        part = shown.filter(pl.col("substance_group") == group)
        colours = (PALETTE["events"], PALETTE["kg"]) if group == "All" else (PALETTE["groups"][i % 10],) * 2
        suffix = "" if group == "All" else f" — {group_name(group, lang)}"
        for axis, column, key, colour in (("y", "events", "events_trace", colours[0]),
                                          ("y2", "mass_kg", "kg_trace", colours[1])):
            traces.append(go.Bar(x=part["month"].to_numpy(), y=part[column].to_numpy(), yaxis=axis,
                                 name=text(key, lang) + suffix, marker_color=colour, visible=group == "All",
                                 meta={"group": group}))
    missing = shown.filter(pl.col("substance_group") == "All", pl.col("events").is_null())
    if missing.height:
        traces.append(go.Scatter(x=missing["month"].to_numpy(), y=[0] * missing.height, mode="markers",
                                 name=text("no_report", lang),
                                 marker={"symbol": "x-thin-open", "size": 7, "color": PALETTE["missing"]}))
    shapes, notes = [], []
    if effect:
        line, label = _blo_marker(effect["blo_established"], lang)
        shapes, notes = [line], [label]
        for axis, unit in (("y", "events"), ("y2", "kg")):
            for start, end, key in ((effect["window_start"], effect["blo_established"], "pre"),
                                    (effect["blo_established"], effect["window_end"], "post")):
                mean = effect.get(f"{key}_mean_{unit}")
                if mean is not None:
                    traces.append(go.Scatter(x=[start, end], y=[mean, mean], yaxis=axis, mode="lines",
                                             name=text(f"{key}_mean", lang), showlegend=axis == "y",
                                             meta={"group": "All"}, line={"color": PALETTE[key], "width": 3}))
    return go.Figure(data=traces, layout=_layout(
        text("monthly_title", lang, name=name), stamp, lang, tuple(notes), shapes=shapes, bargap=0.1, height=620,
        xaxis=_month_axis(series["month"], lang, title={"text": text("month_axis", lang)}, anchor="y2"),
        yaxis={"domain": [0.55, 1.0], "title": {"text": text("events_axis", lang)}, "rangemode": "tozero"},
        yaxis2={"domain": [0.0, 0.45], "title": {"text": text("kg_axis", lang)}, "rangemode": "tozero"}))


def band_figure(series: pl.DataFrame, effect: dict, name: str, stamp: Provenance, lang: str = "en") -> go.Figure:
    """Observed monthly events against the pre-BLO mean ± 95 % range carried forward: a descriptive counterfactual,
    labelled as such, not the fitted time-series model."""
    allgroups = series.filter(pl.col("substance_group") == "All")
    window = observed(allgroups).filter(pl.col("month").is_between(effect["window_start"], effect["window_end"]))
    traces = []
    band = pre_band(allgroups, effect)
    if band:
        start, end = effect["window_start"], effect["window_end"]
        traces += [go.Scatter(x=[start, end, end, start], y=[band["lower"]] * 2 + [band["upper"]] * 2,
                              fill="toself", fillcolor=PALETTE["band"], line={"width": 0}, mode="lines",
                              name=text("band_trace", lang), hoverinfo="skip"),
                   go.Scatter(x=[start, end], y=[band["mean"]] * 2, mode="lines", showlegend=False,
                              line={"color": PALETTE["pre"], "dash": "dot"}, hoverinfo="skip")]
    traces.append(go.Scatter(x=window["month"].to_numpy(), y=window["events"].to_numpy(), mode="lines+markers",
                             name=text("observed", lang), line={"color": PALETTE["events"]}, connectgaps=False))
    line, label = _blo_marker(effect["blo_established"], lang)
    notes = [label]
    if effect.get("status") == "ok":
        notes.append({"text": f"{text('rate_ratio', lang)}: {interval(effect, lang)}", "xref": "paper",
                      "yref": "paper", "x": 1, "y": 1, "yanchor": "bottom", "xanchor": "right", "showarrow": False})
    return go.Figure(data=traces, layout=_layout(
        text("band_title", lang, name=name), stamp, lang, tuple(notes), shapes=[line], height=460,
        xaxis=_month_axis(window["month"], lang, title={"text": text("month_axis", lang)}),
        yaxis={"title": {"text": text("events_axis", lang)}, "rangemode": "tozero"}))


def mix_figure(mix: pl.DataFrame, name: str, stamp: Provenance, lang: str = "en") -> go.Figure:
    """Share of seizure events by substance group, before vs after the BLO opened (stacked to 100 %)."""
    periods = [text("before", lang), text("after", lang)]
    traces = []
    for i, group in enumerate(sorted(set(mix["substance_group"]))):
        part = {row["period"]: row["share"] for row in mix.filter(pl.col("substance_group") == group).to_dicts()}
        traces.append(go.Bar(x=periods, y=[part.get("before", 0.0), part.get("after", 0.0)],
                             name=group_name(group, lang), meta={"group": group},
                             marker_color=PALETTE["groups"][i % 10]))
    return go.Figure(data=traces, layout=_layout(
        text("mix_title", lang, name=name), stamp, lang, barmode="stack", height=460,
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top", "traceorder": "reversed"},
        xaxis={"title": {"text": text("mix_period_axis", lang)}},
        yaxis={"title": {"text": text("share_axis", lang)}, "range": [0, 100]}))


def event_study_figure(study: pl.DataFrame, stamp: Provenance, lang: str = "en") -> go.Figure:
    """Region-wide event study: effect on the log monthly event rate by quarters since the BLO opened, with 95 % CIs."""
    points = go.Scatter(
        x=study["event_time"].to_numpy(), y=study["att"].to_numpy(), mode="markers", name=text("es_trace", lang),
        marker={"color": PALETTE["events"], "size": 7},
        error_y={"type": "data", "symmetric": False, "array": (study["upper"] - study["att"]).to_numpy(),
                 "arrayminus": (study["att"] - study["lower"]).to_numpy(), "color": PALETTE["events"]})
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": 0, "y1": 0,
               "line": {"color": PALETTE["ink"], "width": 1}},
              {"type": "line", "xref": "x", "x0": 0, "x1": 0, "yref": "paper", "y0": 0, "y1": 1,
               "line": {"color": PALETTE["blo"], "dash": "dash", "width": 2}}]
    zero = {"x": 0, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "xanchor": "left",
            "text": text("es_zero", lang), "showarrow": False, "font": {"color": PALETTE["blo"]}}
    return go.Figure(data=[points], layout=_layout(
        text("es_title", lang), stamp, lang, (zero,), shapes=shapes, height=460,
        xaxis={"title": {"text": text("es_x", lang)}, "zeroline": False},
        yaxis={"title": {"text": text("es_y", lang)}}))


MAP_COLOURS = {"border": "#6b6b6b", "land": "#f4f1e8", "land_around": "#e4e4e4", "water": "#dbe9f4"}
MAP_HEIGHT = 650
MAP_MARGIN = {"r": 110, "autoexpand": False}  # room for the colour bar; fixed, so a lon/lat maps to a known pixel


def _land(iso3s: list[str], colour: str) -> go.Scatter:
    """Countries filled in one colour and outlined: a plain line trace, so nothing is fetched to draw the map."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for iso3 in iso3s:
        x, y = geo.outlines(iso3)
        lons, lats = lons + x, lats + y
    return go.Scatter(x=lons, y=lats, mode="lines", fill="toself", fillcolor=colour, hoverinfo="skip",
                      showlegend=False, line={"color": MAP_COLOURS["border"], "width": 1.2}, meta={"layer": "borders"})


def _country_names(lang: str) -> go.Scatter:
    named = [iso3 for iso3 in geo.countries() if f"country_{iso3}" in TEXT[lang]]
    places = [geo.label_point(iso3) for iso3 in named]
    return go.Scatter(x=[p[0] for p in places], y=[p[1] for p in places], mode="text", hoverinfo="skip",
                      text=[text(f"country_{iso3}", lang).upper() for iso3 in named], showlegend=False,
                      textfont={"size": 11, "color": "#9a9a9a"}, meta={"layer": "countries"})


def _wrapped(names: list[str], per_line: int = 6) -> str:
    return ",<br>".join(", ".join(names[i:i + per_line]) for i in range(0, len(names), per_line))


def map_figure(points: pl.DataFrame, stamp: Provenance, lang: str = "en") -> go.Figure:
    """Crossing points on Natural Earth country borders, coloured by the estimated rate ratio on a log scale (grey:
    none); the ones without sourced coordinates listed on the map. Borders are line traces on lon/lat axes with an
    equal-area-like aspect: Plotly's geo maps fetch country outlines from a CDN, which offline use cannot."""
    placed = points.filter(pl.col("lat").is_not_null(), pl.col("lon").is_not_null())
    rated = placed.filter(pl.col("status") == "ok", pl.col("rate_ratio").is_not_null())
    other = placed.join(rated.select("crossing_point"), on="crossing_point", how="anti")
    reach = max([abs(math.log(r)) for r in rated["rate_ratio"]] + [math.log(2.0)])
    decimal = SEPARATORS[lang][0]
    unrated = go.Scatter(
        x=other["lon"].to_numpy(), y=other["lat"].to_numpy(), mode="markers+text",
        text=other["crossing_point"].to_list(),
        name=text("no_estimate", lang), textposition="bottom center", textfont={"size": 9, "color": "#777"},
        marker={"size": 9, "color": "#ffffff", "line": {"width": 1.5, "color": PALETTE["missing"]}})
    estimated = go.Scatter(
        x=rated["lon"].to_numpy(), y=rated["lat"].to_numpy(), mode="markers+text",
        text=rated["crossing_point"].to_list(),
        name="BLO", textposition="top center", textfont={"size": 9}, customdata=rated["rate_ratio"].to_numpy(),
        hovertemplate="%{text}: %{customdata:.2f}×<extra></extra>",
        marker={"size": 13, "color": [math.log(r) for r in rated["rate_ratio"]], "colorscale": "RdBu_r",
                "cmin": -reach, "cmax": reach, "line": {"width": 1, "color": PALETTE["ink"]},
                "colorbar": {"title": {"text": text("rate_ratio_bar", lang), "side": "right"}, "thickness": 15,
                             "tickvals": [math.log(t) for t in RATIO_TICKS],
                             "ticktext": [f"{t:g}×".replace(".", decimal) for t in RATIO_TICKS]}})
    inside = [iso3 for iso3 in geo.countries() if iso3 in geo.CENTRAL_ASIA]
    around = [iso3 for iso3 in geo.countries() if iso3 not in geo.CENTRAL_ASIA]
    lon_range, lat_range = geo.extent(points)
    missing = geo.unplaced(points)
    notes = () if not missing else ({
        "name": "unplaced", "text": text("map_unplaced", lang, names=_wrapped(missing)), "xref": "x domain",
        "yref": "y domain", "x": 0, "y": 1, "xanchor": "left", "yanchor": "top", "align": "left",
        "showarrow": False, "font": {"size": 10, "color": PALETTE["ink"]}, "bgcolor": "rgba(255,255,255,0.85)",
        "borderpad": 4},)
    axis = {"showgrid": False, "zeroline": False, "constrain": "domain"}  # ranges kept; the plot shrinks to fit
    fig = go.Figure(
        data=[_land(around, MAP_COLOURS["land_around"]), _land(inside, MAP_COLOURS["land"]), _country_names(lang),
              unrated, estimated],
        layout=_layout(text("map_title", lang), stamp, lang, notes, height=MAP_HEIGHT,
                       plot_bgcolor=MAP_COLOURS["water"],
                       xaxis={"title": {"text": text("lon", lang)}, "range": list(lon_range), **axis},
                       yaxis={"title": {"text": text("lat", lang)}, "range": list(lat_range), **axis,
                              "scaleanchor": "x", "scaleratio": geo.aspect(lat_range)}))
    fig.update_layout(margin=MAP_MARGIN)
    source = next(a for a in fig.layout.annotations if a.name == "source")
    source.text = f"{source.text}; {text('map_borders', lang)}"
    return fig
