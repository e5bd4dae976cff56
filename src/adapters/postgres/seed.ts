// Reference data the service ships with: the catalog and the policy versions, upserted after the
// migrations on every start. A row changes only when its content did (a catalog item's revision
// counts those changes); an item dropped from the catalog is deactivated, never deleted, because
// replacements in flight and the ledger still name its SKU. A malformed policy version is refused
// before anything is written.
import type pg from 'pg';
import { CATALOG } from '../../domain/catalog';
import { POLICY_VERSIONS } from '../../domain/policy';
import { parsePolicyVersions } from '../../ports/policy-schema';
import type { CatalogItem, PolicyVersion } from '../../domain/types';
import { withTransaction } from './sql';

export async function seedReferenceData(
  pool: pg.Pool,
  data: { catalog?: readonly CatalogItem[]; policyVersions?: readonly PolicyVersion[] } = {},
): Promise<void> {
  const catalog = data.catalog ?? CATALOG;
  const versions = parsePolicyVersions(data.policyVersions ?? POLICY_VERSIONS);
  await withTransaction(pool, async (client) => {
    for (const v of versions) {
      await client.query(
        `INSERT INTO policy_versions (version, effective_from, body) VALUES ($1, $2, $3)
         ON CONFLICT (version) DO UPDATE
           SET effective_from = EXCLUDED.effective_from, body = EXCLUDED.body, updated_at = now()
           WHERE policy_versions.body IS DISTINCT FROM EXCLUDED.body
              OR policy_versions.effective_from IS DISTINCT FROM EXCLUDED.effective_from`,
        [v.version, v.effectiveFrom, JSON.stringify(v)],
      );
    }
    for (const [position, item] of catalog.entries()) {
      await client.query(
        `INSERT INTO catalog_items (sku, position, name, category, retail_price, item) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (sku) DO UPDATE
           SET position = EXCLUDED.position, name = EXCLUDED.name, category = EXCLUDED.category,
               retail_price = EXCLUDED.retail_price, item = EXCLUDED.item, active = true,
               revision = catalog_items.revision + 1, updated_at = now()
           WHERE catalog_items.item IS DISTINCT FROM EXCLUDED.item
              OR catalog_items.position <> EXCLUDED.position
              OR NOT catalog_items.active`,
        [item.sku, position, item.name, item.category, item.retailPrice, JSON.stringify(item)],
      );
    }
    await client.query(
      `UPDATE catalog_items SET active = false, revision = revision + 1, updated_at = now()
       WHERE active AND NOT (sku = ANY($1::text[]))`,
      [catalog.map((i) => i.sku)],
    );
  });
}
