"""``learning-desk``: the headless jobs town IT staff and scheduled tasks need. No command opens the
window (that is ``python -m desktop.app``).

Exit status 0 on success; otherwise one clear sentence on stderr and a non-zero status (1 for a failure
of the job, 2 for a usage mistake). The ``--json`` outputs are a stable interface, documented in
``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from core import bundles, protocol, schema
from core.bundles import BundleError
from core.clock import SystemClock
from desktop import __version__
from desktop.config import resolve_data_dir
from desktop.logs import start_logging
from desktop.services.backups import back_up_daily, back_up_to
from desktop.services.demo import seed_demo
from desktop.services.diagnostics import write_diagnostics
from desktop.services.errors import ServiceError
from desktop.services.reports.overview import Period, find_site
from desktop.services.reports.tables import week_table, write_report_table
from desktop.services.reports.work_brief import WorkBrief, work_brief
from desktop.services.spreadsheets.exporting import EXPORTS, export_records
from desktop.services.spreadsheets.importing import (
    ADD,
    FIELDS,
    KINDS,
    MATCH,
    REJECT,
    ImportPreview,
    RowPlan,
    confirm_import,
    open_import,
    preview_import,
)
from desktop.storage import settings as keys
from desktop.storage.backups import BackupRefused, restore_backup
from desktop.storage.engine import (
    DatabaseCorrupt,
    StorageError,
    is_damage,
    open_local_database,
)
from desktop.storage.store import Store, put_settings
from desktop.sync.bundles import write_answer
from desktop.sync.client import BundleTaken, build_sync_client, enroll, load_id_key
from desktop.sync.credentials import KeyringCredentials
from desktop.sync.errors import SyncError
from desktop.sync.status import SyncStatus, sync_status
from desktop.sync.transport import HttpTransport

log = logging.getLogger("desktop.cli")
EXPORT_FORMAT = "learning-desk-export"
REPORT_FORMATS = ("json", "xlsx", "csv", "pdf")
#: Draws the work brief PDF; run as a child process by name, never imported here (Qt stays out).
PDF_MODULE = "desktop.ui.work_brief"
EXPORT_VERSION = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="learning-desk", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"learning-desk {__version__}")
    parser.add_argument(
        "--data-dir", help="data folder (default: $LEARNING_DESK_DATA or the user's data folder)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser(
        "enroll", help="connect this computer to a district server with a one-time code"
    )
    e.add_argument("url", help="the district server, e.g. https://ld.example.gov.cn")
    e.add_argument("code", help="the one-time enrollment code from the district office")
    e.add_argument("--name", help="a name for this computer (default: its host name)")
    e.add_argument("--ca-bundle", help="a CA certificate bundle for a district's own certificate")
    s = sub.add_parser("sync", help="send waiting changes and receive new ones")
    s.add_argument("--json", action="store_true")
    s.add_argument("--timeout", type=float, help="seconds to wait for the server (default 60)")
    s.add_argument(
        "--verify",
        action="store_true",
        help="then compare per-table counts and digests with the server; re-download any that differ",
    )
    st = sub.add_parser("status", help="site, role, changes waiting, last sync")
    st.add_argument("--json", action="store_true")
    x = sub.add_parser(
        "export",
        help="write all records in a stable order; or, given WHAT, one list as .xlsx or .csv for Excel",
    )
    x.add_argument("--format", choices=["json", "csv"], default="json")
    x.add_argument(
        "what_or_out",
        metavar="[WHAT] OUT",
        help=f"WHAT is one of {', '.join(EXPORTS)} with OUT an .xlsx or .csv file; "
        "without WHAT, OUT is a file for json or a folder (one CSV per table) for csv",
    )
    x.add_argument("out", nargs="?", help=argparse.SUPPRESS)
    i = sub.add_parser(
        "import", help="add residents, teachers or past attendance from an .xlsx or .csv file"
    )
    i.add_argument("kind", choices=KINDS)
    i.add_argument("file", help="an .xlsx or .csv file (UTF-8 or GBK)")
    i.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    i.add_argument("--json", action="store_true")
    i.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="which column holds a field, by header or letter (e.g. name=姓名, phone=D; "
        "phone=- for none); overrides the guess",
    )
    r = sub.add_parser("report", help="write a site's figures for scheduled jobs")
    rs = r.add_subparsers(dest="report", required=True)
    rw = rs.add_parser(
        "week",
        help="a site's week as JSON, a printable .xlsx or .csv, or the one-page work brief PDF",
    )
    rw.add_argument("week", help="an ISO week, e.g. 2026-W48")
    rw.add_argument(
        "--site",
        help="a site at or below this computer's, by id or exact name (default: this computer's)",
    )
    rw.add_argument("--format", choices=REPORT_FORMATS, help="default: from OUT's suffix")
    rw.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN", help="language of the PDF")
    rw.add_argument("out", metavar="OUT")
    dg = sub.add_parser(
        "diagnostics",
        help="write a zip for whoever helps: versions, settings without secrets, sync state, "
        "database figures and the log; no personal data",
    )
    dg.add_argument("out", metavar="OUT.zip")
    b = sub.add_parser(
        "bundle", help="move records on a USB stick when there is no network (sync bundles)"
    )
    bs = b.add_subparsers(dest="bundle", required=True)
    be = bs.add_parser(
        "export",
        help="write what this computer has to send to OUT; with --for SITE (on a town's "
        "computer), the district's answer for that site",
    )
    be.add_argument(
        "--for", dest="for_site", metavar="SITE", help="a site below this one, by id or exact name"
    )
    be.add_argument("out", metavar="OUT")
    bi = bs.add_parser(
        "import",
        help="take in a sync bundle: the district's answer for this computer, or (on a town's "
        "computer) a village's bundle to carry at the next sync",
    )
    bi.add_argument("file", metavar="FILE")
    bk = sub.add_parser("backup", help="copy the records to a file, or put such a copy back")
    bks = bk.add_subparsers(dest="backup", required=True)
    bc = bks.add_parser(
        "create", help="write a copy of the records to OUT (a USB stick), while the app may run"
    )
    bc.add_argument("out", metavar="OUT")
    br = bks.add_parser(
        "restore",
        help="replace the records with a backup, after checking it; the records replaced are "
        "kept in the data folder's backups/",
    )
    br.add_argument("file", metavar="FILE")
    d = sub.add_parser("demo", help="add demo courses, teachers, residents and weeks of sessions")
    d.add_argument("--weeks", type=int, default=4)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    start_logging(data_dir)
    log.info("learning-desk %s: %s", __version__, args.command)
    if args.command == "backup" and args.backup == "restore":
        return cmd_restore(data_dir, Path(args.file))  # the records may be unreadable: not opened
    try:
        engine = open_local_database(data_dir)
    except StorageError as exc:
        log.warning("%s: the database cannot be opened (%s)", args.command, exc.code)
        print(str(exc), file=sys.stderr)
        return 1
    store = Store(engine, SystemClock())
    try:
        return COMMANDS[args.command](store, args)
    except SyncError as exc:
        log.warning("%s: sync error %s", args.command, exc.kind)
        if getattr(args, "json", False):
            print(
                json.dumps(
                    {"ok": False, "error": exc.kind, "message": str(exc)}, ensure_ascii=False
                )
            )
        print(str(exc), file=sys.stderr)
        return 1
    except (ServiceError, OSError) as exc:
        # The kind alone: a service's sentence may name a resident.
        log.warning("%s: %s", args.command, type(exc).__name__)
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:
        if not is_damage(exc):
            log.exception("%s failed", args.command)
            raise
        log.error("%s: the database cannot be read", args.command)
        # Met on a page the opening check did not read (a big file is checked weekly).
        print(DatabaseCorrupt.unreadable(engine.url.database or ""), file=sys.stderr)
        return 1
    finally:
        # The day's first command takes the day's backup, after its work: a sync's first byte
        # does not wait for it. One that cannot be taken is logged.
        back_up_daily(store)
        engine.dispose()


def cmd_enroll(store: Store, args: argparse.Namespace) -> int:
    transport = HttpTransport(args.url, ca_bundle=args.ca_bundle, retries=1)
    identity = enroll(
        store, transport, KeyringCredentials(), args.url, args.code, args.name, args.ca_bundle
    )
    site = sync_status(store).site_name
    print(f"Enrolled as a {identity.role} device of {site} ({identity.site_id}).")
    if transport.seen_pin:
        # Read out against the district's own note of its key: a match proves no one sat between.
        print(f"The server's key, remembered from now on: {transport.seen_pin}")
    return 0


def cmd_sync(store: Store, args: argparse.Namespace) -> int:
    if args.timeout is not None:
        if args.timeout <= 0:
            print("The timeout must be a positive number of seconds.", file=sys.stderr)
            return 2
        with store.write() as w:
            put_settings(w.conn, {keys.TIMEOUT_SECONDS: args.timeout})
    client = build_sync_client(store, KeyringCredentials())
    if client is None:
        raise SyncError("not_enrolled")
    report = client.sync(verify=args.verify)
    after = sync_status(store)
    waiting = after.pending
    _warn_about_clock(after)
    if args.json:
        out = {
            "ok": True,
            "exchanges": report.exchanges,
            "sent": report.sent,
            "rejected": report.rejected,
            "received": report.received,
            "pending": waiting,
        }
        if args.verify:
            out.update(verified=report.verified, repaired=report.repaired)
        if report.redownloaded:
            out["redownloaded"] = report.redownloaded
        if report.relayed or report.bundles_refused:
            out["bundles_carried"] = len(report.relayed)
            out["bundles_refused"] = len(report.bundles_refused)
        print(json.dumps(out))
    else:
        if report.redownloaded:
            print("The district asked for this computer's records again; they were downloaded.")
        print(
            f"Sent {report.sent}, received {report.received} in {report.exchanges} exchange(s); {waiting} waiting."
        )
        for carried in report.relayed:
            print(
                f"Carried the bundle of {carried.site_name} to the district; write its answer with:"
                " learning-desk bundle export --for SITE OUT"
            )
    for carried, kind in report.bundles_refused:
        reason = bundles.MESSAGES.get(kind, bundles.MESSAGES[bundles.DAMAGED])
        print(f"The bundle of {carried.site_name} was not accepted: {reason}", file=sys.stderr)
    return 0


def cmd_status(store: Store, args: argparse.Namespace) -> int:
    st = sync_status(store)
    identity = store.identity()
    out: dict[str, Any] = {
        "enrolled": st.enrolled,
        "device_id": identity.device_id.hex if identity else None,
        "site_id": identity.site_id.hex if identity else None,
        "site_name": st.site_name or None,
        "role": st.role or None,
        "server_url": identity.server_url if identity else None,
        "pending": st.pending_by_table,
        "pending_total": st.pending,
        "last_sync": st.last_success.isoformat() if st.last_success else None,
        "last_error": st.last_error.render() if st.last_error else None,
        "cursor": st.cursor,
        "clock_offset_seconds": st.clock_offset.total_seconds()
        if st.clock_offset is not None
        else None,
        "clock_is_wrong": st.clock_is_wrong,
        "server_key": keys.SERVER_PIN.of(store.settings()) or None,
    }
    _warn_about_clock(st)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif not st.enrolled:
        print("Not enrolled. Use: learning-desk enroll URL CODE")
    else:
        print(
            f"{out['site_name']} ({out['role']}): {st.pending} change(s) waiting; last synced {out['last_sync'] or 'never'}."
        )
    return 0


def _warn_about_clock(st: SyncStatus) -> None:
    """Say on stderr when this computer's clock is far from the server's (as the window's bar does):
    records are dated by the corrected clock, but the person should fix the date."""
    if not st.clock_is_wrong or st.clock_offset is None:
        return
    seconds = st.clock_offset.total_seconds()
    size = abs(seconds)
    if size >= 2 * 86400:
        amount = f"{round(size / 86400)} days"
    elif size >= 2 * 3600:
        amount = f"{round(size / 3600)} hours"
    else:
        amount = f"{round(size / 60)} minutes"
    side = "behind" if seconds > 0 else "ahead of"
    print(
        f"Warning: this computer's clock is {amount} {side} the district server's."
        " Please correct the date and time.",
        file=sys.stderr,
    )


def export_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every synced record as wire values (ids as hex, times as ISO), tables in dependency order and
    rows by id, without device-local bookkeeping: two devices in step export the same bytes."""
    with store.read() as conn:
        return export_tables(conn)


def export_tables(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """The same for any database holding the schema (the server's too, to compare with laptops)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in schema.SYNCED_TABLES:
        codec = protocol.CODECS[table.name]
        rows = conn.execute(select(table).order_by(table.c.id)).all()
        out[table.name] = [
            {
                "id": r.id.hex,
                "deleted": int(r.deleted),
                **dict(zip(codec.fields, codec.encode_values(r._mapping), strict=True)),
            }
            for r in rows
        ]
    return out


def cmd_export(store: Store, args: argparse.Namespace) -> int:
    if args.out is not None:
        return _export_list(store, args.what_or_out, Path(args.out))
    tables = export_rows(store)
    out = Path(args.what_or_out)
    if args.format == "json":
        doc = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "tables": tables}
        out.write_text(
            json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            codec = protocol.CODECS[name]
            # UTF-8 with BOM so Excel on Chinese Windows opens it without garbled text.
            with (out / f"{name}.csv").open("w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.DictWriter(fh, fieldnames=["id", "deleted", *codec.fields])
                writer.writeheader()
                for row in rows:
                    writer.writerow(
                        {
                            k: json.dumps(v, ensure_ascii=False)
                            if isinstance(v, dict | list)
                            else v
                            for k, v in row.items()
                        }
                    )
    print(f"Exported {sum(len(r) for r in tables.values())} records to {out}.")
    return 0


def _export_list(store: Store, what: str, out: Path) -> int:
    if what not in EXPORTS:
        print(f"Cannot export {what!r}: choose one of {', '.join(EXPORTS)}.", file=sys.stderr)
        return 2
    count = export_records(store, what, out)
    print(f"Exported {count} rows of {what} to {out}.")
    return 0


def _row_json(row: RowPlan) -> dict[str, Any]:
    return {
        "row": row.row,
        "action": row.action,
        "reason": row.reason.render() if row.reason else None,
        "field": row.field or None,
        "existing_id": row.existing_id.hex if row.existing_id else None,
        "possible_id": row.possible_id.hex if row.possible_id else None,
        "label": row.label,
    }


def cmd_import(store: Store, args: argparse.Namespace) -> int:
    try:
        source = open_import(args.file, args.kind)
    except ServiceError as exc:
        if args.json:
            print(json.dumps({"ok": False, "message": str(exc)}, ensure_ascii=False))
        raise
    chosen = {}
    for item in args.column:
        key, sep, column = item.partition("=")
        if not sep:
            print(f"--column wants FIELD=COLUMN, not {item!r}.", file=sys.stderr)
            return 2
        chosen[key.strip()] = column.strip()
    try:
        mapping = source.mapping_from_names(chosen)
    except ValueError as exc:
        print(f"--column: {exc}.", file=sys.stderr)
        return 2
    if args.kind == "residents":
        load_id_key(store, KeyringCredentials())  # ID numbers are kept only as the district's hash
    preview = preview_import(store, source, mapping)
    rows, written, sessions = preview.rows, False, 0
    if preview.importable and not args.dry_run:
        result = confirm_import(store, preview)
        rows, written, sessions = result.rows, True, result.sessions_added
    counts = {a: sum(1 for r in rows if r.action == a) for a in (ADD, MATCH, REJECT)}
    if args.json:
        names = source.column_names()
        out = {
            "ok": not preview.problems,
            "kind": args.kind,
            "file": str(args.file),
            "dry_run": args.dry_run,
            "written": written,
            "header_row": source.header_row,
            "encoding": source.table.encoding or None,
            "columns": {
                key: names[col] for key, col in preview.mapping.items() if col < len(names)
            },
            "problems": [p.render() for p in preview.problems],
            "rows": len(rows),
            "add": counts[ADD],
            "match": counts[MATCH],
            "reject": counts[REJECT],
            "sessions_added": sessions,
            "details": [_row_json(r) for r in rows],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        _print_import(preview, rows, counts, written, args.dry_run)
    return 1 if preview.problems else 0


def _print_import(
    preview: ImportPreview, rows: list[RowPlan], counts: dict[str, int], written: bool, dry: bool
) -> None:
    for problem in preview.problems:
        print(problem.render(), file=sys.stderr)
    labels = {spec.key: spec.label for spec in FIELDS[preview.kind]}
    for row in rows:
        if (row.action == REJECT or row.flagged) and row.reason:
            where = f" ({labels[row.field]})" if row.field in labels else ""
            print(f"Row {row.row}{where}: {row.reason.render()}")
    print(
        f"{counts[ADD]} to add, {counts[MATCH]} already there, {counts[REJECT]} rejected "
        f"of {len(rows)} rows."
    )
    if written:
        print(f"Added {counts[ADD]}.")
    elif dry:
        print("Dry run: nothing was written.")
    elif not preview.problems:
        print("Nothing to add.")


def cmd_report(store: Store, args: argparse.Namespace) -> int:
    period = Period.parse(args.week)
    if period.kind != "week":
        print(f"{args.week!r} is not a week: write it as 2026-W48.", file=sys.stderr)
        return 2
    out = Path(args.out)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        print(f"Choose --format {'|'.join(REPORT_FORMATS)}.", file=sys.stderr)
        return 2
    site = find_site(store, args.site) if args.site else None
    brief = work_brief(store, period.start, site)
    if fmt == "json":
        text = json.dumps(brief.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        out.write_text(text + "\n", encoding="utf-8")
    elif fmt in ("xlsx", "csv"):
        if out.suffix.lower() != f".{fmt}":
            print(f"An {fmt} file must end in .{fmt}.", file=sys.stderr)
            return 2
        write_report_table(week_table(brief, store.trusted_now().date()), out)
    else:
        code = _render_pdf(brief, out, args.lang)
        if code:
            return code
    print(f"Wrote the week {brief.week_code} of {brief.site_name} to {out}.")
    return 0


def _render_pdf(brief: WorkBrief, out: Path, lang: str) -> int:
    """Draw the brief in a child process: Qt draws PDFs, and this module must not import Qt.

    The child gets the brief as JSON on stdin, so the PDF shows exactly the figures computed here."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, "-m", PDF_MODULE, str(out), "--lang", lang],
        input=json.dumps(brief.to_json(), ensure_ascii=False),
        text=True,
        encoding="utf-8",
        capture_output=True,
        env=env,
        timeout=300,
    )
    if done.returncode != 0:
        print(done.stderr.strip() or f"The PDF could not be written to {out}.", file=sys.stderr)
        return 1
    return 0


def cmd_bundle(store: Store, args: argparse.Namespace) -> int:
    client = build_sync_client(store, KeyringCredentials())
    if client is None:
        raise SyncError("not_enrolled")
    try:
        if args.bundle == "export" and args.for_site:
            kept = write_answer(store, find_site(store, args.for_site), Path(args.out))
            print(
                f"Wrote the district's answer for {kept.site_name} to {args.out}: import it on "
                "that site's computer."
            )
        elif args.bundle == "export":
            written = client.export_bundle(Path(args.out))
            print(
                f"Wrote sync bundle {written.seq} to {args.out}: {written.changes} change(s), "
                f"{written.size} bytes. The town school's computer carries it to the district."
            )
        else:
            taken = client.import_bundle(Path(args.file).read_bytes())
            _print_taken(store, taken)
    except BundleError as exc:
        log.warning("bundle %s: refused (%s)", args.bundle, exc.kind)
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _print_taken(store: Store, taken: BundleTaken) -> None:
    if taken.kept is not None:
        kept = taken.kept
        weeks = "".join(f"; weekly report of {week} ({status})" for week, status in kept.reports)
        print(
            f"Kept bundle {kept.seq} of {kept.site_name}: {kept.sessions} session(s), "
            f"{kept.marks} attendance mark(s){weeks}. It goes to the district at this computer's "
            "next sync."
        )
    elif taken.already:
        print(f"The answer to bundle {taken.seq} was taken in already; nothing changed.")
    else:
        print(
            f"Took in the district's answer to bundle {taken.seq}: {taken.sent} change(s) "
            f"acknowledged, {taken.rejected} refused, {taken.received} received; "
            f"{sync_status(store).pending} waiting."
        )


def cmd_demo(store: Store, args: argparse.Namespace) -> int:
    if not 1 <= args.weeks <= 520:
        print("--weeks must be between 1 and 520.", file=sys.stderr)
        return 2
    result = seed_demo(store, args.weeks)
    last = result.first_week + dt.timedelta(weeks=result.weeks, days=-1)
    print(
        f"Added {result.sessions} sessions and {result.marks} attendance marks, {result.first_week} to {last}."
    )
    return 0


def cmd_diagnostics(store: Store, args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".zip":
        print("The diagnostics file must end in .zip.", file=sys.stderr)
        return 2
    done = write_diagnostics(store, out)
    print(f"Wrote diagnostics to {out}: send it to whoever helps you; it holds no personal data.")
    if not done.database_ok:
        print("The database check found damage; the details are in the file.", file=sys.stderr)
    return 0


def cmd_backup(store: Store, args: argparse.Namespace) -> int:
    out = back_up_to(store, Path(args.out))
    size = out.stat().st_size / 1e6
    print(
        f"Wrote a backup of the records to {out} ({size:.1f} MB). Keep it safe: it holds "
        "residents' names and phones."
    )
    return 0


def cmd_restore(data_dir: Path, file: Path) -> int:
    """``backup restore``: checked and put in place without opening the records first (they may
    be the damaged file being replaced), then opened as every command opens them, which upgrades
    an older backup."""
    try:
        restored = restore_backup(data_dir, file)
        open_local_database(data_dir).dispose()
    except (BackupRefused, StorageError) as exc:
        log.warning("backup restore: refused (%s)", exc.code)
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        log.warning("backup restore: %s", type(exc).__name__)
        print(f"{file} cannot be read ({exc.strerror}); nothing was replaced.", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a full disk, say: the replacing transaction rolled back
        log.warning("backup restore: %s", type(exc).__name__)
        print(
            f"The backup could not be put in place ({exc}); nothing was replaced.", file=sys.stderr
        )
        return 1
    facts = restored.facts
    print(
        f"Restored the records of {facts.site_name} from {file}: {facts.residents} residents, "
        f"{facts.sessions} sessions, {facts.marks} attendance marks."
    )
    if restored.kept is not None:
        print(f"The records this computer held until now are kept in {restored.kept}.")
    print("The next sync downloads what the district holds and sends what it lacks.")
    return 0


COMMANDS = {
    "enroll": cmd_enroll,
    "sync": cmd_sync,
    "status": cmd_status,
    "export": cmd_export,
    "import": cmd_import,
    "demo": cmd_demo,
    "report": cmd_report,
    "diagnostics": cmd_diagnostics,
    "backup": cmd_backup,
    "bundle": cmd_bundle,
}

if __name__ == "__main__":
    sys.exit(main())
