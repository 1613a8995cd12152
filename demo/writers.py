"""The agencies' CSV and JSON export formats, written vectorised from the planted records."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from demo.names import TAJIK_CROSSINGS, TAJIK_SUBSTANCES
from demo.render import broken_or, date_text, decimal, grouped, remark_text, small_in_grams, substance_name, unit_word
from demo.xlsx import FIXED_TIME, UZ_CUSTOMS_AGENCY, UZ_CUSTOMS_HEADER, customs_columns

TMT_PER_BOX = 100  # invented value of a box of cigarettes for TM customs' "Value" column


def _entry(path: Path, agency: str, fmt: str, records: int, events: int | None = None, extra_rows: int = 1,
           footer_rows: int = 0) -> dict:
    """A written file's entry in DemoTruth.files (records = data rows; events = seizures they stand for)."""
    return {"name": path.name, "agency": agency, "format": fmt, "rows": records + extra_rows, "records": records,
            "events": records if events is None else events, "footer_rows": footer_rows}


def _plain_quantity(mark: str) -> pl.Expr:
    """A bare number for a quantity column: grams for small masses in some styles, else the amount."""
    grams = (pl.col("amount") * 1000).round().cast(pl.Int64).cast(pl.String)
    return (pl.when(small_in_grams()).then(grams).when(pl.col("unit").is_in(["kg", "l"]))
            .then(decimal(pl.col("amount"), mark)).otherwise(pl.col("amount").cast(pl.Int64).cast(pl.String)))


def write_customs_overflow(path: Path, rows: pl.DataFrame) -> dict:
    """UZ customs records beyond what one XLSX register holds, as the Committee's plain `;` CSV."""
    table = customs_columns(rows).select(
        pl.int_range(1, pl.len() + 1), date_text("%d.%m.%Y"), "spelt", "substance_text", "quantity", "value",
        "currency", "remarks")
    table.columns = UZ_CUSTOMS_HEADER
    path.write_text(table.write_csv(separator=";"), encoding="utf-8")
    return _entry(path, UZ_CUSTOMS_AGENCY, "csv ;", table.height)


def write_tj_customs(path: Path, rows: pl.DataFrame) -> dict:
    """Customs Service of Tajikistan: cp1251, `;`, decimal commas, weight and count in separate columns."""
    mass = pl.col("unit") == "kg"
    weight = pl.when(pl.col("broken").ne_missing("unknown unit")).then(broken_or(
        {"negative quantity": "-5", "unreadable quantity": "много"},
        pl.when(mass).then(decimal(pl.col("amount"), ","))))
    count = pl.when(pl.col("broken") == "unknown unit").then(pl.lit("5")).when(~mass).then(
        decimal(pl.col("amount"), ","))
    unit = pl.when(pl.col("broken") == "unknown unit").then(pl.lit("zz")).otherwise(unit_word("ru_column"))
    table = rows.with_columns(substance_text=substance_name(rows, "ru")).select(
        date_text("%d.%m.%Y").alias("Дата изъятия"), pl.col("spelt").alias("Пункт пропуска"),
        pl.col("substance_text").alias("Вид товара"), weight.alias("Вес, кг"), count.alias("Количество"),
        unit.alias("Ед. изм."), remark_text("ru").alias("Примечание"))
    path.write_bytes(table.write_csv(separator=";").encode("cp1251"))
    return _entry(path, "Customs Service of Tajikistan", "csv cp1251 ;", table.height)


def write_tj_drug_control(path: Path, rows: pl.DataFrame) -> dict:
    """Drug Control Agency of Tajikistan: monthly totals per crossing and drug, Tajik headers, "Ҳамагӣ" footer."""
    monthly = (rows.group_by(pl.col("date").dt.truncate("1mo").alias("month"), "crossing_point", "substance")
               .agg(events=pl.len(), kg=pl.col("amount").sum()).sort("month", "crossing_point", "substance"))
    table = monthly.select(
        pl.col("month").dt.to_string("%Y-%m").alias("Моҳ"),
        pl.col("crossing_point").replace(TAJIK_CROSSINGS).alias("Гузаргоҳ"),
        pl.col("substance").replace_strict(TAJIK_SUBSTANCES).alias("Навъи маводи мухаддир"),
        pl.col("events").cast(pl.String).alias("Шумораи ҳолатҳо"), decimal(pl.col("kg"), ".").alias("Вазн, кг"))
    footer = pl.DataFrame([["Ҳамагӣ", None, None, str(monthly.get_column("events").sum()),
                            f"{monthly.get_column('kg').sum():.3f}"]], schema=table.columns, orient="row")
    path.write_text(pl.concat([table, footer]).write_csv(), encoding="utf-8")
    return _entry(path, "Drug Control Agency of Tajikistan", "csv monthly totals", table.height,
                  events=int(monthly.get_column("events").sum()), extra_rows=2, footer_rows=1)


def write_uz_border_guard(path: Path, rows: pl.DataFrame) -> dict:
    """State Border Guard Committee of Uzbekistan: UTF-8 with BOM, Uzbek Latin headers, small masses in grams."""
    grams = pl.col("unit").eq("kg") & (pl.col("amount") < 5)
    quantity = pl.when(grams).then(grouped(pl.col("amount") * 1000, ",")).otherwise(_plain_quantity("."))
    table = rows.with_columns(substance_text=substance_name(rows, "uz")).select(
        pl.col("date").dt.to_string("%Y-%m-%d").alias("Sana"), pl.col("crossing_point").alias("Chegara posti"),
        pl.col("substance_text").alias("Modda"), quantity.alias("Miqdori"),
        pl.when(grams).then(pl.lit("g")).otherwise(unit_word("uz")).alias("Oʻlchov birligi"),
        remark_text("uz").alias("Izoh"))
    path.write_text(table.write_csv(include_bom=True), encoding="utf-8")
    return _entry(path, "State Border Guard Committee of Uzbekistan", "csv utf-8-sig", table.height)


def write_border_json(path: Path, rows: pl.DataFrame, agency: str) -> dict:
    """Kyrgyz and Kazakh border services: an English JSON object holding a list of records."""
    quantity = broken_or({"negative quantity": "-5", "unreadable quantity": "много", "unknown unit": "5"},
                         _plain_quantity("."))
    unit = (pl.when(pl.col("broken") == "unknown unit").then(pl.lit("zz"))
            .when(pl.col("broken") == "negative quantity").then(pl.lit("kg"))
            .when(small_in_grams()).then(pl.lit("g")).otherwise(unit_word("en")))
    records = rows.with_columns(substance_text=substance_name(rows, "en")).select(pl.struct(
        date_text("%Y-%m-%d").alias("date"), pl.col("spelt").alias("checkpoint"),
        pl.col("substance_text").alias("substance"), quantity.alias("quantity"), unit.alias("unit"),
        remark_text("en").alias("remarks"),
    ).struct.json_encode())
    # numbers go into JSON as numbers; only the planted unreadable quantity stays a string
    lines = records.to_series().str.replace(r'"quantity":"(-?[0-9.]+)"', '"quantity":${1}')
    body = lines.str.join(",\n  ").item()
    head = f'{{"agency": "{agency}", "exported_at": "{FIXED_TIME.isoformat()}Z", "records": [\n  '
    path.write_text(head + body + "\n]}\n", encoding="utf-8")
    return _entry(path, agency, "json", records.height, extra_rows=0)


def write_tm_customs(path: Path, rows: pl.DataFrame) -> dict:
    """State Customs Service of Turkmenistan: English CSV, day-first dates, value in manat for tobacco."""
    quantity = broken_or({"negative quantity": "-5", "unreadable quantity": "много", "unknown unit": "5"},
                         _plain_quantity("."))
    unit = (pl.when(pl.col("broken") == "unknown unit").then(pl.lit("zz"))
            .when(pl.col("broken") == "negative quantity").then(pl.lit("kg"))
            .when(small_in_grams()).then(pl.lit("g")).otherwise(unit_word("en")))
    tobacco = pl.col("substance") == "cigarettes"
    table = rows.with_columns(substance_text=substance_name(rows, "en")).select(
        date_text("%d/%m/%Y").alias("Date"), pl.col("spelt").alias("Border crossing point"),
        pl.col("substance_text").alias("Item"), quantity.alias("Quantity"), unit.alias("Unit"),
        pl.when(tobacco).then((pl.col("amount") * TMT_PER_BOX).cast(pl.Int64)).alias("Value"),
        pl.when(tobacco).then(pl.lit("TMT")).alias("Currency"), remark_text("en").alias("Remarks"))
    path.write_text(table.write_csv(), encoding="utf-8")
    return _entry(path, "State Customs Service of Turkmenistan", "csv", table.height)

