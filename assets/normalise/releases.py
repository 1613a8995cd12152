"""Overlapping releases of one source: a newer release's records replace what an older release of it reported.

Keyed releases (a profile's `release_key`, as CBP's): the newest release's records supersede older releases' same
keys. A release is newer when it reaches a later period (ties: the later file name); repeated keys within one file
stay distinct rows.

Every other file is a release of its sender: the agency it names, or, when it names none, the profile that read it.
A newer file of the sender replaces an older file's records at each (crossing point, month) it reports, every
substance there; records without a crossing point count at (country, month), and a crossing point the gazetteer
can't place under its name as written. A record spanning several months is replaced once each of them is reported
again. Newer means received later (`ingested_files.ingested_at`; files read in one batch, in reading order); without
the warehouse's list of files, the file reaching a later period, then the later name. Files whose periods follow
one another (sharing at most a boundary day: a register split into parts, weekly reports) replace nothing of each
other, and a quarantine corrections file only adds the rows it corrects.
"""

from __future__ import annotations

import polars as pl

from assets.ingest.corrections import SUFFIX as CORRECTIONS

CELL = ["sender", "country_iso3", "place", "month"]
FILE = ["source_file", "version", "order", "first_day", "last_day", "replaces"]
NARROW = ["record_id", "source_file", "agency", "release_key", "country_iso3", "crossing_point", "crossing_raw",
          "substance", "period_start", "period_end"]
FILES = {"source_file": pl.String, "version": pl.String, "profile": pl.String, "received": pl.Datetime}
PLACE = pl.coalesce("crossing_point", "crossing_raw")
FIRST, LAST = pl.col("period_start").dt.truncate("1mo"), pl.col("period_end").dt.truncate("1mo")
VERSION = pl.col("record_id").str.split(":").list.first()  # a record_id starts with its file version's digest


def sender() -> pl.Expr:
    """Who sent a record's file: the agency it names, else the profile that read it (`stem`: the file's name without
    its extension, which ingest gives the agency when neither the profile nor the file names one)."""
    named = pl.col("agency").is_not_null() & pl.col("agency").ne_missing(pl.col("stem"))
    return pl.when(named).then(pl.format("agency {}", "agency")).otherwise(pl.format("profile {}", "profile"))


def _stemmed(files: pl.DataFrame) -> pl.DataFrame:
    """The files with their `stem`, for `sender`."""
    return files.with_columns(stem=pl.col("source_file").str.replace(r"\.[^.]*$", ""))


def _files_of(records: pl.DataFrame) -> pl.DataFrame:
    """The files of these records when the warehouse's list is not at hand: no profile, no time received."""
    return records.select("source_file", version=VERSION).unique().with_columns(
        profile=pl.lit(None, dtype=pl.String), received=pl.lit(None, dtype=pl.Datetime))


def coverage(records: pl.DataFrame, files: pl.DataFrame | None = None) -> pl.DataFrame:
    """What each unkeyed file reports, (sender, country, place, month), with its period and rank among the files:
    what it replaces of older files. `records` are placed records, or groups of them with their first and last day;
    `files` (source_file, version, profile, received) lists the files, and only those listed count."""
    unkeyed = records.filter(pl.col("release_key").is_null())
    listed = unkeyed.join(_stemmed(files if files is not None else _files_of(unkeyed)), on="source_file")
    spans = listed.group_by("source_file", "version", "profile", "received").agg(
        first_day=pl.col("period_start").min(), last_day=pl.col("period_end").max())
    ranked = spans.with_columns(order=pl.struct("received", "last_day", "source_file").rank("dense"),
                                replaces=~pl.col("source_file").str.ends_with(CORRECTIONS))
    return cells(listed.with_columns(sender=sender()), "source_file").join(ranked.select(*FILE, "profile"),
                                                                           on="source_file")


def cells(records: pl.DataFrame, *keep: str) -> pl.DataFrame:
    """The (sender, country, place, month) cells these records report, with the `keep` columns."""
    frame = records.drop_nulls("sender").select(*keep, "sender", "country_iso3", "period_start", "period_end",
                                                 place=PLACE)
    return _by_month(frame).select(*keep, *CELL).unique()


def _by_month(frame: pl.DataFrame) -> pl.DataFrame:
    """A row per record and month its period spans, with `month` (none without a period)."""
    single = frame.filter(FIRST == LAST).with_columns(month=FIRST)  # nearly all records: no list to build
    several = frame.filter(FIRST != LAST).with_columns(month=pl.date_ranges(FIRST, LAST, "1mo")).explode("month")
    return pl.concat([single, several])


def with_sender(records: pl.DataFrame, files: pl.DataFrame) -> pl.DataFrame:
    """The records with their `sender`, where `files` (source_file, profile) lists their file; none for keyed
    releases."""
    listed = _stemmed(files.select("source_file", "profile")).with_columns(listed=pl.lit(True))
    return records.join(listed, on="source_file", how="left", maintain_order="left").with_columns(
        sender=pl.when(pl.col("listed") & pl.col("release_key").is_null()).then(sender())
    ).drop("profile", "stem", "listed")


def supersede(records: pl.DataFrame, releases: pl.DataFrame | None = None) -> pl.DataFrame:
    """Adds `sender` and `superseded_by` to placed records: the newer record that takes a record's place, or, when
    the newer release no longer reports its substance there, that release (its version, `<digest>:`).

    `releases` is the `coverage` of every file (the records' own when not given).
    """
    releases = releases if releases is not None else coverage(records)
    files = releases.select(*FILE, "profile").unique()
    # the few columns the rules read, the records' order kept: a join of all columns would copy every part twice
    narrow = with_sender(records.select(NARROW), files)
    own = narrow.join(files.drop("profile"), on="source_file").with_columns(place=PLACE)
    replaced = pl.concat([_keyed(records), _covered(own, releases)])
    return records.with_columns(sender=narrow.get_column("sender"), superseded_by=pl.col("record_id").replace_strict(
        replaced.get_column("record_id"), replaced.get_column("superseded_by"), default=None, return_dtype=pl.String))


def _keyed(records: pl.DataFrame) -> pl.DataFrame:
    """(record_id, superseded_by) of keyed records whose key reappears in a newer release."""
    keyed = records.filter(pl.col("release_key").is_not_null())
    newest_period = keyed.group_by("source_file").agg(file_end=pl.col("period_end").max())
    keyed = keyed.join(newest_period, on="source_file").with_columns(
        file_rank=pl.struct("file_end", "source_file").rank("dense").over("agency", "release_key"),
        top_rank=pl.struct("file_end", "source_file").rank("dense").max().over("agency", "release_key"))
    winners = (keyed.filter(pl.col("file_rank") == pl.col("top_rank"))
               .group_by("agency", "release_key").agg(winner=pl.col("record_id").first()))
    return (keyed.filter(pl.col("file_rank") < pl.col("top_rank")).join(winners, on=["agency", "release_key"])
            .select("record_id", superseded_by="winner"))


def _covered(own: pl.DataFrame, releases: pl.DataFrame) -> pl.DataFrame:
    """(record_id, superseded_by) of the unkeyed records every month of which a newer file of their sender reports."""
    shared = releases.filter(pl.len().over(CELL) > 1)  # a cell only one file reports: nothing there to replace
    if not shared.get_column("replaces").any():  # the usual case: no file reports again what an earlier one did
        return own.select("record_id").clear().with_columns(superseded_by=pl.lit(None, dtype=pl.String))
    spanned = (LAST.dt.year() - FIRST.dt.year()) * 12 + LAST.dt.month() - FIRST.dt.month() + 1
    months = _by_month(own.drop_nulls("sender")).join(shared.select(CELL), on=CELL, how="semi", nulls_equal=True
                                                      ).with_columns(n_months=spanned)
    newer = shared.filter("replaces").select(*CELL, *(pl.col(c).alias(f"{c}_new") for c in FILE))
    found = (months.join(newer, on=CELL, nulls_equal=True)
             .filter(pl.col("order_new") > pl.col("order"), _overlapping())
             .group_by("record_id", "month").agg(pl.all().sort_by("order_new").last()))
    winners = (found.group_by("record_id").agg(pl.all().sort_by("order_new").last(), covered=pl.len())
               .filter(pl.col("covered") == pl.col("n_months")))
    same = [*CELL, "substance"]
    successors = winners.join(months.select("source_file", *same, successor="record_id"),
                              left_on=["source_file_new", *same], right_on=["source_file", *same], nulls_equal=True
                              ).group_by("record_id").agg(pl.col("successor").min())
    return winners.join(successors, on="record_id", how="left").select(
        "record_id", superseded_by=pl.coalesce("successor", pl.col("version_new") + ":"))


def _overlapping() -> pl.Expr:
    """Whether a newer file's period and an older one's share more than a boundary day, or are the same day:
    otherwise the newer continues the older."""
    shared = pl.min_horizontal("last_day", "last_day_new") > pl.max_horizontal("first_day", "first_day_new")
    same = (pl.col("first_day") == pl.col("first_day_new")) & (pl.col("last_day") == pl.col("last_day_new"))
    return shared | same
