"""Figures: units on every axis, the source line, the synthetic mark, honest gaps, and the numbers they draw."""

import math

import duckdb
import numpy as np
import plotly.graph_objects as go
import polars as pl
import pytest

from dashboards import data, geo
from dashboards.figures import band_figure, event_study_figure, map_figure, mix_figure, monthly_figure
from support.dashboards_fixture import NON_OK, build_fixture

UNIT_WORDS = (
    "per month", "kg", "%", "°", "quarters", "log", "month", "period",
    "в месяц", "кг", "месяц", "лог", "период", "квартал",
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    paths = {flag: build_fixture(folder / f"w-{flag}.duckdb", synthetic=flag) for flag in (True, False)}
    cons = {flag: duckdb.connect(str(path), read_only=True) for flag, path in paths.items()}
    yield cons
    for con in cons.values():
        con.close()


def every_figure(con, lang="en") -> dict[str, go.Figure]:
    stamp, series, effects = data.provenance(con), data.all_series(con), data.effects(con)
    return {"monthly": monthly_figure(series["Oybek"], effects["Oybek"], "Oybek", stamp, lang),
            "band": band_figure(series["Oybek"], effects["Oybek"], "Oybek", stamp, lang),
            "mix": mix_figure(data.mix(series["Oybek"], effects["Oybek"]), "Oybek", stamp, lang),
            "event_study": event_study_figure(data.event_study(con), stamp, lang),
            "map": map_figure(data.crossing_points(con), stamp, lang)}


def axis_titles(fig: go.Figure) -> list[str]:
    layout = fig.layout.to_plotly_json()
    return [layout[k].get("title", {}).get("text", "") for k in layout if k.startswith(("xaxis", "yaxis"))]


def annotation(fig: go.Figure, name: str):
    return next((a for a in fig.layout.annotations if a.name == name), None)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_axis_has_a_title_with_its_unit(warehouse, lang):
    for kind, fig in every_figure(warehouse[True], lang).items():
        titles = axis_titles(fig)
        assert len(titles) >= 2, kind
        assert all(any(word in t for word in UNIT_WORDS) for t in titles), (kind, titles)


def test_source_line_and_synthetic_mark_follow_warehouse_info(warehouse):
    for kind, fig in every_figure(warehouse[True]).items():
        assert annotation(fig, "source").text.startswith("Source: BLO Seizure Trends warehouse, built 2025-01-15"), kind
        assert annotation(fig, "synthetic").text == "SYNTHETIC DEMO DATA", kind
    for kind, fig in every_figure(warehouse[False]).items():
        assert "agency data" in annotation(fig, "source").text, kind
        assert annotation(fig, "synthetic") is None, kind


def test_monthly_figure_marks_the_blo_and_draws_the_means(warehouse):
    con = warehouse[True]
    effect = data.effects(con)["Oybek"]
    fig = monthly_figure(data.all_series(con)["Oybek"], effect, "Oybek", data.provenance(con))
    assert [s.x0 for s in fig.layout.shapes] == [effect["blo_established"]]
    pre = next(t for t in fig.data if t.name == "pre-BLO mean" and t.yaxis == "y")
    expected = con.execute("""SELECT avg(events) FROM monthly_series WHERE crossing_point = 'Oybek' AND reported
        AND substance_group = 'All' AND month >= DATE '2019-07-01' AND month < DATE '2021-07-01'""").fetchall()[0][0]
    assert pre.y == pytest.approx((expected, expected))
    assert {t.yaxis for t in fig.data if t.type == "bar"} == {"y", "y2"}


def test_unreported_months_are_gaps_not_zeros(warehouse):
    con = warehouse[True]
    fig = monthly_figure(data.all_series(con)[NON_OK], data.effects(con)[NON_OK], NON_OK, data.provenance(con))
    bars = next(t for t in fig.data if t.type == "bar" and t.yaxis == "y")
    unreported = con.execute(f"""SELECT count(*) FROM monthly_series WHERE crossing_point = '{NON_OK}'
        AND substance_group = 'All' AND NOT reported""").fetchall()[0][0]
    assert unreported > 0 and sum(v is None or (isinstance(v, float) and math.isnan(v)) for v in bars.y) == unreported
    marks = next(t for t in fig.data if t.name.startswith("no agency report"))
    assert len(marks.x) == unreported


def test_substance_group_traces_are_tagged_and_hidden(warehouse):
    con = warehouse[True]
    series = data.all_series(con)["Oybek"]
    fig = monthly_figure(series, data.effects(con)["Oybek"], "Oybek", data.provenance(con), groups=True)
    groups = {t.meta["group"] for t in fig.data if t.type == "bar"}
    assert groups == set(series["substance_group"])
    assert all((t.visible is not False) == (t.meta["group"] == "All") for t in fig.data if t.type == "bar")


def test_band_is_pre_mean_plus_minus_two_sd_labelled_not_a_model(warehouse):
    con = warehouse[True]
    effect = data.effects(con)["Farap"]
    fig = band_figure(data.all_series(con)["Farap"], effect, "Farap", data.provenance(con))
    pre = np.array([r[0] for r in con.execute("""SELECT events FROM monthly_series WHERE crossing_point = 'Farap'
        AND substance_group = 'All' AND reported AND month >= ? AND month < ?""",
                                                   [effect["window_start"], effect["blo_established"]]).fetchall()])
    band = next(t for t in fig.data if t.fill == "toself")
    assert "not a model fit" in band.name
    assert max(band.y) == pytest.approx(pre.mean() + 1.96 * pre.std(ddof=1))
    assert min(band.y) == pytest.approx(max(pre.mean() - 1.96 * pre.std(ddof=1), 0))


def test_mix_shares_add_to_100_per_period(warehouse):
    con = warehouse[True]
    mix = data.mix(data.all_series(con)["Oybek"], data.effects(con)["Oybek"])
    assert mix.group_by("period").agg(pl.col("share").sum())["share"].to_list() == pytest.approx([100.0, 100.0])
    fig = mix_figure(mix, "Oybek", data.provenance(con))
    assert fig.layout.barmode == "stack" and len(fig.data) == mix["substance_group"].n_unique()


def test_event_study_has_whiskers_zero_line_and_opening(warehouse):
    con = warehouse[True]
    study = data.event_study(con)
    fig = event_study_figure(study, data.provenance(con))
    assert list(fig.data[0].error_y.array) == pytest.approx((study["upper"] - study["att"]).to_list())
    lines = {(s.x0, s.y0, s.xref) for s in fig.layout.shapes}
    assert (0, 0, "x") in lines and (0, 0, "paper") in lines  # e = 0 marked; zero line across


def test_map_is_an_offline_scatter_coloured_by_log_rate_ratio(warehouse):
    con = warehouse[True]
    points = data.crossing_points(con)
    fig = map_figure(points, data.provenance(con))
    assert {t.type for t in fig.data} == {"scatter"}  # geo/map traces would fetch outlines or tiles online
    by_name = {t.name: t for t in fig.data}
    rated = dict(zip(by_name["BLO"].text, by_name["BLO"].marker.color, strict=True))
    ok = points.filter(pl.col("status") == "ok")
    assert rated == pytest.approx(dict(zip(ok["crossing_point"], np.log(ok["rate_ratio"].to_numpy()), strict=True)))
    unrated = by_name["no estimate / no BLO"].text
    assert NON_OK in unrated and "Yallama" in unrated
    assert annotation(fig, "unplaced") is None  # every fixture crossing point has coordinates


def test_map_draws_natural_earth_borders_and_names_its_source(warehouse):
    con = warehouse[True]
    fig = map_figure(data.crossing_points(con), data.provenance(con))
    borders = [t for t in fig.data if (t.meta or {}).get("layer") == "borders"]
    assert len(borders) == 2 and all(t.mode == "lines" and None in t.x for t in borders)
    kgz = [v for v in zip(*geo.outlines("KGZ"), strict=True) if v[0] is not None]
    drawn = set(zip(borders[1].x, borders[1].y, strict=True))
    assert set(kgz) <= drawn  # Central Asia drawn in the foreground layer
    assert "Natural Earth" in annotation(fig, "source").text and "public domain" in annotation(fig, "source").text
    lat = fig.layout.yaxis.range
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(sum(lat) / 2)))
    assert fig.layout.xaxis.range[0] < 46.6 and fig.layout.xaxis.range[1] > 87.3  # all of Kazakhstan


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_map_lists_crossing_points_it_cannot_place(warehouse, lang):
    con = warehouse[True]
    points = data.crossing_points(con).with_columns(
        lat=pl.when(pl.col("crossing_point").is_in(["Oybek", "Sarahs"])).then(None).otherwise(pl.col("lat")))
    fig = map_figure(points, data.provenance(con), lang)
    note = annotation(fig, "unplaced").text
    assert note.startswith("Not on the map" if lang == "en" else "Нет на карте") and "Oybek, Sarahs" in note
    shown = [name for t in fig.data if t.mode == "markers+text" for name in t.text]
    assert "Oybek" not in shown and "Sarahs" not in shown and "Farap" in shown


def test_russian_figures_use_russian_months_and_decimal_comma(warehouse):
    con = warehouse[True]
    fig = monthly_figure(data.all_series(con)["Farap"], data.effects(con)["Farap"], "Фарап", data.provenance(con),
                         "ru")
    assert fig.layout.separators == ",\u00a0"
    assert fig.layout.xaxis.ticktext[0].startswith("янв")
    assert annotation(fig, "synthetic").text == "СИНТЕТИЧЕСКИЕ ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ"
    assert "синтетические" in annotation(fig, "source").text
