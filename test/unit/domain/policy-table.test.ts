// The policy table as data: every version's terms for every catalog item, as the table resolved
// them when it was written. A change of a fee shows here as a change of the expected values,
// never as a silent shift.
import { CATALOG } from '../../../src/domain/catalog';
import { POLICY_VERSIONS, itemFees, resolveTerms } from '../../../src/domain/policy';
import expected from './fixtures/resolved-terms.json';

describe('the shipped policy table', () => {
  test('holds exactly the recorded versions', () => {
    expect(POLICY_VERSIONS).toStrictEqual(expected.versions);
  });

  const cases = POLICY_VERSIONS.flatMap((version) => CATALOG.map((item) => [version.version, item.sku, version, item] as const));

  test.each(cases)('%s × %s resolves to the recorded terms and fees', (versionName, sku, version, item) => {
    const recorded = (expected.terms as Record<string, Record<string, unknown>>)[versionName]?.[sku];
    expect(recorded).toBeDefined();
    const terms = resolveTerms(version, item);
    expect({ terms, fees: itemFees(terms) }).toStrictEqual(recorded);
  });

  test('every recorded version × item is still in the table and the catalog', () => {
    const now = POLICY_VERSIONS.flatMap((v) => CATALOG.map((i) => `${v.version} × ${i.sku}`));
    const recorded = Object.entries(expected.terms).flatMap(([v, items]) => Object.keys(items).map((sku) => `${v} × ${sku}`));
    expect(now).toEqual(recorded);
  });
});
