"""Moving sync messages over HTTP(S) with ``requests``.

Requests are gzip-compressed (the server decodes them); answers come back compressed and ``requests``
inflates them. Failures are mapped to the :mod:`desktop.sync.errors` taxonomy. POSTs are retried here,
explicitly, with exponential backoff and jitter, because HTTP libraries do not retry them by default;
retrying is safe because every push carries a batch id the server remembers.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import requests

from core.protocol import HELLO_PATH, dumps
from desktop import __version__
from desktop.sync import errors
from desktop.sync.errors import SyncError
from desktop.sync.tls import PinningAdapter, check_server_url

log = logging.getLogger(__name__)


class Transport(Protocol):
    def post(
        self, path: str, message: dict[str, Any], token: str | None = None
    ) -> dict[str, Any]: ...

    def post_bytes(self, path: str, body: bytes, token: str) -> bytes: ...


@dataclass
class TransportStats:
    exchanges: int = 0
    body_bytes_sent: int = 0
    body_bytes_received: int = 0


_KIND_BY_STATUS = {
    400: errors.REFUSED,
    401: errors.UNAUTHORIZED,
    403: errors.BAD_CODE,
    # The body did not arrive in time (a link that crawls): retried like a timeout.
    408: errors.TIMEOUT,
    409: errors.REFUSED,
    413: errors.REFUSED,
    426: errors.TOO_OLD,
    429: errors.TOO_MANY_TRIES,
}
#: Kinds the server names that say more than the status alone.
_KIND_BY_ERROR = {"code_expired": errors.CODE_EXPIRED}

#: What operating systems say when no connection could be made, and the reason it amounts to
#: (``errors.REASONS``, which says each in the user's language).
_REASONS_BY_TEXT = (
    ("Connection refused", "Connection refused"),
    ("actively refused", "Connection refused"),  # Windows
    ("Name or service not known", "Name or service not known"),
    ("Temporary failure in name resolution", "Name or service not known"),
    ("nodename nor servname", "Name or service not known"),  # macOS
    ("getaddrinfo failed", "Name or service not known"),  # Windows
    ("Network is unreachable", "Network is unreachable"),
    ("No route to host", "Network is unreachable"),
    ("timed out", "timed out"),
    ("reset by peer", "reset by peer"),
    ("forcibly closed", "reset by peer"),  # Windows
)


class HttpTransport:
    """POSTs JSON messages to one district server."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        ca_bundle: str | None = None,
        proxies: dict[str, str] | None = None,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
        pin: str | None = None,
    ) -> None:
        self.base_url = check_server_url(base_url).rstrip("/")
        #: The server key expected (``tls.key_pin``), and the one the last new connection presented.
        self.pin = pin or None
        self.seen_pin: str | None = None
        self.timeout = (connect_timeout, timeout)
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.mount("https://", PinningAdapter(lambda: self.pin, self._saw_pin))
        # Given with each request: a session's own ``verify`` loses to REQUESTS_CA_BUNDLE in the
        # environment, and the district's authority must not be dropped for the system's.
        self._verify: str | bool = ca_bundle or True
        if proxies:
            self._session.proxies.update(proxies)
        self._session.headers["User-Agent"] = f"LearningDesk/{__version__}"
        self.stats = TransportStats()

    def post(self, path: str, message: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        """Send ``message``; retry transient failures; return the decoded answer or raise SyncError."""
        body = gzip.compress(dumps(message), compresslevel=6)
        headers = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Accept-Encoding": "gzip",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self._retried(path, body, headers)
        try:
            answer = response.json()
        except (ValueError, json.JSONDecodeError):
            answer = None
        if not isinstance(answer, dict):
            raise SyncError(errors.BAD_ANSWER, "not JSON")
        return answer

    def post_bytes(self, path: str, body: bytes, token: str) -> bytes:
        """Send ``body`` as it is (a sync bundle, already compressed and encrypted) and return the
        answer's bytes; failures as :meth:`post`."""
        headers = {
            "Content-Type": "application/octet-stream",
            "Accept-Encoding": "identity",
            "Authorization": f"Bearer {token}",
        }
        return self._retried(path, body, headers).content

    def _retried(self, path: str, body: bytes, headers: dict[str, str]) -> requests.Response:
        attempt = 0
        while True:
            try:
                return self._once(path, body, headers)
            except SyncError as exc:
                attempt += 1
                if not exc.transient or attempt > self.retries:
                    raise
                # Full jitter: villages that lost the same link must not all come back at once.
                self._sleep(random.uniform(0, self.backoff * 2 ** (attempt - 1)))

    def probe(self, timeout: float = 5.0) -> bool:
        """True when the server answers its hello within ``timeout``; never raises, never retries."""
        try:
            response = self._session.get(
                self.base_url + HELLO_PATH,
                timeout=(timeout, timeout),
                verify=self._verify,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException:
            return False
        return response.status_code == 200

    def _saw_pin(self, pin: str) -> None:
        self.seen_pin = pin

    def _once(self, path: str, body: bytes, headers: dict[str, str]) -> requests.Response:
        try:
            response = self._session.post(
                self.base_url + path,
                data=body,
                headers=headers,
                timeout=self.timeout,
                verify=self._verify,
                # A redirect would re-send the body to an address nobody checked (or pinned).
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            if self.pin and self.seen_pin and self.seen_pin != self.pin:
                # A connection to a server with another key was closed before anything was sent.
                raise SyncError(errors.KEY_CHANGED, self.seen_pin) from exc
            # The window says why in the coordinator's words; the exception's own are kept here.
            log.info("no answer from the district server for %s: %s", path, exc)
            raise _failure(exc) from exc
        self.stats.exchanges += 1
        self.stats.body_bytes_sent += len(body)
        self.stats.body_bytes_received += int(
            response.headers.get("Content-Length") or len(response.content)
        )
        if 300 <= response.status_code < 400:
            raise SyncError(errors.BAD_ANSWER, f"HTTP {response.status_code}: a redirect")
        if response.status_code >= 500:
            raise SyncError(errors.SERVER_ERROR, f"HTTP {response.status_code}")
        if response.status_code >= 400:
            try:
                answer = response.json()
            except (ValueError, json.JSONDecodeError):
                answer = None
            kind = _KIND_BY_STATUS.get(response.status_code)
            if isinstance(answer, dict) and answer.get("error") in _KIND_BY_ERROR:
                kind = _KIND_BY_ERROR[answer["error"]]
            detail = (
                answer.get("message", "")
                if isinstance(answer, dict)
                else f"HTTP {response.status_code}"
            )
            log.info(
                "the district server answered %s with %s: %s", path, response.status_code, detail
            )
            raise SyncError(
                kind or errors.BAD_ANSWER, detail, answer if isinstance(answer, dict) else None
            )
        return response


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker, reason in _REASONS_BY_TEXT:
        if marker in text:
            return reason
    return exc.__class__.__name__


def _failure(exc: requests.exceptions.RequestException) -> SyncError:
    """The sync failure a request that got no answer amounts to."""
    if isinstance(exc, requests.exceptions.SSLError):
        return SyncError(errors.UNREACHABLE, "certificate")
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.Timeout)):
        return SyncError(errors.TIMEOUT)
    if isinstance(exc, requests.exceptions.ConnectionError):
        return SyncError(errors.UNREACHABLE, _reason(exc))
    return SyncError(errors.UNREACHABLE, exc.__class__.__name__)
