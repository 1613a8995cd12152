"""Declarative profiles for recurring exports: fixed values, column mapping, date and period conventions."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from assets.ingest.headers import fields, fold
from assets.ingest.values import DAY_FIRST, MONTH_FIRST
from warehouse import reference

GRAINS = ("event", "month", "year")
LEVELS = ("crossing", "national")


@dataclass(frozen=True)
class Profile:
    """How to read one agency's recurring export."""

    name: str
    agency: str | None = None
    country_iso3: str | None = None
    signature: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    grain: str | None = None
    decimal: str | None = None
    fiscal_year_start_month: int = 1
    mass_unit: str | None = None
    release_key: tuple[str, ...] = ()
    level: str = "crossing"  # "national" for exports of national totals, whose rows name no crossing point
    date_order: str | None = None  # day_first | month_first, for date columns whose values don't decide
    source: str = ""

    def matches(self, headers: list[str | None]) -> bool:
        """True when every signature header is present in a candidate header row."""
        present = {fold(h) for h in headers if h}
        return bool(self.signature) and all(fold(s) in present for s in self.signature)


def load_profile(path: Path) -> Profile:
    """One profile from its YAML file; a clear error names what is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"profile {path.name}: invalid YAML ({str(exc).splitlines()[0]})") from None
    unknown = set(raw) - set(Profile.__dataclass_fields__)
    if unknown:
        raise ValueError(f"profile {path.name}: unknown keys {sorted(unknown)}")
    if raw.get("grain") not in (None, *GRAINS):
        raise ValueError(f"profile {path.name}: grain must be one of {GRAINS}")
    if raw.get("date_order") not in (None, DAY_FIRST, MONTH_FIRST):
        raise ValueError(f"profile {path.name}: date_order must be {DAY_FIRST} or {MONTH_FIRST}")
    if raw.get("level") not in (None, *LEVELS):
        raise ValueError(f"profile {path.name}: level must be one of {LEVELS}")
    known = fields()
    wrong = {h: f for h, f in (raw.get("columns") or {}).items() if f not in known}
    if wrong:
        raise ValueError(f"profile {path.name}: unknown fields {wrong} (known: {', '.join(sorted(known))})")
    raw.setdefault("name", path.stem)
    for key in ("signature", "release_key"):
        raw[key] = tuple(raw.get(key) or ())
    raw["columns"] = {str(k): str(v) for k, v in (raw.get("columns") or {}).items()}
    return Profile(**raw)


@cache
def _bundled() -> tuple[Profile, ...]:
    return tuple(load_profile(p) for p in sorted(reference.PROFILES.glob("*.yaml")))


def available_profiles(extra_dir: Path | None = None) -> list[Profile]:
    """Bundled profiles plus those in a data home's profile folder."""
    local = [load_profile(p) for p in sorted(extra_dir.glob("*.yaml"))] if extra_dir and extra_dir.is_dir() else []
    return [*local, *_bundled()]


def find_profile(name: str, extra_dir: Path | None = None) -> Profile:
    """The profile with this name, or a clear error listing the known ones."""
    profiles = available_profiles(extra_dir)
    for profile in profiles:
        if profile.name == name:
            return profile
    raise ValueError(f"no profile named '{name}' (known: {', '.join(p.name for p in profiles)})")


def draft_profile(source_file: str, headers: list[str], mapped: dict[str, str], missing: list[str]) -> str:
    """A ready-to-edit profile for an export whose required columns could not be found."""
    columns = {h: mapped.get(h, f"ignore  # or one of: {', '.join(missing)}") for h in headers if h}
    lines = [f"# Draft profile for {source_file}: complete it, save it as <agency>.yaml beside it, then re-ingest.",
             'agency: "FILL IN"', 'country_iso3: "FILL IN"', f"signature: {[h for h in headers if h][:4]}",
             "columns:"]
    lines += [f"  {h!r}: {f}" for h, f in columns.items()]
    lines += ["grain: event  # event | month | year",
              "level: crossing  # or national, for a file of national totals whose rows name no crossing point", ""]
    return "\n".join(lines)
