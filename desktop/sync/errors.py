"""Why a sync did not happen, in words a coordinator can act on.

Each failure has a ``kind`` (stable, for ``--json`` output and for tests) and a sentence marked for
translation. Transient kinds are retried; the others need a person.

Some sentences quote a detail: why the connection failed, the server's own words. A reason the
transport knows (``REASONS``) is said in the reader's language; a detail only English can say (an
exception's name, a server's English sentence) is quoted in the English sentence alone, and a
translated window shows the sentence without it (``QUIET``): the transport logs it for whoever helps.
"""

from __future__ import annotations

import re

from core.messages import QT_TRANSLATE_NOOP, UserMessage

# lupdate reads only literal contexts, so each QT_TRANSLATE_NOOP below spells it out.
CTX = "Sync"

OFFLINE = "offline"
UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
UNAUTHORIZED = "unauthorized"
TOO_OLD = "too_old"
SERVER_ERROR = "server_error"
WRONG_SERVER = "wrong_server"
NOT_ENROLLED = "not_enrolled"
BAD_CODE = "bad_code"
CODE_EXPIRED = "code_expired"
TOO_MANY_TRIES = "too_many_tries"
NO_KEYRING = "no_keyring"
BAD_ANSWER = "bad_answer"
REFUSED = "refused"
BAD_ADDRESS = "bad_address"
PLAIN_HTTP = "plain_http"
KEY_CHANGED = "key_changed"

MESSAGES = {
    OFFLINE: QT_TRANSLATE_NOOP(
        "Sync", "This computer is offline. Your records are safe and will be sent later."
    ),
    UNREACHABLE: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server cannot be reached ({detail}). Your records are safe and will be sent later.",
    ),
    TIMEOUT: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server did not answer in time. Your records are safe and will be sent later.",
    ),
    UNAUTHORIZED: QT_TRANSLATE_NOOP(
        "Sync",
        "The district no longer accepts this computer. Please ask the district office for a new enrollment code.",
    ),
    TOO_OLD: QT_TRANSLATE_NOOP(
        "Sync",
        "This version of Learning Desk is too old for the district server. Please update the app.",
    ),
    SERVER_ERROR: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server had a problem ({detail}). Your records are safe; try again later.",
    ),
    WRONG_SERVER: QT_TRANSLATE_NOOP(
        "Sync",
        "That server belongs to another district, not to the one this computer is enrolled with.",
    ),
    NOT_ENROLLED: QT_TRANSLATE_NOOP(
        "Sync", "This computer is not yet connected to a district; enroll it first."
    ),
    BAD_CODE: QT_TRANSLATE_NOOP("Sync", "The enrollment code is wrong or has already been used."),
    CODE_EXPIRED: QT_TRANSLATE_NOOP(
        "Sync", "The enrollment code has expired; ask the district for a new one."
    ),
    TOO_MANY_TRIES: QT_TRANSLATE_NOOP(
        "Sync",
        "Too many wrong enrollment codes were tried from this computer; wait ten minutes and check "
        "the code with the district.",
    ),
    NO_KEYRING: QT_TRANSLATE_NOOP(
        "Sync",
        "No password store (keyring) is available to keep this computer's key. On a Linux machine without a desktop, set PYTHON_KEYRING_BACKEND (see the README).",
    ),
    REFUSED: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server refused the changes this computer sent ({detail}). They are kept on this computer; press Sync to try again, and tell the district office if this happens again.",
    ),
    BAD_ANSWER: QT_TRANSLATE_NOOP(
        "Sync", "The district server sent an answer this app cannot read ({detail})."
    ),
    BAD_ADDRESS: QT_TRANSLATE_NOOP(
        "Sync",
        '"{detail}" is not a server address. Copy it exactly as the district wrote it, starting '
        "with https://.",
    ),
    PLAIN_HTTP: QT_TRANSLATE_NOOP(
        "Sync",
        "The address {detail} is not encrypted (http://), so residents' records could be read on the "
        "way. Ask the district for its https:// address.",
    ),
    KEY_CHANGED: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server's key is not the one this computer enrolled with, so nothing was sent: "
        "another machine may be pretending to be the server. Tell the district office; if the district "
        "really changed its key, it will give you a new enrollment code.",
    ),
}

#: The sentences above whose detail may be English only, as a translated window says them.
QUIET = {
    UNREACHABLE: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server cannot be reached. Your records are safe and will be sent later.",
    ),
    SERVER_ERROR: QT_TRANSLATE_NOOP(
        "Sync", "The district server had a problem. Your records are safe; try again later."
    ),
    REFUSED: QT_TRANSLATE_NOOP(
        "Sync",
        "The district server refused the changes this computer sent. They are kept on this computer; press Sync to try again, and tell the district office if this happens again.",
    ),
    BAD_ANSWER: QT_TRANSLATE_NOOP(
        "Sync", "The district server sent an answer this app cannot read."
    ),
}

#: Why a connection failed, by the names the transport gives (``transport._reason``); these names are
#: also kept with the last failure, so they stay as they are.
REASONS = {
    "Connection refused": QT_TRANSLATE_NOOP("Sync", "the server did not accept the connection"),
    "Name or service not known": QT_TRANSLATE_NOOP(
        "Sync", "the server's name was not found: check the address and the network"
    ),
    "Network is unreachable": QT_TRANSLATE_NOOP("Sync", "there is no network route to the server"),
    "timed out": QT_TRANSLATE_NOOP("Sync", "the connection took too long"),
    "reset by peer": QT_TRANSLATE_NOOP("Sync", "the connection was cut off"),
    "certificate": QT_TRANSLATE_NOOP("Sync", "the server's certificate was not accepted"),
}

#: Kinds worth retrying by themselves: the link or the server may come back.
TRANSIENT = frozenset({OFFLINE, UNREACHABLE, TIMEOUT, SERVER_ERROR})

# Details any reader can read: a status code, or text with no Latin letters in it.
_READABLE = re.compile(r"HTTP \d{3}|[^A-Za-z]*")


class SyncMessage(UserMessage):
    """A failure's sentence; its detail follows the rules in the module docstring."""

    def __init__(self, kind: str, detail: str) -> None:
        reason = REASONS.get(detail)
        super().__init__(CTX, MESSAGES[kind], detail=UserMessage(CTX, reason) if reason else detail)
        # The sentence a translated window says instead, when the detail is English only.
        self.quiet = (
            QUIET[kind]
            if kind in QUIET and reason is None and not _READABLE.fullmatch(detail)
            else None
        )

    def render(self, translate=None) -> str:  # noqa: ANN001 - as UserMessage.render
        # Translated into another language (not the English source): the quiet sentence.
        translated = translate is not None and translate(self.context, self.source) != self.source
        if self.quiet is not None and translated:
            return translate(self.context, self.quiet)
        return super().render(translate)


class SyncError(Exception):
    """A sync (or enrollment) that could not complete; nothing local was lost or half-applied."""

    def __init__(self, kind: str, detail: str = "", answer: dict | None = None) -> None:
        self.kind = kind
        self.detail = detail
        #: The server's refusal as it came (its ``error`` and any hint, such as ``max_changes``).
        self.answer = answer or {}
        self.message = SyncMessage(kind, detail)
        super().__init__(self.message.render())

    @property
    def transient(self) -> bool:
        return self.kind in TRANSIENT
