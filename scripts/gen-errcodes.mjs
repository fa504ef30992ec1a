#!/usr/bin/env node
/**
 * Regenerates src/core/errcodes/table.generated.ts from data/errcodes.tsv.
 *
 *   node scripts/gen-errcodes.mjs [path/to/errcodes.tsv [path/to/output.ts]]
 *
 * Default input: data/errcodes.tsv, relative to the repository root; default output:
 * src/core/errcodes/table.generated.ts (a test writes elsewhere to check the two agree). The output is a
 * checked-in module of compact tuples (it is bundled into main, the renderer and the CLI), so
 * only what the app shows is kept: the long `source` column shrinks to whose words the English
 * text is, the doc page it names, and which public lists carry the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const inputPath = resolve(process.argv[2] ?? resolve(repoRoot, 'data/errcodes.tsv'));
const outputPath = resolve(process.argv[3] ?? resolve(repoRoot, 'src/core/errcodes/table.generated.ts'));

const GLOBAL_MP = 'https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html';
const GLOBAL_OPEN = 'https://developers.weixin.qq.com/doc/oplatform/Return_codes/Return_code_descriptions_new.html';
const OAUTH_PAGE = 'https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html';
const GET_TOKEN = 'https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html';
const GET_STABLE_TOKEN = 'https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html';

/** Bits of the `lists` column: which public lists carry the code. Mirrored in index.ts. */
const LIST_BITS = { 'wxjava:mp': 1, 'wxjava:open': 2, 'wxjava:ma': 4, senparc: 8, wechatpy: 16 };

/** `source` names whose words the English text is; three spellings, one per enSource value. */
function enSourceOf(source, line) {
  if (/en=official errmsg/.test(source)) return 'official';
  if (/en=wechatpy enum name/.test(source)) return 'wechatpy-enum';
  if (/en=unofficial gloss/.test(source)) return 'gloss';
  throw new Error(`line ${line}: cannot tell whose English this is: ${source}`);
}

/**
 * The most specific official page for a code: a page the source names, else the global return-code
 * list that carries it. Copies of official docs (blogs, Postman collections) point at the original.
 */
function docUrlOf(source) {
  const doc = /(?:^|;\s*)doc:(https:\/\/\S+?)(?=;|\s|$)/.exec(source);
  if (doc) return doc[1];
  if (/doc:getStableAccessToken/.test(source)) return GET_STABLE_TOKEN;
  if (/getAccessToken doc/.test(source)) return GET_TOKEN;
  const page = /(?:^|;\s*)page:(https:\/\/\S+?)(?=;|\s|$)/.exec(source);
  if (page && page[1].startsWith('https://developers.weixin.qq.com/')) return page[1];
  if (page && /网页授权/.test(source)) return OAUTH_PAGE;
  if (page && /blog\.csdn\.net\/cl11992\/article\/details\/86527897/.test(page[1])) return OAUTH_PAGE;
  if (/wxjava:mp/.test(source)) return GLOBAL_MP;
  if (/wxjava:open/.test(source)) return GLOBAL_OPEN;
  return null;
}

function listsOf(source) {
  let bits = 0;
  for (const part of source.split(';')) {
    const key = part.trim().replace(/^wechatpy:.*$/, 'wechatpy');
    if (key in LIST_BITS) bits |= LIST_BITS[key];
  }
  return bits;
}

function parseTsv(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0].split('\t');
  // `note` is a remark for whoever writes guidance (a conflict between lists, how the live errmsg
  // looks); it is never shown as a code's meaning, so the table does not carry it.
  const expected = ['code', 'official_zh_description', 'short_en_meaning', 'source', 'note'];
  if (header.join('\t') !== expected.join('\t')) {
    throw new Error(`unexpected header: ${header.join(' | ')} (want ${expected.join(' | ')})`);
  }
  const rows = [];
  const seen = new Set();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const lineNo = i + 2;
    const cols = line.split('\t');
    if (cols.length !== 5) throw new Error(`line ${lineNo}: expected 5 columns, got ${cols.length}`);
    const [codeText, zh, en, source] = cols.map((c) => c.trim());
    if (!/^-?\d+$/.test(codeText)) throw new Error(`line ${lineNo}: bad code ${codeText}`);
    const code = Number(codeText);
    if (seen.has(code)) throw new Error(`line ${lineNo}: duplicate code ${code}`);
    seen.add(code);
    if (en === '') throw new Error(`line ${lineNo}: code ${code} has no English text`);
    rows.push({
      code,
      zh: zh === '' ? null : zh,
      en,
      enSource: enSourceOf(source, lineNo),
      docUrl: docUrlOf(source),
      lists: listsOf(source),
    });
  });
  return rows.sort((a, b) => a.code - b.code);
}

function render(rows, inputLabel) {
  const enSources = ['official', 'wechatpy-enum', 'gloss'];
  const urls = [...new Set(rows.map((r) => r.docUrl).filter((u) => u !== null))].sort();
  const body = rows
    .map((r) => {
      const url = r.docUrl === null ? -1 : urls.indexOf(r.docUrl);
      const row = `[${r.code},${JSON.stringify(r.zh)},${JSON.stringify(r.en)},${enSources.indexOf(r.enSource)},${url},${r.lists}]`;
      return `  ${JSON.stringify(row)}`;
    })
    .join(',\n');
  return `// GENERATED FILE — do not edit. Produced by scripts/gen-errcodes.mjs from ${inputLabel}
// (${rows.length} codes). Change the TSV or the script, then run: node scripts/gen-errcodes.mjs

/** [code, zh (null: WeChat publishes only English), en, enSource index, docUrl index (-1: none), lists bitmask] */
export type ErrcodeRow = readonly [number, string | null, string, 0 | 1 | 2, number, number];

export const enSources = ${JSON.stringify(enSources)} as const;

export const docUrls: readonly string[] = ${JSON.stringify(urls, null, 2)};

/**
 * One JSON row per line, kept as strings and parsed on first use: a start-up (the CLI, the window)
 * that never reads the table does not pay for building 1,914 arrays.
 */
const rowsJson: readonly string[] = [
${body},
];

let parsed: readonly ErrcodeRow[] | null = null;

export function errcodeRows(): readonly ErrcodeRow[] {
  parsed ??= JSON.parse('[' + rowsJson.join(',') + ']') as ErrcodeRow[];
  return parsed;
}
`;
}

const rows = parseTsv(readFileSync(inputPath, 'utf8'));
const label = relative(repoRoot, inputPath).split('\\').join('/');
writeFileSync(outputPath, render(rows, label));
process.stdout.write(`wrote ${relative(process.cwd(), outputPath)}: ${rows.length} codes from ${label}\n`);
