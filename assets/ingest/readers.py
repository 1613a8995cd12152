"""Read any agency export (CSV/TSV, XLSX, JSON) into a grid of text cells, refusing anything else clearly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from charset_normalizer import from_bytes
from python_calamine import CalamineWorkbook

MAX_BYTES = 2 * 1024**3
SNIFF_BYTES = 64 * 1024
MAX_LINE = 1024**2


class UnreadableFile(ValueError):
    """A file that cannot be read as an agency export; the message is one line for the user."""


@dataclass
class Sheet:
    """One table of text cells as found in the file; `rows` keeps file order, row 1 = first physical row."""

    name: str
    rows: pl.DataFrame
    first_row: int = 1
    fixed: dict[str, str] = field(default_factory=dict)
    decimal: str | None = None


def read_export(path: Path) -> list[Sheet]:
    """Every table in an export file, as text cells."""
    if not path.is_file():
        raise UnreadableFile(f"{path.name}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"{path.name}: the file is empty")
    if size > MAX_BYTES:
        raise UnreadableFile(f"{path.name}: {size / 1024**3:.1f} GB is larger than the 2 GB limit for one export")
    suffix = path.suffix.lower()
    head = path.open("rb").read(8)
    if suffix in {".xlsx", ".xlsm", ".xls"} or head.startswith(b"PK\x03\x04"):
        return _read_excel(path)
    if suffix == ".json":
        return [_read_json(path)]
    if suffix in {".csv", ".tsv", ".txt"}:
        return [_read_delimited(path)]
    raise UnreadableFile(f"{path.name}: unsupported file type '{suffix or '(none)'}' (expected CSV, TSV, XLSX or JSON)")


def decode(raw: bytes, name: str) -> str:
    """Text of a file in whichever common encoding it uses (UTF-8 ± BOM, UTF-16, cp1251, …)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raw = raw[3:]  # a UTF-8 byte-order mark on text in another encoding: detect it below
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise UnreadableFile(f"{name}: binary content, not a text export")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[: 4 * SNIFF_BYTES], cp_isolation=["cp1251", "koi8_r", "cp1252", "latin_1"]).best()
    if best is None:
        raise UnreadableFile(f"{name}: cannot tell the text encoding")
    return raw.decode(best.encoding, errors="replace")


def _read_delimited(path: Path) -> Sheet:
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise UnreadableFile(f"{path.name}: the file holds no text")
    first_break = text.find("\n", 0, MAX_LINE)
    if first_break < 0 and len(text) >= MAX_LINE:
        raise UnreadableFile(f"{path.name}: no line break in the first {MAX_LINE // 1024**2} MB, not a table")
    sep, quote = delimiter(text[:SNIFF_BYTES]), '"'
    try:
        frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), has_header=False, separator=sep, quote_char=quote,
                            infer_schema=False)
    except pl.exceptions.ComputeError as exc:
        if "more fields" not in str(exc):
            raise UnreadableFile(f"{path.name}: not a readable delimited file ({str(exc).splitlines()[0]})") from None
        frame = _ragged(text, sep)
    except pl.exceptions.PolarsError as exc:
        raise UnreadableFile(f"{path.name}: not a readable delimited file ({str(exc).splitlines()[0]})") from None
    frame = _fill_width(frame)
    return Sheet(name=path.name, rows=frame, decimal=_decimal_hint(frame, sep))


def _ragged(text: str, sep: str) -> pl.DataFrame:
    """Rows longer than the first one, kept whole so the extra cells can be quarantined (polars would cut them).

    The csv module is used only on this rare path: polars can read ragged lines only by truncating them.
    """
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    width = max(len(row) for row in rows)
    return pl.DataFrame([row + [None] * (width - len(row)) for row in rows],
                        schema={f"column_{i + 1}": pl.String for i in range(width)}, orient="row")


def delimiter(sample: str) -> str:
    """The separator that splits the first lines most, and evenly.

    csv.Sniffer is not used: on short samples with decimal commas ("71,11") it picks ',' over ';'.
    """
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, best_score = ",", 0.0
    for candidate in (";", "\t", ",", "|"):
        counts = sorted(next(csv.reader([line], delimiter=candidate)).__len__() - 1 for line in lines)
        if not counts or counts[len(counts) // 2] == 0:
            continue
        median = counts[len(counts) // 2]
        even = sum(c == median for c in counts) / len(counts)
        if even >= 0.8 and median > best_score:
            best, best_score = candidate, median
    return best


def _decimal_hint(frame: pl.DataFrame, sep: str) -> str | None:
    """A `;`-separated file whose numbers are written `12,5` uses decimal commas."""
    if sep != ";":
        return None
    sample = frame.head(200).unpivot().get_column("value").drop_nulls()
    commas = sample.str.contains(r"^-?\d+,\d{1,2}$|^-?\d+,\d{4,}$").sum()
    return "," if commas > 0 else None


def _read_excel(path: Path) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken zips and bad XML
        raise UnreadableFile(f"{path.name}: not a readable XLSX workbook ({str(exc).splitlines()[0][:120]})") from None
    sheets, offset = [], 0
    for name in book.sheet_names:
        try:
            cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # a damaged sheet is reported, not raised
            raise UnreadableFile(f"{path.name}: sheet '{name}' is damaged ({str(exc)[:120]})") from None
        if not cells or not any(any(_cell_text(v) for v in row) for row in cells):
            continue
        width = max(len(r) for r in cells)
        data = {f"column_{i + 1}": [_cell_text(r[i]) if i < len(r) else None for r in cells] for i in range(width)}
        # rows are numbered on through the workbook's sheets so (file, row) stays unique
        rows = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))
        sheets.append(Sheet(name=f"{path.name}#{name}", rows=rows, first_row=offset + 1))
        offset += rows.height
    if not sheets:
        raise UnreadableFile(f"{path.name}: the workbook has no non-empty sheet")
    return sheets


def _cell_text(value: object) -> str | None:
    """Excel cells as text; real dates become ISO dates so they parse like any other."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_json(path: Path) -> Sheet:
    try:
        doc = json.loads(decode(path.read_bytes(), path.name))
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{path.name}: invalid JSON at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise UnreadableFile(f"{path.name}: JSON nested too deeply to be a table of records") from None
    fixed: dict[str, str] = {}
    records = doc
    if isinstance(doc, dict):
        fixed = {k: str(v) for k, v in doc.items() if isinstance(v, str | int | float) and not isinstance(v, bool)}
        lists = [v for v in doc.values() if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
        if not lists:
            raise UnreadableFile(f"{path.name}: the JSON object holds no list of records")
        records = max(lists, key=len)
    if not isinstance(records, list) or not records or not all(isinstance(r, dict) for r in records):
        raise UnreadableFile(f"{path.name}: expected a JSON array of records or an object holding one")
    keys: list[str] = list(dict.fromkeys(k for r in records for k in r))
    header = {f"column_{i + 1}": [k] for i, k in enumerate(keys)}
    body = {f"column_{i + 1}": _json_column([r.get(k) for r in records]) for i, k in enumerate(keys)}
    rows = pl.concat([pl.DataFrame(header, schema=dict.fromkeys(header, pl.String)),
                      pl.DataFrame(body, schema=dict.fromkeys(body, pl.String))])
    return Sheet(name=path.name, rows=rows, first_row=0, fixed=fixed)


def _json_column(values: list) -> list[str | None]:
    """A column of JSON values as text; text cells, most of them, are taken as they are."""
    return [v if v is None or v.__class__ is str else _json_text(v) for v in values]


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fill_width(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename({c: f"column_{i + 1}" for i, c in enumerate(frame.columns)})
