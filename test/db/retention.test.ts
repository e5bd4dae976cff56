// Retention on a real PostgreSQL: personal data of long-closed replacements is redacted from the
// read model; amounts, ids and the ledger stay.
import { PgSentEmailStore } from '../../src/adapters/postgres/sent-emails';
import { PgLedger } from '../../src/adapters/postgres/ledger';
import { SandboxPaymentGateway } from '../../src/sandboxes/payment-gateway';
import { PgReadModel } from '../../src/adapters/postgres/read-model';
import { PgPersonalDataRetention, REDACTED_EMAIL } from '../../src/adapters/postgres/retention';
import type { ReplacementView } from '../../workflows/definitions';
import { realActivities } from '../helpers/activities';
import { lazy } from '../helpers/fixture';
import { makeView, useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase();
const ledger = lazy(() => new PgLedger(db.pool));

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2027-12-01T03:00:00Z');
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

function activities(retentionDays?: number) {
  return realActivities({
    payment: new SandboxPaymentGateway({ inMemory: true }),
    ledger,
    retention: new PgPersonalDataRetention(db.pool),
    ...(retentionDays !== undefined ? { retentionDays } : {}),
  });
}

/** A view carrying a shipping address and phone (as a fuller view would), closed or open `days` ago. */
function personalView(id: string, status: ReplacementView['status'], days: number): ReplacementView {
  const at = ago(days);
  const view = makeView(id, {
    status,
    resolution: status === 'completed' ? 'fee_charged' : null,
    capturedAmount: status === 'completed' ? 30_000 : 0,
    customer: { email: `${id.toLowerCase()}@example.no` },
    createdAt: ago(days + 20),
    updatedAt: at,
  });
  return Object.assign(view, {
    shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO', phone: '+4791234567' },
  });
}

interface Row {
  id: string;
  email: string;
  hold_amount: string;
  captured_amount: string;
  status: string;
  view: Record<string, unknown> & { customer: Record<string, unknown> };
}
const row = async (id: string) =>
  (await db.pool.query<Row>('SELECT id, email, hold_amount, captured_amount, status, view FROM replacements WHERE id = $1', [id])).rows[0];

describe('redactExpiredPersonalData', () => {
  it('redacts a replacement closed longer ago than RETENTION_DAYS, leaves recent and open ones and the ledger alone, once', async () => {
    const readModel = new PgReadModel(db.pool);
    await readModel.project(personalView('RMA-RET-OLD', 'completed', 400), 9);
    await readModel.project(personalView('RMA-RET-RECENT', 'completed', 10), 9);
    await readModel.project(personalView('RMA-RET-OPEN', 'awaiting_dispatch', 500), 3);
    for (const [kind, amount] of [
      ['authorized', 1_599_000],
      ['captured', 30_000],
      ['released', 1_569_000],
    ] as const) {
      await ledger.append({
        idempotencyKey: `replacement:RMA-RET-OLD:${kind}`,
        replacementId: 'RMA-RET-OLD',
        kind,
        amount,
        currency: 'NOK',
        provider: 'sandbox',
        providerRef: 'pi_RMA-RET-OLD',
        at: Date.parse(ago(401)),
      });
    }
    const ledgerBefore = await ledger.entries({ replacementId: 'RMA-RET-OLD' });
    const recentBefore = await row('RMA-RET-RECENT');
    const openBefore = await row('RMA-RET-OPEN');
    const oldBefore = await row('RMA-RET-OLD');
    expect(JSON.stringify(oldBefore.view)).toContain('Storgata 1');

    expect(await activities().redactExpiredPersonalData({ now: NOW })).toBe(1);

    const old = await row('RMA-RET-OLD');
    expect(old.email).toBe(REDACTED_EMAIL);
    expect(old.view.customer.email).toBe(REDACTED_EMAIL);
    expect(old.view).not.toHaveProperty('shippingAddress');
    const text = JSON.stringify(old);
    for (const personal of ['rma-ret-old@example.no', 'Storgata', 'Kari Nordmann', '+4791234567']) expect(text).not.toContain(personal);
    // What finance needs stays.
    expect(old).toMatchObject({ id: 'RMA-RET-OLD', status: 'completed', hold_amount: oldBefore.hold_amount, captured_amount: '30000' });
    expect(old.view).toMatchObject({ id: 'RMA-RET-OLD', holdAmount: 1_599_000, capturedAmount: 30_000, customer: { sub: 'kari' } });

    expect(await row('RMA-RET-RECENT')).toEqual(recentBefore);
    expect(await row('RMA-RET-OPEN')).toEqual(openBefore);
    expect(await ledger.entries({ replacementId: 'RMA-RET-OLD' })).toEqual(ledgerBefore);

    // Idempotent: nothing left to do.
    expect(await activities().redactExpiredPersonalData({ now: NOW })).toBe(0);
    expect(await row('RMA-RET-OLD')).toEqual(old);
  });

  it('deletes sent-email records (recipient addresses) older than the retention, keeps recent ones', async () => {
    const sent = new PgSentEmailStore(db.pool);
    const rec = (days: number) => ({ messageId: `<${days}@x>`, template: 'settled' as const, to: `old-${days}@example.no`, sentAt: ago(days) });
    await sent.claim('replacement:RMA-RET-MAIL-OLD:email:settled', rec(400));
    await sent.confirm('replacement:RMA-RET-MAIL-OLD:email:settled');
    await sent.claim('replacement:RMA-RET-MAIL-NEW:email:settled', rec(2));
    await activities().redactExpiredPersonalData({ now: NOW });
    expect(await sent.get('replacement:RMA-RET-MAIL-OLD:email:settled')).toBeUndefined();
    expect(await sent.get('replacement:RMA-RET-MAIL-NEW:email:settled')).toMatchObject({ to: 'old-2@example.no' });
  });

  it('takes the retention period from configuration', async () => {
    const readModel = new PgReadModel(db.pool);
    await readModel.project(personalView('RMA-RET-WEEK', 'completed', 8), 9);
    expect(await activities(30).redactExpiredPersonalData({ now: NOW })).toBe(0);
    expect((await row('RMA-RET-WEEK')).email).toBe('rma-ret-week@example.no');
    // 7 days: this one (8 days) and the one closed 10 days ago.
    expect(await activities(7).redactExpiredPersonalData({ now: NOW })).toBe(2);
    expect((await row('RMA-RET-WEEK')).email).toBe(REDACTED_EMAIL);
    expect((await row('RMA-RET-RECENT')).email).toBe(REDACTED_EMAIL);
  });
});
