"""Find the header of an export — one row, or a group row over sub-headers — and map its columns onto canonical fields,
from the header's words in every claimed language and from what the column's values look like."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import polars as pl
from unidecode import unidecode

from warehouse import reference

SCAN_ROWS = 30
SAMPLE = 40  # distinct values of a column read for content evidence: a sample, never every row
QUANTITY_FIELDS = ("quantity", "mass_kg", "mass_g", "mass_lbs", "n_events")
MASS_FIELDS = {"mass_kg": ("kg", 1.0), "mass_g": ("g", 1e-3), "mass_lbs": ("lb", 0.45359237)}  # field: unit, kg
CONTENT_FIELDS = ("crossing_point", "substance", "date", "period")  # fields values alone can establish
STRONG_CONTENT = 0.6  # share of a column's sampled values that must look like the field
# Cyrillic letters of the region's languages folded to the Latin letter their Latin alphabets use, so Uzbek "Ўлчов"
# and "O‘lchov", Tajik "Изоҳ" and Uzbek "Izoh" meet; ъ and ь carry no letter.
LETTERS = str.maketrans({"ў": "o", "қ": "q", "ғ": "g", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ә": "a", "ө": "o",
                         "ү": "u", "ұ": "u", "і": "i", "ң": "n", "һ": "h", "ъ": "", "ь": ""})
QUOTES = re.compile(r"[ʻʼ‘’'`´\"«»“”„]")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is, which column holds which field, and what named or showed each field."""

    row_index: int  # the last header row (a group row over sub-headers makes two)
    columns: dict[str, str]  # field → column
    headers: dict[str, str]  # column → header text (group and sub-header joined)
    first_index: int | None = None
    units: dict[str, str] = field(default_factory=dict)  # column → unit its header names ("kg", "шт")
    currency: str | None = None  # the currency the value column's header names
    evidence: dict[str, str] = field(default_factory=dict)  # field → why this column
    personal: tuple[str, ...] = ()  # columns whose header names a person's data: dropped, never read on

    def missing(self, national: bool = False) -> list[str]:
        """Required fields this header lacks (a crossing point, unless the file is national-level)."""
        gaps = []
        if not {"date", "period", "year"} & self.columns.keys():
            gaps.append("date")
        if "substance" not in self.columns:
            gaps.append("substance")
        if not set(QUANTITY_FIELDS) & self.columns.keys():
            gaps.append("quantity")
        if not national and "crossing_point" not in self.columns:
            gaps.append("crossing_point")
        return gaps


@lru_cache(maxsize=1 << 16)  # the same header and title cells are folded for every profile and candidate row
def fold(text: str | None) -> str:
    """Text reduced to what identifies its words: case, script, apostrophes, quotes and punctuation folded away."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    text = unidecode(QUOTES.sub("", text).translate(LETTERS)).casefold()
    return re.sub(r"[^a-z0-9#]+", " ", text).strip()


@cache
def vocabulary() -> dict[str, str]:
    """Folded header word or phrase → canonical field."""
    raw = reference.vocabulary()
    return {fold(str(phrase)) or str(phrase): name for name, phrases in raw.items() for phrase in phrases}


def fields() -> set[str]:
    """Every field a profile may map a column to."""
    return (set(vocabulary().values()) - {"mass"}) | set(MASS_FIELDS) | {"location", "ignore"}


def _matches(words: list[str], phrase: str) -> bool:
    """Whether the phrase's words occur in order in the header's words (long words as prefixes)."""
    parts = phrase.split()
    for start in range(len(words) - len(parts) + 1):
        if all(w == p or (len(p) >= 4 and w.startswith(p)) for w, p in zip(words[start:], parts, strict=False)):
            return True
    return False


@cache
def _by_first_word() -> dict[str, list[tuple[str, str]]]:
    """Vocabulary entries by their first word (its first four letters for a long word, which matches as a stem)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for phrase, name in vocabulary().items():
        first = phrase.split()[0] if phrase.split() else phrase
        index.setdefault(first[:4] if len(first) >= 4 else first, []).append((phrase, name))
    return index


def header_field(header: str | None, extra: dict[str, str] | None = None) -> tuple[str | None, str | None]:
    """The field a header's words name, with the vocabulary entry that named it (a profile's own headers first)."""
    return _header_field(header, tuple((extra or {}).items()))


@cache
def _header_field(header: str | None, extra: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None]:
    folded = fold(header)
    if not folded or not re.search(r"[a-z#]", folded):
        return None, None
    for name, target in extra:
        if fold(name) == folded:
            return target, name
    words = folded.split()
    if folded in ("#", "n", "no"):  # "№" folds to "no"
        return "row_number", folded
    index = _by_first_word()
    candidates = {entry for w in words for key in {w, w[:4]} for entry in index.get(key, ())}
    hits = [(len(p), name, p) for p, name in candidates if _matches(words, p)]
    if not hits:
        return None, None
    _, name, phrase = max(hits)
    return name, phrase


def header_unit(header: str) -> tuple[str, object] | None:
    """A unit or currency the header names ("Вес, кг", "Изъято (шт.)", "Стоимость, сум"): (kind, factor or name)."""
    from assets.shared.quantities import currency_in, parse_quantity

    if currency := currency_in(header):  # "Value, KGS" names som, not kilograms
        return "currency", currency
    for word in re.findall(r"[^\W\d_][^\s\d(),;:./_]*", header):
        quantity = parse_quantity(f"1 {word}")
        if quantity.problem:
            continue
        if quantity.mass_kg is not None:
            return "mass", quantity.mass_kg
        if quantity.count_unit:
            return "count", quantity.count_unit
    return None


def _combined(rows: pl.DataFrame, index: int) -> list[str | None] | None:
    """A group row over sub-headers read as one header: each sub-header joined to the group cell above it."""
    if index + 1 >= rows.height:
        return None
    top, sub = list(rows.row(index)), list(rows.row(index + 1))
    below = [i for i, c in enumerate(sub) if c and c.strip()]
    above = [i for i, c in enumerate(top) if c and c.strip()]
    if len(below) < 2 or len(above) < 2 or any(_is_data(c) for c in sub if c):
        return None  # a one-cell title over a header is no group header
    group, joined = None, []
    for i, (cell, under) in enumerate(zip(top, sub, strict=True)):
        if cell and cell.strip():
            group = cell if i + 1 < len(top) and not (top[i + 1] or "").strip() and under else None
            joined.append(f"{cell} {under}" if under and under.strip() else cell)
        else:
            joined.append(f"{group} {under}" if group and under else under)
            group = group if under else None
    return joined


def _is_data(cell: str) -> bool:
    """A cell that reads as a value (a date, a number), which a header never is."""
    return bool(re.fullmatch(r"[\d\s.,:/-]+", cell.strip()))


def _row_score(cells: list[str | None], extra: dict[str, str] | None) -> int:
    found = {header_field(cell, extra)[0] for cell in cells}
    return len(found - {None, "ignore", "row_number", "personal"})


def detect_header(rows: pl.DataFrame, extra: dict[str, str] | None = None) -> HeaderMatch | None:
    """The header among the first rows whose cells name the most fields (at least two), mapped by words and values."""
    best: tuple[int, int, int, list[str | None]] | None = None
    for index, cells in enumerate(rows.head(SCAN_ROWS).iter_rows()):
        for span, texts in ((1, list(cells)), (2, _combined(rows, index))):
            if texts is None:
                continue
            score = _row_score(texts, extra)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, index, span, texts)
    if best is None:
        return None
    _, first, span, texts = best
    headers = dict(zip(rows.columns, [(c or "").strip() for c in texts], strict=True))
    return _assign(rows.slice(first + span, 200), headers, extra, first + span - 1, first)


def _assign(body: pl.DataFrame, headers: dict[str, str], extra: dict[str, str] | None, last: int, first: int
            ) -> HeaderMatch:
    """Fields for the columns: header words first, then what the values look like where the header says nothing."""
    columns: dict[str, str] = {}
    evidence: dict[str, str] = {}
    units: dict[str, str] = {}
    currency = None
    personal: list[str] = []
    for column, text in headers.items():
        name, phrase = header_field(text, extra)
        if name == "personal":
            personal.append(column)
            continue
        unit = header_unit(text) if text and name in (None, "quantity", "mass", "value") else None
        if unit and unit[0] == "mass" and name in (None, "quantity", "mass"):
            name = next((f for f, (_, kg) in MASS_FIELDS.items() if kg == unit[1]), "mass_kg")
        elif unit and unit[0] == "count" and name in (None, "quantity", "mass"):
            name, units[column] = "quantity", unit[1]
        elif unit and unit[0] == "currency" and name in (None, "value"):
            name, currency = "value", unit[1]
        name = "mass_kg" if name == "mass" else name
        if name and name != "ignore" and name not in columns:
            columns[name] = column
            evidence[name] = f"header '{text}'" + (f" ({phrase})" if phrase else "") + (
                f", names {_unit_name(unit[1])}" if unit else "")
    taken = {*columns.values(), *personal}
    for name in CONTENT_FIELDS:
        if name in columns or (name == "period" and {"date", "year"} & columns.keys()):
            continue
        if name == "date" and "period" in columns:
            continue
        candidates = [c for c in body.columns if c not in taken or _weak(columns, c)]
        scored = [(share, c) for c in candidates if (share := content_share(name, _sample(body, c))) >= STRONG_CONTENT]
        if scored:
            share, column = max(scored)
            columns = {f: c for f, c in columns.items() if c != column} | {name: column}
            evidence = {f: e for f, e in evidence.items() if f in columns} | {
                name: f"values: {share:.0%} read as {name.replace('_', ' ')} (header '{headers[column]}')"}
            taken = {*columns.values(), *personal}
    return HeaderMatch(last, columns, headers, first, units, currency, evidence, tuple(personal))


def _unit_name(unit: object) -> object:
    """A header's unit as a word: the mass unit of its factor, or the count unit or currency itself."""
    return next((name for name, kg in MASS_FIELDS.values() if kg == unit), unit)


def _weak(columns: dict[str, str], column: str) -> bool:
    """A column whose header gave only a field that values may overrule (a place, a note)."""
    return any(c == column for f, c in columns.items() if f in ("location", "remarks", "agency"))


def _sample(body: pl.DataFrame, column: str) -> list[str]:
    values = body.get_column(column).drop_nulls().str.strip_chars()
    return values.filter(values != "").unique(maintain_order=True).head(SAMPLE).to_list()


def content_share(name: str, values: list[str]) -> float:
    """Share of the sampled values that read as the field (0 when there are too few to say)."""
    if len(values) < 2:
        return 0.0
    if name == "crossing_point":
        from assets.shared.crossings import match_crossings

        methods = match_crossings(values).get_column("match_method")
        return float(methods.is_in(["exact", "normalised"]).mean())
    if name == "substance":
        from assets.shared.substances import match_substances

        found = match_substances(values).get_column("match_method")
        return float((found.is_in(["exact", "alias", "normalised"])).mean())
    from assets.ingest.values import date_order, parse_date, parse_month

    if name == "date":
        order, _ = date_order(values)
        return sum(parse_date(v, order=order) is not None for v in values) / len(values) if order else 0.0
    return sum(parse_month(v) is not None for v in values) / len(values)
