"""A small district with hand-checked figures, shared by the overview's service, window and CLI tests.

Two towns, three villages and a practice point, written straight into a district laptop's database
(as a sync would leave them). November 2026, counted by hand:

=========  ======================================================  ========  ==========
village    sessions in November (course, who)                      人次       覆盖 people
=========  ======================================================  ========  ==========
玉屏村     Nov 2 夏布 (a, b) · Nov 16 夏布 (a, c; b absent)          2 + 2     a b c = 3
荣升村     Nov 10 广场舞 headcount 30 (a, d named) · Nov 24 法律     30 + 1    a d = 2
           (d, e; e deleted from the register)
河包村     Nov 18 广场舞 (f) · at its point Nov 20 广场舞 (f) ·       1 + 1     f = 1
           a deleted session Nov 19 (f)
=========  ======================================================  ========  ==========

Outside November: Oct 30 广场舞 at 玉屏村 (a), Dec 1 广场舞 at 河包村 (f).
夏布 is a feature course (culture), 广场舞 health, 法律讲座 law.

Weekly reports (weeks whose Thursday is in November: Nov 2, 9, 16, 23; the clock is Wed Nov 25
14:30, so the week of Nov 23 is not due yet; the week of Nov 16 was due by Mon Nov 23 24:00):
玉屏村 on time, late, draft (missing), —; 荣升村 on time (exactly at the deadline), returned
(missing), on time, sent early; 河包村 nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from core import schema
from core.clock import FixedClock
from core.ids import attendance_id, weekly_report_id
from desktop.storage.store import Store, Writer

from support import enrolled_store


@dataclass
class SmallDistrict:
    store: Store
    district: uuid.UUID
    town1: uuid.UUID
    town2: uuid.UUID
    v1: uuid.UUID
    v2: uuid.UUID
    v3: uuid.UUID
    point: uuid.UUID
    feature_course: uuid.UUID


def _site(w: Writer, site_id: uuid.UUID, name: str, level: str, parent: tuple | None) -> tuple:
    path = (parent[1] if parent else "/") + site_id.hex + "/"
    w.insert(
        schema.sites,
        {
            "id": site_id,
            "site_id": site_id,
            "parent_id": parent[0] if parent else None,
            "level": level,
            "name": name,
            "path": path,
        },
    )
    return site_id, path


def build(folder, clock: FixedClock) -> SmallDistrict:  # noqa: ANN001 - a Path
    store = enrolled_store(folder, clock, role="district")
    identity = store.identity()
    assert identity is not None
    d_id = identity.site_id
    with store.write() as w:
        d = _site(w, d_id, "荣昌区社区学院", "district", None)
        t1 = _site(w, uuid.uuid4(), "昌元街道社区学校", "town", d)
        t2 = _site(w, uuid.uuid4(), "河包镇社区学校", "town", d)
        v1 = _site(w, uuid.uuid4(), "玉屏村学习中心", "village", t1)
        v2 = _site(w, uuid.uuid4(), "荣升村学习中心", "village", t1)
        v3 = _site(w, uuid.uuid4(), "河包村学习中心", "village", t2)
        p3 = _site(w, uuid.uuid4(), "河包村三组实践点", "point", v3)

        def course(title: str, platform: str, feature: bool, owner: uuid.UUID) -> uuid.UUID:
            return w.insert(
                schema.courses,
                {"site_id": owner, "title": title, "platform": platform, "is_feature": feature},
            )

        xiabu = course("夏布编织", "culture", True, t1[0])
        dance = course("广场舞", "health", False, d_id)
        law = course("法律讲座", "law", False, d_id)

        def person(site: tuple, name: str) -> uuid.UUID:
            return w.insert(schema.residents, {"site_id": site[0], "name": name})

        a, b, c = person(v1, "甲"), person(v1, "乙"), person(v1, "丙")
        dd, e = person(v2, "丁"), person(v2, "戊")
        f = person(v3, "己")
        w.update(schema.residents, e, {"deleted": True})

        def session(site: tuple, day: dt.date, course_id: uuid.UUID, headcount=None) -> uuid.UUID:  # noqa: ANN001
            start = dt.datetime.combine(day, dt.time(14))
            return w.insert(
                schema.sessions,
                {
                    "site_id": site[0],
                    "course_id": course_id,
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(hours=2),
                    "headcount": headcount,
                },
            )

        def marks(session_id: uuid.UUID, site: tuple, *people: uuid.UUID, present=True) -> None:  # noqa: ANN001
            for p in people:
                w.insert(
                    schema.attendance,
                    {
                        "id": attendance_id(session_id, p),
                        "site_id": site[0],
                        "session_id": session_id,
                        "resident_id": p,
                        "present": present,
                    },
                )

        nov = lambda day: dt.date(2026, 11, day)  # noqa: E731
        s1 = session(v1, nov(2), xiabu)
        marks(s1, v1, a, b)
        s2 = session(v1, nov(16), xiabu)
        marks(s2, v1, a, c)
        marks(s2, v1, b, present=False)
        s3 = session(v1, dt.date(2026, 10, 30), dance)
        marks(s3, v1, a)
        s4 = session(v2, nov(10), dance, headcount=30)
        marks(s4, v2, a, dd)
        s5 = session(v2, nov(24), law)
        marks(s5, v2, dd, e)
        s6 = session(v3, nov(18), dance)
        marks(s6, v3, f)
        s7 = session(v3, nov(19), dance)
        marks(s7, v3, f)
        w.update(schema.sessions, s7, {"deleted": True})
        s8 = session(v3, dt.date(2026, 12, 1), dance)
        marks(s8, v3, f)
        s9 = session(p3, nov(20), dance)
        marks(s9, p3, f)

        def report(site: tuple, monday: dt.date, status: str, utc: dt.datetime | None) -> None:
            w.insert(
                schema.weekly_reports,
                {
                    "id": weekly_report_id(site[0], monday),
                    "site_id": site[0],
                    "week_start": monday,
                    "status": status,
                    "figures": {},
                    "remark": "",
                    "review_comment": "",
                    "submitted_at": utc,
                },
            )

        utc = dt.datetime
        report(v1, nov(2), "submitted", utc(2026, 11, 9, 15, 0))  # Mon 23:00 village time
        report(v1, nov(9), "approved", utc(2026, 11, 17, 1, 0))  # Tue 09:00: late
        report(v1, nov(16), "draft", None)
        report(v2, nov(2), "approved", utc(2026, 11, 9, 16, 0))  # exactly at the deadline
        report(v2, nov(9), "returned", utc(2026, 11, 16, 2, 0))
        report(v2, nov(16), "submitted", utc(2026, 11, 23, 15, 59))  # Mon 23:59
        report(v2, nov(23), "submitted", utc(2026, 11, 25, 1, 0))  # early, before it is due
    return SmallDistrict(store, d_id, t1[0], t2[0], v1[0], v2[0], v3[0], p3[0], xiabu)
