import { randomBytes } from 'node:crypto';

/** How the project runs tests that touch the real keychain (CI does exactly this). */
export const KEYRING_COMMAND =
  "dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run'";

/**
 * Fails (never skips) when there is no D-Bus session: a silently skipped keychain test would hide
 * exactly the breakage it exists to catch.
 */
export function requireSessionKeyring(): void {
  if (process.platform !== 'linux') return;
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      `These tests use the real Secret Service keychain, but DBUS_SESSION_BUS_ADDRESS is not set.\n` +
        `Run them under a D-Bus session with an unlocked gnome-keyring, e.g.:\n  ${KEYRING_COMMAND}`,
    );
  }
}

/** A keychain service name no other run (or the real app) uses, so tests can clean up after themselves. */
export function uniqueKeychainService(): string {
  return `wxcred-test-${randomBytes(6).toString('hex')}`;
}
