// Which idempotency keys have been mailed, so a retried or replayed email activity returns the first
// result instead of mailing the customer again. A key is claimed (`sending`) at the SMTP commit
// point — envelope and body transferred, final "." not yet sent — and confirmed (`sent`) when the
// server accepts the message. The claim is what makes a crash between "accepted" and "recorded"
// harmless: the retry finds it and does not send a second copy.
import type { SentEmailState } from '../domain/vocabulary';
import type { EmailTemplate } from './mailer';

export type { SentEmailState } from '../domain/vocabulary';

export interface SentEmailRecord {
  messageId: string;
  template: EmailTemplate;
  to: string;
  /** ISO instant of the claim, just before the message was committed to the SMTP server. */
  sentAt: string;
  state: SentEmailState;
}

export type SentEmailClaim = Omit<SentEmailRecord, 'state'>;

/** The emails sent for one replacement: their keys begin with its workflow id (activities/context.ts). */
export interface SentEmailReader {
  /** Oldest first. */
  forWorkflow(workflowId: string, limit: number): Promise<SentEmailRecord[]>;
}

export interface SentEmailStore {
  get(idempotencyKey: string): Promise<SentEmailRecord | undefined>;
  /** Records the key as `sending` unless a record exists; true when this call made the record. */
  claim(idempotencyKey: string, record: SentEmailClaim): Promise<boolean>;
  /** The server accepted the message: `sending` → `sent`. */
  confirm(idempotencyKey: string): Promise<void>;
  /** The server refused the message (or never got the "."): drop a `sending` claim so a retry may send. */
  release(idempotencyKey: string): Promise<void>;
}
