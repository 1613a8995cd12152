"""The data dictionary documents exactly the public views of a built warehouse, fully, and its Markdown is current."""

from pathlib import Path

import pytest

from warehouse.access import read_only
from warehouse.dictionary import FIELDS, columns, describe, load_dictionary, render_markdown, view_description, views

DOCS = Path(__file__).parents[2] / "docs" / "data-dictionary.md"


def test_every_public_view_and_column_is_documented_and_exists(built):
    home, _truth, _result = built
    with read_only(home) as con:
        public = sorted(row[0] for row in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall())
        actual = {view: [row[0] for row in con.execute(f"SELECT column_name FROM (DESCRIBE {view})").fetchall()]
                  for view in public}
    assert sorted(views()) == public, "views undocumented / documented but absent"
    for view, names in actual.items():
        documented = columns(view)
        assert set(names) - set(documented) == set(), f"{view}: columns missing from warehouse/dictionary.yaml"
        assert set(documented) - set(names) == set(), f"{view}: documented columns the view doesn't have"
        assert documented == names, f"{view}: document the columns in the view's order"


def test_every_entry_has_meaning_unit_and_example():
    data = load_dictionary()
    assert data["intro"].strip()
    for view in views():
        assert view_description(view).strip(), f"{view}: no description"
        assert columns(view), f"{view}: no columns"
    blank = [(view, column) for view, column, *values in describe() if not all(v.strip() for v in values)]
    assert blank == []
    assert all(set(entry) == set(FIELDS) for spec in data["views"].values() for entry in spec["columns"].values())


def test_docs_are_generated_from_the_dictionary():
    text = DOCS.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("_Generated from `warehouse/dictionary.yaml`")
    assert text == render_markdown(), (
        "docs/data-dictionary.md is stale; regenerate it with "
        "python -c 'from warehouse.dictionary import write_markdown; write_markdown()'")
    for view in views():
        assert f"\n## {view}\n" in text


def test_unknown_view_names_the_known_views():
    with pytest.raises(ValueError, match="unknown view 'seizure'") as caught:
        describe("seizure")
    message = str(caught.value)
    assert "\n" not in message
    assert all(view in message for view in views())
    with pytest.raises(ValueError, match="known views"):
        columns("nope")


def test_describe_one_view_and_all():
    rows = describe("seizures")
    assert rows[0][:2] == ("seizures", "seizure_id")
    assert {row[0] for row in describe()} == set(views())
    assert len(describe()) == sum(len(columns(view)) for view in views())
