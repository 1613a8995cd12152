"""What must not reach the home's files: personal data planted in every claimed language — in dedicated columns and in
remarks — reaches none (the exports as landed aside): not the databases byte by byte, nor any of their text columns,
nor a log or CSV; and no CSV the home holds for staff to open carries a cell a spreadsheet would evaluate."""

import csv
import io
import json
from pathlib import Path

import duckdb
import openpyxl
import pytest

from support.front_door import blo, one_line

BASE = {  # the seizure columns of each language's export, and its unit
    "ru": (["Дата", "Пункт пропуска", "Вещество", "Количество", "Примечание"], "кг"),
    "uz_latn": (["Sana", "Chegara posti", "Modda", "Miqdori", "Izoh"], "kg"),
    "uz_cyrl": (["Сана", "Чегара пости", "Модда", "Миқдори", "Изоҳ"], "кг"),
    "tj": (["Сана", "Гузаргоҳ", "Мавод", "Миқдор", "Изоҳ"], "кг"),
    "kg": (["Күнү", "Өткөрүү пункту", "Аталышы", "Саны", "Эскертүү"], "кг"),
    "kz": (["Күні", "Өткізу пункті", "Тауар атауы", "Саны", "Ескертпе"], "кг"),
    "tm": (["Sene", "Serhet geçelgesi", "Haryt", "Mukdar", "Bellik"], "kg"),
    "en": (["Date", "Border crossing point", "Substance", "Quantity", "Remarks"], "kg"),
}
# language → the personal columns (name, document, birth date, address, phone, e-mail) with the value planted in each
COLUMNS = {
    "ru": {"ФИО": "Каримов Алишер Бахтиёрович", "Дата рождения": "14.07.1983", "Паспорт": "AA1234567",
           "Адрес": "ул. Навои, д. 12, кв. 5", "Телефон": "+998 90 123-45-67", "E-mail": "karimov.a@mail.uz"},
    "uz_latn": {"F.I.Sh.": "Rustamov Jasur Anvar o'g'li", "Tug'ilgan sana": "21.03.1990", "Pasport": "AC2345678",
                "Manzil": "Navoiy ko'chasi 15-uy", "Telefon": "+998 91 222-33-44",
                "Elektron pochta": "jasur.r@gmail.com"},
    "uz_cyrl": {"Ф.И.Ш.": "Тошматов Улуғбек Шавкатович", "Туғилган сана": "05.05.1985", "Паспорт": "AE4567890",
                "Манзил": "Мустақиллик кўчаси 8", "Телефон": "+998 94 333-44-55",
                "Электрон почта": "ulugbek.t@umail.uz"},
    "tj": {"Ному насаб": "Раҳимзода Фирдавс Ҷамшедович", "Санаи таваллуд": "30.01.1987", "Шиноснома": "A09876543",
           "Суроға": "кӯчаи Рӯдакӣ 45", "Телефон": "+992 92 777-12-34", "Почтаи электронӣ": "firdavs.r@mail.tj"},
    "kg": {"Аты-жөнү": "Асанов Бакыт Жумабекович", "Туулган күнү": "08.08.1980", "Паспорт": "AN7777777",
           "Дареги": "Чүй проспектиси 100", "Телефон": "+996 555 321 654", "Электрондук почта": "bakyt.a@mail.kg"},
    "kz": {"Аты-жөні": "Сейткалиев Нурлан Ерланович", "Туған күні": "19.04.1986", "Төлқұжат": "N12345678",
           "Мекенжай": "Абай даңғылы 150", "Телефон": "+7 701 123 45 67", "Электрондық пошта": "nurlan.s@mail.kz"},
    "tm": {"Familiýasy we ady": "Annaýew Merdan", "Doglan senesi": "11.02.1989", "Pasport": "AS1234567",
           "Salgysy": "Magtymguly şaýoly 12", "Telefon": "+993 65 12-34-56", "Elektron poçta": "merdan.a@online.tm"},
    "en": {"Name of the offender": "Alisher Karimov", "Date of birth": "22/05/1982", "Passport No.": "FA7654321",
           "Address": "12 Main Street", "Phone": "+998 90 765-43-21", "e-mail": "a.karimov@example.com"},
}
# language → a remark naming a person without initials, with a birth date, street address, phone, e-mail and passport;
# and the parts of it that identify the person (each must be gone)
REMARKS = {
    "ru": ("Задержан Юсупов Бахром Рустамович, д.р. 02.09.1979, проживает по адресу: ул. Бабура, д. 7; тел. "
           "+998 93 444-55-66, yusupov.b@mail.ru, паспорт AB7302918",
           ["Юсупов", "Бахром", "Рустамович", "02.09.1979", "Бабура", "444-55-66", "yusupov.b@mail.ru", "7302918"]),
    "uz_latn": ("Haydovchi Sobirov Dilshod Karim o'g'li, tug'ilgan sana 11.11.1988, Amir Temur ko'chasi 3-uy, tel. "
                "+998 97 111-22-33, dilshod.s@inbox.uz, pasport AD3958274",
                ["Sobirov", "Dilshod", "11.11.1988", "Temur", "111-22-33", "dilshod.s@inbox.uz", "3958274"]),
    "uz_cyrl": ("Йўловчи Раҳимов Ботир Олимович, туғилган сана 17.06.1992, Бобур кўчаси 21, тел. +998 95 666-77-88, "
                "botir.r@mail.uz, паспорт AF5678901",
                ["Раҳимов", "Ботир", "Олимович", "17.06.1992", "Бобур", "666-77-88", "botir.r@mail.uz", "5678901"]),
    "tj": ("Шаҳрванд Назаров Фаррух Саидович, санаи таваллуд 12.12.1991, кӯчаи Сомонӣ 10, тел. +992 93 888-99-00, "
           "farrukh.n@tojikiston.tj, шиноснома A07395182",
           ["Назаров", "Фаррух", "Саидович", "12.12.1991", "Сомонӣ", "888-99-00", "farrukh.n@tojikiston.tj",
            "07395182"]),
    "kg": ("Жаран Осмонов Нурбек Асанович, туулган күнү 03.03.1984, Манас көчөсү 5, тел. +996 700 123 456, "
           "nurbek.o@mail.kg, паспорт AN4829301",
           ["Осмонов", "Нурбек", "Асанович", "03.03.1984", "Манас", "123 456", "nurbek.o@mail.kg", "4829301"]),
    "kz": ("Азамат Жумабаев Ерлан Серикович, туған күні 25.10.1993, Абай көшесі 15, тел. +7 702 987 65 43, "
           "erlan.zh@mail.kz, төлқұжат N58203947",
           ["Жумабаев", "Ерлан", "Серикович", "25.10.1993", "Абай", "987 65 43", "erlan.zh@mail.kz", "58203947"]),
    "tm": ("Raýat Orazow Kakajan, doglan senesi 07.07.1990, Görogly köçesi 7, tel. +993 62 98-76-54, "
           "kakajan.o@online.tm, pasport AT6039215",
           ["Orazow", "Kakajan", "07.07.1990", "Görogly", "98-76-54", "kakajan.o@online.tm", "6039215"]),
    "en": ("Driver Timur Saidov (DOB 1975-11-30), 45 Elm Avenue, phone +998 99 555-00-11, timur.saidov@example.org, "
           "passport FB1928374",
           ["Timur", "Saidov", "1975-11-30", "Elm Avenue", "555-00-11", "timur.saidov@example.org", "1928374"]),
}
# the other header spellings the issue names, in a workbook and a JSON export
VARIANTS = {
    "Ф.И.О.": "Кодиров Шерзод Алиевич", "Full name": "Bekzod Tursunov", "Год рождения": "1977",
    "Date of birth": "03/04/1981",
}


def _rows(lang: str) -> list[list[str]]:
    """A header and two seizures: one that loads, one quarantined (its raw record kept) for an impossible date."""
    (base, unit), personal = BASE[lang], COLUMNS[lang]
    remark = REMARKS[lang][0]
    header = [base[0], *list(personal)[:3], base[1], base[2], base[3], *list(personal)[3:], base[4]]
    values = list(personal.values())

    def row(date: str) -> list[str]:
        return [date, *values[:3], "Ойбек", "героин", f"2 {unit}", *values[3:], remark]

    return [header, row("12.03.2024"), row("31.02.2024")]


def _write(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for lang in BASE:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(_rows(lang))
        paths.append(folder / f"{lang}_export.csv")
        paths[-1].write_text(buffer.getvalue(), encoding="utf-8")
    book = openpyxl.Workbook()
    for row in [["Дата", "Ф.И.О.", "Год рождения", "Пункт пропуска", "Вещество", "Количество"],
                ["13.03.2024", VARIANTS["Ф.И.О."], VARIANTS["Год рождения"], "Ойбек", "гашиш", "1 кг"],
                ["32.03.2024", VARIANTS["Ф.И.О."], VARIANTS["Год рождения"], "Ойбек", "гашиш", "1 кг"]]:
        book.active.append(row)
    paths.append(folder / "ru_variant.xlsx")
    book.save(paths[-1])
    records = [{"date": date, "Full name": VARIANTS["Full name"], "Date of birth": VARIANTS["Date of birth"],
                "bcp": "Oybek", "drug": "heroin", "weight_kg": 0.5} for date in ("2024-03-14", "2024-02-30")]
    paths.append(folder / "en_variant.json")
    paths[-1].write_text(json.dumps({"records": records}), encoding="utf-8")
    return paths


def _secrets() -> list[str]:
    planted = [v for columns in COLUMNS.values() for v in columns.values()]
    planted += [part for _, parts in REMARKS.values() for part in parts]
    return planted + [VARIANTS["Ф.И.О."], VARIANTS["Full name"], VARIANTS["Date of birth"]]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("personal")
    files = _write(root / "exports")
    result = blo("ingest", *map(str, files), home=root / "home")
    return root / "home", files, result


def test_each_export_loads_and_says_how_many_personal_columns_it_dropped(ingested):
    _, files, result = ingested
    assert result.returncode == 0, result.stderr
    lines = {line.split(":")[0]: line for line in result.stdout.splitlines()}
    for path in files:
        line = lines[path.name]
        assert "loaded 1 / quarantined 1" in line, line
        dropped = 2 if "variant" in path.name else 6
        assert f"{dropped} personal-data columns dropped" in line, line


def test_no_planted_value_is_anywhere_in_the_home(ingested):
    home, _, _ = ingested
    secrets = _secrets()
    files = [p for p in home.rglob("*") if p.is_file() and "landing" not in p.relative_to(home).parts]
    assert any(p.suffix == ".duckdb" for p in files) and any(p.name == "build.log" for p in files)
    for path in files:
        raw = path.read_bytes()
        leaked = [s for s in secrets if s.encode("utf-8") in raw]
        assert not leaked, f"{path.relative_to(home)} holds {leaked}"


def test_no_text_column_of_any_database_holds_a_planted_value(ingested):
    """Byte search cannot see inside compressed strings: every text column is searched through DuckDB as well."""
    home, _, _ = ingested
    secrets = _secrets()
    databases = [home / "warehouse" / "build.duckdb", *(home / "warehouse" / "snapshots").glob("*.duckdb")]
    searched = 0
    for database in databases:
        with duckdb.connect(str(database), read_only=True) as con:
            columns = con.execute("SELECT table_schema, table_name, column_name FROM information_schema.columns JOIN "
                                  "information_schema.tables USING (table_catalog, table_schema, table_name) WHERE "
                                  "table_type = 'BASE TABLE' AND data_type = 'VARCHAR'").fetchall()
            for schema, table, column in columns:
                hits = con.execute(f'SELECT DISTINCT s FROM (SELECT unnest($secrets) AS s) AS planted, '
                                   f'"{schema}"."{table}" AS t WHERE contains(t."{column}", s)',
                                   {"secrets": secrets}).fetchall()
                assert not hits, f"{database.name} {schema}.{table}.{column} holds {hits}"
                searched += 1
            remarks = [r for (r,) in con.execute("SELECT remarks FROM core.source_records WHERE remarks IS NOT NULL"
                                                 ).fetchall()]
            assert remarks and all("[redacted]" in r for r in remarks)  # the remark itself is kept, scrubbed
    assert searched > 20


def test_a_link_to_a_system_file_is_refused_without_showing_it(tmp_path):
    link = tmp_path / "users.csv"
    link.symlink_to("/etc/passwd")
    result = blo("ingest", str(link), home=tmp_path / "home")
    assert result.returncode == 1
    assert one_line(result) == "users.csv: a symbolic link (to /etc/passwd), not an export file: land the export itself"
    first = Path("/etc/passwd").read_text().splitlines()[0]
    assert first not in result.stdout + result.stderr
    dry = blo("ingest", "--dry-run", str(link), home=tmp_path / "home")
    assert dry.returncode != 0 and first not in dry.stdout + dry.stderr


def test_formula_like_names_reach_the_review_and_correction_csvs_quoted(tmp_path):
    export = tmp_path / "formula_names.csv"
    export.write_text("Дата,Пункт пропуска,Вещество,Количество\n"
                      "12.03.2024,Ойбек,+cmd|' /C calc'!A0,1 кг\n"
                      "13.03.2024,-2+3+cmd|' /C calc'!A0,героин,1 кг\n"
                      "14.03.2024,Ойбек,= 1+1,1 кг\n"
                      "15.03.2024,Ойбек,@SUM(1),1 кг\n", encoding="utf-8")
    home = tmp_path / "home"
    assert blo("ingest", str(export), home=home).returncode == 0
    exported = blo("quarantine", "--export", str(tmp_path / "fixes"), home=home)
    assert exported.returncode == 0, exported.stderr
    outputs = [*(home / "review").glob("*_to_review.csv"), *(tmp_path / "fixes").glob("*.csv")]
    assert len(outputs) == 3
    cells = {path.name: [c for row in csv.reader(path.open(encoding="utf-8")) for c in row] for path in outputs}
    evaluated = {name: [c for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not c.lstrip("+-").isdigit()]
                 for name, row in cells.items()}
    assert evaluated == dict.fromkeys(cells, []), evaluated  # 0 formula cells in every CSV
    assert "'+cmd|' /C calc'!A0" in cells["substances_to_review.csv"] and "'= 1+1" in cells["substances_to_review.csv"]
    assert "'-2+3+cmd|' /C calc'!A0" in cells["crossings_to_review.csv"]
    assert "'@SUM(1)" in cells["formula_names.corrections.csv"]
