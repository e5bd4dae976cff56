// Shared by the database tests: a migrated database on a real PostgreSQL server, and replacement views.
import type pg from 'pg';
import { migrate } from '../../src/adapters/postgres/migrate';
import { createPool } from '../../src/composition/database';
import { seedReferenceData } from '../../src/adapters/postgres/seed';
import type { ReplacementView } from '../../workflows/definitions';
import { useFixture } from '../helpers/fixture';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

export interface MigratedDatabase {
  server: TestPostgres;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** One PostgreSQL server for the calling test file, with a fresh migrated and seeded database. */
export async function migratedDatabase(poolMax = 10): Promise<MigratedDatabase> {
  const server = await startPostgres();
  const pool = createPool(server.url, { max: poolMax });
  try {
    await migrate(pool);
    await seedReferenceData(pool);
  } catch (err) {
    await pool.end();
    await server.stop();
    throw err;
  }
  return {
    server,
    pool,
    close: async () => {
      await pool.end();
      await server.stop();
    },
  };
}

/** The calling test file's migrated database: made before its tests, closed after them. */
export function useMigratedDatabase(poolMax?: number): MigratedDatabase {
  return useFixture(
    'the migrated database',
    () => migratedDatabase(poolMax),
    (db) => db.close(),
  );
}

type Overrides = Partial<Omit<ReplacementView, 'hold' | 'customer'>> & {
  hold?: Partial<ReplacementView['hold']>;
  customer?: Partial<ReplacementView['customer']>;
};

/** A plausible view of a replacement awaiting dispatch; override what a test is about. */
export function makeView(id: string, o: Overrides = {}): ReplacementView {
  const { hold, customer, ...rest } = o;
  return {
    id,
    workflowId: `replacement:${id}`,
    status: 'awaiting_dispatch',
    resolution: null,
    customer: { sub: 'kari', email: 'kari@example.no', locale: 'nb', ...customer },
    sku: 'IP17P-256',
    productName: 'iPhone 17 Pro 256 GB',
    category: 'iphone',
    serialNumber: 'F2LXK0AAQ1',
    coverage: 'warranty',
    serviceLevel: 'standard',
    policyVersion: '2026-11-01',
    holdAmount: 1_599_000,
    capturedAmount: 0,
    refundedAmount: 0,
    currency: 'NOK',
    hold: {
      state: 'active',
      authorizationId: `pi_${id}`,
      captureBefore: '2026-11-30T10:00:00.000Z',
      extendedAuthorization: false,
      renewals: 0,
      ...hold,
    },
    dispatchDueBy: '2026-11-23T14:00:00.000Z',
    returnDeadline: null,
    returnGraceUntil: null,
    lateReturnWindowUntil: null,
    dispatch: null,
    returnLabel: null,
    returnTracking: null,
    receivedAt: null,
    inspection: null,
    ineligibleReason: null,
    declineReason: null,
    flags: [],
    timeline: [{ at: '2026-11-23T09:00:00.000Z', type: 'requested' }],
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:00:05.000Z',
    ...rest,
  };
}
