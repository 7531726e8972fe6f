"""What the laptop sends its records to: plain HTTP only to this computer itself, and over HTTPS only
the server whose key it enrolled with. Also: a copy of an enrolled laptop's file holds nothing that
enrolls a computer again. Real servers on loopback, with certificates from a made-up authority."""

from __future__ import annotations

import logging
import ssl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme
from sqlalchemy import Engine, func, select

from core import schema
from core.clock import FixedClock
from desktop.services.people import residents
from desktop.storage import settings as keys
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync import errors
from desktop.sync.client import SyncClient, build_sync_client, enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.errors import SyncError
from desktop.sync.tls import ALLOW_PLAIN_HTTP, key_pin
from desktop.sync.transport import HttpTransport
from server import admin
from server.app import create_app
from server.embedded import ServerThread

from wire import NOW, make_district


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8470", "http://localhost:8470/", "http://[::1]:8470", "https://x.cn"]
)
def test_these_addresses_are_accepted(url: str) -> None:
    assert HttpTransport(url).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://192.168.1.10:8470", errors.PLAIN_HTTP),
        ("http://learn.rongchang.gov.cn", errors.PLAIN_HTTP),
        ("http://127.0.0.1.example.cn", errors.PLAIN_HTTP),
        ("ftp://learn.rongchang.gov.cn", errors.BAD_ADDRESS),
        ("learn.rongchang.gov.cn", errors.BAD_ADDRESS),
        ("https://", errors.BAD_ADDRESS),
        ("https://x.cn:port", errors.BAD_ADDRESS),
    ],
)
def test_an_address_records_could_be_read_on_is_refused_in_words(url: str, kind: str) -> None:
    with pytest.raises(SyncError) as refused:
        HttpTransport(url)
    assert refused.value.kind == kind
    assert url in str(refused.value)


def test_plain_http_to_a_test_network_is_allowed_only_when_asked_and_then_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(ALLOW_PLAIN_HTTP, "1")
    with caplog.at_level(logging.WARNING):
        HttpTransport("http://192.168.1.10:8470")
    assert "plain HTTP to 192.168.1.10" in caplog.text


def test_an_enrolled_laptop_with_a_plain_address_says_why_it_does_not_sync(tmp_path: Path) -> None:
    """Enrolled before addresses were checked: the sync says why instead of sending in clear."""
    from tests.support import enrolled_store

    store = enrolled_store(tmp_path, FixedClock(NOW))
    with store.write() as w:
        from desktop.storage.store import put_settings

        put_settings(w.conn, {keys.SERVER_URL: "http://10.1.2.3:8470"})
    with pytest.raises(SyncError) as refused:
        build_sync_client(store, MemoryCredentials())
    assert refused.value.kind == errors.PLAIN_HTTP


@dataclass
class Tls:
    ca: trustme.CA
    bundle: Path
    folder: Path

    def server_files(self, name: str) -> tuple[str, Path]:
        """A certificate for 127.0.0.1 with a key of its own: (its pin, the PEM file with both)."""
        cert = self.ca.issue_cert("127.0.0.1", "localhost")
        path = self.folder / f"{name}.pem"
        cert.private_key_and_cert_chain_pem.write_to_path(str(path))
        return key_pin(ssl.PEM_cert_to_DER_cert(cert.cert_chain_pems[0].bytes().decode())), path


@pytest.fixture
def tls(tmp_path: Path) -> Tls:
    ca = trustme.CA()
    bundle = tmp_path / "district-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    return Tls(ca, bundle, tmp_path)


@dataclass
class District:
    engine: Engine
    clock: FixedClock
    village: uuid.UUID

    def code(self) -> str:
        with self.engine.begin() as conn:
            return admin.enrollment_code(conn, self.village, "village")

    def residents(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    clock = FixedClock(NOW)
    engine, sites = make_district(f"sqlite:///{tmp_path / 'server.db'}", clock)
    yield District(engine, clock, sites["village"])
    engine.dispose()


def _laptop(tmp_path: Path, district: District) -> Store:
    return Store(open_local_database(tmp_path / "laptop"), FixedClock(district.clock.now()))


def test_enrollment_over_https_remembers_the_key_and_another_key_gets_nothing(
    tls: Tls, district: District, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An environment naming other authorities does not replace the district's own.
    elsewhere = tmp_path / "elsewhere.pem"
    trustme.CA().cert_pem.write_to_path(str(elsewhere))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(elsewhere))
    enrolled_pin, enrolled_pem = tls.server_files("district")
    other_pin, other_pem = tls.server_files("impostor")
    assert other_pin != enrolled_pin
    store, creds = _laptop(tmp_path, district), MemoryCredentials()
    app = create_app(district.engine, district.clock)
    with ServerThread(app, certfile=str(enrolled_pem)) as srv:
        transport = HttpTransport(srv.url, ca_bundle=str(tls.bundle), retries=0)
        enroll(store, transport, creds, srv.url, district.code(), "laptop")
        assert keys.SERVER_PIN.of(store.settings()) == enrolled_pin
        residents.add_resident(store, residents.ResidentInput("张三"))
        assert SyncClient(store, transport, creds).sync().sent == 1
    # The same district's authority signed the impostor's certificate, so only the key tells them
    # apart: the connection is closed before the request (and its token) goes out.
    residents.add_resident(store, residents.ResidentInput("李四"))
    with ServerThread(app, certfile=str(other_pem)) as impostor:
        transport = HttpTransport(
            impostor.url, ca_bundle=str(tls.bundle), retries=0, pin=enrolled_pin
        )
        with pytest.raises(SyncError) as refused:
            SyncClient(store, transport, creds).sync()
    assert refused.value.kind == errors.KEY_CHANGED
    assert "pretending to be the server" in str(refused.value)
    assert district.residents() == 1, "nothing reached the impostor"


def test_a_certificate_no_trusted_authority_signed_is_refused(
    tls: Tls, district: District, tmp_path: Path
) -> None:
    _, pem = tls.server_files("district")
    store = _laptop(tmp_path, district)
    with ServerThread(create_app(district.engine, district.clock), certfile=str(pem)) as srv:
        transport = HttpTransport(srv.url, retries=0)  # the system's authorities only
        with pytest.raises(SyncError) as refused:
            enroll(store, transport, MemoryCredentials(), srv.url, district.code(), "laptop")
    assert refused.value.kind == errors.UNREACHABLE and refused.value.detail == "certificate"
    assert store.identity() is None


def test_a_laptop_enrolled_before_keys_were_kept_remembers_the_key_at_its_next_sync(
    tls: Tls, district: District, tmp_path: Path
) -> None:
    pin, pem = tls.server_files("district")
    store, creds = _laptop(tmp_path, district), MemoryCredentials()
    with ServerThread(create_app(district.engine, district.clock), certfile=str(pem)) as srv:
        enroll(
            store,
            HttpTransport(srv.url, ca_bundle=str(tls.bundle)),
            creds,
            srv.url,
            district.code(),
        )
        with store.write() as w:  # as an older version left it
            from desktop.storage.store import put_settings

            put_settings(w.conn, {keys.SERVER_PIN: "", keys.ENROLL_NONCE: "ABCD:left-over"})
        with store.write() as w:
            put_settings(w.conn, {keys.CA_BUNDLE: str(tls.bundle)})
        client = build_sync_client(store, creds)
        assert client is not None
        client.sync()
    settings = store.settings()
    assert keys.SERVER_PIN.of(settings) == pin
    assert keys.ENROLL_NONCE.of(settings) == ""


def test_a_copy_of_an_enrolled_laptops_file_enrolls_nothing(
    district: District, tmp_path: Path
) -> None:
    """The code and the nonce that went with it are not in the file once the answer is stored, so a
    copy made afterwards cannot be replayed for a token or the ID-number key."""
    sent: list[dict] = []
    store = _laptop(tmp_path, district)
    code = district.code()
    with ServerThread(create_app(district.engine, district.clock)) as srv:
        transport = HttpTransport(srv.url, retries=0)
        real_post = transport.post

        def recording(path: str, message: dict, token: str | None = None) -> dict:
            sent.append(message)
            return real_post(path, message, token)

        transport.post = recording  # type: ignore[method-assign]
        enroll(store, transport, MemoryCredentials(), srv.url, code, "laptop")
    nonce = sent[0]["nonce"]
    assert keys.ENROLL_NONCE.of(store.settings()) == ""
    store.engine.dispose()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "laptop").iterdir() if p.is_file())
    for secret in (code, code.replace("-", ""), nonce):
        assert secret.encode() not in raw, f"{secret!r} is readable in the laptop's files"


def test_a_retry_typed_in_full_width_is_the_same_enrollment(tmp_path: Path) -> None:
    """The laptop keys its nonce on the code as the server compares it, so a person who types the
    code again with the input method in full-width mode still proves it is the same laptop."""
    from desktop.sync.client import _enrollment_nonce

    store = Store(open_local_database(tmp_path / "laptop"), FixedClock(NOW))
    first = _enrollment_nonce(store, "abcd-2345")
    assert _enrollment_nonce(store, "ＡＢＣＤ－２３４５") == first
    assert _enrollment_nonce(store, "ABCD 2346") != first
