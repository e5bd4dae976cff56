// Which idempotency keys have been mailed, so a retried or replayed email activity returns the first
// result instead of mailing the customer again. A key is claimed (`sending`) at the SMTP commit
// point — envelope and body transferred, final "." not yet sent — and confirmed (`sent`) when the
// server accepts the message. The claim is what makes a crash between "accepted" and "recorded"
// harmless: the retry finds it and does not send a second copy.
import { JsonDocument } from '../../src/lib/json-file';
import type { SentEmailState } from '../../src/domain/vocabulary';
import type { EmailTemplate } from './mailer';

export type { SentEmailState } from '../../src/domain/vocabulary';

export interface SentEmailRecord {
  messageId: string;
  template: EmailTemplate;
  to: string;
  /** ISO instant of the claim, just before the message was committed to the SMTP server. */
  sentAt: string;
  state: SentEmailState;
}

export type SentEmailClaim = Omit<SentEmailRecord, 'state'>;

export interface SentEmailStore {
  get(idempotencyKey: string): Promise<SentEmailRecord | undefined>;
  /** Records the key as `sending` unless a record exists; true when this call made the record. */
  claim(idempotencyKey: string, record: SentEmailClaim): Promise<boolean>;
  /** The server accepted the message: `sending` → `sent`. */
  confirm(idempotencyKey: string): Promise<void>;
  /** The server refused the message (or never got the "."): drop a `sending` claim so a retry may send. */
  release(idempotencyKey: string): Promise<void>;
}

/** For tests and single-process runs that need no memory across restarts. */
export class InMemorySentEmailStore implements SentEmailStore {
  private readonly records = new Map<string, SentEmailRecord>();

  async get(key: string): Promise<SentEmailRecord | undefined> {
    const r = this.records.get(key);
    return r && { ...r };
  }

  async claim(key: string, record: SentEmailClaim): Promise<boolean> {
    if (this.records.has(key)) return false;
    this.records.set(key, { ...record, state: 'sending' });
    return true;
  }

  async confirm(key: string): Promise<void> {
    const r = this.records.get(key);
    if (r) r.state = 'sent';
  }

  async release(key: string): Promise<void> {
    if (this.records.get(key)?.state === 'sending') this.records.delete(key);
  }
}

export interface FileSentEmailStoreOptions {
  /**
   * Records older than this are dropped on write so the file does not grow forever. It only
   * has to outlast an activity's retries; the default is far longer than any retry policy.
   */
  retentionMs?: number;
  now?: () => number;
}

const DEFAULT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * A JSON file rewritten atomically (temp file + rename) on every change, so it survives restarts and
 * a crash never leaves it half-written. One process per file; the worker uses PostgreSQL.
 */
export class FileSentEmailStore implements SentEmailStore {
  private readonly doc: JsonDocument<Record<string, SentEmailRecord>>;
  private readonly retentionMs: number;
  private readonly now: () => number;

  constructor(path: string, options: FileSentEmailStoreOptions = {}) {
    this.doc = new JsonDocument(path, () => ({}));
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<SentEmailRecord | undefined> {
    const records = this.doc.read();
    if (!Object.prototype.hasOwnProperty.call(records, key)) return undefined;
    // Files written before claims existed hold only sent records.
    return { ...records[key], state: records[key].state ?? 'sent' };
  }

  async claim(key: string, record: SentEmailClaim): Promise<boolean> {
    const cutoff = this.now() - this.retentionMs;
    let claimed = false;
    await this.doc.update((records) => {
      for (const [k, r] of Object.entries(records)) {
        if (Date.parse(r.sentAt) < cutoff) delete records[k];
      }
      if (Object.prototype.hasOwnProperty.call(records, key)) return;
      records[key] = { ...record, state: 'sending' };
      claimed = true;
    });
    return claimed;
  }

  async confirm(key: string): Promise<void> {
    await this.doc.update((records) => {
      if (Object.prototype.hasOwnProperty.call(records, key)) records[key].state = 'sent';
    });
  }

  async release(key: string): Promise<void> {
    await this.doc.update((records) => {
      if (records[key]?.state === 'sending') delete records[key];
    });
  }
}
