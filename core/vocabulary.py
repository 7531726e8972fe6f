"""The product's vocabulary, defined once: the codes records use (levels, roles, platforms, statuses),
which statuses count as what, and village time — the wall clock every date a user sees is in.

Both programs and every layer read these from here, so a status set or the meaning of "today" cannot
drift between the laptop's screens, its weekly figures and the server's checks.
"""

from __future__ import annotations

import datetime as dt

SITE_LEVELS = ("district", "town", "village", "point")
ROLES = ("village", "town", "district")
PLATFORMS = (
    "theory",  # 理论宣讲
    "education",  # 教育服务
    "culture",  # 文化服务
    "science",  # 科技与科普服务
    "health",  # 健康健身服务
    "law",  # 平安法治服务
    "media",  # 全媒体
)
TEACHER_KINDS = ("cadre", "full_time", "part_time", "volunteer")
GENDERS = ("", "female", "male")
REQUEST_CATEGORIES = ("income", "schooling_jobs", "health_care", "housing_elderly", *PLATFORMS)
REQUEST_STATUSES = (
    "proposed",
    "collected",
    "village_handles",
    "town_organises",
    "district_coordinates",
    "matched",
    "scheduled",
    "delivered",
    "evaluated",
    "declined",
)
REPORT_STATUSES = ("draft", "submitted", "returned", "approved")
ORDER_STATUSES = ("ordered", "dispatched", "scheduled", "delivered", "cancelled")
OFFERING_STATUSES = ("active", "dropped")
EVALUATION_LEVELS = ("town", "village", "resident")
ATTACHMENT_KINDS = ("sheet", "photo")
ATTACHMENT_TYPES = ("image/jpeg", "image/png")

#: Request statuses with no step after them: the request's story is over (counted as closed in a
#: week's figures, and off the "in progress" lists).
REQUEST_ENDED = frozenset({"evaluated", "declined"})
#: Request statuses after which nothing is left to organise: ended, or delivered and waiting only for
#: its scores (off the "open" lists and the overdue count).
REQUEST_SETTLED = REQUEST_ENDED | {"delivered"}
#: Weekly report statuses that count as sent up to the town.
REPORT_SENT = frozenset({"submitted", "approved"})

#: Village wall-clock time: the whole network is in China Standard Time, with no daylight saving.
#: Dates a user sees or types, and the weeks reports cover, are in it, whatever time zone a laptop's
#: system is set to.
VILLAGE_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
_OFFSET = dt.timedelta(hours=8)


def in_village_time(moment: dt.datetime) -> dt.datetime:
    """An aware moment as village wall-clock time (still aware)."""
    return moment.astimezone(VILLAGE_TIME)


def village_today(now: dt.datetime) -> dt.date:
    """The village's date at the aware moment ``now`` (a clock's or the server-corrected time)."""
    return now.astimezone(VILLAGE_TIME).date()


def village_wall(moment: dt.datetime) -> dt.datetime:
    """An aware moment as the naive village-time datetime sessions are stored in."""
    return moment.astimezone(VILLAGE_TIME).replace(tzinfo=None)


def utc_from_village_wall(wall: dt.datetime) -> dt.datetime:
    """A naive village-time datetime as the naive UTC that event times are stored in."""
    return wall - _OFFSET


def village_wall_from_utc(utc: dt.datetime) -> dt.datetime:
    """A naive UTC datetime (how ``at`` and ``submitted_at`` are stored) as naive village time."""
    return utc + _OFFSET
