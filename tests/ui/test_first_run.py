"""The first run without the command line: the window opens on a laptop that is not enrolled with
the first-run window over it, which enrolls against a real district server on loopback; the first
download then shows its progress and the window becomes the site's. Every failure is a sentence in
Chinese under the field it concerns."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import trustme
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select, update

from core import schema
from core.clock import FixedClock
from desktop import app
from desktop.storage import settings as keys
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync import errors
from desktop.sync.client import enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.errors import SyncError
from desktop.sync.tls import key_pin
from desktop.sync.transport import HttpTransport
from desktop.ui.main_window import MainWindow
from desktop.ui.syncing.first_run import FirstRunDialog, failure_sentences
from server.app import create_app
from server.embedded import ServerThread

from support import District, synced_village

BAD_CODE = "注册码不对，或者已经被用过了。"


@pytest.fixture
def new_laptop(tmp_path: Path, sqlite_district: District) -> Iterator[Store]:
    """A laptop database that has never been enrolled, its clock on the district's."""
    store = Store(open_local_database(tmp_path / "new"), FixedClock(sqlite_district.clock.now()))
    yield store
    store.engine.dispose()


def open_app(qtbot, store: Store, hub, background, credentials=None) -> MainWindow:  # noqa: ANN001
    window = app.start_window(store, hub, background, credentials or MemoryCredentials())
    qtbot.addWidget(window)
    return window


def first_run(window: MainWindow) -> FirstRunDialog:
    [dialog] = [d for d in window.findChildren(FirstRunDialog) if d.isVisible()]
    return dialog


def attempt(qtbot, dialog: FirstRunDialog, address: str, code: str, ca: str = "") -> None:  # noqa: ANN001
    """Type the address and code and press Connect; return when the answer has landed."""
    dialog.address.setText(address)
    dialog.code.setText(code)
    dialog.ca_file.setText(ca)
    QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def test_the_app_opens_unenrolled_enrolls_through_the_first_run_window_and_downloads(
    qtbot, tmp_path, sqlite_district, new_laptop, hub, background, chinese
):
    district = sqlite_district
    village = synced_village(district, tmp_path, "old")  # what the first download brings
    credentials = MemoryCredentials()
    window = open_app(qtbot, new_laptop, hub, background, credentials)
    assert window.windowTitle() == "学习中心台账"
    assert window.sync_bar.button.text() == "连接区平台…"
    assert window.week_report is None and window.requests is None
    dialog = first_run(window)
    assert dialog.windowTitle() == "连接区平台"
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.help_text.text().startswith("镇里的信息员也可以用命令行为这台电脑注册：")
    assert "learning-desk enroll" in dialog.help_text.text()

    seen: list[str] = []
    window.autosync.progressed.connect(lambda _p: seen.append(window.sync_bar.status_label.text()))
    with qtbot.waitSignal(window.autosync.succeeded, timeout=30_000):
        attempt(qtbot, dialog, district.url, district.code(district.village, "village"))
        assert dialog.pages.currentIndex() == 1
        assert dialog.done_text.text().startswith("这台电脑已连接到玉屏村学习中心。")
        assert dialog.key_box.isHidden()  # loopback http: no key to compare
        assert window.sync_bar.progress.isVisible()

    # The first download said what it was doing, and everything the village sent is here.
    assert seen and all(text.startswith("首次从区平台下载：已收到") for text in seen)
    with village.store.read() as there, new_laptop.read() as here:
        for table in (schema.residents, schema.sessions, schema.attendance):
            count = select(func.count()).select_from(table)
            assert here.execute(count).scalar_one() == there.execute(count).scalar_one() > 0
    # The window is the site's now, without a restart: title, role's tabs, status bar, button.
    assert window.windowTitle() == "学习中心台账 — 玉屏村学习中心"
    assert window.week_report is not None and window.requests is not None
    assert window.tabs.indexOf(window.week_report) >= 0
    assert window.sync_bar.status_label.text().startswith("全部已同步 · 上次同步")
    assert window.sync_bar.button.text() == "立即同步"
    assert window.sync_bar.button.toolTip() == ""
    identity = new_laptop.identity()
    assert identity is not None and identity.site_id == district.village
    assert credentials.get_token(identity.device_id.hex)
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_later_closes_it_and_the_sync_button_opens_it_again(
    qtbot, new_laptop, hub, background, chinese
):
    window = open_app(qtbot, new_laptop, hub, background)
    first_run(window).later_button.click()
    assert not [d for d in window.findChildren(FirstRunDialog) if d.isVisible()]
    window.sync_bar.button.click()
    assert first_run(window).address.text() == ""
    assert window.banner.text() == ""  # not only "enroll it first": the way to do it
    window.enroll_action.trigger()  # the File menu's entry raises the same window
    assert len([d for d in window.findChildren(FirstRunDialog) if d.isVisible()]) == 1


def test_what_this_computer_can_check_is_said_before_anything_is_sent(
    qtbot, new_laptop, hub, background, chinese
):
    window = open_app(qtbot, new_laptop, hub, background)
    dialog = first_run(window)
    QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("address") == "请输入镇里给您的服务器地址。"
    assert dialog.errors.text("code") == "请输入镇里告诉您的注册码。"

    dialog.address.setText("http://192.168.1.10:8470")
    dialog.code.setText("ABCDE-2345")  # one character lost on the phone
    dialog.ca_file.setText(str(Path(new_laptop.engine.url.database).parent / "missing.pem"))
    QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("address").startswith("地址 http://192.168.1.10:8470 没有加密")
    assert dialog.errors.text("code") == (
        "注册码由 10 个字母和数字组成，例如 ABCDE-23456；您输入了 9 个。请和镇里核对。"
    )
    assert dialog.errors.text("ca_file").startswith("找不到文件 ")
    assert not dialog.busy
    # Nothing went out: an enrollment writes its nonce before it sends.
    assert keys.ENROLL_NONCE.of(new_laptop.settings()) == ""

    dialog.address.setText("https://x.cn:port")
    dialog.code.setText("ＡＢＣＤＥ－２３４５６")  # full-width from a Chinese input method is fine
    dialog.ca_file.setText("")
    QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("address").startswith("“https://x.cn:port”不是区平台的地址")
    assert dialog.errors.text("code") == ""

    # Read out on the phone the scheme is often left off: the district's is https.
    dialog.address.setText("learn.example.cn")
    dialog.code.setText("")
    QTest.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.address.text() == "https://learn.example.cn"
    assert dialog.errors.text("address") == ""


def test_the_server_s_refusals_are_said_in_chinese_under_the_code(
    qtbot, tmp_path, sqlite_district, new_laptop, hub, background, chinese
):
    district = sqlite_district
    window = open_app(qtbot, new_laptop, hub, background)
    dialog = first_run(window)

    attempt(qtbot, dialog, district.url, "ABCDE-23456")
    assert dialog.errors.text("code") == BAD_CODE
    assert new_laptop.identity() is None and dialog.pages.currentIndex() == 0

    used = district.code(district.village, "village")
    other = Store(open_local_database(tmp_path / "other"), FixedClock(district.clock.now()))
    enroll(other, HttpTransport(district.url, retries=0), MemoryCredentials(), district.url, used)
    other.engine.dispose()
    attempt(qtbot, dialog, district.url, used)
    assert dialog.errors.text("code") == BAD_CODE

    old = district.code(district.village, "village")
    with district.engine.begin() as conn:  # handed out eight days ago
        made = (district.clock.now() - dt.timedelta(days=8)).replace(tzinfo=None)
        conn.execute(
            update(schema.server_enrollment_codes)
            .where(schema.server_enrollment_codes.c.used_at.is_(None))
            .values(created_at=made)
        )
    attempt(qtbot, dialog, district.url, old)
    assert dialog.errors.text("code") == "注册码已过期，请向区里要一个新的。"

    for _ in range(8):  # ten wrong codes in all from this address
        attempt(qtbot, dialog, district.url, "ABCDE-23456")
    attempt(qtbot, dialog, district.url, district.code(district.village, "village"))
    assert dialog.errors.text("code") == (
        "这台电脑试错注册码的次数太多，请等十分钟，并向区里核对注册码。"
    )
    assert new_laptop.identity() is None


class _NotTheDistrict(BaseHTTPRequestHandler):
    """Some other web site: a page, not the district's answers."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's API
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<html><body>Not Found</body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def other_site() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _NotTheDistrict)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_network_and_a_wrong_server_are_said_with_what_to_check(
    qtbot, new_laptop, hub, background, other_site, chinese
):
    window = open_app(qtbot, new_laptop, hub, background)
    dialog = first_run(window)

    attempt(qtbot, dialog, f"http://127.0.0.1:{_closed_port()}", "ABCDE-23456")
    said = dialog.errors.general.text()
    assert said.startswith("连接不上区服务器")
    assert said.endswith("请检查这台电脑是否已连上网络，地址是否和区里写的完全一样，然后再试一次。")
    assert dialog.errors.text("code") == ""

    attempt(qtbot, dialog, other_site, "ABCDE-23456")
    said = dialog.errors.text("address")
    assert said.startswith("区服务器返回的内容本软件无法识别")
    assert said.endswith("这个地址可能是别的网站，请核对它是不是区平台的地址。")
    assert dialog.errors.general.text() == "" or dialog.errors.general.isHidden()
    assert new_laptop.identity() is None


def test_a_district_certificate_is_chosen_and_the_server_key_shown(
    qtbot, tmp_path, sqlite_district, new_laptop, hub, background, chinese
):
    district = sqlite_district
    ca = trustme.CA()
    bundle = tmp_path / "district-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    cert = ca.issue_cert("127.0.0.1", "localhost")
    pem = tmp_path / "server.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(pem))
    pin = key_pin(ssl.PEM_cert_to_DER_cert(cert.cert_chain_pems[0].bytes().decode()))
    window = open_app(qtbot, new_laptop, hub, background)
    dialog = first_run(window)
    with ServerThread(create_app(district.engine, district.clock), certfile=str(pem)) as srv:
        code = district.code(district.village, "village")
        attempt(qtbot, dialog, srv.url, code)  # the system's authorities only
        assert dialog.errors.text("ca_file") == (
            "这台电脑不信任区平台的证书。如果区里给了您证书文件，请在“区平台证书”一栏选择它；"
            "否则请联系区里。"
        )
        assert new_laptop.identity() is None

        with qtbot.waitSignal(dialog.enrolled, timeout=20_000):
            attempt(qtbot, dialog, srv.url, code, str(bundle))
        assert dialog.key_box.isVisible()
        assert dialog.key_value.text() == pin
        settings = new_laptop.settings()
        assert keys.SERVER_PIN.of(settings) == pin
        assert keys.CA_BUNDLE.of(settings) == str(bundle.resolve())
        # The first sync trusts the same authority and the same key, over https.
        with qtbot.waitSignal(window.autosync.succeeded, timeout=30_000):
            pass
    assert window.windowTitle().endswith("玉屏村学习中心")


@pytest.mark.parametrize(
    ("error", "field", "sentence"),
    [
        (SyncError(errors.BAD_CODE), "code", BAD_CODE),
        (
            SyncError(errors.KEY_CHANGED),
            "",
            "区平台的密钥和本机注册时的不一样，所以什么都没有发送：可能有别的机器在冒充区平台。",
        ),
        (
            SyncError(errors.PLAIN_HTTP, "http://10.0.0.2"),
            "address",
            "地址 http://10.0.0.2 没有加密",
        ),
        (SyncError(errors.WRONG_SERVER), "", "这台服务器属于另一个区"),
        (SyncError(errors.NO_KEYRING), "", "没有可用的密码库"),
        (SyncError(errors.TIMEOUT), "", "区服务器没有及时回应"),
        (KeyError("bug"), "", "注册因意外问题而中断（详情已记入日志）。"),
    ],
)
def test_each_kind_of_failure_has_its_sentence_and_place(qapp, chinese, error, field, sentence):
    placed, said = failure_sentences(error)
    assert placed == field
    assert said.startswith(sentence)


def test_an_enrolled_laptop_can_take_a_new_code_from_the_window(
    qtbot, tmp_path, sqlite_district, hub, background, chinese
):
    """After the district changed its key a laptop needs a new code: the File menu's entry opens the
    same window on the address it has, and the new enrollment keeps the laptop's records."""
    district = sqlite_district
    laptop = synced_village(district, tmp_path)
    window = open_app(qtbot, laptop.store, hub, background, laptop.credentials)
    assert not window.findChildren(FirstRunDialog)  # enrolled: nothing opens by itself
    assert window.sync_bar.button.text() == "立即同步"
    window.enroll_action.trigger()
    dialog = first_run(window)
    assert dialog.address.text() == district.url
    assert dialog.intro.text().startswith("这台电脑已加入玉屏村学习中心。")
    before = laptop.store.identity()
    with qtbot.waitSignal(window.autosync.succeeded, timeout=30_000):
        attempt(qtbot, dialog, district.url, district.code(district.village, "village"))
    after = laptop.store.identity()
    assert after is not None and before is not None
    assert after.device_id != before.device_id and after.site_id == before.site_id
    assert laptop.credentials.get_token(before.device_id.hex) is None
    assert window.sync_bar.status_label.text().startswith("全部已同步")
