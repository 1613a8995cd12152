"""Canonical substances: every name agencies write, placed on the UNODC-based taxonomy or kept as 'unmapped'.

Matched by `assets.shared.matching` on `name_key`, the name as written first, then its base term: the name without
noise words ("наркотическое средство", "таблетки") and doses ("7.5 mg"), its brand in quotes («Marlboro», "Kent"),
strength or calibre ("5,45 мм"), remarks in parentheses, what the goods are for ("табак для кальяна", "кальян үчүн
тамеки", "qurol uchun o'qlar"), a Turkic or Tajik plural ending (сигареттер, patronlar, патронҳо) or a capitalised
brand beside it ("Сигареты Kent"), else what the quotes or parentheses hold ("Nos (nasvay)"); then a fuzzy guess of
at least FUZZY_THRESHOLD; else substance, group and match method "unmapped" (the record is kept, and listed by
`review_queue`).

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
from functools import cache
from pathlib import Path

import polars as pl

from assets.shared.matching import APOSTROPHES, NORMALISED, AliasIndex, Hit, Matcher, exact_key, fold
from warehouse import reference

# fuzz.ratio (0-100) between normalised keys: 85 accepts one wrong letter in a 7-letter name ("героинн",
# "Phenazepan") but not in a 6-letter one, and never joins short keys such as "nos" and "mdma".
FUZZY_THRESHOLD = 85.0
UNMAPPED = "unmapped"
MATCH_COLUMNS = {"name_raw": pl.String, "substance": pl.String, "substance_group": pl.String,
                 "match_method": pl.String, "confidence": pl.Float64, "also_named": pl.String,
                 "brand": pl.String}

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
    return fold(text)


NOISE = re.compile(r"\b(?:" + "|".join(name_key(s) for s in NOISE_STEMS) + r")\w*"
                   r"|\b\d+\b(?: (?:mg|g|gr|kg|ml|l|sht|pcs)\b)?")


def _without_noise(key: str) -> str:
    return " ".join(NOISE.sub(" ", key).split())


SUBSTANCES = Matcher(target="substance", key=name_key, miss=UNMAPPED, threshold=FUZZY_THRESHOLD,
                     trim=_without_noise)


@cache
def substance_table() -> pl.DataFrame:
    """The taxonomy: substance, sub-group, UNODC drug group or contraband group, category, reported-total flag."""
    frame = reference.table("substances")
    return frame.with_columns(pl.col("is_reported_total") == "true")


@cache
def alias_table() -> pl.DataFrame:
    """Every known name of every substance: the canonical names plus the curated aliases."""
    canonical = substance_table().select(alias="substance", substance="substance", language=pl.lit("en"),
                                         source=pl.lit("canonical name (substances.csv)"), is_brand=pl.lit("false"))
    return pl.concat([canonical, reference.table("substance_aliases")])


@cache
def _curated_index() -> AliasIndex:
    return SUBSTANCES.index(alias_table())


def _index(extra_aliases: pl.DataFrame | None) -> AliasIndex:
    return _curated_index() if extra_aliases is None else SUBSTANCES.index(alias_table(), extra_aliases)


@cache
def _brands() -> frozenset[str]:
    """Exact and folded keys of brand names (Baclosan, Lyrica, Sonlife-Zopiclone)."""
    brands = alias_table().filter(pl.col("is_brand") == "true").get_column("alias")
    return frozenset(k for a in brands for k in (exact_key(a), name_key(a)))


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


def _is_brand(text: str) -> bool:
    key = name_key(text)
    return not _brands().isdisjoint({exact_key(text), key, _without_noise(key)})


def _brand(text: str, left_out: str | None, index: AliasIndex) -> str | None:
    """The brand a name gives: in quotes unless they hold a generic name («Героин»), without its strength; else the
    capitalised brand left out to match; else the brand name it is (Baclosan 10 mg → Baclosan)."""
    if quoted := QUOTED.search(text):
        name = " ".join(STRENGTH.sub(" ", quoted[1]).split())
        if name and (index.direct(name) is None or _is_brand(name)):
            return name
    base = _base(text)
    if left_out or not _is_brand(base):
        return left_out
    return " ".join(w for w in base.split() if _without_noise(name_key(w))) or None


def _read(text: str, index: AliasIndex) -> tuple[Hit, str | None] | None:
    """The substance a name names as written or by its base term, and the capitalised brand it left out."""
    if hit := index.direct(text):
        return hit, None
    for reading, brand in _readings(text):
        if reading.strip() and (hit := index.direct(reading)):
            return (hit[0], NORMALISED, hit[2]), brand
    return None


def _match(text: str, index: AliasIndex) -> tuple[Hit, str | None, str | None]:
    """The substance a name names, the other substances it names, and the capitalised brand left out to match."""
    if found := _read(text, index):
        return found[0], None, found[1]
    base = _base(text)
    parts = [p for p in SEPARATORS.split(base) if p.strip()]
    if len(parts) > 1:
        hits = [hit for part in parts if (hit := (_read(part, index) or [None])[0] or index.fuzzy(part))]
        if hits:
            others = dict.fromkeys(h[0] for h in hits[1:] if h[0] != hits[0][0])
            return hits[0], "; ".join(others) or None, None
    return index.fuzzy(base) or index.fuzzy(text) or (UNMAPPED, UNMAPPED, 0.0), None, None


def _place(name: str | None, index: AliasIndex) -> tuple[str, str, float, str | None, str | None]:
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
    return _curated_index().review_queue(matches)


def load_reviewed_aliases(path: Path) -> pl.DataFrame:
    """Aliases staff placed (`alias,substance`, blank substance = not yet reviewed), checked against the taxonomy."""
    return SUBSTANCES.load_answers(path, substance_table().get_column("substance"), "substances.csv")
