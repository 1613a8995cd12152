"""Delivery of chart packs: always into the outbox, and by e-mail when SMTP is configured; failures reported."""

from __future__ import annotations

import json
import os
import shutil
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send mail (from BLO_SMTP_HOST, _PORT, _SENDER, _USER, _PASSWORD, _STARTTLS)."""

    host: str
    port: int = 25
    sender: str = "blo-seizure-trends@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        host = os.environ.get("BLO_SMTP_HOST")
        if not host:
            return None
        return cls(host=host, port=int(os.environ.get("BLO_SMTP_PORT", "25")),
                   sender=os.environ.get("BLO_SMTP_SENDER", cls.sender), user=os.environ.get("BLO_SMTP_USER"),
                   password=os.environ.get("BLO_SMTP_PASSWORD"),
                   starttls=os.environ.get("BLO_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"})


@dataclass
class DeliveryReport:
    """What happened to one pack: 'outbox only', 'sent' or 'failed', after how many attempts, and why."""

    status: str
    attempts: int = 0
    error: str | None = None
    outbox: Path | None = None


def deliver(pack, donor, outbox: Path, smtp: SmtpSettings | None, retries: int = 3,
            backoff: float = 1.0) -> DeliveryReport:
    """Copy the pack into outbox/<donor>/<period>/ and e-mail it to the donor's recipients when configured."""
    folder = outbox / donor.id / pack.period
    folder.mkdir(parents=True, exist_ok=True)
    for path in (pack.pdf, pack.html, pack.manifest):
        shutil.copyfile(path, folder / path.name)
    if smtp is None:
        return DeliveryReport("outbox only", outbox=folder)
    error = None
    for attempt in range(1, retries + 1):
        try:
            _send(pack, donor, smtp)
            return DeliveryReport("sent", attempt, outbox=folder)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            time.sleep(backoff * attempt)
    (folder / f"{pack.pdf.stem}.failed.json").write_text(json.dumps(
        {"recipients": donor.recipients, "attempts": retries, "error": error}, indent=1))
    return DeliveryReport("failed", retries, error, folder)


def _send(pack, donor, smtp: SmtpSettings) -> None:
    message = EmailMessage()
    message["Subject"] = f"BLO Seizure Trends chart pack — {donor.name} — {pack.period}"
    message["From"] = smtp.sender
    message["To"] = ", ".join(donor.recipients)
    message.set_content(f"Attached: the chart pack for {pack.period} ({pack.lang}).\n")
    message.add_attachment(pack.pdf.read_bytes(), maintype="application", subtype="pdf", filename=pack.pdf.name)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=20) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(message)
