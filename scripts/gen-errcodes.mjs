#!/usr/bin/env node
/**
 * Regenerates src/core/errcodes/table.generated.ts from data/errcodes.tsv and wxcred's own rules
 * beside it (categories.ts, guidance.ts, search.ts).
 *
 *   node scripts/gen-errcodes.mjs [path/to/errcodes.tsv [path/to/output.ts]]
 *
 * Default input: data/errcodes.tsv, relative to the repository root; default output:
 * src/core/errcodes/table.generated.ts (a test writes elsewhere to check the two agree). The output is a
 * checked-in module (it is bundled into main and the CLI) holding the finished table — every
 * entry's category, guidance and conflict note, and the normalised texts search looks in — as one
 * JSON text, so a fresh process only runs `JSON.parse` (far faster in V8 than the same data as
 * object literals) instead of categorising and normalising 1,914 entries. Of the long `source`
 * column only what the app shows is kept: whose words the English text is, the doc page it
 * names. The TypeScript rules are compiled for this run with the project's own `typescript`;
 * they import nothing at run time, which keeps that a per-file transpile.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
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

/** Bits of the `lists` column: which public lists carry the code. Mirrored in categories.ts. */
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

/** One TypeScript module of the rules, transpiled on its own and imported from a data: URL. */
async function importTs(path) {
  const ts = createRequire(import.meta.url)('typescript');
  const { outputText } = ts.transpileModule(readFileSync(resolve(repoRoot, path), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: path,
  });
  if (/^\s*import\s/m.test(outputText)) throw new Error(`${path} imports a module at run time; the generator cannot load it`);
  return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
}

/** The finished entries, exactly as the app showed them when it built them at start-up. */
async function finish(rows) {
  const [{ errcodeCategories }, { categorize, conflicts }, { guidance }, search] = await Promise.all([
    importTs('src/contract/errcodes.ts'),
    importTs('src/core/errcodes/categories.ts'),
    importTs('src/core/errcodes/guidance.ts'),
    importTs('src/core/errcodes/search.ts'),
  ]);
  for (const code of [...guidance.keys(), ...conflicts.keys()]) {
    if (!rows.some((r) => r.code === code)) throw new Error(`guidance or a conflict note for ${code}, which the TSV lacks`);
  }
  return {
    categories: errcodeCategories,
    entries: rows.map((r) => {
      const notes = guidance.get(r.code);
      const entry = {
        code: r.code,
        zh: r.zh,
        en: r.en,
        enSource: r.enSource,
        category: categorize(r.code, r.zh, r.en, r.lists),
        docUrl: r.docUrl,
        conflict: conflicts.get(r.code) ?? null,
        cause: notes?.cause ?? null,
        fix: notes?.fix ?? null,
      };
      const texts = search.searchTextsOf(entry);
      const hasNotes = entry.cause !== null || entry.fix !== null || entry.conflict !== null;
      const notesText = hasNotes ? search.normalizeQuery(search.notesText(entry)) : null;
      const zh = entry.zh === null ? '' : search.normalizeQuery(entry.zh);
      const en = search.normalizeQuery(entry.en);
      const joined = search.joinParts(entry.code, { zh, en, rest: notesText === null ? entry.category : `${entry.category} ${notesText}` });
      if (joined.official !== texts.official || joined.haystack !== texts.haystack) {
        throw new Error(`code ${entry.code}: the search parts do not join into searchTextsOf's texts`);
      }
      // Store a part only where the cheap rebuild (zh as it is, en lowercased) would get it wrong.
      const zhSearch = zh === (entry.zh ?? '') ? 0 : zh;
      const enSearch = en === entry.en.toLowerCase() ? 0 : en;
      return { entry, zhSearch, enSearch, notesText };
    }),
  };
}

function render({ categories, entries }, inputLabel) {
  const enSources = ['official', 'wechatpy-enum', 'gloss'];
  const urls = [...new Set(entries.map((r) => r.entry.docUrl).filter((u) => u !== null))].sort();
  const lines = entries.map(({ entry: e, zhSearch, enSearch, notesText }) => {
    const row = [e.code, e.zh, e.en, enSources.indexOf(e.enSource), e.docUrl === null ? -1 : urls.indexOf(e.docUrl), categories.indexOf(e.category)];
    const tail = [zhSearch, enSearch, notesText === null ? 0 : { cause: e.cause, fix: e.fix, conflict: e.conflict }];
    while (tail.length > 0 && tail.at(-1) === 0) tail.pop();
    return JSON.stringify([...row, ...tail]);
  });
  const json = [
    `{"enSources":${JSON.stringify(enSources)},`,
    `"categories":${JSON.stringify(categories)},`,
    `"docUrls":[`,
    ...urls.map((u, i) => JSON.stringify(u) + (i < urls.length - 1 ? ',' : '')),
    `],"rows":[`,
    ...lines.map((l, i) => l + (i < lines.length - 1 ? ',' : '')),
    `]}`,
  ];
  return `// GENERATED FILE — do not edit. Produced by scripts/gen-errcodes.mjs from ${inputLabel}
// (${entries.length} codes) and src/core/errcodes/{categories,guidance,search}.ts. Change those or the
// script, then run: node scripts/gen-errcodes.mjs
import type { ErrcodeData } from './tableTypes';

/**
 * One JSON text, kept as its lines (one row each) and parsed on first use. Lines in an array
 * rather than one template literal: V8 holds a 200 KB template's text several times over while
 * compiling it (+3 MiB peak RSS wherever the table is loaded).
 */
const json: readonly string[] = [
${json.map((l) => `  ${JSON.stringify(l)},`).join('\n')}
];

let parsed: ErrcodeData | null = null;

export function errcodeData(): ErrcodeData {
  parsed ??= JSON.parse(json.join('\\n')) as ErrcodeData;
  return parsed;
}
`;
}

const rows = parseTsv(readFileSync(inputPath, 'utf8'));
const label = relative(repoRoot, inputPath).split('\\').join('/');
writeFileSync(outputPath, render(await finish(rows), label));
process.stdout.write(`wrote ${relative(process.cwd(), outputPath)}: ${rows.length} codes from ${label}\n`);
