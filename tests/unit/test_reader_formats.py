"""The grid of text cells each export layout reads into: nested and grouped JSON, JSON Lines, CSV dialects and
encodings, workbooks with several sheets and merged group headers."""

import codecs
import json
from pathlib import Path

import openpyxl
import pytest

from assets.ingest.json_records import MAX_SHAPES
from assets.ingest.readers import UnreadableFile, read_export

AGENCY = "Border Service of the Kyrgyz Republic"


def grid(path: Path, sheet: int = 0) -> list[list[str | None]]:
    """The cells of one table, row by row."""
    return [list(row) for row in read_export(path)[sheet].rows.iter_rows()]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_records_inside_a_report_object_carry_its_fields(tmp_path):
    path = write(tmp_path / "kg.json", json.dumps({"report": {"agency": AGENCY, "period": "2024-03", "post": "Dostuk",
                                                              "items": [{"date": "04.03.2024", "goods": "Hashish"},
                                                                        {"date": "09.03.2024", "goods": "Heroin"}]}}))
    assert grid(path) == [
        ["date", "goods", "report agency", "report period", "report post"],
        ["04.03.2024", "Hashish", AGENCY, "2024-03", "Dostuk"],
        ["09.03.2024", "Heroin", AGENCY, "2024-03", "Dostuk"],
    ]
    sheet, = read_export(path)
    assert sheet.first_row == 0 and sheet.fixed["report period"] == "2024-03"


def test_groups_of_records_are_concatenated_and_a_records_own_field_wins(tmp_path):
    path = write(tmp_path / "kz.json", json.dumps({"agency": "Police", "posts": [
        {"post": "Oybek", "seizures": [{"date": "05.02.2024", "qty": "0,8 кг"},
                                       {"date": "14.02.2024", "qty": "1,7 кг", "post": "Oybek (rail)"}]},
        {"post": "Yallama", "seizures": [{"date": "09.02.2024", "qty": "3 кг 200 г"}]},
    ]}, ensure_ascii=False))
    assert grid(path) == [
        ["date", "qty", "post", "agency"],
        ["05.02.2024", "0,8 кг", "Oybek", "Police"],
        ["14.02.2024", "1,7 кг", "Oybek (rail)", "Police"],
        ["09.02.2024", "3 кг 200 г", "Yallama", "Police"],
    ]
    sheet, = read_export(path)
    assert sheet.fixed == {"agency": "Police"} and sheet.decimal == ","


def test_a_top_level_list_of_groups(tmp_path):
    path = write(tmp_path / "uz.json", json.dumps([
        {"post": "Oybek", "seizures": [{"date": "2024-03-01", "kg": 1.5}, {"date": "2024-03-02", "kg": 2}]},
        {"post": "Dustlik", "seizures": [{"date": "2024-03-03", "kg": 0.25}]},
    ]))
    assert grid(path) == [["date", "kg", "post"], ["2024-03-01", "1.5", "Oybek"], ["2024-03-02", "2", "Oybek"],
                          ["2024-03-03", "0.25", "Dustlik"]]


def test_a_deep_wrapper_names_an_objects_field_by_its_key(tmp_path):
    path = write(tmp_path / "tj.json", json.dumps({"export": {"system": "BLO exchange", "blo": {
        "name": "Fotehobod", "report": {"period": "2024-03", "items": [{"incident_date": "2024-03-07",
                                                                        "quantity": "1,981 g"}]}}}}))
    assert grid(path) == [["incident_date", "quantity", "export system", "blo name", "report period"],
                          ["2024-03-07", "1,981 g", "BLO exchange", "Fotehobod", "2024-03"]]
    assert read_export(path)[0].decimal is None  # "1,981" may group thousands: no evidence of decimal commas


def test_a_plain_side_object_is_carried_too(tmp_path):
    path = write(tmp_path / "kz.json", json.dumps({"meta": {"agency": AGENCY, "period": "2024-05"},
                                                   "data": [{"date": "2024-05-03", "drug": "Heroin"}]}))
    assert grid(path) == [["date", "drug", "meta agency", "meta period"], ["2024-05-03", "Heroin", AGENCY, "2024-05"]]


def test_sibling_lists_of_one_layout_are_all_read(tmp_path):
    path = write(tmp_path / "tm.json", json.dumps({"january": [{"date": "15.01.2024", "kg": 0.95}],
                                                   "february": [{"date": "02.02.2024", "kg": 2.4, "note": "rail"}],
                                                   "signed": [{"name": "Atayev", "role": "chief"}]}))
    assert grid(path) == [["date", "kg", "note"], ["15.01.2024", "0.95", None], ["02.02.2024", "2.4", "rail"]]


def test_nested_values_of_a_record_become_columns_and_lists_stay_json(tmp_path):
    path = write(tmp_path / "kg.json", json.dumps({"records": [
        {"date": "2024-03-04", "weight": {"value": 1.2, "unit": "kg"}, "persons": [{"name": "A."}], "checked": True},
        {"date": "2024-03-09", "weight": "350 g", "persons": []},
    ]}))
    assert grid(path) == [
        ["date", "weight", "weight value", "weight unit", "persons", "checked"],
        ["2024-03-04", None, "1.2", "kg", '[{"name": "A."}]', "true"],
        ["2024-03-09", "350 g", None, None, "[]", None],
    ]


@pytest.mark.parametrize("name", ["uz.jsonl", "uz.ndjson", "uz.json"])
def test_json_lines(tmp_path, name):
    path = write(tmp_path / name, '{"agency": "MIA", "bcp": "Oybek", "weight_kg": 0.62}\r\n\r\n'
                                  '{"agency": "MIA", "bcp": "Yallama", "qty": 500, "uom": "tablets"}\r\n')
    assert grid(path) == [["agency", "bcp", "weight_kg", "qty", "uom"], ["MIA", "Oybek", "0.62", None, None],
                          ["MIA", "Yallama", None, "500", "tablets"]]


@pytest.mark.parametrize("text", ["[" * 10_000 + "]" * 10_000, '{"a": ' * 200 + '[{"x": 1}]' + "}" * 200])
def test_json_nested_too_deeply_is_refused(tmp_path, text):
    with pytest.raises(UnreadableFile, match="JSON nested too deeply to be a table of records"):
        read_export(write(tmp_path / "deep.json", text))


def test_lists_of_too_many_shapes_are_refused_without_a_long_search(tmp_path):
    text = json.dumps({f"list_{i}": [{f"field_{i}": i}] for i in range(MAX_SHAPES + 1)})
    with pytest.raises(UnreadableFile, match="in more than 100 shapes, not a table of records"):
        read_export(write(tmp_path / "odd.json", text))


@pytest.mark.parametrize(("text", "fragment"), [
    ('{"meta": {"agency": "x"}}', "holds no list of records"),
    ('["heroin", "hashish"]', "expected a JSON array of records"),
    ("42", "expected a JSON array of records"),
    ('{"a": 1}\n{"a": 2', "invalid JSON at line 2"),
    (" \n ", "holds no text"),
])
def test_json_without_records_is_refused(tmp_path, text, fragment):
    with pytest.raises(UnreadableFile, match=fragment):
        read_export(write(tmp_path / "odd.json", text))


def test_multiline_quoted_fields_and_trailing_separators(tmp_path):
    path = write(tmp_path / "uz.csv", 'Дата,Пост,Вес кг,Примечание,\r\n'
                                      '14.03.2024,Айритом,1.35,"Грузовой автомобиль,\nсокрытие в колесе,\n",\r\n'
                                      '21.03.2024,Айритом,2.8,,\r\n')
    assert grid(path) == [["Дата", "Пост", "Вес кг", "Примечание"],
                          ["14.03.2024", "Айритом", "1.35", "Грузовой автомобиль,\nсокрытие в колесе,\n"],
                          ["21.03.2024", "Айритом", "2.8", None]]


def test_a_trailing_separator_on_data_lines_only_adds_no_column(tmp_path):
    path = write(tmp_path / "uz.csv", "Дата;Пост;Вес, кг\n01.03.2024;Ойбек;1,5;\n02.03.2024;Ойбек;\"2;\nкг\";\n")
    assert grid(path) == [["Дата", "Пост", "Вес, кг"], ["01.03.2024", "Ойбек", "1,5"],
                          ["02.03.2024", "Ойбек", "2;\nкг"]]


def test_ragged_rows_keep_their_extra_cells(tmp_path):
    path = write(tmp_path / "uz.csv", "Дата,Пост\n01.03.2024,Ойбек,лишнее\n")
    assert grid(path) == [["Дата", "Пост", None], ["01.03.2024", "Ойбек", "лишнее"]]


def test_tab_separated_content_in_a_csv_file(tmp_path):
    path = write(tmp_path / "uz.csv", "Дата\tМесто изъятия\tКоличество\tФабула\r\n"
                                      "2024-03-06\tКПП «Ойбек»\t0,125\tу гр. Т., при досмотре\r\n", "utf-8-sig")
    assert grid(path) == [["Дата", "Место изъятия", "Количество", "Фабула"],
                          ["2024-03-06", "КПП «Ойбек»", "0,125", "у гр. Т., при досмотре"]]
    assert read_export(path)[0].decimal == ","


@pytest.mark.parametrize(("text", "decimal"), [
    ("Сана;Мол номи;Миқдори, кг\n07.03.24;Гашиш;1,981\n03.03.24;Гашиш;0,54\n", ","),
    ("Дата;Предмет;Количество\n03.04.2024;Героин;1,2 кг\n", ","),
    ('Date,Goods,Quantity\n27/05/2024,Tramadol,"2,400 tablets"\n', None),
])
def test_decimal_commas_are_told_from_thousands(tmp_path, text, decimal):
    assert read_export(write(tmp_path / "x.csv", text))[0].decimal == decimal


CUSTOMS_CSV = "№\tДата\tНаименование товара\tВес, кг\r\n1\t08.03.2024\tГашиш\t1,4\r\n"


@pytest.mark.parametrize("raw", [
    codecs.BOM_UTF16_LE + CUSTOMS_CSV.encode("utf-16-le"), codecs.BOM_UTF16_BE + CUSTOMS_CSV.encode("utf-16-be"),
    CUSTOMS_CSV.encode("utf-16-le"), CUSTOMS_CSV.encode("utf-16-be"), CUSTOMS_CSV.encode("cp1251"),
    CUSTOMS_CSV.encode("utf-8-sig"),
], ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "cp1251", "utf-8-bom"])
def test_encodings(tmp_path, raw):
    (tmp_path / "kg.csv").write_bytes(raw)
    assert grid(tmp_path / "kg.csv") == [["№", "Дата", "Наименование товара", "Вес, кг"],
                                         ["1", "08.03.2024", "Гашиш", "1,4"]]


def test_every_sheet_of_one_layout_is_read_and_named(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Январь"
    for month, rows in (("Январь", [["09.01.2024", "Айритом", "5"]]), ("Февраль", [["06.02.2024", "Кудукли", "2"],
                                                                                 ["13.02.2024", "Айритом", "1"]])):
        sheet = book[month] if month in book.sheetnames else book.create_sheet(month)
        for row in [[f"Сведения за {month.lower()} 2024 г."], ["Дата", "Пункт пропуска", "Вес, кг"], *rows]:
            sheet.append(row)
    book.create_sheet("Лист1")
    book.save(tmp_path / "uz.xlsx")
    sheets = read_export(tmp_path / "uz.xlsx")
    assert [(s.name, s.first_row, s.rows.height) for s in sheets] == [("uz.xlsx#Январь", 1, 3),
                                                                      ("uz.xlsx#Февраль", 4, 4)]
    assert grid(tmp_path / "uz.xlsx", 1)[2:] == [["06.02.2024", "Кудукли", "2"], ["13.02.2024", "Айритом", "1"]]


def test_a_merged_group_header_stands_above_each_sub_header(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Реестр задержаний за март 2024 года"], ["№", "Дата", "Изъято", None, "Примечание"],
                [None, None, "вес, кг", "кол-во", None], [1, "02.03.2024", 0.352, None, "в бензобаке"],
                [2, "05.03.2024", "груз не найден", None, None], [3, "07.03.2024", 1.1, 150, "в кузове"]):
        sheet.append(row)
    for cells in ("A1:E1", "C2:D2", "A2:A3", "B2:B3", "E2:E3", "C5:D5"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "uz.xlsx")
    assert grid(tmp_path / "uz.xlsx") == [
        ["Реестр задержаний за март 2024 года", None, None, None, None],
        ["№", "Дата", "Изъято", "Изъято", "Примечание"],
        [None, None, "вес, кг", "кол-во", None],
        ["1", "02.03.2024", "0.352", None, "в бензобаке"],
        ["2", "05.03.2024", "груз не найден", None, None],
        ["3", "07.03.2024", "1.1", "150", "в кузове"],
    ]
