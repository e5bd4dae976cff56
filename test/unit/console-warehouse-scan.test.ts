// The warehouse console's scan rules: normalising, ignoring a re-read label, and the dispatch and
// receiving step machines.
import { sameSerial } from '../../src/domain/lifecycle';
import { isRepeat, normaliseScan } from '../../web/src/console/warehouse/scan';
import { dispatchScan, type DispatchState } from '../../web/src/console/warehouse/dispatch-steps';
import { returnGroup, type ReturnGroup } from '../../web/src/console/warehouse/return-groups';
import { acknowledgeMismatch, receivingScan, type IncomingReturn, type ReceivingState } from '../../web/src/console/warehouse/receiving-steps';

describe('normaliseScan', () => {
  it.each([
    ['  rma-abc123 ', 'RMA-ABC123'],
    ['F2lx9q1\t', 'F2LX9Q1'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (raw, code) => expect(normaliseScan(raw)).toBe(code));
});

describe('isRepeat', () => {
  it.each([
    [null, 'A', 1000, false],
    [{ code: 'A', at: 1000 }, 'A', 2999, true],
    [{ code: 'A', at: 1000 }, 'A', 3000, false],
    [{ code: 'A', at: 1000 }, 'B', 1001, false],
  ])('last %j, %s at %d → %s', (last, code, now, repeat) => expect(isRepeat(last, code, now)).toBe(repeat));
});

describe('dispatchScan', () => {
  const queue = new Set(['RMA-1', 'RMA-2']);
  const cases: Array<[string, DispatchState, string, Partial<ReturnType<typeof dispatchScan>>]> = [
    ['a queued service number picks it', { step: 'pick' }, 'RMA-1', { state: { step: 'unit', id: 'RMA-1' }, effect: 'none' }],
    ['an unknown code before a pick is reported', { step: 'pick' }, 'XYZ', { state: { step: 'pick' }, effect: 'unknown' }],
    [
      'the next scan is the unit, and is sent',
      { step: 'unit', id: 'RMA-1' },
      'NEW-9',
      { effect: 'submit', state: { step: 'sending', id: 'RMA-1', serial: 'NEW-9' } },
    ],
    ['another service number switches the pick', { step: 'unit', id: 'RMA-1' }, 'RMA-2', { state: { step: 'unit', id: 'RMA-2' }, effect: 'none' }],
    ['nothing is taken while sending', { step: 'sending', id: 'RMA-1', serial: 'S' }, 'NEW-9', { effect: 'none' }],
    ['after a refusal a unit scan tries again', { step: 'failed', id: 'RMA-1', message: 'm' }, 'NEW-8', { effect: 'submit' }],
    ['after a dispatch an unknown code is not a unit', { step: 'sent', id: 'RMA-1' }, 'NEW-7', { effect: 'unknown' }],
    ['an empty scan does nothing', { step: 'unit', id: 'RMA-1' }, '', { effect: 'none', state: { step: 'unit', id: 'RMA-1' } }],
  ];
  it.each(cases)('%s', (_what, state, code, expected) => expect(dispatchScan(state, code, queue)).toMatchObject(expected));
});

describe('receivingScan', () => {
  const returns: IncomingReturn[] = [
    { id: 'RMA-1', returnTrackingNumber: 'RT100', expectedSerialNumber: 'SER-A' },
    { id: 'RMA-2', returnTrackingNumber: 'RT200', expectedSerialNumber: 'SER-B' },
  ];
  const serial = (id: string, expected: string): ReceivingState => ({ step: 'serial', id, expected });
  const cases: Array<[string, ReceivingState, string, Partial<ReturnType<typeof receivingScan>>]> = [
    ['the tracking number finds the parcel', { step: 'find' }, 'RT100', { state: serial('RMA-1', 'SER-A'), effect: 'none' }],
    ['the service number finds the parcel', { step: 'find' }, 'RMA-2', { state: serial('RMA-2', 'SER-B'), effect: 'none' }],
    ['an unknown code is reported', { step: 'find' }, 'NOPE', { effect: 'unknown' }],
    ['the expected serial is sent', serial('RMA-1', 'SER-A'), 'SER-A', { effect: 'submit', id: 'RMA-1', serial: 'SER-A' }],
    ['the serial as a person types it still matches', serial('RMA-1', 'ser-a'), 'SER-A', { effect: 'submit' }],
    [
      'a wrong serial is a mismatch, not sent',
      serial('RMA-1', 'SER-A'),
      'SER-X',
      { effect: 'none', state: { step: 'mismatch', id: 'RMA-1', expected: 'SER-A', scanned: 'SER-X' } },
    ],
    ['another parcel’s label switches to it', serial('RMA-1', 'SER-A'), 'RT200', { state: serial('RMA-2', 'SER-B') }],
    ['during a mismatch even the right serial is not taken', { step: 'mismatch', id: 'RMA-1', expected: 'SER-A', scanned: 'X' }, 'SER-A', { effect: 'none' }],
  ];
  it.each(cases)('%s', (_what, state, code, expected) => expect(receivingScan(state, code, returns, sameSerial)).toMatchObject(expected));

  it('acknowledging a mismatch waits for the same parcel’s unit again', () => {
    expect(acknowledgeMismatch({ step: 'mismatch', id: 'RMA-1', expected: 'SER-A', scanned: 'X' })).toEqual(serial('RMA-1', 'SER-A'));
  });
});

describe('returnGroup', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
  it.each<[string, string | null, string | null, ReturnGroup]>([
    ['on its way back, even past the deadline', 'return_in_transit', at(-5), 'in_transit'],
    ['past the deadline, not scanned', 'dispatched', at(-1), 'overdue'],
    ['within two days of the deadline', 'dispatched', at(47), 'due_soon'],
    ['further off', 'dispatched', at(49), 'dispatched'],
    ['no deadline yet', 'dispatched', null, 'dispatched'],
  ])('%s', (_what, status, returnDeadline, group) => expect(returnGroup({ status, returnDeadline }, now)).toBe(group));
});
