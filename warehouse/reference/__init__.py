"""Reference data, read here and nowhere else: the sourced tables beside this file, with a home's own lines."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml

FOLDER = Path(__file__).parent
PROFILES = FOLDER.parent / "profiles"  # the bundled agency profiles (YAML, one per agency layout)
# what identifies a line of each table: a home's line with the same key takes the bundled line's place
KEYS = {
    "blo_registry": ["crossing_point"], "crossing_points": ["crossing_point"], "crossing_aliases": ["alias"],
    "substances": ["substance"], "substance_aliases": ["alias"], "currencies": ["alias"], "countries": ["alias"],
    "unit_factors": ["substance", "unit"],
}


def table(name: str, overrides: Path | None = None) -> pl.DataFrame:
    """A reference table as text columns; a home's file of the same name (in `overrides`) adds its lines and
    replaces the bundled lines with the same key."""
    bundled = _bundled(name)
    own = overrides / f"{name}.csv" if overrides is not None else None
    if own is None or not own.exists():
        return bundled
    lines = pl.read_csv(own, infer_schema=False)
    return pl.concat([lines, bundled.join(lines.select(KEYS[name]), on=KEYS[name], how="anti")], how="diagonal")


def vocabulary() -> dict:
    """The header vocabulary: the words agencies use for each field, by language."""
    return yaml.safe_load((FOLDER / "header_vocabulary.yaml").read_text(encoding="utf-8"))


def files() -> list[Path]:
    """Every reference file, for fingerprints of what a result rests on."""
    return sorted(p for p in FOLDER.iterdir() if p.suffix in (".csv", ".yaml"))


@cache
def _bundled(name: str) -> pl.DataFrame:
    return pl.read_csv(FOLDER / f"{name}.csv", infer_schema=False)
