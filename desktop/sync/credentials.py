"""The device token, kept in the operating system's password store (keyring) and nowhere else.

The token is never written to the database or a config file. Tests and headless machines inject a
store: :class:`MemoryCredentials` in-process, or a real keyring backend chosen with
``PYTHON_KEYRING_BACKEND`` (e.g. ``keyrings.alt.file.PlaintextKeyring`` on a server without a desktop).
"""

from __future__ import annotations

import os
from typing import Protocol

import keyring
import keyring.errors
from keyring.backends import fail

from desktop.sync.errors import NO_KEYRING, SyncError

SERVICE = "learning-desk"


def id_key_name(device_id: str) -> str:
    """Keyring entry of the district's ID-number key for a device (next to its token)."""
    return f"{device_id}/id-key"


def bundle_key_name(device_id: str) -> str:
    """Keyring entry of the district's key for sync bundles (``core/bundles.py``)."""
    return f"{device_id}/bundle-key"


def bundle_secret_name(device_id: str) -> str:
    """Keyring entry of this device's own secret that signs its sync bundles."""
    return f"{device_id}/bundle-secret"


class CredentialStore(Protocol):
    def get_token(self, device_id: str) -> str | None: ...

    def set_token(self, device_id: str, token: str) -> None: ...

    def delete_token(self, device_id: str) -> None: ...


class KeyringCredentials:
    """Tokens in the OS keyring, one entry per device id under the service ``learning-desk``."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    def _ring(self) -> keyring.backend.KeyringBackend:
        if self._backend is not None:
            return self._backend
        ring = keyring.get_keyring()
        if isinstance(ring, fail.Keyring):
            raise SyncError(NO_KEYRING)
        # keyrings.alt's file stores are not the OS password store; use one only when asked to by name.
        if type(ring).__module__.startswith("keyrings.alt") and not os.environ.get(
            "PYTHON_KEYRING_BACKEND"
        ):
            raise SyncError(NO_KEYRING)
        return ring

    def get_token(self, device_id: str) -> str | None:
        try:
            return self._ring().get_password(SERVICE, device_id)
        except keyring.errors.KeyringError as exc:
            raise SyncError(NO_KEYRING, str(exc)) from exc

    def set_token(self, device_id: str, token: str) -> None:
        try:
            self._ring().set_password(SERVICE, device_id, token)
        except keyring.errors.KeyringError as exc:
            raise SyncError(NO_KEYRING, str(exc)) from exc

    def delete_token(self, device_id: str) -> None:
        try:
            self._ring().delete_password(SERVICE, device_id)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise SyncError(NO_KEYRING, str(exc)) from exc


class MemoryCredentials:
    """An in-memory store for tests: same interface, nothing persisted."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    def get_token(self, device_id: str) -> str | None:
        return self.tokens.get(device_id)

    def set_token(self, device_id: str, token: str) -> None:
        self.tokens[device_id] = token

    def delete_token(self, device_id: str) -> None:
        self.tokens.pop(device_id, None)
