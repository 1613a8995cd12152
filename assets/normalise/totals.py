"""Reported totals ("Total … (including the above …)") become the residual beyond the component rows they include.

A reported total covers the other rows of its drug group from the same file, country and period (of its sub-group
when the total sits in an ordinary sub-group: UNODC's "Cocaine (total of the above …)" covers the cocaine sub-group,
not coca leaf). Its mass becomes total − components, so summing a group counts every kilogram once; where the
components already exceed the total, the residual is 0 and the row is flagged.
"""

from __future__ import annotations

import polars as pl

from assets.shared.substances import substance_table

TOLERANCE_KG = 0.0005  # published totals are rounded to the gram: smaller excesses are rounding, not conflict


def residual_totals(frame: pl.DataFrame) -> pl.DataFrame:
    """The records with every reported total's mass replaced by its residual (and flagged)."""
    totals_table = substance_table().filter(pl.col("is_reported_total")).select(
        "substance", _scope=pl.when(pl.col("sub_group").str.starts_with("Reported total"))
        .then(pl.lit(None)).otherwise("sub_group"))
    if frame.is_empty() or not frame["substance"].is_in(totals_table["substance"].implode()).any():
        return frame
    keys = ["source_file", "country_iso3", "period_start", "period_end", "substance_group"]
    sub_groups = substance_table().select("substance", "sub_group")
    marked = (frame.with_row_index("_row")
              .join(sub_groups, on="substance", how="left", maintain_order="left")
              .join(totals_table, on="substance", how="left", maintain_order="left")
              .with_columns(_is_total=pl.col("substance").is_in(totals_table["substance"].implode())))
    components = marked.filter(~pl.col("_is_total") & pl.col("mass_kg").is_not_null())
    totals = marked.filter(pl.col("_is_total")).select("_row", *keys, "_scope", "mass_kg")
    in_scope = totals.join(components.select(*keys, "sub_group", component="mass_kg"), on=keys, how="left",
                           nulls_equal=True).filter(
        pl.col("_scope").is_null() | (pl.col("sub_group") == pl.col("_scope")))
    sums = in_scope.group_by("_row").agg(components=pl.col("component").sum())
    totals = totals.join(sums, on="_row", how="left").with_columns(pl.col("components").fill_null(0.0))
    excess = pl.col("components") - pl.col("mass_kg") > TOLERANCE_KG
    totals = totals.select(
        "_row",
        _residual=pl.when(excess).then(0.0).otherwise((pl.col("mass_kg") - pl.col("components")).clip(0.0)),
        _note=pl.when(excess).then(pl.format(
            "reported total {} kg is less than its components ({} kg): residual set to 0, check the source",
            pl.col("mass_kg").round(3), pl.col("components").round(3)))
        .otherwise(pl.format("reported total {} kg: residual beyond its components ({} kg)",
                             pl.col("mass_kg").round(3), pl.col("components").round(3))),
    )
    return (marked.join(totals, on="_row", how="left", maintain_order="left")
            .with_columns(mass_kg=pl.when(pl.col("_residual").is_not_null()).then("_residual").otherwise("mass_kg"),
                          flags=pl.when(pl.col("_note").is_null()).then("flags")
                          .otherwise(pl.concat_str(["flags", "_note"], separator="; ", ignore_nulls=True)))
            .select(frame.columns))
