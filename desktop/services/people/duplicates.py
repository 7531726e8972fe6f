"""Likely duplicates of a resident, found before a second record is made.

A register with the same grandmother twice counts her twice in "people reached" and splits her
history, and coordinators stop trusting it. So adding (or importing) a resident first asks which
people already on the register are probably the same person, and why:

- the same ID-card number (by its keyed hash) — certain;
- the same phone number;
- the same or a homophone name (张/章 …, compared by tone-less pinyin) with the same birth year;
- the same or a homophone name in the same household;
- the same name written the same way when a birth year is missing on either side.

Namesakes exist, so nothing here refuses anything: the person adding decides, and a record made twice
anyway can be merged later (``desktop/services/people/merges.py``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select

from core import schema
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.search_keys import name_pinyin, normalise
from desktop.services.errors import Problems
from desktop.services.people.personal_data import (
    checked_id_number,
    id_hash,
    normalise_id_number,
    normalise_phone,
)
from desktop.services.people.residents import Resident, ResidentInput, resident_from_row
from desktop.storage.store import Store

T = schema.residents
CTX = "Duplicates"

SAME_ID_NUMBER = QT_TRANSLATE_NOOP("Duplicates", "same ID-card number")
SAME_PHONE = QT_TRANSLATE_NOOP("Duplicates", "same phone number")
SAME_NAME_AND_YEAR = QT_TRANSLATE_NOOP("Duplicates", "same name and birth year")
SOUNDS_ALIKE_SAME_YEAR = QT_TRANSLATE_NOOP("Duplicates", "name sounds the same, same birth year")
SAME_HOUSEHOLD = QT_TRANSLATE_NOOP("Duplicates", "same or similar name in the same household")
SAME_NAME = QT_TRANSLATE_NOOP("Duplicates", "same name (birth year not recorded)")

#: Strongest evidence first: the order suggestions are listed in.
_STRENGTH = (
    SAME_ID_NUMBER,
    SAME_PHONE,
    SAME_NAME_AND_YEAR,
    SOUNDS_ALIKE_SAME_YEAR,
    SAME_HOUSEHOLD,
    SAME_NAME,
)


@dataclass(frozen=True)
class Duplicate:
    resident: Resident
    #: Why this person is suggested, strongest first (sentences in the "Duplicates" context).
    reasons: tuple[str, ...]

    @property
    def certain(self) -> bool:
        """The same ID-card number: not a namesake."""
        return SAME_ID_NUMBER in self.reasons

    def explained(self) -> list[UserMessage]:
        return [UserMessage(CTX, reason) for reason in self.reasons]


@dataclass(frozen=True)
class Probe:
    """A would-be record as duplicates are looked for: the keys every comparison uses, made once.

    Both :func:`likely_duplicates` (one person, by a query) and the import (thousands of rows, against
    the register held in memory) compare by these, so the two find the same people for the same
    reasons."""

    #: The name as :func:`~core.search_keys.normalise` makes it.
    name: str
    #: Tone-less pinyin (:func:`~core.search_keys.name_pinyin`): equal for homophones.
    sound: str
    #: Digits only (:func:`~desktop.services.people.personal_data.normalise_phone`).
    phone: str
    #: The keyed hash of a valid ID-card number, "" when none (or none can be hashed here).
    id_hash: str
    household: str
    birth_year: int | None

    @classmethod
    def of(
        cls,
        name: str,
        phone: str = "",
        household: str = "",
        birth_year: int | None = None,
        id_hash: str = "",
    ) -> Probe:
        return cls(
            name=normalise(name),
            sound=name_pinyin(name),
            phone=normalise_phone(phone),
            id_hash=id_hash,
            household=(household or "").strip(),
            birth_year=birth_year,
        )


def duplicate_reasons(probe: Probe, row: Any) -> tuple[str, ...]:  # noqa: ANN401 - any row-like
    """Why ``row`` (a register row, or anything with its ``name``, ``name_pinyin``, ``phone``,
    ``id_hash``, ``household`` and ``birth_year``) is probably the person ``probe`` describes,
    strongest first; empty when nothing suggests it."""
    reasons = []
    same_name = bool(probe.name) and normalise(row.name) == probe.name
    homophone = (row.name_pinyin == probe.sound) if probe.sound else same_name
    if probe.id_hash and row.id_hash == probe.id_hash:
        reasons.append(SAME_ID_NUMBER)
    if probe.phone and row.phone == probe.phone:
        reasons.append(SAME_PHONE)
    if probe.birth_year is not None and row.birth_year == probe.birth_year and probe.name:
        if same_name:
            reasons.append(SAME_NAME_AND_YEAR)
        elif homophone:
            reasons.append(SOUNDS_ALIKE_SAME_YEAR)
    if probe.household and row.household == probe.household and homophone and probe.name:
        reasons.append(SAME_HOUSEHOLD)
    if same_name and (probe.birth_year is None or row.birth_year is None):
        reasons.append(SAME_NAME)
    return tuple(reasons)


def strength(reasons: tuple[str, ...]) -> int:
    """How strong the strongest of ``reasons`` is: 0 for an ID-card number, larger is weaker."""
    return min(_STRENGTH.index(r) for r in reasons)


def _candidate_id_hash(store: Store, id_number: str) -> str:
    if not store.id_key or not normalise_id_number(id_number):
        return ""
    number = checked_id_number(Problems(), "id_number", id_number)
    return id_hash(store.id_key, number) if number else ""


def likely_duplicates(
    store: Store,
    candidate: ResidentInput,
    exclude: uuid.UUID | None = None,
    limit: int = 10,
) -> list[Duplicate]:
    """People on this laptop's register who are probably ``candidate``, strongest evidence first.

    ``exclude`` leaves out the record being edited. The ID number is taken from
    ``candidate.id_number``; an invalid one is ignored here (the form says what is wrong with it).
    """
    probe = Probe.of(
        candidate.name,
        candidate.phone,
        candidate.household,
        candidate.birth_year,
        _candidate_id_hash(store, candidate.id_number or ""),
    )
    name, sound, phone, hashed = probe.name, probe.sound, probe.phone, probe.id_hash
    household, year = probe.household, probe.birth_year
    same_sound = T.c.name_pinyin == sound if sound else T.c.name == name
    tests = []
    if hashed:
        tests.append(T.c.id_hash == hashed)
    if phone:
        tests.append(T.c.phone == phone)
    if name:
        if year is not None:
            tests.append(and_(same_sound, T.c.birth_year == year))
        else:
            tests.append(T.c.name == name)
        if household:
            tests.append(and_(same_sound, T.c.household == household))
        tests.append(and_(T.c.name == name, T.c.birth_year.is_(None)))
    if not tests:
        return []
    stmt = select(T).where(T.c.deleted.is_(False), or_(*tests))
    if exclude is not None:
        stmt = stmt.where(T.c.id != exclude)
    with store.read() as conn:
        rows = conn.execute(stmt.limit(200)).all()
    found = []
    for row in rows:
        reasons = duplicate_reasons(probe, row)
        if reasons:
            found.append(Duplicate(resident_from_row(row), reasons))
    found.sort(key=lambda d: (strength(d.reasons), -len(d.reasons), d.resident.name))
    return found[:limit]
