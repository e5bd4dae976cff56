// Claims on provider webhook events, so a redelivered event is acted on once.
export interface WebhookClaims {
  /** True for the first claim of (provider, eventId); false when it was claimed before. */
  claim(provider: string, eventId: string): Promise<boolean>;
  /** Gives a claim back, so a delivery that failed half-way is acted on when it comes again. */
  release(provider: string, eventId: string): Promise<void>;
}
