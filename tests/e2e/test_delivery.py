"""Pack delivery: outbox always; a real local SMTP server for the mail, one message per recipient in its language,
each recorded in the delivery ledger so that a recipient gets a pack once across runs; retries, failures, resend."""

import email
import email.policy
import json
import shutil
from contextlib import ExitStack

import pytest
import trustme

from dashboards import ledger
from dashboards.delivery import SmtpSettings, deliver
from dashboards.pack import Donor, PackResult, load_donors
from dashboards.rounds import donor_period
from support.front_door import blo
from support.smtp import free_port
from support.smtp import smtp_server as running
from warehouse.access import read_only
from warehouse.home import Home

DONOR = Donor("inl", "INL", {"country": "TKM"}, "quarterly", ["en", "ru"], ["a@example.org", "b@example.org"])


@pytest.fixture
def smtp_server():
    with ExitStack() as stack:
        yield lambda reply="250 OK", **tls: stack.enter_context(running(reply, **tls))


def _pack(tmp_path, lang: str) -> PackResult:
    folder = tmp_path / "packs" / "inl" / "2024-Q4"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"blo-pack-inl-2024-Q4-{lang}"
    pdf = folder / f"{stem}.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    (folder / f"{stem}.html").write_text("<html>pack</html>")
    (folder / f"{stem}.manifest.json").write_text(json.dumps({
        "data_label": "synthetic demo data", "snapshot": "blo-fixture.duckdb", "pdf_sha256": "abc"}))
    return PackResult(pdf, folder / f"{stem}.html", folder / f"{stem}.manifest.json", "inl", "2024-Q4", lang,
                      ("Farap", "Sarahs"))


@pytest.fixture
def pack(tmp_path) -> PackResult:
    return _pack(tmp_path, "en")


def _mail(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def _attachment(mail):
    [attachment] = [part for part in mail.walk() if part.get_content_type() == "application/pdf"]
    return attachment


def _body(mail) -> str:
    return next(part for part in mail.walk() if part.get_content_type() == "text/plain").get_content()


def test_without_smtp_the_pack_lands_in_the_outbox_only(pack, tmp_path):
    report = deliver(pack, DONOR, tmp_path / "outbox", None, tmp_path / "deliveries.duckdb")
    assert (report.status, report.attempts) == ("outbox only", 0)
    assert sorted(p.name for p in report.outbox.iterdir()) == sorted(p.name for p in (pack.pdf, pack.html,
                                                                                      pack.manifest))
    assert report.outbox == tmp_path / "outbox" / "inl" / "2024-Q4"
    assert not (tmp_path / "deliveries.duckdb").exists()  # nothing was delivered, so nothing is recorded


def test_each_recipient_gets_its_own_message_recorded_in_the_ledger(pack, tmp_path, smtp_server):
    inbox, port = smtp_server()
    deliveries = tmp_path / "deliveries.duckdb"
    report = deliver(pack, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", port, sender="blo@example.org"),
                     deliveries)
    assert (report.status, report.attempts, report.error) == ("sent", 1, None)
    assert [e.rcpt_tos for e in inbox.envelopes] == [["a@example.org"], ["b@example.org"]]
    mails = [_mail(e) for e in inbox.envelopes]
    assert [m["To"] for m in mails] == ["a@example.org", "b@example.org"]
    assert all(e.mail_from == "blo@example.org" for e in inbox.envelopes)
    for mail in mails:
        assert "INL" in mail["Subject"] and "2024-Q4" in mail["Subject"]
        assert _attachment(mail).get_filename() == pack.pdf.name
        assert _attachment(mail).get_payload(decode=True) == pack.pdf.read_bytes()
        assert "synthetic demo data" in _body(mail) and "blo-fixture.duckdb" in _body(mail)
    rows = ledger.entries(deliveries)
    assert [(r.recipient, r.status, r.attempts, r.lang, r.snapshot) for r in rows] == [
        ("a@example.org", "sent", 1, "en", "blo-fixture.duckdb"), ("b@example.org", "sent", 1, "en",
                                                                    "blo-fixture.duckdb")]
    assert [r.message_id for r in rows] == [m["Message-ID"] for m in mails]
    assert len({r.message_id for r in rows}) == 2 and all(r.message_id.endswith("@example.org>") for r in rows)


def test_closed_port_is_retried_with_backoff_then_reported(pack, tmp_path):
    waits, deliveries = [], tmp_path / "deliveries.duckdb"
    report = deliver(pack, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", free_port(), timeout=5),
                     deliveries, retries=3, backoff=0.5, sleep=waits.append)
    assert (report.status, report.attempts) == ("failed", 3) and "Connection" in report.error
    assert waits == [0.5, 1.0] * 2  # exponential per recipient, and no pointless wait after the last attempt
    rows = ledger.entries(deliveries)
    assert [(r.recipient, r.status, r.attempts, r.error) for r in rows] == [
        (address, "failed", 3, report.error) for address in DONOR.recipients]
    assert (report.outbox / pack.pdf.name).exists()  # the pack is still in the outbox


def test_a_permanent_refusal_is_not_retried(pack, tmp_path, smtp_server):
    inbox, port = smtp_server("554 5.7.1 rejected by policy")
    waits = []
    report = deliver(pack, DONOR, tmp_path / "outbox", SmtpSettings("127.0.0.1", port), tmp_path / "d.duckdb",
                     sleep=waits.append)
    assert (report.status, report.attempts, waits) == ("failed", 1, [])
    assert "554" in report.error and inbox.envelopes == []


def test_a_failure_then_a_success_delivers_once(pack, tmp_path, smtp_server):
    outbox, deliveries = tmp_path / "outbox", tmp_path / "deliveries.duckdb"
    refused, refusing = smtp_server("554 5.7.1 rejected by policy")
    assert deliver(pack, DONOR, outbox, SmtpSettings("127.0.0.1", refusing), deliveries).status == "failed"
    down = deliver(pack, DONOR, outbox, SmtpSettings("127.0.0.1", free_port()), deliveries, retries=1)
    assert down.status == "failed"
    inbox, port = smtp_server()
    smtp = SmtpSettings("127.0.0.1", port)
    rounds = [deliver(pack, DONOR, outbox, smtp, deliveries) for _ in range(3)]
    assert [r.status for r in rounds] == ["sent", "already sent", "already sent"]
    assert [o.retried for o in rounds[0].outcomes] == [True, True]
    assert [e.rcpt_tos for e in inbox.envelopes] == [["a@example.org"], ["b@example.org"]] and not refused.envelopes
    assert [(r.recipient, r.status) for r in ledger.entries(deliveries) if r.recipient == "a@example.org"] == [
        ("a@example.org", "failed"), ("a@example.org", "failed"), ("a@example.org", "sent")]


def test_resend_sends_again_and_records_it(pack, tmp_path, smtp_server):
    inbox, port = smtp_server()
    smtp, deliveries = SmtpSettings("127.0.0.1", port), tmp_path / "deliveries.duckdb"
    deliver(pack, DONOR, tmp_path / "outbox", smtp, deliveries)
    again = deliver(pack, DONOR, tmp_path / "outbox", smtp, deliveries, resend=True)
    assert again.status == "sent" and len(inbox.envelopes) == 4
    assert [r.status for r in ledger.entries(deliveries)] == ["sent"] * 4


def test_a_russian_recipient_gets_only_the_russian_pack_in_russian(tmp_path, smtp_server):
    inbox, port = smtp_server()
    donor = Donor("inl", "INL", {"country": "TKM"}, "quarterly", ["en", "ru"],
                  ["a@example.org", {"address": "ru@example.org", "lang": "ru"}])
    smtp, deliveries = SmtpSettings("127.0.0.1", port), tmp_path / "deliveries.duckdb"
    english = deliver(_pack(tmp_path, "en"), donor, tmp_path / "outbox", smtp, deliveries)
    russian = deliver(_pack(tmp_path, "ru"), donor, tmp_path / "outbox", smtp, deliveries)
    assert [o.recipient for o in english.outcomes] == ["a@example.org"]
    assert [o.recipient for o in russian.outcomes] == ["a@example.org", "ru@example.org"]
    mail = _mail(next(e for e in inbox.envelopes if e.rcpt_tos == ["ru@example.org"]))
    assert mail["Subject"] == "BLO Seizure Trends: сводка графиков — INL — 2024-Q4"
    assert "синтетические демонстрационные данные" in _body(mail) and "Пункты пропуска: Farap, Sarahs" in _body(mail)
    to_a = {_attachment(m).get_filename(): m["Subject"] for m in map(_mail, inbox.envelopes)
            if m["To"] == "a@example.org"}
    assert to_a == {"blo-pack-inl-2024-Q4-en.pdf": "BLO Seizure Trends chart pack — INL — 2024-Q4",
                    "blo-pack-inl-2024-Q4-ru.pdf": "BLO Seizure Trends: сводка графиков — INL — 2024-Q4"}


def test_settings_come_from_the_environment():
    assert SmtpSettings.from_env({}) is None
    settings = SmtpSettings.from_env({"BLO_SMTP_HOST": "mail.example.org", "BLO_SMTP_PORT": "587",
                                      "BLO_SMTP_SENDER": "blo@example.org", "BLO_SMTP_USER": "u",
                                      "BLO_SMTP_PASSWORD": "p", "BLO_SMTP_STARTTLS": "true"})
    assert settings == SmtpSettings("mail.example.org", 587, "blo@example.org", "u", "p", True)
    implicit = SmtpSettings.from_env({"BLO_SMTP_HOST": "mail.example.org", "BLO_SMTP_TLS": "1"})
    assert (implicit.port, implicit.tls, implicit.starttls) == (465, True, False)
    with pytest.raises(ValueError, match="BLO_SMTP_PORT must be a port number, not 'smtp'"):
        SmtpSettings.from_env({"BLO_SMTP_HOST": "mail.example.org", "BLO_SMTP_PORT": "smtp"})


@pytest.mark.parametrize("starttls", [False, True], ids=["implicit TLS", "STARTTLS"])
def test_tls_checks_the_servers_certificate(pack, tmp_path, smtp_server, monkeypatch, starttls):
    ca = trustme.CA()
    inbox, port = smtp_server(ca=ca, starttls=starttls)
    smtp = SmtpSettings("127.0.0.1", port, tls=not starttls, starttls=starttls, timeout=5)
    untrusted = deliver(pack, DONOR, tmp_path / "outbox", smtp, tmp_path / "d.duckdb", retries=1)
    assert untrusted.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in untrusted.error and not inbox.envelopes
    with ca.cert_pem.tempfile() as trusted:
        monkeypatch.setenv("SSL_CERT_FILE", trusted)
        assert deliver(pack, DONOR, tmp_path / "outbox", smtp, tmp_path / "d.duckdb").status == "sent"
    assert inbox.encrypted == [True, True]


# --- through the installed command, on a copy of the built demo home --------------------------------------------


def _copy(built, tmp_path) -> Home:
    home, _, _ = built
    copy = Home(tmp_path / "home")
    shutil.copytree(home.root, copy.root, ignore=shutil.ignore_patterns("outbox", "packs", "deliveries.duckdb"))
    return copy.ensure()


DONOR_NAME = "U.S. Department of State, Bureau of International Narcotics and Law Enforcement Affairs (INL)"


def _smtp(port: int) -> dict:
    return {"BLO_SMTP_HOST": "127.0.0.1", "BLO_SMTP_PORT": str(port), "BLO_SMTP_SENDER": "blo@example.org"}


def _last_quarter(home: Home) -> str:
    with read_only(home) as con:
        return donor_period(con, next(d for d in load_donors() if d.id == "inl"))


def test_two_rounds_send_one_message_per_recipient_and_resend_sends_again(built, tmp_path):
    home = _copy(built, tmp_path)
    quarter = _last_quarter(home)
    with running() as (inbox, port):
        first = blo("pack", "--donor", "inl", home=home.root, env=_smtp(port))
        second = blo("pack", "--donor", "inl", home=home.root, env=_smtp(port))
        assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
        assert len(inbox.envelopes) == 2  # the English and the Russian pack to INL's one recipient, once
        assert "inl-central-asia@example.org: sent <" in first.stdout
        assert second.stdout.count("not rebuilt, every recipient has it") == 2  # a monthly round skips the quarter
        assert not [line for line in second.stdout.splitlines() if ".pdf" in line]
        resent = blo("pack", "--donor", "inl", "--lang", "ru", "--resend", home=home.root, env=_smtp(port))
        assert resent.returncode == 0 and len(inbox.envelopes) == 3, resent.stderr
    subjects = [_mail(e)["Subject"] for e in inbox.envelopes]
    assert sorted(subjects) == sorted([f"BLO Seizure Trends chart pack — {DONOR_NAME} — {quarter}"]
                                      + [f"BLO Seizure Trends: сводка графиков — {DONOR_NAME} — {quarter}"] * 2)
    rows = ledger.entries(home.deliveries)
    assert [(r.donor, r.period, r.lang, r.recipient, r.status) for r in rows] == [
        ("inl", quarter, "en", "inl-central-asia@example.org", "sent"),
        ("inl", quarter, "ru", "inl-central-asia@example.org", "sent"),
        ("inl", quarter, "ru", "inl-central-asia@example.org", "sent")]
    assert sorted(r.message_id for r in rows) == sorted(_mail(e)["Message-ID"] for e in inbox.envelopes)
    listed = blo("pack", "--ledger", home=home.root)
    assert listed.returncode == 0 and listed.stdout.count("inl-central-asia@example.org  sent") == 3



def test_a_failed_round_exits_non_zero_and_the_next_delivers_once(built, tmp_path):
    home = _copy(built, tmp_path)
    down = blo("pack", "--donor", "inl", "--lang", "en", home=home.root, env=_smtp(free_port()))
    assert down.returncode == 1 and "delivery failed for inl" in down.stderr and "--ledger" in down.stderr
    assert "inl-central-asia@example.org: failed after 3 attempt(s): ConnectionRefusedError" in down.stdout
    with running() as (inbox, port):
        retried = blo("pack", "--donor", "inl", "--lang", "en", home=home.root, env=_smtp(port))
        again = blo("pack", "--donor", "inl", "--lang", "en", home=home.root, env=_smtp(port))
    assert retried.returncode == 0 and again.returncode == 0, retried.stderr + again.stderr
    assert "after an earlier failed round" in retried.stdout and len(inbox.envelopes) == 1
    assert [(r.status, r.attempts) for r in ledger.entries(home.deliveries)] == [("failed", 3), ("sent", 1)]


def test_a_home_with_earlier_sent_notes_does_not_send_them_again(built, tmp_path):
    home = _copy(built, tmp_path)
    quarter = _last_quarter(home)
    folder = home.outbox / "inl" / quarter
    folder.mkdir(parents=True)
    for lang in ("en", "ru"):
        (folder / f"blo-pack-inl-{quarter}-{lang}.sent.json").write_text(json.dumps({
            "donor": "inl", "period": quarter, "lang": lang, "pdf": f"blo-pack-inl-{quarter}-{lang}.pdf",
            "recipients": ["inl-central-asia@example.org"], "smtp": "mail.example.org:25", "attempts": 1,
            "sent_at": "2025-01-02T01:00:00+00:00"}))
    with running() as (inbox, port):
        result = blo("pack", "--donor", "inl", home=home.root, env=_smtp(port))
    assert result.returncode == 0, result.stderr
    assert inbox.envelopes == [] and result.stdout.count("not rebuilt") == 2
    assert not list(folder.glob("*.sent.json"))
    assert [(r.lang, r.status) for r in ledger.entries(home.deliveries)] == [("en", "sent"), ("ru", "sent")]
