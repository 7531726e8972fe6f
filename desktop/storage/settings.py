"""Every setting the laptop keeps in ``local_settings``, named once with its type and default.

The table holds text, so each key used to be a raw string with its own ``int(...)`` or ``float(...)``
wherever it was read, in four modules. A :class:`Setting` says once how its value is read and written;
code reads ``CURSOR.of(store.settings())`` and writes ``put_settings(conn, {CURSOR: 42})``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One key of ``local_settings``: how its text becomes a value, and back."""

    key: str
    parse: Callable[[str], T]
    default: T
    text: Callable[[T], str] = str

    def of(self, values: Mapping[str, str]) -> T:
        """This setting's value in ``values`` (as :meth:`Store.settings` returns them); the default
        when it is absent or empty."""
        raw = values.get(self.key)
        return self.default if not raw else self.parse(raw)


def _names(text: str) -> tuple[str, ...]:
    return tuple(n for n in text.split(",") if n)


def _joined(names: tuple[str, ...]) -> str:
    return ",".join(names)


def _hex(value: uuid.UUID | None) -> str:
    return value.hex if value is not None else ""


# -- who this laptop is (written at enrollment) ----------------------------------------------------
DEVICE_ID: Setting[uuid.UUID | None] = Setting("device_id", uuid.UUID, None, _hex)
SITE_ID: Setting[uuid.UUID | None] = Setting("site_id", uuid.UUID, None, _hex)
ROLE = Setting("role", str, "")
SERVER_URL = Setting("server_url", str, "")
SERVER_ID = Setting("server_id", str, "")
#: This laptop's site's name (set at enrollment, refreshed by every sync).
SITE_NAME = Setting("site_name", str, "")
#: While an enrollment is under way (and only then), a digest of its code and the random value that
#: proves a retry is this laptop: "DIGEST:NONCE". Emptied in the transaction that stores the answer,
#: so a copy of the file made later holds nothing that enrolls a computer.
ENROLL_NONCE = Setting("enroll_nonce", str, "")

# -- how this laptop reaches the server --------------------------------------------------------------
#: Seconds to wait for an answer (``learning-desk sync --timeout``).
TIMEOUT_SECONDS = Setting("timeout_seconds", float, 60.0)
#: A district's own CA bundle (``--ca-bundle``): a path, "" for the system's.
CA_BUNDLE = Setting("ca_bundle", str, "")
#: The server key this laptop enrolled with (``desktop.sync.tls.key_pin``); "" over loopback HTTP.
SERVER_PIN = Setting("server_pin", str, "")

# -- sync state (written by the sync client) -----------------------------------------------------------
#: The server sequence up to which this device has pulled.
CURSOR = Setting("cursor", int, 0)
#: The scope token of the last answer, sent back with every request.
SCOPE = Setting("scope", str, "")
#: The server's clock minus this laptop's at the last sync answer, in seconds.
CLOCK_OFFSET = Setting("clock_offset_seconds", float, 0.0, lambda s: f"{s:.0f}")
#: Device time (UTC ISO) of the last complete sync.
LAST_SUCCESS = Setting("last_sync_success", str, "")
#: The server's time in that answer (UTC ISO).
LAST_SERVER_TIME = Setting("last_server_time", str, "")
#: Kind of the last failure (``desktop.sync.errors``), "" after a success, and its detail.
LAST_ERROR = Setting("last_sync_error", str, "")
LAST_ERROR_DETAIL = Setting("last_sync_error_detail", str, "")
#: A re-download in progress (``desktop/sync/client.py``): its tables, its own cursor, and the
#: scope token to keep when it ends. Absent when none is running.
RESCAN_TABLES = Setting("rescan_tables", _names, (), _joined)
RESCAN_CURSOR = Setting("rescan_cursor", int, 0)
RESCAN_SCOPE = Setting("rescan_scope", str, "")
#: The re-download in progress follows a restored backup (``desktop/storage/backups.py``): a
#: waiting edit the server already holds, value for value, is taken as acknowledged, not sent again.
RESCAN_RESTORED = Setting(
    "rescan_restored", lambda text: text == "1", False, lambda on: "1" if on else ""
)
#: The number of the last sync bundle this laptop wrote, and of the last answer to one it took in
#: (``desktop/sync/client.py``): an answer to an older bundle than one already taken in is old news.
BUNDLE_SEQ = Setting("bundle_seq", int, 0)
BUNDLE_RETURNED = Setting("bundle_returned", int, 0)
#: Indexes a first download dropped and has still to build (``desktop/storage/bulk.py``).
DEFERRED_INDEXES = Setting("deferred_indexes", _names, (), _joined)
#: Which version of the derived search keys the stored rows carry (``core.search_keys.KEYS_VERSION``;
#: 0 before it was noted): they are derived again on opening when it is not the code's
#: (``desktop/storage/derived.py``).
SEARCH_KEYS_VERSION = Setting("search_keys_version", int, 0)

#: Prefix of the settings that hold why the server deferred a change (it stays pending meanwhile):
#: one per change, so a family of keys rather than one setting.
DEFERRED = "deferred:"


def deferral_key(table: str, row_hex: str) -> str:
    """The key that holds why the server deferred the change to ``table``'s row ``row_hex``."""
    return f"{DEFERRED}{table}:{row_hex}"


def as_text(values: Mapping[Setting[Any] | str, Any]) -> dict[str, str]:
    """``values`` keyed and written as ``local_settings`` stores them. Plain string keys are for the
    deferral family only (:func:`deferral_key`), whose values are already text."""
    out = {}
    for setting, value in values.items():
        if isinstance(setting, Setting):
            out[setting.key] = setting.text(value)
        else:
            out[setting] = str(value)
    return out
