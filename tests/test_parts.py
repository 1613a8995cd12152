"""Parts of the normalisation pass: a few substances each, a group with a reported total kept whole."""

import polars as pl

from assets.normalise.parts import substance_parts


def test_parts_pack_substances_up_to_the_cap_and_keep_a_group_with_a_reported_total_whole():
    names = pl.DataFrame({"substance_raw": ["heroin", "opium", "гашиш", "Total cannabis-type", "марихуана", None,
                                            "zzz", "nasvay"],
                          "n": [300, 250, 100, 1, 50, 5, 7, 400]})
    part = dict(substance_parts(names, part_rows=500).iter_rows())
    assert part["гашиш"] == part["Total cannabis-type"] == part["марихуана"]  # the cannabis group with its total
    assert part[None] == part["zzz"]  # both unmapped
    assert len({part["heroin"], part["opium"], part["nasvay"]}) == 3  # 300 + 250 + 400 rows: no two fit in 500
    sizes = names.with_columns(part=pl.Series([part[n] for n in names["substance_raw"]])).group_by("part").agg(
        pl.col("n").sum())
    assert sizes["n"].max() <= 500


def test_a_substance_larger_than_the_cap_is_one_part():
    names = pl.DataFrame({"substance_raw": ["heroin", "opium"], "n": [900, 100]})
    parts = substance_parts(names, part_rows=500)
    assert parts["part"].to_list() == [0, 1]
