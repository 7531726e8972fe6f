"""The one schema shared by the coordinator's laptop and the district server.

Every *synced* table carries the same bookkeeping columns (see :func:`_sync_columns`):

``id``           a UUID made where the row was first made (never an autoincrement), so two laptops
                 can create rows offline without colliding. Attendance marks and weekly reports derive
                 their id from their natural key (see ``core.ids``).
``site_id``      the site the row belongs to: the unit of scope for sync.
``local_rev``    bumped by every local write on a device; on the server it records the device revision
                 that was accepted last.
``synced_rev``   the local revision the server has acknowledged; a row is pending while
                 ``local_rev > synced_rev``, so an edit made while a push is in flight stays pending.
``pending``      the same fact as a flag, kept in step by the writer, because "how much is waiting"
                 is asked on every repaint of the status bar and must be an indexed count.
``server_seq``   the server's sequence number of the row's last accepted change. Order comes from the
                 server, never from laptop clocks.
``deleted``      tombstone: deletes travel like edits.
``updated_at``   device time of the last write, UTC. Shown to people, never used for ordering.
``origin_device`` on the server, the device whose change is the row's current version: that device
                 already has it, so pulls leave it out. Empty on laptops.
``dirty``        on a laptop, ``{field: local revision}`` of the fields edited since the server last
                 acknowledged them: a push says which fields it changes, so the server can merge.
``field_seqs``   on the server, ``{field: sequence}`` of each field's last change: with the base version
                 a push names, it tells which fields both sides changed (see ``core/rules.py``).

Synced tables reference each other by id but declare no foreign keys: sync delivers the latest version of
each row in server order, so a child can arrive a page before a parent that was edited after it. The
services check references when they write; the local and server tables keep real foreign keys.

Tables prefixed ``local_`` exist only to be used on a laptop, and ``server_`` only on the server; both
sides run the same Alembic chain so one migration history describes every database we ship.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

#: The largest attachment stored or accepted, in bytes. A photo is shrunk to fit
#: (desktop/services/week/attachments.py): over a 2G link (~6 KB/s) 400 KB is about a minute.
MAX_ATTACHMENT_BYTES = 400_000


def _sync_columns() -> list[Column]:
    return [
        Column("id", Uuid, primary_key=True),
        Column("site_id", Uuid, nullable=False),
        Column("local_rev", Integer, nullable=False, default=1),
        Column("synced_rev", Integer, nullable=False, default=0),
        Column("pending", Boolean, nullable=False, default=True),
        Column("server_seq", BigInteger, nullable=True),
        Column("deleted", Boolean, nullable=False, default=False),
        Column("updated_at", DateTime, nullable=False),
        Column("origin_device", Uuid, nullable=True),
        Column("dirty", JSON, nullable=True),
        Column("field_seqs", JSON, nullable=True),
    ]


def _sync_indexes(name: str) -> list[Index]:
    return [
        Index(f"ix_{name}_pending", "pending"),
        Index(f"ix_{name}_seq", "server_seq"),
        Index(f"ix_{name}_site_seq", "site_id", "server_seq"),
    ]


sites = Table(
    "sites",
    metadata,
    # A site row belongs to itself: site_id == id. Sites are made on the server only.
    *_sync_columns(),
    Column("parent_id", Uuid, nullable=True),
    Column("level", String(16), nullable=False),
    Column("name", String(200), nullable=False),
    # "/<district hex>/<town hex>/<village hex>/": subtree queries are prefix matches.
    Column("path", String(400), nullable=False),
    *_sync_indexes("sites"),
    Index("ix_sites_path", "path"),
)

residents = Table(
    "residents",
    metadata,
    *_sync_columns(),
    Column("name", String(100), nullable=False),
    Column("gender", String(8), nullable=False, default=""),
    Column("birth_year", Integer, nullable=True),
    Column("phone", String(32), nullable=False, default=""),
    Column("village_group", String(100), nullable=False, default=""),
    Column("household", String(100), nullable=False, default=""),
    Column("tags", String(400), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    # Derived search keys (full pinyin and initials) so search as you type stays an indexed lookup.
    Column("search_key", String(400), nullable=False, default=""),
    # ID-card number (身份证号), never in plain text: a keyed hash (HMAC with the district's key) to
    # find the same person twice, and the last four characters to show. Empty when not given.
    Column("id_hash", String(64), nullable=False, default=""),
    Column("id_last4", String(4), nullable=False, default=""),
    # Set when this record was merged into another: the record is a tombstone that points on, so a
    # mark another laptop still makes for it lands on the kept person (see services/merges.py).
    Column("merged_into", Uuid, nullable=True),
    # Derived: the name's tone-less pinyin ("zhangsan"), its initials ("zs") and its loose pinyin
    # ("zansan"): homophone duplicate checks, and search as you type by index prefix ranges.
    Column("name_pinyin", String(200), nullable=False, default=""),
    Column("name_initials", String(50), nullable=False, default=""),
    Column("name_loose", String(200), nullable=False, default=""),
    *_sync_indexes("residents"),
    Index("ix_residents_site_name", "site_id", "name"),
    # Search reads this narrow index instead of the table (desktop/services/name_search.py).
    Index("ix_residents_search", "search_key", "deleted", "id"),
    # The register's own order, read a page at a time by keyset (desktop/services/people/register.py).
    Index("ix_residents_register", "village_group", "household", "name", "id"),
    Index("ix_residents_name_pinyin", "name_pinyin"),
    Index("ix_residents_name_initials", "name_initials"),
    Index("ix_residents_name_loose", "name_loose"),
    Index("ix_residents_name", "name"),
    Index("ix_residents_phone", "phone"),
    Index("ix_residents_id_hash", "id_hash"),
)

teachers = Table(
    "teachers",
    metadata,
    *_sync_columns(),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("phone", String(32), nullable=False, default=""),
    Column("skills", String(400), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    # Derived, as for residents: teachers are found by characters, pinyin or initials.
    Column("search_key", String(400), nullable=False, default=""),
    *_sync_indexes("teachers"),
)

trainings = Table(
    "trainings",
    metadata,
    # A teacher's or volunteer's own training (师资培训): the training rate counts these.
    *_sync_columns(),
    Column("teacher_id", Uuid, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("title", String(200), nullable=False),
    Column("hours", Float, nullable=False, default=0.0),
    Column("organiser", String(200), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    *_sync_indexes("trainings"),
    Index("ix_trainings_teacher", "teacher_id"),
)

courses = Table(
    "courses",
    metadata,
    *_sync_columns(),
    Column("title", String(200), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("is_feature", Boolean, nullable=False, default=False),
    Column("description", Text, nullable=False, default=""),
    *_sync_indexes("courses"),
)

sessions = Table(
    "sessions",
    metadata,
    *_sync_columns(),
    Column("course_id", Uuid, nullable=False),
    # Village wall-clock time (naive): a class at 14:00 is at 14:00 whatever the laptop's zone.
    Column("starts_at", DateTime, nullable=False),
    Column("ends_at", DateTime, nullable=False),
    Column("place", String(200), nullable=False, default=""),
    Column("teacher_id", Uuid, nullable=True),
    Column("topic", String(200), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    # Set for a headcount-only session (a big open talk); None when attendance is taken by name.
    Column("headcount", Integer, nullable=True),
    *_sync_indexes("sessions"),
    Index("ix_sessions_site_start", "site_id", "starts_at"),
    # Week figures select by date across every site a town or district holds.
    Index("ix_sessions_start", "starts_at"),
)

attachments = Table(
    "attachments",
    metadata,
    # A photo or scan kept with a session as evidence: the signed sign-in sheet, or the class. The
    # image is shrunk before it is stored (desktop/services/week/attachments.py), and sync pages count its
    # bytes as well as rows, so a 2G link is never handed a page of photos at once.
    *_sync_columns(),
    Column("session_id", Uuid, nullable=False),
    Column("kind", String(16), nullable=False),  # sheet, photo
    Column("mime", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("caption", String(200), nullable=False, default=""),
    *_sync_indexes("attachments"),
    Index("ix_attachments_session", "session_id"),
)

attendance = Table(
    "attendance",
    metadata,
    *_sync_columns(),
    Column("session_id", Uuid, nullable=False),
    Column("resident_id", Uuid, nullable=False),
    # "Absent" is a value, not a delete: unmarking sets present to False.
    Column("present", Boolean, nullable=False, default=True),
    *_sync_indexes("attendance"),
    Index("ix_attendance_session", "session_id"),
    Index("ix_attendance_resident", "resident_id"),
)

requests = Table(
    "requests",
    metadata,
    *_sync_columns(),
    Column("resident_id", Uuid, nullable=True),
    Column("household", String(100), nullable=False, default=""),
    Column("need", Text, nullable=False),
    Column("category", String(24), nullable=False),
    Column("people_count", Integer, nullable=False, default=1),
    Column("urgency", String(16), nullable=False, default="normal"),
    Column("preferred_time", String(200), nullable=False, default=""),
    # The offering it was matched to (项目清单) and the session that delivers it, once known.
    Column("offering_id", Uuid, nullable=True),
    Column("session_id", Uuid, nullable=True),
    # Derived from the event log; kept here so lists need no replay.
    Column("status", String(24), nullable=False, default="proposed"),
    *_sync_indexes("requests"),
)

offerings = Table(
    "offerings",
    metadata,
    # The district's service menu (项目清单): published at the district's site and read below it as
    # reference data, like courses. A project dropped after a poor quarter is marked, never deleted.
    *_sync_columns(),
    Column("title", String(200), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("lead_department", String(200), nullable=False, default=""),
    Column("team", String(200), nullable=False, default=""),
    Column("covers", Text, nullable=False, default=""),
    # Words people use for what it covers (梨树 修剪 病虫害): matching reads them with the text.
    Column("keywords", String(400), nullable=False, default=""),
    Column("quarter", String(8), nullable=False),  # "2026Q4"
    Column("capacity", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="active"),
    *_sync_indexes("offerings"),
)

orders = Table(
    "orders",
    metadata,
    # A village's order from the menu (点单) for a month; the district dispatches it (派单) and the
    # delivery is scheduled as a session at the village (送单), so its attendance counts as usual.
    *_sync_columns(),
    Column("offering_id", Uuid, nullable=False),
    Column("request_id", Uuid, nullable=True),
    Column("month", Date, nullable=False),  # the first day of the month
    Column("people_count", Integer, nullable=False, default=0),
    Column("note", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False, default="ordered"),
    Column("session_id", Uuid, nullable=True),
    *_sync_indexes("orders"),
)

evaluations = Table(
    "evaluations",
    metadata,
    # Three-level satisfaction (三级满意度测评) of one delivery: a score 0–100 from the town, the
    # village, or a resident (several residents' scores are averaged). Kept at the village's site.
    *_sync_columns(),
    Column("offering_id", Uuid, nullable=False),
    Column("order_id", Uuid, nullable=True),
    Column("request_id", Uuid, nullable=True),
    Column("level", String(16), nullable=False),  # town, village, resident
    Column("resident_id", Uuid, nullable=True),
    Column("score", Integer, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("at", DateTime, nullable=False),
    *_sync_indexes("evaluations"),
    Index("ix_evaluations_offering", "offering_id"),
)

request_events = Table(
    "request_events",
    metadata,
    *_sync_columns(),
    Column("request_id", Uuid, nullable=False),
    Column("to_status", String(24), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("actor_site_id", Uuid, nullable=False),
    Column("device_id", Uuid, nullable=True),
    Column("at", DateTime, nullable=False),
    *_sync_indexes("request_events"),
    Index("ix_request_events_request", "request_id"),
)

weekly_reports = Table(
    "weekly_reports",
    metadata,
    *_sync_columns(),
    Column("week_start", Date, nullable=False),
    Column("status", String(16), nullable=False, default="draft"),
    Column("figures", JSON, nullable=False, default=dict),
    Column("remark", Text, nullable=False, default=""),
    Column("review_comment", Text, nullable=False, default=""),
    Column("submitted_at", DateTime, nullable=True),
    *_sync_indexes("weekly_reports"),
)

resident_merges = Table(
    "resident_merges",
    metadata,
    # The audit entry of a merge: who was joined into whom, by which device, and the merged record
    # as it was, so the merge can be understood (and undone by hand) later. Written once.
    *_sync_columns(),
    Column("kept_id", Uuid, nullable=False),
    Column("merged_id", Uuid, nullable=False),
    Column("merged_record", JSON, nullable=False, default=dict),
    Column("device_id", Uuid, nullable=True),
    Column("at", DateTime, nullable=False),
    *_sync_indexes("resident_merges"),
    Index("ix_resident_merges_merged", "merged_id"),
)

conflicts = Table(
    "conflicts",
    metadata,
    # Made by the server when two sides changed the same field of a record (or one deleted what the
    # other edited): the value that lost is kept here, visible, so a person can restore it.
    *_sync_columns(),
    Column("record_table", String(32), nullable=False),
    Column("record_id", Uuid, nullable=False),
    Column("field", String(64), nullable=False),
    Column("lost_value", JSON, nullable=True),
    Column("won_value", JSON, nullable=True),
    Column("lost_device", Uuid, nullable=True),
    Column("won_device", Uuid, nullable=True),
    Column("at", DateTime, nullable=False),
    Column("resolved", Boolean, nullable=False, default=False),
    *_sync_indexes("conflicts"),
    Index("ix_conflicts_record", "record_id"),
)

site_activity = Table(
    "site_activity",
    metadata,
    # Written by the server only, one row per device (id = the device's id): when it last synced and
    # how many changes were still waiting on it then. A town reads its villages' rows, so its pending
    # inbox works offline from what it last synced ("who needs a phone call").
    *_sync_columns(),
    Column("device_name", String(200), nullable=False, default=""),
    Column("last_seen_at", DateTime, nullable=False),
    Column("last_pending", Integer, nullable=False, default=0),
    Column("app_version", String(32), nullable=False, default=""),
    *_sync_indexes("site_activity"),
)

#: Synced tables in dependency order: a pull applies parents before children, a push sends them so.
SYNCED_TABLES: tuple[Table, ...] = (
    sites,
    residents,
    teachers,
    trainings,
    courses,
    sessions,
    attendance,
    attachments,
    resident_merges,
    offerings,
    requests,
    request_events,
    orders,
    evaluations,
    weekly_reports,
    conflicts,
    site_activity,
)
#: Synced tables only the server writes (laptops read them).
SERVER_WRITTEN = frozenset({"sites", "site_activity"})
SYNCED_BY_NAME: dict[str, Table] = {t.name: t for t in SYNCED_TABLES}
SYNC_COLUMNS = frozenset(
    (
        "local_rev",
        "synced_rev",
        "pending",
        "server_seq",
        "updated_at",
        "origin_device",
        "dirty",
        "field_seqs",
        "deleted",
        "id",
        "site_id",
    )
)

# --- the laptop's own state ---------------------------------------------------------------------

local_settings = Table(
    "local_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

local_outbox = Table(
    "local_outbox",
    metadata,
    # A push batch is written here *before* it is sent, so a retry after a cut connection sends the
    # same id and payload and the server can answer from its memory instead of writing twice.
    Column("batch_id", Uuid, primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    # {"table": {"row id hex": local_rev sent}}: what to acknowledge when the answer comes back.
    Column("revisions", JSON, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
)

local_rejections = Table(
    "local_rejections",
    metadata,
    # Changes the server refused, with its reason: kept so a person can see why, and no longer pending
    # so one bad row never blocks the queue.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(32), nullable=False),
    Column("row_id", Uuid, nullable=False),
    Column("local_rev", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)

local_rescan_seen = Table(
    "local_rescan_seen",
    metadata,
    # Rows the server has sent during the re-download in progress (see desktop/sync/client.py),
    # written in the same transaction as each page: when the last page is in, the synced rows it
    # did not send again are removed. A table rather than a set in memory: a town holds a million
    # rows, and a re-download cut off half-way resumes from here. Empty when none is running.
    Column("table_name", String(32), primary_key=True),
    Column("id", Uuid, primary_key=True),
    sqlite_with_rowid=False,
)

# --- the district server's own state -----------------------------------------------------------

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

server_counter = Table(
    "server_counter",
    metadata,
    # One row. Incrementing it takes a row lock held until commit, so sequence order equals commit
    # order and a pull can never skip a change that committed late.
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

server_devices = Table(
    "server_devices",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("site_id", Uuid, ForeignKey("sites.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Column("last_seen_at", DateTime, nullable=True),
    # How many changes the device said were still waiting after its last exchange (towns ask this).
    Column("last_pending", Integer, nullable=False, default=0),
    Column("app_version", String(32), nullable=False, default=""),
    # The device's key for signing sync bundles (64 hex digits; ``core/bundles.py``): the server
    # checks a relayed bundle with it and signs the answer with it. Kept in clear, since checking a
    # signature needs the key itself; empty until the device is given one.
    Column("bundle_secret", String(64), nullable=True),
)

server_enrollment_codes = Table(
    "server_enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("site_id", Uuid, ForeignKey("sites.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("used_at", DateTime, nullable=True),
    Column("device_id", Uuid, nullable=True),
    # Hash of the laptop's one-off request nonce: the same laptop retrying after a lost answer gets
    # its enrollment again instead of "code already used".
    Column("nonce_hash", String(64), nullable=True),
)

server_scope_changes = Table(
    "server_scope_changes",
    metadata,
    # A move in the site tree (server/admin.py: move_site) changed what devices at ``site_id`` read:
    # its ancestors, or the sites below it. ``seq`` is the move's sequence number; the newest one
    # goes into the scope fingerprint of those devices (server/scope.py), so they download again.
    Column("site_id", Uuid, ForeignKey("sites.id"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("at", DateTime, nullable=False),
)

server_audit = Table(
    "server_audit",
    metadata,
    # The district's record of who was let in and who was turned away (server/audit.py):
    # enrollments, codes handed out, revocations, weekly reports approved or returned, refused
    # requests and changes. Rows are only ever added; nothing prunes them by itself. Devices and
    # sites are named without foreign keys: an entry outlives what it names, and a refusal may name
    # a device the database does not hold.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("device_id", Uuid, nullable=True),
    Column("site_id", Uuid, nullable=True),
    # The network address the request came from, when there was a request.
    Column("address", String(64), nullable=True),
    Column("detail", Text, nullable=False),
    Index("ix_server_audit_at", "at"),
)

server_batches = Table(
    "server_batches",
    metadata,
    Column("batch_id", Uuid, primary_key=True),
    Column("device_id", Uuid, ForeignKey("server_devices.id"), nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("results", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
