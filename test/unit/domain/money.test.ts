import { assertMinorUnits, formatMoney, isMinorUnits, labourCharge, vatIncluded } from '../../../src/domain/money';

describe('isMinorUnits / assertMinorUnits', () => {
  test.each([
    [0, true],
    [1, true],
    [1_599_000, true],
    [Number.MAX_SAFE_INTEGER, true],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    [Number.MAX_SAFE_INTEGER + 1, false],
    ['100', false],
  ])('%p → %p', (n, ok) => {
    expect(isMinorUnits(n)).toBe(ok);
    if (ok) expect(() => assertMinorUnits(n, 'amount')).not.toThrow();
    else expect(() => assertMinorUnits(n, 'amount')).toThrow(/amount must be a non-negative integer/);
  });
});

describe('formatMoney', () => {
  test.each([
    [0, '0,00 kr', 'NOK 0.00'],
    [1, '0,01 kr', 'NOK 0.01'],
    [99, '0,99 kr', 'NOK 0.99'],
    [100, '1,00 kr', 'NOK 1.00'],
    [99_999, '999,99 kr', 'NOK 999.99'],
    [100_000, '1 000,00 kr', 'NOK 1,000.00'],
    [1_599_000, '15 990,00 kr', 'NOK 15,990.00'],
    [123_456_789, '1 234 567,89 kr', 'NOK 1,234,567.89'],
    [-1, '-0,01 kr', '-NOK 0.01'],
    [-123_456, '-1 234,56 kr', '-NOK 1,234.56'],
  ])('%p øre → nb %p, en %p', (minor, nb, en) => {
    expect(formatMoney(minor, 'NOK', 'nb')).toBe(nb);
    expect(formatMoney(minor, 'NOK', 'en')).toBe(en);
  });

  test('uses plain ASCII spaces only (no NBSP / narrow NBSP from Intl)', () => {
    expect(formatMoney(123_456_789, 'NOK', 'nb')).not.toMatch(/[\u00a0\u202f]/);
  });

  test.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (n) => {
    expect(() => formatMoney(n, 'NOK', 'nb')).toThrow(RangeError);
  });
});

describe('vatIncluded', () => {
  test.each([
    // gross, rate, VAT part (gross × rate / (100 + rate), half up)
    [12_500, 25, 2_500],
    [1_599_000, 25, 319_800],
    [100, 25, 20],
    [1, 25, 0], // 0.2
    [2, 25, 0], // 0.4
    [3, 25, 1], // 0.6
    [0, 25, 0],
    [14, 12, 2], // 1.5 exactly → rounds half up
    [112, 12, 12],
    [10_000, 0, 0],
  ])('gross %p at %p%% → %p', (gross, rate, vat) => {
    expect(vatIncluded(gross, rate)).toBe(vat);
  });

  test('defaults to 25 %', () => {
    expect(vatIncluded(50_000)).toBe(10_000);
  });

  test.each([-1, 1.5])('rejects gross %p', (gross) => {
    expect(() => vatIncluded(gross)).toThrow(RangeError);
  });
});

describe('labourCharge (per started 15 minutes)', () => {
  const rate = 125_000; // 1 250 kr/h → 312,50 kr per quarter
  test.each([
    [1, 1, 31_250],
    [14, 1, 31_250],
    [15, 1, 31_250],
    [16, 2, 62_500],
    [30, 2, 62_500],
    [45, 3, 93_750],
    [60, 4, 125_000],
    [61, 5, 156_250],
  ])('%p min = %p started quarters → %p øre', (minutes, _blocks, amount) => {
    expect(labourCharge(minutes, rate)).toBe(amount);
  });

  test.each([
    // rate not divisible by 4: rounded once, half up
    [15, 10_001, 2_500], // 2 500.25
    [15, 10_002, 2_501], // 2 500.50 → up (half-even would give 2 500)
    [45, 10_001, 7_501], // 7 500.75
  ])('%p min at %p øre/h → %p', (minutes, r, amount) => {
    expect(labourCharge(minutes, r)).toBe(amount);
  });

  test.each([0, -15, 1.5, Number.NaN])('rejects %p minutes', (minutes) => {
    expect(() => labourCharge(minutes, rate)).toThrow(/labour minutes must be a positive whole number/);
  });

  test('rejects a fractional rate', () => {
    expect(() => labourCharge(15, 100.5)).toThrow(RangeError);
  });
});
