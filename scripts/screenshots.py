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
- ``window.png``: the whole window around the attendance panel.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.clock import FixedClock  # noqa: E402
from desktop.services import attendance, sessions  # noqa: E402
from desktop.services.attendance import Start  # noqa: E402
from desktop.services.common import week_start  # noqa: E402
from desktop.services.demo import seed_demo  # noqa: E402
from desktop.storage.engine import open_local_database  # noqa: E402
from desktop.storage.store import Store, put_settings  # noqa: E402
from desktop.ui.background import Background  # noqa: E402
from desktop.ui.events import Hub  # noqa: E402
from desktop.ui.i18n import LANGUAGES, find_catalog, install_translators  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

#: Wednesday 25 November 2026, 14:30 in the villages.
NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)
SIZE = (1280, 800)


def demo_store(folder: Path) -> Store:
    """A laptop database enrolled (locally only) at a made-up village, with four weeks of demo work."""
    engine = open_local_database(folder)
    with engine.begin() as conn:
        put_settings(
            conn,
            {
                "device_id": uuid.uuid4().hex,
                "site_id": uuid.uuid4().hex,
                "role": "village",
                "server_url": "http://127.0.0.1:9",
                "server_id": "screenshots",
                "site_name": "玉屏村学习中心",
            },
        )
    store = Store(engine, FixedClock(NOW))
    seed_demo(store, weeks=4)
    return store


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

        window.close()
        store.engine.dispose()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
