import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { format, langFromNavigator, langs, loadLang, messagesOf, type Lang, type MessageKey, type MessageVars } from './messages';

export type T = (key: MessageKey, vars?: MessageVars) => string;

interface I18n {
  /** The chosen language; the strings follow as soon as its chunk is loaded (at once if it is). */
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: T;
}

const STORAGE_KEY = 'wxcred.lang';
const I18nContext = createContext<I18n | null>(null);

/** The language a new window starts in: the stored choice, else the system's. */
export function initialLang(): Lang {
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
  // The language whose strings are on screen: lags `lang` only while its chunk loads. Nothing
  // renders before the first language is there, so no English flashes up on a Chinese system.
  const [shown, setShown] = useState<Lang | null>(() => (messagesOf(lang) ? lang : null));
  const latest = useRef(lang);

  /** Loads `next`'s chunk, then shows it unless another language was chosen meanwhile. */
  const showWhenLoaded = useCallback((next: Lang) => {
    loadLang(next).then(
      () => {
        if (latest.current === next) setShown(next);
      },
      () => {
        // The chunk did not load: stay in (or fall back to) the language that is there.
        if (latest.current !== next) return;
        setShown((current) => current ?? 'en');
        setLangState((current) => (current === next ? 'en' : current));
      },
    );
  }, []);

  // Only the first language can be missing on mount; later changes go through setLang.
  useEffect(() => {
    if (shown === null) showWhenLoaded(latest.current);
  }, [shown, showWhenLoaded]);

  useEffect(() => {
    if (shown) document.documentElement.lang = shown;
  }, [shown]);

  const setLang = useCallback(
    (next: Lang) => {
      setLangState(next);
      latest.current = next;
      if (messagesOf(next)) setShown(next);
      else showWhenLoaded(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Not persisted; the choice still holds for this session.
      }
    },
    [showWhenLoaded],
  );

  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => format(shown ?? 'en', key, vars) }), [lang, setLang, shown]);
  return shown === null ? null : <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() outside <I18nProvider>');
  return i18n;
}

export const useT = (): T => useI18n().t;
