// What each email template needs. Workflows hand the sender plain JSON (amounts in øre, instants
// as epoch ms), so the shapes are checked at render time: a missing field must fail the activity
// with a message naming the field, not produce an email that says "undefined".
import { z } from 'zod';
import { INSPECTION_OUTCOMES, SERVICE_LEVELS } from '../domain/types';
import { EmailTemplateDataError } from './email-errors';
import { EMAIL_TEMPLATES, type EmailTemplate } from './mailer';

const text = z.string().trim().min(1, 'must be a non-empty string');
const money = z.number().int('must be an integer amount in øre').nonnegative('must not be negative');
/** Epoch ms, or an ISO instant with an offset (what JSON round-trips of Dates produce). */
const INSTANT = 'must be an instant (epoch ms, or ISO 8601 with an offset)';
const instant = z
  .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true, error: INSTANT })], { error: INSTANT })
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));
// Only web links: a `javascript:` or `data:` URL must never become a button in an email.
const link = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const customer = {
  serviceNumber: text,
  productName: text,
  customerName: text.optional(),
};

export const TEMPLATE_SCHEMAS = {
  request_received: z.object({ ...customer, serialNumber: text.optional() }),
  hold_placed: z.object({ ...customer, holdAmount: money }),
  declined: z.object({ ...customer, holdAmount: money }),
  /** `reason`: a known code (see the copy tables) or a sentence shown as is. */
  ineligible: z.object({ ...customer, reason: text }),
  /** `waitEndsAt`: when the request is cancelled and the hold released if no unit has come (absent in emails of older replacements). */
  awaiting_stock: z.object({ ...customer, holdAmount: money, waitEndsAt: instant.optional() }),
  dispatched: z.object({
    ...customer,
    holdAmount: money,
    returnDeadline: instant,
    returnLabelUrl: link,
    carrier: text.optional(),
    trackingNumber: text.optional(),
    trackingUrl: link.optional(),
  }),
  return_reminder: z.object({
    ...customer,
    holdAmount: money,
    returnDeadline: instant,
    returnLabelUrl: link.optional(),
  }),
  return_received: z.object({ ...customer, receivedAt: instant.optional() }),
  settled: z.object({
    ...customer,
    holdAmount: money,
    capturedAmount: money,
    releasedAmount: money,
    outcome: z.enum(INSPECTION_OUTCOMES),
    beyondRepair: z.boolean().optional(),
    labourMinutes: z.number().int().positive().optional(),
    /** The inspector's notes, shown to the customer as the basis of a charge. */
    notes: text.optional(),
  }),
  hold_action_needed: z.object({
    ...customer,
    holdAmount: money,
    returnDeadline: instant.optional(),
    updatePaymentUrl: link.optional(),
  }),
  not_returned_charged: z.object({
    ...customer,
    capturedAmount: money,
    returnDeadline: instant,
    /** A late return arriving by then is refunded less `lateReturnFee`. */
    lateReturnUntil: instant.optional(),
    lateReturnFee: money.optional(),
  }),
  late_return_refund: z
    .object({ ...customer, capturedAmount: money, lateReturnFee: money, refundAmount: money })
    // The email states the arithmetic to the customer, so it has to add up.
    .refine((d) => d.refundAmount === Math.max(0, d.capturedAmount - d.lateReturnFee), {
      path: ['refundAmount'],
      message: 'must equal capturedAmount − lateReturnFee (not below 0)',
    }),
  /** Finance refunded part or all of what was collected; `reason` is finance's own words, shown to the customer. */
  goodwill_refund: z.object({ ...customer, refundAmount: money.positive('must be more than 0'), reason: text }),
  /** A retry of a declined off-session charge went through. */
  collection_charged: z.object({ ...customer, chargedAmount: money.positive('must be more than 0') }),
  cancelled: z.object({ ...customer, holdAmount: money.optional() }),
  sla_breach: z.object({
    serviceNumber: text,
    sku: text,
    dueBy: instant,
    serviceLevel: z.enum(SERVICE_LEVELS),
    productName: text.optional(),
  }),
} satisfies Record<EmailTemplate, z.ZodType>;

type Schemas = typeof TEMPLATE_SCHEMAS;
/** What a caller passes for each template. */
export type TemplateData = { [K in EmailTemplate]: z.input<Schemas[K]> };
/** The same after validation (instants normalized to epoch ms). */
export type ParsedTemplateData = { [K in EmailTemplate]: z.output<Schemas[K]> };

export function isEmailTemplate(t: unknown): t is EmailTemplate {
  return (EMAIL_TEMPLATES as readonly unknown[]).includes(t);
}

/** Validates `data` for `template`; throws EmailTemplateDataError listing every bad field. */
export function parseTemplateData<K extends EmailTemplate>(template: K, data: unknown): ParsedTemplateData[K] {
  if (!isEmailTemplate(template)) {
    throw new EmailTemplateDataError(String(template), [`unknown template; expected one of ${EMAIL_TEMPLATES.join(', ')}`]);
  }
  const result = TEMPLATE_SCHEMAS[template].safeParse(data);
  if (result.success) return result.data as ParsedTemplateData[K];
  const input = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  throw new EmailTemplateDataError(
    template,
    result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.') || '(data)';
      const missing = issue.path.length === 1 && input[String(issue.path[0])] === undefined;
      return missing ? `data.${field} is required` : `data.${field}: ${issue.message}`;
    }),
  );
}
