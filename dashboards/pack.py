"""Donor chart packs: one PDF (with bookmarks) and an HTML twin per donor, period and language, plus a manifest;
each opens with its period in brief (dashboards.story)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import importlib.metadata
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape

from dashboards import data, story
from dashboards.figures import band_figure, map_figure, mix_figure, monthly_figure
from dashboards.geo import unplaced
from dashboards.i18n import LANGUAGES, data_label, month_label, number, sentence, status, text
from dashboards.i18n import interval as rate_interval
from dashboards.pdf import PackContent, Section, write_pdf
from dashboards.periods import CADENCES, GRACE_DAYS, period_bounds
from dashboards.static_export import export_png

DONORS = Path(__file__).parent / "donors.yaml"
ALL_BLO = "all BLO crossing points"
TEMPLATES = Environment(loader=PackageLoader("dashboards", "templates"), autoescape=select_autoescape())
IMAGE_WIDTH = 900
HEIGHTS = {"monthly": 500, "band": 340, "mix": 320}  # px at IMAGE_WIDTH: a section with its sentence fits one A4 page


@dataclass(frozen=True)
class Donor:
    """A donor: who, which crossing points, how often, in which languages, to whom."""

    id: str
    name: str
    scope: str | list[str] | dict[str, str]
    cadence: str
    languages: list[str]
    recipients: list[str | dict[str, str]]  # an address or {address, lang}: dashboards.delivery.recipients reads them
    grace_days: int = GRACE_DAYS

    def in_scope(self, points: pl.DataFrame, until: dt.date | None = None) -> pl.DataFrame:
        """The crossing points this donor's pack covers (BLOs opened by `until`, when given)."""
        if self.scope == ALL_BLO:
            opened = pl.col("blo_established").is_not_null()
            return points.filter(opened & (pl.col("blo_established") <= until) if until else opened)
        if isinstance(self.scope, dict):
            return points.filter(pl.col("country_iso3") == self.scope["country"])
        return points.filter(pl.col("crossing_point").is_in(self.scope))


@dataclass(frozen=True)
class PackResult:
    """The files of one pack."""

    pdf: Path
    html: Path
    manifest: Path
    donor: str
    period: str
    lang: str
    crossing_points: tuple[str, ...]


def load_donors(path: Path | None = None) -> list[Donor]:
    """Donors from the configuration file, checked so a typo fails at load rather than at send time."""
    donors = [Donor(**entry) for entry in yaml.safe_load((path or DONORS).read_text(encoding="utf-8"))]
    for donor in donors:
        scope_ok = (donor.scope == ALL_BLO or (isinstance(donor.scope, dict) and set(donor.scope) == {"country"})
                    or (isinstance(donor.scope, list) and all(isinstance(s, str) for s in donor.scope)))
        problems = [f"scope must be '{ALL_BLO}', {{country: ISO3}} or a list of crossing points"] * (not scope_ok)
        problems += [f"cadence must be one of {', '.join(CADENCES)}"] * (donor.cadence not in CADENCES)
        problems += [f"languages must be among {', '.join(LANGUAGES)}"] * (not set(donor.languages) <= set(LANGUAGES))
        problems += ["no recipients"] * (not donor.recipients)
        problems += ["grace_days must be a whole number of days, 0 or more"] * (
            type(donor.grace_days) is not int or donor.grace_days < 0)
        if problems:
            raise ValueError(f"donor '{donor.id}': {'; '.join(problems)}")
    if len({d.id for d in donors}) != len(donors):
        raise ValueError("donor ids must be unique")
    return donors


def _for_period(effect: dict | None, end: dt.date, lang: str) -> dict | None:
    """The estimate as of the period: withheld, with the post-BLO means, when its window runs past the period."""
    if effect and effect["window_end"] and effect["window_end"] > end:
        withheld = dict.fromkeys(("post_mean_events", "post_mean_kg", "rate_ratio", "lower", "upper"))
        return effect | withheld | {"status": text("window_open", lang, month=month_label(effect["window_end"], lang))}
    return effect


def _figures(point: dict, series: pl.DataFrame | None, effect: dict | None, stamp: data.Provenance,
             lang: str) -> list[go.Figure]:
    """Monthly events and kg; with a BLO also the pre-level band and the substance mix — sized for one A4 page."""
    if series is None:
        return []
    name = _name(point, lang)
    figures = {"monthly": monthly_figure(series, effect, name, stamp, lang)}
    if effect:
        figures |= {"band": band_figure(series, effect, name, stamp, lang),
                    "mix": mix_figure(data.mix(series, effect), name, stamp, lang)}
    for key, fig in figures.items():
        fig.update_layout(height=HEIGHTS[key])
    return list(figures.values())


def _row(point: dict, effect: dict | None, lang: str) -> tuple[str, ...]:
    """One line of the summary table: events and kg a month before and after, the rate ratio, and what it says."""
    if not effect:
        return _heading(point, lang), text("no_blo_short", lang), "", "", "", ""
    return (_heading(point, lang), month_label(effect["blo_established"], lang),
            *(_per_month(effect[f"{side}_mean_events"], effect[f"{side}_mean_kg"], lang) for side in ("pre", "post")),
            rate_interval(effect, lang), status(effect, lang))


def _per_month(events: float | None, kg: float | None, lang: str) -> str:
    """'7.2 (24.0 kg)': events and kilograms a month, side by side."""
    if events is None:
        return ""
    return f"{number(events, lang)} ({number(kg, lang)} {text('kg', lang)})" if kg is not None else number(events, lang)


def _name(point: dict, lang: str) -> str:
    """The crossing point's name in the pack's language."""
    return point["name_ru"] if lang == "ru" and point.get("name_ru") else point["crossing_point"]


def _heading(point: dict, lang: str) -> str:
    """Russian name with the canonical one in brackets (it is what the data and other packs use)."""
    name = _name(point, lang)
    return name if name == point["crossing_point"] else f"{name} ({point['crossing_point']})"


def _sections(points: list[dict], charts: list[list[go.Figure]], effects: dict, scope: pl.DataFrame,
              stamp: data.Provenance, folder: Path, lang: str) -> tuple[Section, tuple[Section, ...]]:
    """Render the map and every chart of the pack to PNG in one browser session, then pair them with their
    headings; under the map, the crossing points it cannot place."""
    pngs = [[folder / f"{i:03d}-{j}.png" for j in range(len(figs))] for i, figs in enumerate(charts)]
    world = map_figure(scope, stamp, lang)
    export_png([world, *(fig for figs in charts for fig in figs)],
               [folder / "map.png", *(png for paths in pngs for png in paths)], IMAGE_WIDTH)
    missing = unplaced(scope)
    where = Section(text("map", lang), text("map_unplaced", lang, names=", ".join(missing)) if missing else "",
                    ((folder / "map.png", IMAGE_WIDTH, world.layout.height),))
    return where, tuple(
        Section(_heading(point, lang),
                sentence(_name(point, lang), effects[point["crossing_point"]], lang, stamp.synthetic),
                tuple((png, IMAGE_WIDTH, fig.layout.height) for png, fig in zip(paths, figs, strict=True)))
        for point, figs, paths in zip(points, charts, pngs, strict=True))


def _manifest(path: Path, donor: Donor, content: PackContent, pdf: Path, html: Path, names: tuple[str, ...]
              ) -> Path:
    """What the pack was built from, so it can be rebuilt and checked byte for byte."""
    stamp = content.stamp
    path.write_text(json.dumps({
        "donor": donor.id, "donor_name": donor.name, "period": content.period, "period_start": str(content.start),
        "period_end": str(content.end), "lang": content.lang, "snapshot": stamp.snapshot,
        "warehouse_built_at": stamp.built, "data_label": stamp.label, "synthetic": stamp.synthetic,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "crossing_points": list(names),
        "pdf": pdf.name, "pdf_sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(), "html": html.name,
        "versions": {pkg: importlib.metadata.version(pkg) for pkg in ("plotly", "kaleido", "reportlab")}},
        indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def build_pack(con: duckdb.DuckDBPyConnection, out_dir: Path, donor: Donor, period: str, lang: str = "en"
               ) -> PackResult:
    """Cover, the period in brief, summary table, map, one section per crossing point in scope, methods — as PDF
    and HTML twin, with a manifest naming the snapshot and the PDF's hash, in out_dir/<donor>/<period>/."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not '{lang}'")
    start, end = period_bounds(period)
    stamp = data.provenance(con)
    scope = donor.in_scope(data.crossing_points(con), until=end)
    points = scope.to_dicts()
    estimates = data.effects(con)
    effects = {p["crossing_point"]: _for_period(estimates.get(p["crossing_point"]), end, lang) for p in points}
    series = data.all_series(con, until=end)
    charts = [_figures(p, series.get(p["crossing_point"]), effects[p["crossing_point"]], stamp, lang)
              for p in points]
    folder = out_dir / donor.id / period
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"blo-pack-{donor.id}-{period}-{lang}"
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        where, sections = _sections(points, charts, effects, scope, stamp, Path(tmp), lang)
        content = PackContent(
            donor_name=donor.name, period=period, start=start, end=end, lang=lang, stamp=stamp,
            header=tuple(text(k, lang) for k in ("crossing_point", "blo_opened", "pre", "post", "rate_ratio",
                                                   "status")),
            rows=tuple(_row(p, effects[p["crossing_point"]], lang) for p in points),
            sections=sections, overview=story.overview(con, scope, period, lang), map=where)
        pdf = write_pdf(folder / f"{stem}.pdf", content)
        html = folder / f"{stem}.html"
        html.write_text(TEMPLATES.get_template("pack.html.j2").render(
            pack=content, t=lambda key, **values: text(key, lang, **values), label=data_label(stamp.label, lang),
            embed=lambda png: base64.b64encode(png.read_bytes()).decode()), encoding="utf-8")
    names = tuple(p["crossing_point"] for p in points)
    manifest = _manifest(folder / f"{stem}.manifest.json", donor, content, pdf, html, names)
    return PackResult(pdf, html, manifest, donor.id, period, lang, names)
