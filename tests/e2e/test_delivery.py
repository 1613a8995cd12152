"""Pack delivery: outbox always, a real local SMTP server for the mail, retries and failure notes."""

import email
import email.policy
import json
import socket

import pytest
from aiosmtpd.controller import Controller

from dashboards.delivery import SmtpSettings, deliver
from dashboards.pack import Donor, PackResult

DONOR = Donor("inl", "INL", {"country": "TKM"}, "quarterly", ["en"], ["a@example.org", "b@example.org"])


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses every message with `reply`."""

    def __init__(self, reply: str = "250 OK"):
        self.envelopes, self.reply = [], reply

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.reply.startswith("250"):
            self.envelopes.append(envelope)
        return self.reply


@pytest.fixture
def smtp_server():
    started = []

    def start(reply: str = "250 OK") -> tuple[Inbox, int]:
        inbox = Inbox(reply)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        return inbox, controller.port

    yield start
    for controller in started:
        controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
