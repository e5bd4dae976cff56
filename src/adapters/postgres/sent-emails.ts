// Sent-email records in PostgreSQL: shared by every worker process, kept across restarts. The primary
// key makes the claim atomic: of two attempts that reach the SMTP commit point with one key, one
// inserts the row and commits its message; the other abandons its transaction unsent.
import type pg from 'pg';
import { toTimestamp } from './sql';
import type { EmailTemplate } from '../../ports/mailer';
import type { SentEmailClaim, SentEmailReader, SentEmailRecord, SentEmailState, SentEmailStore } from '../../ports/sent-emails';

interface Row {
  message_id: string;
  template: EmailTemplate;
  recipient: string;
  sent_at: Date;
  state: SentEmailState;
}

export class PgSentEmailStore implements SentEmailStore, SentEmailReader {
  constructor(private readonly pool: pg.Pool) {}

  async forWorkflow(workflowId: string, limit: number): Promise<SentEmailRecord[]> {
    // A prefix match on `<workflowId>:` (LIKE wildcards in the id escaped), served by a text_pattern_ops index.
    const prefix = `${workflowId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
    const { rows } = await this.pool.query<Row>(
      `SELECT message_id, template, recipient, sent_at, state FROM sent_emails
       WHERE idempotency_key LIKE $1 ESCAPE '\\' ORDER BY sent_at, idempotency_key LIMIT $2`,
      [prefix, limit],
    );
    return rows.map(toRecord);
  }

  async get(idempotencyKey: string): Promise<SentEmailRecord | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT message_id, template, recipient, sent_at, state FROM sent_emails WHERE idempotency_key = $1', [
      idempotencyKey,
    ]);
    return rows.length ? toRecord(rows[0]) : undefined;
  }

  async claim(idempotencyKey: string, record: SentEmailClaim): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO sent_emails (idempotency_key, message_id, template, recipient, sent_at, state) VALUES ($1, $2, $3, $4, $5, 'sending')
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [idempotencyKey, record.messageId, record.template, record.to, toTimestamp(record.sentAt)],
    );
    return rowCount === 1;
  }

  async confirm(idempotencyKey: string): Promise<void> {
    await this.pool.query(`UPDATE sent_emails SET state = 'sent', confirmed_at = now() WHERE idempotency_key = $1 AND state = 'sending'`, [idempotencyKey]);
  }

  async release(idempotencyKey: string): Promise<void> {
    await this.pool.query(`DELETE FROM sent_emails WHERE idempotency_key = $1 AND state = 'sending'`, [idempotencyKey]);
  }

  /**
   * Emails whose delivery was never confirmed, claimed before `olderThanMs` (epoch ms): the process
   * died, or the server never answered, after the message was committed. For an operator to check
   * against the mail server's log.
   */
  async unconfirmed(olderThanMs: number): Promise<Array<SentEmailRecord & { idempotencyKey: string }>> {
    const { rows } = await this.pool.query<Row & { idempotency_key: string }>(
      `SELECT idempotency_key, message_id, template, recipient, sent_at, state FROM sent_emails
       WHERE state = 'sending' AND sent_at < $1 ORDER BY sent_at`,
      [toTimestamp(olderThanMs)],
    );
    return rows.map((r) => ({ idempotencyKey: r.idempotency_key, ...toRecord(r) }));
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

function toRecord(r: Row): SentEmailRecord {
  return { messageId: r.message_id, template: r.template, to: r.recipient, sentAt: r.sent_at.toISOString(), state: r.state };
}
