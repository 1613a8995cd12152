"""UZ customs' yearly Russian XLSX register: title rows, a merged title cell, mixed date cells, an "Итого" footer."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl

from demo.render import quantity_ru, remark_text, substance_name

UZ_CUSTOMS_AGENCY = "State Customs Committee of Uzbekistan"
UZ_CUSTOMS_HEADER = ["№ п/п", "Дата задержания", "Пункт пропуска", "Наименование", "Количество", "Стоимость", "Валюта",
          "Примечание"]
FIXED_TIME = dt.datetime(2025, 1, 15, 9, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)
TITLE_ROWS = 3
UZS_PER_UNIT = {"cigarettes": 20_000, "ammunition": 5_000}  # invented unit values for the "Стоимость" column


def customs_columns(rows: pl.DataFrame) -> pl.DataFrame:
    """UZ customs' columns for each record, as text and numbers, before any file layout."""
    value = (pl.col("amount") * pl.col("substance").replace_strict(UZS_PER_UNIT, default=None, return_dtype=pl.Int64)
             ).cast(pl.Int64)
    return rows.with_columns(substance_text=substance_name(rows, "ru")).select(
        "date", "date_style", "broken", "spelt", "substance_text", quantity=quantity_ru(), value=value,
        currency=pl.when(value.is_not_null()).then(pl.lit("UZS")), remarks=remark_text("ru"))


def write_customs_xlsx(path: Path, rows: pl.DataFrame, year: int) -> dict:
    """One year's register as the Committee sends it; returns the file's entry for DemoTruth."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"Задержания {year}"
    sheet.append(["Государственный таможенный комитет Республики Узбекистан"])
    sheet.merge_cells("A1:H1")
    sheet.append([f"Сведения о задержаниях наркотических средств и контрабанды за {year} год"])
    sheet.append([])
    sheet.append(UZ_CUSTOMS_HEADER)
    table = customs_columns(rows)
    for number, row in enumerate(table.iter_rows(named=True), 1):
        date = _date_cell(row)
        sheet.append([number, date, row["spelt"], row["substance_text"], row["quantity"], row["value"],
                      row["currency"], row["remarks"]])
        if isinstance(date, dt.date):
            sheet.cell(TITLE_ROWS + 1 + number, 2).number_format = "DD.MM.YYYY"
    sheet.append(["Итого", None, None, None, None, int(table.get_column("value").sum()), "UZS", None])
    sheet.append([f"Всего записей: {table.height}"])
    book.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(deterministic_zip(buffer.getvalue()))
    return {"name": path.name, "agency": UZ_CUSTOMS_AGENCY, "format": "xlsx", "rows": TITLE_ROWS + 1 + table.height + 2,
            "records": table.height, "events": table.height, "footer_rows": 2}


def _date_cell(row: dict) -> object:
    """Mostly real date cells; some typed as text, some left as Excel serial numbers; broken ones impossible."""
    if row["broken"] == "impossible date":
        return f"31.02.{row['date'].year}"
    if row["date_style"] == 0:
        return row["date"].strftime("%d.%m.%Y")
    if row["date_style"] == 1:
        return (row["date"] - EXCEL_EPOCH).days
    return row["date"]


def deterministic_zip(data: bytes) -> bytes:
    """The workbook with fixed timestamps, so one seed always gives the same bytes.

    Hand-written: openpyxl stamps the save time into docProps/core.xml and into every zip entry, with no option
    to turn either off.
    """
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.external_attr = 0o600 << 16
            target.writestr(entry, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
