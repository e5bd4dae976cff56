// API process: configuration, a Temporal client, the database, then HTTP until SIGTERM/SIGINT, when
// it stops accepting connections, lets in-flight requests finish (bounded), and closes.
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { PgInventory } from '../adapters/postgres/inventory';
import { PgLedger } from '../adapters/postgres/ledger';
import { PgReadModel } from '../adapters/postgres/read-model';
import { PgSentEmailStore } from '../adapters/postgres/sent-emails';
import { PgFinanceActions } from '../adapters/postgres/finance-actions';
import { PgReconciliationFindings } from '../adapters/postgres/reconciliation-findings';
import { parseBringEventCast } from '../adapters/shipping/bring-carrier';
import { SandboxCarrier } from '../sandboxes/carrier';
import { loadConfigOrExit, paymentProviderOf, type Config } from '../config';
import { PgDeviceClaims } from '../adapters/postgres/device-claims';
import { PgDeviceRegistry } from '../adapters/postgres/device-registry';
import { openDatabase } from '../composition/database';
import { ProcessedWebhooks } from '../adapters/postgres/processed-webhooks';
import { PgSessions } from '../adapters/postgres/sessions';
import { createLogger } from '../logger';
import { temporalConnectionOptions } from '../temporal/connection';
import { createApp } from './app';
import type { CarrierLookup } from './services';
import { stripeEventVerifier } from '../adapters/payment/stripe-event-verifier';
import { SANDBOX_STATE_FILE } from '../composition/payment-gateway';
import { SandboxPaymentGateway, sandboxPaymentChallenge } from '../sandboxes/payment-gateway';
import type { PaymentChallenge } from '../ports/payment-challenge';
import { forwardPaymentEvents } from '../temporal/payment-events';
import type { Logger } from 'pino';

/** The embedded default's carrier keeps its bookings in DATA_DIR; read them fresh on each lookup. */
function sandboxCarrierLookup(config: Config): CarrierLookup {
  const path = join(config.DATA_DIR, 'carrier.json');
  const open = () => new SandboxCarrier({ path, publicBaseUrl: config.PUBLIC_BASE_URL ?? '', webhookSecret: config.CARRIER_WEBHOOK_SECRET });
  return {
    lookupTracking: (trackingNumber) => open().lookup(trackingNumber)?.serviceNumber,
    label: (trackingNumber) => open().label(trackingNumber),
  };
}

/**
 * The embedded default's payment sandbox shares its state file with the worker's; the API answers
 * its 3-D Secure challenges and signals the outcome, as Stripe's webhook would.
 */
function sandboxChallenge(config: Config, temporal: Client, logger: Logger): PaymentChallenge {
  const sandbox = new SandboxPaymentGateway({
    path: join(config.DATA_DIR, SANDBOX_STATE_FILE),
    onEvent: forwardPaymentEvents(temporal, (err) => logger.warn({ err }, 'could not signal a payment event')),
  });
  return sandboxPaymentChallenge(sandbox);
}

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'api');
  // Lazy: the API starts (and /healthz answers) while Temporal is still coming up; /readyz tells.
  const connection = Connection.lazy(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const db = await openDatabase(config, {
    applicationName: 'api',
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed; the next query reconnects'),
  });

  const sessions = new PgSessions(db.pool);
  // Ended sessions are refused at once; their rows are swept hourly.
  const sweep = setInterval(() => {
    sessions.deleteExpired(Date.now()).catch((err: unknown) => logger.warn({ err }, 'deleting expired sessions failed'));
  }, 3_600_000);
  sweep.unref();

  let shuttingDown = false;
  const app = createApp({
    config,
    temporal,
    ledger: new PgLedger(db.pool),
    readModel: new PgReadModel(db.pool),
    financeActions: new PgFinanceActions(db.pool),
    stock: new PgInventory(db.pool),
    deviceClaims: new PgDeviceClaims(db.pool),
    devices: new PgDeviceRegistry(db.pool),
    webhooks: new ProcessedWebhooks(db.pool),
    findings: new PgReconciliationFindings(db.pool),
    sentEmails: new PgSentEmailStore(db.pool),
    sessions,
    database: db.pool,
    logger,
    carrier: config.CARRIER === 'sandbox' ? sandboxCarrierLookup(config) : undefined,
    // Bring pushes (Event Cast, relayed and signed with CARRIER_WEBHOOK_SECRET); their tracking
    // numbers are found through the read model.
    parseCarrierWebhook:
      config.CARRIER === 'bring' ? (raw, headers) => parseBringEventCast(raw, headers, config.CARRIER_WEBHOOK_SECRET, Date.now()) : undefined,
    verifyStripeEvent: config.STRIPE_WEBHOOK_SECRET ? stripeEventVerifier(config.STRIPE_WEBHOOK_SECRET) : undefined,
    paymentChallenge: paymentProviderOf(config) === 'sandbox' ? sandboxChallenge(config, temporal, logger) : undefined,
    isShuttingDown: () => shuttingDown,
  });

  const server = app.listen(config.HTTP_PORT, config.HTTP_HOST, () => {
    const url = `http://${config.HTTP_HOST.includes(':') ? `[${config.HTTP_HOST}]` : config.HTTP_HOST}:${config.HTTP_PORT}`;
    logger.info({ url, temporal: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, 'api listening');
    process.stdout.write(`API listening on ${url} (docs: ${url}/docs)\n`);
  });
  server.on('error', (err) => {
    logger.fatal({ err }, 'http server failed');
    process.exit(1);
  });

  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new connections, draining in-flight requests');
    const force = setTimeout(() => {
      logger.warn('drain timeout reached; closing remaining connections');
      server.closeAllConnections();
    }, config.HTTP_SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Keep-alive sockets would hold close() open until they time out: close each as soon as its
    // last response is out.
    server.closeIdleConnections();
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    reaper.unref();
    server.close(async () => {
      clearTimeout(force);
      clearInterval(reaper);
      await connection.close().catch(() => undefined);
      // After the drain: the requests in flight still had their database connections.
      await db.close().catch((err: unknown) => logger.warn({ err }, 'closing the database failed'));
      logger.info('api stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
