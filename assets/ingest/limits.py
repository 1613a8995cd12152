"""How much one export may hold, checked before a reader allocates for it: a file over a limit is refused with the
limit named. Links and special files are never opened."""

from __future__ import annotations

import copy
import hashlib
import os
import stat
import zipfile
import zlib
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from assets.ingest.sheets import UnreadableFile

MAX_BYTES = 2 * 1024**3  # one export file as landed
MAX_LINE = 1024**2  # one line of a CSV/TSV export
MAX_JSON_BYTES = 512 * 1024**2  # a JSON document is held whole, several times its size, while its records are found
MAX_JSON_DEPTH = 64  # deeper than any table of records
MAX_INFLATED = 1024**3  # a workbook's parts, decompressed
MAX_RATIO = 200  # decompressed : compressed size of one large workbook part (sheet XML compresses 5 to 50 times)
RATIO_FROM = 16 * 1024**2  # parts inflating to less than this are not held to the ratio: they cannot hurt
MAX_SHEET_ROWS = 1_048_576  # Excel's own maximum: a sheet with more rows was not written by a spreadsheet
MAX_PARTS = 10_000
_CHUNK = 1 << 20


def _size_text(n: int) -> str:
    """A byte count as a person reads it."""
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB" if n >= 1024**2 else f"{n} bytes"


def special_file(path: Path) -> str | None:
    """Why a landed entry is not an export to open (a link, a device, a pipe, a folder), or None for a plain file."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return f"{path.name}: a symbolic link (to {os.readlink(path)}), not an export file: land the export itself"
    if not stat.S_ISREG(mode):
        return f"{path.name}: not a regular file (a folder, device, pipe or socket), not an export file"
    return None


def special_fingerprint(path: Path) -> str:
    """What identifies a landed entry that is never opened: its kind, and where a link points."""
    target = os.readlink(path) if path.is_symlink() else oct(path.lstat().st_mode)
    return hashlib.sha256(f"special:{target}".encode()).hexdigest()


def check_size(path: Path, limit: int, kind: str) -> None:
    """Refuse a file larger than the limit for its kind."""
    size = path.stat().st_size
    if size > limit:
        raise UnreadableFile(f"{path.name}: {_size_text(size)} is larger than the {_size_text(limit)} limit for {kind}")


def check_lines(data: bytes, name: str) -> None:
    """Refuse delimited text with a line longer than MAX_LINE.

    A line longer than MAX_LINE holds a whole aligned block of MAX_LINE / 2 bytes without a line break, so only the
    blocks are searched (memchr over each, stopping at its first break), and the lines around a block without one.
    """
    block = MAX_LINE // 2
    for start in range(0, len(data), block):
        if data.find(b"\n", start, start + block) >= 0:
            continue
        first = data.rfind(b"\n", 0, start) + 1
        end = data.find(b"\n", start)
        if (len(data) if end < 0 else end) - first > MAX_LINE:
            line = data.count(b"\n", 0, first) + 1
            raise UnreadableFile(f"{name}: line {line} is longer than the {_size_text(MAX_LINE)} limit for one line "
                                 "of a table")


def check_workbook(path: Path) -> None:
    """Refuse a workbook that inflates beyond the limits, declares a DTD (entity expansion) or holds a sheet of more
    rows than Excel allows: the zip directory first, then every part's real stream, before the XLSX reader runs."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip archive at all: the XLSX reader refuses it in its own words
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise UnreadableFile(f"{path.name}: {len(parts)} parts, over the limit of {MAX_PARTS} for a workbook")
        declared = sum(part.file_size for part in parts)
        if declared > MAX_INFLATED:
            raise UnreadableFile(f"{path.name}: the workbook inflates to {_size_text(declared)}, over the "
                                 f"{_size_text(MAX_INFLATED)} limit for a workbook")
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise UnreadableFile(f"{path.name}: part {part.filename} is compressed {ratio:.0f} to 1, over the "
                                     f"{MAX_RATIO} to 1 limit for a workbook part")
        try:
            inflated = 0
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    _refuse_dtd(archive, part, path.name)
                inflated += _inflate(archive, part, path.name, MAX_INFLATED - inflated)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
            raise UnreadableFile(f"{path.name}: not a readable XLSX workbook ({str(exc)[:120]})") from None


def _refuse_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """A workbook part's XML up to its first element, parsed with DTDs forbidden (OOXML never declares one)."""
    with archive.open(part) as stream:
        try:
            next(iterparse(stream, events=("start",), forbid_dtd=True), None)
        except DefusedXmlException:
            raise UnreadableFile(f"{name}: part {part.filename} declares a DTD; entity declarations are refused in "
                                 "a workbook") from None
        except ParseError:
            pass  # malformed XML: the XLSX reader refuses it in its own words


def _inflate(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, room: int) -> int:
    """How many bytes a part really inflates to (its declared size may lie), refused past `room` or, for a sheet,
    past Excel's row limit."""
    real = copy.copy(part)
    real.file_size = room + 1  # read what the stream holds, not what the directory says it holds
    inflated, rows = 0, 0
    sheet = "worksheets/" in part.filename
    with archive.open(real) as stream:
        while chunk := stream.read(_CHUNK):
            inflated += len(chunk)
            if inflated > room:
                raise UnreadableFile(f"{name}: the workbook inflates to more than the {_size_text(MAX_INFLATED)} "
                                     "limit for a workbook")
            if sheet:
                rows += chunk.count(b"<row") + chunk.count(b":row ")  # give or take one cut between chunks
                if rows > MAX_SHEET_ROWS:
                    raise UnreadableFile(f"{name}: sheet part {part.filename} holds more than {MAX_SHEET_ROWS:,} "
                                         "rows, Excel's limit for one sheet")
    return inflated
