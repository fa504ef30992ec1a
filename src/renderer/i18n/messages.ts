/** The UI's languages and the one formatter; each language's strings live in a file of its own. */
import { en, type MessageKey } from './en';
import type { Lang } from './langs';
import { zhCN } from './zh-CN';

export { langs, type Lang } from './langs';
export type { MessageKey } from './en';


export const messages: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type MessageVars = Record<string, string | number>;

export function format(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  const template = messages[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** zh, zh-CN, zh-TW, zh-Hans… → Chinese; everything else → English. */
export const langFromNavigator = (language: string | undefined): Lang =>
  language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';

