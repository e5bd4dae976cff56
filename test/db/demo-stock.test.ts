// The embedded demo's stock is an explicit step (DEMO_STOCK_UNITS, which `npm start` sets), not a
// guess from whether DATABASE_URL is set: `npm start` hands the worker the embedded server's URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgInventory } from '../../src/adapters/postgres/inventory';
import { loadConfig } from '../../src/config';
import { CATALOG } from '../../src/domain';
import { createDeps } from '../../worker/deps';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let postgres: TestPostgres;
let dataDir: string;

beforeAll(async () => {
  postgres = await startPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'demo-stock-'));
});
afterAll(async () => {
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The worker's dependencies as `npm start` configures them: a database URL and the demo flag. */
async function startWorkerDeps(database: string, env: Record<string, string>) {
  const url = new URL(postgres.url);
  url.pathname = `/${database}`;
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: url.toString(), ...env });
  const deps = await createDeps(config);
  return deps;
}

async function createDatabase(name: string): Promise<PgInventory & { end(): Promise<void> }> {
  const { createPool } = await import('../../src/composition/database');
  const admin = createPool(postgres.url, { max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 2 });
  return Object.assign(new PgInventory(pool), { end: () => pool.end() });
}

test('npm start’s configuration seeds every product once, and a restart keeps what happened since', async () => {
  const inventory = await createDatabase('demo_seeded');
  try {
    const first = await startWorkerDeps('demo_seeded', { DEMO_STOCK_UNITS: '5' });
    await first.close();
    for (const item of CATALOG) expect(await inventory.level(item.sku)).toMatchObject({ onHand: 5, reserved: 0 });

    const sku = CATALOG[0].sku;
    await inventory.reserve({ sku, reservationId: 'replacement:RMA-DEMO1' });
    await inventory.commit({ reservationId: 'replacement:RMA-DEMO1' });
    await inventory.change({ sku, kind: 'adjustment', quantity: -4, reason: 'damaged', actor: 'ola', idempotencyKey: 'demo-adj', requestHash: 'h' });

    const second = await startWorkerDeps('demo_seeded', { DEMO_STOCK_UNITS: '5' });
    await second.close();
    expect(await inventory.level(sku)).toMatchObject({ onHand: 0 });
    expect((await inventory.movements(sku, { limit: 10 })).map((m) => m.kind)).toEqual(['adjustment', 'shipment', 'seed']);
  } finally {
    await inventory.end();
  }
});

test('a database of its own gets no demo stock unless asked', async () => {
  const inventory = await createDatabase('demo_unseeded');
  try {
    const deps = await startWorkerDeps('demo_unseeded', {});
    await deps.close();
    expect(await inventory.levels()).toEqual([]);
  } finally {
    await inventory.end();
  }
});
