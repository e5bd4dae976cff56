// 3-D Secure on the customer-initiated hold, on the time-skipping server: a card that asks for
// strong customer authentication keeps the request pending with what the browser must do; the
// payment sandbox's events (as Stripe's webhook would) tell the workflow how it went.
import { POLICY_VERSIONS } from '../../src/domain';
import { forwardPaymentEvents } from '../../src/temporal/payment-events';
import { cancelUpdate, type ReplacementView } from '../../workflows/definitions';
import { recordHistories, useWorld } from './world';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const IPHONE_17_PRO = 1_599_000;
const SCA_CARD = 'pm_card_authenticationRequired';

const world = useWorld();

beforeAll(() => {
  world.onPaymentEvent = forwardPaymentEvents(world.env.client, () => undefined);
});

const run = async <T>(fn: () => Promise<T>) => {
  try {
    return await fn();
  } finally {
    await recordHistories(world, expect.getState().currentTestName ?? 'unnamed');
  }
};

const authenticating = (v: ReplacementView) => v.hold.state === 'requires_authentication';

async function ledgerKinds(id: string) {
  return (await world.ledger.entries({ replacementId: id })).map((e) => `${e.kind}:${e.amount}`);
}

function intentsOf(id: string) {
  return world.payment.listAuthorizations({ metadata: { replacement_id: id } });
}

describe('3-D Secure on the hold', () => {
  test('a card asking for authentication waits in pending_authorization with the challenge to follow', () =>
    run(async () => {
      const handle = await world.start({ paymentMethodId: SCA_CARD });
      const v = await world.untilView(handle, authenticating, 'requires_authentication');
      expect(v.status).toBe('pending_authorization');
      const [intent] = intentsOf(v.id);
      expect(intent).toMatchObject({ status: 'requires_action', amountCapturable: 0 });
      expect(v.hold.authorizationId).toBe(intent!.id);
      expect(v.hold.nextAction).toEqual({ type: 'redirect', url: `/sandbox/3ds/${intent!.id}` });
      expect(v.timeline.map((t) => t.type)).toContain('hold_authentication_required');
      // Nothing is held yet, so nothing is in the ledger and no unit is reserved.
      expect(await ledgerKinds(v.id)).toEqual([]);
      expect(world.inventory.reservation(handle.workflowId)).toBeUndefined();

      await world.payment.completeAuthentication(intent!.id, 'approve');
      const ready = await world.untilStatus(handle, 'awaiting_dispatch');
      expect(ready.hold.state).toBe('active');
      expect(ready.hold.authorizationId).toBe(intent!.id);
      expect(ready.hold.nextAction).toBeUndefined();
      expect(ready.hold.captureBefore).not.toBeNull();
      expect(ready.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['hold_authenticated', 'hold_authorized', 'stock_reserved']));
      expect(await ledgerKinds(ready.id)).toEqual([`authorized:${IPHONE_17_PRO}`]);
      expect(world.payment.liveAuthorizations({ metadata: { replacement_id: ready.id } })).toHaveLength(1);
      await handle.executeUpdate(cancelUpdate, { args: [{ actor: { sub: 'customer-kari', role: 'customer' } }] });
    }));

  test('once authenticated, the saved card renews the hold off-session like any other', () =>
    run(async () => {
      const handle = await world.start({ paymentMethodId: SCA_CARD });
      const v = await world.untilView(handle, authenticating, 'requires_authentication');
      const approved = await world.payment.completeAuthentication(v.hold.authorizationId!, 'approve');
      const ready = await world.untilStatus(handle, 'awaiting_dispatch');
      // The keeper renews a day before capture-before (7 days for a customer-initiated Visa hold).
      await world.env.sleep(approved.captureBefore - (await world.env.currentTimeMs()) - 20 * 3_600_000);
      const renewed = await world.untilView(handle, (x) => x.hold.renewals === 1, 'one renewal');
      expect(renewed.flags).not.toContain('renewal_failed');
      expect(renewed.hold.state).toBe('active');
      expect(renewed.hold.authorizationId).not.toBe(ready.hold.authorizationId);
      const intents = intentsOf(renewed.id);
      expect(intents.map((i) => [i.initiator, i.status])).toEqual([
        ['customer', 'canceled'],
        ['merchant', 'requires_capture'],
      ]);
      await handle.executeUpdate(cancelUpdate, { args: [{ actor: { sub: 'customer-kari', role: 'customer' } }] });
    }));

  test('a failed authentication declines the request, cancels the intent, reserves and ships nothing', () =>
    run(async () => {
      const before = await world.inventory.available('IP17P-256');
      const handle = await world.start({ paymentMethodId: SCA_CARD });
      const v = await world.untilView(handle, authenticating, 'requires_authentication');
      await world.payment.completeAuthentication(v.hold.authorizationId!, 'fail');
      const done: ReplacementView = await handle.result();
      expect(done.status).toBe('declined');
      expect(done.hold.state).toBe('none');
      expect(done.hold.nextAction).toBeUndefined();
      expect(done.declineReason).toMatch(/could not be authenticated/);
      expect(done.dispatch).toBeNull();
      expect(intentsOf(done.id)).toEqual([expect.objectContaining({ id: v.hold.authorizationId, status: 'canceled', amountCapturable: 0 })]);
      expect(await world.inventory.available('IP17P-256')).toBe(before);
      expect(world.inventory.reservation(handle.workflowId)).toBeUndefined();
      expect(world.carrier.bookingsFor(done.id)).toBe(0);
      expect(await ledgerKinds(done.id)).toEqual([`authorization_failed:${IPHONE_17_PRO}`]);
      expect(world.emails.templatesFor(done.id)).toContain('declined');
    }));

  test('an abandoned authentication is declined once the pinned wait has passed, and not before', () =>
    run(async () => {
      const now = await world.env.currentTimeMs();
      world.policies.publish({
        ...POLICY_VERSIONS[0],
        version: 'test-short-authentication-wait',
        effectiveFrom: new Date(now).toISOString(),
        authenticationWaitMinutes: 5,
      });
      const handle = await world.start({ paymentMethodId: SCA_CARD });
      const v = await world.untilView(handle, authenticating, 'requires_authentication');
      expect(v.policyVersion).toBe('test-short-authentication-wait');
      await world.env.sleep(4 * MINUTE);
      expect((await world.view(handle)).hold.state).toBe('requires_authentication');
      const done: ReplacementView = await handle.result();
      expect(done.status).toBe('declined');
      expect(done.declineReason).toMatch(/not completed in time/);
      const waited = Date.parse(done.updatedAt) - Date.parse(v.updatedAt);
      expect(waited).toBeGreaterThanOrEqual(5 * MINUTE);
      expect(waited).toBeLessThan(6 * MINUTE);
      expect(intentsOf(done.id)).toEqual([expect.objectContaining({ status: 'canceled' })]);
      expect(world.inventory.reservation(handle.workflowId)).toBeUndefined();
      expect(await ledgerKinds(done.id)).toEqual([`authorization_failed:${IPHONE_17_PRO}`]);
      world.policies.publish({ ...POLICY_VERSIONS[0], version: 'test-default-again', effectiveFrom: new Date(await world.env.currentTimeMs()).toISOString() });
    }));

  test('a cancellation while the customer authenticates cancels the intent and the request', () =>
    run(async () => {
      const handle = await world.start({ paymentMethodId: SCA_CARD });
      const v = await world.untilView(handle, authenticating, 'requires_authentication');
      const cancelled = await handle.executeUpdate(cancelUpdate, { args: [{ actor: { sub: 'customer-kari', role: 'customer' }, reason: 'changed my mind' }] });
      expect(cancelled.status).toBe('cancelled');
      expect(intentsOf(v.id)).toEqual([expect.objectContaining({ status: 'canceled' })]);
      expect(world.inventory.reservation(handle.workflowId)).toBeUndefined();
    }));

  test('a card declined outright still ends declined, with no authentication asked for', () =>
    run(async () => {
      const handle = await world.start({ paymentMethodId: 'pm_card_chargeDeclined' });
      const v: ReplacementView = await handle.result();
      expect(v.status).toBe('declined');
      expect(v.hold.state).toBe('none');
      expect(v.timeline.map((t) => t.type)).not.toContain('hold_authentication_required');
      expect(await ledgerKinds(v.id)).toEqual([`authorization_failed:${IPHONE_17_PRO}`]);
    }));
});
