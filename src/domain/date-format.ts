// Dates and times as a person reads them, in Europe/Oslo, the same in emails and on the web.
// Intl is part of the language, not I/O: formatting an instant reads no clock.

import { OSLO_TIME_ZONE } from './calendar';
import type { Locale } from './types';

/** BCP 47 tag used for each locale's dates. */
export const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };

/** Appended to local times so a reader abroad knows which clock is meant. */
export const OSLO_TIME_LABEL: Record<Locale, string> = { nb: 'norsk tid', en: 'Oslo time' };

interface DateFormatters {
  dateTime: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
}

// Building an Intl.DateTimeFormat costs more than formatting with it; one set per locale.
const CACHE = new Map<Locale, DateFormatters>();

function formattersFor(locale: Locale): DateFormatters {
  let f = CACHE.get(locale);
  if (!f) {
    const tag = INTL_LOCALE[locale];
    f = {
      dateTime: new Intl.DateTimeFormat(tag, { timeZone: OSLO_TIME_ZONE, dateStyle: 'full', timeStyle: 'short' }),
      date: new Intl.DateTimeFormat(tag, { timeZone: OSLO_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }),
    };
    CACHE.set(locale, f);
  }
  return f;
}

/** ICU puts no-break and narrow spaces in dates; plain spaces keep text predictable. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Oslo local date and time, marked as Oslo time: "Tuesday 3 March 2026 at 14:05 (Oslo time)". */
export function formatOsloDateTime(epochMs: number, locale: Locale): string {
  return `${plain(formattersFor(locale).dateTime.format(epochMs))} (${OSLO_TIME_LABEL[locale]})`;
}

/** Oslo local calendar date: "3 March 2026", "3. mars 2026". */
export function formatOsloDate(epochMs: number, locale: Locale): string {
  return plain(formattersFor(locale).date.format(epochMs));
}
