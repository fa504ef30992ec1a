#!/bin/sh
# Runs a command where keytar can reach a Secret Service. On a desktop (or macOS/Windows) that is
# already true and the command runs as is. On a headless Linux box (CI, a server) it starts a
# private D-Bus session with a throwaway, unlocked gnome-keyring whose files live in a temporary
# folder (so an old keyring with another password can never leave it locked), runs the command,
# and removes the folder. Needs the Debian packages dbus and gnome-keyring there.
set -eu
if [ "$(uname -s)" != "Linux" ] || [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: no D-Bus session and no way to start one; install the Debian packages dbus and gnome-keyring" >&2
  exit 4
fi
keyrings=$(mktemp -d "${TMPDIR:-/tmp}/wxcred-keyring.XXXXXX")
status=0
WXCRED_KEYRING_HOME="$keyrings" dbus-run-session -- sh -c '
  echo -n throwaway | XDG_DATA_HOME="$WXCRED_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@" || status=$?
rm -rf "$keyrings"
exit "$status"
