"""How dates, times, phone numbers and code values look on screen, in the user's language.

Date patterns are translatable strings (Chinese wants "11月23日", English "Nov 23") rendered by the
default :class:`QLocale`, which the composition root sets to the chosen language, so weekday names come
out as 周一…周日 without a table of our own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime

from core.vocabulary import in_village_time, village_today


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def short_date(day: dt.date) -> str:
    """Month and day: 11月23日."""
    return QLocale().toString(_qdate(day), QCoreApplication.translate("Formats", "MMM d"))


def weekday_date(day: dt.date) -> str:
    """Weekday and date, as a week view row shows it: 周一 11月23日."""
    return QLocale().toString(_qdate(day), QCoreApplication.translate("Formats", "ddd MMM d"))


def long_date(day: dt.date) -> str:
    """Full date with weekday, for headings: 2026年11月23日 周一."""
    return QLocale().toString(_qdate(day), QCoreApplication.translate("Formats", "ddd MMM d, yyyy"))


def year_date(day: dt.date) -> str:
    """Date with its year and no weekday, for records that span years: 2026年3月12日."""
    return QLocale().toString(_qdate(day), QCoreApplication.translate("Formats", "MMM d, yyyy"))


def clock_time(moment: dt.datetime | dt.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def time_range(start: dt.datetime, end: dt.datetime) -> str:
    """09:00–10:30; a session running past midnight says so rather than looking backwards."""
    text = f"{clock_time(start)}–{clock_time(end)}"
    if end.date() != start.date():
        text += " " + QCoreApplication.translate("Formats", "(next day)")
    return text


def week_title(monday: dt.date) -> str:
    """2026年第48周 11月23日–11月29日 (ISO week: Monday to Sunday)."""
    year, week, _ = monday.isocalendar()
    return QCoreApplication.translate("Formats", "Week {week} of {year}: {start} – {end}").format(
        year=year,
        week=week,
        start=short_date(monday),
        end=short_date(monday + dt.timedelta(days=6)),
    )


def ago(when: dt.datetime, now: dt.datetime) -> str:
    """How long ago, as people say it when deciding whom to ring: 刚刚, 40分钟前, 5小时前, 3天前.

    Naive datetimes are taken as UTC, like :func:`moment`; a moment "in the future" (a clock ahead)
    reads as just now rather than as a negative age."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        return QCoreApplication.translate("Formats", "just now")
    if minutes < 60:
        return QCoreApplication.translate("Formats", "{n} min ago").format(n=minutes)
    if minutes < 24 * 60:
        return QCoreApplication.translate("Formats", "{n} h ago").format(n=minutes // 60)
    return QCoreApplication.translate("Formats", "{n} days ago").format(n=minutes // (24 * 60))


def moment(when: dt.datetime, now: dt.datetime) -> str:
    """A past moment in local time: 今天 14:05, 11月29日 14:05, or 2025年11月29日 14:05.

    Naive datetimes are taken as UTC, which is how the sync client stores device times.
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = in_village_time(when)
    today = village_today(now)
    qdt = QDateTime(_qdate(local.date()), QTime(local.hour, local.minute))
    if local.date() == today:
        pattern = QCoreApplication.translate("Formats", "'today' HH:mm")
    elif local.year == today.year:
        pattern = QCoreApplication.translate("Formats", "MMM d, HH:mm")
    else:
        pattern = QCoreApplication.translate("Formats", "MMM d yyyy, HH:mm")
    return QLocale().toString(qdt, pattern)


def mask_phone(phone: str) -> str:
    """138****5678: lists are seen over shoulders, so only the edit form shows the whole number."""
    digits = phone.strip()
    if len(digits) >= 8:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return digits


# Code values stored in the database, shown in the user's words. The codes come from
# core.schema; the words are marked here so lupdate collects them.
PLATFORMS = {
    "theory": QT_TRANSLATE_NOOP("Labels", "Theory outreach"),
    "education": QT_TRANSLATE_NOOP("Labels", "Education"),
    "culture": QT_TRANSLATE_NOOP("Labels", "Culture"),
    "science": QT_TRANSLATE_NOOP("Labels", "Science"),
    "health": QT_TRANSLATE_NOOP("Labels", "Health and fitness"),
    "law": QT_TRANSLATE_NOOP("Labels", "Safety and law"),
    "media": QT_TRANSLATE_NOOP("Labels", "Media"),
}
GENDERS = {
    "": QT_TRANSLATE_NOOP("Labels", "Not given"),
    "female": QT_TRANSLATE_NOOP("Labels", "Female"),
    "male": QT_TRANSLATE_NOOP("Labels", "Male"),
}
TEACHER_KINDS = {
    "cadre": QT_TRANSLATE_NOOP("Labels", "Cadre"),
    "full_time": QT_TRANSLATE_NOOP("Labels", "Full-time teacher"),
    "part_time": QT_TRANSLATE_NOOP("Labels", "Part-time teacher"),
    "volunteer": QT_TRANSLATE_NOOP("Labels", "Volunteer"),
}


def label(table: dict[str, str], code: str) -> str:
    """The translated word for a stored code; an unknown code (from a newer app) shows as it is."""
    source = table.get(code)
    return QCoreApplication.translate("Labels", source) if source else code


# What each synced table's records are called, for the conflicts and refused-changes lists.
TABLES = {
    "sites": QT_TRANSLATE_NOOP("Labels", "Site"),
    "residents": QT_TRANSLATE_NOOP("Labels", "Resident"),
    "teachers": QT_TRANSLATE_NOOP("Labels", "Teacher"),
    "trainings": QT_TRANSLATE_NOOP("Labels", "Training record"),
    "courses": QT_TRANSLATE_NOOP("Labels", "Course"),
    "sessions": QT_TRANSLATE_NOOP("Labels", "Session"),
    "attendance": QT_TRANSLATE_NOOP("Labels", "Attendance mark"),
    "requests": QT_TRANSLATE_NOOP("Labels", "Request"),
    "request_events": QT_TRANSLATE_NOOP("Labels", "Request progress"),
    "weekly_reports": QT_TRANSLATE_NOOP("Labels", "Weekly report"),
    "conflicts": QT_TRANSLATE_NOOP("Labels", "Conflict"),
}
# Field names of the synced tables, in words (one word per name: a name means the same everywhere).
FIELDS = {
    "name": QT_TRANSLATE_NOOP("Labels", "Name"),
    "gender": QT_TRANSLATE_NOOP("Labels", "Gender"),
    "birth_year": QT_TRANSLATE_NOOP("Labels", "Year of birth"),
    "phone": QT_TRANSLATE_NOOP("Labels", "Phone"),
    "village_group": QT_TRANSLATE_NOOP("Labels", "Village group"),
    "household": QT_TRANSLATE_NOOP("Labels", "Household"),
    "tags": QT_TRANSLATE_NOOP("Labels", "Tags"),
    "notes": QT_TRANSLATE_NOOP("Labels", "Notes"),
    "kind": QT_TRANSLATE_NOOP("Labels", "Kind"),
    "skills": QT_TRANSLATE_NOOP("Labels", "Skills"),
    "title": QT_TRANSLATE_NOOP("Labels", "Title"),
    "platform": QT_TRANSLATE_NOOP("Labels", "Platform"),
    "is_feature": QT_TRANSLATE_NOOP("Labels", "Feature course"),
    "description": QT_TRANSLATE_NOOP("Labels", "Description"),
    "course_id": QT_TRANSLATE_NOOP("Labels", "Course"),
    "starts_at": QT_TRANSLATE_NOOP("Labels", "Start time"),
    "ends_at": QT_TRANSLATE_NOOP("Labels", "End time"),
    "place": QT_TRANSLATE_NOOP("Labels", "Place"),
    "teacher_id": QT_TRANSLATE_NOOP("Labels", "Teacher"),
    "topic": QT_TRANSLATE_NOOP("Labels", "Topic"),
    "headcount": QT_TRANSLATE_NOOP("Labels", "Headcount"),
    "present": QT_TRANSLATE_NOOP("Labels", "Present"),
    "resident_id": QT_TRANSLATE_NOOP("Labels", "Resident"),
    "need": QT_TRANSLATE_NOOP("Labels", "Need"),
    "category": QT_TRANSLATE_NOOP("Labels", "Category"),
    "people_count": QT_TRANSLATE_NOOP("Labels", "Number of people"),
    "urgency": QT_TRANSLATE_NOOP("Labels", "Urgency"),
    "preferred_time": QT_TRANSLATE_NOOP("Labels", "Preferred time"),
    "status": QT_TRANSLATE_NOOP("Labels", "Status"),
    "week_start": QT_TRANSLATE_NOOP("Labels", "Week"),
    "figures": QT_TRANSLATE_NOOP("Labels", "Figures"),
    "remark": QT_TRANSLATE_NOOP("Labels", "Remark"),
    "review_comment": QT_TRANSLATE_NOOP("Labels", "Review comment"),
    "submitted_at": QT_TRANSLATE_NOOP("Labels", "Submitted at"),
    "held_on": QT_TRANSLATE_NOOP("Labels", "Date of training"),
    "hours": QT_TRANSLATE_NOOP("Labels", "Hours"),
    "organiser": QT_TRANSLATE_NOOP("Labels", "Organiser"),
}
REQUEST_CATEGORIES = {
    "income": QT_TRANSLATE_NOOP("Labels", "Income"),
    "schooling_jobs": QT_TRANSLATE_NOOP("Labels", "Schooling and jobs"),
    "health_care": QT_TRANSLATE_NOOP("Labels", "Health care"),
    "housing_elderly": QT_TRANSLATE_NOOP("Labels", "Housing and elderly care"),
    **PLATFORMS,
}
STATUSES = {
    "proposed": QT_TRANSLATE_NOOP("Labels", "Proposed by a household"),
    "collected": QT_TRANSLATE_NOOP("Labels", "Collected"),
    "village_handles": QT_TRANSLATE_NOOP("Labels", "Village handles it"),
    "town_organises": QT_TRANSLATE_NOOP("Labels", "Town organises it"),
    "district_coordinates": QT_TRANSLATE_NOOP("Labels", "District coordinates it"),
    "matched": QT_TRANSLATE_NOOP("Labels", "Matched"),
    "scheduled": QT_TRANSLATE_NOOP("Labels", "Scheduled"),
    "delivered": QT_TRANSLATE_NOOP("Labels", "Delivered"),
    "evaluated": QT_TRANSLATE_NOOP("Labels", "Evaluated"),
    "declined": QT_TRANSLATE_NOOP("Labels", "Declined"),
    "draft": QT_TRANSLATE_NOOP("Labels", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("Labels", "Submitted"),
    "returned": QT_TRANSLATE_NOOP("Labels", "Returned"),
    "approved": QT_TRANSLATE_NOOP("Labels", "Approved"),
}


def data_size(count: int) -> str:
    """Bytes as people read them: 820 B, 6.2 KB, 1.4 MB."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / (1024 * 1024):.1f} MB"


def date_time(moment_: dt.datetime) -> str:
    """A date with its time, for a value in a list: 11月23日 14:00."""
    return f"{short_date(moment_.date())} {clock_time(moment_)}"
