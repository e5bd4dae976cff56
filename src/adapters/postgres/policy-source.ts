// Policy versions and the catalog as seeded into the database (src/adapters/postgres/seed.ts): what activities
// resolve a new replacement's terms from when the worker runs on the database. Each version is
// checked as it is read: a row edited by hand into a shape the rules cannot read is refused with
// the field at fault rather than pinned into a replacement.
import type pg from 'pg';
import type { PolicySource } from '../../ports/policy-source';
import { parsePolicyVersion } from '../../ports/policy-schema';
import type { CatalogItem, PolicyVersion } from '../../domain/types';

export class PgPolicySource implements PolicySource {
  constructor(private readonly pool: pg.Pool) {}

  async versions(): Promise<PolicyVersion[]> {
    const { rows } = await this.pool.query<{ body: unknown }>('SELECT body FROM policy_versions ORDER BY effective_from, version');
    return rows.map((r) => parsePolicyVersion(r.body, 'the policy_versions table'));
  }

  async catalog(): Promise<CatalogItem[]> {
    const { rows } = await this.pool.query<{ item: CatalogItem }>('SELECT item FROM catalog_items WHERE active ORDER BY position, sku');
    return rows.map((r) => r.item);
  }
}
