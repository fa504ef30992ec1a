/**
 * `npm run web`: the built renderer plus the real handlers on 127.0.0.1, for development and
 * end-to-end tests in a browser. Prints exactly one line: the URL with this run's token.
 *
 *   node out/main/web.js [--port N] [--user-data DIR]
 */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices, userDataDirFrom } from '../core/services';
import { startBridgeServer } from './bridgeServer';
import { version } from '../../package.json';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'user-data': { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const userDataDir = userDataDirFrom(values['user-data'], process.env, homedir(), process.platform);

  const services = createServices({ host: 'web', userDataDir, env: process.env, version });
  for (const notice of services.notices()) console.error(`[wxcred] ${notice}`);
  const server = await startBridgeServer({
    handlers: services.handlers,
    staticRoot: fileURLToPath(new URL('../renderer', import.meta.url)),
    port,
    onUnexpected: (channel, thrown) => console.error(`[wxcred] unexpected error on ${channel}:`, thrown),
  });
  console.log(`wxcred web: ${server.url}`);

  const stop = (): void => {
    void Promise.all([server.close(), services.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`wxcred web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
