/**
 * WeChat's message XML (<xml><Field><![CDATA[…]]></Field>…</xml>) read and written with
 * fast-xml-parser, so CDATA, entities and nested elements (news articles, ScanCodeInfo…) are
 * handled by a parser rather than by patterns.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlValue = string | XmlFields | XmlValue[];
export interface XmlFields {
  [name: string]: XmlValue;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  // Values stay strings: MsgId is a 64-bit number and would lose digits as a JS number.
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const builder = new XMLBuilder({ cdataPropName: '__cdata', format: false, suppressEmptyNode: false });

/** Drops the whitespace text between elements that a parser keeps when values are not trimmed. */
function clean(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: XmlFields = {};
    const entries = Object.entries(value as Record<string, unknown>);
    const elements = entries.filter(([k]) => k !== '#text');
    if (elements.length === 0) return String((value as Record<string, unknown>)['#text'] ?? '');
    for (const [k, v] of elements) out[k] = clean(v);
    return out;
  }
  return value === undefined || value === null ? '' : String(value);
}

export class XmlProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlProblem';
  }
}

/** The fields under the root element, which WeChat always calls <xml>. */
export function parseWechatXml(text: string): XmlFields {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlProblem(`${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const doc = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== 'xml') throw new XmlProblem(`the root element is <${roots.join('>, <') || 'none'}>, WeChat's is <xml>`);
  const root = clean(doc.xml);
  return typeof root === 'object' && !Array.isArray(root) ? root : {};
}

/** A top-level field as text, or null when absent or not a plain value. */
export function field(fields: XmlFields, name: string): string | null {
  const value = fields[name];
  return typeof value === 'string' ? value : null;
}

/** Numbers go out bare (CreateTime, MsgId, TimeStamp), every other value in CDATA, as WeChat writes them. */
export function buildWechatXml(fields: Record<string, string | number>): string {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) wrapped[name] = typeof value === 'number' ? value : { __cdata: value };
  return builder.build({ xml: wrapped }) as string;
}
