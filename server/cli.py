"""``learning-desk-server``: the district office's admin commands and the server itself.

Every command prints its result on stdout (ids and codes alone on a line, so scripts can capture them)
and exits 0; a mistake gets one sentence on stderr and a non-zero status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import uuid
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from core.vocabulary import VILLAGE_TIME
from server import admin, audit
from server.db import ENV_DB, database_url, open_server_database, put_meta, write_transaction


def _site_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a site id") from None


def _day(text: str) -> dt.datetime:
    """The start of a day in China Standard Time, where the district's offices are."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-25") from None
    return dt.datetime.combine(day, dt.time(), VILLAGE_TIME)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learning-desk-server", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--db", help="SQLAlchemy URL (default: $LEARNING_DESK_SERVER_DB or a SQLite file here)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create or upgrade the database")
    init.add_argument("--name", help="the district's name, shown to enrolled laptops")
    add = sub.add_parser("add-site", help="add a site to the tree and print its id")
    add.add_argument("--name", required=True)
    add.add_argument("--level", required=True, choices=["district", "town", "village", "point"])
    add.add_argument("--parent", type=_site_id)
    imp = sub.add_parser(
        "import-sites", help="create sites from a CSV with columns name,level,parent"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", action="store_true")
    move = sub.add_parser(
        "move-site", help="move a site and everything below it under another parent"
    )
    move.add_argument("site_id", type=_site_id)
    move.add_argument("--to", required=True, type=_site_id, dest="parent")
    prune = sub.add_parser(
        "prune-tombstones", help="delete records deleted longer ago than --older-than days"
    )
    prune.add_argument("--older-than", required=True, type=int, metavar="DAYS")
    code = sub.add_parser("enroll-code", help="print a one-time enrollment code for a site")
    code.add_argument("site_id", type=_site_id)
    code.add_argument("--role", required=True, choices=["village", "town", "district"])
    devices = sub.add_parser("devices", help="list enrolled devices")
    devices.add_argument("--json", action="store_true")
    revoke = sub.add_parser("revoke", help="stop accepting a device")
    revoke.add_argument("device_id", type=_site_id)
    log = sub.add_parser(
        "audit", help="list the audit log: enrollments, revocations, reviews and refusals"
    )
    log.add_argument(
        "--since",
        type=_day,
        metavar="DATE",
        help="from this day on, in China Standard Time (e.g. 2026-11-25)",
    )
    log.add_argument("--kind", choices=audit.KINDS)
    log.add_argument("--json", action="store_true", help="one JSON object per line")
    serve = sub.add_parser("serve", help="run the sync server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (each with its own connection pool)",
    )
    serve.add_argument(
        "--certfile",
        help="the server's TLS certificate (PEM, with its chain): serve HTTPS, as laptops require",
    )
    serve.add_argument(
        "--keyfile", help="the certificate's private key (PEM), if not in --certfile"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = database_url(args.db)
    try:
        engine = open_server_database(url)
    except SQLAlchemyError as exc:
        print(f"Cannot open the server database {url}: {exc.__class__.__name__}.", file=sys.stderr)
        return 1
    try:
        return _run(args, engine)
    except admin.AdminError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, engine) -> int:  # noqa: ANN001
    if args.command == "init":
        if args.name:
            with engine.begin() as conn:
                put_meta(conn, "district_name", args.name)
        print(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
    elif args.command == "add-site":
        with engine.begin() as conn:
            print(admin.add_site(conn, args.name, args.level, args.parent))
    elif args.command == "import-sites":
        with engine.begin() as conn:
            made = admin.import_sites(conn, args.file)
        if args.json:
            print(
                json.dumps({name: str(i) for name, i in made.items()}, ensure_ascii=False, indent=2)
            )
        else:
            for name, site_id in made.items():
                print(f"{site_id}\t{name}")
    elif args.command == "move-site":
        with write_transaction(engine) as conn:
            move = admin.move_site(conn, args.site_id, args.parent)
        print(
            f"Moved {move.moved} site(s). Laptops at {move.rescoped} site(s) will download their "
            "records again at their next sync."
        )
    elif args.command == "prune-tombstones":
        with write_transaction(engine) as conn:
            pruned = admin.prune_tombstones(
                conn, dt.timedelta(days=args.older_than), dt.datetime.now(dt.UTC)
            )
        total = sum(pruned.removed.values())
        detail = ", ".join(f"{name} {n}" for name, n in pruned.removed.items())
        print(
            f"Removed {total} deleted record(s) ({detail})."
            if total
            else "Removed 0 deleted record(s)."
        )
        if total:
            print(
                f"Laptops that last synced before sequence {pruned.high} will download their "
                "records again at their next sync."
            )
    elif args.command == "enroll-code":
        with engine.begin() as conn:
            print(admin.enrollment_code(conn, args.site_id, args.role))
    elif args.command == "devices":
        with engine.connect() as conn:
            devices = admin.list_devices(conn)
        if args.json:
            print(json.dumps([d.as_dict() for d in devices], ensure_ascii=False, indent=2))
        else:
            for d in devices:
                state = "revoked" if d.revoked else f"last seen {d.last_seen_at or 'never'}"
                print(
                    f"{d.id}\t{d.role}\t{d.site_name}\t{d.name}\t{state}\t{d.last_pending} waiting"
                )
    elif args.command == "revoke":
        with engine.begin() as conn:
            admin.revoke_device(conn, args.device_id)
        print(f"Device {args.device_id} revoked.")
    elif args.command == "audit":
        with engine.connect() as conn:
            for entry in audit.entries(conn, args.since, args.kind):
                print(
                    json.dumps(entry.as_dict(), ensure_ascii=False) if args.json else entry.line()
                )
    elif args.command == "serve":
        import uvicorn

        from server.app import create_app, log_to_stderr

        log_to_stderr()
        if args.workers > 1:
            # Each worker builds its own app and engine (a pool cannot cross a fork) from the URL.
            os.environ[ENV_DB] = engine.url.render_as_string(hide_password=False)
            engine.dispose()
            uvicorn.run(
                "server.app:app_from_environment",
                factory=True,
                workers=args.workers,
                host=args.host,
                port=args.port,
                log_level="warning",
                ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile,
            )
        else:
            uvicorn.run(
                create_app(engine),
                host=args.host,
                port=args.port,
                log_level="warning",
                ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
