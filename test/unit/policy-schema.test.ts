import { POLICY_VERSIONS } from '../../src/domain/policy';
import { MalformedPolicyError, parsePolicyVersion, parsePolicyVersions } from '../../src/ports/policy-schema';
import type { PolicyVersion } from '../../src/domain/types';

type Draft = Record<string, any>; // a version being broken on purpose
const shipped = POLICY_VERSIONS[0]!;
const draft = (): Draft => structuredClone(shipped) as Draft;
const refusal = (input: unknown): MalformedPolicyError => {
  try {
    parsePolicyVersion(input);
  } catch (err) {
    if (err instanceof MalformedPolicyError) return err;
    throw err;
  }
  throw new Error('the version was accepted');
};

describe('parsePolicyVersion accepts', () => {
  test.each(POLICY_VERSIONS.map((v) => [v.version, v]))('the shipped version %s, unchanged', (_name, version) => {
    expect(parsePolicyVersion(version)).toStrictEqual(version);
  });

  test('a version written before the stock wait and the limits were terms', () => {
    const { maxStockWaitDays: _wait, limits: _limits, ...older } = shipped;
    expect(parsePolicyVersion(older)).toStrictEqual(older);
  });

  test('an instant with an offset', () => {
    expect(parsePolicyVersion({ ...shipped, effectiveFrom: '2026-11-01T00:00:00+01:00' }).effectiveFrom).toBe('2026-11-01T00:00:00+01:00');
  });

  test('a JSON round trip, as the database hands it back', () => {
    expect(parsePolicyVersion(JSON.parse(JSON.stringify(shipped)))).toStrictEqual(shipped);
  });
});

describe('parsePolicyVersion refuses, naming the field', () => {
  test.each<[string, (v: Draft) => void, string]>([
    [
      'a fee in kroner with øre as a fraction',
      (v) => (v.categories.iphone.examinationFee = 299.5),
      'categories.iphone.examinationFee: must be a whole, non-negative amount in øre',
    ],
    ['a negative fee', (v) => (v.categories.mac.outOfWarrantyFee = -1), 'categories.mac.outOfWarrantyFee: must be a whole, non-negative amount in øre'],
    ['a fee as text', (v) => (v.categories.battery.lateReturnFee = '500'), 'categories.battery.lateReturnFee: must be a whole, non-negative amount in øre'],
    ['a missing fee', (v) => delete v.categories.display.examinationFee, 'categories.display.examinationFee: is missing'],
    ['a misspelt fee', (v) => (v.categories['server-part'].labourPerHour = 125_000), 'categories.server-part.labourPerHour: is not a term of a policy version'],
    [
      'a third-party fee that is not an amount',
      (v) => (v.categories.accessory.thirdPartyExaminationFee = null),
      'categories.accessory.thirdPartyExaminationFee: must be a whole, non-negative amount in øre',
    ],
    ['a missing category', (v) => delete v.categories['storage-media'], 'categories.storage-media: is missing'],
    ['an unknown category', (v) => (v.categories.ipad = v.categories.iphone), 'categories.ipad: is not a category'],
    [
      'a category filed under another key',
      (v) => (v.categories.display.category = 'mac'),
      'categories.display.category: must be "display", the key it is filed under',
    ],
    ['a return window of another kind', (v) => (v.categories.iphone.returnWindow.kind = 'weeks'), 'categories.iphone.returnWindow.kind:'],
    [
      'a return window of no days',
      (v) => (v.categories.iphone.returnWindow.days = 0),
      'categories.iphone.returnWindow.days: must be a whole number of days, at least 1',
    ],
    [
      'a warranty of no months',
      (v) => (v.categories.battery.warrantyMonths = 0),
      'categories.battery.warrantyMonths: must be a whole number of months, at least 1',
    ],
    ['a plan without a term', (v) => (v.categories.iphone.planMonths = null), 'categories.iphone.planMonths: must be set when planAvailable is true'],
    [
      'a plan term without a plan',
      (v) => (v.categories.accessory.planMonths = 12),
      'categories.accessory.planMonths: must be null when planAvailable is false',
    ],
    ['a consumer-law period left out', (v) => delete v.categories.mac.consumerLawMonths, 'categories.mac.consumerLawMonths: is missing'],
    ['an empty version name', (v) => (v.version = ' '), 'version: must not be empty'],
    ['an effective date without a time', (v) => (v.effectiveFrom = '2026-11-01'), 'effectiveFrom: must be an ISO 8601 instant'],
    [
      'a reminder after the deadline',
      (v) => (v.reminderBusinessDaysBefore = [3, -1]),
      'reminderBusinessDaysBefore[1]: must be a whole number of business days, at least 0',
    ],
    [
      'an in-transit grace in hours',
      (v) => (v.inTransitGraceBusinessDays = 0.5),
      'inTransitGraceBusinessDays: must be a whole number of business days, at least 0',
    ],
    ['a late-return window left out', (v) => delete v.lateReturnWindowBusinessDays, 'lateReturnWindowBusinessDays: is missing'],
    ['no renewal margin', (v) => (v.authorizationRenewalMarginMs = 0), 'authorizationRenewalMarginMs: must be a whole number of milliseconds, at least 1'],
    ['a stock wait of no days', (v) => (v.maxStockWaitDays = 0), 'maxStockWaitDays: must be a whole number of days, at least 1'],
    ['limits without the limit', (v) => (v.limits = {}), 'limits.maxOpenReplacementsPerCustomer: is missing'],
    ['a term the rules do not know', (v) => (v.returnShippingFee = 9_900), 'returnShippingFee: is not a term of a policy version'],
  ])('%s', (_case, breakIt, message) => {
    const v = draft();
    breakIt(v);
    const err = refusal(v);
    expect(err.message).toContain(
      `policy version ${typeof v.version === 'string' && v.version.trim() ? v.version : '(unnamed)'} in the policy table is malformed: `,
    );
    expect(err.message).toContain(message);
    expect(err.problems).toHaveLength(1);
  });

  test('every fault at once, one problem each', () => {
    const v = draft();
    v.categories.iphone.examinationFee = -300;
    delete v.categories.mac.lateReturnFee;
    v.maxStockWaitDays = 'thirty';
    expect(refusal(v).problems).toEqual([
      'categories.iphone.examinationFee: must be a whole, non-negative amount in øre',
      'categories.mac.lateReturnFee: is missing',
      'maxStockWaitDays: must be a whole number of days, at least 1',
    ]);
  });

  test.each([null, 'a policy', 42, []])('something that is not a version at all: %p', (input) => {
    expect(refusal(input).message).toMatch(/^policy version \(unnamed\) in the policy table is malformed: /);
  });

  test('says where the version came from', () => {
    expect(() => parsePolicyVersion({ ...shipped, version: '' }, 'the policy_versions table')).toThrow(
      'policy version (unnamed) in the policy_versions table is malformed: version: must not be empty',
    );
  });
});

describe('parsePolicyVersions', () => {
  const later: PolicyVersion = { ...shipped, version: '2027-01-01', effectiveFrom: '2026-12-31T23:00:00.000Z' };

  test('accepts a table of distinct versions', () => {
    expect(parsePolicyVersions([shipped, later])).toStrictEqual([shipped, later]);
  });

  test.each<[string, PolicyVersion[], string]>([
    ['the same name twice', [shipped, { ...later, version: shipped.version }], `[1].version: "${shipped.version}" is already in the table`],
    [
      'two versions from the same instant',
      [shipped, { ...later, effectiveFrom: '2026-11-01T00:00:00+01:00' }],
      `[1].effectiveFrom: 2026-11-01T00:00:00+01:00 is when ${shipped.version} takes effect too`,
    ],
  ])('refuses %s', (_case, versions, message) => {
    expect(() => parsePolicyVersions(versions)).toThrow(message);
  });

  test('refuses a malformed member, naming the version and the field', () => {
    expect(() => parsePolicyVersions([shipped, { ...later, inTransitGraceBusinessDays: -1 }])).toThrow(
      'policy version 2027-01-01 in the policy table is malformed: inTransitGraceBusinessDays:',
    );
  });
});
