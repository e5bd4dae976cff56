// The portal's two languages. The choice is remembered in localStorage (`er-lang`) and set on
// <html lang>. Amounts and dates go through the same domain formatters as the emails.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatOsloDate, formatOsloDateTime } from '@domain/date-format';
import { formatMoney } from '@domain/money';
import type { Locale } from '@domain/types';
import { en, nb, type Messages } from './messages';

export const LANG_KEY = 'er-lang';
const MESSAGES: Record<Locale, Messages> = { nb, en };

function initialLang(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(LANG_KEY);
  if (saved === 'nb' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'nb';
}

export interface I18n {
  lang: Locale;
  setLang(lang: Locale): void;
  t: Messages;
  money(minor: number): string;
  dateTime(iso: string | number): string;
  date(iso: string | number): string;
}

const I18nContext = createContext<I18n | null>(null);

const ms = (v: string | number) => (typeof v === 'number' ? v : Date.parse(v));

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Locale>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = MESSAGES[lang].appTitle;
  }, [lang]);
  const setLang = useCallback((next: Locale) => {
    localStorage.setItem(LANG_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: MESSAGES[lang],
      money: (minor) => formatMoney(minor, 'NOK', lang),
      dateTime: (v) => formatOsloDateTime(ms(v), lang),
      date: (v) => formatOsloDate(ms(v), lang),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
