import { optionalDependencies } from '../../../package.json';
import { WxcredError, type KeychainReason } from '../../contract/errors';
import type { SecretStore } from '../store/types';

/** The part of keytar this store uses; tests inject fakes with the same shape. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name; the account is the appid. */
  service?: string;
  /** Per call: a locked keyring can leave a keytar call pending forever. */
  timeoutMs?: number;
  /** Injected for tests; by default keytar is imported on first use, so a broken native module cannot stop startup. */
  keytar?: KeytarLike;
  /** Which platform's advice to give; defaults to process.platform. */
  platform?: NodeJS.Platform;
}

const DEFAULT_SERVICE = 'wxcred';
const DEFAULT_TIMEOUT_MS = 5000;

/** Keytar/libsecret/Keychain/Credential Manager messages that mean "no usable keychain right now". */
const unavailablePatterns: RegExp[] = [
  /autolaunch D-Bus/i,
  /D-?Bus/i,
  /org\.freedesktop/i,
  /secret service/i,
  /was not provided by any \.service files/i,
  /locked (collection|object|item)/i,
  /\bis locked\b/i,
  /cancel(l)?ed/i,
  /dismissed/i,
  /user interaction is not allowed/i,
  /no keychain/i,
  /keychain could not be found/i,
  /logon session does not exist/i,
  /libsecret/i,
];

/** What to do about a missing or locked keychain, in the words of each platform. */
export function keychainAdvice(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Open Keychain Access, make sure the login keychain exists and is unlocked, and allow wxcred when macOS asks.';
    case 'win32':
      return 'Open Credential Manager (Control Panel → Credential Manager → Windows Credentials) and make sure it works for your user; wxcred needs an interactive logon session.';
    default:
      return (
        'wxcred stores AppSecrets through the Secret Service (D-Bus). Install and start gnome-keyring ' +
        '(packages gnome-keyring and libsecret-1-0 on Debian/Ubuntu) or another Secret Service provider such as KWallet or KeePassXC, ' +
        'make sure a D-Bus session is running (DBUS_SESSION_BUS_ADDRESS is set; over SSH or in a container use dbus-run-session), ' +
        'and unlock the keyring.'
      );
  }
}

/**
 * keytar is an optional dependency: `npm install -g` skips it where it cannot be built, and the
 * one-file CLI and the executable are copied without it. Everything but --profile works anyway.
 */
const keytarInstallAdvice =
  'keytar, the optional module wxcred reads the keychain with, is not installed (or not built) next to this wxcred. ' +
  'Without it, pass the AppSecret with --secret-env VAR or --secret-stdin instead of --profile. ' +
  `To use --profile, run "npm install --allow-scripts=keytar keytar@${optionalDependencies.keytar}" in the folder that holds ` +
  'wxcred.mjs or the executable, or reinstall with "npm install -g --allow-scripts=keytar" (npm 11 skips build scripts it was not allowed to run). ' +
  'On Linux keytar needs libsecret-1-0; it downloads a prebuilt binary or builds one with a C++ compiler.';

/** Node's "cannot find it" codes, on the error or on the cause a loader wrapped it in. */
function isModuleMissing(error: unknown): boolean {
  const missing = (e: unknown): boolean => {
    const code = (e as { code?: unknown } | null)?.code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  };
  return missing(error) || (error instanceof Error && missing(error.cause));
}

/** Removes every copy of the secret from text a native error produced; nothing else is trusted to. */
function scrub(text: string, secret: string | undefined): string {
  let clean = text;
  // Before any reshaping: truncating or collapsing whitespace first could leave part of a secret behind.
  if (secret) {
    clean = clean.split(secret).join('[redacted]');
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) clean = clean.split(escaped).join('[redacted]');
  }
  clean = clean.replace(/\s+/g, ' ').trim();
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
}

/** The message, followed by its cause's: loaders wrap the error that says which library is missing. */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (!(error instanceof Error)) return 'unknown error';
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

type Action = 'reading' | 'storing' | 'deleting';

export function createKeytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? DEFAULT_SERVICE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  let loading: Promise<KeytarLike> | null = options.keytar ? Promise.resolve(options.keytar) : null;

  const keychainError = (reason: KeychainReason, message: string): WxcredError =>
    new WxcredError({ kind: 'keychain', reason, message });

  function loadKeytar(): Promise<KeytarLike> {
    loading ??= import('keytar').then(
      (mod) => ((mod as { default?: KeytarLike }).default ?? mod) as KeytarLike,
      (error: unknown) => {
        loading = null; // a later call may succeed, e.g. after the user installs libsecret
        const advice = isModuleMissing(error) ? keytarInstallAdvice : keychainAdvice(platform);
        throw keychainError('unavailable', `The system keychain module could not be loaded (${scrub(errorText(error), undefined)}). ${advice}`);
      },
    );
    return loading;
  }

  /** Runs one keytar call with a deadline and turns every failure into a keychain WxcredError. */
  async function call<T>(
    action: Action,
    appid: string,
    run: (keytar: KeytarLike) => Promise<T>,
    secret?: string,
  ): Promise<T> {
    const keytar = await withTimeout(loadKeytar(), action, appid);
    try {
      // Promise.resolve().then also catches a keytar that throws synchronously (e.g. bad arguments).
      return await withTimeout(Promise.resolve().then(() => run(keytar)), action, appid);
    } catch (error) {
      if (error instanceof WxcredError) throw error;
      // Never pass the original error on as a cause: native messages may echo the password.
      const detail = scrub(errorText(error), secret);
      const what = `${action} the AppSecret for ${appid}`;
      if (unavailablePatterns.some((pattern) => pattern.test(detail))) {
        throw keychainError('unavailable', `The system keychain is not available while ${what} (${detail}). ${keychainAdvice(platform)}`);
      }
      throw keychainError('other', `The system keychain failed while ${what}: ${detail}`);
    }
  }

  function withTimeout<T>(promise: Promise<T>, action: Action, appid: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          keychainError(
            'timeout',
            `The system keychain did not answer within ${formatMs(timeoutMs)} while ${action} the AppSecret for ${appid}. ` +
              `It may be locked, or waiting for an unlock prompt that is hidden or cannot be shown. ${keychainAdvice(platform)}`,
          ),
        );
      }, timeoutMs);
      // A pending keychain call must not keep the CLI alive after it has given up.
      timer.unref?.();
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }

  return {
    get: (appid) => call('reading', appid, (keytar) => keytar.getPassword(service, appid)),
    set: (appid, secret) => call('storing', appid, (keytar) => keytar.setPassword(service, appid, secret), secret),
    delete: (appid) => call('deleting', appid, (keytar) => keytar.deletePassword(service, appid)),
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
