// Policy versions and the catalog as seeded into the database (src/adapters/postgres/seed.ts): what activities
// resolve a new replacement's terms from when the worker runs on the database.
import type pg from 'pg';
import type { PolicySource } from '../../ports/policy-source';
import type { CatalogItem, PolicyVersion } from '../../domain/types';

export class PgPolicySource implements PolicySource {
  constructor(private readonly pool: pg.Pool) {}

  async versions(): Promise<PolicyVersion[]> {
    const { rows } = await this.pool.query<{ body: PolicyVersion }>('SELECT body FROM policy_versions ORDER BY effective_from, version');
    return rows.map((r) => r.body);
  }

  async catalog(): Promise<CatalogItem[]> {
    const { rows } = await this.pool.query<{ item: CatalogItem }>('SELECT item FROM catalog_items WHERE active ORDER BY position, sku');
    return rows.map((r) => r.item);
  }
}
