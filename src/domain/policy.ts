// The rules that read the policy table (DESIGN §3; the table itself is policy-versions.ts): which
// version is in force, the terms a replacement pins, eligibility, inspection validation and
// settlement.

import { addMonths, endOfOsloDay, isLocalDate, osloDate } from './calendar';
import { assertMinorUnits, formatMoney, labourCharge } from './money';
import { maxStockWaitDaysOf } from './stock';
import { authenticationWaitMinutesOf } from './authentication';
import {
  INSPECTION_OUTCOMES,
  type CatalogItem,
  type Coverage,
  type InspectionOutcome,
  type LocalDate,
  type MerchantLimits,
  type MinorUnits,
  type PinnedTerms,
  type PolicyVersion,
  type Resolution,
} from './types';

/** The merchant's limits when a policy version does not say: a household has a few devices, not a fleet. */
export const DEFAULT_MERCHANT_LIMITS: MerchantLimits = { maxOpenReplacementsPerCustomer: 3 };

/** The limits of a policy version (those written before limits were a term get the defaults). */
export const merchantLimitsOf = (version: PolicyVersion): MerchantLimits => ({ ...DEFAULT_MERCHANT_LIMITS, ...version.limits });

export { POLICY_VERSIONS } from './policy-versions';

/** The newest version whose effectiveFrom is at or before `atMs`. */
export function policyInForce(versions: readonly PolicyVersion[], atMs: number): PolicyVersion {
  let best: PolicyVersion | undefined;
  let bestFrom = -Infinity;
  for (const v of versions) {
    const from = Date.parse(v.effectiveFrom);
    if (Number.isNaN(from)) throw new RangeError(`policy version ${v.version} has an invalid effectiveFrom ${v.effectiveFrom}`);
    if (from <= atMs && from > bestFrom) {
      best = v;
      bestFrom = from;
    }
  }
  if (!best) throw new RangeError(`no policy version is in force at ${new Date(atMs).toISOString()}`);
  return best;
}

export function findPolicyVersion(versions: readonly PolicyVersion[], version: string): PolicyVersion | undefined {
  return versions.find((v) => v.version === version);
}

/** The terms a replacement pins for its whole life; copies, so later edits to the table never leak in. */
export function resolveTerms(version: PolicyVersion, item: CatalogItem): PinnedTerms {
  const category = version.categories[item.category];
  if (!category) throw new RangeError(`policy ${version.version} has no terms for category ${item.category}`);
  return {
    policyVersion: version.version,
    item: { ...item },
    category: { ...category, returnWindow: { ...category.returnWindow } },
    reminderBusinessDaysBefore: [...version.reminderBusinessDaysBefore],
    inTransitGraceBusinessDays: version.inTransitGraceBusinessDays,
    lateReturnWindowBusinessDays: version.lateReturnWindowBusinessDays,
    authorizationRenewalMarginMs: version.authorizationRenewalMarginMs,
    maxStockWaitDays: maxStockWaitDaysOf(version),
    authenticationWaitMinutes: authenticationWaitMinutesOf(version),
  };
}

// ---------------------------------------------------------------------------------------------
// Fees of an item under its pinned terms: SKU override, then the category's third-party rate for
// third-party items, then the category default.

export interface ItemFees {
  examinationFee: MinorUnits;
  outOfWarrantyFee: MinorUnits;
  /** null when the category has no plan; falls back to the out-of-warranty fee when the SKU has none. */
  planServiceFee: MinorUnits | null;
  labourRatePerHour: MinorUnits;
  lateReturnFee: MinorUnits;
}

export function itemFees(terms: PinnedTerms): ItemFees {
  const { item, category } = terms;
  const thirdParty = item.thirdParty === true;
  const outOfWarrantyFee = item.outOfWarrantyFee ?? (thirdParty ? category.thirdPartyOutOfWarrantyFee : undefined) ?? category.outOfWarrantyFee;
  return {
    examinationFee: item.examinationFee ?? (thirdParty ? category.thirdPartyExaminationFee : undefined) ?? category.examinationFee,
    outOfWarrantyFee,
    planServiceFee: category.planAvailable ? (item.planServiceFee ?? outOfWarrantyFee) : null,
    labourRatePerHour: category.labourRatePerHour,
    lateReturnFee: category.lateReturnFee,
  };
}

// ---------------------------------------------------------------------------------------------
// Eligibility.

export type EligibilityResult = { eligible: true } | { eligible: false; code: string; reason: string };

export interface EligibilityInput {
  terms: PinnedTerms;
  purchaseDate: LocalDate;
  coverage: Coverage;
  requestedAtMs: number;
}

const COVERAGE_LABEL: Record<Coverage, string> = {
  warranty: 'warranty',
  plan: 'coverage plan',
  consumer_law: 'consumer-law complaint period',
};

/** Months the chosen coverage lasts for this item; null when the term is unknown or not offered. */
export function coverageMonths(terms: PinnedTerms, coverage: Coverage): number | null {
  switch (coverage) {
    case 'warranty':
      return terms.item.warrantyMonths ?? terms.category.warrantyMonths;
    case 'plan':
      return terms.category.planAvailable ? terms.category.planMonths : null;
    case 'consumer_law':
      return terms.category.consumerLawMonths;
  }
}

/** Last covered Oslo day (covered until its end), or null when the coverage does not apply. */
export function coverageEndsOn(terms: PinnedTerms, purchaseDate: LocalDate, coverage: Coverage): LocalDate | null {
  const months = coverageMonths(terms, coverage);
  return months === null ? null : addMonths(purchaseDate, months);
}

export function checkEligibility({ terms, purchaseDate, coverage, requestedAtMs }: EligibilityInput): EligibilityResult {
  const name = terms.item.name;
  if (!isLocalDate(purchaseDate)) {
    return { eligible: false, code: 'invalid_purchase_date', reason: `The purchase date "${purchaseDate}" is not a valid date (YYYY-MM-DD).` };
  }
  const today = osloDate(requestedAtMs);
  if (purchaseDate > today) {
    return {
      eligible: false,
      code: 'purchase_date_in_future',
      reason: `The purchase date ${purchaseDate} is in the future; please check the date on your receipt.`,
    };
  }
  if (coverage === 'warranty' && coverageMonths(terms, 'warranty') === null) {
    return {
      eligible: false,
      code: 'warranty_term_missing',
      reason: `The manufacturer's warranty term for ${name} is not on record, so it cannot be replaced under warranty. Please contact customer service.`,
    };
  }
  if (coverage === 'plan' && coverageMonths(terms, 'plan') === null) {
    return { eligible: false, code: 'plan_not_available', reason: `No coverage plan is offered for ${name}, so it cannot be replaced under a plan.` };
  }
  const months = coverageMonths(terms, coverage) as number;
  const endsOn = addMonths(purchaseDate, months);
  if (requestedAtMs <= endOfOsloDay(endsOn)) return { eligible: true };

  const expired = `The ${months}-month ${COVERAGE_LABEL[coverage]} for ${name} bought on ${purchaseDate} ended on ${endsOn}.`;
  if (coverage === 'consumer_law') return { eligible: false, code: 'consumer_law_expired', reason: expired };
  // Point the customer to a longer right they still hold rather than just refusing.
  const consumerLawEnds = addMonths(purchaseDate, terms.category.consumerLawMonths);
  const hint =
    requestedAtMs <= endOfOsloDay(consumerLawEnds)
      ? ` A defect may still be claimed under consumer law (reklamasjon) until ${consumerLawEnds}; choose that coverage instead.`
      : '';
  return { eligible: false, code: coverage === 'warranty' ? 'warranty_expired' : 'plan_expired', reason: expired + hint };
}

// ---------------------------------------------------------------------------------------------
// Inspection and settlement.

export const LABOUR_OUTCOMES: readonly InspectionOutcome[] = ['third_party_fault', 'user_error'];
/** Outcomes where the inspector's "beyond repair" changes the charge (accidental damage: without a plan). */
export const BEYOND_REPAIR_OUTCOMES: readonly InspectionOutcome[] = ['not_covered', 'accidental_damage', 'unauthorized_modification'];

export interface InspectionInput {
  terms: PinnedTerms;
  outcome: InspectionOutcome;
  beyondRepair?: boolean;
  labourMinutes?: number | null;
}

/** null when the inspection can be settled, else a message the warehouse user can act on. */
export function validateInspection({ terms, outcome, beyondRepair, labourMinutes }: InspectionInput): string | null {
  if (!(INSPECTION_OUTCOMES as readonly string[]).includes(outcome)) {
    return `Unknown inspection outcome "${String(outcome)}"; use one of ${INSPECTION_OUTCOMES.join(', ')}.`;
  }
  const labour = LABOUR_OUTCOMES.includes(outcome);
  if (labour) {
    if (terms.category.labourRatePerHour <= 0) {
      return `${outcome} is billed as labour and applies only to service parts; for a ${terms.category.category} product record not_covered or no_fault_found instead.`;
    }
    if (labourMinutes === undefined || labourMinutes === null) {
      return `Enter the labour time in minutes (labourMinutes) for ${outcome}; it is billed per started 15 minutes.`;
    }
    if (!Number.isSafeInteger(labourMinutes) || labourMinutes <= 0) {
      return `labourMinutes must be a whole number of minutes greater than 0, got ${String(labourMinutes)}.`;
    }
  } else if (labourMinutes !== undefined && labourMinutes !== null) {
    return `labourMinutes applies only to ${LABOUR_OUTCOMES.join(' and ')}; leave it empty for ${outcome}.`;
  }
  if (beyondRepair === true && !BEYOND_REPAIR_OUTCOMES.includes(outcome)) {
    return `beyondRepair applies only to not_covered (and accidental damage without a plan); leave it unset for ${outcome}.`;
  }
  return null;
}

export interface SettleInput extends InspectionInput {
  coverage: Coverage;
  holdAmount: MinorUnits;
}

export interface Settlement {
  resolution: Resolution;
  capture: MinorUnits;
  release: MinorUnits;
  /** Short human text for the ledger, emails and the timeline. */
  basis: string;
}

const OUTCOME_LABEL: Record<InspectionOutcome, string> = {
  covered: 'covered',
  no_fault_found: 'no fault found',
  accidental_damage: 'accidental damage',
  not_covered: 'not covered',
  unauthorized_modification: 'unauthorized modification',
  third_party_fault: 'third-party fault',
  user_error: 'user error',
  wrong_product_shipped: 'wrong product shipped',
  dead_on_arrival: 'dead on arrival',
};

/** What to capture and release after inspection (DESIGN §3). Throws on an invalid inspection. */
export function settle(input: SettleInput): Settlement {
  const { terms, outcome, coverage, holdAmount } = input;
  assertMinorUnits(holdAmount, 'hold amount');
  const invalid = validateInspection(input);
  if (invalid) throw new RangeError(invalid);
  const fees = itemFees(terms);
  const label = OUTCOME_LABEL[outcome];

  const release = (basis: string): Settlement => ({ resolution: 'hold_released', capture: 0, release: holdAmount, basis });
  const retail = (basis: string): Settlement => ({ resolution: 'retail_price_charged', capture: holdAmount, release: 0, basis });
  const fee = (amount: MinorUnits, basis: string): Settlement => {
    // A fee above the hold can only be taken up to what was authorized.
    if (amount <= 0) return release(`${basis}, no fee`);
    const capture = Math.min(amount, holdAmount);
    const capped = capture < amount ? ', capped at the hold' : '';
    return { resolution: 'fee_charged', capture, release: holdAmount - capture, basis: basis + capped };
  };
  const notCovered = (): Settlement =>
    input.beyondRepair === true ? retail(`retail price, ${label} and beyond repair`) : fee(fees.outOfWarrantyFee, `out-of-warranty fee, ${label}`);

  switch (outcome) {
    case 'covered':
      return release(`covered by the ${COVERAGE_LABEL[coverage]}, hold released`);
    case 'wrong_product_shipped':
    case 'dead_on_arrival':
      return release(`${label}, hold released`);
    case 'no_fault_found':
      return fee(fees.examinationFee, 'examination fee, no fault found');
    case 'accidental_damage':
      if (coverage === 'plan' && fees.planServiceFee !== null) {
        // The plan covers the damage however severe; beyondRepair does not raise the charge.
        return fee(fees.planServiceFee, 'plan service fee, accidental damage');
      }
      return notCovered();
    case 'not_covered':
      return notCovered();
    case 'unauthorized_modification':
      return retail('retail price, unauthorized modification');
    case 'third_party_fault':
    case 'user_error': {
      const minutes = input.labourMinutes as number;
      const blocks = Math.ceil(minutes / 15);
      const rate = formatMoney(fees.labourRatePerHour, 'NOK', 'en');
      return fee(labourCharge(minutes, fees.labourRatePerHour), `labour, ${label}: ${minutes} min billed as ${blocks} × 15 min at ${rate}/h`);
    }
  }
}

/** Refund when the original arrives after a not-returned capture: the capture less the late fee. */
export function lateReturnRefund({ captured, lateFee }: { captured: MinorUnits; lateFee: MinorUnits }): MinorUnits {
  assertMinorUnits(captured, 'captured amount');
  assertMinorUnits(lateFee, 'late-return fee');
  return Math.max(0, captured - lateFee);
}
