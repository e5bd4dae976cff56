// The shape a policy version must have wherever one enters the service: when the table is seeded
// into the database, and when versions are loaded back for a new replacement. A malformed version
// is refused with the field that is wrong, before any replacement can pin it.
// Here rather than in src/domain: the domain is pure, and the workflow bundle must not carry zod.
import { z } from 'zod';
import { CATEGORIES, type Category, type CategoryPolicy, type PolicyVersion } from '../domain/types';

/** A whole number of at least `min`; one message for every way it can be wrong. */
const wholeAtLeast = (min: number, message: string) => z.int({ error: message }).min(min, message);
const minorUnits = wholeAtLeast(0, 'must be a whole, non-negative amount in øre');
const count = (what: string, min: 0 | 1) => wholeAtLeast(min, `must be a whole number of ${what}, at least ${min}`);
const months = count('months', 1);

const returnWindowSchema = z.strictObject({
  kind: z.enum(['business_days', 'calendar_days']),
  days: count('days', 1),
});

const categoryPolicySchema = z
  .strictObject({
    category: z.enum(CATEGORIES),
    warrantyMonths: months.nullable(),
    returnWindow: returnWindowSchema,
    planAvailable: z.boolean(),
    planMonths: months.nullable(),
    examinationFee: minorUnits,
    outOfWarrantyFee: minorUnits,
    thirdPartyExaminationFee: minorUnits.optional(),
    thirdPartyOutOfWarrantyFee: minorUnits.optional(),
    labourRatePerHour: minorUnits,
    lateReturnFee: minorUnits,
    consumerLawMonths: months,
  })
  .superRefine((c, ctx) => {
    // A plan term without a plan (or the reverse) would make eligibility and settlement disagree.
    if (c.planAvailable !== (c.planMonths !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['planMonths'],
        message: c.planAvailable ? 'must be set when planAvailable is true' : 'must be null when planAvailable is false',
      });
    }
  }) satisfies z.ZodType<CategoryPolicy>;

const categoriesSchema = z
  .strictObject(Object.fromEntries(CATEGORIES.map((c) => [c, categoryPolicySchema])) as Record<Category, typeof categoryPolicySchema>)
  .superRefine((categories, ctx) => {
    for (const key of CATEGORIES) {
      if (categories[key].category !== key) {
        ctx.addIssue({ code: 'custom', path: [key, 'category'], message: `must be "${key}", the key it is filed under` });
      }
    }
  });

export const policyVersionSchema = z.strictObject({
  version: z.string().refine((name) => name.trim() !== '', 'must not be empty'), // as written: replacements pin it by name
  effectiveFrom: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant, e.g. 2026-10-31T23:00:00.000Z' }),
  categories: categoriesSchema,
  reminderBusinessDaysBefore: z.array(count('business days', 0)),
  inTransitGraceBusinessDays: count('business days', 0),
  lateReturnWindowBusinessDays: count('business days', 0),
  authorizationRenewalMarginMs: count('milliseconds', 1),
  maxStockWaitDays: count('days', 1).optional(),
  authenticationWaitMinutes: count('minutes', 1).optional(),
  limits: z.strictObject({ maxOpenReplacementsPerCustomer: count('replacements', 1) }).optional(),
}) satisfies z.ZodType<PolicyVersion>;

/** A policy version that does not have the shape above; the message names every field at fault. */
export class MalformedPolicyError extends RangeError {
  constructor(
    message: string,
    /** One `field.path: problem` per fault. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'MalformedPolicyError';
  }
}

const fieldPath = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(the version itself)';

/** `field.path: problem` lines; a misspelt or missing term is named as such. */
function describe(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const what = issue.path.at(-1) === 'categories' ? `a category (${CATEGORIES.join(', ')})` : 'a term of a policy version';
    return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: is not ${what}`);
  }
  if (issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0) {
    return [`${fieldPath(issue.path)}: is missing`];
  }
  return [`${fieldPath(issue.path)}: ${issue.message}`];
}

function nameOf(input: unknown): string {
  const version = typeof input === 'object' && input !== null ? (input as { version?: unknown }).version : undefined;
  return typeof version === 'string' && version.trim() !== '' ? version : '(unnamed)';
}

/**
 * The version, checked; throws MalformedPolicyError otherwise. `where` says where it came from
 * (e.g. "the policy_versions table") so the message leads to the row or line to fix.
 */
export function parsePolicyVersion(input: unknown, where = 'the policy table'): PolicyVersion {
  const parsed = policyVersionSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap(describe);
  throw new MalformedPolicyError(`policy version ${nameOf(input)} in ${where} is malformed: ${problems.join('; ')}`, problems);
}

/**
 * A whole table of versions, checked one by one and together: names are unique (replacements pin
 * a version by name) and no two take effect at the same instant (which one is in force would be
 * left to the order of the table).
 */
export function parsePolicyVersions(input: readonly unknown[], where = 'the policy table'): PolicyVersion[] {
  const versions = input.map((v) => parsePolicyVersion(v, where));
  const problems: string[] = [];
  versions.forEach((v, i) => {
    const earlier = versions.slice(0, i);
    if (earlier.some((e) => e.version === v.version)) problems.push(`[${i}].version: "${v.version}" is already in the table`);
    const from = Date.parse(v.effectiveFrom);
    const tie = earlier.find((e) => Date.parse(e.effectiveFrom) === from);
    if (tie) problems.push(`[${i}].effectiveFrom: ${v.effectiveFrom} is when ${tie.version} takes effect too`);
  });
  if (problems.length > 0) throw new MalformedPolicyError(`${where} is malformed: ${problems.join('; ')}`, problems);
  return versions;
}
