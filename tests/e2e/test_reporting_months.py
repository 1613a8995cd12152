"""Which months an agency reported, through the front door: each export states the months it covers (title, name or
records), and a crossing-month is reported only when every agency reporting at that crossing point covered it."""

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from support.front_door import blo, sql

RUSSIAN = ["№", "Дата задержания", "Пункт пропуска", "Наименование", "Вес, кг"]  # the customs committee's layout
UZBEK = ["Sana", "Chegara posti", "Modda", "Miqdori"]  # the border guard committee's


def _months(first: str, last: str) -> list[dt.date]:
    month, end, months = dt.date.fromisoformat(first), dt.date.fromisoformat(last), []
    while month <= end:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _rows(post: str, months: list[dt.date], per_month: int | list[int], header: list[str] = RUSSIAN) -> list[list]:
    """`per_month` seizures of hashish (one count for every month, or one per month) on days 3, 11, 19 of the month,
    as a clerk writes them in the layout of `header` (the border guards' on other days, never the same seizure)."""
    counts = per_month if isinstance(per_month, list) else [per_month] * len(months)
    rows = [header]
    for month, count in zip(months, counts, strict=True):
        for event in range(count):
            day, kg = month.replace(day=3 + 8 * event), 1 + event / 4
            rows.append([len(rows), day.strftime("%d.%m.%Y"), post, "гашиш", f"{kg:.2f}".replace(".", ",")]
                        if header == RUSSIAN else [(day + dt.timedelta(days=3)).isoformat(), post, "gashish",
                                                   f"{kg + 2} kg"])
    return rows


def _xlsx(path: Path, titles: list[str], rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in titles:
        sheet.append([line])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, titles: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        for line in titles:
            out.writerow([line])
        out.writerows(rows)
    return path


def _series(home: Path, point: str) -> dict[str, dict]:
    rows = sql(f"SELECT strftime(month, '%Y-%m') AS month, events, reported, coverage, agencies_reporting, "
               f"agencies_expected FROM monthly_series WHERE crossing_point = '{point}' AND substance_group = 'All' "
               f"ORDER BY month", home)
    return {row.pop("month"): row for row in rows}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "new-home"


def test_an_agency_that_falls_silent_leaves_partial_months_not_a_drop(home, tmp_path):
    months = _months("2019-01-01", "2023-12-01")
    by_customs, by_border = [1 + i % 3 for i in range(60)], [1 + (i // 2) % 2 for i in range(36)]
    customs = _csv(tmp_path / "uz_customs_kudukli.csv",
                   ["Государственный таможенный комитет Республики Узбекистан",
                    "Сведения о задержаниях наркотических средств, 2019–2023 гг."],
                   _rows("т/п «Кудукли» (ж/д)", months, by_customs))
    border = _xlsx(tmp_path / "uz_border_kudukli.xlsx",
                   ["Oʻzbekiston Respublikasi Davlat chegara qoʻmitasi", "Hisobot: 2019–2021 yillar"],
                   _rows("Kudukli", months[:36], by_border, UZBEK))
    result = blo("ingest", str(customs), str(border), home=home)
    assert result.returncode == 0, result.stderr
    files = sql("SELECT source_file, covers_from::VARCHAR AS covers_from, covers_to::VARCHAR AS covers_to, covered_by "
                "FROM ingested_files ORDER BY source_file", home)
    assert files == [
        {"source_file": "uz_border_kudukli.xlsx", "covers_from": "2019-01-01", "covers_to": "2021-12-31",
         "covered_by": "title"},
        {"source_file": "uz_customs_kudukli.csv", "covers_from": "2019-01-01", "covers_to": "2023-12-31",
         "covered_by": "title"}]
    series = _series(home, "Kudukli")
    assert series["2021-12"] == {"events": by_customs[35] + by_border[35], "reported": True, "coverage": "full",
                                 "agencies_reporting": 2, "agencies_expected": 2}
    assert series["2022-01"] == {"events": by_customs[36], "reported": False, "coverage": "partial",
                                 "agencies_reporting": 1, "agencies_expected": 2}
    assert {m["coverage"] for k, m in series.items() if k >= "2022-01"} == {"partial"}
    assert [m["reported"] for m in series.values()] == [True] * 36 + [False] * 24
    # the BLO opened in May 2021: of the 24 months after it in its window, the 8 fully reported ones are all the
    # model sees; counted with the partial months, the mean would fall by a third though no seizure went missing
    [effect] = sql("SELECT pre_months, post_months, post_mean_events FROM blo_effects "
                   "WHERE crossing_point = 'Kudukli'", home)
    full = [by_customs[i] + by_border[i] for i in range(28, 36)]
    with_partial = full + by_customs[36:52]
    assert effect["pre_months"] == 24 and effect["post_months"] == 8
    assert effect["post_mean_events"] == pytest.approx(sum(full) / 8)
    assert sum(with_partial) / 24 < 0.7 * sum(full) / 8


def test_a_title_covering_january_to_march_makes_a_march_without_records_a_zero(home, tmp_path):
    export = _xlsx(tmp_path / "oybek_q1.xlsx",
                   ["Таможенный пост «Ойбек»", "Сведения о задержаниях за январь–март 2024 года"],
                   _rows("Ойбек", _months("2024-01-01", "2024-02-01"), 2))
    assert blo("ingest", str(export), home=home).returncode == 0
    [file] = sql("SELECT covers_from::VARCHAR AS f, covers_to::VARCHAR AS t, covered_by FROM ingested_files", home)
    assert file == {"f": "2024-01-01", "t": "2024-03-31", "covered_by": "title"}
    months = _series(home, "Oybek")
    assert list(months) == ["2024-01", "2024-02", "2024-03"]
    assert months["2024-03"] == {"events": 0, "reported": True, "coverage": "full", "agencies_reporting": 1,
                                 "agencies_expected": 1}


def test_a_file_named_for_march_covers_march(home, tmp_path):
    agency = ["Таможенный пост «Дустлик»"]  # a title that states no period: the name does
    february = _xlsx(tmp_path / "dustlik_2024-02.xlsx", agency, _rows("Дустлик", [dt.date(2024, 2, 1)], 2))
    late = _xlsx(tmp_path / "dustlik_2024-03.xlsx", agency, [RUSSIAN, [1, "27.02.2024", "Дустлик", "гашиш", "0,75"]])
    may = _xlsx(tmp_path / "dustlik_2024-05.xlsx", agency, _rows("Дустлик", [dt.date(2024, 5, 1)], 1))
    assert blo("ingest", str(february), str(late), str(may), home=home).returncode == 0
    files = sql("SELECT covers_from::VARCHAR AS f, covers_to::VARCHAR AS t, covered_by FROM ingested_files "
                "ORDER BY source_file", home)
    assert [tuple(f.values()) for f in files] == [("2024-02-01", "2024-02-29", "name"),
                                                   ("2024-02-01", "2024-03-31", "name"),
                                                   ("2024-05-01", "2024-05-31", "name")]
    months = _series(home, "Dustlik")
    assert {k: (m["events"], m["coverage"]) for k, m in months.items()} == {
        "2024-02": (3, "full"), "2024-03": (0, "full"), "2024-04": (0, "none"), "2024-05": (1, "full")}
