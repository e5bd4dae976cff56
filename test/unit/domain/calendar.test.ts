import {
  addBusinessDays,
  addCalendarDays,
  addMonths,
  bucketStart,
  businessDaysLeft,
  easterSunday,
  endOfNthBusinessDayAfter,
  endOfOsloDay,
  isBusinessDay,
  isLocalDate,
  norwegianHolidays,
  osloDate,
  osloInstant,
  osloLocalDateTime,
  osloWallClock,
  periodBuckets,
  reminderInstants,
  returnDeadline,
  subtractBusinessDays,
} from '../../../src/domain/calendar';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('easterSunday', () => {
  test.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
  ])('%p → %p', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('norwegianHolidays', () => {
  test('2026', () => {
    expect(norwegianHolidays(2026)).toEqual([
      '2026-01-01', // New Year's Day
      '2026-04-02', // Maundy Thursday
      '2026-04-03', // Good Friday
      '2026-04-05', // Easter Sunday
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-14', // Ascension Day (Easter + 39)
      '2026-05-17',
      '2026-05-24', // Whit Sunday (Easter + 49)
      '2026-05-25', // Whit Monday
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  test('2027: Whit Monday falls on 17 May, listed once', () => {
    expect(norwegianHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-03-25',
      '2027-03-26',
      '2027-03-28',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
  });
});

describe('isBusinessDay', () => {
  test.each([
    ['2026-11-23', true], // Monday
    ['2026-11-27', true], // Friday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
    ['2026-12-24', true], // Christmas Eve is not a public holiday
    ['2026-12-25', false],
    ['2026-12-31', true],
    ['2027-01-01', false],
    ['2026-04-02', false], // Maundy Thursday
    ['2026-04-06', false], // Easter Monday
    ['2026-05-14', false], // Ascension Day
    ['2026-05-25', false], // Whit Monday
    ['2026-05-01', false], // Friday, Labour Day
    ['2026-05-18', true],
  ])('%p → %p', (date, expected) => {
    expect(isBusinessDay(date)).toBe(expected);
  });
});

describe('local-date arithmetic', () => {
  test.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-23', 14, '2026-12-07'],
  ])('addCalendarDays(%p, %p) → %p', (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });

  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2025-11-24', 12, '2026-11-24'],
    ['2021-11-30', 60, '2026-11-30'],
  ])('addMonths(%p, %p) → %p (clamped to month end)', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  test.each([
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-11-27', 1, '2026-11-30'], // Fri → Mon
    ['2026-11-23', 10, '2026-12-07'],
    ['2026-04-01', 1, '2026-04-07'], // skips Maundy Thu, Good Fri, weekend, Easter Mon
    ['2026-05-13', 1, '2026-05-15'], // skips Ascension Day
    ['2026-11-28', 1, '2026-11-30'], // from a Saturday
  ])('addBusinessDays(%p, %p) → %p', (date, n, expected) => {
    expect(addBusinessDays(date, n)).toBe(expected);
  });

  test.each([
    ['2026-12-07', 0, '2026-12-07'],
    ['2026-12-07', 3, '2026-12-02'],
    ['2026-12-05', 0, '2026-12-04'], // Saturday → previous business day
    ['2026-12-05', 1, '2026-12-04'],
    ['2026-12-27', 0, '2026-12-24'], // Sun after Christmas → Christmas Eve (Thu)
    ['2027-03-30', 1, '2027-03-24'], // back over Easter Mon, Good Fri, Maundy Thu
    ['2027-01-05', 3, '2026-12-30'], // Mon 4 Jan, (1 Jan holiday), Thu 31, Wed 30
  ])('subtractBusinessDays(%p, %p) → %p', (date, n, expected) => {
    expect(subtractBusinessDays(date, n)).toBe(expected);
  });

  test('rejects negative counts and malformed dates', () => {
    expect(() => addBusinessDays('2026-11-23', -1)).toThrow(RangeError);
    expect(() => subtractBusinessDays('2026-11-23', -1)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('23.11.2026', 1)).toThrow(RangeError);
  });

  test.each([
    ['2026-11-23', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    ['', false],
  ])('isLocalDate(%p) → %p', (v, ok) => {
    expect(isLocalDate(v)).toBe(ok);
  });
});

describe('Oslo wall clock and DST', () => {
  test.each([
    ['2026-12-31T22:59:59.999Z', '2026-12-31'],
    ['2026-12-31T23:00:00.000Z', '2027-01-01'], // CET, +1
    ['2026-06-30T21:59:59.999Z', '2026-06-30'],
    ['2026-06-30T22:00:00.000Z', '2026-07-01'], // CEST, +2
  ])('osloDate(%p) → %p', (instant, date) => {
    expect(osloDate(at(instant))).toBe(date);
  });

  test.each([
    // [date, hour, minute, expected instant]
    ['2026-03-29', 0, 0, '2026-03-28T23:00:00.000Z'],
    ['2026-03-29', 1, 59, '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', 2, 30, '2026-03-29T01:30:00.000Z'], // skipped wall time → 03:30 CEST
    ['2026-03-29', 3, 0, '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', 9, 0, '2026-03-29T07:00:00.000Z'],
    ['2026-10-25', 0, 0, '2026-10-24T22:00:00.000Z'],
    ['2026-10-25', 2, 30, '2026-10-25T00:30:00.000Z'], // repeated wall time → first (CEST) occurrence
    ['2026-10-25', 3, 0, '2026-10-25T02:00:00.000Z'],
    ['2026-10-25', 9, 0, '2026-10-25T08:00:00.000Z'],
    ['2026-11-23', 17, 0, '2026-11-23T16:00:00.000Z'],
  ])('osloInstant(%p, %p:%p) → %p', (date, h, m, expected) => {
    expect(iso(osloInstant(date, h, m))).toBe(expected);
  });

  test.each([
    ['2026-03-29', '2026-03-29T21:59:59.999Z', 23],
    ['2026-10-25', '2026-10-25T22:59:59.999Z', 25],
    ['2026-11-23', '2026-11-23T22:59:59.999Z', 24],
  ])('endOfOsloDay(%p) → %p; the day lasts %p h', (date, end, hours) => {
    expect(iso(endOfOsloDay(date))).toBe(end);
    expect(endOfOsloDay(date) + 1 - osloInstant(date)).toBe(hours * 3_600_000);
  });

  test.each([
    ['2026-10-25T00:30:00.123Z', { date: '2026-10-25', hour: 2, minute: 30, second: 0, ms: 123, weekday: 7 }],
    ['2026-10-25T01:30:00.000Z', { date: '2026-10-25', hour: 2, minute: 30, second: 0, ms: 0, weekday: 7 }],
    ['2026-03-29T00:59:59.999Z', { date: '2026-03-29', hour: 1, minute: 59, second: 59, ms: 999, weekday: 7 }],
    ['2026-03-29T01:00:00.000Z', { date: '2026-03-29', hour: 3, minute: 0, second: 0, ms: 0, weekday: 7 }],
    ['2026-11-23T22:30:00.000Z', { date: '2026-11-23', hour: 23, minute: 30, second: 0, ms: 0, weekday: 1 }],
    ['2026-11-23T23:30:00.000Z', { date: '2026-11-24', hour: 0, minute: 30, second: 0, ms: 0, weekday: 2 }],
  ])('osloWallClock(%p)', (instant, expected) => {
    expect(osloWallClock(at(instant))).toEqual(expected);
  });

  test('rejects out-of-range wall-clock fields', () => {
    expect(() => osloInstant('2026-11-23', 24)).toThrow(RangeError);
    expect(() => osloInstant('2026-11-23', 9, 60)).toThrow(RangeError);
  });
});

describe('returnDeadline', () => {
  const bd10 = { kind: 'business_days', days: 10 } as const;
  const cd14 = { kind: 'calendar_days', days: 14 } as const;

  test.each([
    // DESIGN §4: dispatched Mon 2026-11-23 → 10 business days → end of Mon 2026-12-07 (CET).
    ['DESIGN example', '2026-11-23T09:00:00.000Z', bd10, '2026-12-07T22:59:59.999Z'],
    // 23:30 Oslo on Monday is still Monday's dispatch.
    ['late Oslo evening', '2026-11-23T22:30:00.000Z', bd10, '2026-12-07T22:59:59.999Z'],
    // 00:30 Oslo Tuesday (still Monday in UTC) counts from Tuesday → end of Tue 2026-12-08.
    ['just past Oslo midnight', '2026-11-23T23:30:00.000Z', bd10, '2026-12-08T22:59:59.999Z'],
    // 00:30 Oslo Monday (Sunday in UTC) counts from Monday, not from Sunday.
    ['Sunday in UTC, Monday in Oslo', '2026-11-22T23:30:00.000Z', bd10, '2026-12-07T22:59:59.999Z'],
    // Fri 2026-12-18: Mon 21, Tue 22, Wed 23, Thu 24 (Christmas Eve is a business day) = 4,
    // 25–27 skipped, Mon 28 … Thu 31 = 8, 1 Jan skipped, Mon 4 Jan = 9, Tue 5 Jan = 10.
    ['across Christmas 2026', '2026-12-18T10:00:00.000Z', bd10, '2027-01-05T22:59:59.999Z'],
    // Mon 2027-03-22: Tue 23, Wed 24 = 2, Maundy Thu 25, Good Fri 26, weekend, Easter Mon 29
    // skipped, Tue 30 … Fri 2 Apr = 6, Mon 5 … Thu 8 Apr = 10; CEST since 28 March.
    ['across Easter 2027', '2027-03-22T10:00:00.000Z', bd10, '2027-04-08T21:59:59.999Z'],
    // 14 calendar days, holidays included.
    ['calendar days', '2026-11-23T09:00:00.000Z', cd14, '2026-12-07T22:59:59.999Z'],
    ['calendar days ending on a holiday', '2026-12-18T10:00:00.000Z', cd14, '2027-01-01T22:59:59.999Z'],
    ['calendar days ending on the spring DST day', '2026-03-15T10:00:00.000Z', cd14, '2026-03-29T21:59:59.999Z'],
    ['calendar days ending on the autumn DST day', '2026-10-11T10:00:00.000Z', cd14, '2026-10-25T22:59:59.999Z'],
    // Sun 2026-03-29 (DST day) 23:30 CEST = 21:30Z counts from Sunday: Mon 30, Tue 31, Wed 1 Apr
    // = 3, Easter 2–6 Apr skipped, Tue 7 … Fri 10 = 7, Mon 13, Tue 14, Wed 15 Apr = 10.
    ['dispatched late on the DST day', '2026-03-29T21:30:00.000Z', bd10, '2026-04-15T21:59:59.999Z'],
  ])('%s', (_name, dispatched, window, expected) => {
    expect(iso(returnDeadline(at(dispatched), window))).toBe(expected);
  });

  test('rejects an empty window', () => {
    expect(() => returnDeadline(at('2026-11-23T09:00:00Z'), { kind: 'business_days', days: 0 })).toThrow(RangeError);
  });
});

describe('endOfNthBusinessDayAfter', () => {
  test.each([
    // in-transit grace of 10 business days from the DESIGN deadline (Mon 7 Dec): Tue 8 … Mon 21 Dec
    ['2026-12-07T22:59:59.999Z', 10, '2026-12-21T22:59:59.999Z'],
    // over Christmas and New Year: Wed 23, Thu 24, Mon 28, Tue 29, Wed 30
    ['2026-12-22T12:00:00.000Z', 5, '2026-12-30T22:59:59.999Z'],
    ['2026-11-23T12:00:00.000Z', 0, '2026-11-23T22:59:59.999Z'],
  ])('from %p, %p business days → %p', (from, n, expected) => {
    expect(iso(endOfNthBusinessDayAfter(at(from), n))).toBe(expected);
  });
});

describe('businessDaysLeft', () => {
  test.each([
    // Tue 22 Dec → end of Wed 30 Dec: Wed 23, Thu 24, Mon 28, Tue 29, Wed 30 (Christmas and weekends skipped)
    ['2026-12-22T12:00:00.000Z', '2026-12-30T22:59:59.999Z', 5],
    // Friday → end of Monday: the weekend does not count, Monday does
    ['2026-12-04T12:00:00.000Z', '2026-12-07T22:59:59.999Z', 1],
    // on the deadline's own day: nothing left but the rest of today
    ['2026-12-07T10:00:00.000Z', '2026-12-07T22:59:59.999Z', 0],
    // past the deadline
    ['2026-12-08T10:00:00.000Z', '2026-12-07T22:59:59.999Z', 0],
    // 23:30 on Monday in Oslo (22:30 UTC) is still Monday: Tuesday and Wednesday are left
    ['2026-12-07T22:30:00.000Z', '2026-12-09T22:59:59.999Z', 2],
  ])('from %p to %p → %p', (now, deadline, expected) => {
    expect(businessDaysLeft(at(now), at(deadline))).toBe(expected);
  });
});

describe('reminderInstants', () => {
  const designDeadline = at('2026-12-07T22:59:59.999Z');
  const dispatched = at('2026-11-23T09:00:00.000Z');

  test.each([
    // Wed 2 Dec (3 business days before Mon 7 Dec) and Mon 7 Dec, 09:00 CET.
    ['3 and 0 before the DESIGN deadline', designDeadline, [3, 0], dispatched, ['2026-12-02T08:00:00.000Z', '2026-12-07T08:00:00.000Z']],
    ['input order does not matter', designDeadline, [0, 3], dispatched, ['2026-12-02T08:00:00.000Z', '2026-12-07T08:00:00.000Z']],
    ['duplicates collapse', designDeadline, [0, 3, 0], dispatched, ['2026-12-02T08:00:00.000Z', '2026-12-07T08:00:00.000Z']],
    ['past reminders are dropped', designDeadline, [3, 0], at('2026-12-03T10:00:00.000Z'), ['2026-12-07T08:00:00.000Z']],
    ['a reminder exactly at notBefore is dropped', designDeadline, [3, 0], at('2026-12-02T08:00:00.000Z'), ['2026-12-07T08:00:00.000Z']],
    // Deadline Tue 5 Jan 2027: 3 back = Mon 4, (Fri 1 Jan holiday), Thu 31, Wed 30 Dec.
    ['across New Year', at('2027-01-05T22:59:59.999Z'), [3, 0], dispatched, ['2026-12-30T08:00:00.000Z', '2027-01-05T08:00:00.000Z']],
    // Summer time: 09:00 CEST = 07:00Z. Deadline Thu 8 Apr 2027; 3 back = Mon 5 Apr.
    ['summer time', at('2027-04-08T21:59:59.999Z'), [3, 0], at('2027-03-22T10:00:00Z'), ['2027-04-05T07:00:00.000Z', '2027-04-08T07:00:00.000Z']],
    // Calendar-day deadline on Sat 5 Dec: last day falls back to Fri 4 Dec; 3 back = Wed 2 Dec.
    ['deadline on a Saturday', at('2026-12-05T22:59:59.999Z'), [3, 0], dispatched, ['2026-12-02T08:00:00.000Z', '2026-12-04T08:00:00.000Z']],
    // A deadline before 09:00 would get its "last day" reminder after it has passed: dropped.
    ['deadline before 09:00', at('2026-12-07T07:00:00.000Z'), [3, 0], dispatched, ['2026-12-02T08:00:00.000Z']],
    ['no reminders configured', designDeadline, [], dispatched, []],
  ])('%s', (_name, deadline, before, notBefore, expected) => {
    expect(reminderInstants(deadline, before, notBefore).map(iso)).toEqual(expected);
  });
});

describe('osloLocalDateTime', () => {
  test.each([
    ['2026-11-24T22:30:00.000Z', '2026-11-24T23:30:00'], // CET
    ['2026-11-24T23:30:00.000Z', '2026-11-25T00:30:00'], // the Oslo day has already turned
    ['2027-06-01T08:05:09.000Z', '2027-06-01T10:05:09'], // CEST
    ['2027-03-28T00:59:59.000Z', '2027-03-28T01:59:59'], // the last second before spring-forward
    ['2027-03-28T01:00:00.000Z', '2027-03-28T03:00:00'],
  ])('%s is %s in Oslo', (instant, expected) => {
    expect(osloLocalDateTime(Date.parse(instant))).toBe(expected);
  });
});

describe('report buckets', () => {
  test.each<[string, 'day' | 'week', string]>([
    ['2026-10-07', 'day', '2026-10-07'],
    ['2026-10-07', 'week', '2026-10-05'], // Wednesday → its Monday
    ['2026-10-05', 'week', '2026-10-05'], // a Monday is its own week
    ['2026-10-11', 'week', '2026-10-05'], // Sunday ends the ISO week
    ['2027-01-01', 'week', '2026-12-28'], // across the year
  ])('%s by %s starts on %s', (date, bucket, start) => {
    expect(bucketStart(date, bucket)).toBe(start);
  });

  test.each<[string, string, string, 'day' | 'week', string[]]>([
    ['one Oslo day', '2026-10-05T00:00:00+02:00', '2026-10-06T00:00:00+02:00', 'day', ['2026-10-05']],
    ['a partial last day counts', '2026-10-05T00:00:00+02:00', '2026-10-06T00:00:01+02:00', 'day', ['2026-10-05', '2026-10-06']],
    ['a UTC instant late in the Oslo day', '2026-10-04T22:30:00Z', '2026-10-05T01:00:00Z', 'day', ['2026-10-05']],
    ['across the end of summer time', '2026-10-24T00:00:00+02:00', '2026-10-27T00:00:00+01:00', 'day', ['2026-10-24', '2026-10-25', '2026-10-26']],
    ['weeks from a Wednesday', '2026-10-07T00:00:00+02:00', '2026-10-20T00:00:00+02:00', 'week', ['2026-10-05', '2026-10-12', '2026-10-19']],
    ['an empty period', '2026-10-07T00:00:00+02:00', '2026-10-07T00:00:00+02:00', 'week', []],
  ])('%s', (_case, from, to, bucket, starts) => {
    expect(periodBuckets(Date.parse(from), Date.parse(to), bucket)).toEqual(starts);
  });

  it('refuses more buckets than asked for', () => {
    expect(() => periodBuckets(Date.parse('2026-01-01T00:00:00+01:00'), Date.parse('2026-01-05T00:00:00+01:00'), 'day', 3)).toThrow(/more than 3 days/);
    expect(periodBuckets(Date.parse('2026-01-01T00:00:00+01:00'), Date.parse('2026-01-04T00:00:00+01:00'), 'day', 3)).toHaveLength(3);
  });
});
