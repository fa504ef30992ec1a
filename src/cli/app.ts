/**
 * Opens the app's own services (createServices, host 'cli') for one command: a saved profile with
 * its secret in the keychain (--profile), or a throwaway profile with a secret from the environment
 * or stdin. Either way the profile is this run's copy and profiles.json is never written, while
 * settings.json and the token counts (with the 30 s forced-refresh guard) are the user-data
 * folder's, shared with the desktop app and every other run. Every call goes through dispatch(),
 * the same validation and typed errors the window gets.
 */
import type { Channel, Profile, RequestOf, ResultOf } from '../contract';
import { apiBaseOverride } from '../core/wechat/apiBase';
import type { Env } from '../core/wechat/route';
import { apiDomainNames } from '../contract/constants';
import { dispatch } from '../core/dispatch';
import { PROXY_SECRET_SERVICE, createServices, userDataDirFrom } from '../core/services';
import { profileInputSchema } from '../contract/schema';
import { createKeytarSecretStore } from '../core/keychain/secretStore';
import { createProfileStore } from '../core/store/profileStore';
import { createEphemeralProfileStore, createEphemeralSecretStore } from '../core/store/memoryStores';
import type { ProfileStore, SecretStore } from '../core/store/types';
import type { SensitiveRegistry } from '../core/log/sensitive';
import { CliFailure, helpHint, usageError, type OptionTable, type Values } from './args';
import type { Io } from './io';

/** The options every command that talks to WeChat shares. */
export const appOptions: OptionTable = {
  appid: { type: 'string', value: 'APPID', help: 'the AppID (wx + 16 hex); with --profile, checked against it' },
  profile: { type: 'string', value: 'LABEL|APPID', help: 'an app saved in the desktop app; its AppSecret comes from the keychain' },
  'secret-env': { type: 'string', value: 'VAR', help: 'read the AppSecret from the environment variable VAR' },
  'secret-stdin': { type: 'boolean', help: 'read the AppSecret from stdin (a pipe or file; one trailing newline is dropped)' },
  domain: { type: 'string', value: apiDomainNames.join('|'), choices: apiDomainNames, help: 'WeChat API domain (default: api, or the profile\'s)' },
  proxy: { type: 'string', value: 'URL', help: 'send calls through this http(s) proxy (default: the profile\'s, else HTTPS_PROXY)' },
  'user-data': {
    type: 'string',
    value: 'DIR',
    help: 'the desktop app\'s data folder: saved apps, settings, today\'s token counts (default: WXCRED_USER_DATA, else the OS\'s)',
  },
};

export interface OpenedApp {
  profile: Profile;
  /** One contract call through dispatch(); a failed Outcome is thrown as CliFailure. */
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  command: string;
  values: Values;
  io: Io;
  /** Called with a secret read from env/stdin, so the runner can scrub it from any output. */
  redact: (value: string) => void;
  /** The run's registry: what the handlers learn (a keychain secret, a token) is scrubbed from output too. */
  sensitive?: SensitiveRegistry;
}

const str = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : undefined;
};

export async function openApp({ command, values, io, redact, sensitive }: OpenAppOptions): Promise<OpenedApp> {
  const sources = (['profile', 'secret-env', 'secret-stdin'] as const).filter((name) => values[name] !== undefined);
  if (sources.length === 0) {
    throw usageError(
      'say where the AppSecret comes from: --profile <label-or-appid>, --secret-env VAR or --secret-stdin',
      helpHint(command),
    );
  }
  if (sources.length > 1) {
    throw usageError(`use one of --profile, --secret-env and --secret-stdin, not ${sources.map((s) => `--${s}`).join(' and ')}`);
  }
  checkApiBase(io);

  const appid = str(values, 'appid');
  const overrides = { domain: str(values, 'domain') as Profile['domain'] | undefined, proxy: str(values, 'proxy') };
  if (values.profile !== undefined) {
    const saved = await findSavedProfile(str(values, 'profile') ?? '', io, values);
    if (appid !== undefined && appid !== saved.appid) {
      throw usageError(`--appid ${appid} does not match the profile "${saved.label}" (${saved.appid})`);
    }
    // Overrides apply to this run only: the profile is a copy, profiles.json is never written. Not
    // through saveProfile: re-pointing a saved app there deletes its secret, which is for edits, not for one run.
    const checked = profileInputSchema.safeParse({
      label: saved.label,
      appid: saved.appid,
      kind: saved.kind,
      customBase: saved.customBase,
      domain: overrides.domain ?? saved.domain,
      proxy: overrides.proxy ?? saved.proxy,
    });
    if (!checked.success) {
      const issues = checked.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new CliFailure({ kind: 'validation', message: issues[0]?.message ?? 'Invalid --domain or --proxy.', issues });
    }
    const run: Profile = { ...saved, domain: checked.data.domain, proxy: checked.data.proxy };
    return open(io, values, createEphemeralProfileStore({ initial: [run] }), createKeytarSecretStore(), sensitive, async () => run);
  }

  if (appid === undefined) throw usageError(`--appid is required with --${sources[0]}`, helpHint(command));
  const secret = values['secret-env'] !== undefined ? secretFromEnv(str(values, 'secret-env') ?? '', io.env) : await secretFromStdin(io);
  redact(secret);
  return open(io, values, createEphemeralProfileStore(), createEphemeralSecretStore(), sensitive, async (app) => {
    const profile = await app.call('saveProfile', {
      label: appid,
      appid,
      kind: 'official-account',
      domain: overrides.domain ?? 'api',
      proxy: overrides.proxy ?? null,
    });
    await app.call('setSecret', { profileId: profile.id, secret });
    return profile;
  });
}

export type ContractCaller = Omit<OpenedApp, 'profile'>;

/**
 * The app's services on the given stores, reached only through dispatch(). `userData` null: a
 * command that needs no app (errcode lookups) reads nothing from the user-data folder.
 */
export function openHandlers(
  io: Io,
  userData: string | null,
  profiles: ProfileStore = createEphemeralProfileStore(),
  secrets: SecretStore = createEphemeralSecretStore(),
  sensitive?: SensitiveRegistry,
): ContractCaller {
  const services = createServices({ host: 'cli', userDataDir: userData, env: io.env, version: io.version, profiles, secrets, sensitive });
  for (const notice of services.notices()) io.stderr(`wxcred: ${notice}`);
  return {
    async call(channel, request) {
      const outcome = await dispatch(services.handlers, channel, request, {
        onUnexpected: (name, thrown) => {
          if (io.env.WXCRED_DEBUG) io.stderr(`wxcred: unexpected error in ${name}: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
        },
      });
      if (!outcome.ok) throw new CliFailure(outcome.error);
      return outcome.value as never;
    },
    close: () => services.close(),
  };
}

async function open(
  io: Io,
  values: Values,
  profiles: ProfileStore,
  secrets: SecretStore,
  sensitive: SensitiveRegistry | undefined,
  prepare: (app: ContractCaller) => Promise<Profile>,
): Promise<OpenedApp> {
  const app = openHandlers(io, userDataDir(io, values), profiles, secrets, sensitive);
  try {
    return { ...app, profile: await prepare(app) };
  } catch (thrown) {
    await app.close();
    throw thrown;
  }
}

/**
 * A broken WXCRED_API_BASE is the user's to fix: a usage error, not an internal one. A working one
 * is announced, so a check that passed against a test server is never mistaken for WeChat's word.
 */
function checkApiBase(io: Io): void {
  let override: string | null;
  try {
    override = apiBaseOverride(io.env);
  } catch (thrown) {
    throw usageError(`WXCRED_API_BASE is not a usable http(s) URL (${thrown instanceof Error ? thrown.message : 'invalid'})`);
  }
  if (override) {
    const url = new URL(override);
    io.stderr(`wxcred: WXCRED_API_BASE is set: calls go to ${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}, not to WeChat`);
  }
}

export function userDataDir(io: Io, values: Values): string {
  return userDataDirFrom(str(values, 'user-data'), io.env, io.homedir, io.platform);
}

/** By appid, else by label (case-insensitive); reads profiles.json, never writes it. */
async function findSavedProfile(wanted: string, io: Io, values: Values): Promise<Profile> {
  const dir = userDataDir(io, values);
  const store = createProfileStore({ dir, proxySecrets: createKeytarSecretStore({ service: PROXY_SECRET_SERVICE }) });
  // The route's proxy URL, with its credentials from the keychain: this run's copy only.
  const all = (await store.list()).map((p) => ({ ...p, proxy: store.routeProxy(p) }));
  for (const notice of store.notices()) io.stderr(`wxcred: ${notice}`);
  const byAppid = all.find((p) => p.appid === wanted);
  if (byAppid) return byAppid;
  const byLabel = all.filter((p) => p.label.toLowerCase() === wanted.toLowerCase());
  if (byLabel.length === 1 && byLabel[0]) return byLabel[0];
  if (byLabel.length > 1) {
    throw usageError(`more than one saved app is labelled "${wanted}"`, `use the appid instead: ${byLabel.map((p) => p.appid).join(', ')}`);
  }
  const known = all.map((p) => `${p.label} (${p.appid})`).join(', ');
  throw usageError(
    `no saved app with label or appid "${wanted}" in ${dir}`,
    known ? `saved apps: ${known}` : 'save the app in the desktop app first, or point --user-data (or WXCRED_USER_DATA) at its folder',
  );
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function secretFromEnv(name: string, env: Env): string {
  if (!ENV_NAME.test(name)) throw usageError('--secret-env takes the NAME of an environment variable, e.g. --secret-env WX_SECRET');
  const value = env[name];
  if (value === undefined || value === '') throw usageError(`the environment variable ${name} is not set or is empty`);
  return value;
}

/** Far more than any AppSecret; stops a mistaken `< big.log` from being read whole. */
const STDIN_LIMIT = 4096;

async function secretFromStdin(io: Io): Promise<string> {
  if (io.stdinIsTTY) {
    throw usageError(
      '--secret-stdin reads a pipe or a file, not the terminal (what you type would be shown)',
      'e.g. wxcred check --appid wx… --secret-stdin < secret.txt',
    );
  }
  const read = await io.readStdin(STDIN_LIMIT);
  if (read === null) throw usageError(`--secret-stdin: stdin holds more than ${STDIN_LIMIT} bytes; an AppSecret is 32 characters`);
  const secret = read.replace(/\r?\n$/, '');
  if (secret === '') throw usageError('--secret-stdin: stdin was empty');
  return secret;
}

/** Opens the app for one command, runs `use`, and always closes it; a typed failure propagates. */
export async function withApp<R>(
  ctx: Pick<OpenAppOptions, 'command' | 'values' | 'io' | 'redact' | 'sensitive'>,
  use: (app: OpenedApp) => Promise<R>,
): Promise<R> {
  const app = await openApp({ command: ctx.command, values: ctx.values, io: ctx.io, redact: ctx.redact, sensitive: ctx.sensitive });
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}
