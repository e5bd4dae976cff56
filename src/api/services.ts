// What route handlers get to work with; assembled once by createApp.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PgLedger } from '../../activities/ledger/pg-ledger';
import type { StockRoom } from '../../activities/inventory/inventory';
import type { ReadModel } from '../../activities/read-model/read-model';
import type { ProcessedWebhooks } from '../db/processed-webhooks';
import type { PgReconciliationFindings } from '../../activities/reconciliation/pg-findings';
import type { TrackingEvent } from '../../activities/shipping/carrier';
import type { PaymentEvent } from '../../workflows/definitions';
import type { Config } from '../config';
import type { DeviceRegistry } from '../db/device-registry';
import type { ApiMetrics } from './metrics';
import type { ReplacementService } from './replacement-service';

/** Finds the replacement a carrier tracking number belongs to (outbound or return shipment). */
export interface CarrierLookup {
  lookupTracking(trackingNumber: string): Promise<string | undefined> | string | undefined;
  /** The label PDF of a booked shipment, when the carrier renders them itself (the sandbox). */
  label?(trackingNumber: string): Promise<Buffer | undefined> | Buffer | undefined;
}

/** A verified, normalized payment-provider event; `replacementId` from the object's metadata. */
export type StripeWebhookEvent = PaymentEvent & { replacementId: string | null };

/**
 * Verifies a Stripe delivery on its raw bytes and normalizes the events it carries. Throws an error
 * named `WebhookSignatureError` for a missing, wrong or stale signature.
 */
export type VerifyStripeEvent = (
  rawBody: Buffer,
  signature: string | undefined,
) => StripeWebhookEvent[] | Promise<StripeWebhookEvent[]>;

/** What the API reads of the ledger; it never appends (money movements are the worker's). */
export type LedgerReader = Pick<PgLedger, 'entries' | 'totals' | 'totalsByReplacement'>;

/** Claims on webhook events, so a redelivered event is acted on once. */
export type WebhookClaims = Pick<ProcessedWebhooks, 'claim' | 'release'>;

/** Anything that answers SQL: the pool, for the readiness probe. */
export interface DatabaseProbe {
  query(sql: string): Promise<unknown>;
}

export interface ApiServices {
  config: Config;
  temporal: Client;
  replacements: ReplacementService;
  ledger: LedgerReader;
  readModel: ReadModel;
  /** Stock per SKU, receipts and adjustments, and the line of replacements waiting for a unit. */
  stock: StockRoom;
  /** Serials the warehouse has flagged (requests for them wait for review). */
  devices: Pick<DeviceRegistry, 'flag' | 'flagged'>;
  webhooks: WebhookClaims;
  database: DatabaseProbe;
  /** Mismatches the daily reconciliation found between the ledger and the payment provider. */
  findings: Pick<PgReconciliationFindings, 'list'>;
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

export type ParseCarrierWebhook = (rawBody: Buffer, headers: Record<string, string | string[] | undefined>) => TrackingEvent[];
