"""Which stored records a change to the source records can reach; every other normalised row stays as it is.

Normalisation relates a record to others in four ways only: duplicates are candidate pairs of the dedup rule
(`dedup.candidate_pairs`: a seizure's records are joined by them, and the records a pair chains to may compete for a
partner), keyed releases of one source share an agency and release key (and which release is newer rests on all of
a file's keyed records), the other files of one sender share the (country, place, month) cells they report (a
cell only one file reports relates nothing; which file is newer, and where its period lies, rest on the file
alone), and a reported total's residual comes from its file's group (file, country, period, substance group).
The scope of a change is the added and removed records, every stored record related to them, and so on until
nothing more is related. Candidate pairs are sought among every stored record, superseded or not, so that they
cover the pairs before the change and after it; a reported total's mass is its group's residual, which a change of
the group moves, so its relation is its whole (crossing point, substance) cell. Outlier scores, which span a whole
substance, are not a relation here: a pass scores every stored record once its scope is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

from assets.normalise.dedup import DedupRule, candidate_pairs
from assets.normalise.releases import CELL as SENDER_CELL
from assets.normalise.releases import cells, with_sender
from assets.normalise.replaced import loaded_files
from assets.normalise.seizures import with_canonical_names
from assets.shared.substances import substance_table
from warehouse import reference
from warehouse.store import fingerprint

CODE = [Path(__file__).parent, Path(__file__).parents[1] / "shared"]  # normalisation and the rules it shares
CELL = ["crossing_point", "substance"]
RELEASE = ["agency", "release_key"]
GROUP = ["source_file", "country_iso3", "period_start", "period_end", "substance_group"]
SENDER = ["sender", "crossing_raw", "period_start", "period_end"]  # with the country and crossing point: its cells
PAIRED = ["agency", "period_start", "period_end", "n_events", "mass_kg", "unit_count", "count_unit", "package_count",
          "package_unit", "value_local", "currency"]  # what the dedup rule reads besides the cell
RELATIONS = list(dict.fromkeys(["record_id"] + CELL + PAIRED + RELEASE + GROUP + SENDER))
# records come and go a whole file at a time (ingest inserts and forgets files), each version of a file with its own
# record_id prefix (the first 12 hex digits of its SHA-256): comparing versions finds them without a join on 1M ids
OF_FILE = "{0}.source_file = v.source_file AND left({0}.record_id, 12) = v.version"  # v: (file, version)
# a file's first and last record_id, which share their version unless the file has several: at 10M rows 0.15 s,
# against 0.27 s for every record_id's version (and 0.5 s with split_part)
SPANS = ("SELECT source_file, left(min(record_id), 12) AS version, left(max(record_id), 12) AS last "
         "FROM core.{} GROUP BY source_file")
VERSIONS = ("SELECT DISTINCT source_file, left(record_id, 12) AS version FROM core.{} "
            "WHERE list_contains($files, source_file)")
JOINS = {  # each relation's table of values, and how a stored record s matches a value v
    "partners": "s.record_id = v.record_id",
    "total_cells": "s.crossing_point = v.crossing_point AND s.substance = v.substance",
    "releases": "s.agency = v.agency AND s.release_key = v.release_key",
    "release_files": "s.source_file = v.source_file AND s.release_key IS NOT NULL",
    "sender_cells": "s.sender = v.sender AND s.country_iso3 IS NOT DISTINCT FROM v.country_iso3 AND "
                    "coalesce(s.crossing_point, s.crossing_raw) IS NOT DISTINCT FROM v.place AND "
                    "v.month BETWEEN date_trunc('month', s.period_start) AND date_trunc('month', s.period_end)",
    "groups": " AND ".join(f"s.{c} IS NOT DISTINCT FROM v.{c}" for c in GROUP),
}
RELATED = "\nUNION\n".join(f"SELECT {', '.join(f's.{c}' for c in RELATIONS)} "
                             f"FROM core.seizure_sources s SEMI JOIN {name} v ON {on}" for name, on in JOINS.items())


def inputs_key(substance_aliases: pl.DataFrame | None, crossing_aliases: pl.DataFrame | None,
               outlier_z: float) -> str:
    """A fingerprint of all normalisation rests on besides the records: review answers, reference data, this code,
    the outlier threshold and the Polars release (its row hashes)."""
    answers = [frame if frame is not None else "none" for frame in (substance_aliases, crossing_aliases)]
    code = sorted(path for folder in CODE for path in folder.glob("*.py"))
    return fingerprint(f"{outlier_z}|{pl.__version__}", *answers, *code, *reference.files())


def changed_files(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(source_file, version) of the files whose records were added since the table was normalised, and removed."""
    now, stored = _files(con, "source_records"), _files(con, "seizure_sources")
    return now.join(stored, on=["source_file", "version"], how="anti"), stored.join(now, on=["source_file", "version"],
                                                                                    how="anti")


def _files(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    """(source_file, version) of every file with records in the table."""
    spans = con.sql(SPANS.format(table)).pl()
    mixed = spans.filter(pl.col("version") != pl.col("last")).get_column("source_file")
    files = spans.filter(pl.col("version") == pl.col("last")).drop("last")
    if mixed.len():
        files = pl.concat([files, con.sql(VERSIONS.format(table), params={"files": mixed.to_list()}).pl()])
    return files


def changed_scope(con: duckdb.DuckDBPyConnection, added_files: pl.DataFrame, removed_files: pl.DataFrame,
                  substance_aliases: pl.DataFrame | None, crossing_aliases: pl.DataFrame | None,
                  releases: pl.DataFrame) -> pl.DataFrame:
    """record_id of every source record to normalise again: the added ones and the stored ones they may change
    (`releases`: what every file reports now, `replaced.release_coverage`)."""
    con.register("added_files", added_files.to_arrow())
    con.register("removed_files", removed_files.to_arrow())
    try:
        added = con.sql(f"SELECT r.* FROM core.source_records r SEMI JOIN added_files v ON {OF_FILE.format('r')}"
                        ).pl()
        changed = con.sql(f"SELECT {', '.join(RELATIONS)} FROM core.seizure_sources s SEMI JOIN removed_files v "
                          f"ON {OF_FILE.format('s')}").pl()
    finally:
        con.unregister("added_files")
        con.unregister("removed_files")
    if added.height:
        placed = with_sender(with_canonical_names(added, substance_aliases, crossing_aliases), loaded_files(con))
        changed = pl.concat([changed, placed.select(RELATIONS)], how="vertical_relaxed")
    totals = substance_table().filter(pl.col("is_reported_total")).get_column("substance")
    with_totals = con.sql(f"SELECT DISTINCT {', '.join(GROUP)} FROM core.seizure_sources WHERE list_contains($t, "
                          "substance)", params={"t": totals.to_list()}).pl()
    # a cell only one file reports relates nothing: those the added and removed files reported, and those of several
    shared = pl.concat([cells(changed), releases.filter(pl.len().over(SENDER_CELL) > 1).select(SENDER_CELL)],
                       how="vertical_relaxed").unique()
    seen = {name: pl.DataFrame() for name in JOINS}
    known, done = changed, changed.select("record_id")
    while known.height:  # each round adds the records related to the last round's, by relations not followed before
        fresh = {name: frame.join(seen[name], on=frame.columns, how="anti", nulls_equal=True) if seen[name].width
                 else frame for name, frame in _relations(con, known, with_totals, totals, shared).items()}
        for name, frame in fresh.items():
            seen[name] = pl.concat([seen[name], frame]) if seen[name].width else frame
            con.register(name, frame.to_arrow())
        try:
            known = con.sql(RELATED).pl().join(done, on="record_id", how="anti")
        finally:
            for name in fresh:
                con.unregister(name)
        done = pl.concat([done, known.select("record_id")])
    return pl.concat([added.select("record_id"), done]).unique()


def _relations(con: duckdb.DuckDBPyConnection, records: pl.DataFrame, with_totals: pl.DataFrame,
               totals: pl.Series, shared: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The values by which these records relate to others (see the module docstring)."""
    return {"partners": _partners(con, records),
            "total_cells": records.filter(pl.col("substance").is_in(totals.implode())).select(CELL).drop_nulls()
            .unique(),
            "releases": records.select(RELEASE).drop_nulls().unique(),
            "release_files": records.drop_nulls("release_key").select("source_file").unique(),
            "sender_cells": cells(records).join(shared, on=SENDER_CELL, nulls_equal=True, how="semi"),
            "groups": records.select(GROUP).unique().join(with_totals, on=GROUP, nulls_equal=True)}


def _partners(con: duckdb.DuckDBPyConnection, records: pl.DataFrame) -> pl.DataFrame:
    """record_id of the stored records the dedup rule pairs with any of these records."""
    rule = DedupRule()
    near = records.select(*CELL, day=pl.date_ranges(pl.col("period_start") - dt.timedelta(days=rule.window_days),
                                                     pl.col("period_start") + dt.timedelta(days=rule.window_days))
                          ).drop_nulls().explode("day").unique()  # only a record that near can be a partner
    con.register("near", near.to_arrow())
    try:
        stored = con.sql(f"SELECT {', '.join(['record_id', *CELL, *PAIRED])} FROM core.seizure_sources s SEMI JOIN "
                         "near v ON s.crossing_point = v.crossing_point AND s.substance = v.substance AND "
                         "s.period_start = v.day").pl()
    finally:
        con.unregister("near")
    pool = pl.concat([records.select(stored.columns), stored], how="vertical_relaxed").unique("record_id",
                                                                                              keep="first")
    pairs, ids = candidate_pairs(pool, rule), records.get_column("record_id").implode()
    return pl.concat([pairs.filter(pl.col("a").is_in(ids)).select(record_id="b"),
                      pairs.filter(pl.col("b").is_in(ids)).select(record_id="a")]).unique()
