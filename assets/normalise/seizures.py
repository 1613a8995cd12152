"""Source records → normalised seizure sources: canonical names, kg-equivalent, merged duplicates."""

from __future__ import annotations

import polars as pl

from assets.normalise.dedup import DedupRule, assign_seizures
from assets.normalise.releases import supersede
from assets.normalise.totals import residual_totals
from assets.shared.crossings import gazetteer, match_crossings
from assets.shared.quantities import kg_equivalent
from assets.shared.substances import match_substances


def place_crossings(records: pl.DataFrame, extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """Canonical crossing points, matched within the reporting agency's country when it is known."""
    parts = [match_crossings([]).with_columns(country_iso3=pl.lit(None, dtype=pl.String))]  # its schema, for no records
    for (country,), group in records.select("crossing_raw", "country_iso3").unique().group_by(
            ["country_iso3"], maintain_order=True):
        names = group.get_column("crossing_raw").to_list()
        matched = match_crossings(names, country_hint=country, extra_aliases=extra_aliases)
        parts.append(matched.with_columns(country_iso3=pl.lit(country, dtype=pl.String)))
    lookup = pl.concat(parts).rename({"name_raw": "crossing_raw", "match_method": "crossing_match",
                                      "confidence": "crossing_confidence"})
    return records.join(lookup, on=["crossing_raw", "country_iso3"], how="left", nulls_equal=True,
                        maintain_order="left")


def place_substances(records: pl.DataFrame, extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """Canonical substance and group for every record (unplaced names become 'unmapped', never dropped)."""
    names = records.get_column("substance_raw").unique().to_list()
    lookup = match_substances(names, extra_aliases=extra_aliases).rename(
        {"name_raw": "substance_raw", "match_method": "substance_match", "confidence": "substance_confidence"})
    return records.join(lookup, on="substance_raw", how="left", nulls_equal=True, maintain_order="left")


def with_canonical_names(records: pl.DataFrame, substance_aliases: pl.DataFrame | None = None,
          crossing_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every record with its canonical crossing point and substance, and the crossing point's country if unsaid."""
    frame = place_substances(place_crossings(records, crossing_aliases), substance_aliases)
    countries = gazetteer().select("crossing_point", pl.col("country_iso3").alias("_cp_country"))
    return frame.join(countries, on="crossing_point", how="left", maintain_order="left").with_columns(
        country_iso3=pl.coalesce("country_iso3", "_cp_country")).drop("_cp_country")


def normalise_records(records: pl.DataFrame, rule: DedupRule | None = None,
                      substance_aliases: pl.DataFrame | None = None,
                      crossing_aliases: pl.DataFrame | None = None, releases: pl.DataFrame | None = None
                      ) -> pl.DataFrame:
    """Every source record with canonical names, kg-equivalent and the seizure it belongs to (`releases`: what every
    file reports, `replaced.release_coverage`; the records' own when not given)."""
    frame = residual_totals(with_canonical_names(records, substance_aliases, crossing_aliases))
    frame = supersede(frame.with_columns(kg_equivalent=kg_equivalent(frame)), releases)
    active = frame.filter(pl.col("superseded_by").is_null())
    clusters = assign_seizures(active.select(
        "record_id", "agency", "crossing_point", "substance", "period_start", "period_end", "n_events",
        "mass_kg", "unit_count", "count_unit", "package_count", "package_unit", "value_local", "currency"),
        rule or DedupRule())
    replaced = (frame.filter(pl.col("superseded_by").is_not_null()).select("record_id", "superseded_by")
                .join(clusters.select(pl.col("record_id").alias("superseded_by"), "seizure_id"), on="superseded_by",
                      how="left")  # a record its newer release no longer reports is a seizure of its own, withdrawn
                .select("record_id", seizure_id=pl.coalesce("seizure_id", "record_id"), is_primary=pl.lit(False),
                        merge_reason=pl.lit("superseded by a newer release of the same source")))
    clusters = pl.concat([clusters, replaced], how="vertical_relaxed")
    frame = frame.join(clusters, on="record_id", how="left", maintain_order="left")
    sources = frame.group_by("seizure_id").agg(n_sources=pl.len())
    return frame.join(sources, on="seizure_id", how="left", maintain_order="left")
