"""The bench's floor reads exports in their own encodings and counts their rows (timings are reported, not tested)."""

import json

from bench.run import _is_utf8, floor


def test_floor_counts_csv_and_json_rows_in_any_encoding(tmp_path):
    (tmp_path / "a.csv").write_text("Дата;Вещество\n01.01.2024;героин\n02.01.2024;гашиш\n", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes("Дата;Вещество\n03.01.2024;опий\n".encode("cp1251"))
    (tmp_path / "c.json").write_text(json.dumps({"records": [{"d": 1}, {"d": 2}, {"d": 3}]}), encoding="utf-8")
    (tmp_path / "d.xlsx").write_bytes(b"PK")  # left out of the floor
    assert _is_utf8(tmp_path / "a.csv") and not _is_utf8(tmp_path / "b.csv")
    result = floor(sorted(tmp_path.iterdir()))
    assert result["rows"] == 6 and result["seconds"] >= 0
