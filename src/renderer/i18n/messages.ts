/**
 * The UI's languages and the one formatter; each language's strings live in a file of its own.
 * English is in the first chunk; every other language is a chunk of its own, loaded when it is
 * first shown (`loadLang`), so the first screen does not download and parse strings it never uses.
 */
import { en, type MessageKey } from './en';
import type { Lang } from './langs';

export { langs, type Lang } from './langs';
export type { MessageKey } from './en';

export type Messages = Record<MessageKey, string>;

const loaders: Record<Lang, () => Promise<Messages>> = {
  en: () => Promise.resolve(en),
  'zh-CN': () => import('./zh-CN').then((m) => m.zhCN),
};

const loaded: Partial<Record<Lang, Messages>> = { en };
const pending = new Map<Lang, Promise<Messages>>();

/** A language's strings if they are loaded already. */
export const messagesOf = (lang: Lang): Messages | undefined => loaded[lang];

/** Loads a language's strings once (concurrent callers share the one import). */
export function loadLang(lang: Lang): Promise<Messages> {
  const ready = loaded[lang];
  if (ready) return Promise.resolve(ready);
  let load = pending.get(lang);
  if (!load) {
    load = loaders[lang]().then(
      (messages) => {
        loaded[lang] = messages;
        pending.delete(lang);
        return messages;
      },
      (error: unknown) => {
        // A failed chunk load (e.g. the app was updated underneath) may be retried later.
        pending.delete(lang);
        throw error;
      },
    );
    pending.set(lang, load);
  }
  return load;
}

export type MessageVars = Record<string, string | number>;

/** Formats with `lang`'s strings; a language not loaded yet reads as English. */
export function format(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  const template = (loaded[lang] ?? en)[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** zh, zh-CN, zh-TW, zh-Hans… → Chinese; everything else → English. */
export const langFromNavigator = (language: string | undefined): Lang =>
  language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
