// Reconciliation of the ledger (real PostgreSQL) against the payment sandbox's own records: the
// money moves through the real activities, so both sides are recorded the way production records them.
import { MockActivityEnvironment } from '@temporalio/testing';
import { PgLedger } from '../../src/adapters/postgres/ledger';
import type { PaymentGateway } from '../../src/ports/payment-gateway';
import { SandboxPaymentGateway } from '../../src/sandboxes/payment-gateway';
import { PgReconciliationFindings } from '../../src/adapters/postgres/reconciliation-findings';
import { realActivities } from '../helpers/activities';
import { lazy } from '../helpers/fixture';
import { useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase();
const ledger = lazy(() => new PgLedger(db.pool));
const findings = lazy(() => new PgReconciliationFindings(db.pool));

const DAY = 24 * 60 * 60 * 1000;

/** A sandbox and activities sharing one clock; each test works on its own day and replacement ids. */
function world(day: string, payment?: (sandbox: SandboxPaymentGateway) => PaymentGateway) {
  const from = Date.parse(`${day}T00:00:00Z`);
  let t = from + 8 * 60 * 60 * 1000;
  const clock = () => t;
  const sandbox = new SandboxPaymentGateway({ inMemory: true, clock });
  const activities = realActivities({ payment: payment ? payment(sandbox) : sandbox, ledger, findings, clock });
  /** Runs an activity as the replacement's workflow would (its id feeds the idempotency keys). */
  const run = <A, R>(replacementId: string, fn: (arg: A) => Promise<R>, arg: A): Promise<R> =>
    new MockActivityEnvironment({ workflowExecution: { workflowId: `replacement:${replacementId}`, runId: 'run-1' } }).run(fn, arg) as Promise<R>;
  const hold = (replacementId: string, amount = 1_599_000) => {
    t += 60_000;
    return run(replacementId, activities.authorizeHold, {
      replacementId,
      step: 'authorize',
      amount,
      paymentMethodId: 'pm_card_visa',
      email: `${replacementId}@example.no`,
      serviceNumber: replacementId,
    });
  };
  return {
    sandbox,
    activities,
    run,
    hold,
    tick: () => (t += 60_000),
    period: { from, to: from + DAY },
  };
}

const findingRows = async (ids: string[]) => (await findings.list({ openOnly: false, limit: 1000 })).filter((f) => ids.includes(f.replacementId));

describe('reconcileLedger', () => {
  it('finds nothing when the ledger and the provider agree (holds, partial capture, release, charge, refund)', async () => {
    const w = world('2026-10-01');
    const captured = await w.hold('RMA-REC-CLEAN1');
    w.tick();
    await w.run('RMA-REC-CLEAN1', w.activities.captureHold, {
      replacementId: 'RMA-REC-CLEAN1',
      step: 'settle',
      authorizationId: captured.authorizationId,
      amount: 30_000,
    });
    const released = await w.hold('RMA-REC-CLEAN2');
    w.tick();
    await w.run('RMA-REC-CLEAN2', w.activities.releaseHold, { replacementId: 'RMA-REC-CLEAN2', step: 'release', authorizationId: released.authorizationId });
    const charged = await w.hold('RMA-REC-CLEAN3');
    w.tick();
    const charge = await w.run('RMA-REC-CLEAN3', w.activities.chargeOffSession, {
      replacementId: 'RMA-REC-CLEAN3',
      step: 'charge',
      hold: charged,
      amount: 50_000,
      email: 'c3@example.no',
      serviceNumber: 'RMA-REC-CLEAN3',
    });
    w.tick();
    await w.run('RMA-REC-CLEAN3', w.activities.refundPayment, { replacementId: 'RMA-REC-CLEAN3', step: 'refund', paymentId: charge.paymentId, amount: 20_000 });

    const result = await w.activities.reconcileLedger(w.period);
    // 3 authorizations, a capture and its released remainder, a release, a charge and a refund.
    expect(result).toMatchObject({ providerSupported: true, ledgerEntries: 8, providerMovements: 8, findings: [], newFindings: 0 });
    expect(await findingRows(['RMA-REC-CLEAN1', 'RMA-REC-CLEAN2', 'RMA-REC-CLEAN3'])).toEqual([]);
  });

  it('records a provider capture missing from the ledger and a ledger amount that differs, once however often it runs', async () => {
    const w = world('2026-10-05');
    // Captured at the provider, but the ledger write never happened.
    const lost = await w.hold('RMA-REC-LOST');
    w.tick();
    await w.sandbox.capture({ authorizationId: lost.authorizationId, amount: lost.amount, idempotencyKey: 'out-of-band-capture' });
    // The provider holds 1 599 000; the ledger says 1 500 000.
    w.tick();
    const auth = await w.sandbox.authorizeHold({
      amount: 1_599_000,
      currency: 'nok',
      paymentMethodId: 'pm_card_visa',
      email: 'diff@example.no',
      description: 'hold',
      metadata: { replacement_id: 'RMA-REC-DIFF' },
      idempotencyKey: 'diff-authorize',
    });
    await ledger.append({
      idempotencyKey: 'replacement:RMA-REC-DIFF:authorize:authorized',
      replacementId: 'RMA-REC-DIFF',
      kind: 'authorized',
      amount: 1_500_000,
      currency: 'NOK',
      provider: 'sandbox',
      providerRef: auth.id,
      at: w.tick(),
    });

    const first = await w.activities.reconcileLedger(w.period);
    const expected = [
      { replacementId: 'RMA-REC-DIFF', kind: 'authorized', ledgerAmount: 1_500_000, providerAmount: 1_599_000, providerRef: auth.id },
      { replacementId: 'RMA-REC-LOST', kind: 'captured', ledgerAmount: null, providerAmount: 1_599_000, providerRef: lost.authorizationId },
    ];
    expect(first.findings).toMatchObject(expected);
    expect(first.findings).toHaveLength(2);
    expect(first.newFindings).toBe(2);
    const stored = await findingRows(['RMA-REC-LOST', 'RMA-REC-DIFF']);
    expect(stored.sort((a, b) => a.replacementId.localeCompare(b.replacementId))).toMatchObject(expected.map((e) => ({ ...e, resolvedAt: null })));
    expect(stored.every((f) => f.detail.length > 0)).toBe(true);

    // A rerun of the same period, and an overlapping one, add nothing.
    const again = await w.activities.reconcileLedger(w.period);
    expect(again.findings).toHaveLength(2);
    expect(again.newFindings).toBe(0);
    await w.activities.reconcileLedger({ from: w.period.from - DAY, to: w.period.to + DAY });
    expect(await findingRows(['RMA-REC-LOST', 'RMA-REC-DIFF'])).toHaveLength(2);

    // Resolved by finance: a later run leaves it resolved instead of reopening it.
    const diff = stored.find((f) => f.replacementId === 'RMA-REC-DIFF')!;
    expect(await findings.resolve(diff.id, w.tick())).toBe(true);
    await w.activities.reconcileLedger(w.period);
    const open = (await findings.list()).filter((f) => f.replacementId.startsWith('RMA-REC-'));
    expect(open.map((f) => f.replacementId)).toEqual(['RMA-REC-LOST']);
  });

  it('only reports movements of the period asked for', async () => {
    const w = world('2026-10-10');
    const lost = await w.hold('RMA-REC-LATER');
    await w.sandbox.capture({ authorizationId: lost.authorizationId, amount: lost.amount, idempotencyKey: 'later-capture' });
    const dayBefore = await w.activities.reconcileLedger({ from: w.period.from - DAY, to: w.period.from });
    expect(dayBefore.findings).toEqual([]);
    const sameDay = await w.activities.reconcileLedger(w.period);
    expect(sameDay.findings.map((f) => `${f.replacementId}:${f.kind}`)).toEqual(['RMA-REC-LATER:captured']);
  });

  it('says so, and compares nothing, when the provider cannot list its movements', async () => {
    const w = world(
      '2026-10-15',
      (sandbox) => new Proxy(sandbox, { get: (target, prop) => (prop === 'listMovements' ? undefined : Reflect.get(target, prop)) }),
    );
    const lost = await w.hold('RMA-REC-NOLIST');
    await w.sandbox.capture({ authorizationId: lost.authorizationId, amount: lost.amount, idempotencyKey: 'nolist-capture' });
    const result = await w.activities.reconcileLedger(w.period);
    expect(result).toMatchObject({ providerSupported: false, findings: [], newFindings: 0 });
    expect(result.detail).toMatch(/cannot list movements/);
    expect(await findingRows(['RMA-REC-NOLIST'])).toEqual([]);
  });
});
