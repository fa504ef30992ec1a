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

/*
 * Every timestamp on screen goes through these two, so one screen never mixes "8:00:12 PM" with
 * "20:00:12": the UI language decides the clock (English 12-hour, Chinese 24-hour), never the OS.
 */
const timeParts: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', second: '2-digit' };
const dateParts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, withDate: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withDate}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(lang, withDate ? { ...dateParts, ...timeParts } : timeParts);
    formatters.set(key, found);
  }
  return found;
}

/** Date and time of day, to the second, in the UI language. */
export const formatDateTime = (at: number, lang: Lang): string => formatter(lang, true).format(at);

/** Time of day, to the second, in the UI language. */
export const formatTime = (at: number, lang: Lang): string => formatter(lang, false).format(at);

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

/**
 * A span of a day or more as whole days and hours ("29 days 5 hours", 29天5小时), rounded to the
 * nearest hour; under a day as h:mm:ss. Rounded, not floored: a 30-day lifetime read a moment after
 * it began is "30 days", not "29 days".
 */
export function formatSpan(ms: number, lang: Lang): string {
  const hours = Math.round(Math.max(0, ms) / HOUR);
  if (hours < 24) return hms(ms);
  const unit = (value: number, name: 'day' | 'hour') => new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const days = unit(Math.floor(hours / 24), 'day');
  const rest = hours % 24;
  if (rest === 0) return days;
  return lang === 'zh-CN' ? `${days}${unit(rest, 'hour')}` : `${days} ${unit(rest, 'hour')}`;
}

function hms(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
}
