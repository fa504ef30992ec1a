/**
 * "Copy as curl" from a request-log entry. The entry was redacted when it was recorded, so the
 * secret is not here to leak; every sensitive parameter becomes a shell variable the developer
 * sets on the machine that runs the command (e.g. `secret=${WX_APPSECRET}`).
 */
import type { RequestLogEntry } from '../../../contract';

/** Parameter name (lower case) → the shell variable that stands in for it. */
const variables: Record<string, string> = {
  secret: 'WX_APPSECRET',
  appsecret: 'WX_APPSECRET',
  access_token: 'ACCESS_TOKEN',
  refresh_token: 'REFRESH_TOKEN',
  code: 'WX_CODE',
  js_code: 'JS_CODE',
  session_key: 'SESSION_KEY',
};
/** What main's redaction leaves in place of a value. */
const REDACTED = '***';

/** The variable for a parameter, or null when its value may be copied as it is. */
function variableFor(name: string, value: unknown): string | null {
  const known = variables[name.toLowerCase()];
  if (known) return known;
  if (value === REDACTED) return `WX_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  return null;
}

/** A command line built of literal text and variable references, quoted at the end. */
type Piece = { text: string } | { variable: string };

const doubleQuoted = (pieces: Piece[]): string =>
  `"${pieces.map((p) => ('variable' in p ? `\${${p.variable}}` : p.text.replace(/[\\"$`]/g, '\\$&'))).join('')}"`;

/** Single quotes keep JSON literal; a variable closes them, expands in double quotes, reopens. */
const singleQuoted = (pieces: Piece[]): string =>
  `'${pieces.map((p) => ('variable' in p ? `'"\${${p.variable}}"'` : p.text.replace(/'/g, `'\\''`))).join('')}'`;

function urlPieces(url: string): Piece[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ text: url }];
  }
  const pieces: Piece[] = [{ text: `${parsed.origin}${parsed.pathname}` }];
  let first = true;
  for (const [name, value] of parsed.searchParams) {
    pieces.push({ text: `${first ? '?' : '&'}${encodeURIComponent(name)}=` });
    first = false;
    const variable = variableFor(name, value);
    pieces.push(variable ? { variable } : { text: encodeURIComponent(value) });
  }
  return pieces;
}

const MARK = '\u241fWXCRED_VAR:';
const END = '\u241f';

function withMarks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withMarks);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const variable = typeof v === 'object' && v !== null ? null : variableFor(key, v);
    out[key] = variable ? `${MARK}${variable}${END}` : withMarks(v);
  }
  return out;
}

/** Splits text carrying MARK…END placeholders into pieces. */
function splitMarks(text: string): Piece[] {
  const pieces: Piece[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf(MARK);
    if (start < 0) break;
    const end = rest.indexOf(END, start + MARK.length);
    if (end < 0) break;
    pieces.push({ text: rest.slice(0, start) }, { variable: rest.slice(start + MARK.length, end) });
    rest = rest.slice(end + END.length);
  }
  pieces.push({ text: rest });
  return pieces;
}

function bodyPieces(body: unknown): { pieces: Piece[]; json: boolean } | null {
  if (body === null || body === undefined || body === '') return null;
  if (typeof body === 'string') {
    // A form or query-style body: name=value pairs.
    if (/^[\w.-]+=/.test(body)) {
      const pieces: Piece[] = [];
      body.split('&').forEach((pair, i) => {
        const eq = pair.indexOf('=');
        const name = eq < 0 ? pair : pair.slice(0, eq);
        const value = eq < 0 ? '' : pair.slice(eq + 1);
        const variable = variableFor(decodeURIComponent(name), value);
        pieces.push({ text: `${i > 0 ? '&' : ''}${name}${eq < 0 ? '' : '='}` });
        if (eq >= 0) pieces.push(variable ? { variable } : { text: value });
      });
      return { pieces, json: false };
    }
    return { pieces: [{ text: body }], json: false };
  }
  return { pieces: splitMarks(JSON.stringify(withMarks(body))), json: true };
}

/** The shell variables a command from this entry expects, in order of first use. */
export function curlVariables(command: string): string[] {
  return [...new Set([...command.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1] ?? ''))];
}

export function buildCurl(entry: Pick<RequestLogEntry, 'method' | 'url' | 'requestBody'>): string {
  const method = entry.method.toUpperCase();
  const lines = [`curl -sS${method === 'GET' ? '' : ` -X ${method}`} ${doubleQuoted(urlPieces(entry.url))}`];
  const body = bodyPieces(entry.requestBody);
  if (body) {
    lines.push(`-H ${singleQuoted([{ text: `Content-Type: ${body.json ? 'application/json' : 'application/x-www-form-urlencoded'}` }])}`);
    lines.push(`--data-raw ${singleQuoted(body.pieces)}`);
  }
  return lines.join(' \\\n  ');
}
