import type { Locale } from '@domain/types';
import { useI18n } from '../i18n';

/** An area's own words in the page's language. */
export function useWords<T>(table: Record<Locale, T>): T {
  return table[useI18n().lang];
}
