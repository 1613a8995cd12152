"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, or refuses every message."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps the envelopes it receives, or answers every message with `reply`."""

    def __init__(self, reply: str = "250 OK"):
        self.envelopes, self.reply = [], reply

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.reply.startswith("250"):
            self.envelopes.append(envelope)
        return self.reply


def free_port() -> int:
    """A port nothing listens on (yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(reply: str = "250 OK") -> Iterator[tuple[Inbox, int]]:
    """A running server and its port, stopped afterwards."""
    inbox = Inbox(reply)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
