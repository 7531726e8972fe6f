"""`make run`: a local demo district on 127.0.0.1, this app enrolled as a village learning centre,
a few weeks of demo records synced, then the window.

Everything lives in ./run (server database, the app's data folder), so trying the app never touches a
coordinator's real data. Run again, it reuses what is there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import keyring
import requests
from keyring.backends import fail

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "run"
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LEARNING_DESK_PORT", "8470"))
URL = f"http://127.0.0.1:{PORT}"
VILLAGE = "玉屏村学习中心"


def main() -> int:
    if not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "No display found. On a machine without a screen run:  xvfb-run make run",
            file=sys.stderr,
        )
        return 2
    RUN.mkdir(exist_ok=True)
    env = dict(os.environ, LEARNING_DESK_SERVER_DB=f"sqlite+pysqlite:///{RUN / 'server.sqlite3'}")
    ring = keyring.get_keyring()
    if isinstance(ring, fail.Keyring) or type(ring).__module__.startswith("keyrings.alt"):
        # No desktop password store here: keep the demo token in a plain file, and say so.
        env.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
        print("Note: no system keyring found; the demo keeps its device key in a local file.")
    sites = _district(env)
    server = subprocess.Popen(
        [str(BIN / "learning-desk-server"), "serve", "--port", str(PORT)], env=env
    )
    try:
        _wait_for_server(server)
        desk = [str(BIN / "learning-desk"), "--data-dir", str(RUN / "desk")]
        status = json.loads(
            subprocess.run(
                [*desk, "status", "--json"], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
        if not status["enrolled"]:
            code = _admin(env, "enroll-code", sites[VILLAGE], "--role", "village")
            subprocess.run([*desk, "enroll", URL, code], env=env, check=True)
            subprocess.run([*desk, "demo", "--weeks", "8"], env=env, check=True)
        subprocess.run([*desk, "sync"], env=env, check=False)
        return subprocess.run(
            [sys.executable, "-m", "desktop.app", "--data-dir", str(RUN / "desk")], env=env
        ).returncode
    finally:
        server.terminate()
        server.wait(10)


def _admin(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "learning-desk-server"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def _district(env: dict[str, str]) -> dict[str, str]:
    known = RUN / "sites.json"
    if known.exists():
        return json.loads(known.read_text(encoding="utf-8"))
    _admin(env, "init", "--name", "荣昌区（演示）")
    sites = json.loads(
        _admin(env, "import-sites", str(ROOT / "resources/demo/sites.csv"), "--json")
    )
    known.write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    return sites


def _wait_for_server(server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"The demo server could not start (is port {PORT} in use? set LEARNING_DESK_PORT)."
            )
        try:
            requests.get(URL + "/api/v1/hello", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit("The demo server did not answer in time.")


if __name__ == "__main__":
    sys.exit(main())
