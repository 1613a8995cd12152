"""Canonical substances: every name agencies write, placed on the UNODC-based taxonomy or kept as 'unmapped'.

Matching order, per distinct name: exact alias (case-insensitive) → normalised key (Cyrillic/Tajik/Uzbek/Kazakh/
Kyrgyz/Turkmen transliterated with unidecode, punctuation and quotes dropped, spelling variants folded, noise words
such as "наркотическое средство" or "таблетки" and strengths such as "7.5 mg" dropped) → the base term, as exact or
normalised: the name without its brand in quotes («Marlboro», "Kent"), strength or calibre ("5,45 мм"), remarks in
parentheses, what the goods are for ("табак для кальяна", "кальян үчүн тамеки", "qurol uchun o'qlar"), a Turkic or
Tajik plural ending (сигареттер, patronlar, патронҳо) or a capitalised brand beside it ("Сигареты Kent"), else what the
quotes or parentheses hold ("Nos (nasvay)") → rapidfuzz ratio on the keys of at least FUZZY_THRESHOLD → else
substance and group "unmapped" (the record is kept, and listed by `review_queue`).

`brand` keeps the brand: the text in quotes without its strength (unless the quotes hold a generic name, «Героин»),
else the capitalised words left out to match ("Marlboro cigarettes"), else the brand name the name is (aliases with
`is_brand`: "Баклосан 10 мг" → Баклосан).

Several substances in one name ("Phenazepam and Baclosan", "феназепам и баклосан", "героин, гашиш"): the record is
not split (its quantity is one total), it is attributed to the first named substance that matches, and the other
substances matched are listed in `also_named`, separated by "; ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz, process
from unidecode import unidecode

REFERENCE = Path(__file__).parents[2] / "warehouse" / "reference"
# fuzz.ratio (0-100) between normalised keys: 85 accepts one wrong letter in a 7-letter name ("героинн",
# "Phenazepan") but not in a 6-letter one, and never joins short keys such as "nos" and "mdma".
FUZZY_THRESHOLD = 85.0
UNMAPPED = "unmapped"
MATCH_COLUMNS = {"name_raw": pl.String, "substance": pl.String, "substance_group": pl.String,
                 "match_method": pl.String, "confidence": pl.Float64, "also_named": pl.String,
                 "brand": pl.String}

# Tajik, Uzbek, Kazakh and Kyrgyz Cyrillic and Turkmen Latin letters that unidecode renders with apostrophes, as
# '@' or with their diacritic lost.
LETTERS = str.maketrans({"ҳ": "h", "ҷ": "j", "қ": "q", "ғ": "g", "ӣ": "i", "ӯ": "u", "ў": "u", "ә": "a", "ө": "o",
                         "ү": "u", "ұ": "u", "і": "i", "ң": "n", "һ": "h", "ş": "sh", "ç": "ch", "ž": "zh", "ň": "n"})
APOSTROPHES = str.maketrans(dict.fromkeys("ʻʼ‘’`´", "'"))
# Transliteration variants folded to one spelling: марихуана/marixuana/marihuana, феназепам/phenazepam, -ай/-ay.
FOLDS = (("kh", "h"), ("x", "h"), ("ph", "f"), ("y", "i"))
NOISE_STEMS = ("наркотическ", "психотропн", "сильнодейств", "средств", "веществ", "препарат", "таблетк", "таблеток",
               "кустарн", "изготовлен", "контрабанд", "маводи", "мухаддир", "giyohvand", "modda", "vosita", "tablet",
               "pill", "drug", "narcotic", "substance", "seized", "smuggled", "капсул", "capsul", "kapsul", "ампул",
               "ampul")
QUOTED = re.compile(r"[«“„\"]([^«»“”„\"]+)[»”“\"]")
ASIDE = re.compile(r"\(([^)]*)\)?")
STRENGTH = re.compile(r"\d+(?:[.,]\d+)?\s*(?:mg|мг|mcg|мкг|g|г|ml|мл|mm|мм|%)(?:\s*/\s*(?:ml|мл))?(?![^\W\d_])",
                      re.IGNORECASE)
# Words after which a name says what the goods are for or their calibre (the base term comes before them) ...
PURPOSE_AFTER = {"для", "к", "барои", "for", "калибра", "калибр", "калибри", "kalibrli", "caliber", "calibre"}
# ... and Turkic postpositions ("for", "intended for") after which the base term comes.
PURPOSE_BEFORE = {"uchun", "учун", "үчүн", "üçin", "үшін", "арналған", "арналган", "mo'ljallangan", "мўлжалланган",
                  "niýetlenen"}
PLURAL = re.compile(r"(?<=[^\W\d_]{2})(?:[лдт][аеоө]р|[ldt][ae]r|[ld]or|ҳо)\b")
SEPARATORS = re.compile(r"\s+(?:и|and|va|ва|with|&|\+)\s+|\s*[;,+&/]\s*(?!\d)", re.IGNORECASE)


def name_key(text: str) -> str:
    """A name reduced to a script-free, punctuation-free, transliteration-folded key."""
    text = unidecode(text.casefold().translate(LETTERS)).casefold()
    text = re.sub(r"[^a-z0-9 ]+", " ", re.sub(r"['`]", "", text))
    for old, new in FOLDS:
        text = text.replace(old, new)
    return " ".join(re.sub(r"([a-z])\1+", r"\1", text).split())


NOISE = re.compile(r"\b(?:" + "|".join(name_key(s) for s in NOISE_STEMS) + r")\w*"
                   r"|\b\d+\b(?: (?:mg|g|gr|kg|ml|l|sht|pcs)\b)?")


def _without_noise(key: str) -> str:
    return " ".join(NOISE.sub(" ", key).split())


def _exact_key(text: str) -> str:
    return " ".join(text.casefold().split())


@cache
def substance_table() -> pl.DataFrame:
    """The taxonomy: substance, sub-group, UNODC drug group or contraband group, category, reported-total flag."""
    frame = pl.read_csv(REFERENCE / "substances.csv", infer_schema=False)
    return frame.with_columns(pl.col("is_reported_total") == "true")


@cache
def alias_table() -> pl.DataFrame:
    """Every known name of every substance: the canonical names plus the curated aliases."""
    canonical = substance_table().select(alias="substance", substance="substance", language=pl.lit("en"),
                                         source=pl.lit("canonical name (substances.csv)"), is_brand=pl.lit("false"))
    return pl.concat([canonical, pl.read_csv(REFERENCE / "substance_aliases.csv", infer_schema=False)])


@dataclass(frozen=True)
class _Index:
    exact: dict[str, str]
    folded: dict[str, str]
    brands: frozenset[str]  # exact and folded keys of brand names (Baclosan, Lyrica, Sonlife-Zopiclone)

    @classmethod
    def build(cls, aliases: pl.DataFrame) -> _Index:
        pairs = list(aliases.select("alias", "substance").drop_nulls().iter_rows())
        brands = aliases.filter(pl.col("is_brand") == "true").get_column("alias")
        return cls({_exact_key(a): s for a, s in pairs}, {name_key(a): s for a, s in pairs if name_key(a)},
                   frozenset(k for a in brands for k in (_exact_key(a), name_key(a))))


@cache
def _built_in_index() -> _Index:
    return _Index.build(alias_table())


def _index(extra_aliases: pl.DataFrame | None) -> _Index:
    if extra_aliases is None:
        return _built_in_index()
    # Reviewed aliases come last so that they override the built-in ones.
    return _Index.build(pl.concat([alias_table().select("alias", "substance", "is_brand"),
                                   extra_aliases.select(pl.col("alias", "substance").cast(pl.String))],
                                  how="diagonal"))


def _direct(text: str, index: _Index) -> tuple[str, str, float] | None:
    if (hit := index.exact.get(_exact_key(text))) is not None:
        return hit, "exact", 100.0
    key = name_key(text)
    hit = index.folded.get(key) or index.folded.get(_without_noise(key))
    return (hit, "normalised", 100.0) if hit else None


def _candidates(text: str, index: _Index) -> list[tuple[str, float]]:
    key = _without_noise(name_key(text))
    if not key:
        return []
    best = process.extract(key, list(index.folded), scorer=fuzz.ratio, limit=5)
    return [(index.folded[choice], float(score)) for choice, score, _ in best]


def _fuzzy(text: str, index: _Index) -> tuple[str, str, float] | None:
    candidates = _candidates(text, index)
    if not candidates or candidates[0][1] < FUZZY_THRESHOLD:
        return None
    top = candidates[0][1]
    if len({s for s, score in candidates if score == top}) > 1:
        return None  # equally close to two substances: staff decide
    return candidates[0][0], "fuzzy", top


def _base(text: str) -> str:
    """The base term of a name: without brand in quotes, strength, remarks in parentheses and what it is for."""
    words = STRENGTH.sub(" ", ASIDE.sub(" ", QUOTED.sub(" ", text))).split()
    folded = [w.casefold().translate(APOSTROPHES) for w in words]
    if cut := next((i for i, w in enumerate(folded) if w in PURPOSE_AFTER and i), None):
        words, folded = words[:cut], folded[:cut]
    after = [i + 1 for i, w in enumerate(folded) if w in PURPOSE_BEFORE and i + 1 < len(words)]
    return " ".join(words[after[-1]:] if after else words)


def _readings(text: str) -> list[tuple[str, str | None]]:
    """The ways a name can name its substance, in order, each with the capitalised brand it leaves out."""
    base = _base(text)
    if len([p for p in SEPARATORS.split(base) if p.strip()]) > 1:
        return [(base, None)]  # several substances: `_match` reads each part
    words = base.split()
    tail = len(words)
    while tail > 1 and words[tail - 1][:1].isupper():
        tail -= 1
    lead = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
    bases = [(" ".join(words), None), (" ".join(words[:tail]), " ".join(words[tail:]) or None)]
    if 0 < lead < len(words):  # "Marlboro cigarettes"
        bases.append((" ".join(words[lead:]), " ".join(words[:lead])))
    singular = [(PLURAL.sub("", b.casefold().translate(APOSTROPHES).replace("'", "")), brand) for b, brand in bases]
    asides = [(aside, None) for aside in QUOTED.findall(text) + ASIDE.findall(text)]
    return bases + singular + asides


def _is_brand(text: str, index: _Index) -> bool:
    key = name_key(text)
    return not index.brands.isdisjoint({_exact_key(text), key, _without_noise(key)})


def _brand(text: str, left_out: str | None, index: _Index) -> str | None:
    """The brand a name gives: in quotes unless they hold a generic name («Героин»), without its strength; else the
    capitalised brand left out to match; else the brand name it is (Baclosan 10 mg → Baclosan)."""
    if quoted := QUOTED.search(text):
        name = " ".join(STRENGTH.sub(" ", quoted[1]).split())
        if name and (_direct(name, index) is None or _is_brand(name, index)):
            return name
    base = _base(text)
    if left_out or not _is_brand(base, index):
        return left_out
    return " ".join(w for w in base.split() if _without_noise(name_key(w))) or None


def _read(text: str, index: _Index) -> tuple[tuple[str, str, float], str | None] | None:
    """The substance a name names as written or by its base term, and the capitalised brand it left out."""
    if hit := _direct(text, index):
        return hit, None
    for reading, brand in _readings(text):
        if reading.strip() and (hit := _direct(reading, index)):
            return (hit[0], "normalised", hit[2]), brand
    return None


def _match(text: str, index: _Index) -> tuple[tuple[str, str, float], str | None, str | None]:
    """The substance a name names, the other substances it names, and the capitalised brand left out to match."""
    if found := _read(text, index):
        return found[0], None, found[1]
    base = _base(text)
    parts = [p for p in SEPARATORS.split(base) if p.strip()]
    if len(parts) > 1:
        hits = [hit for part in parts if (hit := (_read(part, index) or [None])[0] or _fuzzy(part, index))]
        if hits:
            others = dict.fromkeys(h[0] for h in hits[1:] if h[0] != hits[0][0])
            return hits[0], "; ".join(others) or None, None
    return _fuzzy(base, index) or _fuzzy(text, index) or (UNMAPPED, UNMAPPED, 0.0), None, None


def _place(name: str | None, index: _Index) -> tuple[str, str, float, str | None, str | None]:
    if name is None or not str(name).strip():
        return UNMAPPED, UNMAPPED, 0.0, None, None
    hit, others, left_out = _match(str(name), index)
    return *hit, others, _brand(str(name), left_out, index)


def match_substances(names: Iterable[str | None], extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per distinct name: its canonical substance and group, how it matched, other substances named, brand."""
    index = _index(extra_aliases)
    rows = [(name, *_place(name, index)) for name in dict.fromkeys(names)]
    placed = pl.DataFrame(rows, orient="row", schema={k: MATCH_COLUMNS[k] for k in (
        "name_raw", "substance", "match_method", "confidence", "also_named", "brand")})
    groups = substance_table().select("substance", "substance_group")
    return (placed.join(groups, on="substance", how="left", maintain_order="left")
            .with_columns(pl.col("substance_group").fill_null(UNMAPPED))
            .select(list(MATCH_COLUMNS)).cast(MATCH_COLUMNS))


def review_queue(matches: pl.DataFrame) -> pl.DataFrame:
    """Names for programme staff: unmapped ones to place, fuzzy ones (`applied` meanwhile) to confirm in `substance`."""
    todo = matches.filter(pl.col("match_method").is_in(["fuzzy", UNMAPPED]) & pl.col("name_raw").is_not_null()
                          & (pl.col("name_raw").str.strip_chars() != ""))
    index = _built_in_index()
    best = [(_candidates(name, index) or [(None, 0.0)])[0] for name in todo.get_column("name_raw")]
    return todo.select(
        alias="name_raw",
        substance=pl.lit(None, dtype=pl.String),
        match_method="match_method", confidence="confidence",
        applied=pl.when(pl.col("match_method") == "fuzzy").then("substance"),
        best_candidate=pl.Series([b[0] for b in best], dtype=pl.String),
        best_score=pl.Series([b[1] for b in best], dtype=pl.Float64),
    ).sort(pl.col("match_method") != UNMAPPED, "alias")


def load_reviewed_aliases(path: Path) -> pl.DataFrame:
    """Aliases staff placed (`alias,substance`, blank substance = not yet reviewed), checked against the taxonomy."""
    frame = pl.read_csv(path, infer_schema=False)
    if missing := {"alias", "substance"} - set(frame.columns):
        raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}; expected alias,substance")
    canonical = {s.casefold(): s for s in substance_table().get_column("substance")}
    rows = []
    for line, (alias, substance) in enumerate(frame.select("alias", "substance").iter_rows(), start=2):
        alias, substance = (alias or "").strip(), (substance or "").strip()
        if not substance:
            continue
        if not alias:
            raise ValueError(f"{path.name}, line {line}: substance '{substance}' given without an alias")
        if substance.casefold() not in canonical:
            raise ValueError(f"{path.name}, line {line}: alias '{alias}' names unknown substance '{substance}' "
                             "(not in substances.csv)")
        rows.append((alias, canonical[substance.casefold()]))
    return pl.DataFrame(rows, schema={"alias": pl.String, "substance": pl.String}, orient="row")
