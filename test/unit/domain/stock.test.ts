import { availabilityOf, checkStockChange, MAX_UNITS_ON_HAND, replacementsToWake, stockWaitEndsAt } from '../../../src/domain/stock';

describe('checkStockChange', () => {
  test.each<[string, number, number, number, boolean, number | string]>([
    // case, on hand, reserved, delta, ok, on hand after or refusal reason
    ['a receipt into empty stock', 0, 0, 5, true, 5],
    ['taking some free units', 5, 2, -1, true, 4],
    ['taking every free unit', 5, 2, -3, true, 2],
    ['an adjustment up while units are reserved', 5, 5, 1, true, 6],
    ['taking one reserved unit', 5, 2, -4, false, 'reserved_units'],
    ['taking from empty stock', 0, 0, -1, false, 'reserved_units'],
    ['up to the most on hand', MAX_UNITS_ON_HAND - 1, 0, 1, true, MAX_UNITS_ON_HAND],
    ['past the most on hand', MAX_UNITS_ON_HAND, 0, 1, false, 'too_many'],
  ])('%s', (_case, onHand, reserved, delta, ok, expected) => {
    const result = checkStockChange({ onHand, reserved }, delta);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.onHandAfter).toBe(expected);
    else expect(result.reason).toBe(expected);
  });

  it('says what can be taken and why not more', () => {
    const result = checkStockChange({ onHand: 5, reserved: 4 }, -2);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('only 1 unit(s) can be taken: 5 on hand, 4 reserved') });
  });

  test.each([0, 1.5, Number.NaN, 2 ** 60])('refuses %p as a change', (delta) => {
    expect(() => checkStockChange({ onHand: 1, reserved: 0 }, delta)).toThrow(RangeError);
  });
});

describe('replacementsToWake and availabilityOf', () => {
  test.each<[number, number, number, number, boolean]>([
    // on hand, reserved, waiting → woken, a new request ships at once
    [0, 0, 0, 0, false],
    [2, 0, 3, 2, false],
    [3, 0, 3, 3, false],
    [4, 0, 3, 3, true],
    [5, 4, 0, 0, true],
    [5, 5, 2, 0, false],
  ])('%i on hand, %i reserved, %i waiting → wake %i; ships at once: %p', (onHand, reserved, waiting, woken, ships) => {
    expect(replacementsToWake({ onHand, reserved, waiting })).toBe(woken);
    expect(availabilityOf({ onHand, reserved, waiting })).toEqual({ shipsImmediately: ships, waitingRequests: waiting });
  });
});

describe('stockWaitEndsAt', () => {
  it('is the pinned number of days after the wait began', () => {
    expect(new Date(stockWaitEndsAt(Date.parse('2026-12-01T10:00:00Z'), 30)).toISOString()).toBe('2026-12-31T10:00:00.000Z');
  });
});
