"""What happened in a pack's period: seizure events and kg by country and substance group against the previous period
and the same period a year earlier, and the period's notable seizures, worded as the programme's news items do.

Reporting rule: a row's figure for a period counts only when agency reports cover every month of that period at every
crossing point of the row (monthly_series.reported); otherwise it reads "no report" and no change is computed against
it — a partly covered quarter would read as a fall."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboards.i18n import TEXT, day_label, group_name, number, substance_name, text
from dashboards.pdf import Grid, Overview
from dashboards.periods import month_count, period_bounds, silent_agencies

COMPARED = ("previous", "year_before")
UNITS = ("tablet", "capsule", "box", "piece", "round")  # count units with a plural / abbreviation in dashboards.i18n
AGENCY_KINDS = (("customs", "customs"), ("drug control", "drug_control"), ("border", "border"),
                ("interior", "police"), ("internal affairs", "police"), ("police", "police"))


@dataclass(frozen=True)
class Window:
    """A period the pack reports on or compares with."""

    key: str
    label: str
    start: dt.date
    end: dt.date


def _months_after(first: dt.date, months: int) -> dt.date:
    return dt.date(first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1, 1)


def _window(key: str, first: dt.date, months: int) -> Window:
    label = (f"{first.year}-{first.month:02d}" if months == 1 else
             f"{first.year}-Q{(first.month - 1) // 3 + 1}" if months == 3 else str(first.year))
    return Window(key, label, first, _months_after(first, months) - dt.timedelta(days=1))


def windows(period: str) -> dict[str, Window]:
    """The period itself, the one before it and the same period a year earlier."""
    start, end = period_bounds(period)
    months = month_count(start, end)
    return {"current": _window("current", start, months),
            "previous": _window("previous", _months_after(start, -months), months),
            "year_before": _window("year_before", _months_after(start, -12), months)}


def _monthly(con: duckdb.DuckDBPyConnection, points: pl.DataFrame, spans: dict[str, Window]) -> pl.DataFrame:
    """monthly_series rows of the crossing points in scope, tagged with the window each month falls in."""
    first, last = min(w.start for w in spans.values()), max(w.end for w in spans.values())
    frame = con.sql("SELECT crossing_point, month, substance_group, events, mass_kg, reported FROM monthly_series"
                    " WHERE crossing_point IN (SELECT unnest(?::VARCHAR[])) AND month BETWEEN ? AND ?",
                    params=[points["crossing_point"].to_list(), first, last]).pl()
    tag = pl.lit(None, pl.String)
    for w in spans.values():
        tag = pl.when(pl.col("month").is_between(w.start, w.end)).then(pl.lit(w.key)).otherwise(tag)
    countries = points.select("crossing_point", "country_iso3")
    return frame.with_columns(window=tag).drop_nulls("window").join(countries, on="crossing_point")


def coverage(con: duckdb.DuckDBPyConnection, points: pl.DataFrame, period: str) -> pl.DataFrame:
    """Per crossing point in scope and window: months covered by an agency report, and whether that is all of them."""
    spans = windows(period)
    monthly = _monthly(con, points, spans).filter(pl.col("substance_group") == "All")
    grid = points.select("crossing_point", "country_iso3").join(
        pl.DataFrame({"window": list(spans), "months": [month_count(w.start, w.end) for w in spans.values()]}),
        how="cross")
    covered = monthly.group_by("crossing_point", "window").agg(reported=pl.col("reported").sum().cast(pl.Int64))
    return grid.join(covered, on=["crossing_point", "window"], how="left").with_columns(
        pl.col("reported").fill_null(0)).with_columns(complete=pl.col("reported") == pl.col("months")).sort(
        "crossing_point", "window")


def period_figures(con: duckdb.DuckDBPyConnection, points: pl.DataFrame, period: str) -> pl.DataFrame:
    """Events and kg per row (the total, each country, each substance group seized in any window) and window, with
    each comparison's % change: null where either side has no report, or where the earlier figure is zero."""
    spans = windows(period)
    monthly = _monthly(con, points, spans)
    cover = coverage(con, points, period)
    rows = []
    for dimension, key, where, scope in (
            ("total", "All", pl.col("substance_group") == "All", pl.lit(True)),
            *[("country", iso3, (pl.col("substance_group") == "All") & (pl.col("country_iso3") == iso3),
               pl.col("country_iso3") == iso3) for iso3 in sorted(set(points["country_iso3"]))],
            *[("group", g, pl.col("substance_group") == g, pl.lit(True))
              for g in sorted(set(monthly["substance_group"]) - {"All"})]):
        sums = monthly.filter(where).group_by("window").agg(events=pl.col("events").sum(), kg=pl.col("mass_kg").sum())
        totals = {r["window"]: r for r in sums.to_dicts()}
        complete = cover.filter(scope).group_by("window").agg(pl.col("complete").all())
        done = dict(complete.iter_rows())
        row = {"dimension": dimension, "key": key}
        for w in spans:
            row |= {f"events_{w}": int(totals.get(w, {}).get("events") or 0),
                    f"kg_{w}": float(totals.get(w, {}).get("kg") or 0.0), f"complete_{w}": bool(done.get(w, False))}
        for w in COMPARED:
            for unit in ("events", "kg"):
                row[f"{unit}_change_{w}"] = change(row[f"{unit}_current"], row[f"{unit}_{w}"]) if (
                    row["complete_current"] and row[f"complete_{w}"]) else None
        rows.append(row)
    frame = pl.DataFrame(rows, infer_schema_length=None)
    seized = sum(pl.col(f"events_{w}") for w in spans) > 0
    return frame.filter((pl.col("dimension") != "group") | seized)


def change(current: float, earlier: float) -> float | None:
    """% change from the earlier figure; None when it was zero (from nothing, no percentage)."""
    if earlier == 0:
        return 0.0 if current == 0 else None
    return 100 * (current - earlier) / earlier


def gaps(con: duckdb.DuckDBPyConnection, points: pl.DataFrame, period: str) -> list[tuple[str, str]]:
    """(crossing point, period) pairs with a month no agency report covers."""
    spans = windows(period)
    cover = coverage(con, points, period).filter(~pl.col("complete"))
    return [(r["crossing_point"], spans[r["window"]].label) for r in cover.sort("window", "crossing_point").to_dicts()]


NOTABLE = """
WITH events AS (
    SELECT seizure_id, period_start AS day, crossing_point, agency, substance, substance_group, mass_kg, unit_count,
           count_unit
    FROM seizures
    WHERE period_start = period_end AND coalesce(n_events, 1) = 1 AND period_start BETWEEN ? AND ?
      AND crossing_point IN (SELECT unnest(?::VARCHAR[])))
(SELECT 'kg' AS kind, * FROM events WHERE mass_kg > 0
 QUALIFY row_number() OVER (PARTITION BY substance_group ORDER BY mass_kg DESC, day, seizure_id) = 1)
UNION ALL
(SELECT 'units' AS kind, * FROM events WHERE unit_count > 0
 QUALIFY row_number() OVER (PARTITION BY substance_group ORDER BY unit_count DESC, day, seizure_id) = 1)
ORDER BY kind, mass_kg DESC NULLS LAST, unit_count DESC NULLS LAST, substance_group
"""


def notable(con: duckdb.DuckDBPyConnection, points: pl.DataFrame, period: str) -> pl.DataFrame:
    """The period's largest single seizure by kg, and by count of units, in each substance group (event records
    only: a monthly total is not a seizure)."""
    current = windows(period)["current"]
    return con.sql(NOTABLE, params=[current.start, current.end, points["crossing_point"].to_list()]).pl()


def agency_kind(agency: str, lang: str) -> str:
    """'Customs', 'Border guards'…: the agency as the news items name it; unknown kinds keep their full name."""
    lowered = agency.lower()
    return next((text(f"agency_{kind}", lang) for word, kind in AGENCY_KINDS if word in lowered), agency)


def quantity(seizure: dict, lang: str) -> str:
    """'71 kg 110 g' by weight; '238,000 tablets' by count."""
    if seizure["kind"] == "units":
        count, unit = seizure["unit_count"], seizure["count_unit"] or "piece"
        words = unit if (lang == "en" and count == 1) or unit not in UNITS else text(f"unit_{unit}", lang)
        return f"{number(count, lang, 0)} {words}"
    kg, grams = divmod(round(seizure["mass_kg"] * 1000), 1000)
    parts = [f"{number(kg, lang, 0)} {text('kg', lang)}"] * (kg > 0) + [f"{grams} {text('g', lang)}"] * (grams > 0)
    return " ".join(parts) or f"0 {text('g', lang)}"


def describe(seizure: dict, place: str, lang: str) -> str:
    """'71 kg 110 g of heroin at Fotehobod (Customs, 21 Nov 2023)' — never a person's name (the warehouse has none)."""
    return text("seizure_line", lang, quantity=quantity(seizure, lang),
                substance=substance_name(seizure["substance"] or group_name(seizure["substance_group"], lang), lang),
                place=place, agency=agency_kind(seizure["agency"] or "", lang), date=day_label(seizure["day"], lang))


def _signed(value: float, lang: str) -> str:
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{number(abs(value), lang, 0)} %"


def _against(row: dict, unit: str, w: str, lang: str, digits: int) -> str:
    """'−17 % (838)': the change from the earlier period with its figure; 'no report' where it had none."""
    if not row[f"complete_{w}"]:
        return text("no_report_cell", lang)
    earlier = number(row[f"{unit}_{w}"], lang, digits)
    if not row["complete_current"]:
        return earlier
    pct = row[f"{unit}_change_{w}"]
    return f"{text('from_zero', lang)}" if pct is None else f"{_signed(pct, lang)} ({earlier})"


def _change_only(row: dict, unit: str, w: str, lang: str) -> str:
    if not (row[f"complete_{w}"] and row["complete_current"]):
        return text("no_report_cell", lang)
    pct = row[f"{unit}_change_{w}"]
    return text("from_zero", lang) if pct is None else _signed(pct, lang)


def overview(con: duckdb.DuckDBPyConnection, points: pl.DataFrame, period: str, lang: str) -> Overview:
    """The period in brief, in the pack's language."""
    spans = windows(period)
    figures = period_figures(con, points, period).to_dicts()
    total = next(r for r in figures if r["dimension"] == "total")
    lines = [text("story_lead", lang, period=period, events=number(total["events_current"], lang, 0),
                  kg=number(total["kg_current"], lang, 1), points=len(points)),
             *[text("story_change", lang, period=spans[w].label, events=_change_only(total, "events", w, lang),
                    kg=_change_only(total, "kg", w, lang)) for w in COMPARED],
             text("story_caveat", lang)]
    header = (text("events_in", lang, period=period), *[text("vs", lang, period=spans[w].label) for w in COMPARED],
              text("kg_in", lang, period=period), *[text("vs", lang, period=spans[w].label) for w in COMPARED])

    def cells(row: dict) -> tuple[str, ...]:
        events = (number(row["events_current"], lang, 0), *[_against(row, "events", w, lang, 0) for w in COMPARED])
        if not any(row[f"kg_{w}"] for w in spans):  # counted, not weighed (tablets, rounds, banknotes)
            return *events, "–", "–", "–"
        return *events, number(row["kg_current"], lang, 1), *[_against(row, "kg", w, lang, 1) for w in COMPARED]

    countries = [(text("story_total", lang), *cells(total))] + [
        (text(f"country_{r['key']}", lang) if f"country_{r['key']}" in TEXT[lang] else r["key"], *cells(r))
        for r in figures if r["dimension"] == "country"]
    groups = [(group_name(r["key"], lang), *cells(r)) for r in figures if r["dimension"] == "group"]
    tables = (Grid(text("by_country", lang), ("", *header), tuple(countries)),
              Grid(text("by_group", lang), ("", *header), tuple(groups)))
    missing = gaps(con, points, period)
    silent = silent_agencies(con, *period_bounds(period), points.get_column("crossing_point").to_list())
    notes = (text("story_rule", lang),
             *[text("story_gaps", lang, gaps=", ".join(f"{p} ({w})" for p, w in missing))] * bool(missing),
             *[text("story_silent", lang, period=period, agencies=", ".join(silent))] * bool(silent))
    names = {p["crossing_point"]: (p.get("name_ru") if lang == "ru" else None) or p["crossing_point"]
             for p in points.to_dicts()}
    seized = notable(con, points, period).to_dicts()
    lists = tuple((text(f"notable_{kind}", lang), tuple(describe(s, names[s["crossing_point"]], lang)
                                                        for s in seized if s["kind"] == kind))
                  for kind in ("kg", "units") if any(s["kind"] == kind for s in seized))
    return Overview(text("story_heading", lang, period=period), tuple(lines), tables, notes,
                    text("notable", lang, period=period), lists or (("", (text("no_notable", lang),)),))
