"""Delivery of chart packs: always into the outbox, and by e-mail when SMTP is configured — one message per
recipient in the recipient's language, each recorded in the delivery ledger so none is sent twice."""

from __future__ import annotations

import email.policy
import json
import os
import shutil
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from dashboards import ledger
from dashboards.i18n import LANGUAGES, data_label
from dashboards.pack import Donor, PackResult

TRUE = {"1", "true", "yes", "on"}
# headers up to RFC 5322's hard limit: the email package's folding at 78 turns "(INL) — 2024-Q4" into "(INL)  — 2024-Q4"
POLICY = email.policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send mail (from BLO_SMTP_HOST, _PORT, _SENDER, _USER, _PASSWORD, _STARTTLS, _TLS)."""

    host: str
    port: int = 25
    sender: str = "blo-seizure-trends@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 20.0
    tls: bool = False  # implicit TLS from the first byte (usually port 465), rather than STARTTLS after connecting

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> SmtpSettings | None:
        """Settings from the environment; None (outbox only) when BLO_SMTP_HOST is unset."""
        host = environ.get("BLO_SMTP_HOST")
        if not host:
            return None
        tls = environ.get("BLO_SMTP_TLS", "").lower() in TRUE
        port = environ.get("BLO_SMTP_PORT", "465" if tls else "25")
        if not port.isdigit():
            raise ValueError(f"BLO_SMTP_PORT must be a port number, not '{port}'")
        return cls(host=host, port=int(port),
                   sender=environ.get("BLO_SMTP_SENDER", cls.sender), user=environ.get("BLO_SMTP_USER"),
                   password=environ.get("BLO_SMTP_PASSWORD"),
                   starttls=environ.get("BLO_SMTP_STARTTLS", "").lower() in TRUE, tls=tls)


@dataclass(frozen=True)
class Recipient:
    """One address of a donor and the language of the packs it receives (None: each of the donor's languages)."""

    address: str
    lang: str | None = None


def recipients(donor: Donor) -> list[Recipient]:
    """The donor's recipients from donors.yaml: a plain address, or {address: ..., lang: ru}."""
    found = []
    for entry in donor.recipients:
        entry = {"address": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or not isinstance(entry.get("address"), str) or "@" not in entry["address"] \
                or not set(entry) <= {"address", "lang"}:
            raise ValueError(f"donor '{donor.id}': a recipient is an address or {{address: ..., lang: ...}}, "
                             f"not {entry!r}")
        lang = entry.get("lang")
        if lang is not None and (lang not in LANGUAGES or lang not in donor.languages):
            raise ValueError(f"donor '{donor.id}': recipient {entry['address']} wants '{lang}', which is not among "
                             f"the donor's languages ({', '.join(donor.languages)})")
        found.append(Recipient(entry["address"], lang))
    for lang in donor.languages:
        if not any(r.lang in (None, lang) for r in found):
            raise ValueError(f"donor '{donor.id}': no recipient takes the '{lang}' pack")
    return found


def addressed(donor: Donor, lang: str) -> list[str]:
    """The addresses that receive the donor's pack in `lang`."""
    return [r.address for r in recipients(donor) if r.lang in (None, lang)]


@dataclass(frozen=True)
class Outcome:
    """What happened to one recipient's message: 'outbox only', 'sent', 'already sent' or 'failed'; `retried` when an
    earlier round had failed to reach them."""

    recipient: str
    status: str
    attempts: int = 0
    error: str | None = None
    message_id: str | None = None
    retried: bool = False


@dataclass(frozen=True)
class DeliveryReport:
    """What happened to one pack: where it is in the outbox, and each recipient's outcome."""

    outbox: Path
    outcomes: tuple[Outcome, ...]

    @property
    def status(self) -> str:
        """The pack's delivery in a word: 'failed' if any recipient failed, else 'sent' if any was sent now."""
        found = {o.status for o in self.outcomes}
        return next((s for s in ("failed", "sent", "already sent") if s in found), "outbox only")

    @property
    def attempts(self) -> int:
        return max((o.attempts for o in self.outcomes), default=0)

    @property
    def error(self) -> str | None:
        return next((o.error for o in self.outcomes if o.error), None)


SUBJECT = {"en": "BLO Seizure Trends chart pack — {donor} — {period}",
           "ru": "BLO Seizure Trends: сводка графиков — {donor} — {period}"}
BODY = {
    "en": "Attached: the BLO Seizure Trends chart pack for {period}.\n\nData: {label}\nWarehouse snapshot: "
          "{snapshot}\nCrossing points: {points}\nPDF sha256: {sha}\n",
    "ru": "Во вложении — сводка графиков BLO Seizure Trends за период {period}.\n\nДанные: {label}\n"
          "Снимок хранилища: {snapshot}\nПункты пропуска: {points}\nSHA-256 файла PDF: {sha}\n",
}


def message(pack: PackResult, donor: Donor, sender: str, recipient: str) -> EmailMessage:
    """The e-mail of one pack to one recipient in the pack's language, the PDF attached, the provenance in the body."""
    manifest = json.loads(pack.manifest.read_text(encoding="utf-8"))
    lang = pack.lang if pack.lang in SUBJECT else "en"
    mail = EmailMessage(policy=POLICY)
    mail["Subject"] = SUBJECT[lang].format(donor=donor.name, period=pack.period)
    mail["From"], mail["To"] = sender, recipient
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid("blo-pack", domain=sender.rpartition("@")[2] or None)
    mail.set_content(BODY[lang].format(
        period=pack.period, label=data_label(manifest["data_label"], lang), snapshot=manifest["snapshot"],
        points=", ".join(pack.crossing_points), sha=manifest["pdf_sha256"]))
    mail.add_attachment(pack.pdf.read_bytes(), maintype="application", subtype="pdf", filename=pack.pdf.name)
    return mail


def _send(mail: EmailMessage, smtp: SmtpSettings) -> None:
    context = ssl.create_default_context()  # the server's certificate is checked (smtplib's default does not)
    client = (smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context) if smtp.tls
              else smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout))
    with client:
        if smtp.starttls and not smtp.tls:
            client.starttls(context=context)
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(mail)


def _permanent(error: Exception) -> bool:
    """A 5xx answer (bad login, refused sender or recipient) will not change on retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _mail_one(mail: EmailMessage, smtp: SmtpSettings, retries: int, backoff: float,
              sleep: Callable[[float], None]) -> tuple[int, str | None]:
    """Up to `retries` attempts with exponential backoff; how many were made and the last error (None: sent)."""
    error, attempts = None, 0
    for attempts in range(1, max(retries, 1) + 1):
        try:
            _send(mail, smtp)
            return attempts, None
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            if _permanent(exc):
                break
            if attempts < retries:
                sleep(backoff * 2 ** (attempts - 1))
    return attempts, error


def deliver(pack: PackResult, donor: Donor, outbox: Path, smtp: SmtpSettings | None, deliveries: Path,
            resend: bool = False, retries: int = 3, backoff: float = 1.0,
            sleep: Callable[[float], None] = time.sleep) -> DeliveryReport:
    """Copy the pack into outbox/<donor>/<period>/ and, when SMTP is configured, mail it to each recipient who takes
    its language and has not received it yet (all of them with `resend`), recording every round in the `deliveries`
    ledger; a recipient that fails is tried again by the next round."""
    folder = outbox / donor.id / pack.period
    folder.mkdir(parents=True, exist_ok=True)
    for path in (pack.pdf, pack.html, pack.manifest):
        if path.resolve() != (folder / path.name).resolve():
            shutil.copyfile(path, folder / path.name)
    to = addressed(donor, pack.lang)
    if smtp is None:
        return DeliveryReport(folder, tuple(Outcome(address, "outbox only") for address in to))
    before = ledger.standing(deliveries, donor.id, pack.period, pack.lang)
    snapshot = json.loads(pack.manifest.read_text(encoding="utf-8"))["snapshot"]
    outcomes = []
    for address in to:
        if before.get(address) == "sent" and not resend:
            outcomes.append(Outcome(address, "already sent"))
            continue
        mail = message(pack, donor, smtp.sender, address)
        attempts, error = _mail_one(mail, smtp, retries, backoff, sleep)
        outcome = Outcome(address, "failed" if error else "sent", attempts, error, mail["Message-ID"],
                          before.get(address) == "failed")
        ledger.record(deliveries, [ledger.Entry(
            donor.id, pack.period, pack.lang, address, snapshot, outcome.message_id,
            outcome.status, attempts, error, ledger.now(), pack.pdf.name)])
        outcomes.append(outcome)
    return DeliveryReport(folder, tuple(outcomes))
