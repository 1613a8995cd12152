"""The delivery ledger (a DuckDB file in the home) and the recipients of donors.yaml."""

import datetime as dt
import json

import duckdb
import pytest

from dashboards import ledger
from dashboards.delivery import addressed, recipients
from dashboards.pack import Donor, load_donors

AT = dt.datetime(2025, 1, 2, 6, 0, 0)


def _entry(recipient: str, status: str, lang: str = "en", period: str = "2024-Q4", **more) -> ledger.Entry:
    facts = {"donor": "inl", "period": period, "lang": lang, "recipient": recipient, "snapshot": "s1.duckdb",
             "message_id": f"<{recipient}>", "status": status, "attempts": 1, "error": None, "attempted_at": AT,
             "pdf": "p.pdf"} | more
    return ledger.Entry(**facts)


def test_a_recipient_counts_as_sent_once_any_round_reached_them(tmp_path):
    path = tmp_path / "deliveries.duckdb"
    assert ledger.standing(path, "inl", "2024-Q4", "en") == {} and not path.exists()  # reading creates nothing
    ledger.record(path, [_entry("a@x.org", "failed", attempts=3, error="ConnectionRefusedError"),
                         _entry("a@x.org", "sent"), _entry("b@x.org", "failed"),
                         _entry("c@x.org", "sent", lang="ru"), _entry("d@x.org", "sent", period="2024-Q3")])
    assert ledger.standing(path, "inl", "2024-Q4", "en") == {"a@x.org": "sent", "b@x.org": "failed"}
    assert ledger.standing(path, "inl", "2024-Q4", "ru") == {"c@x.org": "sent"}


def test_entries_come_back_whole_and_filtered(tmp_path):
    path = tmp_path / "deliveries.duckdb"
    first = _entry("a@x.org", "failed", attempts=3, error="SMTPDataError: (554, b'rejected')")
    later = _entry("a@x.org", "sent", attempted_at=AT + dt.timedelta(days=31), period="2025-Q1")
    ledger.record(path, [later, first])
    assert ledger.entries(path) == [first, later]  # in the order things happened
    assert ledger.entries(path, period="2025-Q1") == [later] and ledger.entries(path, donor="japan") == []
    with duckdb.connect(str(path), read_only=True) as con:  # a plain DuckDB table an analyst can open
        assert con.execute("SELECT count(*), sum(attempts) FROM deliveries").fetchall() == [(2, 4)]


def test_the_ledger_refuses_an_unknown_status(tmp_path):
    with pytest.raises(duckdb.ConstraintException):
        ledger.record(tmp_path / "deliveries.duckdb", [_entry("a@x.org", "queued")])


def test_earlier_notes_move_into_the_ledger(tmp_path):
    outbox, path = tmp_path / "outbox", tmp_path / "deliveries.duckdb"
    folder = outbox / "inl" / "2024-Q4"
    folder.mkdir(parents=True)
    (folder / "blo-pack-inl-2024-Q4-en.manifest.json").write_text(json.dumps({"snapshot": "blo-20250101.duckdb"}))
    (folder / "blo-pack-inl-2024-Q4-en.sent.json").write_text(json.dumps({
        "donor": "inl", "period": "2024-Q4", "lang": "en", "pdf": "blo-pack-inl-2024-Q4-en.pdf",
        "recipients": ["a@x.org", "b@x.org"], "smtp": "127.0.0.1:25", "attempts": 2,
        "sent_at": "2025-01-02T01:00:00+00:00"}))
    (folder / "blo-pack-inl-2024-Q4-ru.failed.json").write_text(json.dumps({
        "donor": "inl", "period": "2024-Q4", "lang": "ru", "pdf": "blo-pack-inl-2024-Q4-ru.pdf",
        "recipients": ["a@x.org"], "smtp": "127.0.0.1:25", "attempts": 3, "error": "TimeoutError: timed out",
        "failed_at": "2025-01-02T05:00:00+05:00"}))
    assert ledger.migrate_notes(path, outbox) == 2
    assert not list(folder.glob("*.sent.json")) and not list(folder.glob("*.failed.json"))
    assert ledger.standing(path, "inl", "2024-Q4", "en") == {"a@x.org": "sent", "b@x.org": "sent"}
    assert ledger.standing(path, "inl", "2024-Q4", "ru") == {"a@x.org": "failed"}
    failed = ledger.entries(path, period="2024-Q4")[0]  # the earliest: 05:00 at UTC+5 is midnight UTC
    assert (failed.status, failed.attempted_at, failed.snapshot, failed.attempts) == ("failed", AT.replace(hour=0),
                                                                                       None, 3)
    sent = [e for e in ledger.entries(path) if e.status == "sent"]
    assert {e.snapshot for e in sent} == {"blo-20250101.duckdb"} and {e.attempts for e in sent} == {2}
    assert ledger.migrate_notes(path, outbox) == 0 and len(ledger.entries(path)) == 3  # once only


def _donor(*entries, languages=("en", "ru")) -> Donor:
    return Donor("inl", "INL", {"country": "TKM"}, "quarterly", list(languages), list(entries))


def test_a_recipient_is_an_address_or_an_address_with_its_language():
    donor = _donor("all@x.org", {"address": "ru@x.org", "lang": "ru"})
    assert [(r.address, r.lang) for r in recipients(donor)] == [("all@x.org", None), ("ru@x.org", "ru")]
    assert addressed(donor, "en") == ["all@x.org"] and addressed(donor, "ru") == ["all@x.org", "ru@x.org"]


@pytest.mark.parametrize(("entries", "languages", "problem"), [
    (["not-an-address"], ("en",), "a recipient is an address"),
    ([{"address": "a@x.org", "language": "ru"}], ("en",), "a recipient is an address"),
    ([{"address": "a@x.org", "lang": "kk"}], ("en",), "wants 'kk'"),
    ([{"address": "a@x.org", "lang": "ru"}], ("en", "ru"), "no recipient takes the 'en' pack"),
])
def test_a_mistyped_recipient_is_named(entries, languages, problem):
    with pytest.raises(ValueError, match=problem):
        recipients(_donor(*entries, languages=languages))


def test_the_bundled_donors_have_valid_recipients():
    for donor in load_donors():
        assert recipients(donor) and all(addressed(donor, lang) for lang in donor.languages)
