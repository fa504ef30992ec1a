/**
 * `npm run web`: the built renderer plus the real handlers on 127.0.0.1, for development and
 * end-to-end tests in a browser. Prints exactly one line: the URL with this run's token.
 * `--demo` (`npm run demo`) uses a user-data folder of its own and preloads the simulator's demo
 * apps; the simulator itself runs in every web-mode server, for "Try the simulator".
 *
 *   node out/main/web.js [--port N] [--user-data DIR] [--demo]
 */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices, startSimulator, userDataDirFrom } from '../core/services';
import { WxcredError } from '../contract/errors';
import { startBridgeServer } from './bridgeServer';
import type { Handlers } from '../contract';
import { version } from '../../package.json';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'user-data': { type: 'string' }, demo: { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const demo = values.demo === true;
  const chosen = userDataDirFrom(values['user-data'], process.env, homedir(), process.platform);
  // The demo's apps never mix with real ones: it has a folder of its own unless told otherwise.
  const userDataDir = demo && values['user-data'] === undefined ? `${chosen}-demo` : chosen;

  const simulator = await startSimulator();
  const services = createServices({ host: 'web', userDataDir, env: process.env, version, simulator });
  for (const notice of services.notices()) console.error(`[wxcred] ${notice}`);
  if (demo) await preloadDemoApps(services.handlers);
  const server = await startBridgeServer({
    handlers: services.handlers,
    staticRoot: fileURLToPath(new URL('../renderer', import.meta.url)),
    port,
    onUnexpected: (channel, thrown) => console.error(`[wxcred] unexpected error on ${channel}:`, thrown),
  });
  console.log(`wxcred web: ${server.url}`);

  const stop = (): void => {
    void Promise.all([server.close(), services.close(), simulator.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The demo apps, with their fake secrets in the keychain; without one, it says so and goes on. */
async function preloadDemoApps(handlers: Handlers): Promise<void> {
  try {
    const loaded = await handlers.loadDemoApps({});
    console.error(`[wxcred] demo: ${loaded.profiles.length} simulator apps ready (fake secrets, in the keychain like real ones)`);
  } catch (error) {
    const why = error instanceof WxcredError ? error.message : String(error);
    console.error(
      `[wxcred] demo: the apps are listed, but their fake secrets could not be stored: ${why}\n` +
        '[wxcred] demo: secrets only ever go to the OS keychain; on a headless Linux box run `npm run demo` (it starts a private keyring) or scripts/with-keyring.sh node out/main/web.js --demo',
    );
  }
}

main().catch((error: unknown) => {
  console.error(`wxcred web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
