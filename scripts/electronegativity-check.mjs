#!/usr/bin/env node
/**
 * Static security scan: runs Electronegativity over src/ and fails on any finding of severity
 * MEDIUM or higher that .electronegativity-allow.json does not justify. Electronegativity itself
 * exits 0 whatever it finds, and silently skips files it cannot parse, so this script is the gate.
 *
 *   node scripts/electronegativity-check.mjs     (npm run scan)
 *
 * Offline: the Electron version comes from the installed `electron` package, the one check that
 * downloads Electron's release list is skipped (see the allow file), and the translation fetch
 * the tool attempts times out after a second. Exit status: 0 clean, 1 unjustified findings,
 * 2 the scan itself failed (unparsed files, bad allow file, tool error, over a minute).
 */
import console from 'node:console';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const input = join(root, 'src');
const allowFile = join(root, '.electronegativity-allow.json');
const gate = ['MEDIUM', 'HIGH'];
const severityOrder = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

const fail = (message) => {
  console.error(`scan: ${message}`);
  process.exit(2);
};
setTimeout(() => fail('Electronegativity did not finish within 60 s'), 60_000).unref();

/** The allow file: every entry names a check, a file, the offending code, and why it is acceptable. */
function loadAllowList() {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(allowFile, 'utf8'));
  } catch (error) {
    fail(`cannot read ${relative(root, allowFile)}: ${error.message}`);
  }
  const allow = parsed.allow ?? [];
  const skip = parsed.skip ?? [];
  for (const entry of [...allow, ...skip]) {
    if (typeof entry.check !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      fail(`every allow/skip entry needs a check id and a real reason: ${JSON.stringify(entry)}`);
    }
  }
  for (const entry of allow) {
    if (typeof entry.file !== 'string' || typeof entry.sample !== 'string' || !entry.sample.trim()) {
      fail(`every allow entry names the file and the offending code (sample): ${JSON.stringify(entry)}`);
    }
  }
  return { allow, skip };
}

/** CHECK_ID → the construct name Electronegativity's exclusion list expects (checkid, lower case). */
const constructName = (id) => id.replace(/_/g, '').toLowerCase();

const { allow, skip } = loadAllowList();
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const electronegativity = require('@doyensec/electronegativity');
const run = electronegativity.default ?? electronegativity;

// The tool looks translations up for $LANG (falling back to its bundled en-US); ask for en-US directly.
process.env.LANG = 'en-US';
// Keep the tool's own chatter ("Could not retrieve updated translations…") out of the report.
const log = console.log;
console.log = () => {};
let result;
try {
  result = await run({
    input,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: skip.map((entry) => constructName(entry.check)),
  });
} catch (error) {
  console.log = log;
  fail(`Electronegativity failed: ${error.stack ?? error}`);
} finally {
  console.log = log;
}

const unparsed = result.errors.filter((error) => !error.tolerable);
if (unparsed.length > 0) {
  for (const error of unparsed) console.error(`scan: could not parse ${relative(root, error.file)}: ${error.message}`);
  fail(`${unparsed.length} file(s) were not scanned`);
}

const findings = result.issues.map((issue) => {
  const file = issue.file === 'N/A' ? 'N/A' : relative(root, join(input, issue.file));
  const sample = (issue.sample ?? '').trim();
  const entry = allow.find((a) => a.check === issue.id && a.file === file && sample.includes(a.sample));
  const severity = issue.severity.name;
  const status = entry ? 'allowed' : gate.includes(severity) ? 'FAIL' : 'info';
  return { id: issue.id, severity, confidence: issue.confidence.name, where: `${file}:${issue.location.line}`, status, entry };
});
findings.sort((a, b) => severityOrder.indexOf(b.severity) - severityOrder.indexOf(a.severity) || a.where.localeCompare(b.where));

const rows = [['STATUS', 'SEVERITY', 'CHECK', 'WHERE'], ...findings.map((f) => [f.status, f.severity, f.id, f.where])];
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();

log(`Electronegativity over src/ (Electron ${electronVersion}, ${result.atomicChecks} atomic + ${result.globalChecks} global checks)`);
if (findings.length === 0) log('no findings');
else for (const row of rows) log(line(row));

const allowed = findings.filter((f) => f.entry);
if (allowed.length > 0) {
  log('\nallowed, because:');
  for (const f of allowed) log(`  ${f.id} ${f.where}: ${f.entry.reason}`);
}
for (const entry of skip) log(`skipped ${entry.check}: ${entry.reason}`);
const unused = allow.filter((entry) => !findings.some((f) => f.entry === entry));
for (const entry of unused) log(`note: allow entry no longer matches anything (remove it?): ${entry.check} ${entry.file}`);

const failing = findings.filter((f) => f.status === 'FAIL');
if (failing.length > 0) {
  console.error(`\nscan: ${failing.length} finding(s) of severity ${gate.join('/')} without a justification in ${relative(root, allowFile)}`);
  process.exit(1);
}
log(`\nscan: ok (${findings.length} finding(s): ${allowed.length} allowed, ${findings.length - allowed.length} below ${gate[0]})`);
