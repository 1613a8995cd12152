"""Pack delivery: outbox always, a real local SMTP server for the mail, retries and failure notes."""

import email
import email.policy
import json
from contextlib import ExitStack

import pytest

from dashboards.delivery import SmtpSettings, deliver
from dashboards.pack import Donor, PackResult
from support.smtp import free_port
from support.smtp import smtp_server as running

DONOR = Donor("inl", "INL", {"country": "TKM"}, "quarterly", ["en"], ["a@example.org", "b@example.org"])


@pytest.fixture
def smtp_server():
    with ExitStack() as stack:
        yield lambda reply="250 OK": stack.enter_context(running(reply))


@pytest.fixture
def pack(tmp_path) -> PackResult:
    folder = tmp_path / "packs" / "inl" / "2024-Q4"
    folder.mkdir(parents=True)
    pdf = folder / "blo-pack-inl-2024-Q4-en.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    html = folder / "blo-pack-inl-2024-Q4-en.html"
    html.write_text("<html>pack</html>")
    manifest = folder / "blo-pack-inl-2024-Q4-en.manifest.json"
    manifest.write_text(json.dumps({"data_label": "synthetic demo data", "snapshot": "blo-fixture.duckdb",
                                    "pdf_sha256": "abc"}))
    return PackResult(pdf, html, manifest, "inl", "2024-Q4", "en", ("Farap", "Sarahs"))


def test_without_smtp_the_pack_lands_in_the_outbox_only(pack, tmp_path):
    report = deliver(pack, DONOR, tmp_path / "outbox", None)
    assert (report.status, report.attempts) == ("outbox only", 0)
    assert sorted(p.name for p in report.outbox.iterdir()) == sorted(p.name for p in (pack.pdf, pack.html,
                                                                                      pack.manifest))
    assert report.outbox == tmp_path / "outbox" / "inl" / "2024-Q4"


def test_pack_is_mailed_with_the_pdf_attached(pack, tmp_path, smtp_server):
    inbox, port = smtp_server()
    report = deliver(pack, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", port, sender="blo@example.org"))
    assert (report.status, report.attempts, report.error) == ("sent", 1, None)
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == DONOR.recipients and envelope.mail_from == "blo@example.org"
    mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert "INL" in mail["Subject"] and "2024-Q4" in mail["Subject"]
    [attachment] = [part for part in mail.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_filename() == pack.pdf.name
    assert attachment.get_payload(decode=True) == pack.pdf.read_bytes()
    body = next(part for part in mail.walk() if part.get_content_type() == "text/plain").get_content()
    assert "synthetic demo data" in body and "blo-fixture.duckdb" in body


def test_closed_port_is_retried_with_backoff_then_reported(pack, tmp_path):
    waits = []
    report = deliver(pack, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", free_port(), timeout=5),
                     retries=3, backoff=0.5, sleep=waits.append)
    assert (report.status, report.attempts) == ("failed", 3) and "Connection" in report.error
    assert waits == [0.5, 1.0]  # exponential, and no pointless wait after the last attempt
    note = json.loads((report.outbox / f"{pack.pdf.stem}.failed.json").read_text())
    assert note["attempts"] == 3 and note["error"] == report.error and note["recipients"] == DONOR.recipients
    assert (report.outbox / pack.pdf.name).exists()  # the pack is still in the outbox


def test_a_permanent_refusal_is_not_retried(pack, tmp_path, smtp_server):
    inbox, port = smtp_server("554 5.7.1 rejected by policy")
    waits = []
    report = deliver(pack, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", port), sleep=waits.append)
    assert (report.status, report.attempts, waits) == ("failed", 1, [])
    assert "554" in report.error and inbox.envelopes == []


def test_a_later_success_clears_the_failure_note(pack, tmp_path, smtp_server):
    outbox = tmp_path / "outbox"
    failed = deliver(pack, DONOR, outbox, SmtpSettings("127.0.0.1", free_port()), retries=1)
    note = failed.outbox / f"{pack.pdf.stem}.failed.json"
    assert note.exists()
    _, port = smtp_server()
    assert deliver(pack, DONOR, outbox, SmtpSettings("127.0.0.1", port)).status == "sent"
    assert not note.exists()


def test_settings_come_from_the_environment():
    assert SmtpSettings.from_env({}) is None
    settings = SmtpSettings.from_env({"BLO_SMTP_HOST": "mail.example.org", "BLO_SMTP_PORT": "587",
                                      "BLO_SMTP_SENDER": "blo@example.org", "BLO_SMTP_USER": "u",
                                      "BLO_SMTP_PASSWORD": "p", "BLO_SMTP_STARTTLS": "true"})
    assert settings == SmtpSettings("mail.example.org", 587, "blo@example.org", "u", "p", True)


def test_a_pack_is_sent_once_and_a_failed_one_is_tried_again(pack, tmp_path, smtp_server):
    outbox = tmp_path / "outbox"
    assert deliver(pack, DONOR, outbox, SmtpSettings("127.0.0.1", free_port()), retries=1).status == "failed"
    inbox, port = smtp_server()
    smtp = SmtpSettings("127.0.0.1", port)
    assert [deliver(pack, DONOR, outbox, smtp).status for _ in range(3)] == ["sent", "already sent", "already sent"]
    assert len(inbox.envelopes) == 1
    sent = json.loads((outbox / "inl" / "2024-Q4" / f"{pack.pdf.stem}.sent.json").read_text())
    assert sent["recipients"] == DONOR.recipients and sent["period"] == "2024-Q4"


def test_the_russian_pack_is_mailed_in_russian(pack, tmp_path, smtp_server):
    inbox, port = smtp_server()
    russian = PackResult(pack.pdf, pack.html, pack.manifest, "inl", "2024-Q4", "ru", pack.crossing_points)
    assert deliver(russian, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", port)).status == "sent"
    mail = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    body = next(part for part in mail.walk() if part.get_content_type() == "text/plain").get_content()
    assert "сводка графиков" in mail["Subject"] and "2024-Q4" in mail["Subject"]
    assert "синтетические демонстрационные данные" in body and "Пункты пропуска: Farap, Sarahs" in body
