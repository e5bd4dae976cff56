// The service's vocabulary: every enumeration, each written once. Zod schemas (and so the OpenAPI
// document), the stores' SQL checks (guarded by a test against the live schema) and the UI derive
// from these arrays. The strings are part of the HTTP and workflow contract (DESIGN.md §2–3):
// never rename one without a workflow patch and an API version. Array order is the order in which
// they are documented and offered.

// ---- a replacement --------------------------------------------------------------------------

export const STATUSES = [
  'pending_authorization',
  'awaiting_stock',
  'awaiting_dispatch',
  'dispatched',
  'return_in_transit',
  'awaiting_inspection',
  'completed',
  'cancelled',
  'declined',
  'ineligible',
] as const;
export type Status = (typeof STATUSES)[number];

/** How a `completed` replacement was settled. */
export const RESOLUTIONS = ['hold_released', 'fee_charged', 'retail_price_charged', 'not_returned_charged'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Marks on a replacement that need someone's attention; none of them stops the flow by itself. */
export const FLAGS = [
  'sla_breached',
  'unsecured',
  'renewal_failed',
  'collection_required',
  'email_undelivered',
  'late_return',
  /** Waits for staff to approve or reject it before its unit may ship (a flagged or already returned device). */
  'review_required',
] as const;
export type Flag = (typeof FLAGS)[number];

/**
 * Where the card hold stands. `requires_authentication`: the card asked for strong customer
 * authentication (3-D Secure); the customer must complete it in the browser before the hold exists.
 */
export const HOLD_STATES = ['none', 'pending', 'requires_authentication', 'active', 'unsecured', 'captured', 'released', 'charged'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

/** What the warehouse found when it inspected the returned unit. */
export const INSPECTION_OUTCOMES = [
  'covered',
  'no_fault_found',
  'accidental_damage',
  'not_covered',
  'unauthorized_modification',
  'third_party_fault',
  'user_error',
  'wrong_product_shipped',
  'dead_on_arrival',
] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** The kinds of entry in a replacement's timeline. */
export const TIMELINE_TYPES = [
  'requested',
  'eligibility_checked',
  'ineligible',
  'hold_authorized',
  'hold_declined',
  'hold_authentication_required',
  'hold_authenticated',
  'hold_renewed',
  'hold_renewal_failed',
  'hold_expired',
  'hold_released',
  'hold_captured',
  'charged_off_session',
  'charge_failed',
  'refunded',
  'stock_reserved',
  'out_of_stock',
  'stock_released',
  'sla_breached',
  'dispatched',
  'reminder_sent',
  'return_in_transit',
  'return_delivered_to_warehouse',
  'carrier_exception',
  'return_received',
  'inspected',
  'settled',
  'not_returned',
  'late_return_received',
  'cancelled',
  'email_sent',
  'email_failed',
  'compensated',
  'failed',
  'review_required',
  'review_approved',
  'review_rejected',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

// ---- the request ----------------------------------------------------------------------------

export const CATEGORIES = ['iphone', 'mac', 'display', 'accessory', 'server-part', 'battery', 'storage-media'] as const;
export type Category = (typeof CATEGORIES)[number];

export const COVERAGES = ['warranty', 'plan', 'consumer_law'] as const;
export type Coverage = (typeof COVERAGES)[number];

export const SERVICE_LEVELS = ['standard', 'priority_4h', '24x7'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export const LOCALES = ['nb', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** How a category's return window counts its days. */
export const RETURN_WINDOW_KINDS = ['business_days', 'calendar_days'] as const;
export type ReturnWindowKind = (typeof RETURN_WINDOW_KINDS)[number];

// ---- who acts -------------------------------------------------------------------------------

/** Roles a bearer token may carry. */
export const ROLES = ['customer', 'warehouse', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a timeline entry names: a person in one of the roles, or the service itself. */
export const ACTOR_ROLES = [...ROLES, 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** How a browser session was signed in: the embedded default's development page, or OpenID Connect. */
export const SESSION_MODES = ['dev', 'oidc'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

// ---- carrier and payment provider -----------------------------------------------------------

/** What a carrier's tracking event reports about a parcel. */
export const CARRIER_EVENT_KINDS = ['in_transit', 'delivered', 'returned_to_sender', 'exception'] as const;
export type CarrierEventKind = (typeof CARRIER_EVENT_KINDS)[number];

/** Where the customer's return parcel stands, from the carrier's latest event. */
export const RETURN_TRACKING_STATES = ['in_transit', 'delivered', 'exception'] as const;
export type ReturnTrackingState = (typeof RETURN_TRACKING_STATES)[number];

/** The payment provider's events the replacement acts on. */
export const PAYMENT_EVENT_KINDS = ['authorization_canceled', 'authorization_expired', 'capturable_updated', 'captured', 'authorization_failed'] as const;
export type PaymentEventKind = (typeof PAYMENT_EVENT_KINDS)[number];

// ---- money records --------------------------------------------------------------------------

/** What the browser must do to complete a card's authentication: follow a URL, or hand Stripe.js the intent's client secret. */
export const NEXT_ACTION_TYPES = ['redirect', 'stripe_sdk'] as const;
export type NextActionType = (typeof NEXT_ACTION_TYPES)[number];

/** Who takes the card in the browser: the sandbox's test-card picker, or Stripe's Payment Element. */
export const PAYMENT_PROVIDERS = ['sandbox', 'stripe'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/** Every entry of the ledger is one of these. */
export const LEDGER_KINDS = ['authorized', 're_authorized', 'released', 'captured', 'charged', 'charge_failed', 'refunded', 'authorization_failed'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** What finance may do to a replacement's money after the fact: refund out of goodwill, or retry a declined collection. */
export const FINANCE_ACTION_KINDS = ['goodwill_refund', 'collection_retry'] as const;
export type FinanceActionKind = (typeof FINANCE_ACTION_KINDS)[number];

/** How a finance action ended: money given back, money collected, or the card declined the retry. */
export const FINANCE_ACTION_OUTCOMES = ['refunded', 'collected', 'declined'] as const;
export type FinanceActionOutcome = (typeof FINANCE_ACTION_OUTCOMES)[number];

/** A finance action is `pending` from its reservation until the provider has answered; `failed` gives its reservation back. */
export const FINANCE_ACTION_STATES = ['pending', 'done', 'failed'] as const;
export type FinanceActionState = (typeof FINANCE_ACTION_STATES)[number];

/** Money movements as the payment provider records them, for reconciliation. */
export const PROVIDER_MOVEMENT_KINDS = ['authorized', 'captured', 'released', 'charged', 'refunded'] as const;
export type ProviderMovementKind = (typeof PROVIDER_MOVEMENT_KINDS)[number];

// ---- staff lists ----------------------------------------------------------------------------

/** Finance's views of the holds. */
export const HOLD_FILTERS = ['active', 'expiring', 'unsecured', 'captured', 'released'] as const;
export type HoldFilter = (typeof HOLD_FILTERS)[number];

/** The dispatch queue narrowed to those waiting for review (`required`) or those that may ship (`clear`). */
export const DISPATCH_REVIEW_FILTERS = ['required', 'clear'] as const;
export type DispatchReviewFilter = (typeof DISPATCH_REVIEW_FILTERS)[number];

// ---- devices and review ---------------------------------------------------------------------

/** Why a request waits for staff before its unit ships. */
export const REVIEW_REASONS = ['known_counterfeit', 'flagged_device', 'returned_before'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** How the warehouse marks a serial it will not replace without a look. */
export const DEVICE_FLAG_REASONS = ['counterfeit', 'reported_stolen', 'other'] as const;
export type DeviceFlagReason = (typeof DEVICE_FLAG_REASONS)[number];

export const REVIEW_DECISIONS = ['approve', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Where a review stands. */
export const REVIEW_STATES = ['pending', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

// ---- stock ----------------------------------------------------------------------------------

/** Every change of a SKU's units on hand is one of these, in the stock journal. */
export const STOCK_MOVEMENT_KINDS = ['seed', 'receipt', 'adjustment', 'shipment'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** Why the warehouse corrected a count; an adjustment without one is refused. */
export const STOCK_ADJUSTMENT_REASONS = ['count_correction', 'damaged', 'lost', 'found', 'returned_to_supplier'] as const;
export type StockAdjustmentReason = (typeof STOCK_ADJUSTMENT_REASONS)[number];

/** A unit promised to a replacement: held for it, given back, or gone out with it. */
export const STOCK_RESERVATION_STATES = ['reserved', 'released', 'shipped'] as const;
export type StockReservationState = (typeof STOCK_RESERVATION_STATES)[number];

// ---- reports --------------------------------------------------------------------------------

/** A finance series: one entry per Oslo day, or per ISO week (Monday to Sunday). */
export const REPORT_BUCKETS = ['day', 'week'] as const;
export type ReportBucket = (typeof REPORT_BUCKETS)[number];

// ---- email ----------------------------------------------------------------------------------

/** An email is `sending` from just before it is handed to the mail server until that is confirmed. */
export const SENT_EMAIL_STATES = ['sending', 'sent'] as const;
export type SentEmailState = (typeof SENT_EMAIL_STATES)[number];
