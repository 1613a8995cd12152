"""Six agencies' export formats, written from the simulated events, with the problems real exports have."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import polars as pl

from demo.events import draw_events
from demo.names import BROKEN, CROSSING_VARIANTS, PII, SUBSTANCE_NAMES, UNITS, UNKNOWN_CROSSINGS, format_quantity
from demo.world import BLO_EFFECT, synthetic_registry

FIXED_TIME = dt.datetime(2025, 1, 15, 9, 0, 0)


@dataclass
class DemoTruth:
    """What the demo planted, for tests to check the pipeline recovers it."""

    seed: int
    scale: float
    blo_effect: float = BLO_EFFECT
    registry: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    n_events: int = 0
    n_duplicate_pairs: int = 0
    n_near_miss_pairs: int = 0
    n_broken_rows: dict[str, int] = field(default_factory=dict)
    n_footer_rows: int = 0
    n_unknown_crossings: int = 0
    pii_strings: list[str] = field(default_factory=list)
    big_hauls: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=str, ensure_ascii=False, indent=1)


def generate(landing: Path, seed: int = 7, scale: float = 1.0) -> DemoTruth:
    """Write the demo's agency exports into `landing` and return what was planted."""
    landing.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed + 2)
    events = draw_events(seed, scale)
    truth = DemoTruth(seed=seed, scale=scale, registry=synthetic_registry(seed).to_dicts(), n_events=events.height,
                      big_hauls=int(events.get_column("huge").sum()))
    rows = _decorate(events, rng, truth)
    uz = rows.filter(pl.col("country_iso3") == "UZB")
    dupes, near = _second_reports(uz, rng, truth)
    tj = rows.filter(pl.col("country_iso3") == "TJK")
    own = rng.random(tj.height) < 0.25
    for year in range(2013, 2025):
        in_year = pl.col("date").dt.year() == year
        _xlsx_uz_customs(landing / f"uz_customs_{year}.xlsx", uz.filter(in_year), year, truth)
        _csv_uz_border(landing / f"uz_border_guard_{year}.csv", pl.concat([dupes, near]).filter(in_year), truth)
        _csv_tj_customs(landing / f"tj_customs_{year}.csv", tj.filter(~pl.Series(own)).filter(in_year), truth)
        _tj_drug_control(landing / f"tj_drug_control_monthly_{year}.csv",
                         tj.filter(pl.Series(own)).filter(in_year), truth)
        for country, agency, prefix in (("KGZ", "Border Service of the Kyrgyz Republic", "kg_border"),
                                        ("KAZ", "Border Service of the National Security Committee of Kazakhstan",
                                         "kz_border")):
            _json_border(landing / f"{prefix}_{year}.json", rows.filter(pl.col("country_iso3") == country, in_year),
                         agency, truth)
        _csv_tm_customs(landing / f"tm_customs_{year}.csv", rows.filter(pl.col("country_iso3") == "TKM", in_year),
                        truth)
    return truth


def _decorate(events: pl.DataFrame, rng: np.random.Generator, truth: DemoTruth) -> pl.DataFrame:
    """Per-event crossing-point spelling, a remark (sometimes with personal data), now and then a broken value."""
    n = events.height
    names = events.get_column("crossing_point").to_list()
    roll = rng.random(n)
    spelt = [rng.choice(CROSSING_VARIANTS[c]) if r < 0.05 else c for c, r in zip(names, roll, strict=True)]
    unknown = rng.random(n) < 0.001
    spelt = [rng.choice(UNKNOWN_CROSSINGS) if u else s for s, u in zip(spelt, unknown, strict=True)]
    truth.n_unknown_crossings = int(unknown.sum())
    pii = rng.random(n) < 0.05
    remarks = [f"{rng.choice(PII)}; {rng.choice(PII)}" if p else rng.choice(
        ["досмотр грузовика", "тайник в прицепе", "ручная кладь", "", "cargo van inspection"]) for p in pii]
    truth.pii_strings = sorted({part.strip() for r, p in zip(remarks, pii, strict=True) if p for part in r.split(";")})
    kinds = list(BROKEN)
    broken = np.where(rng.random(n) < 0.01, rng.integers(0, len(kinds), n), -1)
    truth.n_broken_rows = {k: int((broken == i).sum()) for i, k in enumerate(kinds)}
    return events.with_columns(spelt=pl.Series(spelt), remarks=pl.Series(remarks),
                               style=pl.Series(rng.integers(0, 3, n)),
                               broken=pl.Series([kinds[b] if b >= 0 else None for b in broken], dtype=pl.String))


def _second_reports(uz: pl.DataFrame, rng: np.random.Generator, truth: DemoTruth) -> tuple[pl.DataFrame, ...]:
    """Border-guard reports: ~20 % of customs' clean events again (±0–2 days), and near-misses that must stay apart."""
    clean = uz.filter(pl.col("broken").is_null(), pl.col("spelt") == pl.col("crossing_point"))
    pick = rng.random(clean.height)
    dupes = clean.filter(pl.Series(pick < 0.20)).with_columns(
        date=pl.col("date") + pl.duration(days=pl.Series(rng.integers(-1, 2, int((pick < 0.20).sum())))))
    near = clean.filter(pl.Series((pick >= 0.20) & (pick < 0.21)))
    shift = rng.random(near.height) < 0.5
    near = near.with_columns(
        date=pl.when(pl.Series(shift)).then(pl.col("date") + pl.duration(days=9)).otherwise(pl.col("date")),
        amount=pl.when(pl.Series(shift)).then(pl.col("amount")).otherwise((pl.col("amount") * 1.5).round(3)))
    truth.n_duplicate_pairs, truth.n_near_miss_pairs = dupes.height, near.height
    return dupes, near


def _quantity(row: dict, lang: str) -> str:
    if row["broken"] in ("negative quantity", "unreadable quantity", "unknown unit"):
        return BROKEN[row["broken"]]
    return format_quantity(row["amount"], row["unit"], lang, row["style"])


def _substance(row: dict, lang: str) -> str:
    return "" if row["broken"] == "no substance" else SUBSTANCE_NAMES[lang][row["substance"]]


def _date(row: dict, fmt: str) -> str:
    return BROKEN["impossible date"] if row["broken"] == "impossible date" else row["date"].strftime(fmt)


def _note(truth: DemoTruth, path: Path, agency: str, fmt: str, rows: int) -> None:
    truth.files.append({"name": path.name, "agency": agency, "format": fmt, "rows": rows})


def _xlsx_uz_customs(path: Path, rows: pl.DataFrame, year: int, truth: DemoTruth) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append(["Государственный таможенный комитет Республики Узбекистан"])
    sheet.merge_cells("A1:H1")
    sheet.append([f"Сведения о задержаниях наркотических средств и контрабанды за {year} год"])
    sheet.append([])
    sheet.append(["№ п/п", "Дата задержания", "Пункт пропуска", "Наименование", "Количество", "Стоимость",
                  "Валюта", "Примечание"])
    for i, row in enumerate(rows.iter_rows(named=True), 1):
        date: object = row["date"] if i % 7 else row["date"].strftime("%d.%m.%Y")
        if row["broken"] == "impossible date":
            date = BROKEN["impossible date"]
        value = int(row["amount"] * 70_000) if row["substance"] in ("cigarettes", "ammunition") else None
        sheet.append([i, date, row["spelt"], _substance(row, "ru"), _quantity(row, "ru"), value,
                      "UZS" if value else None, row["remarks"] or None])
    sheet.append(["Итого", None, None, None, f"{rows.height} записей"])
    truth.n_footer_rows += 1
    book.properties.created = book.properties.modified = FIXED_TIME
    book.save(path)
    _note(truth, path, "State Customs Committee of Uzbekistan", "xlsx", rows.height + 5)


def _csv_uz_border(path: Path, rows: pl.DataFrame, truth: DemoTruth) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Sana", "Chegara posti", "Modda", "Miqdori", "Oʻlchov birligi", "Izoh"])
    for row in rows.iter_rows(named=True):
        amount = row["amount"] * 1000 if row["unit"] == "kg" and row["amount"] < 5 else row["amount"]
        unit = "g" if row["unit"] == "kg" and row["amount"] < 5 else UNITS["uz"][row["unit"]]
        writer.writerow([row["date"].isoformat(), row["crossing_point"], SUBSTANCE_NAMES["uz"][row["substance"]],
                         f"{amount:g}", unit, row["remarks"]])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    _note(truth, path, "State Border Guard Committee of Uzbekistan", "csv utf-8-sig", rows.height + 1)


def _csv_tj_customs(path: Path, rows: pl.DataFrame, truth: DemoTruth) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Дата изъятия", "Пункт пропуска", "Вид товара", "Вес, кг", "Количество", "Ед. изм.",
                     "Примечание"])
    for row in rows.iter_rows(named=True):
        mass = row["unit"] == "kg"
        weight = f"{row['amount']:.3f}".replace(".", ",") if mass else ""
        count = "" if mass else str(int(row["amount"]) if row["unit"] != "l" else row["amount"]).replace(".", ",")
        unit = "" if mass else UNITS_RU_SHORT.get(row["unit"], "шт")
        if row["broken"] in ("negative quantity", "unreadable quantity"):
            weight = "-5" if row["broken"] == "negative quantity" else "много"
        writer.writerow([_date(row, "%d.%m.%Y"), row["spelt"], _substance(row, "ru"), weight, count, unit,
                         row["remarks"]])
    path.write_bytes(buffer.getvalue().encode("cp1251", errors="replace"))
    _note(truth, path, "Customs Service of Tajikistan", "csv cp1251", rows.height + 1)


UNITS_RU_SHORT = {"tablet": "табл", "box": "коробок", "capsule": "капс", "round": "шт", "l": "л"}


def _tj_drug_control(path: Path, rows: pl.DataFrame, truth: DemoTruth) -> None:
    monthly = (rows.filter(pl.col("unit") == "kg", pl.col("broken").is_null())
               .group_by(pl.col("date").dt.truncate("1mo").alias("month"), "crossing_point", "substance")
               .agg(events=pl.len(), kg=pl.col("amount").sum()).sort("month", "crossing_point", "substance"))
    tajik = {"Fotehobod": "Фотеҳобод", "Panji Poyon": "Панҷи Поён", "Tursunzoda": "Турсунзода",
             "Pakhtaobod": "Пахтаобод", "Ishkashim": "Ишкашим", "Guliston": "Гулистон", "Kulma": "Кулма"}
    drugs = {"heroin": "ҳероин", "opium": "афюн", "hashish": "чарс", "cannabis": "марихуана",
             "methamphetamine": "метамфетамин", "nasvay": "нос"}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Моҳ", "Гузаргоҳ", "Навъи маводи мухаддир", "Шумораи ҳолатҳо", "Вазн, кг"])
    for row in monthly.iter_rows(named=True):
        writer.writerow([row["month"].strftime("%Y-%m"), tajik.get(row["crossing_point"], row["crossing_point"]),
                         drugs.get(row["substance"], row["substance"]), row["events"], f"{row['kg']:.3f}"])
    writer.writerow(["Ҳамагӣ", "", "", int(monthly.get_column("events").sum()), ""])
    truth.n_footer_rows += 1
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _note(truth, path, "Drug Control Agency of Tajikistan", "csv monthly totals", monthly.height + 2)


def _json_border(path: Path, rows: pl.DataFrame, agency: str, truth: DemoTruth) -> None:
    records = []
    for row in rows.iter_rows(named=True):
        quantity: object = row["amount"]
        if row["broken"] in ("negative quantity", "unreadable quantity", "unknown unit"):
            quantity = {"negative quantity": -5, "unreadable quantity": "много", "unknown unit": 5}[row["broken"]]
        records.append({"date": _date(row, "%Y-%m-%d"), "checkpoint": row["spelt"],
                        "substance": _substance(row, "en"), "quantity": quantity,
                        "unit": "zz" if row["broken"] == "unknown unit" else UNITS_EN[row["unit"]],
                        "remarks": row["remarks"]})
    path.write_text(json.dumps({"agency": agency, "exported_at": FIXED_TIME.isoformat(), "records": records},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    _note(truth, path, agency, "json", len(records))


UNITS_EN = {"kg": "kg", "tablet": "tablets", "box": "boxes", "capsule": "capsules", "round": "rounds", "l": "l"}


def _csv_tm_customs(path: Path, rows: pl.DataFrame, truth: DemoTruth) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Date", "Border crossing point", "Item", "Quantity", "Unit", "Value", "Currency", "Remarks"])
    for row in rows.iter_rows(named=True):
        quantity = _quantity(row, "en")
        writer.writerow([_date(row, "%d/%m/%Y"), row["spelt"], _substance(row, "en"), quantity, "", "", "",
                         row["remarks"]])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _note(truth, path, "State Customs Service of Turkmenistan", "csv", rows.height + 1)
