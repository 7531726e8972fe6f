"""Sync bundles: the network exchange put in a file, for a village with no link but a USB stick
(``docs/protocol.md``, *Bundles*). Both the laptop and the server read and write them here.

A bundle file is, byte by byte::

    LEARNING-DESK-BUNDLE 1\\n                      the magic line and the format's version
    {"kind": "up", "server_id": …, …}\\n           the header: compact JSON, readable as it is
    NONCE (12) · CIPHERTEXT · GCM TAG (16)        AES-256-GCM under the district's bundle key, the
                                                  two lines above as associated data, of: the
                                                  payload (zlib-compressed JSON), then the
                                                  HMAC-SHA256 (32) of the two lines and the
                                                  compressed payload under the bundle secret of
                                                  the village device the bundle belongs to

So a lost stick shows whose it is and nothing of its records. Anyone holding the district key (every
laptop of the district, and the server) finds any changed, missing or added byte: the GCM tag
covers the header, the payload and the signature, and a file cut short or added to moves the tag.
Only the village device and the server (which keeps every device's secret) can sign a bundle, so a
town laptop can read what a village's bundle holds but cannot make one the server accepts.

An ``up`` bundle carries the exchanges a sync would send (``{"messages": [...]}``); a ``return``
bundle carries the server's answer to each of them (``{"answers": [...]}``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core import protocol
from core.messages import QT_TRANSLATE_NOOP, UserMessage

MAGIC = b"LEARNING-DESK-BUNDLE"
FORMAT_VERSION = 1
#: A village's exchanges on their way to the server; the server's answers on their way back.
UP, RETURN = "up", "return"
#: A file name ending for the file dialogs and the town laptop's folder of bundles.
SUFFIX = ".ldbundle"
KEYS_PATH = "/api/v1/keys"
RELAY_PATH = "/api/v1/relay"
NONCE_BYTES, TAG_BYTES, MAC_BYTES = 12, 16, 32
#: Bytes the header line may take: a few hundred in practice.
MAX_HEADER = 4096
#: Exchanges one bundle may carry: a large backlog is a few batches of 2,000 changes.
MAX_MESSAGES = 100
#: Bytes a payload may inflate to: the server's body limit, so no bundle is worth more than a request.
MAX_PAYLOAD = 32 * 1024 * 1024

# lupdate reads only literal contexts, so each QT_TRANSLATE_NOOP below spells it out.
CTX = "Bundle"

NOT_A_BUNDLE = "not_a_bundle"
DAMAGED = "bundle_damaged"
NEWER = "bundle_newer"
OTHER_DISTRICT = "bundle_other_district"
OTHER_SITE = "bundle_other_site"
DEVICE_REFUSED = "bundle_device_refused"
NOT_FOR_THIS = "bundle_not_for_this_computer"
GOING_UP = "bundle_going_up"
NO_KEYS = "bundle_no_keys"
NO_ANSWER = "bundle_no_answer"

MESSAGES = {
    NOT_A_BUNDLE: QT_TRANSLATE_NOOP("Bundle", "This file is not a Learning Desk sync bundle."),
    DAMAGED: QT_TRANSLATE_NOOP(
        "Bundle",
        "This sync bundle is damaged or was changed (cut short, altered or added to), so nothing "
        "was imported; export it again from the computer that made it.",
    ),
    NEWER: QT_TRANSLATE_NOOP(
        "Bundle",
        "This sync bundle was made by a newer version of Learning Desk, so nothing was imported; "
        "please update the app.",
    ),
    OTHER_DISTRICT: QT_TRANSLATE_NOOP(
        "Bundle", "This sync bundle belongs to another district, so nothing was imported."
    ),
    OTHER_SITE: QT_TRANSLATE_NOOP(
        "Bundle",
        "This sync bundle comes from a site this computer does not look after, so nothing was "
        "imported.",
    ),
    DEVICE_REFUSED: QT_TRANSLATE_NOOP(
        "Bundle",
        "The district does not accept the computer that made this sync bundle (it may have been "
        "replaced), so nothing was imported.",
    ),
    NOT_FOR_THIS: QT_TRANSLATE_NOOP(
        "Bundle",
        "This sync bundle is the answer for another computer, so nothing was imported.",
    ),
    GOING_UP: QT_TRANSLATE_NOOP(
        "Bundle",
        "This sync bundle is on its way to the district: take it to the town school's computer, "
        "which sends it on. Nothing was imported here.",
    ),
    NO_KEYS: QT_TRANSLATE_NOOP(
        "Bundle",
        "This computer has no key for sync bundles yet: sync once over the network, then try "
        "again.",
    ),
    NO_ANSWER: QT_TRANSLATE_NOOP(
        "Bundle",
        "No answer is waiting for that site: import its bundle, sync, then export the answer.",
    ),
}


class BundleError(Exception):
    """A bundle refused whole, with the one sentence that says why; nothing was imported."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.message = UserMessage(CTX, MESSAGES[kind])
        super().__init__(self.message.render())


@dataclass(frozen=True)
class BundleHeader:
    """What a bundle says about itself, in clear: whose it is and its place in that device's
    history (``seq``: the device's bundles are numbered 1, 2, 3 …; a return bundle has the number
    of the bundle it answers)."""

    kind: str
    server_id: str
    site: uuid.UUID
    device: uuid.UUID
    protocol: int
    schema: str
    created_at: str
    seq: int

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "server_id": self.server_id,
            "site": self.site.hex,
            "device": self.device.hex,
            "protocol": self.protocol,
            "schema": self.schema,
            "created_at": self.created_at,
            "seq": self.seq,
        }

    @classmethod
    def from_json(cls, data: Any) -> BundleHeader:
        try:
            header = cls(
                kind=data["kind"],
                server_id=data["server_id"],
                site=uuid.UUID(data["site"]),
                device=uuid.UUID(data["device"]),
                protocol=data["protocol"],
                schema=data["schema"],
                created_at=data["created_at"],
                seq=data["seq"],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BundleError(DAMAGED) from None
        texts = (header.kind, header.server_id, header.schema, header.created_at)
        numbers = (header.protocol, header.seq)
        if not all(isinstance(t, str) for t in texts) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in numbers
        ):
            raise BundleError(DAMAGED)
        if header.kind not in (UP, RETURN):
            raise BundleError(DAMAGED)
        return header


def key_bytes(text: str | None) -> bytes:
    """A key as the keyring and the server keep it (64 hex digits), as the 32 bytes it stands for."""
    try:
        key = bytes.fromhex(text or "")
    except ValueError:
        key = b""
    if len(key) != 32:
        raise BundleError(NO_KEYS)
    return key


def new_key() -> str:
    """A fresh 256-bit key as 64 hex digits: the district's bundle key, or a device's secret."""
    return os.urandom(32).hex()


def write_bundle(
    header: BundleHeader, payload: dict[str, Any], bundle_key: bytes, device_secret: bytes
) -> bytes:
    """The bytes of a bundle: ``payload`` compressed and signed with the device's secret, then
    sealed under the district's key."""
    clear = MAGIC + b" %d\n" % FORMAT_VERSION + protocol.dumps(header.to_json()) + b"\n"
    packed = zlib.compress(protocol.dumps(payload), 9)
    signature = hmac.new(device_secret, clear + packed, hashlib.sha256).digest()
    nonce = os.urandom(NONCE_BYTES)
    return clear + nonce + AESGCM(bundle_key).encrypt(nonce, packed + signature, clear)


def read_header(data: bytes) -> BundleHeader:
    """The header of ``data``, refused when the file is not a bundle, is of a newer format or
    protocol, or is too short to hold a payload. Nothing here is authenticated yet: act on it
    only to find the keys, then :func:`open_payload`."""
    if not data.startswith(MAGIC + b" "):
        raise BundleError(NOT_A_BUNDLE)
    first, _, rest = data.partition(b"\n")
    version = first[len(MAGIC) + 1 :]
    if not rest or not version.isdigit() or len(version) > 6:
        raise BundleError(DAMAGED)
    if int(version) > FORMAT_VERSION:
        raise BundleError(NEWER)
    if int(version) != FORMAT_VERSION:
        raise BundleError(DAMAGED)
    line, found, _ = rest[:MAX_HEADER].partition(b"\n")
    if not found:
        raise BundleError(DAMAGED)
    try:
        header = BundleHeader.from_json(json.loads(line))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BundleError(DAMAGED) from None
    if header.protocol > protocol.PROTOCOL_VERSION:
        raise BundleError(NEWER)
    if len(data) < _payload_start(data) + NONCE_BYTES + MAC_BYTES + TAG_BYTES:
        raise BundleError(DAMAGED)
    return header


def _payload_start(data: bytes) -> int:
    first = data.index(b"\n")
    return data.index(b"\n", first + 1) + 1


def open_payload(
    data: bytes, bundle_key: bytes, device_secret: bytes | None = None
) -> dict[str, Any]:
    """The payload of ``data`` (whose header :func:`read_header` read), refused whole when a
    byte differs from what was sealed, or, given ``device_secret``, when that device did not sign
    it. Without the secret (a town laptop reading a village's bundle) the signature is left for
    the server to check."""
    start = _payload_start(data)
    clear, nonce = data[:start], data[start : start + NONCE_BYTES]
    try:
        opened = AESGCM(bundle_key).decrypt(nonce, data[start + NONCE_BYTES :], clear)
    except InvalidTag:
        raise BundleError(DAMAGED) from None
    packed, signature = opened[:-MAC_BYTES], opened[-MAC_BYTES:]
    if device_secret is not None and not hmac.compare_digest(
        signature, hmac.new(device_secret, clear + packed, hashlib.sha256).digest()
    ):
        raise BundleError(DAMAGED)
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, MAX_PAYLOAD)
        if inflater.unconsumed_tail or not inflater.eof:
            raise BundleError(DAMAGED)
        payload = json.loads(text)
    except (zlib.error, ValueError, UnicodeDecodeError, RecursionError):
        raise BundleError(DAMAGED) from None
    if not isinstance(payload, dict):
        raise BundleError(DAMAGED)
    return payload
