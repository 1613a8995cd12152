"""The landing area's remembered fingerprints: a settled, unchanged file is not read again; any write is noticed."""

import hashlib
import json
import os

from assets.ingest import fingerprints
from assets.ingest.fingerprints import Fingerprints


def _tampered(store, name, sha):
    known = json.loads(store.read_text())
    known[name]["sha256"] = sha
    store.write_text(json.dumps(known))


def test_a_settled_unchanged_file_is_not_read_again_and_a_rewrite_is_noticed(tmp_path, monkeypatch):
    monkeypatch.setattr(fingerprints, "SETTLED_NS", 0)
    export, store = tmp_path / "uz_customs_2024.csv", tmp_path / "fingerprints.json"
    export.write_text("Дата;Вещество;Вес\n01.02.2024;героин;1,5\n", encoding="utf-8")
    first = Fingerprints(store)
    assert first.sha256(export) == hashlib.sha256(export.read_bytes()).hexdigest()
    first.save([export])
    _tampered(store, export.name, "f" * 64)
    assert Fingerprints(store).sha256(export) == "f" * 64  # the remembered value: the file was not read
    before = export.stat()
    export.write_text("Дата;Вещество;Вес\n01.02.2024;героин;2,5\n", encoding="utf-8")  # same size
    os.utime(export, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime back
    assert Fingerprints(store).sha256(export) == hashlib.sha256(export.read_bytes()).hexdigest()


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(tmp_path):
    export, store = tmp_path / "kg_border_2024.json", tmp_path / "fingerprints.json"
    export.write_text('[{"date": "2024-02-01"}]', encoding="utf-8")
    first = Fingerprints(store)
    first.sha256(export)
    first.save([export])
    _tampered(store, export.name, "f" * 64)
    assert Fingerprints(store).sha256(export) == hashlib.sha256(export.read_bytes()).hexdigest()


def test_files_no_longer_landed_are_forgotten(tmp_path):
    kept, gone, store = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "fingerprints.json"
    kept.write_text("x\n")
    gone.write_text("y\n")
    first = Fingerprints(store)
    first.sha256(kept), first.sha256(gone)
    first.save([kept, gone])
    second = Fingerprints(store)
    second.save([kept])
    assert set(json.loads(store.read_text())) == {"a.csv"}
