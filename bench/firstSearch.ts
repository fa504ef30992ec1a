/**
 * Run in a fresh process by `npm run bench`: how long the first errcode search takes when
 * nothing has been built yet (the table and its index included), as the CLI or a new window
 * pays it. Prints one JSON line: wall time, and CPU time (user + sys, which includes V8's GC
 * helper threads), the figure a loaded machine disturbs less.
 */
import { performance } from 'node:perf_hooks';
import { searchErrcodes } from '../src/core/errcodes';

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const cpuStart = cpuMs();
const start = performance.now();
const hits = searchErrcodes('whitelist');
const firstMs = performance.now() - start;
const firstCpuMs = cpuMs() - cpuStart;
const again = performance.now();
searchErrcodes('白名单');
const secondMs = performance.now() - again;
if (hits.length === 0) throw new Error('no hit for "whitelist"');
console.log(JSON.stringify({ firstMs, firstCpuMs, secondMs, hits: hits.length }));
