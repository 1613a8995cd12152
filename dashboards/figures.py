"""Plotly figures for evaluators and donors: one palette, units on every axis, a source line, the data label."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

PALETTE = {"events": "#1f5f8b", "kg": "#c96a1b", "blo": "#b22222", "pre": "#6c757d", "post": "#2a9d8f",
           "band": "rgba(31,95,139,0.15)", "groups": ["#1f5f8b", "#c96a1b", "#2a9d8f", "#8e5ea2", "#e9c46a",
                                                       "#6c757d", "#b22222", "#264653", "#f4a261", "#7fb069"]}
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12}


def _finish(fig: go.Figure, title: str, label: str, built: str) -> go.Figure:
    """Title, source line and data label in the same place on every figure."""
    fig.update_layout(title={"text": title, "x": 0.01}, font=FONT, template="plotly_white",
                      margin={"l": 60, "r": 20, "t": 60, "b": 80}, legend={"orientation": "h", "y": -0.18})
    fig.add_annotation(text=f"Source: BLO Seizure Trends warehouse, built {built} — {label}", xref="paper",
                       yref="paper", x=0, y=-0.3, showarrow=False, font={"size": 10, "color": "#555"},
                       xanchor="left")
    if label == "synthetic demo data":
        fig.add_annotation(text="SYNTHETIC DEMO DATA", xref="paper", yref="paper", x=1, y=1.08, showarrow=False,
                           font={"size": 11, "color": PALETTE["blo"]}, xanchor="right")
    return fig


def monthly_figure(series: pl.DataFrame, effect: dict | None, name: str, label: str, built: str) -> go.Figure:
    """Monthly seizure events and kg at one crossing point, BLO opening marked, pre/post means drawn."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_trace(go.Bar(x=series["month"], y=series["events"], name="events / month",
                         marker_color=PALETTE["events"]), row=1, col=1)
    fig.add_trace(go.Bar(x=series["month"], y=series["mass_kg"], name="kg / month", marker_color=PALETTE["kg"]),
                  row=2, col=1)
    if effect and effect.get("blo_established"):
        opened = effect["blo_established"]
        for row in (1, 2):
            fig.add_vline(x=opened, line={"color": PALETTE["blo"], "dash": "dash"}, row=row, col=1)
        fig.add_annotation(x=opened, y=1, yref="paper", text="BLO opened", showarrow=False,
                           font={"color": PALETTE["blo"]}, xanchor="left")
        for start, end, mean, colour, text in (
                (effect["window_start"], opened, effect.get("pre_mean_events"), PALETTE["pre"], "pre mean"),
                (opened, effect["window_end"], effect.get("post_mean_events"), PALETTE["post"], "post mean")):
            if mean is not None:
                fig.add_trace(go.Scatter(x=[start, end], y=[mean, mean], mode="lines", name=text,
                                         line={"color": colour, "width": 3}), row=1, col=1)
    fig.update_yaxes(title_text="seizure events per month", row=1, col=1)
    fig.update_yaxes(title_text="kg seized per month", row=2, col=1)
    fig.update_xaxes(title_text="month", row=2, col=1)
    return _finish(fig, f"{name}: monthly seizures", label, built)


def mix_figure(mix: pl.DataFrame, name: str, label: str, built: str) -> go.Figure:
    """Share of seizure events by substance group, before vs after the BLO opened."""
    fig = go.Figure()
    for i, group in enumerate(mix.get_column("substance_group").unique().sort().to_list()):
        part = mix.filter(pl.col("substance_group") == group)
        fig.add_trace(go.Bar(x=part["period"], y=part["share"], name=group,
                             marker_color=PALETTE["groups"][i % len(PALETTE["groups"])]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="share of seizure events (%)")
    fig.update_xaxes(title_text="period relative to BLO opening")
    return _finish(fig, f"{name}: substance mix before and after the BLO", label, built)


def event_study_figure(study: pl.DataFrame, label: str, built: str) -> go.Figure:
    """Region-wide event study: effect on log(events + 1) by quarters since the BLO opened, with 95 % intervals."""
    fig = go.Figure(go.Scatter(
        x=study["event_time"], y=study["att"], mode="markers", marker={"color": PALETTE["events"], "size": 7},
        error_y={"type": "data", "symmetric": False, "array": (study["upper"] - study["att"]).to_list(),
                 "arrayminus": (study["att"] - study["lower"]).to_list()}, name="ATT (95 % CI)"))
    fig.add_hline(y=0, line={"color": "#333"})
    fig.add_vline(x=-0.5, line={"color": PALETTE["blo"], "dash": "dash"})
    fig.update_xaxes(title_text="quarters since the BLO opened")
    fig.update_yaxes(title_text="effect on log(events + 1)")
    return _finish(fig, "Region-wide event study (Callaway & Sant'Anna)", label, built)


def map_figure(points: pl.DataFrame, label: str, built: str) -> go.Figure:
    """Crossing points by position, coloured by the estimated rate ratio (grey: no estimate)."""
    fig = go.Figure(go.Scatter(
        x=points["lon"], y=points["lat"], mode="markers+text", text=points["crossing_point"],
        textposition="top center", textfont={"size": 9},
        marker={"size": 11, "color": points["rate_ratio"].fill_null(1.0), "colorscale": "RdBu_r", "cmid": 1.0,
                "colorbar": {"title": {"text": "rate ratio"}}, "line": {"width": 1, "color": "#333"}},
        hovertext=[f"{n}: {r:.2f}" if r is not None else f"{n}: no estimate"
                   for n, r in zip(points["crossing_point"], points["rate_ratio"], strict=True)]))
    fig.update_xaxes(title_text="longitude (°E)")
    fig.update_yaxes(title_text="latitude (°N)", scaleanchor="x")
    return _finish(fig, "Crossing points coloured by before/after rate ratio", label, built)
