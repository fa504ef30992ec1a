/**
 * A real HTTP proxy (proxy-chain) in a child process on 127.0.0.1, so a test can prove a call
 * went through a proxy: the child reports every request it handled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ProxiedRequest {
  /** CONNECT for tunnels, else the forwarded method. */
  method: string;
  hostname: string;
  port: number;
  isHttp: boolean;
  /** False when the proxy answered 407. */
  authorized: boolean;
}

export interface TestProxy {
  /** http://127.0.0.1:PORT, with user:password@ when started with auth. */
  url: string;
  port: number;
  /** Requests the proxy handled so far (reported by the child process). */
  requests: ProxiedRequest[];
  /** Resolves once at least `count` requests were reported (the report races the response). */
  waitFor(count: number, timeoutMs?: number): Promise<ProxiedRequest[]>;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const childSource = `
import { Server } from 'proxy-chain';
const auth = process.env.WXCRED_TEST_PROXY_AUTH ? JSON.parse(process.env.WXCRED_TEST_PROXY_AUTH) : null;
const say = (event) => process.stdout.write(JSON.stringify(event) + '\\n');
const server = new Server({
  port: 0,
  host: '127.0.0.1',
  verbose: false,
  prepareRequestFunction: ({ request, username, password, hostname, port, isHttp }) => {
    const authorized = !auth || (username === auth.username && password === auth.password);
    say({ event: 'request', method: request.method, hostname, port: Number(port), isHttp, authorized });
    return { requestAuthentication: !authorized };
  },
});
await server.listen();
say({ event: 'listening', port: server.port });
process.on('SIGTERM', () => server.close(true).then(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
`;

export async function startTestProxy(options: { username?: string; password?: string } = {}): Promise<TestProxy> {
  const auth = options.username ? { username: options.username, password: options.password ?? '' } : null;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', childSource], {
    cwd: repoRoot,
    env: { ...process.env, WXCRED_TEST_PROXY_AUTH: auth ? JSON.stringify(auth) : '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const requests: ProxiedRequest[] = [];
  const lines = createInterface({ input: child.stdout! });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('test proxy did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`test proxy exited early (${code})`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { event: string; port?: number } & ProxiedRequest;
      if (message.event === 'listening') {
        clearTimeout(timer);
        resolve(message.port ?? 0);
      } else if (message.event === 'request') {
        const { event: _event, ...request } = message;
        requests.push(request);
      }
    });
  });

  const credentials = auth ? `${encodeURIComponent(auth.username)}:${encodeURIComponent(auth.password)}@` : '';
  return {
    url: `http://${credentials}127.0.0.1:${port}`,
    port,
    requests,
    async waitFor(count, timeoutMs = 2_000) {
      const until = Date.now() + timeoutMs;
      while (requests.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
