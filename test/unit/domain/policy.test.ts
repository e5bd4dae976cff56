import { findCatalogItem } from '../../../src/domain/catalog';
import {
  POLICY_VERSIONS,
  checkEligibility,
  coverageEndsOn,
  itemFees,
  lateReturnRefund,
  policyInForce,
  resolveTerms,
  settle,
  validateInspection,
} from '../../../src/domain/policy';
import type { CatalogItem, Category, Coverage, InspectionOutcome, PinnedTerms, PolicyVersion } from '../../../src/domain/types';

const at = (iso: string) => Date.parse(iso);
const kr = (n: number) => n * 100;
const v2026 = POLICY_VERSIONS.find((v) => v.version === '2026-11-01')!;

function item(sku: string): CatalogItem {
  const found = findCatalogItem(sku);
  if (!found) throw new Error(`test catalog has no ${sku}`);
  return found;
}
const termsFor = (sku: string | CatalogItem): PinnedTerms => resolveTerms(v2026, typeof sku === 'string' ? item(sku) : sku);

describe('policy version 2026-11-01 (DESIGN §3 and the seeds)', () => {
  test.each<[Category, string, number, number | null, boolean, number | null, number, number, number, number]>([
    // category, window kind, days, warranty, plan, plan months, consumer law, examination, out-of-warranty, labour/h
    ['iphone', 'business_days', 10, 12, true, 24, 60, kr(300), kr(500), 0],
    ['mac', 'business_days', 10, 12, true, 36, 60, kr(500), kr(900), 0],
    ['display', 'business_days', 10, 12, true, 36, 60, kr(500), kr(900), 0],
    ['accessory', 'business_days', 10, 12, false, null, 24, kr(300), kr(500), 0],
    ['server-part', 'calendar_days', 14, 60, false, null, 24, kr(500), kr(500), kr(1250)],
    ['battery', 'calendar_days', 14, 24, false, null, 24, kr(500), kr(500), kr(1250)],
    ['storage-media', 'calendar_days', 14, null, false, null, 24, kr(500), kr(500), kr(1250)],
  ])('%s', (category, kind, days, warranty, plan, planMonths, consumerLaw, exam, oow, labour) => {
    const c = v2026.categories[category];
    expect(c.category).toBe(category);
    expect(c.returnWindow).toEqual({ kind, days });
    expect(c.warrantyMonths).toBe(warranty);
    expect(c.planAvailable).toBe(plan);
    expect(c.planMonths).toBe(planMonths);
    expect(c.consumerLawMonths).toBe(consumerLaw);
    expect(c.examinationFee).toBe(exam);
    expect(c.outOfWarrantyFee).toBe(oow);
    expect(c.labourRatePerHour).toBe(labour);
    expect(c.lateReturnFee).toBe(kr(500));
  });

  test('version-wide timings', () => {
    expect(v2026.reminderBusinessDaysBefore).toEqual([3, 0]);
    expect(v2026.inTransitGraceBusinessDays).toBe(10);
    expect(v2026.lateReturnWindowBusinessDays).toBe(10);
    expect(v2026.authorizationRenewalMarginMs).toBe(24 * 3_600_000);
  });
});

describe('policyInForce', () => {
  const later: PolicyVersion = { ...v2026, version: '2027-01-01', effectiveFrom: '2026-12-31T23:00:00.000Z' };
  const versions = [later, v2026]; // unsorted on purpose

  test.each([
    ['2026-10-31T23:00:00.000Z', '2026-11-01'], // takes effect at Oslo midnight
    ['2026-12-31T22:59:59.999Z', '2026-11-01'],
    ['2026-12-31T23:00:00.000Z', '2027-01-01'],
    ['2027-06-01T00:00:00.000Z', '2027-01-01'],
  ])('at %p → %p', (instant, version) => {
    expect(policyInForce(versions, at(instant)).version).toBe(version);
  });

  test('the shipped table is in force from 2026-11-01 Oslo, not before', () => {
    expect(policyInForce(POLICY_VERSIONS, at('2026-10-31T23:00:00.000Z')).version).toBe('2026-11-01');
    expect(() => policyInForce(POLICY_VERSIONS, at('2026-10-31T22:59:59.999Z'))).toThrow(/no policy version is in force/);
  });
});

describe('resolveTerms', () => {
  test('pins the category of the item and the version-wide timings', () => {
    const t = termsFor('SRV-PSU-1600W');
    expect(t.policyVersion).toBe('2026-11-01');
    expect(t.item.sku).toBe('SRV-PSU-1600W');
    expect(t.category.category).toBe('server-part');
    expect(t.reminderBusinessDaysBefore).toEqual([3, 0]);
    expect(t.inTransitGraceBusinessDays).toBe(10);
    expect(t.lateReturnWindowBusinessDays).toBe(10);
    expect(t.authorizationRenewalMarginMs).toBe(86_400_000);
    expect(t.maxStockWaitDays).toBe(30);
  });

  test.each([
    ['a version that sets it', 14, 14],
    ['a version written before it was a term', undefined, 30],
  ])('pins the longest stock wait: %s', (_name, days, pinned) => {
    const version: PolicyVersion = { ...v2026, maxStockWaitDays: days };
    if (days === undefined) delete version.maxStockWaitDays;
    expect(resolveTerms(version, item('IP17P-256')).maxStockWaitDays).toBe(pinned);
  });

  test('is a copy: a later edit of the table does not change pinned terms', () => {
    const version: PolicyVersion = JSON.parse(JSON.stringify(v2026));
    const t = resolveTerms(version, item('IP17P-256'));
    version.categories.iphone.returnWindow.days = 5;
    version.categories.iphone.examinationFee = 1;
    version.reminderBusinessDaysBefore.push(7);
    expect(t.category.returnWindow.days).toBe(10);
    expect(t.category.examinationFee).toBe(kr(300));
    expect(t.reminderBusinessDaysBefore).toEqual([3, 0]);
  });
});

describe('itemFees', () => {
  test.each([
    // sku, examination, out-of-warranty, plan service fee
    ['IP17P-256', kr(300), kr(7_490), kr(1_190)],
    ['MBA13-M4-16-512', kr(500), kr(7_490), kr(3_290)],
    ['MAGIC-KB-TID-NO', kr(300), kr(500), null], // category defaults, no plan
    ['BELKIN-MAGSAFE-25W', kr(500), kr(500), null], // third-party rates in an Apple category
    ['SRV-MB-X13-1U', kr(500), kr(1_250), null],
  ])('%s', (sku, exam, oow, plan) => {
    const f = itemFees(termsFor(sku));
    expect(f.examinationFee).toBe(exam);
    expect(f.outOfWarrantyFee).toBe(oow);
    expect(f.planServiceFee).toBe(plan);
  });

  test('a plan SKU without its own service fee falls back to the out-of-warranty fee', () => {
    const { planServiceFee: _omit, ...noPlanFee } = item('IP17-256');
    expect(itemFees(termsFor(noPlanFee)).planServiceFee).toBe(kr(5_990));
  });
});

describe('checkEligibility', () => {
  type Row = [string, string, string, Coverage, string, string | null];
  // Comments: the last covered Oslo day; coverage runs to its 23:59:59.999.
  test.each<Row>([
    // iPhone warranty 12 months: bought 2025-11-24 → covered through 2026-11-24 (CET).
    ['warranty, last millisecond', 'IP17P-256', '2025-11-24', 'warranty', '2026-11-24T22:59:59.999Z', null],
    ['warranty, one ms later', 'IP17P-256', '2025-11-24', 'warranty', '2026-11-24T23:00:00.000Z', 'warranty_expired'],
    // Summer boundary (CEST): bought 2025-06-15 → through 2026-06-15.
    ['warranty, summer boundary', 'IP17-256', '2025-06-15', 'warranty', '2026-06-15T21:59:59.999Z', null],
    ['warranty, summer boundary + 1 ms', 'IP17-256', '2025-06-15', 'warranty', '2026-06-15T22:00:00.000Z', 'warranty_expired'],
    // 29 Feb + 12 months is clamped to 28 Feb.
    ['warranty, leap day clamped', 'IP16E-128', '2024-02-29', 'warranty', '2025-02-28T22:59:59.999Z', null],
    ['warranty, leap day clamped + 1 ms', 'IP16E-128', '2024-02-29', 'warranty', '2025-02-28T23:00:00.000Z', 'warranty_expired'],
    // Server part 60 months.
    ['server part, 5 years', 'SRV-PSU-1600W', '2021-11-24', 'warranty', '2026-11-24T22:59:59.999Z', null],
    ['server part, 5 years + 1 ms', 'SRV-PSU-1600W', '2021-11-24', 'warranty', '2026-11-24T23:00:00.000Z', 'warranty_expired'],
    // Battery 24 months.
    ['battery, 2 years', 'UPS-RBC-1500', '2024-11-24', 'warranty', '2026-11-24T22:59:59.999Z', null],
    ['battery, 2 years + 1 ms', 'UPS-RBC-1500', '2024-11-24', 'warranty', '2026-11-24T23:00:00.000Z', 'warranty_expired'],
    // Storage media: the SKU's manufacturer's term (60 / 24 months).
    ['cloud storage, SKU term 60', 'CLOUD-HDD-20TB', '2022-01-10', 'warranty', '2026-11-24T12:00:00.000Z', null],
    ['desktop storage, SKU term 24', 'DESK-HDD-16TB', '2024-11-01', 'warranty', '2026-11-24T12:00:00.000Z', 'warranty_expired'],
    // Plan: iPhone 24 months, Mac 36 months, none for accessories and parts.
    ['plan, iPhone within 24 months', 'IP17P-256', '2024-11-24', 'plan', '2026-11-24T22:59:59.999Z', null],
    ['plan, iPhone after 24 months', 'IP17P-256', '2024-11-24', 'plan', '2026-11-24T23:00:00.000Z', 'plan_expired'],
    ['plan, Mac within 36 months', 'MBA13-M4-16-512', '2023-11-24', 'plan', '2026-11-24T12:00:00.000Z', null],
    ['plan, accessory', 'AIRPODS-PRO-3', '2026-10-01', 'plan', '2026-11-24T12:00:00.000Z', 'plan_not_available'],
    ['plan, server part', 'SRV-PSU-1600W', '2026-10-01', 'plan', '2026-11-24T12:00:00.000Z', 'plan_not_available'],
    // Consumer law: 60 months for a Mac, 24 for an accessory, 24 for B2B service parts.
    ['consumer law, Mac 5 years', 'MBA13-M4-16-512', '2021-11-24', 'consumer_law', '2026-11-24T22:59:59.999Z', null],
    ['consumer law, Mac 5 years + 1 ms', 'MBA13-M4-16-512', '2021-11-24', 'consumer_law', '2026-11-24T23:00:00.000Z', 'consumer_law_expired'],
    ['consumer law, accessory 2 years', 'AIRPODS-PRO-3', '2024-11-24', 'consumer_law', '2026-11-24T22:59:59.999Z', null],
    ['consumer law, accessory 2 years + 1 ms', 'AIRPODS-PRO-3', '2024-11-24', 'consumer_law', '2026-11-24T23:00:00.000Z', 'consumer_law_expired'],
    ['consumer law, storage media 2 years', 'DESK-HDD-16TB', '2024-11-01', 'consumer_law', '2026-11-24T12:00:00.000Z', 'consumer_law_expired'],
    // Purchase date against the Oslo calendar day of the request.
    ['bought today (Oslo) though tomorrow in no zone', 'IP17-256', '2026-11-25', 'warranty', '2026-11-24T23:30:00.000Z', null],
    ['bought tomorrow (Oslo)', 'IP17-256', '2026-11-25', 'warranty', '2026-11-24T22:59:59.999Z', 'purchase_date_in_future'],
    ['not a date', 'IP17-256', '2026-02-30', 'warranty', '2026-11-24T12:00:00.000Z', 'invalid_purchase_date'],
  ])('%s', (_name, sku, purchaseDate, coverage, requested, code) => {
    const result = checkEligibility({ terms: termsFor(sku), purchaseDate, coverage, requestedAtMs: at(requested) });
    if (code === null) expect(result).toEqual({ eligible: true });
    else expect(result).toMatchObject({ eligible: false, code });
  });

  test('storage media without a manufacturer term on record cannot go under warranty', () => {
    const { warrantyMonths: _omit, ...noTerm } = item('DESK-HDD-16TB');
    const result = checkEligibility({ terms: termsFor(noTerm), purchaseDate: '2026-10-01', coverage: 'warranty', requestedAtMs: at('2026-11-24T12:00:00Z') });
    expect(result).toMatchObject({ eligible: false, code: 'warranty_term_missing' });
    // …but consumer law still applies.
    expect(
      checkEligibility({ terms: termsFor(noTerm), purchaseDate: '2026-10-01', coverage: 'consumer_law', requestedAtMs: at('2026-11-24T12:00:00Z') }),
    ).toEqual({ eligible: true });
  });

  test('an expired warranty names the end date and points to consumer law while it still runs', () => {
    const result = checkEligibility({
      terms: termsFor('IP17P-256'),
      purchaseDate: '2025-01-31',
      coverage: 'warranty',
      requestedAtMs: at('2026-11-24T12:00:00Z'),
    });
    expect(result.eligible).toBe(false);
    if (result.eligible) return;
    expect(result.reason).toContain('ended on 2026-01-31');
    expect(result.reason).toContain('consumer law (reklamasjon) until 2030-01-31');
  });

  test('no consumer-law hint once that has run out too', () => {
    const result = checkEligibility({
      terms: termsFor('USBC-20W'),
      purchaseDate: '2023-01-31',
      coverage: 'warranty',
      requestedAtMs: at('2026-11-24T12:00:00Z'),
    });
    expect(result.eligible).toBe(false);
    if (result.eligible) return;
    expect(result.reason).toContain('ended on 2024-01-31');
    expect(result.reason).not.toContain('consumer law');
  });

  test.each<[string, Coverage, string | null]>([
    ['2026-01-31', 'warranty', '2027-01-31'],
    ['2025-12-31', 'plan', '2027-12-31'],
    ['2026-02-28', 'consumer_law', '2031-02-28'],
  ])('coverageEndsOn(iPhone, %p, %p) → %p', (purchase, coverage, end) => {
    expect(coverageEndsOn(termsFor('IP17P-256'), purchase, coverage)).toBe(end);
  });

  test('coverageEndsOn is null for a plan in a category without plans', () => {
    expect(coverageEndsOn(termsFor('AIRPODS-PRO-3'), '2026-01-31', 'plan')).toBeNull();
  });
});

describe('settle', () => {
  type Row = {
    name: string;
    sku: string | CatalogItem;
    outcome: InspectionOutcome;
    coverage?: Coverage;
    beyondRepair?: boolean;
    labourMinutes?: number;
    hold?: number;
    resolution: string;
    capture: number;
    basis: RegExp;
  };
  const ip17Pro = 1_599_000; // iPhone 17 Pro retail price = hold

  test.each<Row>([
    { name: 'covered → release all', sku: 'IP17P-256', outcome: 'covered', resolution: 'hold_released', capture: 0, basis: /covered by the warranty/ },
    {
      name: 'covered under consumer law',
      sku: 'SRV-PSU-1600W',
      outcome: 'covered',
      coverage: 'consumer_law',
      resolution: 'hold_released',
      capture: 0,
      basis: /consumer-law/,
    },
    {
      name: 'wrong product shipped → release',
      sku: 'SRV-PSU-1600W',
      outcome: 'wrong_product_shipped',
      resolution: 'hold_released',
      capture: 0,
      basis: /wrong product/,
    },
    {
      name: 'dead on arrival → release',
      sku: 'SRV-SSD-U2-3T84',
      outcome: 'dead_on_arrival',
      resolution: 'hold_released',
      capture: 0,
      basis: /dead on arrival/,
    },
    {
      name: 'no fault found, iPhone 300 kr',
      sku: 'IP17P-256',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(300),
      basis: /examination fee, no fault found/,
    },
    {
      name: 'no fault found, Mac 500 kr',
      sku: 'MBA13-M4-16-512',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(500),
      basis: /examination/,
    },
    {
      name: 'no fault found, display 500 kr',
      sku: 'STUDIO-DISPLAY',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(500),
      basis: /examination/,
    },
    {
      name: 'no fault found, Apple accessory 300 kr',
      sku: 'AIRPODS-PRO-3',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(300),
      basis: /examination/,
    },
    {
      name: 'no fault found, third-party accessory 500 kr',
      sku: 'BELKIN-MAGSAFE-25W',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(500),
      basis: /examination/,
    },
    {
      name: 'no fault found, server part 500 kr',
      sku: 'SRV-PSU-1600W',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(500),
      basis: /examination/,
    },
    {
      name: 'no fault found, SKU override',
      sku: { ...item('IP17-256'), examinationFee: kr(450) },
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(450),
      basis: /examination/,
    },
    {
      name: 'accidental damage with plan → plan fee',
      sku: 'IP17P-256',
      outcome: 'accidental_damage',
      coverage: 'plan',
      resolution: 'fee_charged',
      capture: kr(1_190),
      basis: /plan service fee/,
    },
    {
      name: 'accidental damage with plan, beyond repair → still plan fee',
      sku: 'IP17P-256',
      outcome: 'accidental_damage',
      coverage: 'plan',
      beyondRepair: true,
      resolution: 'fee_charged',
      capture: kr(1_190),
      basis: /plan service fee/,
    },
    {
      name: 'accidental damage with plan, SKU without plan fee → out-of-warranty fee',
      sku: (({ planServiceFee: _o, ...rest }) => rest)(item('IP17-256')),
      outcome: 'accidental_damage',
      coverage: 'plan',
      resolution: 'fee_charged',
      capture: kr(5_990),
      basis: /plan service fee/,
    },
    {
      name: 'accidental damage without plan → out-of-warranty fee',
      sku: 'IP17P-256',
      outcome: 'accidental_damage',
      coverage: 'warranty',
      resolution: 'fee_charged',
      capture: kr(7_490),
      basis: /out-of-warranty fee, accidental damage/,
    },
    {
      name: 'accidental damage without plan, beyond repair → retail',
      sku: 'IP17P-256',
      outcome: 'accidental_damage',
      coverage: 'consumer_law',
      beyondRepair: true,
      resolution: 'retail_price_charged',
      capture: ip17Pro,
      basis: /retail price, accidental damage and beyond repair/,
    },
    {
      name: 'not covered → SKU out-of-warranty fee',
      sku: 'IP17P-256',
      outcome: 'not_covered',
      resolution: 'fee_charged',
      capture: kr(7_490),
      basis: /out-of-warranty fee, not covered/,
    },
    {
      name: 'not covered → category fee (Mac default 900 kr)',
      sku: { ...item('MBA13-M4-16-512'), outOfWarrantyFee: undefined },
      outcome: 'not_covered',
      resolution: 'fee_charged',
      capture: kr(900),
      basis: /out-of-warranty/,
    },
    {
      name: 'not covered → category fee (accessory 500 kr)',
      sku: 'MAGIC-KB-TID-NO',
      outcome: 'not_covered',
      resolution: 'fee_charged',
      capture: kr(500),
      basis: /out-of-warranty/,
    },
    {
      name: 'not covered, beyond repair → retail',
      sku: 'IP17P-256',
      outcome: 'not_covered',
      beyondRepair: true,
      resolution: 'retail_price_charged',
      capture: ip17Pro,
      basis: /retail price, not covered and beyond repair/,
    },
    {
      name: 'unauthorized modification → retail',
      sku: 'IP17P-256',
      outcome: 'unauthorized_modification',
      resolution: 'retail_price_charged',
      capture: ip17Pro,
      basis: /unauthorized modification/,
    },
    {
      name: 'user error 61 min → 5 quarters at 1 250 kr/h',
      sku: 'SRV-PSU-1600W',
      outcome: 'user_error',
      labourMinutes: 61,
      resolution: 'fee_charged',
      capture: 156_250,
      basis: /labour, user error: 61 min billed as 5 × 15 min at NOK 1,250.00\/h/,
    },
    {
      name: 'third-party fault 16 min → 2 quarters',
      sku: 'UPS-RBC-1500',
      outcome: 'third_party_fault',
      labourMinutes: 16,
      resolution: 'fee_charged',
      capture: 62_500,
      basis: /third-party fault/,
    },
    {
      name: 'third-party fault 1 min → 1 quarter',
      sku: 'CLOUD-HDD-20TB',
      outcome: 'third_party_fault',
      labourMinutes: 1,
      resolution: 'fee_charged',
      capture: 31_250,
      basis: /labour/,
    },
    // Cap: never more than was authorized; the rest of the hold (none) released.
    {
      name: 'cap: out-of-warranty fee above a 249 kr hold',
      sku: 'USBC-20W',
      outcome: 'not_covered',
      resolution: 'fee_charged',
      capture: kr(249),
      basis: /capped at the hold/,
    },
    {
      name: 'cap: examination fee above a 249 kr hold',
      sku: 'USBC-20W',
      outcome: 'no_fault_found',
      resolution: 'fee_charged',
      capture: kr(249),
      basis: /capped/,
    },
    {
      name: 'cap: 8 h labour on a 1 990 kr part',
      sku: 'RAID-CACHEVAULT',
      outcome: 'user_error',
      labourMinutes: 480,
      resolution: 'fee_charged',
      capture: kr(1_990),
      basis: /capped/,
    },
    {
      name: 'cap: a hold below the fee',
      sku: 'IP17P-256',
      outcome: 'not_covered',
      hold: kr(1_000),
      resolution: 'fee_charged',
      capture: kr(1_000),
      basis: /capped/,
    },
    {
      name: 'a zero fee releases the hold',
      sku: { ...item('IP17-256'), examinationFee: 0 },
      outcome: 'no_fault_found',
      resolution: 'hold_released',
      capture: 0,
      basis: /no fee/,
    },
  ])('$name', ({ sku, outcome, coverage, beyondRepair, labourMinutes, hold, resolution, capture, basis }) => {
    const terms = termsFor(sku);
    const holdAmount = hold ?? terms.item.retailPrice;
    const s = settle({ terms, outcome, coverage: coverage ?? 'warranty', beyondRepair, labourMinutes, holdAmount });
    expect(s.resolution).toBe(resolution);
    expect(s.capture).toBe(capture);
    expect(s.release).toBe(holdAmount - capture);
    expect(s.basis).toMatch(basis);
  });

  test('fees below the hold do not mention a cap', () => {
    const s = settle({ terms: termsFor('IP17P-256'), outcome: 'not_covered', coverage: 'warranty', holdAmount: ip17Pro });
    expect(s.basis).not.toMatch(/capped/);
  });

  test.each<[string, string, InspectionOutcome, number | undefined]>([
    ['labour outcome on an iPhone', 'IP17P-256', 'user_error', 30],
    ['labour outcome without minutes', 'SRV-PSU-1600W', 'third_party_fault', undefined],
  ])('throws on an invalid inspection: %s', (_name, sku, outcome, labourMinutes) => {
    expect(() => settle({ terms: termsFor(sku), outcome, coverage: 'warranty', labourMinutes, holdAmount: 100_000 })).toThrow(RangeError);
  });

  test('throws on a malformed hold amount', () => {
    expect(() => settle({ terms: termsFor('IP17P-256'), outcome: 'covered', coverage: 'warranty', holdAmount: 10.5 })).toThrow(/hold amount/);
  });
});

describe('validateInspection', () => {
  test.each<[string, string, string, boolean | undefined, number | null | undefined, RegExp | null]>([
    ['user error with minutes', 'SRV-PSU-1600W', 'user_error', undefined, 30, null],
    ['user error without minutes', 'SRV-PSU-1600W', 'user_error', undefined, undefined, /Enter the labour time in minutes/],
    ['user error with null minutes', 'SRV-PSU-1600W', 'user_error', undefined, null, /Enter the labour time/],
    ['zero minutes', 'UPS-RBC-1500', 'third_party_fault', undefined, 0, /greater than 0/],
    ['fractional minutes', 'UPS-RBC-1500', 'third_party_fault', undefined, 12.5, /whole number/],
    ['labour outcome on an Apple product', 'IP17P-256', 'third_party_fault', undefined, 30, /only to service parts/],
    ['labour outcome on an accessory', 'AIRPODS-PRO-3', 'user_error', undefined, 30, /only to service parts/],
    ['minutes on a non-labour outcome', 'SRV-PSU-1600W', 'not_covered', undefined, 15, /labourMinutes applies only to third_party_fault and user_error/],
    ['beyond repair on covered', 'IP17P-256', 'covered', true, undefined, /beyondRepair applies only/],
    ['beyond repair on no fault found', 'IP17P-256', 'no_fault_found', true, undefined, /beyondRepair/],
    ['beyond repair on user error', 'SRV-PSU-1600W', 'user_error', true, 30, /beyondRepair/],
    ['beyond repair on not covered', 'IP17P-256', 'not_covered', true, undefined, null],
    ['beyond repair on accidental damage', 'IP17P-256', 'accidental_damage', true, undefined, null],
    ['beyond repair on unauthorized modification', 'IP17P-256', 'unauthorized_modification', true, undefined, null],
    ['beyondRepair false anywhere', 'IP17P-256', 'covered', false, undefined, null],
    ['unknown outcome', 'IP17P-256', 'smashed', undefined, undefined, /Unknown inspection outcome/],
  ])('%s', (_name, sku, outcome, beyondRepair, labourMinutes, error) => {
    const message = validateInspection({ terms: termsFor(sku), outcome: outcome as InspectionOutcome, beyondRepair, labourMinutes });
    if (error === null) expect(message).toBeNull();
    else expect(message).toMatch(error);
  });
});

describe('lateReturnRefund', () => {
  test.each([
    [1_599_000, kr(500), 1_549_000],
    [kr(500), kr(500), 0],
    [kr(300), kr(500), 0],
    [kr(300), 0, kr(300)],
  ])('captured %p, late fee %p → refund %p', (captured, lateFee, refund) => {
    expect(lateReturnRefund({ captured, lateFee })).toBe(refund);
  });

  test('rejects malformed amounts', () => {
    expect(() => lateReturnRefund({ captured: -1, lateFee: 0 })).toThrow(RangeError);
    expect(() => lateReturnRefund({ captured: 100, lateFee: 0.5 })).toThrow(RangeError);
  });
});
