// The small stores in PostgreSQL: sent emails (so retried email activities never mail twice),
// processed webhooks (so redeliveries act once), and the catalog and policy versions seeded from
// src/domain.
import { PgSentEmailStore } from '../../src/adapters/postgres/sent-emails';
import { PgPolicySource } from '../../src/adapters/postgres/policy-source';
import { ProcessedWebhooks } from '../../src/adapters/postgres/processed-webhooks';
import { seedReferenceData } from '../../src/adapters/postgres/seed';
import { CATALOG } from '../../src/domain/catalog';
import { POLICY_VERSIONS } from '../../src/domain/policy';
import { useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase();

describe('PgSentEmailStore', () => {
  it('claims a key once, confirms it, and lets only an unconfirmed claim be released', async () => {
    const store = new PgSentEmailStore(db.pool);
    const key = 'replacement:RMA-E:confirmation';
    expect(await store.get(key)).toBeUndefined();
    const first = { messageId: '<a@replacements.local>', template: 'request_received' as const, to: 'kari@example.no', sentAt: '2026-11-23T09:00:01.250Z' };
    // Two worker processes reaching the commit point with one key: exactly one claim wins.
    const other = new PgSentEmailStore(db.pool);
    const claims = await Promise.all([store.claim(key, first), other.claim(key, { ...first, messageId: '<b@replacements.local>' })]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = (await store.get(key))!;
    expect(winner.state).toBe('sending');

    await store.release(key); // the server refused the "."
    expect(await store.get(key)).toBeUndefined();
    expect(await store.claim(key, first)).toBe(true);
    await store.confirm(key);
    expect(await other.get(key)).toEqual({ ...first, state: 'sent' });
    await store.release(key); // a confirmed email stays recorded
    expect(await store.claim(key, first)).toBe(false);
    expect(await store.get(key)).toEqual({ ...first, state: 'sent' });
  });

  it('lists claims that were never confirmed, for an operator', async () => {
    const store = new PgSentEmailStore(db.pool);
    const rec = (k: string, sentAt: string) => ({ messageId: `<${k}@x>`, template: 'dispatched' as const, to: 'ola@example.no', sentAt });
    await store.claim('u-old', rec('u-old', '2026-11-20T10:00:00.000Z'));
    await store.claim('u-new', rec('u-new', '2026-11-20T12:00:00.000Z'));
    await store.claim('u-done', rec('u-done', '2026-11-20T09:00:00.000Z'));
    await store.confirm('u-done');
    const stuck = await store.unconfirmed(Date.parse('2026-11-20T11:00:00Z'));
    expect(stuck.map((r) => [r.idempotencyKey, r.state])).toEqual([['u-old', 'sending']]);
  });

  it('prunes records older than the retention', async () => {
    const store = new PgSentEmailStore(db.pool);
    const rec = (sentAt: string) => ({ messageId: `<${sentAt}@x>`, template: 'request_received' as const, to: 'ola@example.no', sentAt });
    await store.claim('old', rec('2020-01-01T00:00:00.000Z'));
    await store.claim('new', rec('2030-01-01T00:00:00.000Z'));
    expect(await store.prune(Date.parse('2025-01-01T00:00:00Z'))).toBe(1);
    expect(await store.get('old')).toBeUndefined();
    expect(await store.get('new')).toBeDefined();
  });
});

describe('ProcessedWebhooks', () => {
  it('claims an event once per provider, even when deliveries race', async () => {
    const webhooks = new ProcessedWebhooks(db.pool);
    const claims = await Promise.all(Array.from({ length: 10 }, () => webhooks.claim('stripe', 'evt_1')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await webhooks.claim('stripe', 'evt_1')).toBe(false);
    expect(await webhooks.claim('carrier', 'evt_1')).toBe(true);
  });

  it('gives a claim back when acting on the event failed, so the redelivery is handled', async () => {
    const webhooks = new ProcessedWebhooks(db.pool);
    expect(await webhooks.claim('carrier', 'scan-42')).toBe(true);
    await webhooks.release('carrier', 'scan-42');
    expect(await webhooks.claim('carrier', 'scan-42')).toBe(true);
    expect(await webhooks.claim('carrier', 'scan-42')).toBe(false);
  });

  it('prunes old claims', async () => {
    const webhooks = new ProcessedWebhooks(db.pool);
    await db.pool.query(`INSERT INTO processed_webhooks (provider, event_id, received_at) VALUES ('stripe', 'evt_old', '2020-01-01T00:00:00Z')`);
    expect(await webhooks.prune(Date.parse('2025-01-01T00:00:00Z'))).toBe(1);
    expect(await webhooks.claim('stripe', 'evt_old')).toBe(true);
  });
});

describe('reference data', () => {
  it('is seeded from CATALOG and POLICY_VERSIONS, and read back unchanged by PgPolicySource', async () => {
    const source = new PgPolicySource(db.pool);
    expect(await source.catalog()).toEqual(CATALOG);
    expect(await source.versions()).toEqual(POLICY_VERSIONS);
  });

  it('upserts: unchanged rows stay, changed items get a new revision, dropped items are deactivated', async () => {
    const revision = async (sku: string) =>
      (await db.pool.query<{ revision: number; active: boolean }>('SELECT revision, active FROM catalog_items WHERE sku = $1', [sku])).rows[0];
    await seedReferenceData(db.pool);
    expect(await revision(CATALOG[0].sku)).toEqual({ revision: 1, active: true });

    const repriced = CATALOG.map((item, i) => (i === 0 ? { ...item, retailPrice: item.retailPrice + 100_00 } : item));
    const newVersion = { ...POLICY_VERSIONS[0], version: '2027-01-01', effectiveFrom: '2026-12-31T23:00:00.000Z' };
    await seedReferenceData(db.pool, { catalog: repriced.slice(0, -1), policyVersions: [...POLICY_VERSIONS, newVersion] });
    expect(await revision(CATALOG[0].sku)).toEqual({ revision: 2, active: true });
    expect(await revision(CATALOG[1].sku)).toEqual({ revision: 1, active: true });
    expect(await revision(CATALOG[CATALOG.length - 1].sku)).toEqual({ revision: 2, active: false });

    const source = new PgPolicySource(db.pool);
    expect((await source.catalog())[0].retailPrice).toBe(CATALOG[0].retailPrice + 100_00);
    expect((await source.catalog()).map((i) => i.sku)).not.toContain(CATALOG[CATALOG.length - 1].sku);
    expect((await source.versions()).map((v) => v.version)).toEqual(['2026-11-01', '2027-01-01']);

    await seedReferenceData(db.pool); // back to the shipped catalog
    expect(await source.catalog()).toEqual(CATALOG);
  });

  it('refuses to seed a malformed policy version, naming the field, and writes nothing', async () => {
    const versions = async () => (await db.pool.query<{ version: string }>('SELECT version FROM policy_versions ORDER BY version')).rows.map((r) => r.version);
    const before = await versions();
    const base = POLICY_VERSIONS[0];
    const malformed = {
      ...base,
      version: '2027-06-01',
      effectiveFrom: '2027-05-31T22:00:00.000Z',
      categories: { ...base.categories, mac: { ...base.categories.mac, examinationFee: 499.5 } },
    };
    await expect(seedReferenceData(db.pool, { policyVersions: [...POLICY_VERSIONS, malformed] })).rejects.toThrow(
      'policy version 2027-06-01 in the policy table is malformed: categories.mac.examinationFee: must be a whole, non-negative amount in øre',
    );
    expect(await versions()).toEqual(before);
  });

  it('refuses a malformed row when versions are loaded, naming the row and the field', async () => {
    const { limits: _limits, ...base } = POLICY_VERSIONS[0];
    const body = { ...base, version: 'hand-edited', effectiveFrom: '2027-09-30T22:00:00.000Z', limits: { maxOpenReplacements: 3 } };
    await db.pool.query('INSERT INTO policy_versions (version, effective_from, body) VALUES ($1, $2, $3)', [
      body.version,
      body.effectiveFrom,
      JSON.stringify(body),
    ]);
    try {
      await expect(new PgPolicySource(db.pool).versions()).rejects.toThrow(
        'policy version hand-edited in the policy_versions table is malformed: limits.maxOpenReplacementsPerCustomer: is missing; limits.maxOpenReplacements: is not a term of a policy version',
      );
    } finally {
      await db.pool.query('DELETE FROM policy_versions WHERE version = $1', [body.version]);
    }
    expect((await new PgPolicySource(db.pool).versions()).map((v) => v.version)).not.toContain('hand-edited');
  });
});
