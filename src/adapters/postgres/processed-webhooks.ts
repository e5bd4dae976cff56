// Webhook deliveries already handled, per provider and event id. Providers redeliver (at least
// once), so a handler claims the event first and acts only on a first claim; if acting fails it
// gives the claim back, so the provider's retry is handled rather than dropped.
import type pg from 'pg';
import { toTimestamp } from './sql';
import type { WebhookClaims } from '../../ports/webhook-claims';

export class ProcessedWebhooks implements WebhookClaims {
  constructor(private readonly pool: pg.Pool) {}

  /** True the first time this event is claimed; false for every redelivery. */
  async claim(provider: string, eventId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO processed_webhooks (provider, event_id) VALUES ($1, $2) ON CONFLICT (provider, event_id) DO NOTHING',
      [provider, eventId],
    );
    return rowCount === 1;
  }

  /** Gives a claim back after the event could not be acted on. */
  async release(provider: string, eventId: string): Promise<void> {
    await this.pool.query('DELETE FROM processed_webhooks WHERE provider = $1 AND event_id = $2', [provider, eventId]);
  }

  /** Forgets events received before `olderThanMs`: providers stop redelivering after days. */
  async prune(olderThanMs: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM processed_webhooks WHERE received_at < $1', [toTimestamp(olderThanMs)]);
    return rowCount ?? 0;
  }
}
