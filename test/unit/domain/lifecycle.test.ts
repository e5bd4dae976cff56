import { CATALOG, findCatalogItem } from '../../../src/domain/catalog';
import {
  CANCELLABLE_STATUSES,
  TERMINAL_STATUSES,
  UNDECIDED_STATUSES,
  cancelRefusal,
  dispatchRefusal,
  holdAmountFor,
  inspectionRefusal,
  isInspectionOutcome,
  isTerminal,
  isUndecided,
  lateReturnWindowOpen,
  previewInspection,
  receiptRefusal,
  reviewRefusal,
  sameSerial,
  type CancelContext,
  type DispatchContext,
  type InspectionContext,
  type ReceiptContext,
  type ReviewContext,
  type SettlementContext,
} from '../../../src/domain/lifecycle';
import { POLICY_VERSIONS, resolveTerms, settle } from '../../../src/domain/policy';
import { STATUSES, type Resolution, type Status } from '../../../src/domain/types';

const at = (iso: string) => Date.parse(iso);
const v2026 = POLICY_VERSIONS.find((v) => v.version === '2026-11-01')!;
const termsFor = (sku: string) => resolveTerms(v2026, findCatalogItem(sku)!);

describe('status sets', () => {
  test.each<[Status, boolean, boolean, boolean]>([
    // status, terminal, undecided, cancellable
    ['pending_authorization', false, true, true],
    ['awaiting_stock', false, false, true],
    ['awaiting_dispatch', false, false, true],
    ['dispatched', false, false, false],
    ['return_in_transit', false, false, false],
    ['awaiting_inspection', false, false, false],
    ['completed', true, false, false],
    ['cancelled', true, false, false],
    ['declined', true, false, false],
    ['ineligible', true, false, false],
  ])('%s: terminal %s, undecided %s, cancellable %s', (status, terminal, undecided, cancellable) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(TERMINAL_STATUSES.includes(status)).toBe(terminal);
    expect(isUndecided(status)).toBe(undecided);
    expect(UNDECIDED_STATUSES.includes(status)).toBe(undecided);
    expect(CANCELLABLE_STATUSES.includes(status)).toBe(cancellable);
  });

  test('the table above covers every status', () => {
    expect(STATUSES).toHaveLength(10);
  });
});

test.each(CATALOG.slice(0, 5).map((i) => [i.sku, i.retailPrice] as const))('the hold for %s is its retail price, %i øre', (sku, price) => {
  expect(holdAmountFor(findCatalogItem(sku)!)).toBe(price);
});

test.each<[string, string, boolean]>([
  ['F2LXK0AAQ1', 'F2LXK0AAQ1', true],
  ['  f2lxk0aaq1 ', 'F2LXK0AAQ1', true],
  ['F2LXK0AAQ2', 'F2LXK0AAQ1', false],
  ['', 'F2LXK0AAQ1', false],
])('sameSerial(%j, %j) is %s', (candidate, registered, same) => {
  expect(sameSerial(candidate, registered)).toBe(same);
});

test.each<[string, boolean]>([
  ['covered', true],
  ['no_fault_found', true],
  ['dead_on_arrival', true],
  ['broken', false],
  ['', false],
])('isInspectionOutcome(%j) is %s', (outcome, known) => {
  expect(isInspectionOutcome(outcome)).toBe(known);
});

describe('the late-return window', () => {
  const until = at('2026-12-16T22:59:59.999Z');
  test.each<[string, Status, Resolution | null, number | null, boolean, number, boolean]>([
    // case, status, resolution, window end, late arrival already received, now, open
    ['inside the window', 'completed', 'not_returned_charged', until, false, until - 1, true],
    ['at its last instant', 'completed', 'not_returned_charged', until, false, until, true],
    ['after it', 'completed', 'not_returned_charged', until, false, until + 1, false],
    ['a second late arrival', 'completed', 'not_returned_charged', until, true, until - 1, false],
    ['before the window is computed', 'completed', 'not_returned_charged', null, false, until - 1, false],
    ['settled by inspection', 'completed', 'hold_released', until, false, until - 1, false],
    ['not completed', 'dispatched', null, until, false, until - 1, false],
  ])('%s', (_case, status, resolution, lateUntil, lateArrivalReceived, now, open) => {
    expect(lateReturnWindowOpen({ status, resolution, lateUntil, lateArrivalReceived, now })).toBe(open);
  });
});

describe('cancelRefusal', () => {
  const base: CancelContext = { status: 'awaiting_dispatch', cancelling: false, inFlight: null, dispatchedAt: null, returnDeadline: null };
  test.each<[string, Partial<CancelContext>, string | null]>([
    ['pending authorization', { status: 'pending_authorization' }, null],
    ['awaiting stock', { status: 'awaiting_stock' }, null],
    ['awaiting dispatch', {}, null],
    ['a second cancellation', { cancelling: true }, 'A cancellation is already in progress.'],
    ['during the dispatch', { inFlight: 'dispatch' }, 'The replacement is being dispatched right now and can no longer be cancelled.'],
    [
      'after dispatch',
      { status: 'dispatched', dispatchedAt: '2026-12-01T10:00:00.000Z', returnDeadline: '2026-12-15T22:59:59.999Z' },
      'The replacement unit was dispatched on 2026-12-01T10:00:00.000Z and cannot be cancelled; return the original unit by 2026-12-15T22:59:59.999Z instead.',
    ],
    [
      'in transit, dates unknown',
      { status: 'return_in_transit' },
      'The replacement unit was dispatched on an earlier date and cannot be cancelled; return the original unit by the return deadline instead.',
    ],
    ['awaiting inspection', { status: 'awaiting_inspection' }, expect.stringContaining('cannot be cancelled; return the original unit')],
    ['completed', { status: 'completed' }, 'The replacement is completed and cannot be cancelled.'],
    ['declined', { status: 'declined' }, 'The replacement is declined and cannot be cancelled.'],
  ])('%s', (_case, change, refusal) => {
    expect(cancelRefusal({ ...base, ...change })).toEqual(refusal);
  });
});

describe('dispatchRefusal', () => {
  const base: DispatchContext = {
    status: 'awaiting_dispatch',
    cancelling: false,
    inFlight: null,
    reviewRequired: false,
    replacementSerialNumber: 'NEWUNIT001',
    originalSerialNumber: 'F2LXK0AAQ1',
  };
  test.each<[string, Partial<DispatchContext>, string | null]>([
    ['in the queue', {}, null],
    ['a second dispatch', { inFlight: 'dispatch' }, 'A dispatch is already being recorded for this replacement.'],
    ['while cancelling', { cancelling: true }, 'The replacement is being cancelled and must not be shipped.'],
    ['waiting for review', { reviewRequired: true }, 'This replacement waits for review (see its review findings); approve it before the unit ships.'],
    ['awaiting stock', { status: 'awaiting_stock' }, 'No replacement unit is reserved yet (awaiting stock); dispatch once stock is reserved.'],
    ['already dispatched', { status: 'dispatched' }, 'Cannot dispatch: the replacement is dispatched.'],
    ['no serial', { replacementSerialNumber: undefined }, 'replacementSerialNumber is required: the serial number of the unit being shipped.'],
    ['a blank serial', { replacementSerialNumber: '   ' }, 'replacementSerialNumber is required: the serial number of the unit being shipped.'],
    [
      "the customer's own unit",
      { replacementSerialNumber: ' f2lxk0aaq1' },
      "replacementSerialNumber is the customer's original unit; enter the serial of the replacement unit.",
    ],
  ])('%s', (_case, change, refusal) => {
    expect(dispatchRefusal({ ...base, ...change })).toBe(refusal);
  });
});

describe('receiptRefusal', () => {
  const until = at('2026-12-16T22:59:59.999Z');
  const base: ReceiptContext = {
    status: 'dispatched',
    resolution: null,
    lateUntil: null,
    lateArrivalReceived: false,
    now: until - 1000,
    replacementId: 'RMA-1',
    serialNumber: 'F2LXK0AAQ1',
    originalSerialNumber: 'F2LXK0AAQ1',
  };
  const late: Partial<ReceiptContext> = { status: 'completed', resolution: 'not_returned_charged', lateUntil: until };
  const closed = 'The late-return window has closed; the retail price stays charged. Contact finance.';
  test.each<[string, Partial<ReceiptContext>, string | null]>([
    ['dispatched', {}, null],
    ['in transit', { status: 'return_in_transit' }, null],
    ['the serial typed loosely', { serialNumber: ' f2lxk0aaq1 ' }, null],
    ['late, within the window', late, null],
    ['late, after the window', { ...late, now: until + 1 }, closed],
    ['late, a second time', { ...late, lateArrivalReceived: true }, closed],
    ['already received', { status: 'awaiting_inspection' }, 'Cannot record a receipt: the replacement is awaiting_inspection.'],
    ['settled by inspection', { status: 'completed', resolution: 'fee_charged' }, 'Cannot record a receipt: the replacement is completed.'],
    ['before dispatch', { status: 'awaiting_dispatch' }, 'Cannot record a receipt: the replacement is awaiting_dispatch.'],
    [
      'the wrong unit',
      { serialNumber: 'F2LXK0AAQ2' },
      'Serial number "F2LXK0AAQ2" does not match the original unit registered for RMA-1; check the unit and the service number.',
    ],
    [
      'no serial',
      { serialNumber: undefined },
      'Serial number "" does not match the original unit registered for RMA-1; check the unit and the service number.',
    ],
  ])('%s', (_case, change, refusal) => {
    expect(receiptRefusal({ ...base, ...change })).toBe(refusal);
  });
});

describe('inspectionRefusal', () => {
  const base: InspectionContext = {
    status: 'awaiting_inspection',
    inFlight: null,
    terms: termsFor('IP17PM-256'),
    outcome: 'covered',
    beyondRepair: false,
    labourMinutes: undefined,
  };
  test.each<[string, Partial<InspectionContext>, string | null]>([
    ['covered', {}, null],
    ['not covered, beyond repair', { outcome: 'not_covered', beyondRepair: true }, null],
    ['a second inspection', { inFlight: 'inspection' }, 'An inspection is already being recorded for this replacement.'],
    ['not received yet', { status: 'dispatched' }, 'The original unit has not been received yet; record the receipt first.'],
    ['in transit', { status: 'return_in_transit' }, 'The original unit has not been received yet; record the receipt first.'],
    ['already settled', { status: 'completed' }, 'Cannot record an inspection: the replacement is completed.'],
    ['an unknown outcome', { outcome: 'broken' }, 'Unknown inspection outcome "broken".'],
    [
      'labour on an iPhone',
      { outcome: 'user_error', labourMinutes: 30 },
      'user_error is billed as labour and applies only to service parts; for a iphone product record not_covered or no_fault_found instead.',
    ],
    [
      'beyond repair where it does not apply',
      { outcome: 'covered', beyondRepair: true },
      'beyondRepair applies only to not_covered (and accidental damage without a plan); leave it unset for covered.',
    ],
  ])('%s', (_case, change, refusal) => {
    expect(inspectionRefusal({ ...base, ...change })).toBe(refusal);
  });
});

describe('previewInspection', () => {
  const terms = termsFor('IP17PM-256');
  const base: SettlementContext = { status: 'awaiting_inspection', inFlight: null, terms, coverage: 'warranty', holdAmount: 1_899_000 };
  type Cmd = Parameters<typeof previewInspection>[1];
  test.each<[string, Partial<SettlementContext>, Cmd, ReturnType<typeof previewInspection>]>([
    [
      'covered: the hold released',
      {},
      { outcome: 'covered' },
      { ok: true, settlement: settle({ terms, outcome: 'covered', coverage: 'warranty', holdAmount: 1_899_000 }) },
    ],
    [
      'no fault found: the examination fee, as settle() says',
      {},
      { outcome: 'no_fault_found' },
      { ok: true, settlement: settle({ terms, outcome: 'no_fault_found', coverage: 'warranty', holdAmount: 1_899_000 }) },
    ],
    [
      'the fee is capped at a smaller hold',
      { holdAmount: 100 },
      { outcome: 'no_fault_found' },
      { ok: true, settlement: settle({ terms, outcome: 'no_fault_found', coverage: 'warranty', holdAmount: 100 }) },
    ],
    [
      'not covered and beyond repair: the retail price',
      {},
      { outcome: 'not_covered', beyondRepair: true },
      { ok: true, settlement: settle({ terms, outcome: 'not_covered', coverage: 'warranty', beyondRepair: true, holdAmount: 1_899_000 }) },
    ],
    [
      'not received yet: a state refusal',
      { status: 'dispatched' },
      { outcome: 'covered' },
      { ok: false, refused: 'state', message: 'The original unit has not been received yet; record the receipt first.' },
    ],
    [
      'settled already: a state refusal',
      { status: 'completed', terms: null },
      { outcome: 'covered' },
      { ok: false, refused: 'state', message: 'Cannot record an inspection: the replacement is completed.' },
    ],
    [
      'an inspection being recorded: a state refusal',
      { inFlight: 'inspection' },
      { outcome: 'covered' },
      { ok: false, refused: 'state', message: 'An inspection is already being recorded for this replacement.' },
    ],
    [
      'labour minutes where they do not apply: the inspection’s refusal',
      {},
      { outcome: 'no_fault_found', labourMinutes: 30 },
      { ok: false, refused: 'inspection', message: 'labourMinutes applies only to third_party_fault and user_error; leave it empty for no_fault_found.' },
    ],
    ['an unknown outcome', {}, { outcome: 'broken' }, { ok: false, refused: 'inspection', message: 'Unknown inspection outcome "broken".' }],
  ])('%s', (_case, change, cmd, expected) => {
    expect(previewInspection({ ...base, ...change }, cmd)).toEqual(expected);
  });

  it('refuses exactly what the inspection update refuses, with the same words', () => {
    const cmds: Cmd[] = [{ outcome: 'covered' }, { outcome: 'user_error', labourMinutes: 30 }, { outcome: 'covered', beyondRepair: true }];
    for (const status of STATUSES) {
      for (const cmd of cmds) {
        const preview = previewInspection({ ...base, status }, cmd);
        const refusal = inspectionRefusal({ ...base, status, outcome: cmd.outcome, beyondRepair: cmd.beyondRepair ?? false, labourMinutes: cmd.labourMinutes });
        expect(preview.ok ? null : preview.message).toBe(refusal);
      }
    }
  });
});

describe('reviewRefusal', () => {
  const base: ReviewContext = { review: { state: 'pending' }, cancelling: false, inFlight: null, decision: 'approve' };
  test.each<[string, Partial<ReviewContext>, string | null]>([
    ['an approval', {}, null],
    ['a rejection', { decision: 'reject' }, null],
    ['nothing to review', { review: null }, 'This replacement is not waiting for review.'],
    ['decided already', { review: { state: 'approved' } }, 'The review has already been decided: approved.'],
    ['while cancelling', { cancelling: true }, 'The replacement is being cancelled.'],
    ['during a dispatch', { inFlight: 'dispatch' }, 'The replacement is being cancelled.'],
    ['an unknown decision', { decision: 'maybe' }, 'Unknown review decision "maybe".'],
  ])('%s', (_case, change, refusal) => {
    expect(reviewRefusal({ ...base, ...change })).toBe(refusal);
  });
});
