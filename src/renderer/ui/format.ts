/** Small formatting helpers shared by the diagnostics panels, the account tab and the request log. */
import type { Lang } from '../i18n/messages';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 days ago", "5 minutes ago" (or 3天前…) in the UI language, using the largest whole unit. */
export function formatAge(ms: number, lang: Lang): string {
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  const abs = Math.max(0, ms);
  if (abs >= DAY) return rtf.format(-Math.floor(abs / DAY), 'day');
  if (abs >= HOUR) return rtf.format(-Math.floor(abs / HOUR), 'hour');
  if (abs >= MINUTE) return rtf.format(-Math.floor(abs / MINUTE), 'minute');
  return rtf.format(-Math.floor(abs / SECOND), 'second');
}

export const formatDateTime = (at: number, lang: Lang): string =>
  new Date(at).toLocaleString(lang, { hour12: false });

export const formatTime = (at: number, lang: Lang): string =>
  new Date(at).toLocaleTimeString(lang, { hour12: false });

/** Pretty JSON for display; a string that holds JSON (rid/get echoes bodies as text) is parsed first. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** WeChat reports some times in seconds and some in ms; anything before 2001 in ms is seconds. */
export const epochMs = (value: number): number => (value < 1e12 ? value * 1000 : value);
