// Remembers which idempotency keys have been sent, so a retried or replayed email activity
// returns the first result instead of mailing the customer again.
import { JsonDocument } from '../../src/lib/json-file';
import type { EmailTemplate } from './mailer';

export interface SentEmailRecord {
  messageId: string;
  template: EmailTemplate;
  to: string;
  /** ISO instant the SMTP server accepted the message. */
  sentAt: string;
}

export interface SentEmailStore {
  get(idempotencyKey: string): Promise<SentEmailRecord | undefined>;
  put(idempotencyKey: string, record: SentEmailRecord): Promise<void>;
}

/** For tests and single-process runs that need no memory across restarts. */
export class InMemorySentEmailStore implements SentEmailStore {
  private readonly records = new Map<string, SentEmailRecord>();

  async get(key: string): Promise<SentEmailRecord | undefined> {
    return this.records.get(key);
  }

  async put(key: string, record: SentEmailRecord): Promise<void> {
    this.records.set(key, record);
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
 * A JSON file rewritten atomically (temp file + rename) on every put, so it survives restarts and
 * a crash never leaves it half-written. One process per file: the embedded default runs a single
 * worker; clustered deployments use a database-backed store.
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
    return Object.prototype.hasOwnProperty.call(records, key) ? records[key] : undefined;
  }

  async put(key: string, record: SentEmailRecord): Promise<void> {
    const cutoff = this.now() - this.retentionMs;
    await this.doc.update((records) => {
      for (const [k, r] of Object.entries(records)) {
        if (Date.parse(r.sentAt) < cutoff) delete records[k];
      }
      records[key] = record;
    });
  }
}
