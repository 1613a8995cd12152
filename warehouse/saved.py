"""Saved analyst queries: named `.sql` files whose `-- params:` line declares `$name` parameters and defaults."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

BUNDLED = Path(__file__).parent / "queries"
PARAMS_LINE = re.compile(r"^--\s*params:\s*(.*?)(\s{2,}\(.*)?$", re.MULTILINE)
# Parameters whose values the warehouse lists (besides a default such as `all`): a value is taken in any case, in
# another spelling the caller's `spelling` knows (Ойбек for Oybek), or refused with the closest names.
CHOICES = {
    "crossing": ("crossing point", "SELECT DISTINCT crossing_point FROM crossing_points"),
    "country": ("country", "SELECT DISTINCT country_iso3 FROM crossing_points"),
    "substance": ("substance", "SELECT DISTINCT substance FROM substances"),
}


class SavedQueryError(ValueError):
    """A saved query that doesn't exist or was given the wrong parameters; the message is one line."""


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: its name, what it answers, its parameters with their defaults, and its SQL."""

    name: str
    summary: str
    defaults: dict[str, str]
    sql: str

    def bind(self, given: dict[str, str]) -> dict[str, str]:
        """The parameter values for a run: the defaults, overridden by what was given."""
        unknown = sorted(set(given) - set(self.defaults))
        if unknown:
            known = ", ".join(self.defaults) or "none"
            raise SavedQueryError(f"{self.name}: unknown parameter(s) {', '.join(unknown)} (it takes: {known})")
        return {**self.defaults, **given}

    def checked(self, values: dict[str, str], con: duckdb.DuckDBPyConnection,
                spelling: Callable[[str, str], str | None] | None = None) -> dict[str, str]:
        """The values with each listed name in the warehouse's own spelling; a value no row could match is an error,
        not an empty answer."""
        return {name: self._checked(name, value, con, spelling) for name, value in values.items()}

    def _checked(self, name: str, value: str, con: duckdb.DuckDBPyConnection,
                 spelling: Callable[[str, str], str | None] | None) -> str:
        default = self.defaults[name]
        if default.isdigit() and not value.isdigit():
            raise SavedQueryError(f"{self.name}: {name} is a whole number, not {value!r}")
        if name not in CHOICES or value == default:
            return value
        noun, listing = CHOICES[name]
        known = [row[0] for row in con.execute(listing).fetchall() if row[0] is not None]
        by_case = {item.casefold(): item for item in [*known, default]}
        found = by_case.get(value.strip().casefold()) or (spelling(name, value) if spelling else None)
        if found in known or found == default:
            return found
        near = difflib.get_close_matches(value.casefold(), list(by_case), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(by_case[n] for n in near)}?" if near else ""
        raise SavedQueryError(f"{self.name}: no {noun} {value!r} in the warehouse{hint} (or {default} for every one)")


def saved_queries(extra: Path | None = None) -> dict[str, SavedQuery]:
    """Bundled queries, plus a home's own folder of `.sql` files (which may replace a bundled one by name)."""
    found = {}
    for folder in (BUNDLED, extra):
        if folder and folder.is_dir():
            for path in sorted(folder.glob("*.sql")):
                found[path.stem] = _load(path)
    return found


def _load(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    summary = next((line[2:].strip() for line in text.splitlines() if line.startswith("--")), "")
    match = PARAMS_LINE.search(text)
    declared = match[1].strip() if match and match[1].strip() != "(none)" else ""
    defaults = dict(part.strip().split("=", 1) for part in declared.split(",") if "=" in part)
    used = set(re.findall(r"\$([A-Za-z_]\w*)", text))
    if used - set(defaults):
        raise SavedQueryError(f"{path.name}: ${', $'.join(sorted(used - set(defaults)))} not declared in -- params:")
    return SavedQuery(path.stem, summary, defaults, text)


def find(name: str, extra: Path | None = None) -> SavedQuery:
    """The saved query of this name, or a one-line error listing the ones there are."""
    queries = saved_queries(extra)
    if name not in queries:
        raise SavedQueryError(f"no saved query '{name}' (there are: {', '.join(sorted(queries))})")
    return queries[name]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`--param key=value` options as a dict."""
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise SavedQueryError(f"parameters are given as name=value, not {bad[0]!r}")
    return dict(pair.split("=", 1) for pair in pairs)
