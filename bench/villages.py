"""A village's history as rows, made fast: the register and years of sessions the big benchmarks
start from.

One village: ``residents`` people in households spread over its village groups (一组…十二组), a dozen
courses, and ``weeks`` weeks of 5 sessions ending the week of ``last_monday``, each with about 51
people signed in, mostly the course's regulars. Rows come as plain dicts for ``insert(table)``, with
the derived search columns already computed (the way a laptop stores a row it receives), so a caller
writes a whole town with a few executemany calls instead of one service call per row.

Both the server's workload (``bench.town_first_sync``) and the laptop's (``bench.big_register``)
are made here, so the two benchmarks measure the same register.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, insert

from core import schema
from core.ids import attendance_id
from core.search_keys import name_pinyin, name_search_key
from desktop.services.demo import COURSES, GIVEN, PLACES, SURNAMES

MARKS_PER_SESSION = (40, 62)
SESSIONS_PER_WEEK = 5
COURSES_PER_VILLAGE = 12
# A course's regulars: most of a session's sign-ins come from them, the rest from anyone.
REGULARS = 150
REGULAR_SHARE = 0.85
GROUPS = (
    "一组",
    "二组",
    "三组",
    "四组",
    "五组",
    "六组",
    "七组",
    "八组",
    "九组",
    "十组",
    "十一组",
    "十二组",
)
# Household sizes 1–5 and how common each is in a village where the young work in the cities.
HOUSEHOLD_SIZES = ((1, 2, 3, 4, 5), (15, 30, 25, 20, 10))
# Given names beyond the demo's: two characters, the way most villagers born 1940–2000 are named.
_FIRST = "秀桂玉德建国志文明永春家光金海淑凤红丽小立成"
_SECOND = "英兰珍华明强军芳平林生发贵福荣云梅霞琴辉"
_TITLES = (*(title for title, _p, _f in COURSES), "书法", "老年大学合唱", "电商直播")
_PLATFORMS = {title: platform for title, platform, _f in COURSES}
_PHONE_PREFIXES = ("130", "133", "135", "136", "137", "138", "139", "150", "151", "158", "187")
# The town's 1.2 M marks are meant to be attendance, not a roll call: this many people per session.
MEAN_MARKS = sum(MARKS_PER_SESSION) / 2


@dataclass
class VillageRows:
    """One village's rows by table, ready for ``insert``."""

    residents: list[dict] = field(default_factory=list)
    courses: list[dict] = field(default_factory=list)
    sessions: list[dict] = field(default_factory=list)
    attendance: list[dict] = field(default_factory=list)

    def by_table(self) -> Iterable[tuple[Table, list[dict]]]:
        return (
            (schema.residents, self.residents),
            (schema.courses, self.courses),
            (schema.sessions, self.sessions),
            (schema.attendance, self.attendance),
        )

    def count(self) -> int:
        return sum(len(rows) for _table, rows in self.by_table())


def synced_columns(site_id: uuid.UUID, seq: int) -> dict:
    """The sync columns of a row the server accepted as change ``seq`` (and a laptop received)."""
    return {
        "site_id": site_id,
        "local_rev": 1,
        "synced_rev": 1,
        "pending": False,
        "server_seq": seq,
        "deleted": False,
        "updated_at": dt.datetime(2026, 11, 1),
        "field_seqs": None,
    }


@functools.cache
def _keys(name: str) -> tuple[str, str]:
    # Names repeat a great deal across a town: compute each one's pinyin once.
    return name_search_key(name), name_pinyin(name)


def given_name(rng: random.Random) -> str:
    """A given name: one of the demo's common ones or a two-character composition."""
    if rng.random() < 0.4:
        return rng.choice(GIVEN)
    return rng.choice(_FIRST) + rng.choice(_SECOND)


def surname(rng: random.Random) -> str:
    """A surname, the common ones (listed first) more often."""
    return SURNAMES[min(int(rng.expovariate(1 / 12)), len(SURNAMES) - 1)]


def phone(rng: random.Random) -> str:
    """A mobile number, or "" for the one in seven (mostly the old) who gave none."""
    if rng.random() < 1 / 7:
        return ""
    return rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def resident_row(stamp: dict, **values: object) -> dict:
    """A resident row with its derived search columns, as a laptop stores it."""
    name = str(values["name"])
    search_key, pinyin = _keys(name)
    return {
        **stamp,
        "id": uuid.uuid4(),
        "tags": "",
        "notes": "",
        **values,
        "search_key": search_key,
        "name_pinyin": pinyin,
    }


def _households(rng: random.Random, stamp: Callable[[], dict], count: int) -> list[dict]:
    groups = GROUPS[: rng.randint(8, len(GROUPS))]
    people: list[dict] = []
    while len(people) < count:
        group = rng.choice(groups)
        family = surname(rng)
        head_year = rng.randint(1940, 1985)
        size = rng.choices(*HOUSEHOLD_SIZES)[0]
        head = family + given_name(rng)
        for member in range(min(size, count - len(people))):
            if member == 0:
                name, year = head, head_year
            elif member == 1:  # a spouse keeps her or his own surname
                name, year = surname(rng) + given_name(rng), head_year + rng.randint(-5, 5)
            else:
                name, year = family + given_name(rng), head_year + rng.randint(20, 45)
            people.append(
                resident_row(
                    stamp(),
                    name=name,
                    gender=rng.choice(("female", "male")),
                    birth_year=min(year, 2018),
                    phone=phone(rng),
                    village_group=group,
                    household=f"{head}户",
                )
            )
    return people


def village_rows(
    rng: random.Random,
    stamp: Callable[[], dict],
    residents: int,
    weeks: int,
    last_monday: dt.date,
) -> VillageRows:
    """One village's register and ``weeks`` weeks of sessions up to the week of ``last_monday``;
    ``stamp()`` gives each row its sync columns (site, revisions, server sequence)."""
    rows = VillageRows(residents=_households(rng, stamp, residents))
    for title in rng.sample(_TITLES, min(COURSES_PER_VILLAGE, len(_TITLES))):
        rows.courses.append(
            {
                **stamp(),
                "id": uuid.uuid4(),
                "title": title,
                "platform": _PLATFORMS.get(title, "culture"),
                "is_feature": False,
                "description": "",
            }
        )
    ids = [r["id"] for r in rows.residents]
    regulars = {c["id"]: rng.sample(ids, min(REGULARS, len(ids))) for c in rows.courses}
    first_monday = last_monday - dt.timedelta(weeks=weeks - 1)
    for w in range(weeks):
        for day in sorted(rng.sample(range(7), SESSIONS_PER_WEEK)):
            start = dt.datetime.combine(
                first_monday + dt.timedelta(weeks=w, days=day), dt.time(rng.choice((9, 14, 19)))
            )
            session_id = uuid.uuid4()
            course = rng.choice(rows.courses)["id"]
            rows.sessions.append(
                {
                    **stamp(),
                    "id": session_id,
                    "course_id": course,
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(minutes=rng.choice((60, 90, 120))),
                    "place": rng.choice(PLACES),
                    "teacher_id": None,
                    "topic": "",
                    "notes": "",
                    "headcount": None,
                }
            )
            wanted = rng.randint(*MARKS_PER_SESSION)
            came = set(rng.sample(regulars[course], round(wanted * REGULAR_SHARE)))
            while len(came) < min(wanted, len(ids)):
                came.add(rng.choice(ids))
            for rid in came:
                rows.attendance.append(
                    {
                        **stamp(),
                        "id": attendance_id(session_id, rid),
                        "session_id": session_id,
                        "resident_id": rid,
                        "present": True,
                    }
                )
    return rows


def write(conn: Connection, rows: VillageRows, chunk: int = 5000) -> int:
    """Insert a village's rows in ``conn``'s transaction (executemany, ``chunk`` rows a call);
    returns how many were written."""
    for table, table_rows in rows.by_table():
        for i in range(0, len(table_rows), chunk):
            conn.execute(insert(table), table_rows[i : i + chunk])
    return rows.count()
