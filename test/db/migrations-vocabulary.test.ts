// The SQL CHECK constraints that list a column's allowed values must list exactly the domain's
// vocabulary. Migrations are history and are never edited, so this reads the constraints from the
// migrated schema: a value added to the domain without a migration (or the reverse) fails here.
import type pg from 'pg';
import { migrate } from '../../src/adapters/postgres/migrate';
import { createPool } from '../../src/composition/database';
import {
  DEVICE_FLAG_REASONS,
  FINANCE_ACTION_KINDS,
  FINANCE_ACTION_OUTCOMES,
  FINANCE_ACTION_STATES,
  HOLD_STATES,
  LEDGER_KINDS,
  PROVIDER_MOVEMENT_KINDS,
  RESOLUTIONS,
  ROLES,
  SENT_EMAIL_STATES,
  SESSION_MODES,
  STATUSES,
  STOCK_MOVEMENT_KINDS,
  STOCK_RESERVATION_STATES,
} from '../../src/domain/vocabulary';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

/** Every enumerated column of the schema, as `table.column`, and the vocabulary it stores. */
const ENUMERATED_COLUMNS: Record<string, readonly string[]> = {
  'replacements.status': STATUSES,
  'replacements.resolution': RESOLUTIONS,
  'replacements.hold_state': HOLD_STATES,
  'ledger_entries.kind': LEDGER_KINDS,
  'reconciliation_findings.kind': PROVIDER_MOVEMENT_KINDS,
  'stock_reservations.state': STOCK_RESERVATION_STATES,
  'stock_movements.kind': STOCK_MOVEMENT_KINDS,
  'sent_emails.state': SENT_EMAIL_STATES,
  'flagged_devices.reason': DEVICE_FLAG_REASONS,
  'sessions.role': ROLES,
  'sessions.mode': SESSION_MODES,
  'finance_actions.kind': FINANCE_ACTION_KINDS,
  'finance_actions.state': FINANCE_ACTION_STATES,
  'finance_actions.outcome': FINANCE_ACTION_OUTCOMES,
  'finance_actions.actor_role': ROLES,
};

let server: TestPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startPostgres();
  pool = createPool(await server.createDatabase(), { max: 2 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

/**
 * The value lists of the schema's CHECK constraints, by `table.column`. PostgreSQL stores
 * `col IN ('a', 'b')` as `(col = ANY (ARRAY['a'::text, 'b'::text]))`.
 */
async function checkedValueLists(): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ table_name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'c' AND n.nspname = 'public'`,
  );
  const lists = new Map<string, string[]>();
  for (const { table_name, definition } of rows) {
    for (const match of definition.matchAll(/\(?(\w+)\)? = ANY \(\(?ARRAY\[([^\]]*)\]/g)) {
      const key = `${table_name}.${match[1]}`;
      expect(lists.has(key)).toBe(false); // one list per column, or the comparison below means little
      lists.set(
        key,
        [...match[2].matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1].replaceAll("''", "'")),
      );
    }
  }
  return lists;
}

describe('CHECK constraints and the domain vocabulary', () => {
  it('every enumerated column has a CHECK constraint, and every such constraint belongs to a vocabulary', async () => {
    const lists = await checkedValueLists();
    expect([...lists.keys()].sort()).toEqual(Object.keys(ENUMERATED_COLUMNS).sort());
  });

  it.each(Object.entries(ENUMERATED_COLUMNS))('%s allows exactly the vocabulary', async (column, vocabulary) => {
    const lists = await checkedValueLists();
    expect([...(lists.get(column) ?? [])].sort()).toEqual([...vocabulary].sort());
  });
});
