"""Write the demo world as the export files of six agencies, and count what was planted in them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from demo.events import draw_events
from demo.names import PII
from demo.plant import BROKEN_KINDS, decorate, drug_control_share, second_reports
from demo.truth import DemoTruth
from demo.world import BLO_EFFECT, FIRST_MONTH, MONTHS, synthetic_registry
from demo.writers import (
    write_border_json,
    write_customs_overflow,
    write_tj_customs,
    write_tj_drug_control,
    write_tm_customs,
    write_uz_border_guard,
)
from demo.xlsx import write_customs_xlsx

XLSX_MAX_ROWS = 2000  # a register holds at most this many records; the rest of the year goes to a CSV part 2
YEARS = range(FIRST_MONTH.year, FIRST_MONTH.year + MONTHS // 12)
BORDER_SERVICES = {"kg_border": "Border Service of the Kyrgyz Republic",
                   "kz_border": "Border Service of the National Security Committee of Kazakhstan"}


def generate(landing: Path, seed: int = 7, scale: float = 1.0, effect: float = BLO_EFFECT) -> DemoTruth:
    """Write the demo's agency exports into `landing` and return what was planted (deterministic per seed); `effect`
    (the planted BLO_EFFECT by default, 1 = none) is the BLOs' rate ratio in the world written."""
    landing.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 3])
    if not effect > 0:
        raise ValueError(f"effect must be a positive rate ratio, not {effect:g}")
    events = draw_events(seed, scale, effect)
    records = decorate(events, rng).sort("date", "event_id")
    streams = agency_streams(records, rng)
    truth = _truth(seed, scale, events, records, streams)
    del events, records  # the streams hold all the files need; at bench scale (10M rows) each table is gigabytes
    truth.files = [entry for year in YEARS for entry in _write_year(
        landing, year, {name: rows.filter(pl.col("date").dt.year() == year) for name, rows in streams.items()})]
    truth.n_footer_rows = sum(f["footer_rows"] for f in truth.files)
    return truth


def agency_streams(records: pl.DataFrame, rng: np.random.Generator) -> dict[str, pl.DataFrame]:
    """The records each agency reports: its own country's, the border guards' second reports, DCA's own share."""
    def of(country: str) -> pl.DataFrame:
        return records.filter(pl.col("country_iso3") == country)

    dupes, nears = second_reports(of("UZB"), rng)
    own = drug_control_share(of("TJK"), rng)
    return {"uz_customs": of("UZB"), "tj_customs": of("TJK").filter(~own), "tj_drug_control": of("TJK").filter(own),
            "uz_border_guard": pl.concat([dupes.with_columns(second=pl.lit("duplicate")),
                                          nears.with_columns(second=pl.lit("near miss"))]).sort("date", "event_id"),
            "tm_customs": of("TKM"), "kg_border": of("KGZ"), "kz_border": of("KAZ")}


def _write_year(landing: Path, year: int, parts: dict[str, pl.DataFrame]) -> list[dict]:
    """One year's files, skipping agencies with nothing to report that year."""
    register = parts["uz_customs"]
    writes = [(write_customs_xlsx, f"uz_customs_{year}.xlsx", register.head(XLSX_MAX_ROWS), (year,)),
              (write_customs_overflow, f"uz_customs_{year}_part2.csv", register.slice(XLSX_MAX_ROWS), ()),
              (write_uz_border_guard, f"uz_border_guard_{year}.csv", parts["uz_border_guard"], ()),
              (write_tj_customs, f"tj_customs_{year}.csv", parts["tj_customs"], ()),
              (write_tj_drug_control, f"tj_drug_control_monthly_{year}.csv", parts["tj_drug_control"], ()),
              (write_tm_customs, f"tm_customs_{year}.csv", parts["tm_customs"], ())]
    writes += [(write_border_json, f"{stem}_{year}.json", parts[stem], (agency,))
               for stem, agency in BORDER_SERVICES.items()]
    return [writer(landing / name, rows, *args) for writer, name, rows, args in writes if rows.height]


def _truth(seed: int, scale: float, events: pl.DataFrame, records: pl.DataFrame, streams: dict[str, pl.DataFrame]
           ) -> DemoTruth:
    """Exact counts of what the files hold (records reported only as monthly totals carry no names or remarks);
    the files themselves and their footer rows are added once written."""
    written = ~pl.col("event_id").is_in(streams["tj_drug_control"].get_column("event_id").implode())
    counts = records.select(
        *(pl.col("pii").filter(written).str.contains(core, literal=True).any().alias(core) for _, core in PII),
        *((written & (pl.col("broken") == kind)).sum().alias(kind) for kind in BROKEN_KINDS),
        unknown=(written & (pl.col("crossing_kind") == "unknown")).sum(),
        variant=(written & (pl.col("crossing_kind") == "variant")).sum()).row(0, named=True)
    second = streams["uz_border_guard"].get_column("second")
    huge = events.filter("huge").select("date", "crossing_point", "substance", kg="amount")
    return DemoTruth(
        seed=seed, scale=scale, registry=synthetic_registry(seed).to_dicts(),
        n_panel_events=events.height, n_events=events.height + int((second == "near miss").sum()),
        n_duplicate_pairs=int((second == "duplicate").sum()), n_near_miss_pairs=int((second == "near miss").sum()),
        n_broken_rows={kind: counts[kind] for kind in BROKEN_KINDS},
        n_unknown_crossings=counts["unknown"], n_misspelt_crossings=counts["variant"],
        pii_strings=[core for _, core in PII if counts[core]], big_hauls=huge.to_dicts())
