// Ledger for the embedded default and tests: append-only, unique on the idempotency key.
import { JsonDocument } from '../lib/json-file';
import type { Ledger, LedgerEntry } from '../ports/ledger';

export class FileLedger implements Ledger {
  private readonly doc: JsonDocument<{ entries: LedgerEntry[] }>;

  constructor(path: string | null = null) {
    this.doc = new JsonDocument(path, () => ({ entries: [] }));
  }

  append(entry: LedgerEntry): Promise<{ inserted: boolean }> {
    return this.doc.update((d) => {
      if (d.entries.some((e) => e.idempotencyKey === entry.idempotencyKey)) return { inserted: false };
      d.entries.push({ ...entry });
      return { inserted: true };
    });
  }

  async entries(filter: { replacementId?: string; from?: number; to?: number } = {}): Promise<LedgerEntry[]> {
    return this.doc
      .read()
      .entries.filter(
        (e) =>
          (!filter.replacementId || e.replacementId === filter.replacementId) &&
          (filter.from === undefined || e.at >= filter.from) &&
          (filter.to === undefined || e.at < filter.to),
      );
  }
}
