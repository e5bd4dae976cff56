// Request and response schemas of the HTTP API. They validate requests, and the OpenAPI document
// is generated from them, so the docs cannot drift from what the server enforces.
import { z } from 'zod';
import { findCatalogItem } from '../domain/catalog';
import { isLocalDate } from '../domain/calendar';
import {
  ACTOR_ROLES,
  CARRIER_EVENT_KINDS,
  CATEGORIES,
  COVERAGES,
  DEVICE_FLAG_REASONS,
  DISPATCH_REVIEW_FILTERS,
  FINANCE_ACTION_KINDS,
  FINANCE_ACTION_OUTCOMES,
  FLAGS,
  HOLD_FILTERS,
  HOLD_STATES,
  NEXT_ACTION_TYPES,
  PAYMENT_PROVIDERS,
  INSPECTION_OUTCOMES,
  LEDGER_KINDS,
  LOCALES,
  REPORT_BUCKETS,
  RESOLUTIONS,
  RETURN_TRACKING_STATES,
  RETURN_WINDOW_KINDS,
  REVIEW_DECISIONS,
  REVIEW_REASONS,
  REVIEW_STATES,
  ROLES,
  SENT_EMAIL_STATES,
  SERVICE_LEVELS,
  SESSION_MODES,
  STATUSES,
  STOCK_ADJUSTMENT_REASONS,
  STOCK_MOVEMENT_KINDS,
  TIMELINE_TYPES,
} from '../domain/vocabulary';
import { MAX_UNITS_PER_MOVEMENT } from '../domain/stock';
import type { ReplacementView } from '../domain/replacement';
import { EMAIL_TEMPLATES } from '../ports/mailer';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const minor = z.number().int().min(0).describe('Amount in minor units (øre), VAT included');
const instant = z.string().describe('ISO 8601 instant');

export const serviceNumberSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'not a service number')
  .describe('Service number, e.g. RMA-7K3Q9XDM2PHT');

export const idParamsSchema = z.strictObject({ id: serviceNumberSchema });
export const labelParamsSchema = z.strictObject({ file: z.string().regex(/^[A-Za-z0-9]{6,40}\.pdf$/, 'a tracking number followed by .pdf') });
export const labelQuerySchema = z.strictObject({ sig: z.string().max(64).optional() });

// ---- requests -------------------------------------------------------------------------------

export const addressSchema = z
  .strictObject({
    name: text(120),
    line1: text(200),
    line2: z.string().trim().max(200).optional(),
    postalCode: text(16),
    city: text(100),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. NO')
      .transform((c) => c.toUpperCase()),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,20}$/, 'a phone number, e.g. +47 22 33 44 55')
      .optional(),
  })
  .superRefine((a, ctx) => {
    if (a.country === 'NO' && !/^\d{4}$/.test(a.postalCode)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'a Norwegian postal code has 4 digits' });
    }
  });

export const createReplacementSchema = z.strictObject({
  sku: text(64)
    .refine((sku) => findCatalogItem(sku) !== undefined, 'not a product offered for express replacement; see GET /v1/catalog')
    .describe('A SKU from GET /v1/catalog'),
  serialNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,40}$/, '3–40 letters, digits or dashes, as printed on the device'),
  purchaseDate: z.string().refine(isLocalDate, 'a calendar date, YYYY-MM-DD').meta({ format: 'date', description: 'Date on the receipt' }),
  issueDescription: text(2000),
  coverage: z.enum(COVERAGES),
  serviceLevel: z.enum(SERVICE_LEVELS).default('standard'),
  paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]{1,200}$/, 'a payment-method id from the payment provider’s client library (pm_…)'),
  email: z.email().max(254),
  locale: z.enum(LOCALES).default('nb'),
  shippingAddress: addressSchema,
  acceptTerms: z.literal(true, { error: 'the terms must be accepted (acceptTerms: true)' }).describe('The customer accepts the hold and the return terms'),
});
export type CreateReplacementBody = z.infer<typeof createReplacementSchema>;

export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{8,255}$/, '8–255 printable ASCII characters without spaces, e.g. a UUID');

export const cancelSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });

export const dispatchSchema = z.strictObject({
  replacementSerialNumber: text(64),
  carrier: z.string().trim().min(1).max(64).optional(),
  trackingNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,64}$/, 'letters, digits or dashes')
    .optional(),
});

export const receiptSchema = z.strictObject({ serialNumber: text(64) });

export const inspectionSchema = z.strictObject({
  outcome: z.enum(INSPECTION_OUTCOMES),
  notes: z.string().trim().max(4000),
  beyondRepair: z.boolean().optional(),
  labourMinutes: z.number().int().positive().max(10_000).optional(),
});

const pageSize = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().max(4096).optional().describe('Opaque; the `nextCursor` of the previous page');

export const listReplacementsQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  limit: pageSize,
  cursor,
});

export const holdsQuerySchema = z.strictObject({
  state: z.enum(HOLD_FILTERS),
  limit: pageSize,
  cursor,
});

/** `YYYY-MM-DD` (an Oslo calendar day) or an ISO instant with an offset, between 1970 and 9998. */
const periodBound = z
  .string()
  .refine(
    (v) =>
      Number(v.slice(0, 4)) >= 1970 &&
      Number(v.slice(0, 4)) <= 9998 &&
      (isLocalDate(v) || (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)))),
    'a date (YYYY-MM-DD, Oslo) or an ISO instant with offset, years 1970–9998',
  );
export const periodQuerySchema = z.strictObject({
  from: periodBound.optional().describe('Start (inclusive); a date means the start of that Oslo day. Default: first day of this month'),
  to: periodBound.optional().describe('End; a date includes that whole Oslo day, an instant is exclusive. Default: now'),
});

export const financeSummaryQuerySchema = periodQuerySchema.extend({
  bucket: z.enum(REPORT_BUCKETS).optional().describe('Adds `series`: one entry per Oslo day, or per ISO week (Monday start), of the period, zero-filled'),
});

export const carrierWebhookSchema = z.object({
  events: z
    .array(
      z.object({
        eventId: z.string().min(1).max(200),
        trackingNumber: z.string().min(1).max(64),
        kind: z.enum(CARRIER_EVENT_KINDS),
        // Bounded so a workflow never has to format an instant outside what Date can represent.
        at: z.number().int().min(0).max(4_102_444_800_000).describe('Epoch milliseconds (before 2100)'),
        description: z.string().max(500).optional(),
        serviceNumber: serviceNumberSchema.optional(),
      }),
    )
    .min(1)
    .max(100),
});

// ---- responses ------------------------------------------------------------------------------

const actorSchema = z.object({ sub: z.string(), role: z.enum(ACTOR_ROLES) });

/** An address as the view shows it (already normalised: no input transforms). */
const shippingAddressViewSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  phone: z.string().optional(),
});

export const replacementViewSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: z.enum(STATUSES),
  resolution: z.enum(RESOLUTIONS).nullable(),
  customer: z.object({ sub: z.string(), email: z.string(), locale: z.enum(LOCALES) }),
  shippingAddress: shippingAddressViewSchema
    .optional()
    .describe('Where the replacement is shipped (the customer’s name and address); absent on views from before it was recorded'),
  sku: z.string(),
  productName: z.string().nullable(),
  category: z.string().nullable(),
  serialNumber: z.string(),
  coverage: z.enum(COVERAGES),
  serviceLevel: z.enum(SERVICE_LEVELS),
  policyVersion: z.string().nullable(),
  holdAmount: minor,
  capturedAmount: minor,
  refundedAmount: minor,
  currency: z.literal('NOK'),
  hold: z.object({
    state: z.enum(HOLD_STATES),
    authorizationId: z.string().nullable(),
    captureBefore: instant.nullable(),
    extendedAuthorization: z.boolean(),
    renewals: z.number().int(),
    nextAction: z
      .object({
        type: z.enum(NEXT_ACTION_TYPES),
        url: z.string().optional(),
        clientSecret: z.string().optional(),
      })
      .optional()
      .describe(
        'Present while the hold state is requires_authentication: what the browser must do to complete the card’s 3-D Secure — follow `url` (redirect), or pass `clientSecret` to Stripe.js `handleNextAction` (stripe_sdk).',
      ),
  }),
  dispatchDueBy: instant.nullable(),
  returnDeadline: instant.nullable(),
  returnGraceUntil: instant.nullable(),
  returnBusinessDaysLeft: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('While the original is awaited: Oslo business days after today up to the return deadline (0 on its last day)'),
  lateReturnWindowUntil: instant.nullable(),
  dispatch: z
    .object({
      replacementSerialNumber: z.string(),
      carrier: z.string(),
      trackingNumber: z.string(),
      labelUrl: z.string().optional(),
      dispatchedAt: instant,
      dispatchedBy: z.string(),
    })
    .nullable(),
  returnLabel: z.object({ trackingNumber: z.string(), url: z.string() }).nullable(),
  returnTracking: z.object({ state: z.enum(RETURN_TRACKING_STATES), firstScanAt: instant, lastEventAt: instant }).nullable(),
  receivedAt: instant.nullable(),
  inspection: z
    .object({
      outcome: z.enum(INSPECTION_OUTCOMES),
      notes: z.string(),
      beyondRepair: z.boolean(),
      labourMinutes: z.number().int().optional(),
      inspectedAt: instant,
      inspectedBy: z.string(),
      basis: z.string(),
    })
    .nullable(),
  ineligibleReason: z.string().nullable(),
  declineReason: z.string().nullable(),
  flags: z.array(z.enum(FLAGS)),
  timeline: z.array(
    z.object({
      at: instant,
      type: z.enum(TIMELINE_TYPES),
      actor: actorSchema.optional(),
      amount: minor.optional(),
      detail: z.string().optional(),
    }),
  ),
  createdAt: instant,
  updatedAt: instant,
  review: z
    .object({
      findings: z.array(z.object({ reason: z.enum(REVIEW_REASONS), detail: z.string() })),
      state: z.enum(REVIEW_STATES),
      decidedBy: z.string().nullable(),
      decidedAt: instant.nullable(),
    })
    .optional()
    .describe('Present when the request was sent to staff review before its unit may ship (flag `review_required` while pending)'),
  related: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(STATUSES),
        createdAt: instant,
        sameDevice: z.boolean().describe('For the same device (serial number)'),
        sameCustomer: z.boolean().describe('By the same customer'),
      }),
    )
    .optional()
    .describe('Staff only: the other replacements for the same device or by the same customer, newest first (at most 50)'),
  stockWait: z
    .object({
      since: instant.describe('When it started waiting for a unit'),
      cancelsAt: instant.describe('If no unit has come by then, the request is cancelled and the hold released in full'),
      ahead: z.number().int().min(0).describe('Requests for the same product waiting longer; units go to them first'),
    })
    .optional()
    .describe('Only while `awaiting_stock`: where the request stands in line for a unit'),
});

// Compile-time proof that every view the workflow returns fits the published schema.
type Assignable<T extends U, U> = T;
export type ViewFitsSchema = Assignable<ReplacementView, z.infer<typeof replacementViewSchema>>;

export const createdReplacementSchema = z.object({
  id: z.string().describe('The service number'),
  status: z.enum(STATUSES),
  href: z.string(),
});

/** A create answered after `Prefer: wait`: the full view once the hold is decided, and `href`. */
export const decidedReplacementSchema = replacementViewSchema.extend({ href: z.string() });

export const createReplacementResponseSchema = z.union([createdReplacementSchema, decidedReplacementSchema]);

export const preferSchema = z.string().describe('RFC 7240 preferences, e.g. `wait=5`');

export const replacementSummarySchema = z.object({
  id: z.string(),
  status: z.enum(STATUSES).nullable(),
  sku: z.string().nullable(),
  customer: z.string().nullable(),
  holdState: z.enum(HOLD_STATES).nullable(),
  flags: z.array(z.enum(FLAGS)),
  returnDeadline: instant.nullable(),
  startedAt: instant,
  closedAt: instant.nullable(),
  execution: z
    .enum(['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'continued_as_new', 'unknown'])
    .describe('`completed` once the status is final (completed, cancelled, declined, ineligible), otherwise `running`'),
});

export const replacementListSchema = z.object({ items: z.array(replacementSummarySchema), nextCursor: z.string().nullable() });

export const dispatchQueueSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      sku: z.string().nullable(),
      productName: z.string().nullable(),
      serviceLevel: z.enum(SERVICE_LEVELS).nullable(),
      dispatchDueBy: instant.nullable(),
      slaBreached: z.boolean(),
      reviewRequired: z.boolean().describe('Waits for staff review (POST /v1/replacements/{id}/review) before it may ship'),
      requestedAt: instant,
      detailsUnavailable: z.boolean().describe('Always false: every row carries its details (kept for existing clients)'),
    }),
  ),
  truncated: z.boolean(),
});

export const incomingReturnsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: z.enum(STATUSES).nullable(),
      sku: z.string().nullable(),
      productName: z.string().nullable(),
      expectedSerialNumber: z.string().nullable(),
      returnTrackingNumber: z.string().nullable(),
      returnTracking: replacementViewSchema.shape.returnTracking,
      returnDeadline: instant.nullable(),
      flags: z.array(z.enum(FLAGS)),
      detailsUnavailable: z.boolean(),
    }),
  ),
  truncated: z.boolean(),
});

const ledgerTotalsSchema = z.object({
  authorized: minor,
  reAuthorized: minor,
  captured: minor,
  released: minor,
  charged: minor,
  chargeFailed: minor,
  refunded: minor,
  authorizationFailed: minor,
  collected: z.number().int().describe('captured + charged − refunded'),
});

export const holdsListSchema = z.object({
  state: z.enum(HOLD_FILTERS),
  items: z.array(
    z.object({
      id: z.string(),
      status: z.enum(STATUSES).nullable(),
      holdState: z.enum(HOLD_STATES).nullable(),
      flags: z.array(z.enum(FLAGS)),
      sku: z.string().nullable(),
      customer: z.string().nullable(),
      returnDeadline: instant.nullable(),
      captureBefore: instant.nullable().describe('When the current authorization lapses; null when there is none'),
      currency: z.literal('NOK'),
      ledger: ledgerTotalsSchema,
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const financeSummarySchema = z.object({
  from: instant,
  to: instant,
  totals: z.array(ledgerTotalsSchema.extend({ currency: z.string(), entries: z.number().int() })),
  replacements: z
    .array(
      z.object({
        currency: z.string(),
        requested: z.number().int().describe('Replacements requested in the period'),
        heldAmount: minor.describe('Holds placed for the replacements requested in the period'),
        closed: z.number().int().describe('Replacements that reached a final status in the period'),
        byStatus: z.record(z.string(), z.number().int()).describe('The closed ones by final status'),
        byResolution: z.record(z.string(), z.number().int()).describe('The closed ones by resolution'),
        capturedAmount: minor.describe('Captured on the replacements closed in the period'),
        refundedAmount: minor.describe('Refunded on the replacements closed in the period'),
      }),
    )
    .describe('Replacements by currency, from the read model'),
  series: z
    .array(
      z.object({
        start: instant.describe('Start of the Oslo day or ISO week (Monday 00:00 Oslo)'),
        authorized: minor,
        captured: minor,
        released: minor,
        refunded: minor,
      }),
    )
    .optional()
    .describe('With `bucket`: NOK movements per day or week of the period, oldest first; a bucket without movements is zero'),
});

export const catalogSchema = z.object({
  policyVersion: z.string(),
  currency: z.literal('NOK'),
  items: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      category: z.enum(CATEGORIES),
      retailPrice: minor,
      holdAmount: minor,
      warrantyMonths: z.number().int().nullable().describe('null: the manufacturer’s term is not on record'),
      planAvailable: z.boolean(),
      planMonths: z.number().int().nullable(),
      consumerLawMonths: z.number().int(),
      returnWindow: z.object({ kind: z.enum(RETURN_WINDOW_KINDS), days: z.number().int() }),
      availability: z
        .object({
          shipsImmediately: z.boolean().describe('A request now gets a unit at once and goes to the dispatch queue'),
          waitingRequests: z.number().int().min(0).describe('Requests already waiting for a unit of this product; a new one waits behind them'),
        })
        .describe('From the warehouse’s stock when the catalog was read'),
      fees: z.object({
        examinationFee: minor,
        outOfWarrantyFee: minor,
        planServiceFee: minor.nullable(),
        labourRatePerHour: minor,
        lateReturnFee: minor,
      }),
    }),
  ),
});

export const webhookAckSchema = z.object({
  received: z.number().int(),
  delivered: z.number().int(),
  duplicates: z.number().int().describe('Events already received before (a redelivery); not acted on again'),
  ignored: z.number().int().describe('Events for no open replacement, or of no interest'),
});

export const sessionSchema = z.object({
  sub: z.string(),
  role: z.enum(ROLES),
  name: z.string().describe('For display; with a bearer token, the subject'),
  csrfToken: z.string().optional().describe('Send it as X-CSRF-Token on every POST made with the session cookie; absent with a bearer token'),
  mode: z.enum(SESSION_MODES).optional().describe('How the browser signed in; absent with a bearer token'),
  expiresAt: z.string().optional().describe('When the session ends if unused (idle or absolute timeout, whichever is first); absent with a bearer token'),
});

export const portalConfigSchema = z.object({
  payments: z.object({
    provider: z.enum(PAYMENT_PROVIDERS).describe('sandbox: the payment sandbox’s test cards; stripe: Stripe’s Payment Element'),
    publishableKey: z.string().optional().describe('With stripe: the key Stripe.js is loaded with; absent when the service has none configured'),
  }),
});

export const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

// ---- reconciliation ---------------------------------------------------------------------------

export const findingsQuerySchema = z.strictObject({
  open: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const findingSchema = z.object({
  id: z.number().int(),
  runAt: z.string(),
  replacementId: z.string(),
  kind: z.string(),
  ledgerAmount: z.number().int().nullable(),
  providerAmount: z.number().int().nullable(),
  providerRef: z.string().nullable(),
  detail: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable().describe('Subject of who resolved it; null while open (or resolved before this was kept)'),
  resolutionNote: z.string().nullable().describe('Why it needs no further action; null while open'),
});

export const findingsListSchema = z.object({ items: z.array(findingSchema) });

export const findingParamsSchema = z.strictObject({ id: z.string().regex(/^[1-9][0-9]{0,14}$/, 'a finding id') });

export const findingResolutionSchema = z.strictObject({
  note: text(1000).describe('What was done, or why nothing needs doing (1–1000 characters)'),
});

// ---- staff console ----------------------------------------------------------------------------

export const inspectionPreviewSchema = z.object({
  currency: z.literal('NOK'),
  holdAmount: minor,
  capture: minor.describe('What the inspection would capture of the hold'),
  release: minor.describe('What it would release'),
  resolution: z.enum(RESOLUTIONS),
  basis: z.string().describe('The settlement’s reason, as the ledger, the email and the timeline would say it'),
});

export const caseSearchQuerySchema = z.strictObject({
  q: z
    .string({ error: 'q is required: a service number, email, serial number or tracking number' })
    .trim()
    .min(1, 'must not be empty: a service number, email, serial number or tracking number')
    .max(200, 'at most 200 characters')
    // PostgreSQL cannot take a NUL in text, and no number or address has a control character.
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters: a service number, email, serial number or tracking number'),
});

export const caseSearchSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: z.enum(STATUSES),
      productName: z.string().nullable(),
      customerEmail: z.string(),
      serialNumber: z.string(),
      replacementSerialNumber: z.string().nullable(),
      createdAt: instant,
    }),
  ),
});

export const caseDetailsSchema = z.object({
  id: z.string(),
  ledger: z.array(
    z.object({
      at: instant,
      kind: z.enum(LEDGER_KINDS),
      amount: minor,
      currency: z.string(),
      provider: z.string(),
      providerRef: z.string().nullable(),
      note: z.string().nullable(),
      idempotencyKey: z.string(),
    }),
  ),
  emails: z.array(z.object({ template: z.enum(EMAIL_TEMPLATES), to: z.string(), sentAt: instant, state: z.enum(SENT_EMAIL_STATES) })),
  workflowUrl: z.string().nullable().describe('The workflow in the Temporal UI; null when no UI address is configured (TEMPORAL_UI_URL)'),
});

// ---- finance actions -----------------------------------------------------------------------------

export const goodwillRefundSchema = z.strictObject({
  amount: z.number().int('must be a whole number of øre').positive('must be more than 0').describe('Amount to refund in minor units (øre)'),
  reason: text(500).describe('Why, in words the customer will read in the refund email'),
});

export const financeActionSchema = z.object({
  id: z.string(),
  kind: z.enum(FINANCE_ACTION_KINDS),
  amount: minor,
  currency: z.literal('NOK'),
  reason: z.string().nullable(),
  outcome: z.enum(FINANCE_ACTION_OUTCOMES),
  actor: actorSchema,
  at: instant,
  providerRef: z.string().nullable().describe('The payment provider’s refund or payment id'),
});

export const goodwillRefundResponseSchema = z.object({
  action: financeActionSchema,
  refundable: minor.describe('What can still be refunded after this refund'),
});
export const collectionRetryResponseSchema = z.object({ action: financeActionSchema });
export const financeActionsListSchema = z.object({ items: z.array(financeActionSchema) });

// ---- stock ------------------------------------------------------------------------------------

export const skuParamsSchema = z.strictObject({ sku: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'a SKU, e.g. IP17P-256') });

const stockNote = z.string().trim().max(500).optional().describe('Free text for the journal, e.g. a delivery note number');

export const stockReceiptSchema = z.strictObject({
  quantity: z
    .number({ error: 'a whole number of units' })
    .int('a whole number of units')
    .min(1, 'at least 1 unit')
    .max(MAX_UNITS_PER_MOVEMENT, `at most ${MAX_UNITS_PER_MOVEMENT} units in one receipt`)
    .describe('Units received into stock'),
  note: stockNote,
});

export const stockAdjustmentSchema = z.strictObject({
  quantity: z
    .number({ error: 'a whole number of units' })
    .int('a whole number of units')
    .min(-MAX_UNITS_PER_MOVEMENT, `at most ${MAX_UNITS_PER_MOVEMENT} units in one adjustment`)
    .max(MAX_UNITS_PER_MOVEMENT, `at most ${MAX_UNITS_PER_MOVEMENT} units in one adjustment`)
    .refine((n) => n !== 0, 'an adjustment changes the count: use a positive or negative number of units')
    .describe('Units added (positive, e.g. found) or taken out (negative, e.g. damaged)'),
  reason: z.enum(STOCK_ADJUSTMENT_REASONS),
  note: stockNote,
});

export const stockMovementsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'a movement id from a previous page')
    .optional()
    .describe('Continue with movements older than this id'),
});

const skuStockSchema = z.object({
  sku: z.string(),
  name: z.string().nullable().describe('null: stocked, but no longer in the catalog'),
  onHand: z.number().int().describe('Units in the warehouse'),
  reserved: z.number().int().describe('Units promised to replacements not yet dispatched'),
  available: z.number().int().describe('onHand − reserved'),
  waiting: z.number().int().describe('Replacements waiting in line for a unit'),
});

export const stockListSchema = z.object({ items: z.array(skuStockSchema) });

const stockMovementSchema = z.object({
  id: z.string(),
  sku: z.string(),
  kind: z.enum(STOCK_MOVEMENT_KINDS),
  quantity: z.number().int(),
  onHandAfter: z.number().int(),
  reason: z.enum(STOCK_ADJUSTMENT_REASONS).nullable(),
  note: z.string().nullable(),
  actor: z.string().nullable(),
  reference: z.string().nullable().describe('For a shipment: the service number it left for'),
  at: instant,
});

export const stockMovementsSchema = z.object({
  items: z.array(stockMovementSchema),
  nextBefore: z.string().nullable().describe('Pass as `before` for older movements; null on the last page'),
});

export const stockChangeResponseSchema = z.object({
  movement: stockMovementSchema,
  stock: skuStockSchema,
  woken: z.array(z.string()).describe('Service numbers of the waiting replacements told a unit is there, longest waiting first'),
  wakePending: z
    .literal(true)
    .optional()
    .describe(
      'The change is recorded, but the waiting replacements could not be told now; they find the units at their next check (within 6 hours), or repeat the request with the same Idempotency-Key',
    ),
});

// ---- device review ----------------------------------------------------------------------------

export const reviewSchema = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS).describe('`approve`: the unit may ship; `reject`: the request is cancelled and the hold released'),
  note: z.string().trim().max(1000).optional().describe('What the reviewer found; kept in the timeline'),
});

export const flagDeviceSchema = z.strictObject({
  serialNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,40}$/, '3–40 letters, digits or dashes, as printed on the device'),
  reason: z.enum(DEVICE_FLAG_REASONS),
  note: z.string().trim().max(1000).optional(),
});

const flaggedDeviceSchema = z.object({
  serial: z.string().describe('Normalized: trimmed, upper-case'),
  reason: z.enum(DEVICE_FLAG_REASONS),
  note: z.string().nullable(),
  flaggedBy: z.string(),
  flaggedAt: instant,
});

export const flaggedDevicesSchema = z.object({ items: z.array(flaggedDeviceSchema) });
export const flaggedDeviceResponseSchema = flaggedDeviceSchema;

export const dispatchQueueQuerySchema = z.strictObject({
  review: z.enum(DISPATCH_REVIEW_FILTERS).optional().describe('`required`: only those waiting for review; `clear`: only those that may ship'),
});
