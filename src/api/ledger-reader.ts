// The API reads the ledger the worker writes. The embedded file ledger loads its file once, so the
// reader opens it afresh for every read and always sees the worker's latest appends.
import { FileLedger } from '../../activities/ledger/file-ledger';
import type { Ledger, LedgerEntry } from '../../activities/ledger/ledger';

export class FileLedgerReader implements Ledger {
  constructor(private readonly path: string) {}

  async append(): Promise<{ inserted: boolean }> {
    throw new Error('the API only reads the ledger; money movements are recorded by the worker');
  }

  entries(filter?: { replacementId?: string; from?: number; to?: number }): Promise<LedgerEntry[]> {
    return new FileLedger(this.path).entries(filter);
  }
}
