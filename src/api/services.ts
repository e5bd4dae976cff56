// What route handlers get to work with; assembled once by createApp.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { LedgerReader } from '../ports/ledger';
import type { StockRoom } from '../ports/inventory';
import type { ReadModel } from '../ports/read-model';
import type { FindingStore } from '../ports/reconciliation';
import type { SentEmailReader } from '../ports/sent-emails';
import type { WebhookClaims } from '../ports/webhook-claims';
import type { CarrierLookup, ParseCarrierWebhook } from '../ports/carrier';
import type { VerifyStripeEvent } from '../ports/payment-webhooks';
import type { Config } from '../config';
import type { DeviceRegistry } from '../ports/devices';
import type { ApiMetrics } from './metrics';
import type { ReplacementService } from './replacement-service';
import type { FinanceActionService } from './finance-action-service';
import type { FinanceActionStore } from '../ports/finance-actions';

/** Anything that answers SQL: the pool, for the readiness probe. */
export interface DatabaseProbe {
  query(sql: string): Promise<unknown>;
}

export interface ApiServices {
  config: Config;
  temporal: Client;
  replacements: ReplacementService;
  /** Goodwill refunds and collection retries, carried out by a workflow each. */
  financeActions: FinanceActionService;
  /** What finance has done to each replacement's money (the worker writes it). */
  financeActionLog: Pick<FinanceActionStore, 'list'>;
  /** What the API reads of the ledger; it never appends (money movements are the worker's). */
  ledger: LedgerReader;
  readModel: ReadModel;
  /** Stock per SKU, receipts and adjustments, and the line of replacements waiting for a unit. */
  stock: StockRoom;
  /** Serials the warehouse has flagged (requests for them wait for review). */
  devices: Pick<DeviceRegistry, 'flag' | 'flagged'>;
  webhooks: WebhookClaims;
  database: DatabaseProbe;
  /** Mismatches the daily reconciliation found between the ledger and the payment provider. */
  findings: Pick<FindingStore, 'list' | 'get' | 'resolve'>;
  /** The emails sent for a replacement (the worker's sent-email records). */
  sentEmails: SentEmailReader;
  logger: Logger;
  metrics: ApiMetrics;
  now: () => number;
  carrier?: CarrierLookup;
  /**
   * The carrier's own push format (Bring Event Cast with CARRIER=bring): verifies and parses a
   * delivery to tracking events. Unset: the service's own signed batch format.
   */
  parseCarrierWebhook?: ParseCarrierWebhook;
  verifyStripeEvent?: VerifyStripeEvent;
  isShuttingDown: () => boolean;
}

export type { CarrierLookup, ParseCarrierWebhook, VerifyStripeEvent };
