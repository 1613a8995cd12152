"""The agency-export corpus (tests/data/corpus): each file through the installed `blo ingest` into a fresh home gives
the figures its sender meant, and its summary line accounts for every row."""

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from support.front_door import blo

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
SUMMARY = re.compile(r"^(?P<file>[^:]+): read (?P<read>\d+) / loaded (?P<loaded>\d+) / quarantined (?P<quarantined>\d+)"
                     r" / skipped (?P<skipped>\d+)")


def _ingest(path: Path, home: Path) -> dict[str, int]:
    result = blo("ingest", str(path), home=home)
    assert result.returncode == 0, result.stderr
    match = SUMMARY.match(result.stdout.splitlines()[0])
    assert match and match["file"] == path.name, result.stdout
    counts = {k: int(match[k]) for k in ("read", "loaded", "quarantined", "skipped")}
    assert counts["read"] == counts["loaded"] + counts["quarantined"] + counts["skipped"], result.stdout
    return counts


def _value(query: str, home: Path):
    result = blo("sql", query, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    [value] = row.values()
    return value


@pytest.mark.parametrize("entry", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_each_export_gives_its_figures(entry, tmp_path):
    home = tmp_path / "home"
    if entry.get("after"):
        _ingest(CORPUS / entry["after"], home)
    counts = _ingest(CORPUS / entry["file"], home)
    if not entry.get("after"):
        assert (counts["loaded"], counts["quarantined"]) == (entry["loaded"], entry["quarantined"])
    national = _value("select count(*) from seizures where crossing_point is null", home)
    assert (national > 0) == entry["national_level"]
    for check in entry["checks"]:
        got = _value(check["sql"], home)
        expect = check["expect"]
        if isinstance(expect, float) and isinstance(got, int | float):
            assert got == pytest.approx(expect, abs=5e-4), check["sql"]
        else:
            assert got == expect, check["sql"]


def test_dry_run_shows_each_column_with_its_evidence():
    entry = EXPECTED[0]
    result = subprocess.run(["blo", "ingest", "--dry-run", str(CORPUS / entry["file"])], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stderr
    assert "crossing_point" in result.stdout and "substance" in result.stdout
