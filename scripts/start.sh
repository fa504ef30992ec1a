#!/bin/sh
# From a fresh clone to the running console: checks what is missing and installs it, then starts
# the Electron app where Electron can run, or the same console in the browser (web mode) where it
# cannot, and says which and why. Plain POSIX sh: it has to run before npm ci.
#
#   sh scripts/start.sh            install what is missing, build if needed, start
#   sh scripts/start.sh --demo     the same, in web mode with the simulator's demo apps loaded
#   sh scripts/start.sh --deps     only the system packages and node_modules, then stop
#   sh scripts/start.sh --test-deps  only the system packages the test suite needs (adds chromium)
set -eu
cd "$(dirname "$0")/.."

say() { printf 'wxcred start: %s\n' "$*"; }
fail() { printf 'wxcred start: %s\n' "$*" >&2; exit 1; }

mode=start
demo=""
for arg in "$@"; do
  case "$arg" in
    --demo) demo="--demo" ;;
    --deps) mode=deps ;;
    --test-deps) mode=test-deps ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) printf 'wxcred start: unknown option %s (try --help)\n' "$arg" >&2; exit 2 ;;
  esac
done

# Node: 20.19+ is supported (package.json engines); Electron's packaging tools want 22.12+.
command -v node >/dev/null 2>&1 || fail "Node.js is not installed. Install Node 20.19 or newer (https://nodejs.org/ or your package manager), then run this again."
version=$(node -p 'process.versions.node')
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  fail "Node $version is too old: wxcred needs Node 20.19 or newer."
fi
if [ "$major" -lt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -lt 12 ]; }; then
  say "Node $version: supported; Electron's install and packaging tools want 22.12+, so npm warns EBADENGINE for them (build installers on 22.12+)."
fi

# System packages, on Debian and Ubuntu: keytar compiles against libsecret (a compiler, python3
# and pkg-config for node-gyp); dbus and gnome-keyring give a headless box a keychain.
packages="libsecret-1-dev build-essential pkg-config python3 dbus gnome-keyring"
[ "$mode" = test-deps ] && packages="$packages chromium"
if [ "$(uname -s)" = Linux ] && command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for pkg in $packages; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
      as_root=""
    elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
      as_root="sudo"
    else
      printf 'wxcred start: missing Debian packages:%s\n' "$missing" >&2
      printf 'wxcred start: install them, then run this again:\n\n  sudo apt-get update && sudo apt-get install -y%s\n\n' "$missing" >&2
      exit 1
    fi
    say "installing Debian packages:$missing"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $missing
  fi
elif [ "$(uname -s)" = Linux ]; then
  say "not Debian or Ubuntu: make sure libsecret's development files, a C++ compiler, python3 and pkg-config are installed (and dbus + gnome-keyring on a machine without a desktop)."
fi
[ "$mode" = test-deps ] && exit 0

# node_modules: npm ci when it is missing or older than the lockfile.
if [ ! -e node_modules/.package-lock.json ] || [ -n "$(find package-lock.json -newer node_modules/.package-lock.json)" ]; then
  say "installing node_modules (npm ci)…"
  npm ci --no-audit --no-fund
fi
[ "$mode" = deps ] && exit 0

# The build, when any source is newer than it.
if [ "$(node scripts/runtime.mjs stale)" = stale ]; then
  say "building (sources changed since the last build)…"
  npx electron-vite build >/dev/null
fi

why=$(node scripts/runtime.mjs electron)
if [ "$why" = ok ] && [ -z "$demo" ]; then
  say "starting the Electron app."
  exec npx electron-vite preview
fi
if [ "$why" = ok ]; then
  say "starting web mode with the demo apps (--demo); open the URL below."
else
  say "starting web mode in the browser, because Electron cannot run here: $why. Open the URL below."
fi
[ -z "$demo" ] && say "no apps yet? \"Try the simulator\" on the first screen loads demo apps (or run: sh scripts/start.sh --demo)."
if [ "$(uname -s)" = Linux ] && [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  say "no D-Bus session, so no keychain: running inside a private keyring (scripts/with-keyring.sh); secrets stored now last until this stops."
  exec sh scripts/with-keyring.sh node out/main/web.js $demo
fi
exec node out/main/web.js $demo
