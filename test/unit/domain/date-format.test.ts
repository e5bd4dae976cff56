import { formatOsloDate, formatOsloDateTime } from '../../../src/domain/date-format';

// 2026-03-03T13:05Z is 14:05 in Oslo (winter, UTC+1); 2026-07-01T22:30Z is already 2 July in Oslo.
const WINTER = Date.parse('2026-03-03T13:05:00Z');
const SUMMER_LATE = Date.parse('2026-07-01T22:30:00Z');

describe('Oslo dates as people read them', () => {
  it.each([
    [WINTER, 'nb', '3. mars 2026'],
    [WINTER, 'en', '3 March 2026'],
    [SUMMER_LATE, 'nb', '2. juli 2026'],
    [SUMMER_LATE, 'en', '2 July 2026'],
  ] as const)('formatOsloDate(%s, %s) = %s', (ms, locale, expected) => {
    expect(formatOsloDate(ms, locale)).toBe(expected);
  });

  it.each([
    [WINTER, 'en', /^Tuesday,? 3 March 2026 at 14:05 \(Oslo time\)$/],
    [WINTER, 'nb', /^tirsdag 3\. mars 2026 (kl\. )?14:05 \(norsk tid\)$/],
    [SUMMER_LATE, 'en', /^Thursday,? 2 July 2026 at 00:30 \(Oslo time\)$/],
  ] as const)('formatOsloDateTime(%s, %s) matches %s', (ms, locale, pattern) => {
    expect(formatOsloDateTime(ms, locale)).toMatch(pattern);
  });

  it('uses plain spaces only, so text parts stay predictable', () => {
    expect(formatOsloDateTime(WINTER, 'nb')).not.toMatch(/[\u00a0\u202f]/);
  });
});
