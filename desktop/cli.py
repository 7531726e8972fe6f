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
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from desktop import __version__
from desktop.clock import SystemClock
from desktop.config import resolve_data_dir
from desktop.services.demo import seed_demo
from desktop.services.errors import ServiceError
from desktop.storage import schema
from desktop.storage.engine import StorageError, open_local_database
from desktop.storage.store import Store, put_settings
from desktop.sync import protocol
from desktop.sync.client import CA_BUNDLE_SETTING, TIMEOUT_SETTING, build_sync_client, enroll
from desktop.sync.credentials import KeyringCredentials
from desktop.sync.errors import SyncError
from desktop.sync.status import sync_status
from desktop.sync.transport import HttpTransport

EXPORT_FORMAT = "learning-desk-export"
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
    x = sub.add_parser("export", help="write all records in a stable order")
    x.add_argument("--format", choices=["json", "csv"], default="json")
    x.add_argument("out", help="a file for json; a folder (one CSV per table) for csv")
    d = sub.add_parser("demo", help="add demo courses, teachers, residents and weeks of sessions")
    d.add_argument("--weeks", type=int, default=4)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        engine = open_local_database(resolve_data_dir(args.data_dir))
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    store = Store(engine, SystemClock())
    try:
        return COMMANDS[args.command](store, args)
    except SyncError as exc:
        if getattr(args, "json", False):
            print(
                json.dumps(
                    {"ok": False, "error": exc.kind, "message": str(exc)}, ensure_ascii=False
                )
            )
        print(str(exc), file=sys.stderr)
        return 1
    except (ServiceError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def cmd_enroll(store: Store, args: argparse.Namespace) -> int:
    transport = HttpTransport(args.url, ca_bundle=args.ca_bundle, retries=1)
    identity = enroll(store, transport, KeyringCredentials(), args.url, args.code, args.name)
    if args.ca_bundle:
        # Every later sync must trust the same certificate authority as enrollment did.
        with store.write() as w:
            put_settings(w.conn, {CA_BUNDLE_SETTING: str(Path(args.ca_bundle).resolve())})
    site = sync_status(store).site_name
    print(f"Enrolled as a {identity.role} device of {site} ({identity.site_id}).")
    return 0


def cmd_sync(store: Store, args: argparse.Namespace) -> int:
    if args.timeout is not None:
        if args.timeout <= 0:
            print("The timeout must be a positive number of seconds.", file=sys.stderr)
            return 2
        with store.write() as w:
            put_settings(w.conn, {TIMEOUT_SETTING: str(args.timeout)})
    client = build_sync_client(store, KeyringCredentials())
    if client is None:
        raise SyncError("not_enrolled")
    report = client.sync(verify=args.verify)
    waiting = sync_status(store).pending
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
        print(json.dumps(out))
    else:
        print(
            f"Sent {report.sent}, received {report.received} in {report.exchanges} exchange(s); {waiting} waiting."
        )
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
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif not st.enrolled:
        print("Not enrolled. Use: learning-desk enroll URL CODE")
    else:
        print(
            f"{out['site_name']} ({out['role']}): {st.pending} change(s) waiting; last synced {out['last_sync'] or 'never'}."
        )
    return 0


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
    tables = export_rows(store)
    out = Path(args.out)
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


def cmd_demo(store: Store, args: argparse.Namespace) -> int:
    if not 1 <= args.weeks <= 520:
        print("--weeks must be between 1 and 520.", file=sys.stderr)
        return 2
    result = seed_demo(store, args.weeks, dt.date.today())
    last = result.first_week + dt.timedelta(weeks=result.weeks, days=-1)
    print(
        f"Added {result.sessions} sessions and {result.marks} attendance marks, {result.first_week} to {last}."
    )
    return 0


COMMANDS = {
    "enroll": cmd_enroll,
    "sync": cmd_sync,
    "status": cmd_status,
    "export": cmd_export,
    "demo": cmd_demo,
}

if __name__ == "__main__":
    sys.exit(main())
