"""Read any agency export (CSV/TSV, XLSX, JSON, JSON Lines) into a grid of text cells; refuse anything else clearly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from assets.ingest.json_records import read_json
from assets.ingest.limits import MAX_BYTES, check_lines, check_size, check_workbook, special_file
from assets.ingest.sheets import SNIFF_BYTES, Sheet, UnreadableFile, decimal_hint, decode

__all__ = ["UnreadableFile", "read_export"]  # what readers of an export need
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}


def read_export(path: Path) -> list[Sheet]:
    """Every table in an export file, as text cells."""
    if not os.path.lexists(path):
        raise UnreadableFile(f"{path.name}: no such file")
    if reason := special_file(path):  # never opened: a link may point anywhere, and a pipe blocks its reader
        raise UnreadableFile(reason)
    if path.stat().st_size == 0:
        raise UnreadableFile(f"{path.name}: the file is empty")
    check_size(path, MAX_BYTES, "one export")
    suffix = path.suffix.lower()
    head = path.open("rb").read(8)
    if suffix in {".xlsx", ".xlsm", ".xls"} or head.startswith(b"PK\x03\x04"):
        return _read_excel(path)
    if suffix in JSON_SUFFIXES:
        return [read_json(path)]
    if suffix in {".csv", ".tsv", ".txt"}:
        return [_read_delimited(path)]
    raise UnreadableFile(f"{path.name}: unsupported file type '{suffix or '(none)'}' (expected CSV, TSV, XLSX or JSON)")


def _read_delimited(path: Path) -> Sheet:
    """A CSV/TSV export in whichever separator, quoting and encoding its sender used."""
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise UnreadableFile(f"{path.name}: the file holds no text")
    data = text.encode("utf-8")
    check_lines(data, path.name)
    sep, quote = delimiter(text[:SNIFF_BYTES]), '"'
    # Polars' reader, not DuckDB's: the bench's 61 CSV exports (708,000 rows) read in 0.15 s, by DuckDB's read_csv
    # (the same dialect, every column VARCHAR) into a frame in 0.83 s
    try:
        frame = pl.read_csv(io.BytesIO(data), has_header=False, separator=sep, quote_char=quote,
                            infer_schema=False)
    except pl.exceptions.ComputeError:
        frame = _split_by_csv_module(text, sep, path.name)
    except pl.exceptions.PolarsError as exc:
        raise UnreadableFile(f"{path.name}: not a readable delimited file ({str(exc).splitlines()[0]})") from None
    frame = _trimmed(_fill_width(frame))
    return Sheet(name=path.name, rows=frame, decimal=decimal_hint(frame))


def _split_by_csv_module(text: str, sep: str, name: str) -> pl.DataFrame:
    """The rows polars cannot read, split by the csv module (strictly: an unterminated quote is refused).

    Polars cuts rows longer than the first one (their extra cells must be kept, to be quarantined) and miscounts
    quoted line breaks in rows of uneven length; this rare path is the only one that leaves polars.
    """
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=sep, strict=True))
    except csv.Error as exc:
        raise UnreadableFile(f"{name}: not a readable delimited file ({exc})") from None
    width = max(len(row) for row in rows)
    return pl.DataFrame([row + [None] * (width - len(row)) for row in rows],
                        schema={f"column_{i + 1}": pl.String for i in range(width)}, orient="row")


def delimiter(sample: str) -> str:
    """The separator that splits the first records most, and evenly (give or take a trailing separator).

    csv.Sniffer is not used: on short samples with decimal commas ("71,11") it picks ',' over ';'. The csv module
    splits the records, so a quoted field running over several lines counts as one record.
    """
    sample = sample[: sample.rfind("\n") + 1] or sample  # the sample's last line may be cut short
    best, best_score = ",", 0
    for candidate in (";", "\t", ",", "|"):
        try:
            records = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=candidate), 30))
        except csv.Error:
            continue
        counts = sorted(len(record) - 1 for record in records if any(cell.strip() for cell in record))
        counts = [c for c in counts if c] or counts  # a title line above the table is one cell under any candidate
        if not counts or counts[len(counts) // 2] == 0:
            continue
        median = counts[len(counts) // 2]
        even = sum(abs(c - median) <= 1 for c in counts) / len(counts)
        if even >= 0.8 and median > best_score:
            best, best_score = candidate, median
    return best


def _trimmed(frame: pl.DataFrame) -> pl.DataFrame:
    """The grid without the always-empty columns at its right edge that a trailing separator leaves."""
    width = frame.width
    while width > 1 and (frame.get_column(frame.columns[width - 1]).str.strip_chars().fill_null("") == "").all():
        width -= 1  # from the right edge: the last column is almost always filled, and one test settles it
    return frame.select(frame.columns[:width])


def _read_excel(path: Path) -> list[Sheet]:
    """Every non-empty sheet of a workbook, named `file#sheet` so lineage names the sheet."""
    check_workbook(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken zips and bad XML
        raise UnreadableFile(f"{path.name}: not a readable XLSX workbook ({str(exc).splitlines()[0][:120]})") from None
    sheets, offset = [], 0
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            cells = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # a damaged sheet is reported, not raised
            raise UnreadableFile(f"{path.name}: sheet '{name}' is damaged ({str(exc)[:120]})") from None
        if not cells or not any(any(_cell_text(v) for v in row) for row in cells):
            continue
        _spread_group_headers(cells, sheet.merged_cell_ranges or [])
        width = max(len(r) for r in cells)
        data = {f"column_{i + 1}": [_cell_text(r[i]) if i < len(r) else None for r in cells] for i in range(width)}
        # rows are numbered on through the workbook's sheets so (file, row) stays unique
        rows = _trimmed(pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)))
        sheets.append(Sheet(name=f"{path.name}#{name}", rows=rows, first_row=offset + 1, decimal=decimal_hint(rows)))
        offset += rows.height
    if not sheets:
        raise UnreadableFile(f"{path.name}: the workbook has no non-empty sheet")
    return sheets


def _spread_group_headers(cells: list[list], merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A group header merged over sub-headers ("Изъято" over "вес, кг" / "кол-во") written above each of them.

    Calamine keeps a merged range's value in its top-left cell only. A group header sits beside other headers on its
    row (a title is alone on its own) over a row that splits it into sub-headers, above the first row holding two
    numbers or dates (where the data starts): merges in the data are left as they are.
    """
    data_start = next((i for i, row in enumerate(cells)
                       if sum(v is not None and not isinstance(v, str) for v in row) >= 2), len(cells))
    for (top, left), (bottom, right) in merges:
        if top < data_start and _is_group_header(cells, top, left, bottom, right):
            cells[top][left + 1:right + 1] = [cells[top][left]] * (right - left)


def _is_group_header(cells: list[list], top: int, left: int, bottom: int, right: int) -> bool:
    """A merge over several columns with other headers beside it and at least two sub-headers below it."""
    if not left < right < len(cells[top]) or bottom + 1 >= len(cells) or cells[top][left] == "":
        return False
    beside = cells[top][:left] + cells[top][right + 1:]
    return any(v != "" for v in beside) and sum(v != "" for v in cells[bottom + 1][left:right + 1]) >= 2


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


def _fill_width(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns named column_1… in file order."""
    return frame.rename({c: f"column_{i + 1}" for i, c in enumerate(frame.columns)})
