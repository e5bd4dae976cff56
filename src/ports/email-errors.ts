// Errors the email activity can tell apart. Anything else thrown by the sender (connection refused,
// timeouts, 4xx greylisting) is transient and left for Temporal's retry policy.

export type PermanentEmailReason =
  | 'recipient_rejected' // 5xx to RCPT TO: the mailbox does not exist or refuses us
  | 'message_rejected' // 5xx to MAIL FROM or DATA: content or sender refused
  | 'invalid_address' // the address cannot be sent to at all
  | 'invalid_data'; // template data missing or malformed: a caller bug, a retry renders the same

/**
 * A failure that a retry cannot fix. Its `name` is the error type the workflow lists as
 * non-retryable (`NON_RETRYABLE_ERRORS.emailPermanent` in workflows/definitions.ts), so an
 * activity that simply rethrows it stops Temporal from retrying.
 */
export class PermanentEmailError extends Error {
  constructor(
    message: string,
    readonly reason: PermanentEmailReason,
    readonly details: { responseCode?: number; command?: string; response?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmailPermanent';
  }
}

/** Template data failed validation; `problems` names each field and what it expects. */
export class EmailTemplateDataError extends PermanentEmailError {
  constructor(
    readonly template: string,
    readonly problems: string[],
  ) {
    super(`email template "${template}": ${problems.join('; ')}`, 'invalid_data');
  }
}
