"""Diagnostics (帮助 → 导出诊断信息, ``learning-desk diagnostics OUT.zip``): one zip a coordinator sends
to the town IT person helping them, saying what the laptop runs, how it is set up, where its sync
stands, how its database looks, and what its log says.

Nothing personal goes in: no record's contents (residents' names, phones, ID numbers), no token or
key (the keyring is never read here), no enrollment code. Settings are copied by an allow-list,
so a key added later stays out until someone decides it is safe; records are only counted.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import sqlite3
import sys
import urllib.parse
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, func, select

from core import protocol, schema
from core.database import current_revision, head_revision
from core.vocabulary import village_wall
from desktop import __version__
from desktop.logs import LOG_FOLDER, log_files
from desktop.storage import settings as keys
from desktop.storage.store import Store


def _url(text: str) -> str:
    """A server address without any user name or password written into it."""
    parts = urllib.parse.urlsplit(text)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


#: The settings that say nothing secret or personal, copied as they are (the server's address
#: without credentials). Everything else in ``local_settings`` stays out, named by count only: the
#: enrollment nonce, the reasons kept per deferred change, and whatever a later version adds.
SAFE_SETTINGS: dict[keys.Setting[Any], Callable[[str], str]] = {
    keys.DEVICE_ID: str,
    keys.SITE_ID: str,
    keys.ROLE: str,
    keys.SERVER_URL: _url,
    keys.SERVER_ID: str,
    keys.SITE_NAME: str,
    keys.TIMEOUT_SECONDS: str,
    keys.CA_BUNDLE: str,
    keys.SERVER_PIN: str,
    keys.CURSOR: str,
    keys.SCOPE: str,
    keys.CLOCK_OFFSET: str,
    keys.LAST_SUCCESS: str,
    keys.LAST_SERVER_TIME: str,
    keys.LAST_ERROR: str,
    keys.LAST_ERROR_DETAIL: str,
    keys.RESCAN_TABLES: str,
    keys.RESCAN_CURSOR: str,
    keys.RESCAN_SCOPE: str,
    keys.DEFERRED_INDEXES: str,
}
#: Refused changes listed with their reasons (the newest); the rest are counted.
RECENT_REJECTIONS = 20
#: Lines of an integrity check that failed, kept (SQLite lists one per damaged page).
CHECK_LINES = 20

README = """Learning Desk 诊断信息
======================

生成时间：{written}（北京时间）
软件版本：{version}

这个压缩包是给帮助您的技术人员（例如镇街或区里负责信息化的同事）看的，用来查找软件或同步的问题。
请通过可靠的渠道发送给对方。

包含的内容：
  versions.json   软件、同步协议和数据库结构的版本，Python、Qt 和操作系统的版本
  settings.json   本机设置中不含密钥的项目：设备和站点编号、站点名称、角色、服务器地址、
                  同步进度、上次同步的时间和结果；其余设置只写明略去了几项
  sync.json       同步状态：每张表待同步的记录数、待发送的批次、上次同步的时间和出错原因、
                  最近被服务器拒收的改动（只有表名、记录编号和原因）
  database.json   数据库统计：每张表的行数、文件大小、页数和空闲页数、完整性检查（quick_check）的结果
  logs/           本机的运行日志（最多约 6 MB）；日志里只记编号、数量和种类

不包含的内容：
  - 居民的姓名、电话、身份证号等个人信息，以及任何记录的具体内容
  - 设备令牌、身份证号密钥、注册码等密钥（生成诊断信息时不会读取系统的密码存储）
  - 数据库文件本身
"""


@dataclass(frozen=True)
class Diagnostics:
    """What was written: the zip, the names inside it, and whether the database checked out."""

    path: Path
    names: tuple[str, ...]
    database_ok: bool


def write_diagnostics(store: Store, out: Path, qt: str | None = None) -> Diagnostics:
    """Write the diagnostics zip to ``out`` (whole, or not at all). ``qt`` is the Qt version the
    window runs on; the command line reports the installed PySide6's instead.

    Reads only the database and the log folder of ``store``'s data folder; slow on a town's big
    database (the integrity check reads it whole, under a second for 500 MB), so the window runs it
    off its GUI thread."""
    database = Path(store.engine.url.database or "")
    data_dir = database.parent
    t = schema.local_settings
    with store.read() as conn:
        stored = dict(conn.execute(select(t.c.key, t.c.value)).all())
        stats = _database(conn, database)
        state = _sync_state(conn, stored)
    parts: dict[str, Any] = {
        "versions.json": _versions(store, qt),
        "settings.json": _settings(stored),
        "sync.json": state,
        "database.json": stats,
    }
    written = village_wall(store.clock.now()).isoformat(sep=" ", timespec="seconds")
    partial = out.with_name(out.name + ".part")
    names = ["README.txt", *parts]
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("README.txt", README.format(written=written, version=__version__))
            for name, content in parts.items():
                text = json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True)
                zf.writestr(name, text + "\n")
            for log in log_files(data_dir):
                name = f"{LOG_FOLDER}/{log.name}"
                zf.write(log, name)
                names.append(name)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return Diagnostics(out, tuple(names), stats["quick_check"] == ["ok"])


def _versions(store: Store, qt: str | None) -> dict[str, Any]:
    return {
        "app": __version__,
        "written_at": store.clock.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "protocol": protocol.PROTOCOL_VERSION,
        "protocol_oldest_accepted": protocol.MIN_PROTOCOL_VERSION,
        "schema": current_revision(store.engine),
        "schema_of_this_version": head_revision(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "qt": qt,
        "pyside6": _installed("PySide6-Essentials") or _installed("PySide6"),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        # Not the machine's network name: it is often its owner's.
        "os": platform.platform(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
    }


def _installed(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _settings(stored: dict[str, str]) -> dict[str, Any]:
    kept = {
        setting.key: shown(stored[setting.key])
        for setting, shown in SAFE_SETTINGS.items()
        if stored.get(setting.key)
    }
    return {"settings": kept, "left_out": len(stored) - len(kept)}


def _sync_state(conn: Connection, stored: dict[str, str]) -> dict[str, Any]:
    """Where the sync stands, from the database alone (as the status bar shows it)."""
    pending = {}
    for table in schema.SYNCED_TABLES:
        n = conn.execute(
            select(func.count()).select_from(table).where(table.c.pending.is_(True))
        ).scalar_one()
        if n:
            pending[table.name] = n
    outbox = schema.local_outbox
    batches, attempts = conn.execute(
        select(func.count(), func.coalesce(func.max(outbox.c.attempts), 0))
    ).one()
    r = schema.local_rejections
    refused = conn.execute(select(func.count()).select_from(r)).scalar_one()
    recent = conn.execute(
        select(r.c.table_name, r.c.row_id, r.c.reason, r.c.at)
        .order_by(r.c.id.desc())
        .limit(RECENT_REJECTIONS)
    ).all()
    c = schema.conflicts
    open_conflicts = conn.execute(
        select(func.count()).select_from(c).where(c.c.resolved.is_(False), c.c.deleted.is_(False))
    ).scalar_one()
    return {
        "enrolled": keys.DEVICE_ID.of(stored) is not None,
        "role": keys.ROLE.of(stored) or None,
        "cursor": keys.CURSOR.of(stored),
        "last_success": keys.LAST_SUCCESS.of(stored) or None,
        "last_server_time": keys.LAST_SERVER_TIME.of(stored) or None,
        "clock_offset_seconds": keys.CLOCK_OFFSET.of(stored)
        if keys.CLOCK_OFFSET.key in stored
        else None,
        "last_error": keys.LAST_ERROR.of(stored) or None,
        "last_error_detail": keys.LAST_ERROR_DETAIL.of(stored) or None,
        "pending": pending,
        "pending_total": sum(pending.values()),
        "outbox_batches": batches,
        "outbox_most_attempts": attempts,
        "deferred": sum(1 for key in stored if key.startswith(keys.DEFERRED)),
        "redownload_tables": list(keys.RESCAN_TABLES.of(stored)),
        "open_conflicts": open_conflicts,
        "refused_changes": refused,
        "recent_refusals": [
            {
                "table": row.table_name,
                "id": row.row_id.hex,
                "reason": row.reason,
                "at": row.at.isoformat(timespec="seconds") + "Z",
            }
            for row in recent
        ],
    }


def _database(conn: Connection, path: Path) -> dict[str, Any]:
    def pragma(name: str) -> Any:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    check = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check").fetchmany(CHECK_LINES)]
    rows = {
        table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
        for table in schema.metadata.sorted_tables
    }
    wal = path.with_name(path.name + "-wal")
    return {
        "file": path.name,
        "bytes": path.stat().st_size if path.exists() else None,
        "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        "page_size": pragma("page_size"),
        "page_count": pragma("page_count"),
        "freelist_count": pragma("freelist_count"),
        "journal_mode": pragma("journal_mode"),
        "quick_check": check,
        "rows": rows,
    }
