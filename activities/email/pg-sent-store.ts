// Sent-email records in PostgreSQL: shared by every worker process, kept across restarts. The first
// record for a key wins, like the first send it describes.
import type pg from 'pg';
import { toTimestamp } from '../../src/db/sql';
import type { EmailTemplate } from './mailer';
import type { SentEmailRecord, SentEmailStore } from './sent-store';

export class PgSentEmailStore implements SentEmailStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(idempotencyKey: string): Promise<SentEmailRecord | undefined> {
    const { rows } = await this.pool.query<{ message_id: string; template: EmailTemplate; recipient: string; sent_at: Date }>(
      'SELECT message_id, template, recipient, sent_at FROM sent_emails WHERE idempotency_key = $1',
      [idempotencyKey],
    );
    if (rows.length === 0) return undefined;
    const r = rows[0];
    return { messageId: r.message_id, template: r.template, to: r.recipient, sentAt: r.sent_at.toISOString() };
  }

  async put(idempotencyKey: string, record: SentEmailRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO sent_emails (idempotency_key, message_id, template, recipient, sent_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [idempotencyKey, record.messageId, record.template, record.to, toTimestamp(record.sentAt)],
    );
  }

  /**
   * Forgets records older than `olderThanMs` (epoch ms); a record only has to outlast an activity's
   * retries. Returns how many were removed.
   */
  async prune(olderThanMs: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sent_emails WHERE sent_at < $1', [toTimestamp(olderThanMs)]);
    return rowCount ?? 0;
  }
}
