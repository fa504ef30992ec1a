import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { format, langFromNavigator, langs, type Lang, type MessageKey, type MessageVars } from './messages';

export type T = (key: MessageKey, vars?: MessageVars) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: T;
}

const STORAGE_KEY = 'wxcred.lang';
const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (langs as readonly string[]).includes(stored)) return stored as Lang;
  } catch {
    // Storage can be disabled; fall back to the browser's language.
  }
  return langFromNavigator(navigator.language);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this session.
    }
  }, []);

  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => format(lang, key, vars) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() outside <I18nProvider>');
  return i18n;
}

export const useT = (): T => useI18n().t;
