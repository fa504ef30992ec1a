/**
 * WeChat has sent JSON with raw control characters inside strings (a nickname holding U+0014, a
 * city of "\b"), which JSON.parse rejects. Such a reply is still WeChat's answer: escape control
 * characters that sit inside string literals, and parse again. Anything else stays an error.
 */

/** JSON.parse, then, only if that failed, a second try with in-string control characters escaped. */
export function parseWechatJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    const repaired = escapeControlCharsInStrings(text);
    if (repaired === text) throw first;
    return JSON.parse(repaired);
  }
}

/** Escapes U+0000–U+001F found inside JSON string literals; outside strings nothing changes. */
export function escapeControlCharsInStrings(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (code === 0x5c) escaped = true;
      else if (code === 0x22) inString = false;
      else if (code < 0x20) {
        out += text.slice(start, i) + `\\u${code.toString(16).padStart(4, '0')}`;
        start = i + 1;
      }
    } else if (code === 0x22) {
      inString = true;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}
