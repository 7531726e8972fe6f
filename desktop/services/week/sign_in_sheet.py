"""What a session's paper sign-in sheet (签到表) says: the header and the names printed on it.

Many centres still pass a sheet round the room and type it in after the class. Printing the names
the session is likely to have saves the learners writing them and the coordinator reading handwriting:
each signs next to their own name, and newcomers write theirs on the blank rows below. Paper fits
the day in three ways (:class:`SheetNames`): the expected roster before the class; only those who
came, after it, for an office that files a signed list; or blank rows only, for a first session or
an open event. The layout is the UI's business (``desktop/ui/week/sign_in_sheet.py``); this module
only gathers what goes on the paper.
"""

from __future__ import annotations

import datetime as dt
import enum
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


class SheetNames(enum.Enum):
    """Which names a sheet prints."""

    #: The course's expected roster and whoever is signed in already: each signs by their name.
    EXPECTED = "expected"
    #: Only those signed in at this session: the record of who came, to be signed after the class.
    PRESENT = "present"
    #: No names: everyone writes their own.
    BLANK = "blank"


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
    #: The names printed, grouped by village group and household (numeral order), then name.
    rows: tuple[SheetRow, ...]
    names: SheetNames = SheetNames.EXPECTED


def sign_in_sheet(
    store: Store, session_id: uuid.UUID, names: SheetNames = SheetNames.EXPECTED
) -> SignInSheet:
    """The sign-in sheet of ``session_id`` with the ``names`` asked for.

    The expected names are the course's expected roster (everyone present at any of its last few
    sessions, see :func:`desktop.services.week.attendance.start_choices`) together with whoever is
    already signed in at this session, so a sheet printed after some marks were made still lists
    them. A course's first session has an empty roster: the sheet is all blank rows. Those who came
    are the session's counted marks, the people its person-times count.
    """
    session = get_session(store, session_id)
    choices = start_choices(store, session_id) if names is SheetNames.EXPECTED else None
    with store.read() as conn:
        if live_row(conn, S, session_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
        here = conn.execute(
            select(A.c.resident_id).where(A.c.session_id == session_id, *counted_marks())
        ).scalars()
        wanted = set() if names is SheetNames.BLANK else set(here)
        if choices is not None:
            wanted |= set(choices.expected) | set(choices.last_roster)
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
        names=names,
    )
