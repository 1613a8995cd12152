"""The records of a JSON or JSON Lines export, wherever they sit in the document, with their enclosing fields."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import polars as pl

from assets.ingest.limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, check_size
from assets.ingest.sheets import Sheet, UnreadableFile, decimal_hint, decode

SAMPLE_RECORDS = 100
MAX_SHAPES = 100  # differently shaped lists of objects in one JSON document; bounds the search for its records
_NESTED = {dict, list}
_PLAIN = {str, int, float, type(None)}


@dataclass
class _RecordList:
    """A list of records where it was found, with the scalar fields of the objects enclosing it."""

    path: tuple[str, ...]
    records: list[dict]
    context: dict[str, str]
    keys: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = {k for r in self.records[:SAMPLE_RECORDS] for k in r}

    def cells(self) -> float:
        """About how many values other than lists it holds: records hold values, groups hold lists of records."""
        sample = self.records[:SAMPLE_RECORDS]
        return len(self.records) * sum(not isinstance(v, list) for r in sample for v in r.values()) / len(sample)


def read_json(path: Path) -> Sheet:
    """The records of a JSON (or JSON Lines) export, wherever they sit in the document, as a header row and rows.

    The records are the lists of objects of one shape (found at the same place, with mostly the same fields) that
    hold the most values: every list of a shape, so lists per group or per month are concatenated. Each record
    carries the scalar fields of the objects enclosing it as extra columns after its own, a record's own value
    winning: a field of the top object or of a list's element (a group: {"post": "Oybek", "seizures": […]}) is
    named by its key; a field of an object held under a key is named by both ("blo": {"name": …} → "blo name"),
    the outer wrapper keys ("export", "report") naming the document rather than the value. `fixed` keeps the
    enclosing fields that are the same for every record.
    """
    check_size(path, MAX_JSON_BYTES, "a JSON export")
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise UnreadableFile(f"{path.name}: the file holds no text")
    try:
        doc = _json_document(text, path.suffix.lower() != ".json")
        found: list[_RecordList] = []
        _record_lists(doc, (), {}, None, 0, found)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{path.name}: invalid JSON at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise UnreadableFile(f"{path.name}: JSON nested too deeply to be a table of records (more than "
                             f"{MAX_JSON_DEPTH} levels)") from None
    if not found:
        raise UnreadableFile(f"{path.name}: " + ("the JSON object holds no list of records" if isinstance(doc, dict)
                                                 else "expected a JSON array of records or an object holding one"))
    return _json_sheet(path.name, _records_of_one_shape(found, path.name))


def _json_sheet(name: str, chosen: list[_RecordList]) -> Sheet:
    """The chosen lists as one grid: a header row of field names, then one row per record."""
    parts = [_frame(part) for part in chosen]
    own = dict.fromkeys(c for _, columns in parts for c in columns)
    frame = pl.concat([frame for frame, _ in parts], how="diagonal")
    frame = frame.select(*own, *[c for c in frame.columns if c not in own])
    header = pl.DataFrame([frame.columns], schema=[f"column_{i + 1}" for i in range(frame.width)], orient="row")
    rows = pl.concat([header, frame.rename(dict(zip(frame.columns, header.columns, strict=True)))])
    fixed = {k: v for k, v in chosen[0].context.items()
             if k not in own and all(part.context.get(k) == v for part in chosen)}
    return Sheet(name=name, rows=rows, first_row=0, fixed=fixed, decimal=decimal_hint(rows))


def _json_document(text: str, lines: bool) -> object:
    """The JSON value of a file; JSON Lines (one value a line, or values one after another) as a list of them.

    Python's decoder, not DuckDB's read_json: the bench's 24 JSON exports decode in 0.25 s, and DuckDB takes 2.2 s
    to read and unnest their records into a frame (before any search for where the records sit).
    """
    decoder, values, end = json.JSONDecoder(), [], 0
    space = re.compile(r"\s*")
    while (end := space.match(text, end).end()) < len(text):
        value, end = decoder.raw_decode(text, end)
        values.append(value)
    return values if lines or len(values) > 1 else values[0]


def _record_lists(node: object, path: tuple[str, ...], context: dict[str, str], key: str | None, depth: int,
                  found: list[_RecordList]) -> None:
    """Every list of objects under `node`, each with the scalar fields of the objects around it."""
    if depth > MAX_JSON_DEPTH:
        raise RecursionError  # refused like a document too deep for the JSON parser itself
    if isinstance(node, dict):
        context = {**context, **_scalars(node, key)}
        for k, v in node.items():
            if isinstance(v, dict | list):
                _record_lists(v, (*path, k), context, k, depth + 1, found)
        return
    if not isinstance(node, list):
        return
    records = [item for item in node if isinstance(item, dict)]
    if any(records):
        found.append(_RecordList(path, records, context))
    for item in node:
        if isinstance(item, list) or (isinstance(item, dict) and not _NESTED.isdisjoint(map(type, item.values()))):
            _record_lists(item, (*path, "[]"), context, None, depth + 1, found)


def _scalars(node: dict, key: str | None) -> dict[str, str]:
    """An enclosing object's scalar fields, with those of the plain objects it holds ("meta": {"agency": …})."""
    fields: dict[str, str] = {}
    for k, v in node.items():
        if isinstance(v, dict) and not {dict, list} & set(map(type, v.values())):
            fields.update(_scalars(v, k))
        elif v is not None and not isinstance(v, dict | list):
            fields[f"{key} {k}" if key else k] = _json_text(v)
    return fields


def _records_of_one_shape(found: list[_RecordList], name: str) -> list[_RecordList]:
    """The lists of one shape that hold the most values, the deeper shape on a tie (groups hold their records)."""
    shapes: list[list[_RecordList]] = []
    for part in found:
        shape = next((s for s in shapes if s[0].path[:-1] == part.path[:-1]
                      and 2 * len(part.keys & s[0].keys) >= min(len(part.keys), len(s[0].keys))), None)
        if shape:
            shape.append(part)
        elif len(shapes) < MAX_SHAPES:
            shapes.append([part])
        else:
            raise UnreadableFile(f"{name}: lists of objects in more than {MAX_SHAPES} shapes, not a table of records")
    return max(shapes, key=lambda s: (sum(p.cells() for p in s), len(s[0].path)))


def _frame(part: _RecordList) -> tuple[pl.DataFrame, list[str]]:
    """One list of records as named text columns, then the enclosing fields (a record's own value wins); and the
    names of the records' own columns."""
    columns = _record_columns(part.records)
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_columns(pl.col(k).fill_null(v) if k in columns else pl.lit(v, pl.String).alias(k)
                              for k, v in part.context.items()), list(columns)


def _record_columns(records: list[dict], prefix: str = "") -> dict[str, list[str | None]]:
    """The records' fields as text columns, a nested object's fields named by their path ("weight value").

    Flattened rather than kept as JSON text: a quantity and its unit nested together stay two cells a column
    matcher can read, like the two columns a spreadsheet would give them.
    """
    columns: dict[str, list[str | None]] = {}
    for key in dict.fromkeys(chain.from_iterable(records)):
        values = [r.get(key) for r in records]
        kinds = set(map(type, values))
        if dict in kinds:
            if kinds - {dict, type(None)}:
                columns[prefix + key] = [None if isinstance(v, dict) else _json_text(v) for v in values]
            columns.update(_record_columns([v if isinstance(v, dict) else {} for v in values], f"{prefix}{key} "))
        elif kinds <= {str, type(None)}:
            columns[prefix + key] = values
        elif kinds <= _PLAIN:  # text and numbers only: str() is what `_json_text` writes for a number
            columns[prefix + key] = [v if v is None or v.__class__ is str else str(v) for v in values]
        else:
            columns[prefix + key] = [_json_text(v) for v in values]
    return columns


def _json_text(value: object) -> str | None:
    """A JSON value as text as the file wrote it: numbers as numbers, true/false, lists as JSON."""
    if value is None or value.__class__ is str:
        return value
    if value.__class__ in (int, float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
