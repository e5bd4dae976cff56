// Shared types of the service. The enumerations are defined once in ./vocabulary and re-exported
// here under the names the rest of the code imports.
export { CATEGORIES, COVERAGES, INSPECTION_OUTCOMES, LOCALES, RESOLUTIONS, RETURN_WINDOW_KINDS, SERVICE_LEVELS, STATUSES } from './vocabulary';
export type { Category, Coverage, InspectionOutcome, Locale, Resolution, ReturnWindowKind, ServiceLevel, Status } from './vocabulary';
import type { Category, ReturnWindowKind } from './vocabulary';

/** Amounts are integers in minor units (øre for NOK), VAT included. */
export type MinorUnits = number;
export type Currency = 'NOK';

/** A local calendar date in Europe/Oslo, ISO `YYYY-MM-DD`. */
export type LocalDate = string;

export type ReturnWindow = { kind: ReturnWindowKind; days: number };

/** Per-category terms. Fees are defaults; a catalog item may override them. */
export interface CategoryPolicy {
  category: Category;
  /** Months of the limited warranty from the purchase date; null = manufacturer's term per SKU. */
  warrantyMonths: number | null;
  returnWindow: ReturnWindow;
  /** Whether a coverage plan (AppleCare+-like) can be sold for this category. */
  planAvailable: boolean;
  examinationFee: MinorUnits; // no_fault_found
  outOfWarrantyFee: MinorUnits; // not_covered, unless the SKU overrides
  /** Labour rate per started hour, for third_party_fault / user_error; billed per started 15 minutes. */
  labourRatePerHour: MinorUnits;
  /** Charged on a late return after a not-returned capture (refund = captured − late fee). */
  lateReturnFee: MinorUnits;
  /** Term of the coverage plan in months from the purchase date; null when no plan is sold. */
  planMonths: number | null;
  /** Consumer-law complaint period (reklamasjon) in months from the purchase date. */
  consumerLawMonths: number;
  /** Rates for items flagged `thirdParty` in a category whose defaults are for own-brand items. */
  thirdPartyExaminationFee?: MinorUnits;
  thirdPartyOutOfWarrantyFee?: MinorUnits;
}

export interface PolicyVersion {
  version: string; // e.g. "2026-11-01"
  effectiveFrom: string; // ISO instant
  categories: Record<Category, CategoryPolicy>;
  /** Business days before the deadline on which reminders go out, plus 0 = the last day. */
  reminderBusinessDaysBefore: number[];
  /** Grace after the deadline while a return scanned in time is in transit (business days). */
  inTransitGraceBusinessDays: number;
  /** Window after a not-returned charge in which a late arrival is refunded less the late fee. */
  lateReturnWindowBusinessDays: number;
  /** Renew a card authorization this long before its capture-before instant. */
  authorizationRenewalMarginMs: number;
  /**
   * Calendar days a replacement may wait for a unit to come into stock before it is cancelled and
   * the hold released. Absent in versions written before it was a term: DEFAULT_MAX_STOCK_WAIT_DAYS.
   */
  maxStockWaitDays?: number;
  /**
   * Minutes a customer has to complete a card's authentication (3-D Secure) before the request is
   * declined and the pending authorization cancelled. Absent in versions written before it was a
   * term: DEFAULT_AUTHENTICATION_WAIT_MINUTES.
   */
  authenticationWaitMinutes?: number;
  /**
   * What the merchant will not knowingly ship: the most replacements one customer may have open at
   * once. Absent in versions written before it was a term: DEFAULT_MERCHANT_LIMITS.
   */
  limits?: MerchantLimits;
}

export interface MerchantLimits {
  maxOpenReplacementsPerCustomer: number;
}

export interface CatalogItem {
  sku: string;
  name: string;
  category: Category;
  retailPrice: MinorUnits;
  /** Overrides of the category's fees for this SKU. */
  outOfWarrantyFee?: MinorUnits;
  planServiceFee?: MinorUnits; // accidental damage with a plan ("other damage" fee)
  examinationFee?: MinorUnits;
  /** Manufacturer's warranty term for this SKU (required when the category's term is null). */
  warrantyMonths?: number;
  thirdParty?: boolean; // not Apple-branded: third-party examination rates
}

/** Everything a replacement needs from policy and catalog, resolved once and pinned in history. */
export interface PinnedTerms {
  policyVersion: string;
  item: CatalogItem;
  category: CategoryPolicy;
  reminderBusinessDaysBefore: number[];
  inTransitGraceBusinessDays: number;
  lateReturnWindowBusinessDays: number;
  authorizationRenewalMarginMs: number;
  /** Absent in terms pinned before it was a term (their histories replay with the 30-day default). */
  maxStockWaitDays?: number;
  /** Absent in terms pinned before it was a term (the 30-minute default applies). */
  authenticationWaitMinutes?: number;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string; // ISO 3166-1 alpha-2
  phone?: string;
}
