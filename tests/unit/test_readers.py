"""Readers and staging on hand-made exports, including broken and hostile ones."""

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assets.ingest.files import process_file
from assets.ingest.profiles import available_profiles
from assets.ingest.readers import UnreadableFile, read_export

HEADER_RU = ["№ п/п", "Дата задержания", "Пункт пропуска", "Наименование", "Количество", "Примечание"]


def write_xlsx(path: Path, rows: list[list], title_rows: int = 2) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for i in range(title_rows):
        sheet.append([f"Заголовок {i + 1}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_cp1251_semicolon_csv_with_decimal_commas(tmp_path):
    path = tmp_path / "tj.csv"
    path.write_bytes("Дата изъятия;Пункт пропуска;Вид товара;Вес, кг\n21.11.2023;Фотехобод;героин;71,11\n"
                     "07.03.2024;Фотехобод;гашиш;1,981\n".encode("cp1251"))
    outcome = process_file(path, available_profiles())
    assert outcome.status == "loaded", outcome.message
    assert outcome.records.get_column("mass_kg").to_list() == pytest.approx([71.11, 1.981])
    assert outcome.records.get_column("crossing_raw").to_list() == ["Фотехобод", "Фотехобод"]


def test_short_csv_under_a_title_line(tmp_path):
    path = tmp_path / "kudukli_border_2024-03.csv"
    path.write_text("Сведения о задержаниях за март 2024 года\nДата;Пункт пропуска;Вид товара;Вес, кг\n"
                    "05.03.2024;Кудукли;героин;2,5\n19.03.2024;Кудукли;гашиш;0,75\n", encoding="utf-8")
    outcome = process_file(path, available_profiles())
    assert outcome.status == "loaded", outcome.message
    assert outcome.records.get_column("mass_kg").to_list() == pytest.approx([2.5, 0.75])
    assert outcome.counts["rows_skipped"] == 2 and outcome.covers.covered_by == "title"  # the title and the header


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-8"])
def test_unicode_encodings(tmp_path, encoding):
    path = tmp_path / "uz.csv"
    path.write_text("Sana,Chegara posti,Modda,Miqdori\n2019-03-07,Oybek,gashish,1981 g\n", encoding=encoding)
    outcome = process_file(path, available_profiles())
    assert outcome.status == "loaded", outcome.message
    assert outcome.records.get_column("substance_raw").to_list() == ["gashish"]
    assert outcome.records.get_column("mass_kg").to_list() == pytest.approx([1.981])


def test_xlsx_title_rows_footer_and_dates(tmp_path):
    import datetime as dt

    path = write_xlsx(tmp_path / "uz.xlsx", [
        HEADER_RU,
        [1, dt.datetime(2023, 11, 21), "Ойбек", "героин", "71 кг 110 г", "гр. Каримов А.А., паспорт AA1234567"],
        [2, 45358, "Ойбек", "гашиш", "1 981 г", None],
        [3, "31.02.2019", "Ойбек", "гашиш", "2 кг", None],
        [None, None, None, None, None, None],
        ["Итого", None, None, None, "75 кг", None],
    ])
    outcome = process_file(path, available_profiles())
    assert outcome.status == "loaded", outcome.message
    assert outcome.counts == {"rows_read": 8, "rows_loaded": 2, "rows_quarantined": 1, "rows_skipped": 5}
    assert outcome.records.get_column("period_start").cast(str).to_list() == ["2023-11-21", "2024-03-07"]
    assert outcome.records.get_column("mass_kg").to_list() == pytest.approx([71.11, 1.981])
    assert "Каримов" not in outcome.records.get_column("remarks")[0]
    assert outcome.quarantine.get_column("reason").to_list() == ["unreadable date '31.02.2019'"]
    reasons = outcome.skipped.get_column("reason").to_list()
    assert reasons.count("title row above the header") == 2 and "totals row (not added)" in reasons


def test_json_object_holding_records(tmp_path):
    path = tmp_path / "kg.json"
    path.write_text(json.dumps({"agency": "Border Service of Kyrgyzstan", "records": [
        {"date": "2019-03-07", "checkpoint": "Dostuk", "substance": "Hashish", "quantity": 1.981, "unit": "kg"},
        {"date": "2019-03-08", "checkpoint": "Dostuk", "substance": "Heroin", "quantity": None, "unit": None},
    ]}))
    outcome = process_file(path, available_profiles())
    assert outcome.status == "loaded", outcome.message
    assert outcome.counts["rows_read"] == 2 and outcome.counts["rows_loaded"] == 2
    assert outcome.records.get_column("agency").unique().to_list() == ["Border Service of Kyrgyzstan"]
    assert outcome.records.get_column("flags").to_list() == [None, "no quantity reported"]


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("empty.csv", b"", "empty"),
    ("blank.csv", b"\n\n  \n", "no text"),
    ("binary.csv", bytes(range(256)) * 10, "binary"),
    ("truncated.xlsx", b"PK\x03\x04" + b"\x00" * 50, "not a readable XLSX"),
    ("report.pdf", b"%PDF-1.4", "unsupported file type"),
    ("broken.json", b"{\"records\": [", "invalid JSON"),
    ("scalar.json", b"42", "expected a JSON array"),
])
def test_unreadable_files_get_one_line(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    outcome = process_file(path, available_profiles())
    assert outcome.status == "refused"
    assert fragment in outcome.message and "\n" not in outcome.message


def test_header_only_and_missing_fields_name_the_candidates(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Дата,Пост,Комментарий\n2019-01-01,Ойбек,ничего\n")
    outcome = process_file(path, available_profiles())
    assert outcome.status == "refused"
    assert "odd.csv" in outcome.message and "substance" in outcome.message and "'Комментарий'" in outcome.message


def test_excel_refuses_unreadable_zip(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(UnreadableFile):
        read_export(path)
