// Email port. Templates are rendered by the email module; the transport only sends.
import type { Locale } from '../domain/types';

export const EMAIL_TEMPLATES = [
  'request_received',
  'hold_placed',
  'declined',
  'ineligible',
  'awaiting_stock',
  'dispatched',
  'return_reminder',
  'return_received',
  'settled',
  'hold_action_needed',
  'not_returned_charged',
  'late_return_refund',
  'goodwill_refund',
  'collection_charged',
  'cancelled',
  'sla_breach', // to the warehouse lead
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

export interface EmailRequest {
  template: EmailTemplate;
  to: string;
  locale: Locale;
  /** Template data: plain JSON (amounts in minor units, instants as epoch ms). */
  data: Record<string, unknown>;
  /** Derived from workflow id + step; a second send with the same key is a no-op. */
  idempotencyKey: string;
}

export interface SentEmail {
  messageId: string;
  duplicate: boolean;
  /** Counted as sent without the server's confirmation (an attempt died after committing it). */
  unconfirmed?: true;
}

export interface EmailSender {
  send(req: EmailRequest): Promise<SentEmail>;
}
