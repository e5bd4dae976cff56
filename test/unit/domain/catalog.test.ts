import { CATALOG, findCatalogItem } from '../../../src/domain/catalog';
import { POLICY_VERSIONS, checkEligibility, itemFees, resolveTerms } from '../../../src/domain/policy';
import { CATEGORIES, isMinorUnits } from '../../../src/domain';

const version = POLICY_VERSIONS[0]!;

describe('CATALOG', () => {
  test('SKUs are unique', () => {
    const skus = CATALOG.map((i) => i.sku);
    expect(new Set(skus).size).toBe(skus.length);
  });

  test.each(CATEGORIES.map((c) => [c]))('has at least one %s', (category) => {
    expect(CATALOG.some((i) => i.category === category)).toBe(true);
  });

  test.each(CATALOG.map((i) => [i.sku, i]))('%s: positive price and fees in øre', (_sku, item) => {
    expect(isMinorUnits(item.retailPrice) && item.retailPrice > 0).toBe(true);
    for (const fee of [item.outOfWarrantyFee, item.planServiceFee, item.examinationFee]) {
      if (fee !== undefined) expect(isMinorUnits(fee)).toBe(true);
    }
  });

  test.each(CATALOG.map((i) => [i.sku, i]))('%s: can be replaced under warranty when bought last month', (_sku, item) => {
    const terms = resolveTerms(version, item);
    expect(checkEligibility({ terms, purchaseDate: '2026-10-24', coverage: 'warranty', requestedAtMs: Date.parse('2026-11-24T12:00:00Z') })).toEqual({
      eligible: true,
    });
  });

  test.each(CATALOG.filter((i) => version.categories[i.category].planAvailable).map((i) => [i.sku, i]))(
    '%s: has a plan service fee below its out-of-warranty fee',
    (_sku, item) => {
      const fees = itemFees(resolveTerms(version, item));
      expect(item.planServiceFee).toBeDefined();
      expect(fees.planServiceFee!).toBeLessThan(fees.outOfWarrantyFee);
    },
  );
});

describe('findCatalogItem', () => {
  test.each([
    ['IP17P-256', 'iPhone 17 Pro 256 GB'],
    ['CLOUD-HDD-20TB', 'Cloud storage enterprise HDD 20 TB'],
  ])('%s → %s', (sku, name) => {
    expect(findCatalogItem(sku)?.name).toBe(name);
  });

  test('unknown SKU → undefined', () => {
    expect(findCatalogItem('NOPE')).toBeUndefined();
  });

  test('searches a given catalog', () => {
    expect(findCatalogItem('X', [{ sku: 'X', name: 'x', category: 'battery', retailPrice: 1 }])?.name).toBe('x');
  });
});
