"""Screenshots of the attendance panel, in Chinese by default, for the docs and for checking by eye that
nothing is cut off or left in English.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [FOLDER] [--lang zh_CN|en]

A demo centre is built in a temporary folder (a laptop enrolled locally only, four weeks of demo
sessions, the clock fixed on a Wednesday afternoon so every run draws the same pictures); nothing
touches a real data folder or a server. Saved into FOLDER (default docs/screenshots/):

- ``attendance_start.png``: a new session of a regular course, before anyone is signed in, offering
  "same as last time", "all present" or "start empty";
- ``attendance.png``: the same session started from last time, ready for the next name;
- ``attendance_search.png``: pinyin initials typed, the match Enter would sign in highlighted;
- ``attendance_headcount.png``: a big open talk that counts heads, with a few people named;
- ``window.png``: the whole window around the attendance panel;
- ``photos.png``: a session's photos (照片): two class photos and a scan of the signed sign-in sheet;
- ``weekly_report.png``: the weekly report tab on this week, figures ready to submit;
- ``weekly_report_returned.png``: last week, returned by the town with its comment;
- ``week_locked.png``: a week the town approved, locked in the week view and on the sign-in sheet;
- ``village_menu.png``: the village's service menu (项目清单) as a sync brings it down, to order from;
- ``village_orders.png``: the village's orders (我的点单): one waiting for the district's dispatch,
  one dispatched and waiting for a date, one scheduled as a session, one delivered and scored;
- ``inbox.png``: a town school's laptop (待办): seven villages, the ones to ring on top, one village's
  submitted week open for review with the sessions behind it;
- ``overview.png``: the same town's overview (总览) of the month: villages' person-times, reach and
  weekly reports, the trend and the platforms as charts;
- ``overview_numbers.png``: the overview with the numbers behind the trend chart shown;
- ``dispatch_board.png``: a district's dispatch board (派单): villages' requests by platform, the
  pear orchard chosen with the offerings that fit it and why;
- ``quarter_evaluation.png``: the district's quarter evaluation table, excellent projects green and
  dropped ones red, with the scores behind them.

The town's and the district's laptops are built headless too: each village records demo weeks on its own laptop database
and submits (or does not submit) its reports through the services, then its rows are copied into the
town's database as a sync would leave them; sites and the villages' last contacts, which only the
server writes, are written straight in.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import io
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Village time wherever the pictures are drawn: the status bar shows local time, the reports China's.
os.environ["TZ"] = "Asia/Shanghai"
time.tzset()

from PIL import Image, ImageDraw  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import delete, insert, select  # noqa: E402

from core import schema, workflow  # noqa: E402
from core.clock import FixedClock  # noqa: E402
from core.ids import weekly_report_id  # noqa: E402
from desktop.services.common import week_start  # noqa: E402
from desktop.services.demand import evaluations, menu, requests  # noqa: E402
from desktop.services.demo import seed_demo  # noqa: E402
from desktop.services.reports import weekly_reports  # noqa: E402
from desktop.services.week import attachments, attendance, sessions  # noqa: E402
from desktop.services.week.attendance import Start  # noqa: E402
from desktop.storage.engine import open_local_database  # noqa: E402
from desktop.storage.store import DeviceIdentity, Store, put_identity, put_settings  # noqa: E402
from desktop.ui.background import Background  # noqa: E402
from desktop.ui.events import Hub  # noqa: E402
from desktop.ui.i18n import LANGUAGES, find_catalog, install_translators  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.week.photos_dialog import PhotosDialog  # noqa: E402

#: Wednesday 25 November 2026, 14:30 in the villages.
NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)
SIZE = (1280, 800)


def enrolled(folder: Path, name: str, role: str = "village") -> Store:
    """A laptop database enrolled (locally only) at a made-up site."""
    engine = open_local_database(folder)
    with engine.begin() as conn:
        identity = DeviceIdentity(
            uuid.uuid4(), uuid.uuid4(), role, "http://127.0.0.1:9", "screenshots"
        )
        put_identity(conn, identity, name)
    return Store(engine, FixedClock(NOW))


def demo_store(folder: Path) -> Store:
    """A laptop database enrolled (locally only) at a made-up village, with four weeks of demo work."""
    store = enrolled(folder, "玉屏村学习中心")
    seed_demo(store, weeks=4)
    return store


def review(store: Store, monday: dt.date, status: str, comment: str = "") -> None:
    """The town's decision on one of ``store``'s weeks, as a sync would bring it back."""
    site = store.identity().site_id  # type: ignore[union-attr]
    with store.engine.begin() as conn:
        conn.execute(
            schema.weekly_reports.update()
            .where(schema.weekly_reports.c.id == weekly_report_id(site, monday))
            # Reviewed and synced back: nothing of it waits on the laptop any more.
            .values(status=status, review_comment=comment, pending=False)
        )


#: The town's villages: name, weekly reports by weeks back from this one (submitted and what the
#: town did with it), days since the village's last sync (None: never), changes waiting then,
#: requests escalated to the town.
VILLAGES = (
    ("玉屏村学习中心", {3: "approved", 2: "approved", 1: "submitted"}, 0.1, 0, 0),
    ("荣升村学习中心", {3: "approved", 2: "approved"}, 3, 14, 1),
    ("河包村学习中心", {}, 9, 37, 0),
    ("万灵村学习中心", None, None, 0, 0),
    ("盘龙村学习中心", {3: "approved", 2: "approved", 1: "approved"}, 1, 0, 0),
    ("双河村学习中心", {3: "approved", 2: "approved", 1: "returned"}, 0.4, 2, 2),
    ("昌州社区学习中心", {3: "approved", 2: "submitted", 1: "submitted"}, 0.05, 0, 0),
)
REMARK = "周三夏布编织课请了县非遗传承人来讲，来的人比平时多；周六雨大，广场舞改到村委会。"


def _raw_insert(conn, table, values: dict) -> None:  # noqa: ANN001
    conn.execute(
        insert(table).values(
            {
                **values,
                "local_rev": 1,
                "synced_rev": 1,
                "pending": False,
                "deleted": False,
                "updated_at": NOW.replace(tzinfo=None),
            }
        )
    )


def town_store(folder: Path) -> tuple[Store, dict[str, uuid.UUID]]:
    """A town school's laptop after a sync: its villages' records and reports, their last contacts."""
    town = enrolled(folder / "town", "昌元街道社区学校", role="town")
    town_id = town.identity().site_id  # type: ignore[union-attr]
    district = uuid.uuid4()
    path = f"/{district.hex}/{town_id.hex}/"
    monday = week_start(NOW.astimezone().date())
    ids: dict[str, uuid.UUID] = {}
    with town.engine.begin() as conn:
        _raw_insert(
            conn,
            schema.sites,
            {
                "id": district,
                "site_id": district,
                "level": "district",
                "name": "荣昌区社区学院",
                "path": f"/{district.hex}/",
            },
        )
        _raw_insert(
            conn,
            schema.sites,
            {
                "id": town_id,
                "site_id": town_id,
                "parent_id": district,
                "level": "town",
                "name": "昌元街道社区学校",
                "path": path,
            },
        )
        put_settings(conn, {"last_sync_success": (NOW - dt.timedelta(minutes=20)).isoformat()})
    for i, (name, reports, days, waiting, escalated) in enumerate(VILLAGES):
        village = enrolled(folder / f"village-{i}", name)
        identity = village.identity()
        assert identity is not None
        ids[name] = identity.site_id
        if reports is not None:
            seed_demo(village, weeks=4)
            for back, status in sorted(reports.items(), reverse=True):
                week = monday - dt.timedelta(weeks=back)
                weekly_reports.submit_week(village, week, REMARK if back == 1 else "")
                if status != "submitted":
                    review(
                        village,
                        week,
                        status,
                        "请补上周六广场舞的签到表" if status == "returned" else "",
                    )
            for n in range(escalated):
                need = ("果园修剪技术培训", "老年人智能手机课")[n % 2]
                filed, _ = requests.file_request(village, requests.RequestInput(need, "income"))
                requests.advance_request(village, filed.id, "collected")
                requests.advance_request(village, filed.id, "town_organises")
        with village.read() as source, town.engine.begin() as target:
            for table in schema.SYNCED_TABLES:
                for row in source.execute(select(table)).mappings().all():
                    target.execute(delete(table).where(table.c.id == row["id"]))
                    target.execute(
                        insert(table).values(
                            {**row, "pending": False, "synced_rev": row["local_rev"], "dirty": None}
                        )
                    )
            _raw_insert(
                target,
                schema.sites,
                {
                    "id": identity.site_id,
                    "site_id": identity.site_id,
                    "parent_id": town_id,
                    "level": "village",
                    "name": name,
                    "path": f"{path}{identity.site_id.hex}/",
                },
            )
            if days is not None:
                seen = NOW - dt.timedelta(days=days)
                _raw_insert(
                    target,
                    schema.site_activity,
                    {
                        "id": identity.device_id,
                        "site_id": identity.site_id,
                        "device_name": name,
                        "last_seen_at": seen.replace(tzinfo=None),
                        "last_pending": waiting,
                    },
                )
        village.engine.dispose()
    return town, ids


#: The district's service menu: (title, platform, department, team, covers, keywords).
MENU = (
    (
        "果树栽培与修剪技术培训",
        "science",
        "区农业农村委",
        "区农技推广服务队",
        "梨树、柑橘等果树的整形修剪、疏花疏果和病虫害防治",
        "梨 果树 修剪 病虫害",
    ),
    (
        "中药材种植技术",
        "science",
        "区农业农村委",
        "",
        "黄精、前胡、金银花等中药材的育苗和栽培",
        "中药材 种植",
    ),
    (
        "生猪养殖与疫病防控",
        "science",
        "区畜牧发展中心",
        "荣昌猪技术服务队",
        "荣昌猪饲养管理、猪瘟等疫病防控",
        "养猪 生猪 猪瘟",
    ),
    (
        "慢性病健康讲座",
        "health",
        "区卫生健康委",
        "家庭医生团队",
        "高血压、糖尿病的日常管理和用药",
        "高血压 糖尿病 血压",
    ),
    (
        "防范电信诈骗宣讲",
        "law",
        "区公安分局",
        "反诈宣讲队",
        "识别冒充客服、刷单返利等电信网络诈骗",
        "诈骗 反诈 骗子",
    ),
    (
        "夏布编织技艺传承",
        "culture",
        "区文化旅游委",
        "非遗传承人工作室",
        "夏布织造、刺绣的基本技法",
        "夏布 编织 刺绣",
    ),
    (
        "农村电商直播培训",
        "education",
        "区商务委",
        "电商服务站",
        "手机开网店、直播带货卖农产品",
        "电商 直播 网店",
    ),
)
#: Villages' requests: (village, need, category, people, how far it got).
REQUESTS = (
    (
        "玉屏村",
        "我们村梨园产量下降，想请专家来教修剪和防治病虫害",
        "income",
        23,
        "district_coordinates",
    ),
    ("双河村", "家里养了二十多头猪，去年闹过猪瘟，想学防疫", "income", 12, "district_coordinates"),
    ("石河村", "老人们血压高，想请医生来讲讲怎么吃药", "health_care", 40, "district_coordinates"),
    ("玉屏村", "好几个老人接到骗子电话，想请派出所来讲讲", "law", 60, "district_coordinates"),
    ("大佛村", "年轻人想学在手机上直播卖腊肉和血橙", "schooling_jobs", 15, "district_coordinates"),
    ("双河村", "村里的山坪塘漏水，想请人来修", "housing_elderly", 30, "town_organises"),
    ("石河村", "留守儿童放学后没人辅导作业", "schooling_jobs", 18, "town_organises"),
)
#: Scores of the quarter: offering title -> (town, village, residents' scores).
SCORES = {
    "果树栽培与修剪技术培训": (90, 85, [95, 90, 88, 92]),
    "慢性病健康讲座": (82, 80, [85, 78, 90]),
    "防范电信诈骗宣讲": (75, 70, [72, 68]),
    "中药材种植技术": (50, 60, [55, 52, 58]),
    "夏布编织技艺传承": (60, 55, [50]),
}


def district_store(folder: Path) -> Store:
    """A district office's laptop after a sync: the menu it published, villages' requests escalated
    to it (filed and moved through the workflow on each village's own laptop, then copied in as a
    sync leaves them), and the quarter's scores."""
    district = enrolled(folder / "district", "荣昌区社区学院", role="district")
    for title, platform, department, team, covers, keywords in MENU:
        menu.publish_offering(
            district,
            menu.OfferingInput(title, platform, "2026Q4", department, team, covers, keywords, 12),
        )
    village_stores: dict[str, Store] = {}
    seq = 0
    for name, need, category, people, last in REQUESTS:
        village = village_stores.get(name)
        if village is None:
            village = village_stores[name] = enrolled(folder / name, f"{name}学习中心")
            site = village.identity().site_id  # type: ignore[union-attr]
            with district.engine.begin() as conn:
                _raw_insert(
                    conn,
                    schema.sites,
                    {"id": site, "site_id": site, "level": "village", "name": name, "path": "/"},
                )
        request, _ = requests.file_request(
            village, requests.RequestInput(need, category, people, preferred_time="年底前")
        )
        for step in ("collected", "town_organises"):
            requests.advance_request(village, request.id, step, "村里办不了")
        if last == "district_coordinates":
            # The town's step, as its laptop would have sent it: the village's copy just needs it.
            with village.write() as w:
                w.insert(
                    schema.request_events,
                    {
                        "site_id": village.identity().site_id,  # type: ignore[union-attr]
                        "request_id": request.id,
                        "to_status": "district_coordinates",
                        "note": "镇里协调不了，请区里统筹",
                        "actor_site_id": uuid.uuid4(),
                        "device_id": None,
                        "at": NOW.replace(tzinfo=None),
                    },
                )
    with district.engine.begin() as conn:
        for village in village_stores.values():
            with village.read() as source:
                for table in (schema.requests, schema.request_events):
                    for row in source.execute(select(table)).mappings().all():
                        seq += 1
                        values = {**row, "pending": False, "server_seq": seq, "dirty": None}
                        conn.execute(insert(table).values(values))
        ids = conn.execute(select(schema.requests.c.id)).scalars().all()
        workflow.refresh_status(conn, ids)
    for village in village_stores.values():
        village.engine.dispose()
    offerings = {o.title: o.id for o in menu.list_offerings(district)}
    for title, (town_score, village_score, residents) in SCORES.items():
        evaluations.record_score(district, offerings[title], "town", town_score)
        evaluations.record_score(district, offerings[title], "village", village_score)
        for score in residents:
            evaluations.record_score(district, offerings[title], "resident", score)
    return district


def village_orders(store: Store) -> uuid.UUID:
    """The district's menu written into a village's database as a sync leaves it, and the village's
    orders at each step: placed through the services, the district's dispatches written as a sync
    brings them back. Returns the order waiting for a date (the one shown chosen)."""
    district = uuid.uuid4()
    with store.engine.begin() as conn:
        for title, platform, department, team, covers, keywords in MENU:
            _raw_insert(
                conn,
                schema.offerings,
                {
                    "id": uuid.uuid4(),
                    "site_id": district,
                    "title": title,
                    "platform": platform,
                    "lead_department": department,
                    "team": team,
                    "covers": covers,
                    "keywords": keywords,
                    "quarter": "2026Q4",
                    "capacity": 12,
                    "status": "active",
                },
            )
    offerings = {o.title: o.id for o in menu.list_offerings(store)}
    december = dt.date(2026, 12, 1)
    placed = {
        title: menu.place_order(store, offerings[title], december, people, note)[0]
        for title, people, note in (
            ("果树栽培与修剪技术培训", 23, "梨子采摘后果农有空"),
            ("慢性病健康讲座", 40, "请带血压计"),
            ("防范电信诈骗宣讲", 60, ""),
            ("生猪养殖与疫病防控", 15, "二组、三组养殖户"),
        )
    }
    with store.engine.begin() as conn:
        conn.execute(
            schema.orders.update()
            .where(schema.orders.c.id.in_(list(placed.values())[:3]))
            .values(status="dispatched", pending=False)
        )
    for title, day in (("慢性病健康讲座", 2), ("防范电信诈骗宣讲", 1)):
        menu.schedule_delivery(
            store,
            offerings[title],
            dt.datetime(2026, 12, day, 9),
            dt.datetime(2026, 12, day, 11),
            order_id=placed[title],
            place="村委会会议室",
        )
    fraud = placed["防范电信诈骗宣讲"]
    menu.mark_delivered(store, order_id=fraud)
    evaluations.record_score(store, offerings["防范电信诈骗宣讲"], "village", 85, order_id=fraud)
    for score in (90, 80, 88):
        evaluations.record_score(
            store, offerings["防范电信诈骗宣讲"], "resident", score, order_id=fraud
        )
    return placed["果树栽培与修剪技术培训"]


def regular_course(store: Store, monday: dt.date) -> sessions.SessionSummary:
    """The latest session of the course held most often with a sign-in list over the demo weeks."""
    held: collections.Counter[uuid.UUID] = collections.Counter()
    latest: dict[uuid.UUID, sessions.SessionSummary] = {}
    for week in reversed(range(4)):
        for s in sessions.sessions_in_week(store, monday - dt.timedelta(weeks=week)):
            if not s.headcount_only:
                held[s.course_id] += 1
                latest[s.course_id] = s
    return latest[held.most_common(1)[0][0]]


def new_session(
    store: Store, like: sessions.SessionSummary, at: dt.datetime, headcount: int | None = None
) -> uuid.UUID:
    """A session of ``like``'s course, teacher and place at ``at``."""
    data = sessions.SessionInput(
        like.course_id,
        at,
        at + (like.ends_at - like.starts_at),
        place=like.place,
        teacher_id=like.teacher_id,
        headcount=headcount,
    )
    return sessions.record_session(store, data)[0].id


def class_photo(sky: tuple[int, int, int], people: int) -> bytes:
    """A made-up picture of a class: a wall, a board, and rows of heads and shoulders."""
    image = Image.new("RGB", (1200, 800), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, 1200, 800), fill=(150, 120, 90))
    draw.rectangle((380, 90, 820, 330), fill=(40, 70, 50), outline=(120, 90, 60), width=12)
    for n in range(people):
        x, y = 90 + (n % 8) * 140, 470 + (n // 8) * 130
        shade = (60 + 20 * (n % 4), 50, 40)
        draw.ellipse((x, y, x + 70, y + 80), fill=(230, 190, 160))
        draw.rectangle((x - 20, y + 80, x + 90, y + 200), fill=shade)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def sheet_scan(rows: int) -> bytes:
    """A made-up scan of a signed sign-in sheet: a ruled table with a scrawl in most rows."""
    image = Image.new("RGB", (900, 1270), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 60, 820, 120), fill=(215, 215, 215))
    for n in range(rows + 1):
        y = 160 + n * 52
        draw.line((80, y, 820, y), fill=(90, 90, 90), width=2)
        if n < rows and n % 5 != 4:
            draw.line((420, y + 36, 520 + (n * 37) % 200, y + 18), fill=(20, 40, 140), width=4)
    for x in (80, 160, 400, 820):
        draw.line((x, 160, x, 160 + rows * 52), fill=(90, 90, 90), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def save(widget: QWidget, folder: Path, name: str, margin: int = 8) -> Path:
    """Save ``widget`` as drawn, on a ``margin`` of window background so text that reaches the
    widget's edge is seen whole, as it is on screen where the window frames it."""
    QApplication.processEvents()
    shot = widget.grab()
    canvas = QPixmap(shot.width() + 2 * margin, shot.height() + 2 * margin)
    canvas.fill(widget.palette().window().color())
    painter = QPainter(canvas)
    painter.drawPixmap(margin, margin, shot)
    painter.end()
    path = folder / name
    if not canvas.save(str(path)):
        raise SystemExit(f"could not save {path}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh_CN")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="learning-desk-shots-") as tmp:
        # Compile the committed .ts into the temporary folder: no user cache is touched.
        catalog = find_catalog(args.lang, cache_dir=Path(tmp) / "cache")
        install_translators(app, args.lang, catalog=catalog)
        store = demo_store(Path(tmp) / "desk")
        monday = week_start(NOW.astimezone().date())
        last = regular_course(store, monday)
        today = dt.datetime.combine(NOW.astimezone().date(), dt.time(19))
        fresh = new_session(store, last, today)
        talk = new_session(store, last, today + dt.timedelta(days=1), headcount=168)

        window = MainWindow(store, Hub(), Background(), None)
        window.resize(*SIZE)
        window.show()
        panel = window.attendance
        window.week.select_session(fresh)
        saved = [save(panel, args.folder, "attendance_start.png")]

        panel.start(Start.SAME_AS_LAST)
        saved.append(save(panel, args.folder, "attendance.png"))
        saved.append(save(window, args.folder, "window.png", margin=0))

        present = [e.resident for e in attendance.roster(store, fresh) if e.present]
        panel.search.setText("w")  # the initial of the commonest surname, 王
        saved.append(save(panel, args.folder, "attendance_search.png"))
        panel.search.clear()

        for person in present[:5]:
            attendance.mark_present(store, talk, person.id)
        window.week.select_session(talk)
        saved.append(save(panel, args.folder, "attendance_headcount.png"))

        # The photos kept with this evening's session: two of the class, the signed sheet.
        attachments.attach(store, fresh, class_photo((225, 220, 205), 14), "photo", "课堂现场")
        attachments.attach(store, fresh, class_photo((205, 215, 225), 9), "photo", "学员练习")
        attachments.attach(store, fresh, sheet_scan(20), "sheet", "签到表（第1页）")
        window.week.select_session(fresh)
        photos = window.week.photos_button.dialog()
        assert isinstance(photos, PhotosDialog)
        photos.show()
        photos.list.setCurrentRow(0)
        saved.append(save(photos, args.folder, "photos.png"))
        photos.close()

        # The weekly report: this week ready to submit, and last week returned by the town.
        window.tabs.setCurrentWidget(window.week_report)
        saved.append(save(window, args.folder, "weekly_report.png", margin=0))
        last_week = monday - dt.timedelta(weeks=1)
        weekly_reports.submit_week(store, last_week, REMARK)
        review(
            store,
            last_week,
            "returned",
            "周六广场舞的签到表只有12人，和人次对不上，请核对后重新提交。",
        )
        window.week_report.show_week(last_week)
        saved.append(save(window, args.folder, "weekly_report_returned.png", margin=0))
        # Two weeks back: approved by the town, so locked in the week view and on the sheet.
        approved = monday - dt.timedelta(weeks=2)
        weekly_reports.submit_week(store, approved)
        review(store, approved, "approved")
        window.tabs.setCurrentIndex(0)
        window.week.show_week(approved)
        window.week.select_session(sessions.sessions_in_week(store, approved)[0].id)
        saved.append(save(window, args.folder, "week_locked.png", margin=0))
        # The village's side of the service menu: the menu, and its orders at each step.
        waiting = village_orders(store)
        requests_tab = window.requests
        window.tabs.setCurrentWidget(requests_tab)
        requests_tab.pages.setCurrentWidget(requests_tab.menu_page)
        requests_tab.menu_page.table.selectRow(0)
        saved.append(save(window, args.folder, "village_menu.png", margin=0))
        requests_tab.show_order(waiting)
        saved.append(save(window, args.folder, "village_orders.png", margin=0))
        window.close()
        store.engine.dispose()

        town, villages = town_store(Path(tmp) / "town")
        town_window = MainWindow(town, Hub(), Background(), None)
        town_window.resize(*SIZE)
        town_window.show()
        town_window.tabs.setCurrentWidget(town_window.inbox)
        town_window.inbox.select_village(villages["玉屏村学习中心"])
        saved.append(save(town_window, args.folder, "inbox.png", margin=0))
        # The overview of the month, counted here and now (not in the background) for the picture.
        town_window.overview.background = None
        town_window.tabs.setCurrentWidget(town_window.overview)
        saved.append(save(town_window, args.folder, "overview.png", margin=0))
        town_window.overview.trend.toggle.click()
        saved.append(save(town_window.overview, args.folder, "overview_numbers.png"))
        town_window.close()
        town.engine.dispose()

        district = district_store(Path(tmp) / "district")
        district_window = MainWindow(district, Hub(), Background(), None)
        district_window.resize(*SIZE)
        district_window.show()
        district_window.tabs.setCurrentWidget(district_window.dispatch)
        board = district_window.dispatch.board
        pear = next(r for r in board.rows if "梨园" in r.request.need)
        board.select_request(pear.request.id)
        saved.append(save(district_window, args.folder, "dispatch_board.png", margin=0))
        pages = district_window.dispatch.pages
        pages.setCurrentWidget(district_window.dispatch.quarter)
        saved.append(save(district_window, args.folder, "quarter_evaluation.png", margin=0))
        district_window.close()
        district.engine.dispose()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
