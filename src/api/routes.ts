// The route table (DESIGN §6). Registration, the authorization check and the OpenAPI document
// are all generated from this one array.
import { z } from 'zod';
import { ROLES, STAFF_ROLES, type Role } from './auth';
import { renderDocsPage } from './docs-page';
import { financeSummary, ledgerCsv, listFindings, listHolds, resolveFinding } from './handlers/finance';
import { caseDetails, previewInspectionFee, searchCases } from './handlers/staff';
import { listFinanceActions, refundReplacement, retryCollection } from './handlers/finance-actions';
import { getCatalog } from './handlers/catalog';
import { healthz, metrics, readyz } from './handlers/ops';
import {
  cancelReplacement,
  createReplacement,
  dispatchReplacement,
  getReplacement,
  listReplacements,
  recordInspection,
  recordReceipt,
  recordReview,
} from './handlers/replacements';
import { dispatchQueue, flagDevice, incomingReturns, listFlaggedDevices } from './handlers/warehouse';
import { listStock, listStockMovements, recordStockAdjustment, recordStockReceipt } from './handlers/stock';
import { getLabel } from './handlers/labels';
import { getPortalConfig } from './handlers/portal-config';
import { getSession } from './handlers/session';
import { MAX_CREATE_WAIT_SECONDS } from './handlers/replacements';
import { carrierWebhook, stripeWebhook } from './handlers/webhooks';
import { buildOpenApiDocument } from './openapi';
import { route, type RouteSpec } from './route-table';
import {
  cancelSchema,
  caseDetailsSchema,
  caseSearchQuerySchema,
  caseSearchSchema,
  collectionRetryResponseSchema,
  financeActionsListSchema,
  goodwillRefundResponseSchema,
  goodwillRefundSchema,
  catalogSchema,
  createdReplacementSchema,
  createReplacementResponseSchema,
  createReplacementSchema,
  dispatchQueueQuerySchema,
  dispatchQueueSchema,
  flagDeviceSchema,
  flaggedDeviceResponseSchema,
  flaggedDevicesSchema,
  reviewSchema,
  dispatchSchema,
  financeSummaryQuerySchema,
  financeSummarySchema,
  findingParamsSchema,
  findingResolutionSchema,
  findingSchema,
  findingsListSchema,
  findingsQuerySchema,
  healthSchema,
  holdsListSchema,
  holdsQuerySchema,
  idempotencyKeySchema,
  idParamsSchema,
  labelParamsSchema,
  labelQuerySchema,
  incomingReturnsSchema,
  inspectionPreviewSchema,
  inspectionSchema,
  listReplacementsQuerySchema,
  periodQuerySchema,
  preferSchema,
  receiptSchema,
  replacementListSchema,
  skuParamsSchema,
  stockAdjustmentSchema,
  stockChangeResponseSchema,
  stockListSchema,
  stockMovementsQuerySchema,
  stockMovementsSchema,
  stockReceiptSchema,
  replacementViewSchema,
  portalConfigSchema,
  sessionSchema,
  webhookAckSchema,
} from './schemas';

const ANY_USER = ROLES;
const STAFF = STAFF_ROLES as readonly [Role, ...Role[]];
const WAREHOUSE = ['warehouse', 'admin'] as const satisfies readonly Role[];
const FINANCE = ['finance', 'admin'] as const satisfies readonly Role[];

const view = (description: string) =>
  [{ status: 200, description, schema: replacementViewSchema }] as [{ status: number; description: string; schema: z.ZodType }];

/** Dispatch, receipt and inspection: a retried submit gets the first answer rather than a 409. */
const submitKey = (what: string) => [
  {
    name: 'Idempotency-Key',
    required: false,
    description: `Optional, unique per ${what} (e.g. a UUID): a retry with the same key gets the first answer instead of a 409`,
    schema: idempotencyKeySchema,
  },
];
const SUBMIT_KEY_NOTE =
  'With an `Idempotency-Key` header the submit is idempotent: it becomes the workflow update’s id, so a retry with the same key ' +
  '(a lost answer, a double click) returns the first answer (200, the same view) instead of being refused as already done. ' +
  'A key is bound to this command; use a new key for a new submit.';

const OPENAPI_PATH = '/openapi.json';

let openApiCache: object | undefined;
export function openApiDocument(): object {
  openApiCache ??= buildOpenApiDocument(ROUTES);
  return openApiCache;
}

export const ROUTES: readonly RouteSpec[] = [
  // ---- who is calling --------------------------------------------------------------------
  route({
    method: 'get',
    path: '/v1/session',
    operationId: 'getSession',
    tag: 'Session',
    summary: 'The signed-in user: subject, role, name, and the CSRF token for writes',
    description:
      'With the `er_session` cookie (set by the sign-in under /auth): the session, its CSRF token and when it ends if unused. ' +
      'Every POST made with the cookie must send that token as `X-CSRF-Token` and come from this service’s own pages ' +
      '(`Origin` or `Sec-Fetch-Site: same-origin`), or it is refused with 403 `csrf`. With a bearer token: its subject and role. ' +
      'Without either, or when the session has ended (idle or absolute timeout, sign-out), 401.',
    roles: ANY_USER,
    responses: [{ status: 200, description: 'The caller', schema: sessionSchema }],
    handler: getSession,
  }),
  route({
    method: 'get',
    path: '/v1/portal/config',
    operationId: 'getPortalConfig',
    tag: 'Session',
    summary: 'What the web pages need before they draw the card step',
    description: 'Which payment provider takes the card in the browser, and for Stripe the publishable key Stripe.js is loaded with.',
    roles: 'public',
    responses: [{ status: 200, description: 'The portal’s configuration', schema: portalConfigSchema }],
    handler: getPortalConfig,
  }),
  // ---- customers and staff ---------------------------------------------------------------
  route({
    method: 'post',
    path: '/v1/replacements',
    operationId: 'createReplacement',
    tag: 'Replacements',
    summary: 'Request an express replacement',
    description:
      'Starts a replacement: eligibility, a card hold for the retail price, then the dispatch queue. ' +
      'Retrying with the same Idempotency-Key and body returns the same replacement (200); the same key with a different body is refused (422). ' +
      `With \`Prefer: wait=N\` (RFC 7240; N seconds, at most ${MAX_CREATE_WAIT_SECONDS}) the answer waits until the hold is decided — ` +
      'the status has left `pending_authorization` (`awaiting_dispatch`, `awaiting_stock`, `declined`, `ineligible`, `cancelled`) — and carries the full ' +
      'replacement with `href` and `Preference-Applied: wait=N`; when it is not decided within N seconds the answer is 202 and `Location` is the ' +
      'place to follow it. Without the preference (or with one that is malformed or zero, which is ignored) the answer comes at once. ' +
      'One device has at most one open replacement, across all customers: a request for a serial number (compared trimmed and ' +
      'upper-cased) that another open replacement holds is refused with 409 `device-has-open-replacement` — naming that service number ' +
      '(`existingId`) only to its owner. A customer who already has as many open replacements as the merchant allows (a policy term, ' +
      '3 in the shipped policy) is refused with 409 `too-many-open-replacements`. A request for a serial the warehouse has flagged, or ' +
      'for a unit already returned under another replacement, is accepted but waits for review (flag `review_required`).',
    roles: ['customer'],
    bodySchema: createReplacementSchema,
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description: 'Unique per request (e.g. a UUID); the service number is derived from it',
        schema: idempotencyKeySchema,
      },
      {
        name: 'Prefer',
        required: false,
        description: `\`wait=N\`: answer once the hold is decided, waiting at most N seconds (capped at ${MAX_CREATE_WAIT_SECONDS}); other preferences are ignored`,
        schema: preferSchema,
      },
    ],
    responses: [
      {
        status: 201,
        description: 'Started; `Location` points at the replacement. With `Prefer: wait`: the full replacement, its hold decided',
        schema: createReplacementResponseSchema,
      },
      {
        status: 200,
        description: 'Already started by an identical request with this key (with `Prefer: wait`: the full replacement, its hold decided)',
        schema: createReplacementResponseSchema,
      },
      {
        status: 202,
        description: 'With `Prefer: wait`: started, but the hold was not decided within the wait; follow `Location`',
        schema: createdReplacementSchema,
      },
    ],
    problems: [409, 429],
    handler: createReplacement,
  }),
  route({
    method: 'get',
    path: '/v1/catalog',
    operationId: 'getCatalog',
    tag: 'Catalog',
    summary: 'Products offered for express replacement, with fees and terms',
    roles: ANY_USER,
    responses: [{ status: 200, description: 'The catalog under the policy version in force', schema: catalogSchema }],
    handler: getCatalog,
  }),
  route({
    method: 'get',
    path: '/v1/replacements/:id',
    operationId: 'getReplacement',
    tag: 'Replacements',
    summary: 'A replacement’s full status, money, deadlines and timeline',
    description: 'Fresh from the running replacement; once its workflow history has expired, its last recorded state.',
    roles: ANY_USER,
    ownerOnly: true,
    paramsSchema: idParamsSchema,
    responses: view('The replacement'),
    problems: [404, 503],
    handler: getReplacement,
  }),
  route({
    method: 'get',
    path: '/v1/replacements',
    operationId: 'listReplacements',
    tag: 'Replacements',
    summary: 'List replacements, optionally by status',
    description:
      'Newest request first. The cursor continues after the last item of the previous page, so paging returns each ' +
      'replacement once even while new ones are requested. Lists may trail the replacement itself by a moment.',
    roles: STAFF,
    querySchema: listReplacementsQuerySchema,
    responses: [{ status: 200, description: 'A page of replacements', schema: replacementListSchema }],
    handler: listReplacements,
  }),
  route({
    method: 'post',
    path: '/v1/replacements/:id/cancel',
    operationId: 'cancelReplacement',
    tag: 'Replacements',
    summary: 'Cancel before dispatch (the hold and stock are released)',
    roles: ANY_USER,
    ownerOnly: true,
    paramsSchema: idParamsSchema,
    bodySchema: cancelSchema,
    bodyOptional: true,
    responses: view('Cancelled'),
    problems: [404, 409, 429, 503],
    handler: cancelReplacement,
  }),

  // ---- warehouse -------------------------------------------------------------------------
  route({
    method: 'post',
    path: '/v1/replacements/:id/dispatch',
    operationId: 'dispatchReplacement',
    tag: 'Warehouse',
    summary: 'Confirm the replacement unit has shipped',
    description: SUBMIT_KEY_NOTE,
    roles: WAREHOUSE,
    paramsSchema: idParamsSchema,
    bodySchema: dispatchSchema,
    headers: submitKey('dispatch'),
    responses: view('Dispatched; the return deadline runs'),
    problems: [400, 404, 409, 503],
    handler: dispatchReplacement,
  }),
  route({
    method: 'post',
    path: '/v1/replacements/:id/receipt',
    operationId: 'recordReceipt',
    tag: 'Warehouse',
    summary: 'Confirm the original unit has arrived (its serial number must match)',
    description: SUBMIT_KEY_NOTE,
    roles: WAREHOUSE,
    paramsSchema: idParamsSchema,
    bodySchema: receiptSchema,
    headers: submitKey('receipt'),
    responses: view('Received; awaiting inspection'),
    problems: [400, 404, 409, 503],
    handler: recordReceipt,
  }),
  route({
    method: 'post',
    path: '/v1/replacements/:id/inspection',
    operationId: 'recordInspection',
    tag: 'Warehouse',
    summary: 'Record the inspection; the hold is settled accordingly',
    description: SUBMIT_KEY_NOTE,
    roles: WAREHOUSE,
    paramsSchema: idParamsSchema,
    bodySchema: inspectionSchema,
    headers: submitKey('inspection'),
    responses: view('Inspected and settled'),
    problems: [400, 404, 409, 503],
    handler: recordInspection,
  }),
  route({
    method: 'post',
    path: '/v1/replacements/:id/inspection/preview',
    operationId: 'previewInspection',
    tag: 'Warehouse',
    summary: 'What an inspection would capture and release, without recording it',
    description:
      'Takes the inspection’s body and acts on nothing: the settlement the inspection would make now, by the same rule and under ' +
      'the terms the replacement pinned when it was assessed. 409 (with the reason the inspection would be refused) when the ' +
      'replacement is not awaiting inspection; 422 when the policy cannot settle this inspection, with the inspection’s own message.',
    roles: WAREHOUSE,
    paramsSchema: idParamsSchema,
    bodySchema: inspectionSchema,
    responses: [{ status: 200, description: 'The settlement the inspection would make', schema: inspectionPreviewSchema }],
    problems: [404, 409, 503],
    handler: previewInspectionFee,
  }),
  route({
    method: 'get',
    path: '/v1/warehouse/dispatch-queue',
    operationId: 'getDispatchQueue',
    tag: 'Warehouse',
    summary: 'What to ship now, oldest SLA first',
    description: 'Those waiting for staff review (`reviewRequired`) cannot be shipped until approved; `review=required` lists only them.',
    roles: WAREHOUSE,
    querySchema: dispatchQueueQuerySchema,
    responses: [{ status: 200, description: 'Replacements awaiting dispatch', schema: dispatchQueueSchema }],
    handler: dispatchQueue,
  }),
  route({
    method: 'post',
    path: '/v1/replacements/:id/review',
    operationId: 'recordReview',
    tag: 'Warehouse',
    summary: 'Approve or reject a request sent to review (a flagged serial, or a unit already returned once)',
    description:
      '`approve`: the flag `review_required` is cleared and the unit may ship. `reject`: the request is cancelled, the stock and the ' +
      'card hold released in full, and the customer told. Both are in the timeline with the reviewer. 409 when the replacement is not ' +
      'waiting for review (or already decided).',
    roles: WAREHOUSE,
    paramsSchema: idParamsSchema,
    bodySchema: reviewSchema,
    responses: view('Decided'),
    problems: [404, 409, 503],
    handler: recordReview,
  }),
  route({
    method: 'post',
    path: '/v1/warehouse/flagged-devices',
    operationId: 'flagDevice',
    tag: 'Warehouse',
    summary: 'Flag a serial number (a known counterfeit, reported stolen): requests for it wait for review',
    description: 'Flagging the same serial again replaces its reason and note.',
    roles: WAREHOUSE,
    bodySchema: flagDeviceSchema,
    responses: [{ status: 201, description: 'Flagged', schema: flaggedDeviceResponseSchema }],
    handler: flagDevice,
  }),
  route({
    method: 'get',
    path: '/v1/warehouse/flagged-devices',
    operationId: 'listFlaggedDevices',
    tag: 'Warehouse',
    summary: 'Flagged serial numbers, most recently flagged first',
    roles: WAREHOUSE,
    responses: [{ status: 200, description: 'Flagged devices', schema: flaggedDevicesSchema }],
    handler: listFlaggedDevices,
  }),
  route({
    method: 'get',
    path: '/v1/warehouse/incoming-returns',
    operationId: 'getIncomingReturns',
    tag: 'Warehouse',
    summary: 'Returns to expect: dispatched and in transit',
    roles: WAREHOUSE,
    responses: [{ status: 200, description: 'Replacements whose original is on its way or due', schema: incomingReturnsSchema }],
    handler: incomingReturns,
  }),

  route({
    method: 'get',
    path: '/v1/warehouse/stock',
    operationId: 'getStock',
    tag: 'Stock',
    summary: 'Stock per product: on hand, reserved, available, and replacements waiting for a unit',
    description: 'Every product in the catalog, stocked or not, then any stocked SKU that has left the catalog.',
    roles: WAREHOUSE,
    responses: [{ status: 200, description: 'Stock levels', schema: stockListSchema }],
    handler: listStock,
  }),
  route({
    method: 'post',
    path: '/v1/warehouse/stock/:sku/receipts',
    operationId: 'recordStockReceipt',
    tag: 'Stock',
    summary: 'Units received into stock; wakes the replacements waiting for them',
    description:
      'Adds `quantity` units and journals the receipt. Replacements waiting for this product are then told a unit is there, ' +
      'the longest waiting first and as many as there are available units; each takes its unit and joins the dispatch queue ' +
      '(`woken` lists them). A repeat with the same Idempotency-Key and body answers 200 with the first result and adds nothing; ' +
      'the same key with another body is refused (422).',
    roles: WAREHOUSE,
    paramsSchema: skuParamsSchema,
    bodySchema: stockReceiptSchema,
    headers: [
      { name: 'Idempotency-Key', required: true, description: 'Unique per receipt (e.g. the delivery note number or a UUID)', schema: idempotencyKeySchema },
    ],
    responses: [
      { status: 201, description: 'Received', schema: stockChangeResponseSchema },
      { status: 200, description: 'Already received with this key; nothing added', schema: stockChangeResponseSchema },
    ],
    problems: [404, 409],
    handler: recordStockReceipt,
  }),
  route({
    method: 'post',
    path: '/v1/warehouse/stock/:sku/adjustments',
    operationId: 'recordStockAdjustment',
    tag: 'Stock',
    summary: 'Correct the count with a reason (damaged, lost, found, count correction, returned to supplier)',
    description:
      'A journalled correction, never an edit: positive adds units, negative takes them out. Units reserved for replacements ' +
      'cannot be taken (409 `insufficient-stock`, nothing changed). Units added wake waiting replacements as a receipt does. ' +
      'Idempotent per Idempotency-Key like a receipt.',
    roles: WAREHOUSE,
    paramsSchema: skuParamsSchema,
    bodySchema: stockAdjustmentSchema,
    headers: [{ name: 'Idempotency-Key', required: true, description: 'Unique per adjustment (e.g. a UUID)', schema: idempotencyKeySchema }],
    responses: [
      { status: 201, description: 'Adjusted', schema: stockChangeResponseSchema },
      { status: 200, description: 'Already applied with this key; nothing changed', schema: stockChangeResponseSchema },
    ],
    problems: [404, 409],
    handler: recordStockAdjustment,
  }),
  route({
    method: 'get',
    path: '/v1/warehouse/stock/:sku/movements',
    operationId: 'listStockMovements',
    tag: 'Stock',
    summary: 'The stock journal of one product, newest first',
    description: 'Every change of the units on hand: the seed of a demo, receipts, adjustments with their reason, and each unit shipped as a replacement.',
    roles: WAREHOUSE,
    paramsSchema: skuParamsSchema,
    querySchema: stockMovementsQuerySchema,
    responses: [{ status: 200, description: 'Movements', schema: stockMovementsSchema }],
    problems: [404],
    handler: listStockMovements,
  }),

  // ---- staff console ---------------------------------------------------------------------
  route({
    method: 'get',
    path: '/v1/staff/cases',
    operationId: 'searchCases',
    tag: 'Staff',
    summary: 'Find a case by service number, customer email, serial number or tracking number',
    description:
      '`q` is trimmed and compared case-insensitively, as a whole, with the service number, the customer’s email, the original ' +
      'device’s serial, the replacement unit’s serial, and the outbound and return tracking numbers. At most 50, newest first, ' +
      'from the read model (which may trail a replacement by a moment).',
    roles: STAFF,
    querySchema: caseSearchQuerySchema,
    responses: [{ status: 200, description: 'Matching cases', schema: caseSearchSchema }],
    handler: searchCases,
  }),
  route({
    method: 'get',
    path: '/v1/staff/cases/:id',
    operationId: 'getCaseDetails',
    tag: 'Staff',
    summary: 'A case’s money and emails, and its workflow in the Temporal UI',
    description:
      'The ledger rows of the replacement (oldest first), the emails sent for it with their delivery state, and `workflowUrl`, ' +
      'the workflow’s page in the Temporal UI (null when TEMPORAL_UI_URL is not set).',
    roles: STAFF,
    paramsSchema: idParamsSchema,
    responses: [{ status: 200, description: 'The case', schema: caseDetailsSchema }],
    problems: [404, 503],
    handler: caseDetails,
  }),

  // ---- finance ---------------------------------------------------------------------------
  route({
    method: 'get',
    path: '/v1/finance/holds',
    operationId: 'listHolds',
    tag: 'Finance',
    summary: 'Card holds by state',
    description:
      '`active` and `expiring` soonest lapse first, the others most recently changed first. `expiring`: active holds ' +
      'whose authorization lapses before the return deadline plus 48 hours (before now plus 48 hours while there is no ' +
      'deadline yet), so it must be renewed before the replacement can be settled.',
    roles: FINANCE,
    querySchema: holdsQuerySchema,
    responses: [{ status: 200, description: 'Holds with their ledger totals', schema: holdsListSchema }],
    handler: listHolds,
  }),
  route({
    method: 'get',
    path: '/v1/finance/summary',
    operationId: 'getFinanceSummary',
    tag: 'Finance',
    summary: 'Ledger totals and replacement counts for a period, by currency',
    description: 'With `bucket=day` or `bucket=week`, also `series`: NOK movements per Oslo day or ISO week (Monday start) of the period, zero-filled.',
    roles: FINANCE,
    querySchema: financeSummaryQuerySchema,
    responses: [{ status: 200, description: 'Totals in minor units', schema: financeSummarySchema }],
    handler: financeSummary,
  }),
  route({
    method: 'get',
    path: '/v1/finance/ledger.csv',
    operationId: 'exportLedger',
    tag: 'Finance',
    summary: 'The ledger for a period as CSV (spreadsheet-safe)',
    roles: FINANCE,
    querySchema: periodQuerySchema,
    responses: [{ status: 200, description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' }],
    handler: ledgerCsv,
  }),
  route({
    method: 'get',
    path: '/v1/finance/reconciliation',
    operationId: 'listReconciliationFindings',
    tag: 'Finance',
    summary: 'Mismatches between the ledger and the payment provider',
    description: 'Found by the daily reconciliation (a Temporal Schedule, 03:00 Oslo). Open findings by default; `open=false` lists resolved ones too.',
    roles: FINANCE,
    querySchema: findingsQuerySchema,
    responses: [{ status: 200, description: 'Findings, newest first', schema: findingsListSchema }],
    handler: listFindings,
  }),
  route({
    method: 'post',
    path: '/v1/finance/reconciliation/:id/resolution',
    operationId: 'resolveReconciliationFinding',
    tag: 'Finance',
    summary: 'Resolve a reconciliation finding with a note',
    description: 'Keeps who resolved it (the caller’s subject), when, and the note. A resolved finding stays resolved: a second resolution is refused (409).',
    roles: FINANCE,
    paramsSchema: findingParamsSchema,
    bodySchema: findingResolutionSchema,
    responses: [{ status: 200, description: 'The resolved finding', schema: findingSchema }],
    problems: [404, 409],
    handler: resolveFinding,
  }),

  route({
    method: 'post',
    path: '/v1/replacements/:id/refunds',
    operationId: 'refundReplacement',
    tag: 'Finance',
    summary: 'Refund part or all of what was collected, out of goodwill',
    description:
      'Refunds `amount` on the replacement’s payment, at most what was collected and not yet refunded ' +
      '(captured + charged − refunded, from the ledger; refunds under way count too). Beyond that, or when nothing was collected, ' +
      '409 saying the most that can be refunded. The refund, its ledger row and the customer’s email (amount and reason) are ' +
      'carried out by the worker; the answer waits for the provider. The same Idempotency-Key again answers the same and never ' +
      'refunds twice (`Idempotent-Replayed: true`); with a different body it is refused (422). 503 while the refund is still under way: ' +
      'repeat with the same key.',
    roles: FINANCE,
    paramsSchema: idParamsSchema,
    bodySchema: goodwillRefundSchema,
    headers: [{ name: 'Idempotency-Key', required: true, description: 'Unique per refund (e.g. a UUID)', schema: idempotencyKeySchema }],
    responses: [{ status: 201, description: 'Refunded; `refundable` is what can still be refunded', schema: goodwillRefundResponseSchema }],
    problems: [404, 409, 503],
    handler: refundReplacement,
  }),
  route({
    method: 'post',
    path: '/v1/replacements/:id/collection-retry',
    operationId: 'retryCollection',
    tag: 'Finance',
    summary: 'Retry the declined off-session charge of a replacement flagged collection_required',
    description:
      'Charges the saved card again for the amount that was declined. `outcome: collected` clears the flag (the replacement leaves ' +
      'the unsecured holds and shows as charged) and emails the customer; `declined` leaves it flagged and emails nobody. Both are ' +
      'in the ledger. 409 when the replacement is not flagged collection_required, was already collected, or another retry is under way. ' +
      'Idempotent per Idempotency-Key like a refund.',
    roles: FINANCE,
    paramsSchema: idParamsSchema,
    headers: [{ name: 'Idempotency-Key', required: true, description: 'Unique per retry (e.g. a UUID)', schema: idempotencyKeySchema }],
    responses: [{ status: 200, description: 'The retry’s outcome', schema: collectionRetryResponseSchema }],
    problems: [404, 409, 422, 503],
    handler: retryCollection,
  }),
  route({
    method: 'get',
    path: '/v1/replacements/:id/finance-actions',
    operationId: 'listFinanceActions',
    tag: 'Finance',
    summary: 'What finance has done to a replacement’s money: refunds and collection retries, oldest first',
    description: 'Each with who did it, in which role, when and why; actions still under way are not listed.',
    roles: STAFF,
    paramsSchema: idParamsSchema,
    responses: [{ status: 200, description: 'Finance actions', schema: financeActionsListSchema }],
    problems: [404],
    handler: listFinanceActions,
  }),

  // ---- webhooks --------------------------------------------------------------------------
  route({
    method: 'get',
    path: '/v1/labels/:file',
    operationId: 'getLabel',
    tag: 'Shipping',
    summary: 'A shipping label (PDF)',
    description:
      'The link in the dispatch email and in `returnLabel.url`; it carries its own signature (`sig`), so it opens without a token. Without a valid `sig` the answer is 404.',
    roles: 'public',
    paramsSchema: labelParamsSchema,
    querySchema: labelQuerySchema,
    responses: [{ status: 200, description: 'The label', contentType: 'application/pdf' }],
    problems: [400, 404],
    handler: getLabel,
  }),
  route({
    method: 'post',
    path: '/v1/webhooks/carrier',
    operationId: 'carrierWebhook',
    tag: 'Webhooks',
    summary: 'Tracking events from the carrier',
    description: 'Signed: `X-Carrier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; older than 5 minutes is refused.',
    roles: 'signed',
    rawBody: { contentType: 'application/json', description: '`{ "events": [{ eventId, trackingNumber, kind, at, description?, serviceNumber? }] }`' },
    responses: [{ status: 200, description: 'Accepted', schema: webhookAckSchema }],
    problems: [400, 413, 422, 503],
    handler: carrierWebhook,
  }),
  route({
    method: 'post',
    path: '/v1/webhooks/stripe',
    operationId: 'stripeWebhook',
    tag: 'Webhooks',
    summary: 'Payment events from Stripe',
    description: 'Signed with the `Stripe-Signature` header.',
    roles: 'signed',
    rawBody: { contentType: 'application/json', description: 'A Stripe event' },
    responses: [{ status: 200, description: 'Accepted', schema: webhookAckSchema }],
    problems: [400, 413, 503],
    handler: stripeWebhook,
  }),

  // ---- documentation and operations ------------------------------------------------------
  route({
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'getOpenApi',
    tag: 'Meta',
    summary: 'This API’s OpenAPI 3.1 document',
    roles: 'public',
    responses: [{ status: 200, description: 'OpenAPI document', contentType: 'application/json' }],
    handler: ({ res }) => void res.json(openApiDocument()),
  }),
  route({
    method: 'get',
    path: '/docs',
    operationId: 'getDocs',
    tag: 'Meta',
    summary: 'Human-readable API reference (Swagger UI, served from /docs/assets) and the problem types',
    roles: 'public',
    responses: [{ status: 200, description: 'HTML page', contentType: 'text/html' }],
    handler: ({ res }) => void res.type('html').send(renderDocsPage(openApiDocument() as Parameters<typeof renderDocsPage>[0], OPENAPI_PATH)),
  }),
  route({
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    tag: 'Meta',
    summary: 'Liveness',
    roles: 'public',
    responses: [{ status: 200, description: 'The process is running', schema: healthSchema }],
    handler: healthz,
  }),
  route({
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    tag: 'Meta',
    summary: 'Readiness: Temporal and the database reachable, not shutting down',
    roles: 'public',
    responses: [{ status: 200, description: 'Ready', schema: healthSchema }],
    problems: [503],
    handler: readyz,
  }),
  route({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tag: 'Meta',
    summary: 'Prometheus metrics',
    roles: 'public',
    responses: [{ status: 200, description: 'Prometheus text format', contentType: 'text/plain' }],
    handler: metrics,
  }),
];
