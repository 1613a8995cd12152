"""Broken and hostile export files, each with what ingestion must make of it: a one-line refusal or a quarantine."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
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


def _with_sheet(sheet_xml: bytes) -> bytes:
    """GOOD_XLSX with its sheet's XML replaced."""
    source, buffer = zipfile.ZipFile(io.BytesIO(GOOD_XLSX)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            archive.writestr(part.filename, sheet_xml if part.filename == "xl/worksheets/sheet1.xml"
                             else source.read(part.filename))
    return buffer.getvalue()


def _sheet(rows: bytes, prologue: bytes = b"") -> bytes:
    return (prologue + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + rows + b"</sheetData></worksheet>")


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol1 "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(2, 10)) + b"]>")
ROW = (b'<row><c t="inlineStr"><is><t>12.03.2023</t></is></c><c t="inlineStr"><is><t>Oybek</t></is></c>'
       b'<c t="inlineStr"><is><t>heroin</t></is></c><c><v>%d</v></c></row>')


def zip_bomb_xlsx(path: Path, inflated: int = 1536 * 1024**2, declared: int | None = None) -> Path:
    """A workbook whose one sheet inflates to about `inflated` bytes of seizure rows from a few MB, written without
    holding them: one block of rows is deflated once and its stream repeated (a full flush ends each block's stream
    where the next can start afresh). `declared` is the size its zip directory claims (the truth when None)."""
    rows = b"".join(ROW % (i // 50 % 10 + 1) for i in range(8_000))
    header = b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % name.encode()
                      for name in ("Дата", "Пункт пропуска", "Вещество", "Вес, кг"))
    prologue = _sheet(b"<row>" + header + b"</row>").split(b"</sheetData>")[0]
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    block = compressor.compress(rows) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = max(1, (inflated - len(prologue)) // len(rows))
    head, tail = zlib.compressobj(6, zlib.DEFLATED, -15), zlib.compressobj(6, zlib.DEFLATED, -15)
    start = head.compress(prologue) + head.flush(zlib.Z_FULL_FLUSH)
    end = tail.compress(b"</sheetData></worksheet>") + tail.flush()
    crc = zlib.crc32(prologue)
    for _ in range(repeats):
        crc = zlib.crc32(rows, crc)
    crc = zlib.crc32(b"</sheetData></worksheet>", crc)
    size = len(prologue) + repeats * len(rows) + len(b"</sheetData></worksheet>")
    source = zipfile.ZipFile(io.BytesIO(GOOD_XLSX))
    parts = [(p.filename, zlib.compress(source.read(p.filename))[2:-4], zlib.crc32(source.read(p.filename)),
              p.file_size) for p in source.infolist() if p.filename != "xl/worksheets/sheet1.xml"]
    with path.open("wb") as out:
        directory = []

        def entry(name: str, chunks, crc: int, size: int, length: int) -> None:
            offset, encoded = out.tell(), name.encode()
            fields = (20, 0, 8, 0, 0x21, crc, length, size, len(encoded))
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + encoded)
            for chunk in chunks:
                out.write(chunk)
            directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + encoded)

        for name, data, part_crc, part_size in parts:
            entry(name, [data], part_crc, part_size, len(data))
        length = len(start) + repeats * len(block) + len(end)
        entry("xl/worksheets/sheet1.xml", [start, *[block] * repeats, end], crc, declared or size, length)
        where = out.tell()
        out.write(b"".join(directory))
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), out.tell() - where,
                              where, 0))
    return path


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
    Hostile("entity_bomb.xlsx", _with_sheet(_sheet(b"<row><c><v>&lol9;</v></c></row>", LAUGHS)),
            refused="declares a DTD"),
    Hostile("too_many_rows.xlsx", _with_sheet(_sheet(b"<row/>" * 1_050_000)), refused="more than 1,048,576 rows"),
    Hostile("long_line.csv", _csv("12.03.2023,Ойбек,героин," + "7" * (1024**2 + 1)), refused="line 3 is longer than "
            "the 1 MB limit"),
    Hostile("deep.json", b"[" * 200 + b"]" * 200, refused="more than 64 levels"),
]


def write_corpus(folder: Path, huge_bytes: int = 100 * 1024 * 1024) -> list[tuple[Path, Hostile]]:
    """Write every hostile file (plus a 100 MB one) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    items = [*CORPUS, Hostile("huge_100mb.csv", _huge_csv(huge_bytes), refused="line 1 is longer than the 1 MB limit")]
    written = []
    for item in items:
        path = folder / item.name
        path.write_bytes(item.content)
        written.append((path, item))
    return written
