"""What the laptop accepts as its district server: an address it may send records to, and the server's
key, remembered at enrollment (pinning).

Records, tokens and the district's ID-number key cross the network, so plain ``http://`` is refused
except to this computer itself (a server on loopback, as in tests and a one-machine demo), or when
``LEARNING_DESK_ALLOW_PLAIN_HTTP=1`` is set for a test network, which is logged on every use.

The pin is the SHA-256 of the server certificate's public key (its SubjectPublicKeyInfo), written
``sha256/<base64>``. A key rather than a whole certificate, so a district that renews its certificate
with the same key keeps its laptops; a new key needs the district (a new enrollment code), since a
laptop cannot tell a new key from someone else's server.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from desktop.sync import errors
from desktop.sync.errors import SyncError

log = logging.getLogger(__name__)

#: Set to 1 to let the laptop talk plain HTTP to a server that is not on this computer (test networks).
ALLOW_PLAIN_HTTP = "LEARNING_DESK_ALLOW_PLAIN_HTTP"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this computer itself (nothing crosses a network to reach it)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The server address, if the laptop may send records to it; otherwise a SyncError in words.

    ``https://`` anywhere; ``http://`` only to loopback, or with the logged override."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise SyncError(errors.BAD_ADDRESS, url) from None
    if parts.scheme not in ("http", "https") or not host:
        raise SyncError(errors.BAD_ADDRESS, url)
    if parts.scheme == "http" and not is_loopback(host):
        if os.environ.get(ALLOW_PLAIN_HTTP) != "1":
            raise SyncError(errors.PLAIN_HTTP, url)
        log.warning(
            "plain HTTP to %s allowed by %s: nothing sent is encrypted", host, ALLOW_PLAIN_HTTP
        )
    return url.strip()


def key_pin(certificate_der: bytes) -> str:
    """The pin of a DER certificate: ``sha256/`` and the base64 SHA-256 of its public key."""
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    spki = key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


class PinMismatch(OSError):
    """The server presented another key than the one remembered at enrollment."""


class PinningAdapter(HTTPAdapter):
    """An adapter whose HTTPS connections report the server's key pin and, when a pin is expected,
    close the connection before a byte is sent if the key differs.

    The certificate is verified first as usual (system or district CA); the pin is checked on top."""

    def __init__(self, expected: Callable[[], str | None], seen: Callable[[str], None]) -> None:
        self._expected = expected
        self._seen = seen
        super().__init__()

    def _pinned_pools(self, manager: Any) -> None:
        expected, seen = self._expected, self._seen

        class Connection(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                der = self.sock.getpeercert(binary_form=True) if self.sock else None
                pin = key_pin(der) if der else ""
                seen(pin)
                want = expected()
                if want and pin != want:
                    self.close()
                    raise PinMismatch(f"server key {pin} is not the enrolled {want}")

        class Pool(HTTPSConnectionPool):
            ConnectionCls = Connection

        manager.pool_classes_by_scheme = {"http": HTTPConnectionPool, "https": Pool}

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self._pinned_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        known = proxy in self.proxy_manager
        manager = super().proxy_manager_for(proxy, **kwargs)
        if not known:
            self._pinned_pools(manager)
        return manager
