"""A damaged build database: `blo run` says so in one line, sets it aside and rebuilds from the landing area."""

import os
from pathlib import Path

import pytest

from support.front_door import blo, one_line, sql

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
EXPORTS = [CORPUS / "uz_customs_oybek_2024_03.xlsx", CORPUS / "tj_customs_fotehobod_2023_11.xlsx"]
FIGURES = "SELECT count(*) AS n, round(sum(mass_kg), 3) AS kg FROM seizures"


def _zero_the_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"\0" * 4096)


def _cut_in_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


@pytest.mark.parametrize("damage", [_zero_the_header, _cut_in_half], ids=["zeroed header", "truncated"])
def test_run_rebuilds_a_damaged_build_database_from_the_landing_area(tmp_path, damage):
    home = tmp_path / "home"
    assert blo("ingest", *map(str, EXPORTS), home=home).returncode == 0
    before = sql(FIGURES, home)
    assert before[0]["n"] > 0
    build = home / "warehouse" / "build.duckdb"
    damage(build)

    result = blo("run", home=home)
    assert result.returncode == 0, result.stderr
    line = one_line(result)
    assert line.startswith(f"the build database {build} is damaged (") and "build.duckdb.damaged-" in line
    assert line.endswith(f"and is rebuilt from the exports in {home / 'landing'}")
    assert sql(FIGURES, home) == before
    assert [p.name for p in (home / "warehouse").glob("build.duckdb.damaged-*")]  # kept aside, not deleted
