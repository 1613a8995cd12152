"""`blo pack` run twice with SMTP set mails each donor's pack once; a delivery that fails is reported and retried."""

import shutil

from dashboards import ledger
from support.front_door import blo
from support.smtp import free_port, smtp_server
from warehouse.home import Home


def _copy(built, tmp_path) -> Home:
    home, _, _ = built
    copy = Home(tmp_path / "home")
    shutil.copytree(home.root, copy.root, ignore=shutil.ignore_patterns("outbox", "packs"))
    return copy.ensure()


def test_a_second_round_sends_nothing_new(built, tmp_path):
    home = _copy(built, tmp_path)
    with smtp_server() as (inbox, port):
        smtp = {"BLO_SMTP_HOST": "127.0.0.1", "BLO_SMTP_PORT": str(port)}
        first = blo("pack", "--donor", "inl", "--period", "2024-Q4", home=home.root, env=smtp)
        second = blo("pack", "--donor", "inl", "--period", "2024-Q4", home=home.root, env=smtp)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.count("(delivery: sent)") == 2 and second.stdout.count("(delivery: already sent)") == 2
    assert len(inbox.envelopes) == 2  # English and Russian, once each


def test_a_failed_delivery_exits_non_zero(built, tmp_path):
    home = _copy(built, tmp_path)
    result = blo("pack", "--donor", "inl", "--period", "2024-Q4", "--lang", "en", home=home.root,
                 env={"BLO_SMTP_HOST": "127.0.0.1", "BLO_SMTP_PORT": str(free_port())})
    assert result.returncode == 1 and "delivery failed" in result.stderr
    assert [(e.status, e.attempts) for e in ledger.entries(home.deliveries)] == [("failed", 3)]
