"""The data dictionary of the public views: meaning, unit and example of every column, from dictionary.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

SOURCE = Path(__file__).with_name("dictionary.yaml")
DOCS = Path(__file__).parents[1] / "docs" / "data-dictionary.md"
FIELDS = ("meaning", "unit", "example")
GENERATED = ("_Generated from `warehouse/dictionary.yaml` by `warehouse.dictionary.render_markdown()`: "
             "edit the YAML, not this file._")


@cache
def load_dictionary() -> dict:
    """The parsed dictionary: {'intro': str, 'views': {view: {'description', 'columns': {column: fields}}}}."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    for spec in data["views"].values():
        for column, entry in spec["columns"].items():
            spec["columns"][column] = {key: "" if entry.get(key) is None else str(entry[key]) for key in FIELDS}
    return data


def views() -> list[str]:
    """The documented public views, in dictionary order."""
    return list(load_dictionary()["views"])


def _view(view: str) -> dict:
    known = load_dictionary()["views"]
    if view not in known:
        raise ValueError(f"unknown view '{view}'; known views: {', '.join(known)}")
    return known[view]


def view_description(view: str) -> str:
    """One line on what a view's rows are."""
    return _view(view)["description"]


def columns(view: str) -> list[str]:
    """A view's documented columns, in view order."""
    return list(_view(view)["columns"])


def describe(view: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """(view, column, meaning, unit, example) for every column of one view, or of every view when None."""
    names = views() if view is None else [view]
    return [(name, column, *(entry[key] for key in FIELDS))
            for name in names for column, entry in _view(name)["columns"].items()]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def render_markdown() -> str:
    """The whole dictionary as Markdown: a section and a column | meaning | unit | example table per view."""
    data = load_dictionary()
    lines = [GENERATED, "", "# Data dictionary", "", data["intro"].strip(), "",
             "Views: " + ", ".join(f"[`{name}`](#{name})" for name in data["views"]) + "."]
    for name, spec in data["views"].items():
        lines += ["", f"## {name}", "", spec["description"].strip(), "",
                  "| column | meaning | unit | example |", "|---|---|---|---|"]
        lines += [f"| `{column}` | {_cell(entry['meaning'])} | {_cell(entry['unit'])} | `{_cell(entry['example'])}` |"
                  for column, entry in spec["columns"].items()]
    return "\n".join(lines) + "\n"


def write_markdown(path: Path = DOCS) -> Path:
    """Write render_markdown() to docs/data-dictionary.md (or `path`); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8")
    return path
