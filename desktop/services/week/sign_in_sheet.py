"""What a session's paper sign-in sheet (签到表) says: the header and the names printed on it.

Many centres still pass a sheet round the room and type it in after the class. Printing the names
the session is likely to have saves the learners writing them and the coordinator reading handwriting:
each signs next to their own name, and newcomers write theirs on the blank rows below. The layout is
the UI's business (``desktop/ui/week/sign_in_sheet.py``); this module only gathers what goes on the paper.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from core import schema
from core.messages import UserMessage
from desktop.services.common import live_row
from desktop.services.errors import CTX, UNKNOWN_SESSION, NotFound
from desktop.services.ordering import natural_key
from desktop.services.week.attendance import start_choices
from desktop.services.week.sessions import counted_marks, get_session
from desktop.storage.store import Store

A = schema.attendance
R = schema.residents
S = schema.sessions


@dataclass(frozen=True)
class SheetRow:
    resident_id: uuid.UUID
    name: str
    village_group: str
    household: str


@dataclass(frozen=True)
class SignInSheet:
    """Everything printed on a session's sign-in sheet, in the order it is printed."""

    session_id: uuid.UUID
    centre: str
    course_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    topic: str
    teacher_name: str
    #: The expected roster, grouped by village group and household (numeral order), then name.
    rows: tuple[SheetRow, ...]


def sign_in_sheet(store: Store, session_id: uuid.UUID) -> SignInSheet:
    """The sign-in sheet of ``session_id``.

    Its names are the course's expected roster (everyone present at any of its last few sessions,
    see :func:`desktop.services.week.attendance.start_choices`) together with whoever is already signed
    in at this session, so a sheet printed after some marks were made still lists them. A course's
    first session has an empty roster: the sheet is all blank rows.
    """
    session = get_session(store, session_id)
    choices = start_choices(store, session_id)
    with store.read() as conn:
        if live_row(conn, S, session_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
        here = conn.execute(
            select(A.c.resident_id).where(A.c.session_id == session_id, *counted_marks())
        ).scalars()
        wanted = set(choices.expected) | set(choices.last_roster) | set(here)
        people = (
            conn.execute(
                select(R.c.id, R.c.name, R.c.village_group, R.c.household).where(
                    R.c.id.in_(wanted), R.c.deleted.is_(False)
                )
            ).all()
            if wanted
            else []
        )
    rows = sorted(
        (SheetRow(p.id, p.name, p.village_group, p.household) for p in people),
        key=lambda r: (
            not r.village_group,
            natural_key(r.village_group),
            not r.household,
            natural_key(r.household),
            r.name,
            str(r.resident_id),
        ),
    )
    return SignInSheet(
        session_id=session.id,
        centre=store.site_name(),
        course_title=session.course_title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        place=session.place,
        topic=session.topic,
        teacher_name=session.teacher_name,
        rows=tuple(rows),
    )
