// Every path of the replacement workflow on the time-skipping server, asserting statuses, amounts,
// the ledger and the payment provider's own records.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { POLICY_VERSIONS } from '../../src/domain';
import { returnDeadline } from '../../src/domain/calendar';
import type { PolicyVersion } from '../../src/domain/types';
import {
  cancelUpdate,
  carrierEventSignal,
  dispatchUpdate,
  inspectionUpdate,
  paymentEventSignal,
  receiptUpdate,
  restockedSignal,
  reviewUpdate,
  type InspectionCommand,
  type ReplacementView,
} from '../../workflows/definitions';
import { LEAD_EMAIL, recordHistories, useWorld, WAREHOUSE } from './world';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const kr = (n: number) => n * 100;
const IPHONE_17_PRO = kr(15_990);

const world = useWorld();

const run = async <T>(fn: () => Promise<T>) => {
  try {
    return await fn();
  } finally {
    await recordHistories(world, expect.getState().currentTestName ?? 'unnamed');
  }
};

async function dispatch(handle: WorkflowHandle): Promise<ReplacementView> {
  await world.untilStatus(handle, 'awaiting_dispatch');
  return handle.executeUpdate(dispatchUpdate, { args: [{ replacementSerialNumber: 'RPL-NEW-0001', actor: WAREHOUSE }] });
}

async function receiveAndInspect(handle: WorkflowHandle, inspection: Omit<InspectionCommand, 'actor' | 'notes'> & { notes?: string }) {
  await handle.executeUpdate(receiptUpdate, { args: [{ serialNumber: 'f2lxk0aaq1 ', actor: WAREHOUSE }] });
  return handle.executeUpdate(inspectionUpdate, { args: [{ notes: 'Inspected on bench 3', ...inspection, actor: WAREHOUSE }] });
}

/** Reserves every unit of `sku` still available, so the next replacement for it waits for stock. */
async function drainStock(sku: string) {
  while ((await world.inventory.available(sku)) > 0) {
    await world.inventory.reserve({ sku, reservationId: `drain-${Math.random()}` });
  }
}

async function sleepUntil(instantMs: number) {
  const now = await world.env.currentTimeMs();
  if (instantMs > now) await world.env.sleep(instantMs - now);
}

async function ledgerKinds(id: string) {
  return (await world.ledger.entries({ replacementId: id })).map((e) => `${e.kind}:${e.amount}`);
}

function authorizationsOf(id: string) {
  return world.payment.listAuthorizations({ metadata: { replacement_id: id } });
}

function liveAuthorizations(id: string) {
  return world.payment.liveAuthorizations({ metadata: { replacement_id: id } });
}

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return String((err as WorkflowUpdateFailedError).cause?.message ?? (err as Error).message);
  }
  throw new Error('expected the update to be rejected');
}

describe('settlement after inspection', () => {
  test.each([
    { name: 'covered → hold released in full', outcome: 'covered' as const, captured: 0, resolution: 'hold_released' },
    { name: 'no fault found (iPhone) → 300 kr examination fee', outcome: 'no_fault_found' as const, captured: kr(300), resolution: 'fee_charged' },
    { name: 'not covered → the SKU’s out-of-warranty fee', outcome: 'not_covered' as const, captured: kr(7_490), resolution: 'fee_charged' },
    {
      name: 'not covered and beyond repair → retail price',
      outcome: 'not_covered' as const,
      beyondRepair: true,
      captured: IPHONE_17_PRO,
      resolution: 'retail_price_charged',
    },
    {
      name: 'unauthorized modification → retail price',
      outcome: 'unauthorized_modification' as const,
      captured: IPHONE_17_PRO,
      resolution: 'retail_price_charged',
    },
    { name: 'dead on arrival → covered, released', outcome: 'dead_on_arrival' as const, captured: 0, resolution: 'hold_released' },
  ])('$name', ({ outcome, beyondRepair, captured, resolution }) =>
    run(async () => {
      const handle = await world.start();
      const dispatched = await dispatch(handle);
      expect(dispatched.status).toBe('dispatched');
      expect(dispatched.holdAmount).toBe(IPHONE_17_PRO);
      const done = await receiveAndInspect(handle, { outcome, beyondRepair });
      expect(done.status).toBe('completed');
      expect(done.resolution).toBe(resolution);
      expect(done.capturedAmount).toBe(captured);
      const final = await handle.result();
      expect(final.capturedAmount).toBe(captured);

      const id = final.id;
      const [auth] = authorizationsOf(id);
      expect(auth.amountReceived).toBe(captured);
      expect(auth.status).toBe(captured > 0 ? 'succeeded' : 'canceled');
      const ledger = await ledgerKinds(id);
      expect(ledger[0]).toBe(`authorized:${IPHONE_17_PRO}`);
      if (captured === 0) expect(ledger).toEqual([`authorized:${IPHONE_17_PRO}`, `released:${IPHONE_17_PRO}`]);
      else if (captured === IPHONE_17_PRO) expect(ledger).toEqual([`authorized:${IPHONE_17_PRO}`, `captured:${captured}`]);
      else expect(ledger).toEqual([`authorized:${IPHONE_17_PRO}`, `captured:${captured}`, `released:${IPHONE_17_PRO - captured}`]);
      expect(world.emails.templatesFor(id)).toEqual(expect.arrayContaining(['request_received', 'hold_placed', 'dispatched', 'return_received', 'settled']));
    }),
  );

  test('accidental damage with a coverage plan → the plan’s service fee', () =>
    run(async () => {
      const handle = await world.start({ coverage: 'plan' });
      await dispatch(handle);
      const done = await receiveAndInspect(handle, { outcome: 'accidental_damage' });
      expect(done.resolution).toBe('fee_charged');
      expect(done.capturedAmount).toBe(kr(1_190));
      expect(await ledgerKinds(done.id)).toEqual([`authorized:${IPHONE_17_PRO}`, `captured:${kr(1_190)}`, `released:${IPHONE_17_PRO - kr(1_190)}`]);
    }));

  test('labour for service parts is billed in started 15-minute steps', () =>
    run(async () => {
      const handle = await world.start({ sku: 'SRV-PSU-1600W', serialNumber: 'F2LXK0AAQ1' });
      await dispatch(handle);
      // 46 minutes → 4 started quarters at 1 250 kr/h = 1 250 kr.
      const done = await receiveAndInspect(handle, { outcome: 'user_error', labourMinutes: 46 });
      expect(done.resolution).toBe('fee_charged');
      expect(done.capturedAmount).toBe(kr(1_250));
      expect(done.inspection?.basis).toMatch(/4 × 15 min/);
    }));

  test('an inspection the policy cannot settle is rejected with the reason', () =>
    run(async () => {
      const handle = await world.start({ sku: 'SRV-PSU-1600W' });
      await dispatch(handle);
      await handle.executeUpdate(receiptUpdate, { args: [{ serialNumber: 'F2LXK0AAQ1', actor: WAREHOUSE }] });
      const message = await rejection(handle.executeUpdate(inspectionUpdate, { args: [{ outcome: 'user_error', notes: '', actor: WAREHOUSE }] }));
      expect(message).toMatch(/labour/i);
      expect((await world.view(handle)).status).toBe('awaiting_inspection');
      await handle.executeUpdate(inspectionUpdate, { args: [{ outcome: 'covered', notes: 'PSU fan failure', actor: WAREHOUSE }] });
    }));
});

describe('returns at the edge', () => {
  test('not returned: the full hold is captured exactly at the deadline, not a minute before', () =>
    run(async () => {
      const handle = await world.start();
      const dispatched = await dispatch(handle);
      const deadline = Date.parse(dispatched.returnDeadline!);
      await sleepUntil(deadline - 60_000);
      const before = await world.view(handle);
      expect(before.status).toBe('dispatched');
      expect(before.capturedAmount).toBe(0);
      await sleepUntil(deadline + 60_000);
      const after = await world.untilStatus(handle, 'completed');
      expect(after.resolution).toBe('not_returned_charged');
      expect(after.capturedAmount).toBe(IPHONE_17_PRO);
      const charged = after.timeline.find((t) => t.type === 'not_returned')!;
      expect(Date.parse(charged.at)).toBeGreaterThanOrEqual(deadline);
      // Reminders went out before the deadline (3 business days before, and on the last day).
      expect(world.emails.templatesFor(after.id).filter((t) => t === 'return_reminder')).toHaveLength(2);
      expect(world.emails.templatesFor(after.id)).toContain('not_returned_charged');
      // The hold was renewed along the way (10 business days > a 7-day Visa authorization): one capture only.
      const ledger = await ledgerKinds(after.id);
      expect(ledger.filter((l) => l.startsWith('captured'))).toEqual([`captured:${IPHONE_17_PRO}`]);
      expect(ledger).toContain(`re_authorized:${IPHONE_17_PRO}`);
      // No late return arrives: the workflow closes when the late-return window ends.
      const final = await handle.result();
      expect(final.refundedAmount).toBe(0);
    }));

  test('a return scanned before the deadline is not charged while in transit', () =>
    run(async () => {
      const handle = await world.start();
      const dispatched = await dispatch(handle);
      const deadline = Date.parse(dispatched.returnDeadline!);
      await sleepUntil(deadline - DAY);
      const scan = await world.carrier.scan(dispatched.returnLabel!.trackingNumber, 'in_transit', 'Levert på postkontor');
      await handle.signal(carrierEventSignal, scan);
      await handle.signal(carrierEventSignal, scan); // a duplicate delivery changes nothing
      await world.untilStatus(handle, 'return_in_transit');
      await sleepUntil(deadline + 3 * DAY);
      const during = await world.view(handle);
      expect(during.status).toBe('return_in_transit');
      expect(during.capturedAmount).toBe(0);
      expect(Date.parse(during.returnGraceUntil!)).toBeGreaterThan(deadline + 10 * DAY);
      expect(during.timeline.filter((t) => t.type === 'return_in_transit')).toHaveLength(1);
      const done = await receiveAndInspect(handle, { outcome: 'covered' });
      expect(done.resolution).toBe('hold_released');
      expect(done.capturedAmount).toBe(0);
    }));

  test('a late arrival after the not-returned charge is refunded less the late fee', () =>
    run(async () => {
      const handle = await world.start();
      const dispatched = await dispatch(handle);
      await sleepUntil(Date.parse(dispatched.returnDeadline!) + DAY);
      const charged = await world.untilStatus(handle, 'completed');
      expect(charged.resolution).toBe('not_returned_charged');
      const late = await handle.executeUpdate(receiptUpdate, { args: [{ serialNumber: 'F2LXK0AAQ1', actor: WAREHOUSE }] });
      expect(late.refundedAmount).toBe(IPHONE_17_PRO - kr(500));
      expect(late.flags).toContain('late_return');
      const final = await handle.result();
      expect(final.capturedAmount).toBe(IPHONE_17_PRO);
      expect(final.refundedAmount).toBe(IPHONE_17_PRO - kr(500));
      expect(await ledgerKinds(final.id)).toContain(`refunded:${IPHONE_17_PRO - kr(500)}`);
      expect(world.emails.templatesFor(final.id)).toContain('late_return_refund');
    }));

  test('a receipt with the wrong serial number is rejected and changes nothing', () =>
    run(async () => {
      const handle = await world.start();
      await dispatch(handle);
      const message = await rejection(handle.executeUpdate(receiptUpdate, { args: [{ serialNumber: 'DIFFERENT-UNIT', actor: WAREHOUSE }] }));
      expect(message).toMatch(/does not match the original unit/);
      expect((await world.view(handle)).status).toBe('dispatched');
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));

  test('a server part gets a 14-calendar-day window ending at Oslo midnight', () =>
    run(async () => {
      const handle = await world.start({ sku: 'SRV-SSD-U2-3T84' });
      const v = await dispatch(handle);
      const dispatchedAt = Date.parse(v.dispatch!.dispatchedAt);
      const deadline = Date.parse(v.returnDeadline!);
      expect(deadline - dispatchedAt).toBeGreaterThan(14 * DAY);
      expect(deadline - dispatchedAt).toBeLessThanOrEqual(15 * DAY);
      const oslo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
      expect(oslo.format(new Date(deadline))).toBe('23:59:59');
      expect(new Date(deadline).getUTCMilliseconds()).toBe(999);
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));
});

describe('the hold’s life', () => {
  test('an authorization nearing capture-before is renewed, the old one cancelled, never two live', () =>
    run(async () => {
      const handle = await world.start();
      const v = await dispatch(handle);
      const first = v.hold.authorizationId!;
      const captureBefore = Date.parse(v.hold.captureBefore!);
      expect(captureBefore - Date.parse(v.createdAt)).toBeGreaterThanOrEqual(7 * DAY - 60_000); // Visa, customer-initiated
      await sleepUntil(captureBefore - DAY + 60_000);
      const renewed = await world.untilView(handle, (x) => x.hold.renewals > 0, 'a renewed hold');
      expect(renewed.hold.renewals).toBe(1);
      expect(renewed.hold.authorizationId).not.toBe(first);
      const auths = authorizationsOf(v.id);
      expect(auths.find((a) => a.id === first)?.status).toBe('canceled');
      expect(liveAuthorizations(v.id).map((a) => a.id)).toEqual([renewed.hold.authorizationId]);
      const done = await receiveAndInspect(handle, { outcome: 'no_fault_found' });
      expect(done.capturedAmount).toBe(kr(300));
      expect(liveAuthorizations(v.id)).toHaveLength(0);
      expect(await ledgerKinds(v.id)).toEqual([
        `authorized:${IPHONE_17_PRO}`,
        `re_authorized:${IPHONE_17_PRO}`,
        `released:${IPHONE_17_PRO}`,
        `captured:${kr(300)}`,
        `released:${IPHONE_17_PRO - kr(300)}`,
      ]);
    }));

  test('an expiry reported by the payment provider renews the hold at once, and a replayed event changes nothing', () =>
    run(async () => {
      const handle = await world.start();
      const v = await dispatch(handle);
      const first = v.hold.authorizationId!;
      const event = { eventId: 'evt_expired_1', kind: 'authorization_expired' as const, authorizationId: first };
      await handle.signal(paymentEventSignal, event);
      const renewed = await world.untilView(handle, (x) => x.hold.renewals > 0, 'a renewed hold');
      expect(renewed.hold.renewals).toBe(1);
      expect(renewed.hold.authorizationId).not.toBe(first);
      await handle.signal(paymentEventSignal, event);
      await handle.signal(paymentEventSignal, { ...event, eventId: 'evt_about_an_old_authorization' });
      await new Promise((r) => setTimeout(r, 300));
      expect((await world.view(handle)).hold.renewals).toBe(1);
      expect(liveAuthorizations(v.id).map((a) => a.id)).toEqual([renewed.hold.authorizationId]);
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));

  test('a declined renewal flags the replacement unsecured, emails the customer, and tries an off-session charge at settlement', () =>
    run(async () => {
      // Authorizes with the customer present; every merchant-initiated payment on it is declined.
      const handle = await world.start({ paymentMethodId: 'pm_card_visa_chargeDeclinedOffSession' });
      const v = await dispatch(handle);
      await sleepUntil(Date.parse(v.hold.captureBefore!) + 60_000);
      const unsecured = await world.untilView(handle, (x) => x.hold.state === 'unsecured', 'an unsecured hold');
      expect(unsecured.flags).toEqual(expect.arrayContaining(['unsecured', 'renewal_failed']));
      expect(unsecured.hold.state).toBe('unsecured');
      // The only authorization has passed its capture-before on the server's clock: nothing is held.
      const serverNow = await world.env.currentTimeMs();
      expect(authorizationsOf(v.id).every((a) => a.status !== 'requires_capture' || a.captureBefore <= serverNow)).toBe(true);
      expect(world.emails.templatesFor(v.id)).toContain('hold_action_needed');
      const done = await receiveAndInspect(handle, { outcome: 'no_fault_found' });
      // The off-session charge is attempted for the fee and declined too: finance must collect.
      expect(done.status).toBe('completed');
      expect(done.resolution).toBe('fee_charged');
      expect(done.capturedAmount).toBe(0);
      expect(done.flags).toContain('collection_required');
      const ledger = await ledgerKinds(v.id);
      expect(ledger).toEqual([`authorized:${IPHONE_17_PRO}`, `authorization_failed:${IPHONE_17_PRO}`, `charge_failed:${kr(300)}`]);
      expect(world.payment.listDeclines({ metadata: { replacement_id: v.id } }).length).toBeGreaterThanOrEqual(2);
    }));
});

describe('before dispatch', () => {
  test('cancel before dispatch releases the hold and the stock', () =>
    run(async () => {
      const before = await world.inventory.available('IP17P-256');
      const handle = await world.start();
      await world.untilStatus(handle, 'awaiting_dispatch');
      expect(await world.inventory.available('IP17P-256')).toBe(before - 1);
      const v = await handle.executeUpdate(cancelUpdate, { args: [{ actor: { sub: 'customer-kari', role: 'customer' } }] });
      expect(v.status).toBe('cancelled');
      expect(v.hold.state).toBe('released');
      expect(await world.inventory.available('IP17P-256')).toBe(before);
      expect(authorizationsOf(v.id).map((a) => a.status)).toEqual(['canceled']);
      expect(await ledgerKinds(v.id)).toEqual([`authorized:${IPHONE_17_PRO}`, `released:${IPHONE_17_PRO}`]);
      expect((await handle.result()).status).toBe('cancelled');
    }));

  test('cancel after dispatch is rejected with a message that says why', () =>
    run(async () => {
      const handle = await world.start();
      await dispatch(handle);
      const message = await rejection(handle.executeUpdate(cancelUpdate, { args: [{ actor: { sub: 'customer-kari', role: 'customer' } }] }));
      expect(message).toMatch(/dispatched .* cannot be cancelled; return the original unit by/);
      expect((await world.view(handle)).status).toBe('dispatched');
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));

  test('a declined card ends declined with nothing reserved or shipped', () =>
    run(async () => {
      const before = await world.inventory.available('IP17P-256');
      const handle = await world.start({ paymentMethodId: 'pm_card_chargeDeclined' });
      const v = await handle.result();
      expect(v.status).toBe('declined');
      expect(v.hold.state).toBe('none');
      expect(v.dispatch).toBeNull();
      expect(await world.inventory.available('IP17P-256')).toBe(before);
      expect(await ledgerKinds(v.id)).toEqual([`authorization_failed:${IPHONE_17_PRO}`]);
      expect(world.emails.templatesFor(v.id)).toContain('declined');
    }));

  test('out of stock waits in awaiting_stock until restocked', () =>
    run(async () => {
      const sku = 'IP16E-128';
      await drainStock(sku);
      const handle = await world.start({ sku });
      const waiting = await world.untilStatus(handle, 'awaiting_stock');
      expect(waiting.hold.state).toBe('active');
      await world.inventory.restock({ sku, quantity: 1 });
      await handle.signal(restockedSignal, { sku });
      const ready = await world.untilStatus(handle, 'awaiting_dispatch');
      expect(ready.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['out_of_stock', 'stock_reserved']));
      expect(await world.inventory.available(sku)).toBe(0);
      await dispatch(handle);
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));

  test('a replacement waiting for stock longer than 30 days is cancelled and the hold released', () =>
    run(async () => {
      const sku = 'MAGIC-KB-TID-NO';
      await drainStock(sku);
      const handle = await world.start({ sku });
      await world.untilStatus(handle, 'awaiting_stock');
      const v: ReplacementView = await handle.result();
      expect(v.status).toBe('cancelled');
      expect(v.timeline.find((t) => t.type === 'cancelled')?.detail).toMatch(/30 days/);
      expect(Date.parse(v.updatedAt) - Date.parse(v.createdAt)).toBeGreaterThanOrEqual(30 * DAY);
      expect(v.hold.state).toBe('released');
      expect(liveAuthorizations(v.id)).toHaveLength(0);
      expect(world.emails.templatesFor(v.id)).toContain('cancelled');
      await world.inventory.restock({ sku, quantity: 5 });
    }));

  test('a missed dispatch SLA is flagged and emailed to the warehouse lead, and never blocks', () =>
    run(async () => {
      const handle = await world.start({ serviceLevel: 'priority_4h' });
      const queued = await world.untilStatus(handle, 'awaiting_dispatch');
      const due = Date.parse(queued.dispatchDueBy!);
      expect(queued.flags).not.toContain('sla_breached');
      await sleepUntil(due + 60_000);
      const breached = await world.untilView(handle, (x) => x.flags.includes('sla_breached'), 'an SLA breach flag');
      expect(breached.flags).toContain('sla_breached');
      expect(breached.status).toBe('awaiting_dispatch');
      const alert = world.emails.sent.find((m) => m.template === 'sla_breach' && m.data.serviceNumber === breached.id);
      expect(alert?.to).toBe(LEAD_EMAIL);
      const v = await dispatch(handle);
      expect(v.status).toBe('dispatched');
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));

  test('a flagged device waits for review; a rejection cancels it and releases the stock and the hold', () =>
    run(async () => {
      world.flaggedDevices.set('FLAGGED0001', { reason: 'counterfeit', note: 'fake IMEI sticker' });
      const before = await world.inventory.available('IP17P-256');
      const handle = await world.start({ serialNumber: ' flagged0001' });
      // Flagged when its unit is reserved, then in the dispatch queue like any other — where it waits.
      const waiting = await world.untilView(
        handle,
        (v) => v.flags.includes('review_required') && v.status === 'awaiting_dispatch',
        'a review flag in the queue',
      );
      expect(waiting.review).toEqual({
        findings: [{ reason: 'known_counterfeit', detail: expect.stringContaining('counterfeit (fake IMEI sticker)') }],
        state: 'pending',
        decidedBy: null,
        decidedAt: null,
      });
      expect(await rejection(handle.executeUpdate(dispatchUpdate, { args: [{ replacementSerialNumber: 'RPL-NEW-0001', actor: WAREHOUSE }] }))).toMatch(
        /waits for review/,
      );
      const v = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'reject', note: 'serial not in the manufacturer’s records', actor: WAREHOUSE }],
      });
      expect(v.status).toBe('cancelled');
      expect(v.review).toMatchObject({ state: 'rejected', decidedBy: WAREHOUSE.sub });
      expect(v.timeline.find((t) => t.type === 'review_rejected')).toMatchObject({ actor: WAREHOUSE, detail: 'serial not in the manufacturer’s records' });
      expect(v.timeline.find((t) => t.type === 'cancelled')?.detail).toMatch(/rejected in review/);
      expect(v.hold.state).toBe('released');
      expect(liveAuthorizations(v.id)).toHaveLength(0);
      expect(await world.inventory.available('IP17P-256')).toBe(before);
      expect(await ledgerKinds(v.id)).toEqual([`authorized:${IPHONE_17_PRO}`, `released:${IPHONE_17_PRO}`]);
      expect((await handle.result()).status).toBe('cancelled');
      expect(world.emails.templatesFor(v.id)).toContain('cancelled');
    }));

  test('an approved review clears the flag and the unit ships', () =>
    run(async () => {
      world.flaggedDevices.set('STOLEN00001', { reason: 'reported_stolen', note: null });
      const handle = await world.start({ serialNumber: 'STOLEN00001' });
      await world.untilView(handle, (v) => v.flags.includes('review_required'), 'a review flag');
      const approved = await handle.executeUpdate(reviewUpdate, { args: [{ decision: 'approve', note: 'police report withdrawn', actor: WAREHOUSE }] });
      expect(approved.flags).not.toContain('review_required');
      expect(approved.review).toMatchObject({ state: 'approved', decidedBy: WAREHOUSE.sub, findings: [{ reason: 'flagged_device' }] });
      expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ decision: 'reject', actor: WAREHOUSE }] }))).toMatch(
        /already been decided: approved/,
      );
      const v = await dispatch(handle);
      expect(v.status).toBe('dispatched');
      await handle.executeUpdate(receiptUpdate, { args: [{ serialNumber: 'stolen00001', actor: WAREHOUSE }] });
      await handle.executeUpdate(inspectionUpdate, { args: [{ outcome: 'covered', notes: 'ok', actor: WAREHOUSE }] });
    }));

  test('a device with nothing on record is not sent to review', () =>
    run(async () => {
      const handle = await world.start({ serialNumber: 'CLEAN000001' });
      const v = await world.untilStatus(handle, 'awaiting_dispatch');
      expect(v.flags).not.toContain('review_required');
      expect(v.review).toBeUndefined();
      expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ decision: 'approve', actor: WAREHOUSE }] }))).toMatch(/not waiting for review/);
      await handle.executeUpdate(cancelUpdate, { args: [{ actor: { sub: 'customer-kari', role: 'customer' } }] });
    }));

  test('a request outside the warranty ends ineligible with no hold', () =>
    run(async () => {
      const now = await world.env.currentTimeMs();
      const handle = await world.start({ purchaseDate: new Date(now - 400 * DAY).toISOString().slice(0, 10) });
      const v = await handle.result();
      expect(v.status).toBe('ineligible');
      expect(v.ineligibleReason).toMatch(/warranty/i);
      expect(v.holdAmount).toBe(0);
      expect(authorizationsOf(v.id)).toHaveLength(0);
      expect(await ledgerKinds(v.id)).toEqual([]);
    }));
});

describe('a faulty payment provider', () => {
  test('30% transient errors and 10% lost responses: every replacement settles once, with the right amounts', () =>
    run(async () => {
      let seed = 42;
      const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      world.payment.setFaults({ transientErrorRate: 0.3, lostResponseRate: 0.1, random });
      try {
        const cases = [
          { outcome: 'covered' as const, captured: 0 },
          { outcome: 'no_fault_found' as const, captured: kr(300) },
          { outcome: 'not_covered' as const, captured: kr(7_490) },
          { outcome: 'unauthorized_modification' as const, captured: IPHONE_17_PRO },
          { outcome: 'covered' as const, captured: 0 },
          { outcome: 'no_fault_found' as const, captured: kr(300) },
        ];
        const handles = await Promise.all(cases.map(() => world.start()));
        const results = await Promise.all(
          handles.map(async (handle, i) => {
            await dispatch(handle);
            return receiveAndInspect(handle, { outcome: cases[i].outcome });
          }),
        );
        for (const [i, v] of results.entries()) {
          expect(v.status).toBe('completed');
          expect(v.capturedAmount).toBe(cases[i].captured);
          const auths = authorizationsOf(v.id);
          // Retries were answered from the provider's idempotency store: one hold, at most one capture.
          expect(auths).toHaveLength(1);
          expect(auths[0].captureCount).toBe(cases[i].captured > 0 ? 1 : 0);
          expect(auths[0].amountReceived).toBe(cases[i].captured);
          const ledger = await ledgerKinds(v.id);
          expect(ledger.filter((l) => l.startsWith('authorized'))).toHaveLength(1);
          expect(ledger.filter((l) => l.startsWith('captured'))).toHaveLength(cases[i].captured > 0 ? 1 : 0);
        }
        const journal = world.payment.journal();
        expect(journal.filter((j) => j.outcome === 'transient').length).toBeGreaterThan(0);
        expect(journal.filter((j) => j.replayed).length).toBeGreaterThan(0);
      } finally {
        world.payment.clearFaults();
      }
    }));
});

describe('a faulty carrier', () => {
  test('a carrier API answering 503 is retried with backoff; the dispatch completes with one booking', () =>
    run(async () => {
      const handle = await world.start();
      await world.untilStatus(handle, 'awaiting_dispatch');
      world.carrier.failNextBookings(2);
      const v = await dispatch(handle);
      expect(v.status).toBe('dispatched');
      expect(v.returnLabel?.trackingNumber).toBeDefined();
      expect(world.carrier.bookingsFor(v.id)).toBe(1);
      const history = await handle.fetchHistory();
      const failed = history.events?.filter(
        (e) => e.activityTaskFailedEventAttributes || (e.activityTaskStartedEventAttributes?.attempt && e.activityTaskStartedEventAttributes.attempt > 1),
      );
      expect(failed?.length ?? 0).toBeGreaterThan(0);
      await receiveAndInspect(handle, { outcome: 'covered' });
    }));
});

describe('policy versions', () => {
  test('a policy published while a replacement is in flight changes neither its fees nor its window', () =>
    run(async () => {
      const handle = await world.start();
      await world.untilStatus(handle, 'awaiting_dispatch');
      const now = await world.env.currentTimeMs();
      const base = POLICY_VERSIONS[0];
      const stricter: PolicyVersion = {
        ...base,
        version: 'test-stricter',
        effectiveFrom: new Date(now).toISOString(),
        categories: {
          ...base.categories,
          iphone: { ...base.categories.iphone, examinationFee: kr(999), returnWindow: { kind: 'business_days', days: 3 } },
        },
      };
      world.policies.publish(stricter);

      const pinned = await dispatch(handle);
      expect(pinned.policyVersion).toBe(base.version);
      // Deadlines from the calendar rules themselves: the test clock moves on with every earlier
      // test, and around Christmas three business days can span more than a week.
      const deadlineUnder = (v: ReplacementView, window: PolicyVersion['categories']['iphone']['returnWindow']) =>
        new Date(returnDeadline(Date.parse(v.dispatch!.dispatchedAt), window)).toISOString();
      expect(pinned.returnDeadline).toBe(deadlineUnder(pinned, base.categories.iphone.returnWindow));
      expect(pinned.returnDeadline).not.toBe(deadlineUnder(pinned, { kind: 'business_days', days: 3 }));
      const done = await receiveAndInspect(handle, { outcome: 'no_fault_found' });
      expect(done.capturedAmount).toBe(kr(300));

      // A replacement requested after publication does get the new terms.
      const later = await world.start({ serialNumber: 'F2LXK0AAQ1' });
      const fresh = await dispatch(later);
      expect(fresh.policyVersion).toBe('test-stricter');
      expect(fresh.returnDeadline).toBe(deadlineUnder(fresh, { kind: 'business_days', days: 3 }));
      const laterDone = await receiveAndInspect(later, { outcome: 'no_fault_found' });
      expect(laterDone.capturedAmount).toBe(kr(999));
    }));

  test('the longest wait for stock is a pinned term: a version with 7 days cancels after 7', () =>
    run(async () => {
      const sku = 'UPS-RBC-1500';
      await drainStock(sku);
      const now = await world.env.currentTimeMs();
      world.policies.publish({ ...POLICY_VERSIONS[0], version: 'test-short-stock-wait', effectiveFrom: new Date(now).toISOString(), maxStockWaitDays: 7 });
      const handle = await world.start({ sku });
      await world.untilStatus(handle, 'awaiting_stock');
      const v: ReplacementView = await handle.result();
      expect(v.status).toBe('cancelled');
      expect(v.policyVersion).toBe('test-short-stock-wait');
      expect(v.timeline.find((t) => t.type === 'cancelled')?.detail).toBe('no replacement unit came into stock within 7 days');
      expect(Date.parse(v.updatedAt) - Date.parse(v.createdAt)).toBeGreaterThanOrEqual(7 * DAY);
      expect(Date.parse(v.updatedAt) - Date.parse(v.createdAt)).toBeLessThan(8 * DAY);
      expect(v.hold.state).toBe('released');
      await world.inventory.restock({ sku, quantity: 5 });
    }));
});
