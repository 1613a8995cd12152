"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, or refuses every message; plain, with
STARTTLS or with implicit TLS under a test certificate authority (trustme)."""

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

import trustme
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps the envelopes it receives (and whether each came over TLS), or answers every
    message with `reply`."""

    def __init__(self, reply: str = "250 OK"):
        self.envelopes, self.encrypted, self.reply = [], [], reply

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.reply.startswith("250"):
            self.envelopes.append(envelope)
            self.encrypted.append(server.transport.get_extra_info("ssl_object") is not None)
        return self.reply


def free_port() -> int:
    """A port nothing listens on (yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@contextmanager
def smtp_server(reply: str = "250 OK", ca: trustme.CA | None = None, starttls: bool = False
                ) -> Iterator[tuple[Inbox, int]]:
    """A running server and its port, stopped afterwards; with `ca`, its certificate is issued by that authority and
    it speaks TLS from the first byte, or only after STARTTLS (which it then requires)."""
    inbox = Inbox(reply)
    tls = {}
    if ca and starttls:
        tls = {"tls_context": _server_context(ca), "require_starttls": True}
    elif ca:
        tls = {"ssl_context": _server_context(ca)}
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **tls)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
