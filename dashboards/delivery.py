"""Delivery of chart packs: always into the outbox, and by e-mail when SMTP is configured; failures reported."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import smtplib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from dashboards.pack import Donor, PackResult

TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send mail (from BLO_SMTP_HOST, _PORT, _SENDER, _USER, _PASSWORD, _STARTTLS)."""

    host: str
    port: int = 25
    sender: str = "blo-seizure-trends@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 20.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> SmtpSettings | None:
        """Settings from the environment; None (outbox only) when BLO_SMTP_HOST is unset."""
        host = environ.get("BLO_SMTP_HOST")
        if not host:
            return None
        return cls(host=host, port=int(environ.get("BLO_SMTP_PORT", "25")),
                   sender=environ.get("BLO_SMTP_SENDER", cls.sender), user=environ.get("BLO_SMTP_USER"),
                   password=environ.get("BLO_SMTP_PASSWORD"),
                   starttls=environ.get("BLO_SMTP_STARTTLS", "").lower() in TRUE)


@dataclass(frozen=True)
class DeliveryReport:
    """What happened to one pack: 'outbox only', 'sent', 'already sent' or 'failed', after how many attempts, and
    why."""

    status: str
    attempts: int
    error: str | None
    outbox: Path
    recipients: tuple[str, ...]


SUBJECT = {"en": "BLO Seizure Trends chart pack — {donor} — {period}",
           "ru": "BLO Seizure Trends: сводка графиков — {donor} — {period}"}
BODY = {
    "en": "Attached: the BLO Seizure Trends chart pack for {period}.\n\nData: {label}\nWarehouse snapshot: "
          "{snapshot}\nCrossing points: {points}\nPDF sha256: {sha}\n",
    "ru": "Во вложении — сводка графиков BLO Seizure Trends за период {period}.\n\nДанные: {label}\n"
          "Снимок хранилища: {snapshot}\nПункты пропуска: {points}\nSHA-256 файла PDF: {sha}\n",
}
LABELS_RU = {"synthetic demo data": "синтетические демонстрационные данные", "agency data": "данные ведомств"}


def message(pack: PackResult, donor: Donor, sender: str) -> EmailMessage:
    """One e-mail per donor pack in the pack's language, the PDF attached, the provenance in the body."""
    manifest = json.loads(pack.manifest.read_text(encoding="utf-8"))
    lang = pack.lang if pack.lang in SUBJECT else "en"
    label = manifest["data_label"]
    mail = EmailMessage()
    mail["Subject"] = SUBJECT[lang].format(donor=donor.name, period=pack.period)
    mail["From"] = sender
    mail["To"] = ", ".join(donor.recipients)
    mail.set_content(BODY[lang].format(
        period=pack.period, label=LABELS_RU.get(label, label) if lang == "ru" else label,
        snapshot=manifest["snapshot"], points=", ".join(pack.crossing_points), sha=manifest["pdf_sha256"]))
    mail.add_attachment(pack.pdf.read_bytes(), maintype="application", subtype="pdf", filename=pack.pdf.name)
    return mail


def _send(mail: EmailMessage, smtp: SmtpSettings) -> None:
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(mail)


def _permanent(error: Exception) -> bool:
    """A 5xx answer (bad login, refused sender) will not change on retry."""
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def deliver(pack: PackResult, donor: Donor, outbox: Path, smtp: SmtpSettings | None, retries: int = 3,
            backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> DeliveryReport:
    """Copy the pack into outbox/<donor>/<period>/ and, when SMTP is configured, mail it to the donor's recipients:
    up to `retries` attempts with exponential backoff. A success leaves <pack>.sent.json in the outbox and the pack is
    not sent again; a final failure leaves <pack>.failed.json, and the next round tries again."""
    folder = outbox / donor.id / pack.period
    folder.mkdir(parents=True, exist_ok=True)
    for path in (pack.pdf, pack.html, pack.manifest):
        if path.resolve() != (folder / path.name).resolve():
            shutil.copyfile(path, folder / path.name)
    recipients = tuple(donor.recipients)
    note, sent = folder / f"{pack.pdf.stem}.failed.json", folder / f"{pack.pdf.stem}.sent.json"
    if smtp is None:
        return DeliveryReport("outbox only", 0, None, folder, recipients)
    if sent.exists():  # a donor gets a period's pack once; delete the note to send it again
        return DeliveryReport("already sent", 0, None, folder, recipients)
    mail = message(pack, donor, smtp.sender)
    error, attempts = None, 0
    for attempts in range(1, max(retries, 1) + 1):
        try:
            _send(mail, smtp)
            note.unlink(missing_ok=True)
            sent.write_text(json.dumps({
                "donor": donor.id, "period": pack.period, "lang": pack.lang, "pdf": pack.pdf.name,
                "recipients": list(recipients), "smtp": f"{smtp.host}:{smtp.port}", "attempts": attempts,
                "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, indent=1), encoding="utf-8")
            return DeliveryReport("sent", attempts, None, folder, recipients)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            if _permanent(exc):
                break
            if attempts < retries:
                sleep(backoff * 2 ** (attempts - 1))
    note.write_text(json.dumps({
        "donor": donor.id, "period": pack.period, "lang": pack.lang, "pdf": pack.pdf.name,
        "recipients": list(recipients), "smtp": f"{smtp.host}:{smtp.port}", "attempts": attempts, "error": error,
        "failed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, indent=1), encoding="utf-8")
    return DeliveryReport("failed", attempts, error, folder, recipients)
