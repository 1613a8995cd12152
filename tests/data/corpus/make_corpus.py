"""Write the agency-export corpus and expected.yaml: synthetic exports laid out the way each agency's clerk makes them.

Run `python tests/data/corpus/make_corpus.py` to regenerate every file here, byte for byte. Each builder holds the
cells as the clerk writes them and, beside each row, the figures a correct reader must make of it (written by hand,
never parsed from the cells); expected.yaml is computed from those figures only.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2024, 7, 1, 9, 0, 0)
LB = Decimal("0.45359237")
NBSP = "\u00a0"


# --- truth and checks


@dataclass
class T:
    """What one data row must become in the seizures view."""

    cp: str | None
    sub: str
    start: date
    end: date | None = None
    n: int = 1
    kg: Decimal | str | None = None
    units: int | None = None
    unit: str | None = None
    value: int | None = None
    cur: str | None = None
    kg_eq: Decimal | str | None = None  # only where it is checked (litres, ampoules)

    def __post_init__(self):
        self.end = self.end or self.start
        if isinstance(self.kg, (str, int)):
            self.kg = Decimal(str(self.kg))
        if isinstance(self.kg_eq, (str, int)):
            self.kg_eq = Decimal(str(self.kg_eq))


def month(y: int, m: int, **kw) -> dict:
    """Start and end of a calendar month, for monthly-total rows."""
    return {"start": date(y, m, 1), "end": date(y, m, calendar.monthrange(y, m)[1]), **kw}


def year(y: int) -> dict:
    return {"start": date(y, 1, 1), "end": date(y, 12, 31)}


def r3(x: Decimal) -> float | int:
    """Rounded to the gram, as SQL round(..., 3) gives it; a whole number of kg as an int."""
    v = x.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return int(v) if v == v.to_integral_value() else float(v)


def num(x):
    """A Decimal or int as the plainest YAML number."""
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    return x


def q(s: str) -> str:
    return s.replace("'", "''")


class Checks:
    """Check builders computed from a file's truth rows."""

    def __init__(self, truth: list[T]):
        self.t = truth
        self.out: list[tuple[str, object]] = []

    def count(self):
        self.out.append(("select count(*) from seizures", len(self.t)))
        return self

    def cp(self, name: str):
        n = sum(1 for r in self.t if r.cp == name)
        assert n, name
        self.out.append((f"select count(*) from seizures where crossing_point = '{q(name)}'", n))
        return self

    def kg(self, sub: str | None = None, cp: str | None = None):
        rows = [r for r in self.t if (sub is None or r.sub == sub) and (cp is None or r.cp == cp) and r.kg is not None]
        assert rows, (sub, cp)
        where = " and ".join(
            ([f"substance = '{q(sub)}'"] if sub else []) + ([f"crossing_point = '{q(cp)}'"] if cp else [])
        )
        sql = "select round(sum(mass_kg), 3) from seizures" + (f" where {where}" if where else "")
        self.out.append((sql, r3(sum((r.kg for r in rows), Decimal(0)))))
        return self

    def kg_eq(self, sub: str):
        rows = [r for r in self.t if r.sub == sub]
        assert rows and all(r.kg_eq is not None for r in rows), sub
        self.out.append(
            (
                f"select round(sum(kg_equivalent), 3) from seizures where substance = '{q(sub)}'",
                r3(sum((r.kg_eq for r in rows), Decimal(0))),
            )
        )
        return self

    def units(self, sub: str, unit: str | None = None, with_unit: bool = True):
        rows = [r for r in self.t if r.sub == sub and r.units is not None and (unit is None or r.unit == unit)]
        assert rows, sub
        if with_unit:
            u = unit or rows[0].unit
            assert all(r.unit == u for r in rows), (sub, u)
            sql = f"select sum(unit_count) from seizures where substance = '{q(sub)}' and count_unit = '{u}'"
        else:
            sql = f"select sum(unit_count) from seizures where substance = '{q(sub)}'"
        self.out.append((sql, sum(r.units for r in rows)))
        return self

    def value(self, cur: str):
        rows = [r for r in self.t if r.cur == cur]
        assert rows, cur
        self.out.append((f"select sum(value_local) from seizures where currency = '{cur}'", sum(r.value for r in rows)))
        return self

    def start(self, sub: str | None = None, cp: str | None = None, agg: str = "min"):
        rows = [r for r in self.t if (sub is None or r.sub == sub) and (cp is None or r.cp == cp)]
        assert rows
        where = " and ".join(
            ([f"substance = '{q(sub)}'"] if sub else []) + ([f"crossing_point = '{q(cp)}'"] if cp else [])
        )
        d = (min if agg == "min" else max)(r.start for r in rows)
        sql = f"select strftime({agg}(period_start), '%Y-%m-%d') from seizures" + (f" where {where}" if where else "")
        self.out.append((sql, d.isoformat()))
        return self

    def end(self, agg: str = "max"):
        d = (min if agg == "min" else max)(r.end for r in self.t)
        self.out.append((f"select strftime({agg}(period_end), '%Y-%m-%d') from seizures", d.isoformat()))
        return self

    def events(self, cp: str | None = None):
        rows = [r for r in self.t if cp is None or r.cp == cp]
        sql = "select sum(n_events) from seizures" + (f" where crossing_point = '{q(cp)}'" if cp else "")
        self.out.append((sql, sum(r.n for r in rows)))
        return self

    def country(self, iso3: str):
        self.out.append((f"select count(*) from seizures where country_iso3 = '{iso3}'", len(self.t)))
        return self

    def national(self):
        assert all(r.cp is None for r in self.t)
        self.out.append(("select count(*) from seizures where crossing_point is null", len(self.t)))
        return self

    def raw(self, sql: str, expect):
        self.out.append((sql, expect))
        return self


@dataclass
class Entry:
    file: str
    sender: str
    exercises: list[str]
    truth: list[T]
    checks: list[tuple[str, object]]
    quarantined: int = 0
    quarantine_note: str = ""
    national: bool = False
    after: str | None = None
    language: str = ""
    layout: str = ""


ENTRIES: list[Entry] = []


# --- writers


def _fix_xlsx(raw: bytes) -> bytes:
    """Fixed creation/modification times inside docProps/core.xml and on every zip member."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rf"\g<1>{stamp}\g<2>", text)
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


def save_book(book: openpyxl.Workbook, name: str, creator: str) -> None:
    book.properties.creator = creator
    book.properties.lastModifiedBy = creator
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    book.save(buf)
    (HERE / name).write_bytes(_fix_xlsx(buf.getvalue()))


class Sheet:
    """Appends rows to a worksheet, remembering the physical row number of each."""

    def __init__(self, ws, widths: list[int] | None = None):
        self.ws = ws
        for i, w in enumerate(widths or []):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = w

    def row(self, cells: list, bold: bool = False, fmt: dict[int, str] | None = None) -> int:
        self.ws.append(cells)
        r = self.ws.max_row
        for c, f in (fmt or {}).items():
            self.ws.cell(r, c).number_format = f
        if bold:
            for c in range(1, len(cells) + 1):
                self.ws.cell(r, c).font = Font(bold=True)
        return r

    def blank(self) -> int:
        # openpyxl skips empty appends' row count; write an explicit empty string-free row marker
        r = self.ws.max_row + 1
        self.ws.cell(r, 1, None)
        self.ws.row_dimensions[r].height = 15
        return r

    def title(self, text: str, width: int, bold: bool = True) -> int:
        r = self.row([text], bold=bold)
        self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        self.ws.cell(r, 1).alignment = Alignment(horizontal="center")
        return r

    def wrap(self, r: int) -> None:
        for cell in self.ws[r]:
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_text(name: str, text: str, encoding: str = "utf-8", bom: bool = False) -> None:
    if encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    (HERE / name).write_bytes(data)


def csv_text(rows: list[list], delimiter: str = ",", terminator: str = "\r\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=terminator, quoting=csv.QUOTE_MINIMAL)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def sp(n: int, sep: str = " ") -> str:
    """An integer with a thousands separator (space, NBSP, comma)."""
    return f"{n:,}".replace(",", sep)


def dmy(d: date, sep: str = ".") -> str:
    return d.strftime(f"%d{sep}%m{sep}%Y")


def excel_serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def add(entry: Entry) -> None:
    assert 3 <= len(entry.checks) <= 6, (entry.file, len(entry.checks))
    ENTRIES.append(entry)


D = date

# --- 01 Uzbek customs, Oybek, Russian register


def f01():
    name = "uz_customs_oybek_2024_03.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Март"
    s = Sheet(ws, [6, 14, 14, 34, 10, 9, 9, 16, 26, 24])
    s.title("ГОСУДАРСТВЕННЫЙ ТАМОЖЕННЫЙ КОМИТЕТ РЕСПУБЛИКИ УЗБЕКИСТАН", 10)
    s.title("Ташкентское областное управление таможни. Таможенный пост «Ойбек»", 10)
    s.title(
        "Реестр задержаний наркотических средств, психотропных веществ и контрабандных товаров за март 2024 года", 10
    )
    s.blank()
    h1 = s.row(
        [
            "№ п/п",
            "Дата задержания",
            "Таможенный пост",
            "Наименование товара",
            "Изъято",
            None,
            None,
            "Стоимость, сум",
            "Способ сокрытия",
            "ФИО задержанного",
        ],
        bold=True,
    )
    h2 = s.row([None, None, None, None, "вес, кг", "кол-во", "ед. изм.", None, None, None], bold=True)
    ws.merge_cells(start_row=h1, start_column=5, end_row=h1, end_column=7)
    for c in (1, 2, 3, 4, 8, 9, 10):
        ws.merge_cells(start_row=h1, start_column=c, end_row=h2, end_column=c)
    s.wrap(h1)
    s.wrap(h2)
    rows = [
        (
            ["02.03.2024", "Ойбек", "Героин", 0.352, None, None, None, "в бензобаке а/м", "Рахимов А.Б."],
            T("Oybek", "heroin", D(2024, 3, 2), kg="0.352"),
        ),
        (
            [
                "05.03.2024",
                "Ойбек",
                "Сигареты «Marlboro»",
                None,
                150,
                "блок",
                sp(5250000, NBSP),
                "в кузове под грузом",
                "Юсупов Р.К.",
            ],
            T("Oybek", "cigarettes", D(2024, 3, 5), units=150, unit="block", value=5250000, cur="UZS"),
        ),
        (
            [
                "07.03.2024",
                "Ойбек",
                "Гашиш",
                "1 981 г",
                None,
                None,
                None,
                "2 пакета на магнитах под прицепом (совм. с БЛО Фотехобод)",
                "Назаров Ш.Ш.",
            ],
            T("Oybek", "hashish", D(2024, 3, 7), kg="1.981"),
        ),
        (
            ["09.03.2024", "Oybek", "Трамадол", None, sp(2500, NBSP), "шт", None, "в ручной клади", "Каримова Д.А."],
            T("Oybek", "tramadol", D(2024, 3, 9), units=2500, unit="piece"),
        ),
        (
            [
                "12.03.2024",
                "Ойбек",
                "Маковая солома",
                "4 кг 600 г",
                None,
                None,
                None,
                "в мешках с луком",
                "Турсунов Б.",
            ],
            T("Oybek", "poppy straw", D(2024, 3, 12), kg="4.6"),
        ),
        (
            [
                "14.03.2024",
                "Ойбек",
                "Табак для кальяна «Al Fakher»",
                36,
                None,
                None,
                "2 880 000",
                "не задекларирован",
                "Ахмедов О.О.",
            ],
            T("Oybek", "tobacco", D(2024, 3, 14), kg="36", value=2880000, cur="UZS"),
        ),
        (
            [
                "18.03.2024",
                "Ойбек",
                "Патроны калибра 5,45 мм",
                None,
                120,
                "шт",
                None,
                "в тайнике под сиденьем",
                "Саидов К.М.",
            ],
            T("Oybek", "ammunition", D(2024, 3, 18), units=120, unit="piece"),
        ),
        (
            ["21.03.2024", "ТП «Ойбек»", "Опий", "0,780", None, None, None, "в обуви", "Рустамов И.И."],
            T("Oybek", "opium", D(2024, 3, 21), kg="0.78"),
        ),
        (["31.02.2024", "Ойбек", "Героин", "0,215", None, None, None, "в желудке", "Холматов А.А."], None),
        (
            ["25.03.2024", "Ойбек", "Насвай", "12,5", None, None, "375 000", "в багаже", "Мирзаев Ж."],
            T("Oybek", "nasvay", D(2024, 3, 25), kg="12.5", value=375000, cur="UZS"),
        ),
        (
            ["27.03.2024", "Ойбек", "Феназепам", None, 400, "табл.", None, "в аптечке", "Исмоилова Н."],
            T("Oybek", "phenazepam", D(2024, 3, 27), units=400, unit="tablet"),
        ),
        (
            ["29.03.2024", "Ойбек", "Героин", "2 кг 150 г", None, None, None, "в двойном дне чемодана", "Шарипов У.У."],
            T("Oybek", "heroin", D(2024, 3, 29), kg="2.15"),
        ),
    ]
    truth, bad = [], None
    for i, (cells, t) in enumerate(rows, 1):
        r = s.row([i] + cells)
        if t:
            truth.append(t)
        else:
            bad = r
    s.row([None, "Итого:", None, None, 58.363, None, None, "8 505 000", None, None], bold=True)
    s.blank()
    s.row([None, "Начальник отдела ____ Иванов И.И."])
    save_book(book, name, "Иванов И.И.")
    c = Checks(truth).cp("Oybek").kg("hashish").kg("heroin").units("cigarettes").value("UZS").start()
    add(
        Entry(
            name,
            "State Customs Committee of Uzbekistan, Oybek post, monthly register (Russian)",
            [
                "title rows",
                "merged two-row header",
                "units inside cells",
                "compound quantity",
                "totals row",
                "signature line",
                "impossible date",
                "Latin name in a Cyrillic file",
                "personal data column",
            ],
            truth,
            c.out,
            1,
            f"row {bad}: unreadable date '31.02.2024'",
            language="Russian",
            layout="XLSX, 3 title rows, merged 2-row header (Изъято: вес/кол-во/ед. изм.), Итого, signature",
        )
    )


# --- 02 Tajik customs, Fotehobod, Tajik, Excel serials


def f02():
    name = "tj_customs_fotehobod_2023_11.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Ноябр"
    s = Sheet(ws, [5, 10, 18, 28, 14, 14, 40])
    s.title("Хадамоти гумруки назди Ҳукумати Ҷумҳурии Тоҷикистон", 7)
    s.title("Раёсати гумруки вилояти Суғд", 7)
    s.title(
        "Маълумот оид ба мусодираи маводи мухаддир ва молҳои қочоқ дар "
        "гузаргоҳи «Фотеҳобод» барои моҳи ноябри соли 2023",
        7,
    )
    s.row(["№", "Сана", "Гузаргоҳи сарҳадӣ", "Мол", "Миқдор", "Арзиш, сомонӣ", "Эзоҳ"], bold=True)
    rows = [
        (
            D(2023, 11, 3),
            "Фотеҳобод",
            "Ҳашиш",
            "3 кг 400 г",
            None,
            "дар зери курсии мошин",
            T("Fotehobod", "hashish", D(2023, 11, 3), kg="3.4"),
        ),
        (
            D(2023, 11, 6),
            "Фотехобод",
            "Сигор «Kent»",
            "200 блок",
            "18 000",
            "дар бори мошини боркаш",
            T("Fotehobod", "cigarettes", D(2023, 11, 6), units=200, unit="block", value=18000, cur="TJS"),
        ),
        (
            D(2023, 11, 10),
            "Фотеҳобод",
            "Афюн",
            "850 г",
            None,
            "шаҳрванд Р., шиноснома A0123456",
            T("Fotehobod", "opium", D(2023, 11, 10), kg="0.85"),
        ),
        (
            D(2023, 11, 15),
            "Фотеҳобод",
            "Трамадол",
            "1 200 ҳаб",
            None,
            "дар бағоҷи дастӣ",
            T("Fotehobod", "tramadol", D(2023, 11, 15), units=1200, unit="tablet"),
        ),
        (
            D(2023, 11, 21),
            "Фотеҳобод",
            "Героин",
            "71 кг 110 г",
            None,
            "65 бастаи полиэтиленӣ, дар мошини боркаш (ОПС/BLO)",
            T("Fotehobod", "heroin", D(2023, 11, 21), kg="71.11"),
        ),
        (
            D(2023, 11, 24),
            "Fotehobod",
            "Тамоку барои кальян",
            "24 кг",
            "3 600",
            "эълон нашудааст",
            T("Fotehobod", "tobacco", D(2023, 11, 24), kg="24", value=3600, cur="TJS"),
        ),
        (
            D(2023, 11, 28),
            "Фотеҳобод",
            "Кӯкнор",
            "6,5 кг",
            None,
            "дар халтаҳо",
            T("Fotehobod", "poppy straw", D(2023, 11, 28), kg="6.5"),
        ),
    ]
    truth = []
    for i, (d, cp, sub, qty, val, rem, t) in enumerate(rows, 1):
        s.row([i, excel_serial(d), cp, sub, qty, val, rem], fmt={2: "General"})
        truth.append(t)
    s.row([None, "Ҳамагӣ", None, None, "105 кг 860 г", "21 600", None], bold=True)
    s.blank()
    s.row([None, "Сардори шуъба ______ Раҳимзода Ф.Н."])
    save_book(book, name, "Раҳимзода Ф.Н.")
    c = Checks(truth).cp("Fotehobod").kg("heroin").start("heroin").kg("hashish").value("TJS").country("TJK")
    add(
        Entry(
            name,
            "Customs Service of Tajikistan, Sughd regional directorate, Fotehobod post, November 2023 (Tajik)",
            [
                "Tajik headers",
                "Excel serial dates in a General-format column",
                "units inside cells",
                "compound quantity 71 kg 110 g",
                "Мол as commodity header",
                "сомонӣ currency",
                "Ҳамагӣ totals",
                "signature line",
                "Latin name in a Cyrillic file",
            ],
            truth,
            c.out,
            language="Tajik",
            layout="XLSX, 3 title rows, single header, serial-number dates, Ҳамагӣ, signature",
        )
    )


# --- 03 Uzbek customs, Dustlik, Uzbek Latin


def f03():
    name = "uz_customs_dustlik_2024_04.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "aprel"
    s = Sheet(ws, [5, 12, 18, 44, 12, 12, 16, 34])
    s.title("Oʻzbekiston Respublikasi Davlat bojxona qoʻmitasi", 8)
    s.title("Andijon viloyati bojxona boshqarmasi", 8)
    s.title("2024-yil aprel oyida «Doʻstlik» chegara bojxona postida aniqlangan huquqbuzarliklar roʻyxati", 8)
    s.blank()
    s.row(
        ["T/r", "Sana", "Chegara oʻtish punkti", "Tovar nomi", "Miqdori", "O‘lchov birligi", "Qiymati, so‘m", "Izoh"],
        bold=True,
    )
    rows = [
        (
            D(2024, 4, 3),
            "Do'stlik",
            "Geroin",
            "0,415",
            "kg",
            None,
            "yoqilgʻi bakida",
            T("Dustlik", "heroin", D(2024, 4, 3), kg="0.415"),
        ),
        (
            D(2024, 4, 7),
            "Do‘stlik",
            "Sigaret «Pine»",
            80,
            "blok",
            "2 400 000",
            "deklaratsiya qilinmagan",
            T("Dustlik", "cigarettes", D(2024, 4, 7), units=80, unit="block", value=2400000, cur="UZS"),
        ),
        (
            D(2024, 4, 11),
            "Doʻstlik",
            "Gashish",
            "1,2",
            "kg",
            None,
            "fuqaro M.A., tel. +998 93 456 78 90",
            T("Dustlik", "hashish", D(2024, 4, 11), kg="1.2"),
        ),
        (
            D(2024, 4, 15),
            "Dustlik",
            "Tramadol",
            600,
            "dona",
            None,
            "qoʻl yukida",
            T("Dustlik", "tramadol", D(2024, 4, 15), units=600, unit="piece"),
        ),
        (
            D(2024, 4, 20),
            "Do’stlik",
            "Pnevmatik qurol uchun oʻqlar «Oztay Diabolo» 4,5 mm",
            130,
            "quti",
            "9 100 000",
            "bolalar aravachasida yashirilgan",
            T("Dustlik", "ammunition", D(2024, 4, 20), units=130, unit="box", value=9100000, cur="UZS"),
        ),
        (
            D(2024, 4, 23),
            "Doʻstlik",
            "Nos (nasvay)",
            "8,4",
            "kg",
            "168 000",
            None,
            T("Dustlik", "nasvay", D(2024, 4, 23), kg="8.4", value=168000, cur="UZS"),
        ),
        (
            D(2024, 4, 26),
            "Do'stlik",
            "Fenazepam",
            500,
            "tabletka",
            None,
            "dori qutisida",
            T("Dustlik", "phenazepam", D(2024, 4, 26), units=500, unit="tablet"),
        ),
        (
            D(2024, 4, 29),
            "Doʻstlik",
            "Marixuana",
            "2,75",
            "kg",
            None,
            None,
            T("Dustlik", "cannabis herb", D(2024, 4, 29), kg="2.75"),
        ),
    ]
    truth = []
    for i, (d, cp, sub, qty, unit, val, rem, t) in enumerate(rows, 1):
        s.row([i, d, cp, sub, qty, unit, val, rem], fmt={2: "DD.MM.YYYY"})
        truth.append(t)
    s.row([None, "Jami", None, None, None, None, "11 668 000", None], bold=True)
    s.blank()
    s.row([None, "Post boshligʻi ________ A.A. Qodirov"])
    save_book(book, name, "Qodirov A.A.")
    c = Checks(truth).cp("Dustlik").units("ammunition").value("UZS").kg("hashish").start("ammunition")
    add(
        Entry(
            name,
            "State Customs Committee of Uzbekistan, Andijan directorate, Dustlik post, April 2024 (Uzbek Latin)",
            [
                "Uzbek Latin headers",
                "apostrophes ʻ ‘ ’ and '",
                "Tovar nomi as commodity header",
                "so‘m in header",
                "quti / dona / blok units",
                "Excel date cells",
                "Jami totals",
                "signature line",
                "pneumatic pellets as ammunition",
            ],
            truth,
            c.out,
            language="Uzbek (Latin)",
            layout="XLSX, 3 title rows, unit column, Jami, signature",
        )
    )


# --- 04 Uzbek customs, Surkhandarya, one sheet per month


def f04():
    name = "uz_customs_surkhandarya_2024_q1.xlsx"
    book = openpyxl.Workbook()
    sheets = {
        "Январь": (
            "январь",
            [
                (
                    D(2024, 1, 9),
                    "Айритом",
                    "Сигареты «Marlboro»",
                    "920 ящиков",
                    None,
                    sp(18000000, NBSP),
                    "грузовой а/м из Афганистана",
                    T("Ayritom", "cigarettes", D(2024, 1, 9), units=920, unit="box", value=18000000, cur="UZS"),
                ),
                (
                    D(2024, 1, 16),
                    "Кудукли",
                    "Гашиш",
                    None,
                    3.25,
                    None,
                    "грузовой поезд",
                    T("Kudukli", "hashish", D(2024, 1, 16), kg="3.25"),
                ),
                (
                    D(2024, 1, 23),
                    "Сариасия",
                    "Героин",
                    None,
                    0.96,
                    None,
                    None,
                    T("Sariosiyo", "heroin", D(2024, 1, 23), kg="0.96"),
                ),
                (
                    D(2024, 1, 30),
                    "Airitom",
                    "Опий",
                    None,
                    1.4,
                    None,
                    "в запасном колесе",
                    T("Ayritom", "opium", D(2024, 1, 30), kg="1.4"),
                ),
            ],
        ),
        "Февраль": (
            "февраль",
            [
                (
                    D(2024, 2, 6),
                    "Кудукли",
                    "Таблетки «Sonlife-Zopiclone 7.5 mg»",
                    "11 900 коробок (238 000 таблеток)",
                    None,
                    None,
                    "грузовой поезд, транзит",
                    T("Kudukli", "zopiclone", D(2024, 2, 6), units=238000, unit="tablet"),
                ),
                (
                    D(2024, 2, 13),
                    "Айритом",
                    "Героин",
                    None,
                    5.6,
                    None,
                    None,
                    T("Ayritom", "heroin", D(2024, 2, 13), kg="5.6"),
                ),
                (
                    D(2024, 2, 20),
                    "Сариасия",
                    "Феназепам",
                    "1 500 шт",
                    None,
                    None,
                    "грузовой а/м «MAN», гр. А.А.",
                    T("Sariosiyo", "phenazepam", D(2024, 2, 20), units=1500, unit="piece"),
                ),
                (
                    D(2024, 2, 20),
                    "Сариасия",
                    "Баклосан (баклофен)",
                    "1 000 шт",
                    None,
                    None,
                    "там же, тот же а/м",
                    T("Sariosiyo", "baclofen", D(2024, 2, 20), units=1000, unit="piece"),
                ),
                (
                    D(2024, 2, 27),
                    "Кудукли",
                    "Маковая солома",
                    None,
                    18,
                    None,
                    None,
                    T("Kudukli", "poppy straw", D(2024, 2, 27), kg="18"),
                ),
            ],
        ),
        "Март": (
            "март",
            [
                (
                    D(2024, 3, 5),
                    "Айритом",
                    "Насвай",
                    None,
                    45,
                    "900 000",
                    None,
                    T("Ayritom", "nasvay", D(2024, 3, 5), kg="45", value=900000, cur="UZS"),
                ),
                (
                    D(2024, 3, 12),
                    "Сариосиё",
                    "Гашиш",
                    None,
                    0.61,
                    None,
                    None,
                    T("Sariosiyo", "hashish", D(2024, 3, 12), kg="0.61"),
                ),
                (
                    D(2024, 3, 19),
                    "Кудукли",
                    "Трамадол",
                    "3 600 таб.",
                    None,
                    None,
                    "пассажирский поезд",
                    T("Kudukli", "tramadol", D(2024, 3, 19), units=3600, unit="tablet"),
                ),
                (
                    D(2024, 3, 26),
                    "Айритом",
                    "Сигареты «Kent»",
                    "150 блоков",
                    None,
                    "4 500 000",
                    None,
                    T("Ayritom", "cigarettes", D(2024, 3, 26), units=150, unit="block", value=4500000, cur="UZS"),
                ),
            ],
        ),
    }
    truth = []
    first = True
    for title, (mname, rows) in sheets.items():
        ws = book.active if first else book.create_sheet(title)
        ws.title = title
        first = False
        s = Sheet(ws, [5, 12, 14, 36, 32, 10, 16, 30])
        s.title("Сурхандарьинское областное управление таможни ГТК Республики Узбекистан", 8)
        s.title(f"Сведения о задержаниях на пунктах пропуска за {mname} 2024 г.", 8)
        s.blank()
        s.row(
            [
                "№",
                "Дата",
                "Пункт пропуска",
                "Вид товара (НС, ПВ, контрабанда)",
                "Количество",
                "Вес, кг",
                "Стоимость (сум)",
                "Примечание",
            ],
            bold=True,
        )
        kg_total = Decimal(0)
        for i, (d, cp, sub, qty, kg, val, rem, t) in enumerate(rows, 1):
            s.row([i, d, cp, sub, qty, kg, val, rem], fmt={2: "DD.MM.YYYY"})
            truth.append(t)
            kg_total += Decimal(str(kg)) if kg else 0
        s.row([None, "Итого", None, None, None, float(kg_total), None, None], bold=True)
    book.create_sheet("Лист1")
    save_book(book, name, "Сурхандарья ОУТ")
    c = (
        Checks(truth)
        .cp("Ayritom")
        .cp("Kudukli")
        .units("zopiclone")
        .units("cigarettes", unit="box")
        .value("UZS")
        .start("zopiclone")
    )
    add(
        Entry(
            name,
            "State Customs Committee of Uzbekistan, Surkhandarya directorate, Q1 2024, one sheet per month (Russian)",
            [
                "several sheets of one layout",
                "empty extra sheet",
                "package and inner count (коробок/таблеток)",
                "ящик / блок / шт",
                "Sonlife-Zopiclone brand",
                "Сариасия / Сариосиё / Airitom spellings",
                "Итого on every sheet",
            ],
            truth,
            c.out,
            language="Russian",
            layout="XLSX, 3 month sheets + empty Лист1, title rows, Итого per sheet",
        )
    )


# --- 05 Uzbek border guard, Uzbek Cyrillic ';' CSV, 2-digit years


def f05():
    name = "uz_border_guard_2024_03.csv"
    header = ["Т/р", "Сана", "Чегара пости", "Мол номи", "Миқдори, кг", "Сони", "Ўлчов бирлиги", "Изоҳ"]
    rows = [
        (
            "03.03.24",
            "Ойбек",
            "Гашиш",
            "0,54",
            "",
            "",
            "Тожикистон фуқароси",
            T("Oybek", "hashish", D(2024, 3, 3), kg="0.54"),
        ),
        (
            "07.03.24",
            "Ойбек",
            "Гашиш",
            "1,981",
            "",
            "",
            "Фотеҳобод ЧАИ билан ҳамкорликда, тиркамада магнитда",
            T("Oybek", "hashish", D(2024, 3, 7), kg="1.981"),
        ),
        ("10.03.24", "Бекобод", "Героин", "0,207", "", "", "", T("Bekabad", "heroin", D(2024, 3, 10), kg="0.207")),
        ("13.03.24", "Oybek", "Кўкнори", "3,1", "", "", "", T("Oybek", "poppy straw", D(2024, 3, 13), kg="3.1")),
        (
            "17.03.24",
            "Бекобод",
            "Трамадол",
            "",
            "300",
            "дона",
            "қўл юкида",
            T("Bekabad", "tramadol", D(2024, 3, 17), units=300, unit="piece"),
        ),
        ("21.03.24", "Ойбек", "Марихуана", "0,86", "", "", "", T("Oybek", "cannabis herb", D(2024, 3, 21), kg="0.86")),
        ("24.03.24", "Бекобод", "Героин", "номаълум", "", "", "экспертиза натижаси кутилмоқда", None),
        (
            "28.03.24",
            "Ойбек",
            "Сигарет «Marlboro»",
            "",
            "50",
            "блок",
            "",
            T("Oybek", "cigarettes", D(2024, 3, 28), units=50, unit="block"),
        ),
        ("30.03.24", "Бекобод", "Афюн", "0,45", "", "", "", T("Bekabad", "opium", D(2024, 3, 30), kg="0.45")),
    ]
    out = [header]
    truth = []
    bad = None
    for i, (d, cp, sub, kg, n, u, rem, t) in enumerate(rows, 1):
        out.append([str(i), d, cp, sub, kg, n, u, rem])
        if t:
            truth.append(t)
        else:
            bad = len(out)
    out.append(["Жами", "", "", "", "7,138", "350", "", ""])
    write_text(name, csv_text(out, ";"), bom=True)
    c = Checks(truth).cp("Oybek").cp("Bekabad").kg("hashish").start("poppy straw").units("tramadol").country("UZB")
    add(
        Entry(
            name,
            "State Border Guard Committee of Uzbekistan, Tashkent region posts, March 2024 (Uzbek Cyrillic)",
            [
                "Uzbek Cyrillic headers",
                "';' separator with decimal commas",
                "UTF-8 with BOM",
                "two-digit years",
                "Мол номи as commodity header",
                "unreadable quantity 'номаълум'",
                "Latin name in a Cyrillic file",
                "Жами totals",
            ],
            truth,
            c.out,
            1,
            f"row {bad}: quantity 'номаълум' (unknown)",
            language="Uzbek (Cyrillic)",
            layout="CSV ';', decimal commas, header + Жами footer",
        )
    )


# --- 06 Uzbek transport police, Kudukli, cp1251 Russian CSV


def f06():
    name = "uz_mvd_kudukli_2024_02.csv"
    rows = [
        ("02.02.2024", "Кудукли", "Героин", sp(1250, " "), "", "", T("Kudukli", "heroin", D(2024, 2, 2), kg="1.25")),
        ("06.02.2024", "Кудукли", "Гашиш", "812", "", "", T("Kudukli", "hashish", D(2024, 2, 6), kg="0.812")),
        (
            "09.02.2024",
            "ст. Кудукли",
            "Опий",
            sp(2340, NBSP),
            "",
            "пассажир поезда № 381",
            T("Kudukli", "opium", D(2024, 2, 9), kg="2.34"),
        ),
        (
            "13.02.2024",
            "Кудукли",
            "Трамадол",
            "",
            sp(1000, NBSP),
            "",
            T("Kudukli", "tramadol", D(2024, 2, 13), units=1000, unit="piece"),
        ),
        ("16.02.2024", "Кудукли", "Героин", "неизвестно", "", "вещество направлено на экспертизу", None),
        (
            "20.02.2024",
            "Kudukli",
            "Гашиш",
            sp(3105, " "),
            "",
            "грузовой вагон № 5912",
            T("Kudukli", "hashish", D(2024, 2, 20), kg="3.105"),
        ),
        (
            "24.02.2024",
            "Кудукли",
            "Феназепам",
            "",
            "240",
            "",
            T("Kudukli", "phenazepam", D(2024, 2, 24), units=240, unit="piece"),
        ),
        (
            "27.02.2024",
            "Кудукли",
            "Маковая солома",
            sp(15600, NBSP),
            "",
            "",
            T("Kudukli", "poppy straw", D(2024, 2, 27), kg="15.6"),
        ),
    ]
    out = [
        ["Линейный отдел внутренних дел на станции Кудукли", "", "", "", "", ""],
        ["Сведения об изъятии НС и ПВ за февраль 2024 г.", "", "", "", "", ""],
        ["Дата", "КПП", "Вид НС/ПВ", "Вес (гр.)", "Количество (шт.)", "Примечание"],
    ]
    truth, bad = [], None
    for d, cp, sub, g, n, rem, t in rows:
        out.append([d, cp, sub, g, n, rem])
        if t:
            truth.append(t)
        else:
            bad = len(out)
    write_text(name, csv_text(out, ";"), encoding="cp1251")
    c = Checks(truth).cp("Kudukli").kg("heroin").kg("hashish").kg("poppy straw").units("tramadol", with_unit=False)
    add(
        Entry(
            name,
            "Ministry of Internal Affairs of Uzbekistan, transport police at "
            "Kudukli rail station, February 2024 (Russian, cp1251)",
            [
                "cp1251 encoding",
                "';' separator",
                "title rows in a CSV",
                "grams in the header 'Вес (гр.)'",
                "space and non-breaking-space thousands separators",
                "КПП header",
                "unreadable quantity 'неизвестно'",
            ],
            truth,
            c.out,
            1,
            f"row {bad}: quantity 'неизвестно'",
            language="Russian",
            layout="CSV ';' cp1251, 2 title lines, grams column",
        )
    )


# --- 07 Tajik drug control agency, national annual totals JSON


def f07():
    name = "tj_dca_national_2023.json"
    items = [
        ({"drug": "Героин", "cases": 41, "seized_kg": 412.35}, T(None, "heroin", n=41, kg="412.35", **year(2023))),
        ({"drug": "Гашиш", "cases": 118, "seized_kg": 2890.7}, T(None, "hashish", n=118, kg="2890.7", **year(2023))),
        ({"drug": "Опий", "cases": 37, "seized_kg": 655.12}, T(None, "opium", n=37, kg="655.12", **year(2023))),
        (
            {"drug": "Марихуана", "cases": 212, "seized_kg": 1540.06},
            T(None, "cannabis herb", n=212, kg="1540.06", **year(2023)),
        ),
        (
            {"drug": "Маковая солома", "cases": 9, "seized_kg": 48.5},
            T(None, "poppy straw", n=9, kg="48.5", **year(2023)),
        ),
        (
            {"drug": "Трамадол", "cases": 19, "tablets": 48200},
            T(None, "tramadol", n=19, units=48200, unit="tablet", **year(2023)),
        ),
    ]
    doc = {
        "report": {
            "agency": "Агентство по контролю за наркотиками при Президенте Республики Таджикистан",
            "country": "Tajikistan",
            "level": "national",
            "period": "2023",
            "compiled": "2024-01-25",
            "items": [i for i, _ in items],
        }
    }
    write_text(name, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    truth = [t for _, t in items]
    c = Checks(truth).national().kg("heroin").events().start().end().country("TJK")
    add(
        Entry(
            name,
            "Drug Control Agency under the President of Tajikistan, national totals by drug for 2023 (JSON, Russian)",
            [
                "national-level totals (no crossing point)",
                "JSON nested report → items",
                "enclosing scalars (period, agency, country)",
                "year period '2023'",
                "count-only row (tablets)",
            ],
            truth,
            c.out,
            national=True,
            language="Russian (JSON, English keys)",
            layout="JSON {report:{…, items:[…]}}, annual national totals",
        )
    )


# --- 08 Kyrgyz border service, Dostuk, Kyrgyz JSON nested 3 deep


def f08():
    name = "kg_border_dostuk_2024_03.json"
    items = [
        (
            {"№": 1, "күнү": "04.03.2024", "товар": "Гашиш", "салмагы": "0,72 кг"},
            T("Dostuk", "hashish", D(2024, 3, 4), kg="0.72"),
        ),
        (
            {"№": 2, "күнү": "09.03.2024", "товар": "Героин", "салмагы": "350 г"},
            T("Dostuk", "heroin", D(2024, 3, 9), kg="0.35"),
        ),
        (
            {"№": 3, "күнү": "13.03.2024", "товар": "Сигареттер «Kent»", "саны": "120 блок", "наркы_сом": 96000},
            T("Dostuk", "cigarettes", D(2024, 3, 13), units=120, unit="block", value=96000, cur="KGS"),
        ),
        (
            {
                "№": 4,
                "күнү": "19.03.2024",
                "товар": "Марихуана",
                "салмагы": "4,3 кг",
                "эскертүү": "кармалган жаран Т.Б., паспорт AN1234567",
            },
            T("Dostuk", "cannabis herb", D(2024, 3, 19), kg="4.3"),
        ),
        (
            {"№": 5, "күнү": "22.03.2024", "товар": "Трамадол", "саны": "1 500 таблетка"},
            T("Dostuk", "tramadol", D(2024, 3, 22), units=1500, unit="tablet"),
        ),
        (
            {"№": 6, "күнү": "28.03.2024", "товар": "Насвай", "салмагы": "15 кг", "наркы_сом": 7500},
            T("Dostuk", "nasvay", D(2024, 3, 28), kg="15", value=7500, cur="KGS"),
        ),
    ]
    doc = {
        "маалымат": {
            "түзүлгөн_күнү": "2024-04-03",
            "отчет": {
                "мекеме": "Кыргыз Республикасынын Улуттук коопсуздук мамлекеттик комитетинин Чек ара кызматы",
                "мезгил": "2024-03",
                "өткөрүү_пункту": "Достук",
                "окуялар": [i for i, _ in items],
            },
        }
    }
    write_text(name, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    truth = [t for _, t in items]
    c = Checks(truth).cp("Dostuk").units("cigarettes").value("KGS").kg("hashish").country("KGZ")
    add(
        Entry(
            name,
            "Border Service of the State Committee for National Security of "
            "Kyrgyzstan, Dostuk post, March 2024 (Kyrgyz JSON)",
            [
                "JSON nested three deep",
                "crossing point and period only on the enclosing object",
                "Kyrgyz keys (күнү, товар, салмагы, наркы_сом)",
                "сом → KGS",
                "units inside values",
                "compilation date that is not a seizure date",
            ],
            truth,
            c.out,
            language="Kyrgyz",
            layout="JSON {маалымат:{отчет:{…, окуялар:[…]}}}",
        )
    )


# --- 09 Kazakh state revenue, Turkistan posts, Kazakh XLSX


def f09():
    name = "kz_customs_turkistan_2024_03.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Наурыз"
    s = Sheet(ws, [5, 12, 16, 32, 10, 12, 12, 16])
    s.title("Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті", 8)
    s.title("Түркістан облысы бойынша Мемлекеттік кірістер департаменті", 8)
    s.title("2024 жылғы наурыз айындағы тәркілеулер туралы мәліметтер", 8)
    s.row(
        ["Р/с", "Күні", "Өткізу пункті", "Тауар атауы", "Саны", "Өлшем бірлігі", "Салмағы, кг", "Құны, теңге"],
        bold=True,
    )
    rows = [
        (
            "2024-03-04",
            "Б. Қонысбаев",
            "Гашиш",
            None,
            None,
            "2,35",
            None,
            T("B. Konysbaev", "hashish", D(2024, 3, 4), kg="2.35"),
        ),
        (
            "2024-03-08",
            "Қапланбек",
            "Темекі (кальянға арналған)",
            None,
            None,
            30,
            "450 000",
            T("Kaplanbek", "tobacco", D(2024, 3, 8), kg="30", value=450000, cur="KZT"),
        ),
        (
            "2024-03-12",
            "«Қазығұрт»",
            "Героин",
            None,
            None,
            "0,64",
            None,
            T("Kazygurt", "heroin", D(2024, 3, 12), kg="0.64"),
        ),
        (
            "2024-03-15",
            "Б.Конысбаев",
            "Сигареттер «Marlboro»",
            300,
            "блок",
            None,
            "1 350 000",
            T("B. Konysbaev", "cigarettes", D(2024, 3, 15), units=300, unit="block", value=1350000, cur="KZT"),
        ),
        (
            "2024-03-19",
            "Тәжен",
            "Трамадол",
            800,
            "дана",
            None,
            None,
            T("Tazhen", "tramadol", D(2024, 3, 19), units=800, unit="piece"),
        ),
        (
            "2024-03-22",
            "Konysbaev",
            "Марихуана",
            None,
            None,
            "7,8",
            None,
            T("B. Konysbaev", "cannabis herb", D(2024, 3, 22), kg="7.8"),
        ),
        (
            "2024-03-27",
            "Атамекен",
            "Қолма-қол ақша (АҚШ доллары)",
            None,
            None,
            None,
            "15 000 USD",
            T("Atameken", "currency", D(2024, 3, 27), value=15000, cur="USD"),
        ),
        (
            "2024-03-29",
            "Қазығұрт",
            "Апиын",
            None,
            None,
            "1,15",
            None,
            T("Kazygurt", "opium", D(2024, 3, 29), kg="1.15"),
        ),
    ]
    truth = []
    for i, (d, cp, sub, n, u, kg, val, t) in enumerate(rows, 1):
        s.row([i, d, cp, sub, n, u, kg, val])
        truth.append(t)
    s.row([None, "Барлығы", None, None, None, None, "41,94", "1 800 000"], bold=True)
    s.blank()
    s.row([None, "Бөлім басшысы ________ Н. Сейітов"])
    save_book(book, name, "Сейітов Н.")
    c = Checks(truth).cp("B. Konysbaev").cp("Kazygurt").value("KZT").value("USD").kg("hashish").country("KAZ")
    add(
        Entry(
            name,
            "State Revenue Committee of Kazakhstan (customs), Turkistan region posts, March 2024 (Kazakh)",
            [
                "Kazakh headers (Өткізу пункті, Тауар атауы)",
                "Kazakh letters in crossing names (Қ, ә, ұ)",
                "ISO dates as text",
                "теңге in header, USD in a cell",
                "cash seizure",
                "дана unit",
                "Барлығы totals",
                "signature line",
            ],
            truth,
            c.out,
            language="Kazakh",
            layout="XLSX, 3 title rows, single header, Барлығы, signature",
        )
    )


# --- 10 Turkmen customs, Q1, Turkmen Latin with blank separators


def f10():
    name = "tm_customs_2024_q1.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "I çärýek"
    s = Sheet(ws, [5, 12, 18, 32, 10, 12, 16, 30])
    s.title("Türkmenistanyň Döwlet gümrük gullugy", 8)
    s.title("2024-nji ýylyň I çärýeginde serhet geçelgelerinde ýüze çykarylan gümrük düzgün bozulmalary", 8)
    s.row(
        ["T/b", "Senesi", "Serhet geçelgesi", "Haryt", "Mukdary", "Ölçeg birligi", "Bahasy (manat)", "Bellik"],
        bold=True,
    )
    groups = [
        [
            ("15.01.2024", "Farap", "Geroin", "0,95", "kg", None, T("Farap", "heroin", D(2024, 1, 15), kg="0.95")),
            (
                "22.01.2024",
                "Serhetabat",
                "Tirýek",
                "2,4",
                "kg",
                None,
                T("Serhetabat", "opium", D(2024, 1, 22), kg="2.4"),
            ),
            (
                "29.01.2024",
                "Imam Nazar",
                "Sigaret «Marlboro»",
                600,
                "blok",
                "36 000",
                T("Imam Nazar", "cigarettes", D(2024, 1, 29), units=600, unit="block", value=36000, cur="TMT"),
            ),
        ],
        [
            ("06.02.2024", "Farab", "Gaşiş", "1,6", "kg", None, T("Farap", "hashish", D(2024, 2, 6), kg="1.6")),
            (
                "14.02.2024",
                "Serhetabat",
                "Tramadol",
                "2 000",
                "dana",
                None,
                T("Serhetabat", "tramadol", D(2024, 2, 14), units=2000, unit="piece"),
            ),
            (
                "27.02.2024",
                "Daşoguz",
                "Nas",
                20,
                "kg",
                "1 200",
                T("Dashoguz", "nasvay", D(2024, 2, 27), kg="20", value=1200, cur="TMT"),
            ),
        ],
        [
            ("05.03.2024", "Farap", "Gaşiş", "0,85", "kg", None, T("Farap", "hashish", D(2024, 3, 5), kg="0.85")),
            (
                "12.03.2024",
                "Imam Nazar",
                "Geroin",
                "3,3",
                "kg",
                None,
                T("Imam Nazar", "heroin", D(2024, 3, 12), kg="3.3"),
            ),
            (
                "20.03.2024",
                "Köneürgenç",
                "Temmäki (kalýan üçin)",
                15,
                "kg",
                "900",
                T("Konye-Urgench", "tobacco", D(2024, 3, 20), kg="15", value=900, cur="TMT"),
            ),
            (
                "28.03.2024",
                "Serhetabat",
                "Marihuana",
                "5,25",
                "kg",
                None,
                T("Serhetabat", "cannabis herb", D(2024, 3, 28), kg="5.25"),
            ),
        ],
    ]
    truth = []
    i = 0
    for g, rows in enumerate(groups):
        if g:
            s.blank()
        for d, cp, sub, qty, u, val, t in rows:
            i += 1
            s.row([i, d, cp, sub, qty, u, val, None])
            truth.append(t)
    s.row([None, "Jemi", None, None, None, None, "38 100", None], bold=True)
    s.blank()
    s.row([None, "Bölüm başlygy ________ A. Orazow"])
    save_book(book, name, "Orazow A.")
    c = Checks(truth).cp("Farap").cp("Serhetabat").kg("hashish").kg("heroin").value("TMT").country("TKM")
    add(
        Entry(
            name,
            "State Customs Service of Turkmenistan, border posts, Q1 2024 (Turkmen)",
            [
                "Turkmen headers (Serhet geçelgesi, Haryt, Mukdary)",
                "blank separator rows between months",
                "Farab / Daşoguz / Köneürgenç spellings",
                "manat in header",
                "dana / blok units",
                "Jemi totals",
                "signature line",
            ],
            truth,
            c.out,
            language="Turkmen",
            layout="XLSX, 2 title rows, blank rows between months, Jemi, signature",
        )
    )


# --- 11 Tajik customs BLO English CSV, US dates


def f11():
    name = "tj_blo_panji_poyon_2024_04_en.csv"
    header = ["incident_date", "bcp", "item_desc", "weight_kg", "qty", "uom", "est_value", "currency", "remarks"]
    rows = [
        (
            "04/02/2024",
            "Nizhny Panj",
            "Heroin",
            "2.6",
            "",
            "",
            "",
            "",
            "truck from Kunduz",
            T("Panji Poyon", "heroin", D(2024, 4, 2), kg="2.6"),
        ),
        (
            "04/09/2024",
            "Panji Poyon",
            "Hashish",
            "12.5",
            "",
            "",
            "",
            "",
            "",
            T("Panji Poyon", "hashish", D(2024, 4, 9), kg="12.5"),
        ),
        (
            "04/14/2024",
            "Ishkoshim",
            "Opium",
            "4.75",
            "",
            "",
            "",
            "",
            "",
            T("Ishkashim", "opium", D(2024, 4, 14), kg="4.75"),
        ),
        (
            "04/18/2024",
            "Panji Poyon",
            "Tramadol 225 mg tablets",
            "",
            "3000",
            "tablets",
            "",
            "",
            "",
            T("Panji Poyon", "tramadol", D(2024, 4, 18), units=3000, unit="tablet"),
        ),
        (
            "04/23/2024",
            "Shohon",
            'Cigarettes "Pine"',
            "",
            "400",
            "packs",
            "2000",
            "TJS",
            "",
            T("Shohon", "cigarettes", D(2024, 4, 23), units=400, unit="pack", value=2000, cur="TJS"),
        ),
        (
            "04/27/2024",
            "Panji Poyon",
            "Acetic anhydride",
            "",
            "40",
            "L",
            "",
            "",
            "2 plastic cans of 20 L",
            T("Panji Poyon", "acetic anhydride", D(2024, 4, 27), kg_eq="40"),
        ),
        ("04/31/2024", "Kokul", "Hashish", "1.1", "", "", "", "", "date as typed by the operator", None),
        ("04/30/2024", "Kokul", "Hashish", "0.9", "", "", "", "", "", T("Kokul", "hashish", D(2024, 4, 30), kg="0.9")),
    ]
    out = [header]
    truth, bad = [], None
    for *cells, t in rows:
        out.append(list(cells))
        if t:
            truth.append(t)
        else:
            bad = len(out)
    write_text(name, csv_text(out, ","))
    c = Checks(truth).cp("Panji Poyon").kg("hashish").start("opium").kg_eq("acetic anhydride").units("cigarettes")
    add(
        Entry(
            name,
            "Customs Service of Tajikistan, Panji Poyon BLO, April 2024, English export for the BLO network",
            [
                "English snake_case keys (incident_date, bcp, item_desc, weight_kg)",
                "US dates MM/DD/YYYY",
                "impossible date 04/31/2024",
                "litres of a precursor",
                "Nizhny Panj / Ishkoshim aliases",
                "packs of cigarettes",
            ],
            truth,
            c.out,
            1,
            f"row {bad}: unreadable date '04/31/2024'",
            language="English",
            layout="CSV ',', snake_case header",
        )
    )


# --- 12 Tajik customs monthly totals, Tajik month names


def f12():
    name = "tj_customs_monthly_2024_q1.csv"
    rows = [
        ("январ 2024", "Фотеҳобод", "Ҳашиш", 2, "4.1", T("Fotehobod", "hashish", n=2, kg="4.1", **month(2024, 1))),
        ("январ 2024", "Турсунзода", "Героин", 1, "1.35", T("Tursunzoda", "heroin", n=1, kg="1.35", **month(2024, 1))),
        ("январ 2024", "Панҷи Поён", "Афюн", 3, "16.2", T("Panji Poyon", "opium", n=3, kg="16.2", **month(2024, 1))),
        ("феврал 2024", "Фотеҳобод", "Героин", 1, "0.62", T("Fotehobod", "heroin", n=1, kg="0.62", **month(2024, 2))),
        ("феврал 2024", "Турсунзода", "Ҳашиш", 2, "3.05", T("Tursunzoda", "hashish", n=2, kg="3.05", **month(2024, 2))),
        (
            "феврал 2024",
            "Панҷи Поён",
            "Ҳашиш",
            4,
            "22.4",
            T("Panji Poyon", "hashish", n=4, kg="22.4", **month(2024, 2)),
        ),
        ("март 2024", "Фотеҳобод", "Ҳашиш", 3, "2.96", T("Fotehobod", "hashish", n=3, kg="2.96", **month(2024, 3))),
        ("март 2024", "Турсунзода", "Кӯкнор", 1, "12", T("Tursunzoda", "poppy straw", n=1, kg="12", **month(2024, 3))),
        ("март 2024", "Панҷи Поён", "Героин", 2, "8.75", T("Panji Poyon", "heroin", n=2, kg="8.75", **month(2024, 3))),
    ]
    out = [["Моҳ", "Гузаргоҳ", "Номгӯи мавод", "Шумораи ҳолатҳо", "Вазн, кг"]]
    truth = []
    for *cells, t in rows:
        out.append([str(x) for x in cells])
        truth.append(t)
    out.append(["", "", "", "", ""])
    out.append(["Ҳамагӣ", "", "", "19", "71.43"])
    write_text(name, csv_text(out, ","))
    c = Checks(truth).cp("Panji Poyon").events().events("Fotehobod").kg("hashish").start("heroin", "Tursunzoda").end()
    add(
        Entry(
            name,
            "Customs Service of Tajikistan, monthly totals by post and drug, Q1 2024 (Tajik)",
            [
                "monthly totals (cases and kg)",
                "Tajik month names (январ, феврал, март)",
                "Панҷи Поён with ҷ",
                "blank row before the Ҳамагӣ totals",
            ],
            truth,
            c.out,
            language="Tajik",
            layout="CSV ',', monthly aggregates, Ҳамагӣ footer",
        )
    )


# --- 13 Uzbek customs monthly, Uzbek Latin month names


def f13():
    name = "uz_customs_tashkent_monthly_2024_q2.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "II chorak"
    s = Sheet(ws, [12, 18, 16, 14, 16, 14])
    s.title("Toshkent viloyati bojxona boshqarmasi", 6)
    s.title("2024-yil II chorak boʻyicha oylik hisobot: musodara qilingan giyohvandlik vositalari va kontrabanda", 6)
    s.row(["Oy", "Bojxona posti", "Tovar turi", "Holatlar soni", "Ogʻirligi (kg)", "Soni (dona)"], bold=True)
    rows = [
        ("aprel 2024", "Oybek", "geroin", 2, 1.85, None, T("Oybek", "heroin", n=2, kg="1.85", **month(2024, 4))),
        ("aprel 2024", "Oybek", "gashish", 3, 2.4, None, T("Oybek", "hashish", n=3, kg="2.4", **month(2024, 4))),
        (
            "aprel 2024",
            "Yallama",
            "marixuana",
            1,
            6.3,
            None,
            T("Yallama", "cannabis herb", n=1, kg="6.3", **month(2024, 4)),
        ),
        (
            "aprel 2024",
            "G‘ishtko‘prik",
            "tramadol",
            2,
            None,
            4500,
            T("Gisht-Kuprik", "tramadol", n=2, units=4500, unit="piece", **month(2024, 4)),
        ),
        ("may 2024", "Oybek", "gashish", 1, 0.95, None, T("Oybek", "hashish", n=1, kg="0.95", **month(2024, 5))),
        ("may 2024", "Bekobod", "geroin", 1, 0.44, None, T("Bekabad", "heroin", n=1, kg="0.44", **month(2024, 5))),
        ("may 2024", "Yallama", "gashish", 2, 1.72, None, T("Yallama", "hashish", n=2, kg="1.72", **month(2024, 5))),
        (
            "may 2024",
            "Gʻishtkoʻprik",
            "koʻknori",
            1,
            9.5,
            None,
            T("Gisht-Kuprik", "poppy straw", n=1, kg="9.5", **month(2024, 5)),
        ),
        ("iyun 2024", "Oybek", "geroin", 1, 0.6, None, T("Oybek", "heroin", n=1, kg="0.6", **month(2024, 6))),
        ("iyun 2024", "Bekobod", "gashish", 2, 1.33, None, T("Bekabad", "hashish", n=2, kg="1.33", **month(2024, 6))),
        (
            "iyun 2024",
            "Yallama",
            "sigaret",
            2,
            None,
            36000,
            T("Yallama", "cigarettes", n=2, units=36000, unit="piece", **month(2024, 6)),
        ),
        (
            "iyun 2024",
            "G'ishtko'prik",
            "afyun",
            1,
            2.05,
            None,
            T("Gisht-Kuprik", "opium", n=1, kg="2.05", **month(2024, 6)),
        ),
    ]
    truth = []
    for *cells, t in rows:
        s.row(list(cells))
        truth.append(t)
    s.row(["Jami", None, None, 19, 27.14, 40500], bold=True)
    save_book(book, name, "Toshkent VBB")
    c = Checks(truth).cp("Oybek").events().kg("hashish").units("cigarettes").start().end()
    add(
        Entry(
            name,
            "State Customs Committee of Uzbekistan, Tashkent region directorate, monthly totals Q2 2024 (Uzbek Latin)",
            [
                "monthly totals",
                "Uzbek month names (aprel, may, iyun)",
                "G‘ishtko‘prik with three apostrophe forms",
                "cigarettes counted in pieces (dona)",
                "Jami totals",
            ],
            truth,
            c.out,
            language="Uzbek (Latin)",
            layout="XLSX, 2 title rows, monthly aggregates, Jami",
        )
    )


# --- 14/15 Kazakh border service monthly, resend pair


KZ_A = "kz_border_service_2024_02.xlsx"
KZ_B = "kz_border_service_2024_02_resend.xlsx"


def _kz_border(name: str, as_of: str, kaplanbek_kg: str) -> list[T]:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Февраль 2024"
    s = Sheet(ws, [16, 18, 22, 14, 12])
    s.title("Пограничная служба Комитета национальной безопасности Республики Казахстан", 5)
    s.title("Региональное управление «Оңтүстік»", 5)
    s.title(f"Сведения о задержаниях на пунктах пропуска за февраль 2024 г. (по состоянию на {as_of})", 5)
    s.row(["Месяц", "Пункт пропуска", "Наименование НС/ПВ", "Кол-во фактов", "Изъято, кг"], bold=True)
    rows = [
        (
            "февраль 2024",
            "Б. Конысбаев",
            "Гашиш",
            3,
            "4,62",
            T("B. Konysbaev", "hashish", n=3, kg="4.62", **month(2024, 2)),
        ),
        (
            "февраль 2024",
            "Б. Конысбаев",
            "Героин",
            1,
            "0,38",
            T("B. Konysbaev", "heroin", n=1, kg="0.38", **month(2024, 2)),
        ),
        (
            "февраль 2024",
            "Капланбек",
            "Марихуана",
            2,
            kaplanbek_kg,
            T("Kaplanbek", "cannabis herb", n=2, kg=kaplanbek_kg.replace(",", "."), **month(2024, 2)),
        ),
        ("февраль 2024", "Сырдарья", "Гашиш", 1, "0,95", T("Syrdarya", "hashish", n=1, kg="0.95", **month(2024, 2))),
        ("февраль 2024", "Целинный", "Опий", 1, "2,1", T("Tselinny", "opium", n=1, kg="2.1", **month(2024, 2))),
        ("февраль 2024", "Тажен", "Марихуана", 1, "3,3", T("Tazhen", "cannabis herb", n=1, kg="3.3", **month(2024, 2))),
    ]
    truth = []
    for *cells, t in rows:
        s.row(list(cells))
        truth.append(t)
    total = sum((t.kg for t in truth), Decimal(0))
    s.row(["Итого", None, None, 9, str(total).replace(".", ",")], bold=True)
    save_book(book, name, "РУ Оңтүстік ПС КНБ РК")
    return truth


def f14_15():
    ta = _kz_border(KZ_A, "05.03.2024", "12,4")
    c = Checks(ta).count().kg("cannabis herb").kg().events().start()
    add(
        Entry(
            KZ_A,
            "Border Service of the National Security Committee of Kazakhstan, 'Ontustik' "
            "regional directorate, February 2024 (Russian), first release",
            [
                "monthly totals",
                "Russian month name 'февраль 2024'",
                "decimal commas as text",
                "Итого totals",
                "first file of the resend pair",
            ],
            ta,
            c.out,
            language="Russian",
            layout="XLSX, 3 title rows, monthly aggregates, Итого",
        )
    )
    tb = _kz_border(KZ_B, "19.03.2024", "14,2")
    c = Checks(tb).count().kg("cannabis herb").kg(cp="Kaplanbek").kg().events()
    add(
        Entry(
            KZ_B,
            "Same agency and month, corrected resend: Kaplanbek marijuana 12,4 kg corrected to 14,2 kg",
            ["corrected resend (supersedes the first release)", "totals must not double"],
            tb,
            c.out,
            after=KZ_A,
            language="Russian",
            layout="XLSX, same layout as the first release, one figure corrected",
        )
    )


# --- 16 Uzbek MVD, TAB content in a .csv, unusual crossing header


def f16():
    name = "uz_mvd_tashkent_2024_03.csv"
    header = ["Дата", "Место изъятия", "Наименование", "Количество", "Единица", "Фабула"]
    rows = [
        (
            "2024-03-06",
            "КПП «Ойбек»",
            "героин",
            "0,125",
            "кг",
            "у гражданина Т., паспорт FA1234567, при досмотре",
            T("Oybek", "heroin", D(2024, 3, 6), kg="0.125"),
        ),
        (
            "2024-03-11",
            "КПП «Бекабад»",
            "гашиш",
            "230",
            "г",
            "в автомашине «Nexia»",
            T("Bekabad", "hashish", D(2024, 3, 11), kg="0.23"),
        ),
        ("2024-03-15", "Ойбек", "опий", "1,05", "кг", "", T("Oybek", "opium", D(2024, 3, 15), kg="1.05")),
        (
            "2024-03-19",
            "КПП Бекабад",
            "трамадол",
            "120",
            "таблетка",
            "",
            T("Bekabad", "tramadol", D(2024, 3, 19), units=120, unit="tablet"),
        ),
        (
            "2024-03-22",
            "КПП «Ойбек»",
            "марихуана",
            "640",
            "г",
            "тел. задержанного +998 90 765 43 21",
            T("Oybek", "cannabis herb", D(2024, 3, 22), kg="0.64"),
        ),
        ("2024-03-27", "ТП «Oybek»", "героин", "0,33", "кг", "", T("Oybek", "heroin", D(2024, 3, 27), kg="0.33")),
    ]
    out = [header]
    truth = []
    for *cells, t in rows:
        out.append(list(cells))
        truth.append(t)
    write_text(name, csv_text(out, "\t"), bom=True)
    c = Checks(truth).cp("Oybek").cp("Bekabad").kg("heroin").kg("hashish").units("tramadol")
    add(
        Entry(
            name,
            "Ministry of Internal Affairs of Uzbekistan, Tashkent region "
            "police at the border posts, March 2024 (Russian)",
            [
                "TAB-separated content in a .csv file",
                "unusual crossing header 'Место изъятия' (values are posts)",
                "КПП «…» / ТП «…» prefixes and quotes",
                "grams and kilograms in a unit column",
                "personal data in the remarks",
            ],
            truth,
            c.out,
            language="Russian",
            layout="CSV (TAB inside), UTF-8 BOM, ISO dates",
        )
    )


# --- 17 Uzbek MVD Surkhandarya, multi-line remarks, trailing commas


def f17():
    name = "uz_mvd_surkhandarya_2024_03.csv"
    header = ["Дата", "Пост", "Наименование", "Вес кг", "Примечание"]
    rows = [
        (
            "14.03.2024",
            "Айритом",
            "Героин",
            "1.35",
            "Грузовой автомобиль из Афганистана.\nСокрытие в запасном колесе.",
            T("Ayritom", "heroin", D(2024, 3, 14), kg="1.35"),
        ),
        (
            "18.03.2024",
            "Ayritom",
            "Гашиш",
            "0.42",
            "Задержан гр. Нурматов Б.Б.,\nпаспорт AB1234567,\nтел. +998 91 555-12-34",
            T("Ayritom", "hashish", D(2024, 3, 18), kg="0.42"),
        ),
        ("21.03.2024", "Айритом", "Опий", "2.8", "", T("Ayritom", "opium", D(2024, 3, 21), kg="2.8")),
        (
            "25.03.2024",
            "Айритом",
            "Героин",
            "0.55",
            "Совместно с БЛО.\nАкт № 17, весы № 3",
            T("Ayritom", "heroin", D(2024, 3, 25), kg="0.55"),
        ),
        (
            "29.03.2024",
            "Кудукли",
            "Гашиш",
            "3.9",
            "Грузовой поезд, вагон 60012,\nв тайнике пола",
            T("Kudukli", "hashish", D(2024, 3, 29), kg="3.9"),
        ),
        ("30.03.2024", "Айритом", "Насвай", "6.2", "", T("Ayritom", "nasvay", D(2024, 3, 30), kg="6.2")),
    ]
    out = [header + [""]]
    truth = []
    for *cells, t in rows:
        out.append(list(cells) + [""])
        truth.append(t)
    write_text(name, csv_text(out, ","))
    c = Checks(truth).cp("Ayritom").kg("heroin").kg("hashish").start(agg="max")
    add(
        Entry(
            name,
            "Ministry of Internal Affairs of Uzbekistan, Surkhandarya police, March 2024 (Russian)",
            [
                "multi-line quoted remarks",
                "trailing separator on every line (empty last column)",
                "personal data in remarks (name, passport, phone)",
                "Пост as crossing header",
            ],
            truth,
            c.out,
            language="Russian",
            layout="CSV ',', trailing comma, multi-line quoted field",
        )
    )


# --- 18 Kyrgyz customs, UTF-16 TAB export


def f18():
    name = "kg_customs_2024_03.csv"
    header = [
        "№",
        "Күнү",
        "Өткөрүү пункту",
        "Товарлардын аталышы",
        "Саны",
        "Өлчөө бирдиги",
        "Салмагы, кг",
        "Наркы, сом",
    ]
    rows = [
        (
            "05.03.2024",
            "Ак-Жол",
            "Сигареттер «Kent»",
            "250",
            "блок",
            "",
            sp(200000),
            T("Ak-Jol", "cigarettes", D(2024, 3, 5), units=250, unit="block", value=200000, cur="KGS"),
        ),
        ("08.03.2024", "Торугарт", "Гашиш", "", "", "1,4", "", T("Torugart", "hashish", D(2024, 3, 8), kg="1.4")),
        (
            "12.03.2024",
            "Иркештам",
            "Трамадол",
            sp(2000),
            "таблетка",
            "",
            "",
            T("Irkeshtam", "tramadol", D(2024, 3, 12), units=2000, unit="tablet"),
        ),
        (
            "15.03.2024",
            "Кара-Суу",
            "Насвай",
            "",
            "",
            "22",
            sp(11000),
            T("Kara-Suu", "nasvay", D(2024, 3, 15), kg="22", value=11000, cur="KGS"),
        ),
        ("19.03.2024", "Достук", "Героин", "", "", "0,28", "", T("Dostuk", "heroin", D(2024, 3, 19), kg="0.28")),
        (
            "23.03.2024",
            "Ак-Жол",
            "Марихуана",
            "",
            "",
            "9,6",
            "",
            T("Ak-Jol", "cannabis herb", D(2024, 3, 23), kg="9.6"),
        ),
        (
            "27.03.2024",
            "Кара-Суу",
            "Кальян үчүн тамеки",
            "",
            "",
            "18",
            sp(27000),
            T("Kara-Suu", "tobacco", D(2024, 3, 27), kg="18", value=27000, cur="KGS"),
        ),
        (
            "29.03.2024",
            "Ак-Жол",
            "Ок-дарылар (патрондор 7,62 мм)",
            "60",
            "даана",
            "",
            "",
            T("Ak-Jol", "ammunition", D(2024, 3, 29), units=60, unit="piece"),
        ),
    ]
    out = [header]
    truth = []
    for i, (*cells, t) in enumerate(rows, 1):
        out.append([str(i)] + list(cells))
        truth.append(t)
    out.append(["", "Жыйынтыгы", "", "", "", "", "51,28", sp(238000)])
    write_text(name, csv_text(out, "\t"), encoding="utf-16")
    c = Checks(truth).cp("Ak-Jol").cp("Kara-Suu").value("KGS").kg("hashish").units("ammunition", with_unit=False)
    add(
        Entry(
            name,
            "State Customs Service of Kyrgyzstan, border posts, March 2024 (Kyrgyz, Excel 'Unicode text' export)",
            [
                "UTF-16 LE with BOM",
                "TAB separator",
                "Kyrgyz headers (Өткөрүү пункту, Товарлардын аталышы)",
                "сом → KGS",
                "decimal commas",
                "даана / блок / таблетка units",
                "Жыйынтыгы totals",
            ],
            truth,
            c.out,
            language="Kyrgyz",
            layout="CSV UTF-16 TAB, Жыйынтыгы footer",
        )
    )


# --- 19 Uzbek MVD JSON Lines, timestamps with offsets


def f19():
    name = "uz_mvd_liaison_2024_04.jsonl"
    rows = [
        (
            {"incident_date": "2024-04-02T08:30:00+05:00", "bcp": "Oybek", "item_desc": "Heroin", "weight_kg": 0.62},
            T("Oybek", "heroin", D(2024, 4, 2), kg="0.62"),
        ),
        (
            {"incident_date": "2024-04-05T14:10:00+05:00", "bcp": "Bekabad", "item_desc": "Hashish", "weight_kg": 1.15},
            T("Bekabad", "hashish", D(2024, 4, 5), kg="1.15"),
        ),
        (
            {"incident_date": "2024-04-09T23:40:00+05:00", "bcp": "Oybek", "item_desc": "Opium", "weight_kg": 0.3},
            T("Oybek", "opium", D(2024, 4, 9), kg="0.3"),
        ),
        (
            {
                "incident_date": "2024-04-10T01:15:00+05:00",
                "bcp": "Dustlik",
                "item_desc": "Hashish",
                "weight_kg": 2.05,
                "officer_phone": "+998 90 111 22 33",
            },
            T("Dustlik", "hashish", D(2024, 4, 10), kg="2.05"),
        ),
        (
            {
                "incident_date": "2024-04-16T10:00:00+05:00",
                "bcp": "Yallama",
                "item_desc": "Tramadol",
                "qty": 500,
                "uom": "tablets",
            },
            T("Yallama", "tramadol", D(2024, 4, 16), units=500, unit="tablet"),
        ),
        (
            {
                "incident_date": "2024-04-20T16:45:00+05:00",
                "bcp": "Dustlik",
                "item_desc": 'Cigarettes "Marlboro"',
                "qty": 40,
                "uom": "blocks",
                "value": 1600000,
                "currency": "UZS",
            },
            T("Dustlik", "cigarettes", D(2024, 4, 20), units=40, unit="block", value=1600000, cur="UZS"),
        ),
        (
            {
                "incident_date": "2024-04-24T09:05:00+05:00",
                "bcp": "Oybek",
                "item_desc": "Cannabis herb (marijuana)",
                "weight_kg": 3.4,
            },
            T("Oybek", "cannabis herb", D(2024, 4, 24), kg="3.4"),
        ),
    ]
    lines = []
    truth = []
    for rec, t in rows:
        rec = {"agency": "Ministry of Internal Affairs of the Republic of Uzbekistan", **rec}
        lines.append(json.dumps(rec, ensure_ascii=False))
        truth.append(t)
    write_text(name, "\n".join(lines) + "\n")
    c = Checks(truth).cp("Oybek").start("hashish", "Dustlik").kg("hashish").value("UZS").units("tramadol")
    add(
        Entry(
            name,
            "Ministry of Internal Affairs of Uzbekistan, liaison-officer "
            "system export, April 2024 (JSON Lines, English)",
            [
                "JSON Lines",
                "timestamps with +05:00 offset (local date must be kept: 01:15 local on 10 Apr)",
                "English snake_case keys",
                "records with different key sets",
                "agency on every line",
            ],
            truth,
            c.out,
            language="English",
            layout="JSONL, one record per line",
        )
    )


# --- 20 INL summary for Turkmen BCPs, monthly, pounds


def f20():
    name = "inl_tm_bcp_monthly_2024.csv"
    rows = [
        (
            "March 2024",
            "Serhetabat",
            "Heroin",
            2,
            "4.4",
            T("Serhetabat", "heroin", n=2, kg=Decimal("4.4") * LB, **month(2024, 3)),
        ),
        (
            "March 2024",
            "Imam Nazar",
            "Opium",
            1,
            "11",
            T("Imam Nazar", "opium", n=1, kg=Decimal("11") * LB, **month(2024, 3)),
        ),
        (
            "March 2024",
            "Farap",
            "Hashish",
            3,
            "6.6",
            T("Farap", "hashish", n=3, kg=Decimal("6.6") * LB, **month(2024, 3)),
        ),
        (
            "April 2024",
            "Serhetabat",
            "Opium",
            2,
            "22",
            T("Serhetabat", "opium", n=2, kg=Decimal("22") * LB, **month(2024, 4)),
        ),
        (
            "April 2024",
            "Imam Nazar",
            "Heroin",
            1,
            "2.2",
            T("Imam Nazar", "heroin", n=1, kg=Decimal("2.2") * LB, **month(2024, 4)),
        ),
        (
            "April 2024",
            "Farap",
            "Hashish",
            1,
            "1.1",
            T("Farap", "hashish", n=1, kg=Decimal("1.1") * LB, **month(2024, 4)),
        ),
    ]
    out = [["Month", "Port of entry", "Drug", "Seizures", "Net weight (lbs)"]]
    truth = []
    for *cells, t in rows:
        out.append([str(x) for x in cells])
        truth.append(t)
    out.append(["Total", "", "", "10", "47.3"])
    write_text(name, csv_text(out, ","))
    c = Checks(truth).events().kg("heroin").kg("opium").cp("Serhetabat").start()
    add(
        Entry(
            name,
            "US Embassy INL programme summary of Turkmen border-crossing seizures, March–April 2024 (English)",
            [
                "monthly totals",
                "English month names 'March 2024'",
                "Port of entry header",
                "weight in pounds (0.45359237 kg/lb)",
                "Total footer",
            ],
            truth,
            c.out,
            language="English",
            layout="CSV ',', monthly aggregates in lbs, Total footer",
        )
    )


# --- 21 Kazakh police, JSON grouped by post


def f21():
    name = "kz_police_turkistan_2024_02.json"
    posts = [
        (
            "Сарыагаш",
            [
                (
                    {"дата": "05.02.2024", "наименование": "героин", "количество": "0,8 кг"},
                    T("Saryagash", "heroin", D(2024, 2, 5), kg="0.8"),
                ),
                (
                    {"дата": "14.02.2024", "наименование": "гашиш", "количество": "1,7 кг"},
                    T("Saryagash", "hashish", D(2024, 2, 14), kg="1.7"),
                ),
                (
                    {
                        "дата": "19.02.2024",
                        "наименование": "сигареты «Kent»",
                        "количество": "250 блоков",
                        "сумма": "1 250 000 тенге",
                    },
                    T("Saryagash", "cigarettes", D(2024, 2, 19), units=250, unit="block", value=1250000, cur="KZT"),
                ),
            ],
        ),
        (
            "Казыгурт",
            [
                (
                    {"дата": "09.02.2024", "наименование": "марихуана", "количество": "3 кг 200 г"},
                    T("Kazygurt", "cannabis herb", D(2024, 2, 9), kg="3.2"),
                ),
                (
                    {"дата": "21.02.2024", "наименование": "трамадол", "количество": "600 табл."},
                    T("Kazygurt", "tramadol", D(2024, 2, 21), units=600, unit="tablet"),
                ),
            ],
        ),
        (
            "Капланбек",
            [
                (
                    {"дата": "12.02.2024", "наименование": "опий", "количество": "950 гр"},
                    T("Kaplanbek", "opium", D(2024, 2, 12), kg="0.95"),
                ),
                (
                    {
                        "дата": "26.02.2024",
                        "наименование": "наличные денежные средства",
                        "количество": "",
                        "сумма": "20 000 долларов США",
                        "задержанный": "Ахметов Б.К., уд. личности 045678912",
                    },
                    T("Kaplanbek", "currency", D(2024, 2, 26), value=20000, cur="USD"),
                ),
            ],
        ),
    ]
    doc = {
        "ведомство": "Департамент полиции Туркестанской области МВД Республики Казахстан",
        "отчёт": {
            "период": "февраль 2024",
            "составлен": "04.03.2024",
            "посты": [{"пост": p, "изъятия": [r for r, _ in items]} for p, items in posts],
        },
    }
    write_text(name, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    truth = [t for _, items in posts for _, t in items]
    c = Checks(truth).cp("Saryagash").cp("Kazygurt").kg("cannabis herb").kg("opium").value("USD").value("KZT")
    add(
        Entry(
            name,
            "Police Department of Turkistan region, Ministry of Internal "
            "Affairs of Kazakhstan, February 2024 (Russian JSON)",
            [
                "JSON grouped by post (post on the middle object, period on the outer)",
                "compound quantity 3 кг 200 г",
                "гр / табл. abbreviations",
                "cash '20 000 долларов США' → USD",
                "'1 250 000 тенге' in a value",
                "personal data field",
            ],
            truth,
            c.out,
            language="Russian",
            layout="JSON {…, отчёт:{период, посты:[{пост, изъятия:[…]}]}}",
        )
    )


# --- 22 Tajik BLO Fotehobod English JSON, deep nesting


def f22():
    name = "tj_blo_fotehobod_2024_03.json"
    items = [
        (
            {
                "incident_date": "2024-03-07",
                "item_desc": "Hashish (joint operation with Oybek BLO)",
                "quantity": "1,981 g",
            },
            T("Fotehobod", "hashish", D(2024, 3, 7), kg="1.981"),
        ),
        (
            {"incident_date": "2024-03-12", "item_desc": "Heroin", "quantity": "0.73 kg"},
            T("Fotehobod", "heroin", D(2024, 3, 12), kg="0.73"),
        ),
        (
            {"incident_date": "2024-03-18", "item_desc": "Opium", "quantity": "2.2 kg"},
            T("Fotehobod", "opium", D(2024, 3, 18), kg="2.2"),
        ),
        (
            {
                "incident_date": "2024-03-21",
                "item_desc": 'Cigarettes "Kent"',
                "quantity": "300 packs",
                "value": 1500,
                "currency": "somoni",
            },
            T("Fotehobod", "cigarettes", D(2024, 3, 21), units=300, unit="pack", value=1500, cur="TJS"),
        ),
        (
            {"incident_date": "2024-03-26", "item_desc": "Tramadol 100 mg capsules", "quantity": "1,200 capsules"},
            T("Fotehobod", "tramadol", D(2024, 3, 26), units=1200, unit="capsule"),
        ),
        (
            {"incident_date": "2024-03-29", "item_desc": "Poppy straw", "quantity": "5.4 kg"},
            T("Fotehobod", "poppy straw", D(2024, 3, 29), kg="5.4"),
        ),
    ]
    doc = {
        "export": {
            "system": "BLO information exchange",
            "generated": "2024-04-02T10:00:00+05:00",
            "blo": {
                "name": "Fotehobod",
                "country": "Tajikistan",
                "report": {
                    "period": "2024-03",
                    "agency": "Customs Service under the Government of the Republic of Tajikistan",
                    "items": [i for i, _ in items],
                },
            },
        }
    }
    write_text(name, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    truth = [t for _, t in items]
    c = Checks(truth).cp("Fotehobod").kg("hashish").units("tramadol").value("TJS").country("TJK")
    add(
        Entry(
            name,
            "Customs Service of Tajikistan, Fotehobod BLO, March 2024 (English JSON from the BLO exchange)",
            [
                "JSON nested four deep (export → blo → report → items)",
                "crossing point from the enclosing 'blo.name'",
                "English thousands comma '1,981 g' = 1.981 kg",
                "'somoni' → TJS",
                "capsules",
            ],
            truth,
            c.out,
            language="English",
            layout="JSON {export:{blo:{name, report:{period, items:[…]}}}}",
        )
    )


# --- 23 Kyrgyz drug-control service, national annual totals XLSX


def f23():
    name = "kg_dcs_national_2023.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "2023"
    s = Sheet(ws, [5, 30, 14, 14, 14])
    s.title("Служба по борьбе с незаконным оборотом наркотиков МВД Кыргызской Республики", 5)
    s.title("Сведения об изъятии наркотических средств и психотропных веществ по республике за 2023 год", 5)
    s.blank()
    s.row(["№", "Наименование", "Кол-во фактов", "Изъято (кг)", "Изъято (шт.)"], bold=True)
    rows = [
        ("Гашиш", 96, 1204.5, None, T(None, "hashish", n=96, kg="1204.5", **year(2023))),
        ("Марихуана", 310, 6850.31, None, T(None, "cannabis herb", n=310, kg="6850.31", **year(2023))),
        ("Героин", 14, 28.73, None, T(None, "heroin", n=14, kg="28.73", **year(2023))),
        ("Опий", 9, 41.2, None, T(None, "opium", n=9, kg="41.2", **year(2023))),
        ("Маковая солома", 22, 515.6, None, T(None, "poppy straw", n=22, kg="515.6", **year(2023))),
        ("Трамадол", 35, None, 64200, T(None, "tramadol", n=35, units=64200, unit="piece", **year(2023))),
        ("Метамфетамин", 8, 0.92, None, T(None, "methamphetamine", n=8, kg="0.92", **year(2023))),
    ]
    truth = []
    for i, (*cells, t) in enumerate(rows, 1):
        s.row([i] + list(cells), fmt={4: "#,##0.00"})
        truth.append(t)
    s.row([None, "Всего", 494, 8641.26, 64200], bold=True, fmt={4: "#,##0.00"})
    s.blank()
    s.row([None, "Начальник СБНОН МВД КР ______________ Абдыкалыков Н.Т."])
    save_book(book, name, "СБНОН МВД КР")
    c = Checks(truth).national().kg("hashish").events().end().country("KGZ")
    add(
        Entry(
            name,
            "Service for Combating Drug Trafficking, Ministry of Internal "
            "Affairs of Kyrgyzstan, national totals 2023 (Russian)",
            [
                "national-level annual totals (no crossing point column)",
                "year only in the title",
                "country only in the title / agency name",
                "Всего totals",
                "signature line",
                "count-only row (шт.)",
            ],
            truth,
            c.out,
            national=True,
            language="Russian",
            layout="XLSX, 2 title rows, totals by drug, Всего, signature",
        )
    )


# --- 24 Tajik DCA, header repeated after a page break


def f24():
    name = "tj_dca_border_2024_03.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Март"
    s = Sheet(ws, [5, 14, 20, 30, 12, 36])
    s.title("Агентии назорати маводи нашъаовар назди Президенти Ҷумҳурии Тоҷикистон", 6)
    s.title("Рӯйхати ҳодисаҳои мусодираи маводи мухаддир дар гузаргоҳҳои сарҳадӣ, марти соли 2024", 6)
    header = ["№", "Санаи ҳодиса", "Гузаргоҳи сарҳадӣ", "Номгӯи маводи мухаддир", "Вазн (кг)", "Эзоҳ"]
    s.row(header, bold=True)
    first = [
        ("02.03.2024", "Панҷи Поён", "Ҳашиш", 14.2, None, T("Panji Poyon", "hashish", D(2024, 3, 2), kg="14.2")),
        ("04.03.2024", "Панҷи Поён", "Героин", "3,75", None, T("Panji Poyon", "heroin", D(2024, 3, 4), kg="3.75")),
        ("06.03.2024", "Ишкошим", "Афюн", 8.1, None, T("Ishkashim", "opium", D(2024, 3, 6), kg="8.1")),
        (
            "09.03.2024",
            "Фотеҳобод",
            "Ҳашиш",
            "1,981",
            "ҳамроҳ бо БЛО «Ойбек»",
            T("Fotehobod", "hashish", D(2024, 3, 9), kg="1.981"),
        ),
        ("11.03.2024", "Шоҳон", "Ҳашиш", 6.05, None, T("Shohon", "hashish", D(2024, 3, 11), kg="6.05")),
        ("14.03.2024", "Кокул", "Героин", "1,2", None, T("Kokul", "heroin", D(2024, 3, 14), kg="1.2")),
        ("16.03.2024", "Панҷи Поён", "Афюн", 21.6, None, T("Panji Poyon", "opium", D(2024, 3, 16), kg="21.6")),
        (
            "19.03.2024",
            "Турсунзода",
            "Марихуана",
            "2,3",
            None,
            T("Tursunzoda", "cannabis herb", D(2024, 3, 19), kg="2.3"),
        ),
    ]
    second = [
        ("22.03.2024", "Рузвай", "Ҳашиш", 9.4, None, T("Ruzvai", "hashish", D(2024, 3, 22), kg="9.4")),
        ("25.03.2024", "Ишкошим", "Героин", "0,85", None, T("Ishkashim", "heroin", D(2024, 3, 25), kg="0.85")),
        (
            "28.03.2024",
            "Хумроғӣ",
            "Афюн",
            4.4,
            "шаҳрванди Афғонистон Н.",
            T("Khumrogi", "opium", D(2024, 3, 28), kg="4.4"),
        ),
        ("30.02.2024", "Кокул", "Ҳашиш", "2,2", None, None),
        ("31.03.2024", "Панҷи Поён", "Ҳашиш", "3,3", None, T("Panji Poyon", "hashish", D(2024, 3, 31), kg="3.3")),
    ]
    truth, bad, i = [], None, 0
    for part, rows in enumerate((first, second)):
        if part:
            s.blank()
            s.row(header, bold=True)
        for d, cp, sub, kg, rem, t in rows:
            i += 1
            r = s.row([i, d, cp, sub, kg, rem])
            if t:
                truth.append(t)
            else:
                bad = r
    s.row([None, "Ҳамагӣ", None, None, "79,331", None], bold=True)
    save_book(book, name, "АНМН")
    c = Checks(truth).cp("Panji Poyon").cp("Ishkashim").kg("hashish").kg("opium").cp("Shohon")
    add(
        Entry(
            name,
            "Drug Control Agency of Tajikistan, seizures at border crossings, March 2024 (Tajik)",
            [
                "header repeated mid-table (page-break copy)",
                "blank separator row",
                "impossible date 30.02.2024",
                "mixed numeric and text-with-comma weights",
                "Tajik spellings Панҷи Поён / Ишкошим / Шоҳон / Хумроғӣ",
                "Ҳамагӣ totals",
            ],
            truth,
            c.out,
            1,
            f"row {bad}: unreadable date '30.02.2024'",
            language="Tajik",
            layout="XLSX, 2 title rows, header repeated after row 8, blank row, Ҳамагӣ",
        )
    )


# --- 25 Turkmen border service, Russian ';' CSV, currency in cells


def f25():
    name = "tm_border_service_2024_04.csv"
    header = ["Дата", "Пограничный пункт", "Предмет контрабанды", "Количество", "Стоимость", "Примечание"]
    rows = [
        ("03.04.2024", "Кушка", "Героин", "1,2 кг", "", "", T("Serhetabat", "heroin", D(2024, 4, 3), kg="1.2")),
        (
            "08.04.2024",
            "Серхетабат",
            "Сигареты «Marlboro»",
            "500 блоков",
            "30 000 манат",
            "",
            T("Serhetabat", "cigarettes", D(2024, 4, 8), units=500, unit="block", value=30000, cur="TMT"),
        ),
        ("12.04.2024", "Имам Назар", "Опий", "3 кг 500 г", "", "", T("Imam Nazar", "opium", D(2024, 4, 12), kg="3.5")),
        (
            "17.04.2024",
            "Фарап",
            "Наличная валюта (доллары США)",
            "",
            "$12 000",
            "не задекларировано",
            T("Farap", "currency", D(2024, 4, 17), value=12000, cur="USD"),
        ),
        (
            "22.04.2024",
            "Кушка",
            "Трамадол",
            "1 800 таблеток",
            "",
            "",
            T("Serhetabat", "tramadol", D(2024, 4, 22), units=1800, unit="tablet"),
        ),
        (
            "26.04.2024",
            "Серхетабат",
            "Насвай",
            "40 кг",
            "2 400 манат",
            "",
            T("Serhetabat", "nasvay", D(2024, 4, 26), kg="40", value=2400, cur="TMT"),
        ),
        ("29.04.2024", "Фарап", "Гашиш", "2,05 кг", "", "", T("Farap", "hashish", D(2024, 4, 29), kg="2.05")),
    ]
    out = [header]
    truth = []
    for *cells, t in rows:
        out.append(list(cells))
        truth.append(t)
    write_text(name, csv_text(out, ";"))
    c = Checks(truth).cp("Serhetabat").value("TMT").value("USD").kg("opium").units("tramadol")
    add(
        Entry(
            name,
            "State Border Service of Turkmenistan, Mary and Lebap posts, April 2024 (Russian)",
            [
                "';' separator, decimal commas inside quantity text",
                "currency written in the value cells (манат, $)",
                "old name Кушка for Serhetabat",
                "Пограничный пункт header",
                "Предмет контрабанды as commodity header",
            ],
            truth,
            c.out,
            language="Russian",
            layout="CSV ';', units and currencies inside cells",
        )
    )


# --- 26 Uzbek customs Fergana, Uzbek Cyrillic merged header


def f26():
    name = "uz_customs_fergana_2024_05.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "май"
    s = Sheet(ws, [5, 12, 14, 30, 12, 20, 14, 16, 24])
    s.title("Ўзбекистон Республикаси Давлат божхона қўмитаси", 9)
    s.title("Фарғона минтақавий божхона бошқармаси", 9)
    s.title("2024 йил май ойи бўйича ҳисобот", 9)
    h1 = s.row(
        ["Т/р", "Сана", "Божхона\nпости ", "Товар\nноми", "Мусодара қилинди", None, None, "Қиймати,\nсўм ", "Изоҳ"],
        bold=True,
    )
    h2 = s.row([None, None, None, None, "оғирлиги, кг", "сони", "ўлчов бирлиги", None, None], bold=True)
    ws.merge_cells(start_row=h1, start_column=5, end_row=h1, end_column=7)
    for col in (1, 2, 3, 4, 8, 9):
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
    s.wrap(h1)
    s.wrap(h2)
    rows = [
        ("03.05.2024", "Дўстлик", "Героин", "0,27", None, None, None, T("Dustlik", "heroin", D(2024, 5, 3), kg="0.27")),
        (
            "07.05.2024",
            "Учқўрғон",
            "Сигарет «Pine»",
            None,
            "1 200",
            "пачка",
            "1 440 000",
            T("Uchkurgan", "cigarettes", D(2024, 5, 7), units=1200, unit="pack", value=1440000, cur="UZS"),
        ),
        (
            "10.05.2024",
            "Дўстлик",
            "Трамадол",
            None,
            "20 қути (400 дона)",
            None,
            None,
            T("Dustlik", "tramadol", D(2024, 5, 10), units=400, unit="piece"),
        ),
        (
            "14.05.2024",
            "Учкурган",
            "Гашиш",
            "0,93",
            None,
            None,
            None,
            T("Uchkurgan", "hashish", D(2024, 5, 14), kg="0.93"),
        ),
        (
            "17.05.2024",
            "Дўстлик",
            "Носвой",
            16,
            None,
            None,
            "320 000",
            T("Dustlik", "nasvay", D(2024, 5, 17), kg="16", value=320000, cur="UZS"),
        ),
        (
            "21.05.2024",
            "Do'stlik",
            "Кўкнори",
            "7,3",
            None,
            None,
            None,
            T("Dustlik", "poppy straw", D(2024, 5, 21), kg="7.3"),
        ),
        (
            "24.05.2024",
            "Учқўрғон",
            "Патронлар 5,45 мм",
            None,
            240,
            "дона",
            None,
            T("Uchkurgan", "ammunition", D(2024, 5, 24), units=240, unit="piece"),
        ),
        (
            "28.05.2024",
            "Дўстлик",
            "Марихуана",
            "1,6",
            None,
            None,
            None,
            T("Dustlik", "cannabis herb", D(2024, 5, 28), kg="1.6"),
        ),
        (
            "30.05.2024",
            "Учқўрғон",
            "Сигарет «Marlboro»",
            None,
            35,
            "блок",
            "1 050 000",
            T("Uchkurgan", "cigarettes", D(2024, 5, 30), units=35, unit="block", value=1050000, cur="UZS"),
        ),
    ]
    truth = []
    for i, (*cells, t) in enumerate(rows, 1):
        s.row([i] + list(cells) + [None])
        truth.append(t)
    s.row([None, "Жами", None, None, "26,1", None, None, "2 810 000", None], bold=True)
    s.blank()
    s.row([None, "Бўлим бошлиғи ________ Р. Тошматов"])
    save_book(book, name, "Тошматов Р.")
    c = Checks(truth).cp("Dustlik").cp("Uchkurgan").units("tramadol").value("UZS").units("cigarettes", unit="pack")
    add(
        Entry(
            name,
            "State Customs Committee of Uzbekistan, Fergana regional directorate, May 2024 (Uzbek Cyrillic)",
            [
                "merged two-row header (Мусодара қилинди: оғирлиги / сони / ўлчов бирлиги)",
                "line breaks and trailing spaces inside header cells",
                "сўм in header",
                "package and inner count '20 қути (400 дона)'",
                "пачка / блок / дона",
                "Дўстлик / Учқўрғон / Do'stlik",
                "Жами totals",
                "signature line",
            ],
            truth,
            c.out,
            language="Uzbek (Cyrillic)",
            layout="XLSX, 3 title rows, merged 2-row header with line breaks, Жами, signature",
        )
    )


# --- 27 Kazakh SRC English CSV, DD/MM/YYYY slash dates


def f27():
    name = "kz_src_east_2024_05_en.csv"
    header = ["Date", "Crossing", "Description of goods", "Quantity", "Net weight, kg", "Value, KZT"]
    rows = [
        ("03/05/2024", "Kordai", "Hashish", "", "0.9", "", T("Kordai", "hashish", D(2024, 5, 3), kg="0.9")),
        (
            "14/05/2024",
            "Nur Zholy",
            'Cigarettes "Kent"',
            "120 blocks",
            "",
            "540,000",
            T("Nur Zholy", "cigarettes", D(2024, 5, 14), units=120, unit="block", value=540000, cur="KZT"),
        ),
        (
            "18/05/2024",
            "Altynkol",
            "Methamphetamine",
            "",
            "0.35",
            "",
            T("Altynkol", "methamphetamine", D(2024, 5, 18), kg="0.35"),
        ),
        ("22/05/2024", "Kordai", "Heroin", "", "0.2", "", T("Kordai", "heroin", D(2024, 5, 22), kg="0.2")),
        (
            "27/05/2024",
            "Dostyk",
            "Tramadol",
            "2,400 tablets",
            "",
            "",
            T("Dostyk", "tramadol", D(2024, 5, 27), units=2400, unit="tablet"),
        ),
        (
            "30/05/2024",
            "Kordai",
            "Cannabis herb",
            "",
            "11.5",
            "",
            T("Kordai", "cannabis herb", D(2024, 5, 30), kg="11.5"),
        ),
    ]
    out = [header]
    truth = []
    for *cells, t in rows:
        out.append(list(cells))
        truth.append(t)
    write_text(name, csv_text(out, ","))
    c = Checks(truth).cp("Kordai").start("hashish").value("KZT").kg("methamphetamine").units("tramadol")
    add(
        Entry(
            name,
            "State Revenue Committee of Kazakhstan, eastern and Zhambyl posts, May 2024 (English summary for UNODC)",
            [
                "day-first slash dates DD/MM/YYYY (decidable: 14/05, 18/05 …)",
                "Crossing header",
                "KZT in the header",
                "English thousands commas '540,000', '2,400 tablets'",
            ],
            truth,
            c.out,
            language="English",
            layout="CSV ',', quoted thousands",
        )
    )


# --- 28 Uzbek border guard Surkhandarya, Bo'linma header


def f28():
    name = "uz_border_guard_surkhandarya_2024_03.csv"
    header = ["Sana", "Boʻlinma", "Musodara qilingan narsa", "Miqdor", "Izoh"]
    rows = [
        ("2024-03-04", "Sariosiyo", "Gashish", "1,2 kg", "", T("Sariosiyo", "hashish", D(2024, 3, 4), kg="1.2")),
        ("2024-03-08", "Sariasiya", "Geroin", "350 gr", "", T("Sariosiyo", "heroin", D(2024, 3, 8), kg="0.35")),
        (
            "2024-03-13",
            "Ayritom",
            "Afyun",
            "2 kg 100 gr",
            "Afgʻoniston fuqarosi",
            T("Ayritom", "opium", D(2024, 3, 13), kg="2.1"),
        ),
        (
            "2024-03-17",
            "Airitom",
            "Tramadol",
            "500 dona",
            "",
            T("Ayritom", "tramadol", D(2024, 3, 17), units=500, unit="piece"),
        ),
        (
            "2024-03-22",
            "Kudukli",
            "Koʻknori",
            "12 kg",
            "yuk poyezdi",
            T("Kudukli", "poppy straw", D(2024, 3, 22), kg="12"),
        ),
        (
            "2024-03-26",
            "Sariosiyo",
            "Marixuana",
            "4,45 kg",
            "",
            T("Sariosiyo", "cannabis herb", D(2024, 3, 26), kg="4.45"),
        ),
        ("2024-03-30", "Ayritom", "Geroin", "1 kg 50 gr", "", T("Ayritom", "heroin", D(2024, 3, 30), kg="1.05")),
    ]
    out = [header]
    truth = []
    for *cells, t in rows:
        out.append(list(cells))
        truth.append(t)
    write_text(name, csv_text(out, ";"))
    c = Checks(truth).cp("Sariosiyo").cp("Ayritom").kg("heroin").kg("opium").units("tramadol")
    add(
        Entry(
            name,
            "State Border Guard Committee of Uzbekistan, Surkhandarya border units, March 2024 (Uzbek Latin)",
            [
                "unusual crossing header 'Boʻlinma' (unit; values are post names)",
                "units inside cells (kg, gr, dona)",
                "compound quantities '2 kg 100 gr'",
                "Sariasiya / Airitom spellings",
                "';' with decimal commas",
            ],
            truth,
            c.out,
            language="Uzbek (Latin)",
            layout="CSV ';', ISO dates",
        )
    )


# --- 29 Kyrgyz border service Batken, monthly, one sheet per month


def f29():
    name = "kg_border_batken_2024_q2.xlsx"
    book = openpyxl.Workbook()
    sheets = [
        (
            "Апрель",
            "апрель 2024",
            4,
            [
                ("Кызыл-Бел", "Гашиш", 2, "1,85", "Kyzyl-Bel", "hashish"),
                ("Кулунду", "Героин", 1, "0,42", "Kulundu", "heroin"),
                ("Карамык", "Марихуана", 3, "14,6", "Karamyk", "cannabis herb"),
            ],
        ),
        (
            "Май",
            "май 2024",
            5,
            [
                ("Кызыл-Бел", "Апийим", 1, "3,2", "Kyzyl-Bel", "opium"),
                ("Кулунду", "Гашиш", 2, "2,15", "Kulundu", "hashish"),
                ("Бор-Добо", "Марихуана", 1, "5", "Bor-Dobo", "cannabis herb"),
            ],
        ),
        (
            "Июнь",
            "июнь 2024",
            6,
            [
                ("Кызыл-Бел", "Героин", 1, "0,66", "Kyzyl-Bel", "heroin"),
                ("Карамык", "Гашиш", 2, "1,05", "Karamyk", "hashish"),
                ("Кулунду", "Апийим", 1, "0,9", "Kulundu", "opium"),
            ],
        ),
    ]
    truth = []
    for k, (title, mlabel, m, rows) in enumerate(sheets):
        ws = book.active if k == 0 else book.create_sheet(title)
        ws.title = title
        s = Sheet(ws, [14, 18, 18, 14, 14])
        s.title("Кыргыз Республикасынын УКМКсынын Чек ара кызматы, Баткен чек ара отряды", 5)
        s.title(f"Өткөрүү пункттарында кармалган баңгизаттар: {mlabel}", 5)
        h1 = s.row(["Ай", "Өткөрүү пункту", "Заттын түрү", "Кармалды", None], bold=True)
        h2 = s.row([None, None, None, "фактылар\nсаны", "салмагы, кг"], bold=True)
        ws.merge_cells(start_row=h1, start_column=4, end_row=h1, end_column=5)
        for col in (1, 2, 3):
            ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
        s.wrap(h1)
        s.wrap(h2)
        for cp_raw, sub_raw, n, kg, cp, sub in rows:
            s.row([mlabel, cp_raw, sub_raw, n, kg])
            truth.append(T(cp, sub, n=n, kg=kg.replace(",", "."), **month(2024, m)))
        tot_n = sum(r[2] for r in rows)
        tot_kg = sum((Decimal(r[3].replace(",", ".")) for r in rows), Decimal(0))
        s.row(["Жыйынтыгы", None, None, tot_n, str(tot_kg).replace(".", ",")], bold=True)
    save_book(book, name, "Баткен чек ара отряды")
    c = Checks(truth).cp("Kyzyl-Bel").events().kg("hashish").end().cp("Bor-Dobo").country("KGZ")
    add(
        Entry(
            name,
            "Border Service of Kyrgyzstan, Batken border detachment, monthly totals Q2 2024 (Kyrgyz)",
            [
                "monthly totals",
                "one sheet per month",
                "merged two-row header (Кармалды: фактылар саны / салмагы, кг)",
                "line break inside a header cell",
                "Kyrgyz 'Апийим' for opium",
                "Жыйынтыгы on every sheet",
            ],
            truth,
            c.out,
            language="Kyrgyz",
            layout="XLSX, 3 month sheets, merged 2-row header, Жыйынтыгы per sheet",
        )
    )


# --- 30 Uzbek customs Yallama/Gisht-Kuprik, Russian, pack/ampoule/vial


def f30():
    name = "uz_customs_yallama_2024_05.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Лист1"
    s = Sheet(ws, [6, 12, 16, 32, 12, 26, 18, 26])
    s.title("ГТК Республики Узбекистан", 8)
    s.title("Ташкентское областное управление таможни", 8)
    s.title("Информация о выявленных правонарушениях на таможенных постах «Яллама» и «Гишт-Куприк» за май 2024 г.", 8)
    header = [
        "№\nп/п",
        "Дата\nвыявления ",
        "Таможенный пост ",
        "Товар",
        "Масса нетто,\nкг",
        "Количество ",
        "Таможенная стоимость,\nсум",
        "Примечание",
    ]
    h = s.row(header, bold=True)
    s.wrap(h)
    first = [
        ("02.05.2024", "Яллама", "Героин", "0,48", None, None, None, T("Yallama", "heroin", D(2024, 5, 2), kg="0.48")),
        (
            "06.05.2024",
            "Гишт-Куприк",
            "Феназепам",
            None,
            "15 упаковок (150 таблеток)",
            None,
            None,
            T("Gisht-Kuprik", "phenazepam", D(2024, 5, 6), units=150, unit="tablet"),
        ),
        (
            "09.05.2024",
            "Ғишткўприк",
            "Тропикамид (глазные капли)",
            None,
            "24 флакона",
            None,
            "гр. РК",
            T("Gisht-Kuprik", "tropicamide", D(2024, 5, 9), units=24),
        ),
        (
            "13.05.2024",
            "Яллама",
            "Трамадол 50 мг/мл",
            None,
            "100 ампул",
            None,
            None,
            T("Yallama", "tramadol", D(2024, 5, 13), units=100, unit="ampoule", kg_eq="0.1"),
        ),
    ]
    second = [
        (
            "16.05.2024",
            "G'ishtko'prik",
            "Гашиш",
            "2,6",
            None,
            None,
            None,
            T("Gisht-Kuprik", "hashish", D(2024, 5, 16), kg="2.6"),
        ),
        (
            "20.05.2024",
            "Яллама",
            "Сигареты «Kent»",
            None,
            "2 500 пачек",
            "37 500 000",
            None,
            T("Yallama", "cigarettes", D(2024, 5, 20), units=2500, unit="pack", value=37500000, cur="UZS"),
        ),
        (
            "23.05.2024",
            "Яллама",
            "Табак для кальяна",
            48,
            None,
            "4 320 000",
            None,
            T("Yallama", "tobacco", D(2024, 5, 23), kg="48", value=4320000, cur="UZS"),
        ),
        (
            "27.05.2024",
            "Гишт-Куприк",
            "Опий",
            "1,75",
            None,
            None,
            None,
            T("Gisht-Kuprik", "opium", D(2024, 5, 27), kg="1.75"),
        ),
        (
            "30.05.2024",
            "Яллама",
            "Баклофен",
            None,
            "300 таб.",
            None,
            None,
            T("Yallama", "baclofen", D(2024, 5, 30), units=300, unit="tablet"),
        ),
    ]
    truth, i = [], 0
    for part, rows in enumerate((first, second)):
        if part:
            s.blank()
            h = s.row(header, bold=True)
            s.wrap(h)
        for *cells, t in rows:
            i += 1
            s.row([i] + list(cells))
            truth.append(t)
    s.row([None, "Всего:", None, None, "52,83", None, "41 820 000", None], bold=True)
    s.blank()
    s.row([None, "Начальник отдела ________ Иванов И.И."])
    s.row([None, "Исп.: Петрова А.А., тел. +998 71 234-56-78"])
    save_book(book, name, "Петрова А.А.")
    c = (
        Checks(truth)
        .cp("Yallama")
        .cp("Gisht-Kuprik")
        .kg_eq("tramadol")
        .units("cigarettes")
        .value("UZS")
        .units("phenazepam")
    )
    add(
        Entry(
            name,
            "State Customs Committee of Uzbekistan, Tashkent directorate, "
            "Yallama and Gisht-Kuprik posts, May 2024 (Russian)",
            [
                "'Товар' as commodity header",
                "'Масса нетто, кг' / 'Таможенная стоимость, сум' with line breaks",
                "trailing spaces in headers",
                "header repeated mid-table",
                "упаковка / флакон / ампула / пачка / таб.",
                "ampoules → kg_equivalent",
                "Всего totals",
                "signature and executor lines with a phone",
            ],
            truth,
            c.out,
            language="Russian",
            layout="XLSX, 3 title rows, header repeated after a blank row, Всего, signature",
        )
    )


# --- expected.yaml and README


def yaml_scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def write_expected() -> None:
    lines = [
        "# Expected figures for every file of the agency-export corpus "
        "(generated by make_corpus.py: do not edit by hand).",
        "# Each file is ingested alone into a fresh home with `blo ingest FILE`; an entry with `after: X` is ingested",
        "# after X into the same home, and its checks apply after both. loaded / quarantined count data rows only:",
        "# titles, headers, blank rows, repeated headers, totals and signature lines are skipped, never counted.",
        "",
    ]
    for e in ENTRIES:
        lines.append(f"- file: {e.file}")
        lines.append(f"  sender: {yaml_scalar(e.sender)}")
        lines.append("  exercises: [" + ", ".join(json.dumps(x, ensure_ascii=False) for x in e.exercises) + "]")
        if e.after:
            lines.append(f"  after: {e.after}")
        lines.append(f"  loaded: {len(e.truth)}")
        lines.append(f"  quarantined: {e.quarantined}" + (f"  # {e.quarantine_note}" if e.quarantine_note else ""))
        lines.append(f"  national_level: {yaml_scalar(e.national)}")
        lines.append("  checks:")
        for sql, expect in e.checks:
            lines.append(f"    - sql: {yaml_scalar(sql)}")
            lines.append(f"      expect: {yaml_scalar(num(expect) if isinstance(expect, Decimal) else expect)}")
    (HERE / "expected.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


README_HEAD = """# Agency-export corpus

Synthetic exports **written for this project** the way the region's agencies write theirs: customs, border guards,
interior ministries and drug-control agencies of Uzbekistan, Tajikistan, Kyrgyzstan, Kazakhstan and Turkmenistan,
plus an English-language BLO exchange and a US INL programme summary. The content is invented and modelled on
public reporting (the UNODC ROCA news items in `shared/seeds/`); a few seizure stories echo those items — 71 kg 110 g
of heroin in 65 wrappings at Fotehobod (21 Nov 2023), 1,981 g of hashish at Oybek with Fotehobod (7 Mar 2024),
130 boxes of 4.5 mm pneumatic pellets worth UZS 9,100,000 at Dustlik (20 Apr 2024), 238,000 Sonlife-Zopiclone
7.5 mg tablets in 11,900 boxes at Kudukli, 920 boxes of cigarettes worth UZS 18 million at Ayritom, 2,500 units of
phenazepam and Baclosan at Sariosiyo. Every other figure, date, name, passport and phone number is made up.
National totals (`tj_dca_national_2023.json`, `kg_dcs_national_2023.xlsx`) are invented, not official statistics.

The files were laid out from what such exports look like, not from the reader's rules, so the reader is expected to
be improved to pass them. Regenerate them (byte for byte) with:

```bash
python tests/data/corpus/make_corpus.py
```

`expected.yaml` gives, per file, the data rows that must load, the rows that must be quarantined (and which), whether
the file is national totals, and 3–6 SQL checks to run against the `seizures` view after `blo ingest` of that one file
into a fresh home (`after:` marks the corrected resend, ingested after its first release into the same home).
Titles, headers, blank rows, repeated headers, totals and signature lines are skipped and never counted.
Personal data in remarks is deliberate (it must be redacted) and is never asked for in a check.

| file | language | layout | what it exercises |
|---|---|---|---|
"""


README_NOTES = """
## Judgement calls behind the expected figures

- A Russian clerk writes 1,981 grams as `1 981 г` (space thousands); `1,981 г` would be 1.981 *grams* in Russian, so
  the comma form appears only in English (`1,981 g` in `tj_blo_fotehobod_2024_03.json`) and in kg columns with
  decimal commas (`1,981` under `Миқдори, кг` / `Вазн (кг)`): all three are 1.981 kg.
- A unit written in the cell beats the unit in the header (`1 981 г` and `4 кг 600 г` under `вес, кг`).
- Counts: шт / дона / dona / dana / даана / дана → piece; таблетка / табл. / таб. / tabletka / ҳаб / tablets → tablet;
  блок / blok / blocks → block; пачка / пачек / packs → pack; quti / коробка / ящик → box; ампула → ampoule;
  capsules → capsule. With packages and an inner count (`11 900 коробок (238 000 таблеток)`, `20 қути (400 дона)`,
  `15 упаковок (150 таблеток)`) unit_count is the inner count. `24 флакона` (vials) has no checked count_unit.
- Ammunition counted as `шт` / `дона` / `даана` is checked on unit_count only (piece or round are both defensible);
  130 `quti` of pneumatic pellets is 130 boxes.
- A timestamp with an offset keeps its local date: `2024-04-10T01:15:00+05:00` is 10 April, not 9 April (UTC).
- Dates: `03/14/2024`-style columns are month-first (second part > 12 decides); `14/05/2024`-style columns are
  day-first (first part > 12 decides); two-digit years `14.03.24` are 2024; Excel serial 45251 is 2023-11-21.
- Currency: сом in a Kyrgyz file is KGS; so‘m / сум / сўм are UZS; a currency written in the cell (`15 000 USD`,
  `$12 000`, `30 000 манат`) beats the one in the header.
- National totals files have no crossing point; their country comes from a `country` field
  (`tj_dca_national_2023.json`) or only from the title and agency name (`kg_dcs_national_2023.xlsx`: Kyrgyz Republic).
- The resend pair: `kz_border_service_2024_02_resend.xlsx` carries no release number; it is the newer file of the same
  agency, month and crossing points, and after both are ingested only its figures count.
"""


def write_readme() -> None:
    rows = []
    for e in ENTRIES:
        rows.append(f"| `{e.file}` | {e.language} | {e.layout} | {'; '.join(e.exercises)} |")
    total = sum(len(e.truth) + e.quarantined for e in ENTRIES)
    tail = (
        f"\n{len(ENTRIES)} files, {total} data rows "
        f"({sum(len(e.truth) for e in ENTRIES)} to load, {sum(e.quarantined for e in ENTRIES)} to quarantine).\n"
    )
    (HERE / "README.md").write_text(README_HEAD + "\n".join(rows) + "\n" + tail + README_NOTES, encoding="utf-8")


BUILDERS = [
    f01,
    f02,
    f03,
    f04,
    f05,
    f06,
    f07,
    f08,
    f09,
    f10,
    f11,
    f12,
    f13,
    f14_15,
    f16,
    f17,
    f18,
    f19,
    f20,
    f21,
    f22,
    f23,
    f24,
    f25,
    f26,
    f27,
    f28,
    f29,
    f30,
]


def main() -> None:
    for b in BUILDERS:
        b()
    names = [e.file for e in ENTRIES]
    assert len(names) == len(set(names))
    write_expected()
    write_readme()
    print(
        f"{len(ENTRIES)} files, {sum(len(e.truth) for e in ENTRIES)} rows to load, "
        f"{sum(e.quarantined for e in ENTRIES)} to quarantine"
    )


if __name__ == "__main__":
    main()
