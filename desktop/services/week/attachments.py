"""Photos and scans kept with a session as evidence: the signed sign-in sheet (签到表), or the class.

A phone photo is 3–8 MB; a village's link is 2G (about 6 KB/s). So an image is shrunk before it is
stored — turned upright (EXIF), at most :data:`MAX_SIDE` pixels on its long side, saved as JPEG at
the best quality that fits :data:`TARGET_BYTES` (a signed sheet stays legible at 1280 px) — and
refused in words if even the lowest quality exceeds
:data:`~core.schema.MAX_ATTACHMENT_BYTES`. It syncs like any record; sync pages count
attachment bytes as well as rows (``docs/protocol.md``), so a photo travels in an exchange of its own
over a slow link. A file whose header declares more pixels than :mod:`core.limits` allows is refused
before it is decoded, as is a stored image shown from another site (the server checks them too).
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from core import limits, schema, vocabulary
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, own_row
from desktop.services.errors import CTX, UNKNOWN_SESSION, NotFound, Problems, ServiceError
from desktop.services.reports.weekly_reports import require_session_week_open, require_week_open
from desktop.storage.store import Store

AT = schema.attachments
S = schema.sessions

#: Long side of a stored image: a signed sheet stays legible, a class photo recognisable.
MAX_SIDE = 1280
#: JPEG qualities tried in turn until the image fits TARGET_BYTES (then the limit itself).
QUALITIES = (80, 65, 50, 35)
#: What a stored image aims at: about 50 s over 2G.
TARGET_BYTES = 300_000

NOT_AN_IMAGE = QT_TRANSLATE_NOOP(
    "Validation", "This file is not a photo or scan that can be read (JPEG or PNG, please)."
)
TOO_LARGE = QT_TRANSLATE_NOOP(
    "Validation", "This image stays too large even when shrunk; please take a smaller photo."
)
TOO_MANY_PIXELS = QT_TRANSLATE_NOOP(
    "Validation",
    "This image is {width} × {height} pixels, more than can be opened safely (at most {side}"
    " pixels a side and {pixels} pixels in all); please take or scan it at a lower resolution.",
)
CANNOT_SHOW = QT_TRANSLATE_NOOP(
    "Validation", "This picture cannot be shown: it is damaged, or too large to open safely."
)
UNKNOWN_ATTACHMENT = QT_TRANSLATE_NOOP("Validation", "That attachment does not exist.")


@dataclass(frozen=True)
class Attachment:
    id: uuid.UUID
    session_id: uuid.UUID
    kind: str
    mime: str
    size: int
    caption: str
    pending: bool


def shrink(data: bytes) -> bytes:
    """``data`` (any image Pillow reads) as an upright JPEG of at most MAX_SIDE pixels that fits
    the size limit; raises ServiceError in words when it is no image or will not fit, or when its
    header declares more pixels than :mod:`core.limits` lets anything decode (a small file can
    declare gigabytes of pixels): that is refused before a pixel is decoded."""
    try:
        header = limits.image_header(data)
    except limits.ImageRefused:
        header = None  # not a JPEG or PNG: Pillow may still read it, and its header is checked
    else:
        _refuse_too_many_pixels(header.width, header.height)
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header, decodes nothing yet
            if image.format in ("JPEG", "PNG") and (
                header is None or (header.width, header.height) != image.size
            ):
                raise ServiceError(UserMessage(CTX, NOT_AN_IMAGE))
            _refuse_too_many_pixels(*image.size)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ServiceError(UserMessage(CTX, NOT_AN_IMAGE)) from None
    picture = upright.convert("RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    for quality in QUALITIES:
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= TARGET_BYTES:
            return out.getvalue()
    if out.tell() <= schema.MAX_ATTACHMENT_BYTES:
        return out.getvalue()
    raise ServiceError(UserMessage(CTX, TOO_LARGE))


def _refuse_too_many_pixels(width: int, height: int) -> None:
    if limits.too_many_pixels(width, height):
        raise ServiceError(
            UserMessage(
                CTX,
                TOO_MANY_PIXELS,
                width=width,
                height=height,
                side=f"{limits.MAX_IMAGE_SIDE:,}",
                pixels=f"{limits.MAX_IMAGE_PIXELS:,}",
            )
        )


def attach(
    store: Store, session_id: uuid.UUID, data: bytes, kind: str = "photo", caption: str = ""
) -> tuple[Attachment, Changes]:
    """Keep a shrunk copy of an image with this site's session."""
    p = Problems()
    p.choice("kind", kind, vocabulary.ATTACHMENT_KINDS)
    caption = p.text("caption", caption, limit=limits.max_chars("attachments", "caption"))
    p.raise_if_any()
    content = shrink(data)
    with store.write() as w:
        session = own_row(store, w.conn, S, session_id, UNKNOWN_SESSION)
        # A sign-in sheet or a photo is evidence of an approved week too: locked with it.
        require_week_open(w.conn, session.site_id, session.starts_at.date())
        aid = w.insert(
            AT,
            {
                "site_id": session.site_id,
                "session_id": session_id,
                "kind": kind,
                "mime": "image/jpeg",
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "content": content,
                "caption": caption,
            },
        )
    return Attachment(aid, session_id, kind, "image/jpeg", len(content), caption, True), w.changes


def attachments_of(store: Store, session_id: uuid.UUID) -> list[Attachment]:
    """A session's attachments, without their bytes (lists never need them)."""
    columns = (
        AT.c.id,
        AT.c.session_id,
        AT.c.kind,
        AT.c.mime,
        AT.c.size,
        AT.c.caption,
        AT.c.pending,
    )
    with store.read() as conn:
        if live_row(conn, S, session_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
        rows = conn.execute(
            select(*columns)
            .where(AT.c.session_id == session_id, AT.c.deleted.is_(False))
            .order_by(AT.c.updated_at, AT.c.id)
        ).all()
    return [Attachment(*r) for r in rows]


def content_of(store: Store, attachment_id: uuid.UUID) -> bytes:
    """The stored image's bytes (JPEG), refused in words when its header is not one the window
    may decode: a town's laptop holds what its villages sent."""
    with store.read() as conn:
        row = live_row(conn, AT, attachment_id)
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_ATTACHMENT))
    if limits.attachment_refusal(row.content, row.mime) is not None:
        raise ServiceError(UserMessage(CTX, CANNOT_SHOW))
    return row.content


def remove_attachment(store: Store, attachment_id: uuid.UUID) -> Changes:
    """Withdraw an attachment (a tombstone that syncs)."""
    with store.write() as w:
        attachment = own_row(store, w.conn, AT, attachment_id, UNKNOWN_ATTACHMENT)
        require_session_week_open(w.conn, attachment.session_id)
        w.delete(AT, attachment_id)
    return w.changes
