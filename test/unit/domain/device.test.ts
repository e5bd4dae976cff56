import {
  customerLimitRefusal,
  decideDeviceClaim,
  normalizeSerial,
  reviewDecisionRefusal,
  reviewFindings,
  UNSTARTED_CLAIM_GRACE_MS,
  type ClaimHolderState,
  type DeviceHistory,
} from '../../../src/domain/device';

test.each([
  ['F2LXK0AAQ1', 'F2LXK0AAQ1'],
  ['  f2lxk0aaq1 ', 'F2LXK0AAQ1'],
  ['\tdmqx-42\n', 'DMQX-42'],
])('normalizeSerial(%j) is %j', (raw, normalized) => {
  expect(normalizeSerial(raw)).toBe(normalized);
});

describe('decideDeviceClaim', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  const holder = { replacementId: 'RMA-HOLDER', customerSub: 'kari', claimedAt: now - 5_000 };
  const kari = { replacementId: 'RMA-NEW', customerSub: 'kari' };
  const nora = { replacementId: 'RMA-NEW', customerSub: 'nora' };

  test.each<[string, ClaimHolderState, typeof kari, number, string, string | null]>([
    // case, holder's workflow, requester, claim age, decision, service number told
    ['its own retry', 'running', { ...kari, replacementId: 'RMA-HOLDER' }, 5_000, 'ours', null],
    ['the owner, while open', 'running', kari, 5_000, 'refuse', 'RMA-HOLDER'],
    ['someone else, while open', 'running', nora, 5_000, 'refuse', null],
    ['anyone, once it has ended', 'closed', nora, 5_000, 'take_over', null],
    ['a request starting right now', 'not_found', nora, 5_000, 'refuse', null],
    ['a claim whose replacement never started', 'not_found', nora, UNSTARTED_CLAIM_GRACE_MS, 'take_over', null],
  ])('%s', (_case, state, requester, age, decision, told) => {
    const result = decideDeviceClaim({ ...holder, claimedAt: now - age }, state, requester, now);
    expect(result.decision).toBe(decision);
    if (result.decision === 'refuse') {
      expect(result.existingId).toBe(told);
      if (told) expect(result.detail).toContain(told);
      else expect(result.detail).not.toContain('RMA-');
      expect(result.detail).toMatch(/already has an open replacement/);
    }
  });
});

describe('reviewFindings', () => {
  test.each<[string, DeviceHistory, string[]]>([
    ['nothing on record', { flagged: null, returnedUnder: null }, []],
    ['a known counterfeit', { flagged: { reason: 'counterfeit', note: null }, returnedUnder: null }, ['known_counterfeit']],
    ['reported stolen', { flagged: { reason: 'reported_stolen', note: 'case 42' }, returnedUnder: null }, ['flagged_device']],
    ['returned before', { flagged: null, returnedUnder: 'RMA-OLD' }, ['returned_before']],
    ['both', { flagged: { reason: 'counterfeit', note: null }, returnedUnder: 'RMA-OLD' }, ['known_counterfeit', 'returned_before']],
  ])('%s', (_case, history, reasons) => {
    const findings = reviewFindings(history);
    expect(findings.map((f) => f.reason)).toEqual(reasons);
    for (const f of findings) expect(f.detail.length).toBeGreaterThan(10);
  });

  it('says under which replacement the unit came back, and the warehouse’s note', () => {
    expect(reviewFindings({ flagged: { reason: 'reported_stolen', note: 'case 42' }, returnedUnder: 'RMA-OLD' }).map((f) => f.detail)).toEqual([
      'the warehouse has flagged this serial: reported_stolen (case 42)',
      'this unit was already returned to the warehouse under RMA-OLD',
    ]);
  });
});

describe('reviewDecisionRefusal', () => {
  test.each<[string, { state: 'pending' | 'approved' | 'rejected' } | null, boolean, RegExp | null]>([
    ['pending', { state: 'pending' }, false, null],
    ['no review', null, false, /not waiting for review/],
    ['already approved', { state: 'approved' }, false, /already been decided: approved/],
    ['being cancelled', { state: 'pending' }, true, /being cancelled/],
  ])('%s', (_case, review, cancelling, refusal) => {
    const result = reviewDecisionRefusal(review, cancelling);
    if (refusal) expect(result).toMatch(refusal);
    else expect(result).toBeNull();
  });
});

test.each<[number, number, boolean]>([
  [0, 3, true],
  [2, 3, true],
  [3, 3, false],
  [5, 3, false],
])('with %i open and a limit of %i, one more is allowed: %p', (open, max, allowed) => {
  const refusal = customerLimitRefusal(open, max);
  expect(refusal === null).toBe(allowed);
  if (refusal) expect(refusal).toContain(`(${max})`);
});
