// Strong customer authentication on the hold: the pinned wait, what a provider event means for a
// pending authentication, and when the customer has an answer to act on.
import {
  DEFAULT_AUTHENTICATION_WAIT_MINUTES,
  authenticationEndsAt,
  authenticationOutcomeOf,
  authenticationWaitMinutesOf,
  withAuthenticationWaitSeconds,
} from '../../../src/domain/authentication';
import { holdDecisionReached } from '../../../src/domain/lifecycle';
import { POLICY_VERSIONS, resolveTerms } from '../../../src/domain/policy';
import { CATALOG } from '../../../src/domain/catalog';
import { HOLD_STATES, PAYMENT_EVENT_KINDS, STATUSES, type HoldState, type PaymentEventKind, type Status } from '../../../src/domain/vocabulary';

describe('the authentication wait', () => {
  test.each([
    ['a version with the term', { authenticationWaitMinutes: 10 }, 10],
    ['a version written before the term', {}, DEFAULT_AUTHENTICATION_WAIT_MINUTES],
    ['no terms at all', null, DEFAULT_AUTHENTICATION_WAIT_MINUTES],
  ])('%s → %i minutes', (_name, terms, minutes) => {
    expect(authenticationWaitMinutesOf(terms)).toBe(minutes);
  });

  test('the shipped policy pins 30 minutes, and the wait ends that long after it began', () => {
    const terms = resolveTerms(POLICY_VERSIONS[0]!, CATALOG[0]!);
    expect(terms.authenticationWaitMinutes).toBe(30);
    expect(authenticationEndsAt(Date.UTC(2026, 10, 23, 9, 0), 30)).toBe(Date.UTC(2026, 10, 23, 9, 30));
  });
});

describe('a shorter wait for tests and demos (AUTHENTICATION_WAIT_SECONDS)', () => {
  const terms = resolveTerms(POLICY_VERSIONS[0]!, CATALOG[0]!);
  test.each([
    ['unset: the policy’s term', undefined, 30],
    ['45 seconds', 45, 0.75],
    ['two hours', 7200, 120],
  ])('%s → %d minutes pinned', (_name, seconds, minutes) => {
    const pinned = withAuthenticationWaitSeconds(terms, seconds);
    expect(authenticationWaitMinutesOf(pinned)).toBe(minutes);
    expect(authenticationEndsAt(0, authenticationWaitMinutesOf(pinned))).toBe(minutes * 60_000);
    // Nothing else in the terms changes.
    expect({ ...pinned, authenticationWaitMinutes: 30 }).toEqual(terms);
  });
});

describe('what a payment event says about a pending authentication', () => {
  const expected: Record<PaymentEventKind, ReturnType<typeof authenticationOutcomeOf>> = {
    capturable_updated: 'authenticated',
    authorization_failed: 'failed',
    authorization_canceled: 'failed',
    authorization_expired: null,
    captured: null,
  };
  test.each(PAYMENT_EVENT_KINDS.map((k) => [k, expected[k]] as const))('%s → %s', (kind, outcome) => {
    expect(authenticationOutcomeOf(kind)).toBe(outcome);
  });
});

describe('holdDecisionReached', () => {
  const cases: [Status, HoldState, boolean][] = [
    ['pending_authorization', 'none', false],
    ['pending_authorization', 'pending', false],
    ['pending_authorization', 'requires_authentication', true],
    ['awaiting_dispatch', 'active', true],
    ['awaiting_stock', 'active', true],
    ['declined', 'none', true],
    ['ineligible', 'none', true],
  ];
  test.each(cases)('%s with hold %s → %s', (status, holdState, reached) => {
    expect(holdDecisionReached(status, holdState)).toBe(reached);
  });

  test('every decided status is an answer, whatever the hold', () => {
    for (const status of STATUSES.filter((s) => s !== 'pending_authorization')) {
      for (const hold of HOLD_STATES) expect(holdDecisionReached(status, hold)).toBe(true);
    }
  });
});
