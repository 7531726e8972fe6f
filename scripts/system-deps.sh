#!/usr/bin/env bash
# Installs the Debian packages Learning Desk needs that pip cannot bring: Qt's system libraries,
# a CJK font, PostgreSQL for the server tests, Xvfb for running the window without a screen.
# Usage: scripts/system-deps.sh run|test|display. Installs only what is missing; needs root or sudo
# for that. `display` (and `run`, before anything else) stops with a sentence when there is no screen.
set -euo pipefail

# The window needs a screen; on Linux without X11 or Wayland, say how to run it before installing.
need_display() {
  [ "$(uname -s)" != "Linux" ] && return 0
  [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ] && return 0
  echo "No display found: Learning Desk opens a window and needs a screen. Nothing was installed." >&2
  echo "On a machine without one, run it under a virtual screen:  xvfb-run make run" >&2
  echo "(xvfb-run comes with the Debian packages xvfb and xauth: sudo apt-get install xvfb xauth)" >&2
  exit 2
}

qt_libs="libegl1 libgl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3"
xcb_libs="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libxcb-sync1 libxcb-shm0"
fonts="fonts-wqy-microhei"

case "${1:-}" in
  display) need_display; exit 0 ;;
  run) need_display; wanted="$qt_libs $xcb_libs $fonts xvfb xauth" ;;
  test) wanted="$qt_libs $fonts postgresql xvfb xauth" ;;
  *) echo "usage: $0 run|test|display" >&2; exit 2 ;;
esac

missing=()
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these system packages (Debian names): ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Please install these Debian packages as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
