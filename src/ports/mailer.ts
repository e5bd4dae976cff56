// Email port. Templates are rendered by the email module; the transport only sends.
import type { Locale } from '../domain/types';
import type { EmailTemplate } from '../domain/vocabulary';

export { EMAIL_TEMPLATES, type EmailTemplate } from '../domain/vocabulary';

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
