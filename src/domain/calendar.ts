// Calendar rules in Europe/Oslo (DESIGN §4): Norwegian public holidays, business days, return
// deadlines, reminder times and dispatch SLAs. Time is always a parameter (epoch ms or a
// LocalDate); nothing here reads the clock, so the workflow may import it deterministically.

import type { LocalDate, ReturnWindow, ServiceLevel } from './types';
import type { ReportBucket } from './vocabulary';

export const OSLO_TIME_ZONE = 'Europe/Oslo';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Local dates. A LocalDate is handled as a day number (days since 1970-01-01) so that date
// arithmetic never goes through a time zone.

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function assertLocalDate(value: unknown, what: string): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${String(value)}`);
  }
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${String(n)}`);
  }
}

function assertInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${what} must be a finite epoch-millisecond instant`);
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

function ymd(date: LocalDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function formatYmd(y: number, m: number, d: number): LocalDate {
  return `${y.toString().padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function dayNumber(date: LocalDate): number {
  const [y, m, d] = ymd(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(n: number): LocalDate {
  const dt = new Date(n * DAY_MS);
  return formatYmd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  assertLocalDate(date, 'date');
  const wd = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date, 'date');
  if (!Number.isSafeInteger(n)) throw new RangeError(`days must be an integer, got ${String(n)}`);
  return fromDayNumber(dayNumber(date) + n);
}

/** Whole months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  assertLocalDate(date, 'date');
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${String(months)}`);
  const [y, m, d] = ymd(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return formatYmd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

// ---------------------------------------------------------------------------------------------
// Holidays and business days.

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  if (!Number.isSafeInteger(year) || year < 1583) throw new RangeError(`year must be a Gregorian year, got ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatYmd(year, month, day);
}

// Memoised per year: the list is a pure function of the year, and business-day loops hit it often.
const holidayCache = new Map<number, ReadonlySet<LocalDate>>();

/**
 * Norwegian public holidays (helligdager and 1/17 May) of a year, in date order, each date once
 * (Whit Monday and 17 May fall on the same day in 2027 and 2032).
 */
export function norwegianHolidays(year: number): LocalDate[] {
  const easter = easterSunday(year);
  const rel = (days: number) => addCalendarDays(easter, days);
  const dates = [
    formatYmd(year, 1, 1), // Første nyttårsdag
    rel(-3), // Skjærtorsdag
    rel(-2), // Langfredag
    easter, // Første påskedag
    rel(1), // Andre påskedag
    formatYmd(year, 5, 1), // Offentlig høytidsdag
    formatYmd(year, 5, 17), // Grunnlovsdag
    rel(39), // Kristi himmelfartsdag
    rel(49), // Første pinsedag
    rel(50), // Andre pinsedag
    formatYmd(year, 12, 25), // Første juledag
    formatYmd(year, 12, 26), // Andre juledag
  ];
  return [...new Set(dates)].sort();
}

function holidaySet(year: number): ReadonlySet<LocalDate> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(norwegianHolidays(year));
    holidayCache.set(year, set);
  }
  return set;
}

export function isNorwegianHoliday(date: LocalDate): boolean {
  assertLocalDate(date, 'date');
  return holidaySet(Number(date.slice(0, 4))).has(date);
}

/** Monday to Friday and not a Norwegian public holiday. */
export function isBusinessDay(date: LocalDate): boolean {
  return isoWeekday(date) <= 5 && !isNorwegianHoliday(date);
}

/** The n-th business day after `date` (n = 0 returns `date` unchanged). */
export function addBusinessDays(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date, 'date');
  assertCount(n, 'business days');
  let current = date;
  for (let left = n; left > 0;) {
    current = addCalendarDays(current, 1);
    if (isBusinessDay(current)) left--;
  }
  return current;
}

/**
 * The n-th business day before `date`. n = 0 is `date` itself when it is a business day,
 * otherwise the business day before it.
 */
export function subtractBusinessDays(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date, 'date');
  assertCount(n, 'business days');
  let current = date;
  if (n === 0) {
    while (!isBusinessDay(current)) current = addCalendarDays(current, -1);
    return current;
  }
  for (let left = n; left > 0;) {
    current = addCalendarDays(current, -1);
    if (isBusinessDay(current)) left--;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Oslo wall clock. Offsets come from the runtime's tz database through Intl, so a change of
// Norway's DST rules is picked up without touching this code.

let osloFormatter: Intl.DateTimeFormat | undefined;

function formatter(): Intl.DateTimeFormat {
  osloFormatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: OSLO_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return osloFormatter;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(instantMs: number): WallParts {
  // Intl works in whole seconds; the millisecond part is carried separately by callers.
  const parts = formatter().formatToParts(new Date(instantMs - mod(instantMs, 1000)));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Oslo's offset from UTC at an instant, in ms (3 600 000 in winter, 7 200 000 in summer). */
export function osloOffsetMs(instantMs: number): number {
  assertInstant(instantMs, 'instant');
  const p = wallParts(instantMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instantMs - mod(instantMs, 1000));
}

export function osloDate(instantMs: number): LocalDate {
  assertInstant(instantMs, 'instant');
  const p = wallParts(instantMs);
  return formatYmd(p.year, p.month, p.day);
}

export interface OsloWallClock {
  date: LocalDate;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

export function osloWallClock(instantMs: number): OsloWallClock {
  assertInstant(instantMs, 'instant');
  const p = wallParts(instantMs);
  const date = formatYmd(p.year, p.month, p.day);
  return { date, hour: p.hour, minute: p.minute, second: p.second, ms: mod(instantMs, 1000), weekday: isoWeekday(date) };
}

/** `YYYY-MM-DDTHH:mm:ss` in Oslo, without an offset (carriers' local date-times, labels). */
export function osloLocalDateTime(instantMs: number): string {
  const w = osloWallClock(instantMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.date}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/**
 * The instant of an Oslo wall-clock time. A time skipped by the spring-forward gap resolves to
 * the same distance past the gap (02:30 → 03:30 CEST); a time repeated in the autumn resolves
 * to its first (summer-time) occurrence — the usual "compatible" disambiguation.
 */
export function osloInstant(date: LocalDate, hour = 0, minute = 0, second = 0, ms = 0): number {
  assertLocalDate(date, 'date');
  const fields: Array<[number, number, string]> = [
    [hour, 23, 'hour'],
    [minute, 59, 'minute'],
    [second, 59, 'second'],
    [ms, 999, 'ms'],
  ];
  for (const [v, max, name] of fields) {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${name} must be an integer 0–${max}, got ${v}`);
  }
  const [y, m, d] = ymd(date);
  const wall = Date.UTC(y, m - 1, d, hour, minute, second, ms);
  // The two offsets that can apply around this wall time: the one in force a day before and a
  // day after cover any single transition.
  const before = osloOffsetMs(wall - DAY_MS);
  const after = osloOffsetMs(wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((t) => t + osloOffsetMs(t) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: keep the offset from before the transition, which lands after it.
  return wall - before;
}

/** The Oslo day, or the Monday of the ISO week, that contains `date`. */
export function bucketStart(date: LocalDate, bucket: ReportBucket): LocalDate {
  return bucket === 'day' ? date : addCalendarDays(date, 1 - isoWeekday(date));
}

/**
 * The first dates of every day or week that overlaps [fromMs, toMs) in Oslo, oldest first: a
 * report's rows, so a bucket without movements still appears (as zero). Throws past `max` buckets.
 */
export function periodBuckets(fromMs: number, toMs: number, bucket: ReportBucket, max = 1000): LocalDate[] {
  assertInstant(fromMs, 'from');
  assertInstant(toMs, 'to');
  const out: LocalDate[] = [];
  if (!(fromMs < toMs)) return out;
  const step = bucket === 'day' ? 1 : 7;
  for (let d = bucketStart(osloDate(fromMs), bucket); osloInstant(d) < toMs; d = addCalendarDays(d, step)) {
    if (out.length === max) throw new RangeError(`the period has more than ${max} ${bucket}s`);
    out.push(d);
  }
  return out;
}

/** 23:59:59.999 Oslo on `date`. */
export function endOfOsloDay(date: LocalDate): number {
  return osloInstant(date, 23, 59, 59, 999);
}

// ---------------------------------------------------------------------------------------------
// Deadlines and reminders.

/**
 * When the original must be back: the end of the n-th business (or calendar) day after the
 * Oslo calendar day of dispatch.
 */
export function returnDeadline(dispatchedAtMs: number, window: ReturnWindow): number {
  if (!Number.isSafeInteger(window.days) || window.days < 1) {
    throw new RangeError(`return window must be a positive number of days, got ${String(window.days)}`);
  }
  const day = osloDate(dispatchedAtMs);
  const last = window.kind === 'business_days' ? addBusinessDays(day, window.days) : addCalendarDays(day, window.days);
  return endOfOsloDay(last);
}

/**
 * 09:00 Oslo on the n-th business day before the deadline's Oslo day, for each n, ascending and
 * without duplicates. Instants at or before `notBeforeMs` (already past, e.g. a late dispatch)
 * and at or after the deadline itself are dropped.
 */
export function reminderInstants(deadlineMs: number, businessDaysBefore: number[], notBeforeMs: number): number[] {
  assertInstant(deadlineMs, 'deadline');
  assertInstant(notBeforeMs, 'notBefore');
  const deadlineDay = osloDate(deadlineMs);
  const instants = new Set<number>();
  for (const n of businessDaysBefore) {
    const at = osloInstant(subtractBusinessDays(deadlineDay, n), 9);
    if (at > notBeforeMs && at < deadlineMs) instants.add(at);
  }
  return [...instants].sort((a, b) => a - b);
}

/** End (23:59:59.999 Oslo) of the n-th business day after the Oslo day of `instantMs`. */
export function endOfNthBusinessDayAfter(instantMs: number, n: number): number {
  return endOfOsloDay(addBusinessDays(osloDate(instantMs), n));
}

/**
 * Business days left before a deadline, as a countdown for the customer: the Oslo business days
 * after today up to and including the deadline's Oslo day. 0 on the deadline's day and after it
 * (the rest of today is not counted).
 */
export function businessDaysLeft(nowMs: number, deadlineMs: number): number {
  assertInstant(nowMs, 'now');
  assertInstant(deadlineMs, 'deadline');
  if (deadlineMs <= nowMs) return 0;
  const last = osloDate(deadlineMs);
  let left = 0;
  for (let day = addCalendarDays(osloDate(nowMs), 1); day <= last; day = addCalendarDays(day, 1)) {
    if (isBusinessDay(day)) left++;
  }
  return left;
}

// ---------------------------------------------------------------------------------------------
// Dispatch SLA (DESIGN §4; Nextron's response levels "Mandag-Fredag 09-17", "24/7").

export const STANDARD_CUTOFF_HOUR = 15;
export const STANDARD_DUE_HOUR = 17;
export const BUSINESS_OPEN_HOUR = 9;
export const BUSINESS_CLOSE_HOUR = 17;
const PRIORITY_BUSINESS_MS = 4 * HOUR_MS;

/** Opening (09:00 Oslo) of the first business day strictly after `date`. */
function nextOpening(date: LocalDate): number {
  return osloInstant(addBusinessDays(date, 1), BUSINESS_OPEN_HOUR);
}

/** When the replacement must have been dispatched for a request made at `requestedAtMs`. */
export function dispatchDueBy(requestedAtMs: number, level: ServiceLevel): number {
  assertInstant(requestedAtMs, 'requestedAt');
  switch (level) {
    case 'standard': {
      const wc = osloWallClock(requestedAtMs);
      const sameDay = isBusinessDay(wc.date) && wc.hour < STANDARD_CUTOFF_HOUR;
      return osloInstant(sameDay ? wc.date : addBusinessDays(wc.date, 1), STANDARD_DUE_HOUR);
    }
    case 'priority_4h': {
      // Count 4 hours of business time (09–17 on business days), carrying over closed periods.
      let remaining = PRIORITY_BUSINESS_MS;
      let cursor = requestedAtMs;
      for (;;) {
        const date = osloDate(cursor);
        if (!isBusinessDay(date)) {
          cursor = nextOpening(date);
          continue;
        }
        const open = osloInstant(date, BUSINESS_OPEN_HOUR);
        const close = osloInstant(date, BUSINESS_CLOSE_HOUR);
        if (cursor < open) cursor = open;
        if (cursor >= close) {
          cursor = nextOpening(date);
          continue;
        }
        if (remaining <= close - cursor) return cursor + remaining;
        remaining -= close - cursor;
        cursor = nextOpening(date);
      }
    }
    case '24x7':
      return requestedAtMs + 24 * HOUR_MS;
  }
}
