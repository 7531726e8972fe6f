"""Residents (居民/学员): the centre's register of the people who attend and ask.

Search is made for pinyin input: "张三", "zhangsan", "zs", "张s" and a near spelling such as
"zangsan" all find 张三, best matches first (see ``desktop/services/name_search.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select

from core import limits, schema, vocabulary
from core.messages import UserMessage
from core.search_keys import loose, normalise, syllables
from desktop.changes import Changes
from desktop.services.common import live_row, own_row, require_identity
from desktop.services.errors import (
    BIRTH_YEAR_FUTURE,
    BIRTH_YEAR_TOO_OLD,
    CTX,
    PHONE_INVALID,
    UNKNOWN_RESIDENT,
    NotFound,
    Problems,
)
from desktop.services.name_search import MIN_PHONE_DIGITS, name_query
from desktop.services.people.personal_data import (
    ID_BIRTH_YEAR_DIFFERS,
    id_birth_date,
    id_fields,
    is_valid_phone,
    normalise_id_number,
    normalise_phone,
)
from desktop.storage.store import Store

T = schema.residents
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["residents"]


@dataclass(frozen=True)
class ResidentInput:
    name: str
    gender: str = ""
    birth_year: int | None = None
    phone: str = ""
    village_group: str = ""
    household: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    notes: str = ""
    #: The ID-card number as typed: None leaves a stored one as it is, "" removes it.
    id_number: str | None = None


@dataclass(frozen=True)
class Resident:
    id: uuid.UUID
    site_id: uuid.UUID
    name: str
    gender: str
    birth_year: int | None
    phone: str
    village_group: str
    household: str
    tags: tuple[str, ...]
    notes: str
    pending: bool
    #: Last four characters of the ID-card number, "" when none was given; the number is not kept.
    id_last4: str = ""


def _validated(store: Store, data: ResidentInput) -> dict:
    return validated_resident(store, data, store.today().year)


def validated_resident(store: Store, data: ResidentInput, this_year: int) -> dict:
    """The columns to store for ``data``, checked as the form checks them: phone as digits, an ID
    number as ``id_hash`` and ``id_last4`` (never the number). Raises
    :class:`~desktop.services.errors.InvalidInput` with every problem. ``this_year`` is given so an
    import of thousands of rows reads the clock once."""
    p = Problems()
    values = {
        "name": p.text("name", data.name, required=True, limit=_MAX["name"]),
        "gender": p.choice("gender", data.gender or "", vocabulary.GENDERS),
        "birth_year": data.birth_year,
        "phone": (data.phone or "").strip(),
        "village_group": p.text("village_group", data.village_group, limit=_MAX["village_group"]),
        "household": p.text("household", data.household, limit=_MAX["household"]),
        "tags": p.text(
            "tags", ",".join(t.strip() for t in data.tags if t.strip()), limit=_MAX["tags"]
        ),
        "notes": p.text("notes", data.notes, limit=_MAX["notes"]),
    }
    if data.birth_year is not None:
        if data.birth_year > this_year:
            p.add("birth_year", BIRTH_YEAR_FUTURE, year=data.birth_year)
        elif data.birth_year < this_year - 120:
            p.add("birth_year", BIRTH_YEAR_TOO_OLD, year=data.birth_year)
    if values["phone"] and not is_valid_phone(values["phone"]):
        p.add("phone", PHONE_INVALID)
    elif values["phone"]:
        # Stored as digits, so "138 1234 5678" and "13812345678" are recognised as one number.
        values["phone"] = normalise_phone(values["phone"])
    if data.id_number is not None:
        ids = id_fields(store, p, "id_number", data.id_number)
        if ids is not None:
            values.update(ids)
            born = id_birth_date(normalise_id_number(data.id_number)) if ids["id_hash"] else None
            if born is not None and data.birth_year is not None and born.year != data.birth_year:
                p.add("birth_year", ID_BIRTH_YEAR_DIFFERS, id_year=born.year, year=data.birth_year)
    p.raise_if_any()
    return values


def resident_from_row(row) -> Resident:  # noqa: ANN001
    return Resident(
        id=row.id,
        site_id=row.site_id,
        name=row.name,
        gender=row.gender,
        birth_year=row.birth_year,
        phone=row.phone,
        village_group=row.village_group,
        household=row.household,
        tags=tuple(t for t in row.tags.split(",") if t),
        notes=row.notes,
        pending=row.pending,
        id_last4=row.id_last4,
    )


def add_resident(store: Store, data: ResidentInput) -> tuple[Resident, Changes]:
    """Register a resident at this device's site."""
    identity = require_identity(store)
    values = _validated(store, data)
    with store.write() as w:
        rid = w.insert(T, {**values, "site_id": identity.site_id})
        row = live_row(w.conn, T, rid)
    return resident_from_row(row), w.changes


def edit_resident(
    store: Store, resident_id: uuid.UUID, data: ResidentInput
) -> tuple[Resident, Changes]:
    """Change a resident's details."""
    values = _validated(store, data)
    with store.write() as w:
        own_row(store, w.conn, T, resident_id, UNKNOWN_RESIDENT)
        w.update(T, resident_id, values)
        row = live_row(w.conn, T, resident_id)
    return resident_from_row(row), w.changes


def get_resident(store: Store, resident_id: uuid.UUID) -> Resident:
    with store.read() as conn:
        row = live_row(conn, T, resident_id)
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_RESIDENT))
    return resident_from_row(row)


#: A search as you type wants its first screenful fast: when names and pinyin that *start* with the
#: query already fill this many rows, people whose name only contains it further in (秀英 in 李秀英)
#: are left for a longer query instead of scanning the whole register for them.
ENOUGH_PREFIX_MATCHES = 50


def _prefix(column, text: str):  # noqa: ANN001, ANN202 - SQL expression
    """``column`` starts with ``text``, as an index range (LIKE would not use the index)."""
    return and_(column >= text, column < text + "\uffff")


def _prefix_ids(conn, query: str, limit: int) -> list[uuid.UUID]:  # noqa: ANN001
    """Ids of people whose name, pinyin, initials or loose pinyin start with the query (or whose
    phone does), best kind first, each kind read in index order."""
    q = normalise(query)
    live = T.c.deleted.is_(False)
    if q.isdigit():
        ranges = [T.c.phone] if len(q) >= MIN_PHONE_DIGITS else []
        texts = [q]
    else:
        spelled = "".join(syllables(q))
        ranges = [T.c.name, T.c.name_pinyin, T.c.name_initials, T.c.name_loose]
        texts = [q, spelled, spelled, loose(spelled)]
    found: dict[uuid.UUID, None] = {}
    if not q.isdigit():
        exact = select(T.c.id).where(live, T.c.name == q).order_by(T.c.id).limit(limit)
        found.update(dict.fromkeys(conn.execute(exact).scalars()))
    for column, text in zip(ranges, texts, strict=False):
        if len(found) >= limit:
            break
        stmt = select(T.c.id).where(live, _prefix(column, text)).order_by(column, T.c.name, T.c.id)
        found.update(dict.fromkeys(conn.execute(stmt.limit(limit)).scalars()))
    return list(found)[:limit]


def search_residents(store: Store, query: str = "", limit: int = 200) -> list[Resident]:
    """Residents matching ``query``, best first (see ``desktop/services/name_search.py``);
    everyone by village group, household and name (a household stands together) when the query is
    empty.

    Two steps keep a town's 60,000-person register fast as people type: first the names and pinyin
    that start with the query, by index ranges; then, only when those do not fill
    :data:`ENOUGH_PREFIX_MATCHES` rows (or ``limit``, if smaller), one scan of the narrow search
    index for everything the query matches anywhere, ranked. Whole rows are read for the ids found
    only."""
    match = name_query(T, query)
    with store.read() as conn:
        if match is None:
            stmt = (
                select(T)
                .where(T.c.deleted.is_(False))
                .order_by(T.c.village_group, T.c.household, T.c.name, T.c.id)
            )
            return [resident_from_row(r) for r in conn.execute(stmt.limit(limit))]
        ids = _prefix_ids(conn, query, limit)
        if len(ids) < min(limit, ENOUGH_PREFIX_MATCHES):
            ranked = (
                select(T.c.id)
                .where(T.c.deleted.is_(False), match.where)
                .order_by(match.rank, T.c.search_key, T.c.id)
                .limit(limit)
            )
            ids = list(dict.fromkeys([*ids, *conn.execute(ranked).scalars()]))[:limit]
        rows = {r.id: r for r in conn.execute(select(T).where(T.c.id.in_(ids)))}
    return [resident_from_row(rows[i]) for i in ids if i in rows]


def count_residents(store: Store) -> int:
    with store.read() as conn:
        return conn.execute(
            select(func.count()).select_from(T).where(T.c.deleted.is_(False))
        ).scalar_one()


def age_in(resident: Resident, day: dt.date) -> int | None:
    return None if resident.birth_year is None else day.year - resident.birth_year
