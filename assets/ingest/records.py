"""Turn one table of an export into typed seizure records, accounting for every row: loaded, quarantined or skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from assets.ingest.headers import MASS_FIELDS, QUANTITY_FIELDS, HeaderMatch, detect_header
from assets.ingest.profiles import Profile
from assets.ingest.scrub import scrub_columns
from assets.ingest.sheets import Sheet
from assets.ingest.titles import TitleFacts, country_named, title_facts
from assets.ingest.values import map_distinct, month_number, number_expr, read_dates, read_periods
from assets.shared.quantities import QUANTITY_SCHEMA, currency_in, parse_values, quantity_table

TOTAL_WORDS = r"(итого|всего|total|grand total|jami|ҳамагӣ|ҳамаги|хамаги|жами|барлығы|жыйынтыгы|jemi|жалпы|umumiy)"
TOTAL_ROW = rf"(?i)^\s*{TOTAL_WORDS}\b"
# in the substance column only the bare word is a footer: "Total … (including the above …)" is a reported total
TOTAL_SUBSTANCE = rf"(?i)^\s*{TOTAL_WORDS}\s*(за|for|по)?[^(]{{0,20}}[:.]?\s*$"
FORMULA = r"^\s*(=\S|@[A-Za-z])"  # =SUM(…), =HYPERLINK(…), =B2*2: a formula, not the value it stood for
MAX_EVENT_KG = 50_000.0
RECORD_SCHEMA = {
    "source_file": pl.String, "source_row": pl.Int64, "agency": pl.String, "country_iso3": pl.String,
    "period_start": pl.Date, "period_end": pl.Date, "n_events": pl.Int64, "crossing_raw": pl.String,
    "location_raw": pl.String, "substance_raw": pl.String, "quantity_raw": pl.String, "mass_kg": pl.Float64,
    "unit_count": pl.Float64, "count_unit": pl.String, "package_count": pl.Float64, "package_unit": pl.String,
    "volume_l": pl.Float64, "strength_mg": pl.Float64, "value_local": pl.Float64, "currency": pl.String,
    "remarks": pl.String, "flags": pl.String,
    "release_key": pl.String,
}
OUTCOME_SCHEMA = {"source_file": pl.String, "source_row": pl.Int64, "reason": pl.String}


class MissingFields(ValueError):
    """The export lacks a required field; the message names the file, the fields and the headers seen."""

    def __init__(self, source_file: str, fields: list[str], headers: list[str], mapped: dict[str, str]):
        self.source_file, self.fields, self.headers, self.mapped = source_file, fields, headers, mapped
        shown = ", ".join(f"'{h}'" for h in headers if h) or "(none)"
        super().__init__(f"{source_file}: cannot find the {' and '.join(fields)} column(s); headers seen: {shown}")

    def __reduce__(self) -> tuple:  # to cross from an ingest worker process with its fields intact
        return MissingFields, (self.source_file, self.fields, self.headers, self.mapped)


@dataclass
class Staged:
    """A table's rows sorted into loaded records, quarantined rows (with reasons) and skipped rows (with reasons)."""

    records: pl.DataFrame
    quarantine: pl.DataFrame
    skipped: pl.DataFrame
    header: HeaderMatch
    grain: str
    note: str | None = None  # what the reader decided that the summary line should say (how dates were read)
    titles: tuple[str, ...] = ()  # the text of the rows above the header


def stage_sheet(sheet: Sheet, source_file: str, profile: Profile | None = None, today: dt.date | None = None) -> Staged:
    """Sort every row of one table into loaded, quarantined or skipped."""
    extra = {header: field for header, field in (profile.columns if profile else {}).items()}
    header = detect_header(sheet.rows, extra)
    first = header.first_index if header and header.first_index is not None else (header.row_index if header else 0)
    titles = tuple(" ".join(c for c in cells if c) for cells in sheet.rows.head(first).iter_rows())
    facts = title_facts(list(titles))
    gaps = _gaps(header, profile, facts)
    if header is None or gaps:
        headers = list(header.headers.values()) if header else _first_cells(sheet.rows)
        mapped = {header.headers[c]: f for f, c in header.columns.items()} if header else {}
        raise MissingFields(source_file, gaps, headers, mapped)
    kept = sheet.rows.drop(header.personal)  # a person's columns go no further than this
    rows = kept.with_row_index("_idx").with_columns(
        source_row=(pl.col("_idx").cast(pl.Int64) + sheet.first_row), source_file=pl.lit(source_file))
    cells = kept.columns
    pre = rows.filter(pl.col("_idx") <= header.row_index, pl.col("source_row") >= 1).select(
        "source_file", "source_row",
        reason=pl.when(pl.col("_idx") >= first).then(pl.lit("header row"))
        .otherwise(pl.lit("title row above the header")))
    body = rows.filter(pl.col("_idx") > header.row_index)
    fields = {field: pl.col(column) for field, column in header.columns.items()}
    body = body.with_columns(**{f"f_{k}": v.str.strip_chars() for k, v in fields.items()})
    body = body.with_columns(  # eager Polars has no common subexpressions: strip once, then empty becomes null
        **{f"f_{k}": pl.when(pl.col(f"f_{k}") != "").then(pl.col(f"f_{k}")) for k in fields},
        _blank=~pl.any_horizontal([pl.col(c).str.contains(r"\S").fill_null(False) for c in cells]))

    total_cols = [c for c in (f"f_{f}" for f in ("row_number", "date", "period", "crossing_point"))
                  if c in body.columns] + [cells[0]]
    is_total = pl.any_horizontal([pl.col(c).str.contains(TOTAL_ROW).fill_null(False) for c in total_cols]
                                 + [pl.col(c).str.contains(TOTAL_SUBSTANCE).fill_null(False)
                                    for c in ("f_substance",) if c in body.columns])
    seizure_cells = [f"f_{f}" for f in ("date", "period", "year", "substance", *QUANTITY_FIELDS)
                     if f"f_{f}" in body.columns]
    filled = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Int8) for c in cells])  # the readers leave empty null
    no_seizure = pl.all_horizontal([pl.col(c).is_null() for c in seizure_cells]) | (filled <= 1)
    body = body.with_columns(
        _skip=pl.when(pl.col("_blank")).then(pl.lit("blank row")).when(_repeats_header(kept, header, first))
        .then(pl.lit("repeated header row")).when(is_total).then(pl.lit("totals row (not added)"))
        .when(no_seizure).then(pl.lit("a note or signature line: no date, substance or quantity")))

    if {"date", "period", "year"} & header.columns.keys() or facts.period_start is None:
        body, grain = _periods(body, profile, today)
    else:  # the period only the title states ("… за 2023 год"): every row's
        body = body.with_columns(period_start=pl.lit(facts.period_start), period_end=pl.lit(facts.period_end),
                                 _problem=pl.lit(None, dtype=pl.String), _date_note=pl.lit(None, dtype=pl.String))
        grain = (profile.grain if profile and profile.grain else None) or facts.grain
    body = _amounts(body, profile, sheet.decimal, grain, header)
    body = _fixed(body, sheet, profile, source_file, header.headers, facts)
    body = body.with_columns(_problem=pl.coalesce(_cell_problems(list(header.headers), header), "_problem"))

    skipped = pl.concat([pre, body.filter(pl.col("_skip").is_not_null())
                         .select("source_file", "source_row", reason="_skip")])
    live = body.filter(pl.col("_skip").is_null())
    quarantine = scrub_columns(live.filter(pl.col("_problem").is_not_null()), cells).select(
        "source_file", "source_row", reason="_problem",
        raw_record=pl.struct([pl.col(c).alias(name) for c, name in _raw_names(cells, header)]).struct.json_encode())
    loaded = live.filter(pl.col("_problem").is_null()).select(list(RECORD_SCHEMA)).cast(RECORD_SCHEMA)
    dropped = [header.headers[c] for c in header.personal]
    notes = [body.select(pl.first("_date_note")).item() if body.height else None,
             f"{len(dropped)} personal-data column{'s' * (len(dropped) > 1)} dropped ({', '.join(dropped)})"
             if dropped else None]
    note = "; ".join(filter(None, notes)) or None
    return Staged(loaded, quarantine, skipped.cast(OUTCOME_SCHEMA), header, grain, note, titles)


def _gaps(header: HeaderMatch | None, profile: Profile | None, facts: TitleFacts) -> list[str]:
    """Required fields neither the header nor the title gives; a crossing point only where the file isn't national.

    National-level: the profile says so, or the table names a country per row, or it holds a year's totals of a
    country the title names. Otherwise rows without a crossing point would be useless for the BLO comparison.
    """
    if header is None:
        return ["date", "substance", "quantity", "crossing_point"]
    national = ((profile is not None and profile.level == "national") or "country" in header.columns
                or (facts.grain == "year" and not {"date", "period"} & header.columns.keys()
                    and bool(facts.country_iso3 or (profile and profile.country_iso3))))
    gaps = header.missing(national=national or facts.crossing_raw is not None)
    return [g for g in gaps if not (g == "date" and facts.period_start)]


def _repeats_header(rows: pl.DataFrame, header: HeaderMatch, first: int) -> pl.Expr:
    """A copy of a header row inside the table (a page break's), which is no seizure."""
    exprs = []
    for index in range(first, header.row_index + 1):
        cells = {c: v for c, v in zip(rows.columns, rows.row(index), strict=True) if v and v.strip()}
        if len(cells) >= 2:  # a page break repeats the header cell for cell
            same = [(pl.col(c) == v).fill_null(False).cast(pl.Int8) for c, v in cells.items()]
            exprs.append(pl.sum_horizontal(same) >= max(2, (len(cells) + 1) // 2))
    return pl.any_horizontal(exprs) if exprs else pl.lit(False)


def _raw_names(cells: list[str], header: HeaderMatch) -> list[tuple[str, str]]:
    """Each column with its header text for the quarantined raw row; repeated or empty headers made unique."""
    names, seen = [], set()
    for column in cells:
        name = header.headers[column] or column
        if name in seen:
            name = f"{name} ({column})"
        seen.add(name)
        names.append((column, name))
    return names


def _cell_problems(cells: list[str], header: HeaderMatch) -> pl.Expr:
    """Reasons to quarantine a row for its cells: a spreadsheet formula, or cells beyond the header's last column."""
    mapped = set(header.columns.values())
    formula = [pl.when(pl.col(c).str.contains(FORMULA)).then(
        pl.format("spreadsheet formula in '{}' ({})", pl.lit(header.headers[c] or c), pl.col(c).str.slice(0, 60)))
        for c in cells if c in mapped]
    named = [i for i, c in enumerate(cells) if header.headers[c]]
    beyond = cells[named[-1] + 1:] if named else []
    extra = [pl.when(pl.any_horizontal(pl.col(c).str.strip_chars() != "" for c in beyond)).then(
        pl.format("more cells than the header has columns (extra: '{}')",
                  pl.concat_str([pl.col(c) for c in beyond], separator="', '", ignore_nulls=True).str.slice(0, 60)))
    ] if beyond else []
    return pl.coalesce([*formula, *extra, pl.lit(None, dtype=pl.String)])


def _first_cells(rows: pl.DataFrame) -> list[str]:
    return [c for c in (rows.row(0) if rows.height else []) if c]


def _col(body: pl.DataFrame, field: str) -> pl.Expr:
    return pl.col(f"f_{field}") if f"f_{field}" in body.columns else pl.lit(None, dtype=pl.String)


def _periods(body: pl.DataFrame, profile: Profile | None, today: dt.date | None) -> tuple[pl.DataFrame, str]:
    """period_start/period_end and the grain, with a problem for rows whose date or period can't be read, and in
    `_date_note` how day and month were told apart where no value decided it (None otherwise)."""
    note, missing = None, "no period"
    if "f_date" in body.columns:
        convention = profile.date_order if profile else None
        country = profile.country_iso3 if profile else None
        body, note = read_dates(body, "f_date", today, convention, country)
        body, grain, missing = body.with_columns(period_end=pl.col("period_start")), "event", "no date"
    elif "f_period" in body.columns:
        body, grain = read_periods(body, "f_period", today)
    else:
        body, bad, grain = _fiscal_periods(body, profile)
        body = body.with_columns(_date_problem=pl.concat_str([pl.lit("unreadable period '"), bad, pl.lit("'")]))
    if profile and profile.grain:
        grain = profile.grain
    body = body.with_columns(
        _problem=pl.when(pl.col("_skip").is_null() & pl.col("period_start").is_null())
        .then(pl.coalesce("_date_problem", pl.lit(missing))),
        _date_note=pl.lit(note, dtype=pl.String))
    return body, grain


def _fiscal_periods(body: pl.DataFrame, profile: Profile | None) -> tuple[pl.DataFrame, pl.Expr, str]:
    """Year (+ month name) columns, with fiscal years that start in another month (US FY starts in October)."""
    start_month = profile.fiscal_year_start_month if profile else 1
    year = pl.col("f_year").str.extract(r"(\d{4})").cast(pl.Int32, strict=False)
    if "f_month_name" not in body.columns:
        body = body.with_columns(period_start=pl.date(year, 1, 1), period_end=pl.date(year, 12, 31))
        return body, pl.col("f_year"), "year"
    body = map_distinct(body, "f_month_name", month_number, pl.Int32(), "_month")
    calendar_year = pl.when(pl.col("_month") >= start_month).then(year - (start_month > 1)).otherwise(year)
    body = body.with_columns(period_start=pl.date(calendar_year, pl.col("_month"), 1))
    body = body.with_columns(period_end=pl.col("period_start").dt.month_end())
    return body, pl.concat_str([pl.col("f_year"), pl.col("f_month_name")], separator=" "), "month"


def _amounts(body: pl.DataFrame, profile: Profile | None, decimal: str | None, grain: str,
             header: HeaderMatch) -> pl.DataFrame:
    """Mass, counts, value and event counts, with problems for unreadable, negative or absurd quantities."""
    decimal = (profile.decimal if profile and profile.decimal else None) or decimal
    # a mass column's unit, unless a cell names its own
    masses = [(f"f_{k}", unit, kg) for k, (unit, kg) in MASS_FIELDS.items() if f"f_{k}" in body.columns]
    mass_text = pl.coalesce([pl.col(c) for c, _, _ in masses]) if masses else pl.lit(None, dtype=pl.String)
    header_count_unit = header.units.get(header.columns.get("quantity", ""))
    body = body.with_columns(
        _mass_text=mass_text, quantity_raw=pl.coalesce([_col(body, "quantity"), mass_text]),
        _mass_unit=pl.coalesce([pl.when(pl.col(c).is_not_null()).then(pl.lit(u)) for c, u, _ in masses])
        if masses else pl.lit(None, dtype=pl.String),
        _qty_text=_col(body, "quantity"),
        _unit_text=pl.coalesce([_col(body, "unit"), pl.lit(header_count_unit, dtype=pl.String)]))
    if profile and profile.mass_unit and "f_quantity" in body.columns:
        body = body.with_columns(_unit_text=pl.coalesce([pl.col("_unit_text"), pl.lit(profile.mass_unit)]))
    body = _parsed(body, "_qty_text", "_unit_text", decimal,
                   {k: "quantity_problem" if k == "problem" else k for k in QUANTITY_SCHEMA})
    # plain numbers read vectorised (machine-written ones too: "6.61386786e-05" lbs in CBP's releases); the quantity
    # grammar reads only cells with their own units ("1 981 г", "4 кг 600 г"), once per distinct text
    plain = [number_expr(c, decimal) * kg for c, _, kg in masses]
    body = body.with_columns(_mass_plain=pl.coalesce([*plain, pl.lit(None, dtype=pl.Float64)]))
    body = _parsed(body, "_mass_text", "_mass_unit", decimal, {"mass_kg": "_mass_col"},
                   pl.col("_mass_plain").is_null())
    body = body.with_columns(_mass_col=pl.coalesce("_mass_plain", "_mass_col"))
    body = _parsed_money(body, decimal)
    events = number_expr("f_n_events", decimal) if "f_n_events" in body.columns else None
    body = body.with_columns(
        n_events=(events.cast(pl.Int64, strict=False) if events is not None
                  else pl.lit(1 if grain == "event" else None, dtype=pl.Int64)),
        value_local=pl.coalesce([pl.col("_value"), pl.col("value")]),
        currency=pl.coalesce([pl.col("_currency_named"), pl.col("_value_currency"), pl.col("currency"),
                              pl.when(pl.col("_value").is_not_null()).then(pl.lit(header.currency, dtype=pl.String))]),
        remarks=_col(body, "remarks"),
    )
    body = body.with_columns(mass_kg=pl.coalesce([pl.col("_mass_col"), pl.col("mass_kg")]))
    body = scrub_columns(body, ["remarks"])
    no_quantity = pl.col("quantity_raw").is_null() & pl.col("mass_kg").is_null() & pl.col("unit_count").is_null()
    problem = (
        pl.when(pl.col("_problem").is_not_null()).then(pl.col("_problem"))
        .when(_col(body, "substance").is_null()).then(pl.lit("no substance named"))
        .when(pl.col("_mass_text").is_not_null() & pl.col("_mass_col").is_null())
        .then(pl.format("unreadable quantity '{}'", pl.col("_mass_text")))
        .when((pl.col("mass_kg") < 0) | (pl.col("unit_count") < 0)).then(pl.lit("negative quantity"))
        .when((pl.col("n_events") == 1) & (pl.col("mass_kg") > MAX_EVENT_KG))
        .then(pl.format("implausible quantity for one seizure ({} kg)", pl.col("mass_kg").round(1)))
        .when(events is not None and (events.is_null() | (events < 0) | (events != events.round())))
        .then(pl.format("invalid event count '{}'", _col(body, "n_events").fill_null("(empty)")))
        .when(pl.col("quantity_problem").is_not_null() & pl.col("_mass_col").is_null()
              & pl.col("_qty_text").is_not_null())
        .then(pl.format("{}: '{}'", pl.col("quantity_problem"), pl.col("_qty_text")))
    )
    return body.with_columns(
        _problem=pl.when(pl.col("_skip").is_null()).then(problem),
        flags=pl.when(no_quantity).then(pl.lit("no quantity reported")))


def _parsed(body: pl.DataFrame, text: str, unit: str, decimal: str | None, take: dict[str, str],
            needed: pl.Expr | None = None) -> pl.DataFrame:
    """Quantity text (with a unit) read by the quantity grammar once per distinct pair where `needed`, joined back;
    `take` names the grammar's columns kept and what they are called here."""
    pairs = body.filter(pl.col(text).is_not_null() if needed is None else needed & pl.col(text).is_not_null()
                        ).select(text, unit).unique()
    if pairs.is_empty():  # nothing for the grammar to read (every cell a plain number, or none)
        return body.with_columns(pl.lit(None, dtype=QUANTITY_SCHEMA[k]).alias(v) for k, v in take.items())
    parsed = quantity_table(pairs, text, unit, decimal).select(text, unit, *(pl.col(k).alias(v) for k, v in
                                                                             take.items()))
    return body.join(parsed, on=[text, unit], how="left", nulls_equal=True, maintain_order="left")


def _parsed_money(body: pl.DataFrame, decimal: str | None) -> pl.DataFrame:
    """Values as numbers with the currency a value cell names ("15 000 USD"), and the currency column as ISO codes."""
    body = (map_distinct(body, "f_currency", currency_in, pl.String(), "_currency_named")
            if "f_currency" in body.columns else body.with_columns(_currency_named=pl.lit(None, dtype=pl.String)))
    if "f_value" not in body.columns:
        return body.with_columns(_value=pl.lit(None, dtype=pl.Float64), _value_currency=pl.lit(None, dtype=pl.String))
    body = body.with_columns(_value_plain=number_expr("f_value", decimal))
    worded = body.filter(pl.col("_value_plain").is_null() & pl.col("f_value").is_not_null()).select("f_value").unique()
    if worded.is_empty():  # plain numbers only (the usual export): no currency in the cells to look for
        return body.with_columns(_value=pl.col("_value_plain"), _value_currency=pl.lit(None, dtype=pl.String))
    money = parse_values(worded, "f_value", decimal=decimal).select(
        "f_value", _value_worded="value_local", _value_currency="value_currency")
    return body.join(money, on="f_value", how="left", nulls_equal=True, maintain_order="left").with_columns(
        _value=pl.coalesce("_value_plain", "_value_worded"))


def _fixed(body: pl.DataFrame, sheet: Sheet, profile: Profile | None, source_file: str,
           headers: dict[str, str], facts: TitleFacts) -> pl.DataFrame:
    """Agency, country, crossing point and the other text fields, preferring the profile's fixed values."""
    agency = (profile.agency if profile else None) or sheet.fixed.get("agency")
    country = profile.country_iso3 if profile else None
    columns = {header: column for column, header in headers.items()}
    if "f_country" in body.columns:
        body = map_distinct(body, "f_country", country_named, pl.String(), "_country_named")
    key_columns = [columns[h] for h in (profile.release_key if profile else ()) if h in columns]
    release_key = (pl.concat_str([pl.col(c).fill_null("") for c in key_columns], separator="|")
                   if key_columns else pl.lit(None, dtype=pl.String))
    return body.with_columns(
        release_key=release_key,
        agency=pl.coalesce([pl.lit(agency, dtype=pl.String), _col(body, "agency"),
                            pl.lit(facts.agency, dtype=pl.String), pl.lit(source_file.rsplit(".", 1)[0])]),
        country_iso3=pl.coalesce([pl.lit(country, dtype=pl.String),
                                  pl.col("_country_named") if "f_country" in body.columns
                                  else pl.lit(None, dtype=pl.String),
                                  pl.lit(facts.country_iso3, dtype=pl.String)]),
        crossing_raw=pl.coalesce([_col(body, "crossing_point"), pl.lit(facts.crossing_raw, dtype=pl.String)]),
        location_raw=_col(body, "location"),
        substance_raw=_col(body, "substance"),
    )
