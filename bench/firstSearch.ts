/**
 * Run in a fresh process by `npm run bench`: the first errcode search as a new window or a CLI run
 * meets it. The core starts as the hosts start it (createServices, one call through dispatch);
 * then the clock runs over the first `searchErrcodes` through dispatch, which loads the errcode
 * feature and its table (their own chunk: nothing reads them at start-up), parses the table,
 * builds the index and searches. Prints one JSON line: wall time, and CPU time (user + sys, which
 * includes V8's GC helper threads), the figure a loaded machine disturbs less.
 */
import { performance } from 'node:perf_hooks';
import { dispatch } from '../src/core/dispatch';
import { createServices } from '../src/core/services';

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const services = createServices({ host: 'test', userDataDir: null, env: {}, version: 'bench' });
if (!(await dispatch(services.handlers, 'appInfo', {})).ok) throw new Error('appInfo failed');
// Nobody searches within a moment of launch: let start-up's own loose ends (module evaluation
// that finished with the first call, timers it set) finish outside the timed search.
await new Promise((resolve) => setTimeout(resolve, Number(process.env.WXCRED_BENCH_SETTLE_MS ?? 100)));

const cpuStart = cpuMs();
const start = performance.now();
const first = await dispatch(services.handlers, 'searchErrcodes', { query: 'whitelist' });
const firstMs = performance.now() - start;
const firstCpuMs = cpuMs() - cpuStart;
const again = performance.now();
const second = await dispatch(services.handlers, 'searchErrcodes', { query: '白名单' });
const secondMs = performance.now() - again;
if (!first.ok || !second.ok || (first.value as unknown[]).length === 0) throw new Error('no hit for "whitelist"');
console.log(JSON.stringify({ firstMs, firstCpuMs, secondMs, hits: (first.value as unknown[]).length }));
await services.close();
