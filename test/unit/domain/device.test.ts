import { decideDeviceClaim, normalizeSerial, UNSTARTED_CLAIM_GRACE_MS, type ClaimHolderState } from '../../../src/domain/device';

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
