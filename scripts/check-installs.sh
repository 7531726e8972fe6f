#!/usr/bin/env bash
# Each program installs what it needs and nothing of the other's, in a fresh virtual environment:
# the district server without Qt (and it passes its own tests there), the app without FastAPI,
# uvicorn or psycopg. Needs the package index; takes a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1

has() { "$1/bin/python" -c "import importlib.metadata as m, sys; m.distribution(sys.argv[1])" "$2" 2>/dev/null; }

echo "== the server: pip install '.[server]'"
"$PYTHON" -m venv "$work/server"
"$work/server/bin/pip" install --quiet ".[server]"
for unwanted in PySide6-Essentials PySide6-Addons shiboken6 requests keyring openpyxl Pillow; do
    if has "$work/server" "$unwanted"; then echo "the server's install pulled in $unwanted" >&2; exit 1; fi
done
(cd "$work" && "$work/server/bin/learning-desk-server" --help >/dev/null)
# Then what its own tests need (the fuzzer brings an HTTP client of its own), and the tests.
"$work/server/bin/pip" install --quiet ".[server,server-tests]"
for unwanted in PySide6-Essentials PySide6-Addons shiboken6 keyring openpyxl Pillow; do
    if has "$work/server" "$unwanted"; then echo "the server's tests pulled in $unwanted" >&2; exit 1; fi
done
"$work/server/bin/python" -m pytest -p no:cacheprovider -q -W ignore::pytest.PytestConfigWarning tests/server

echo "== the app: pip install '.[app]'"
"$PYTHON" -m venv "$work/app"
"$work/app/bin/pip" install --quiet ".[app]"
for unwanted in fastapi starlette uvicorn psycopg; do
    if has "$work/app" "$unwanted"; then echo "the app's install pulled in $unwanted" >&2; exit 1; fi
done
(cd "$work" && QT_QPA_PLATFORM=offscreen "$work/app/bin/python" -c "import desktop.app, desktop.cli")
(cd "$work" && "$work/app/bin/learning-desk" --help >/dev/null)
echo "installs: the server has no Qt, the app has no server framework"
