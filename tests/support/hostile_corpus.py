"""Broken and hostile export files, each with what ingestion must make of it: a one-line refusal or a quarantine."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

HEADER = "Дата,Пункт пропуска,Вещество,Количество"
GOOD_ROW = "12.03.2023,Ойбек,героин,\"1,5 кг\""


@dataclass(frozen=True)
class Hostile:
    """One file: its name, bytes, and either the refusal text expected or the quarantine reason expected."""

    name: str
    content: bytes
    refused: str | None = None  # fragment of the one-line refusal
    quarantined: str | None = None  # fragment of a quarantine reason (the good row beside it still loads)
    noted: str | None = None  # loaded, with this fragment in the file's message or a record's flags


def _csv(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([HEADER, GOOD_ROW, *rows]).encode(encoding)


def _xlsx(rows: list[list], title_rows: int = 0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["Отчёт таможни"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _huge_csv(target_bytes: int) -> bytes:
    """About `target_bytes` of a single text line with no delimiter and no newline."""
    return b"x" * target_bytes


GOOD_XLSX = _xlsx([HEADER.split(","), ["12.03.2023", "Ойбек", "героин", "1,5 кг"]])

CORPUS = [
    Hostile("empty.csv", b"", refused="empty"),
    Hostile("whitespace.csv", b"\n\n   \n\t\n", refused="no text"),
    Hostile("random_bytes.csv", bytes(range(256)) * 40, refused="binary"),
    Hostile("nul_bytes.csv", HEADER.encode() + b"\n\x00\x00\x00\x00" * 200, refused="binary"),
    Hostile("truncated.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 2], refused="not a readable XLSX"),
    Hostile("text_named.xlsx", b"this is not a workbook", refused="not a readable XLSX"),
    Hostile("zip_not_workbook.xlsx", _zip({"hello.txt": b"hi"}), refused="not a readable XLSX"),
    Hostile("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", refused="unsupported file type"),
    Hostile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, refused="unsupported file type"),
    Hostile("no_extension", b"a,b\n1,2\n", refused="unsupported file type"),
    Hostile("broken.json", b'{"records": [{"date": "2023-01-01"', refused="invalid JSON"),
    Hostile("scalar.json", b"42", refused="expected a JSON array"),
    Hostile("no_records.json", json.dumps({"meta": {"a": 1}}).encode(), refused="no list of records"),
    Hostile("strings.json", json.dumps(["героин", "гашиш"]).encode(), refused="records"),
    Hostile("header_only.csv", HEADER.encode(), noted="no data rows"),
    Hostile("numbers_only.csv", b"1,2,3\n4,5,6\n7,8,9\n", refused="date"),
    Hostile("one_column.csv", "Вещество\nгероин\nгашиш\n".encode(), refused="date"),
    # a UTF-8 byte-order mark in front of cp1251 text: the mark is wrong, the text is read in its real encoding
    Hostile("wrong_encoding.csv", "\ufeff".encode() + _csv("12.03.2023,Ойбек,гашиш,2 кг").decode().encode("cp1251"),
            noted=""),
    Hostile("feb31.csv", _csv("31.02.2023,Ойбек,героин,2 кг"), quarantined="unreadable date '31.02.2023'"),
    Hostile("far_future.csv", _csv("12.03.2099,Ойбек,героин,2 кг"), quarantined="in the future"),
    Hostile("negative.csv", _csv("12.03.2023,Ойбек,героин,-5 кг"), quarantined="negative quantity"),
    Hostile("absurd.csv", _csv("12.03.2023,Ойбек,героин,900000000 кг"), quarantined="implausible quantity"),
    Hostile("formula_quantity.csv", _csv("12.03.2023,Ойбек,героин,=SUM(A1:A9)"), quarantined="formula"),
    Hostile("formula_text.csv", _csv("12.03.2023,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",героин,2 кг"),
            quarantined="formula"),
    Hostile("unknown_unit.csv", _csv("12.03.2023,Ойбек,героин,5 бушелей"), quarantined="unknown unit"),
    Hostile("no_unit.csv", _csv("12.03.2023,Ойбек,героин,5"), quarantined="no unit"),
    Hostile("range_quantity.csv", _csv("12.03.2023,Ойбек,героин,2-3 кг"), quarantined="range"),
    Hostile("no_substance.csv", _csv("12.03.2023,Ойбек,,2 кг"), quarantined="no substance"),
    Hostile("ragged.csv", _csv("12.03.2023,Ойбек,героин,2 кг,extra,cells,here"), quarantined="more cells"),
    # the first of two same-named columns is used; the second stays in the landed file
    Hostile("duplicate_headers.csv", (HEADER + ",Количество\n12.03.2023,Ойбек,героин,1 кг,2 кг\n").encode(),
            noted=""),
    Hostile("unterminated_quote.csv", _csv('12.03.2023,Ойбек,"героин,2 кг'), refused="not a readable delimited file"),
    Hostile("formula_cells.xlsx", _xlsx([HEADER.split(","), ["12.03.2023", "Ойбек", "героин", "1,5 кг"],
                                         ["12.03.2023", "Ойбек", "героин", "=B2*2"]]),
            noted="no quantity reported"),  # a formula cell without a cached value: the seizure is kept, flagged
    Hostile("serial_out_of_range.xlsx", _xlsx([HEADER.split(","), ["12.03.2023", "Ойбек", "героин", "1,5 кг"],
                                               [9_999_999, "Ойбек", "героин", "2 кг"]]),
            quarantined="unreadable date"),
    Hostile("empty_sheet.xlsx", _xlsx([]), refused="no non-empty sheet"),
]


def write_corpus(folder: Path, huge_bytes: int = 100 * 1024 * 1024) -> list[tuple[Path, Hostile]]:
    """Write every hostile file (plus a 100 MB one) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    items = [*CORPUS, Hostile("huge_100mb.csv", _huge_csv(huge_bytes), refused="no line break in the first 1 MB")]
    written = []
    for item in items:
        path = folder / item.name
        path.write_bytes(item.content)
        written.append((path, item))
    return written
