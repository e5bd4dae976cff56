// Builds the activities' ports from configuration: PostgreSQL for the ledger, stock, read model,
// policy and sent emails (an embedded PGlite when DATABASE_URL is unset); sandboxes for payment
// and carrier unless real providers are configured.
import { join } from 'node:path';
import type { ActivityDeps } from '../activities';
import { MailpitDeliveryLookup } from '../src/adapters/email/delivery-lookup';
import { PgSentEmailStore } from '../src/adapters/postgres/sent-emails';
import { createSmtpEmailSender, PermanentEmailError } from '../src/adapters/email/smtp-sender';
import { PgInventory } from '../src/adapters/postgres/inventory';
import { wakeOnRelease, type SignalRestocked } from '../src/temporal/wake-stock-waiters';
import { PgLedger } from '../src/adapters/postgres/ledger';
import { createPaymentGateway, type PaymentGatewayExtras } from '../src/composition/payment-gateway';
import { SandboxPaymentGateway } from '../src/sandboxes/payment-gateway';
import { PgReadModel } from '../src/adapters/postgres/read-model';
import { PgFinanceActions } from '../src/adapters/postgres/finance-actions';
import { PgReconciliationFindings } from '../src/adapters/postgres/reconciliation-findings';
import { PgPersonalDataRetention } from '../src/adapters/postgres/retention';
import { BringCarrier, JsonFileBookingStore } from '../src/adapters/shipping/bring-carrier';
import type { Carrier } from '../src/ports/carrier';
import { DEFAULT_WAREHOUSE_ADDRESS, SandboxCarrier } from '../src/sandboxes/carrier';
import { DEV_CARRIER_WEBHOOK_SECRET, type Config } from '../src/config';
import { openDatabase } from '../src/composition/database';
import { PgPolicySource } from '../src/adapters/postgres/policy-source';
import { PgDeviceRegistry } from '../src/adapters/postgres/device-registry';
import { CATALOG } from '../src/domain';

/** Demo stock (DEMO_STOCK_UNITS, set by `npm start`): `units` of every catalog SKU. */
export function demoStock(units: number): Record<string, number> {
  return Object.fromEntries(CATALOG.map((item) => [item.sku, units]));
}

export function publicBaseUrl(config: Config): string {
  return config.PUBLIC_BASE_URL ?? `http://localhost:${config.HTTP_PORT}`;
}

function createCarrier(config: Config): Carrier {
  const webhookSecret = config.CARRIER_WEBHOOK_SECRET ?? DEV_CARRIER_WEBHOOK_SECRET;
  if (config.CARRIER === 'bring') {
    return new BringCarrier({
      apiUid: config.BRING_API_UID!,
      apiKey: config.BRING_API_KEY!,
      customerNumber: config.BRING_CUSTOMER_NUMBER!,
      clientUrl: publicBaseUrl(config),
      baseUrl: config.BRING_BASE_URL,
      testIndicator: config.BRING_TEST_INDICATOR,
      warehouse: DEFAULT_WAREHOUSE_ADDRESS,
      webhookSecret,
      // Bring has no idempotency keys: remember bookings so a retried activity does not book twice.
      store: new JsonFileBookingStore(join(config.DATA_DIR, 'bring-bookings.json')),
    });
  }
  return new SandboxCarrier({ path: join(config.DATA_DIR, 'carrier.json'), publicBaseUrl: publicBaseUrl(config), webhookSecret });
}

export async function createDeps(
  config: Config,
  extras: PaymentGatewayExtras & {
    onPoolError?: (err: Error) => void;
    /** An email counted as sent without the SMTP server's confirmation (an attempt died after committing it). */
    onUnconfirmedEmail?: (idempotencyKey: string, messageId: string) => void;
    /** Signals `restocked` to a waiting replacement (the worker's Temporal client); false when it no longer runs. */
    signalRestocked?: SignalRestocked;
    onDemoStockSeeded?: (skus: string[]) => void;
  } = {},
): Promise<ActivityDeps & { close(): Promise<void> }> {
  const db = await openDatabase(config, { applicationName: 'worker', onPoolError: extras.onPoolError });
  const inventory = new PgInventory(db.pool);
  // The embedded demo asks for stock explicitly (npm start sets DEMO_STOCK_UNITS); SKUs stocked
  // before are never re-seeded, so a restart keeps what was shipped, received and adjusted.
  if (config.DEMO_STOCK_UNITS > 0) {
    const seeded = await inventory.seedIfAbsent(demoStock(config.DEMO_STOCK_UNITS));
    if (seeded.length > 0) extras.onDemoStockSeeded?.(seeded);
  }
  const signalRestocked = extras.signalRestocked;
  const payment = createPaymentGateway(config, { challengeBaseUrl: config.PUBLIC_BASE_URL, ...extras });
  // The sandbox expires authorizations on read; a sweep makes a lapse visible (and signalled) promptly.
  const stopSweeper = payment instanceof SandboxPaymentGateway ? payment.startExpirySweeper(60_000) : () => undefined;
  const email = createSmtpEmailSender({
    transport: {
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD! } : undefined,
    },
    from: config.MAIL_FROM,
    sentStore: new PgSentEmailStore(db.pool),
    messageIdDomain: messageIdDomain(config),
    deliveryLookup: config.MAILPIT_API_URL ? new MailpitDeliveryLookup(config.MAILPIT_API_URL) : undefined,
    onUnconfirmed: (key, record) => extras.onUnconfirmedEmail?.(key, record.messageId),
  });
  return {
    payment,
    carrier: createCarrier(config),
    email,
    inventory,
    ledger: new PgLedger(db.pool),
    readModel: new PgReadModel(db.pool),
    financeActions: new PgFinanceActions(db.pool),
    policies: new PgPolicySource(db.pool),
    findings: new PgReconciliationFindings(db.pool),
    retention: new PgPersonalDataRetention(db.pool),
    retentionDays: config.RETENTION_DAYS,
    authenticationWaitSeconds: config.AUTHENTICATION_WAIT_SECONDS,
    devices: new PgDeviceRegistry(db.pool),
    onStockReleased: signalRestocked ? wakeOnRelease(inventory, signalRestocked) : undefined,
    warehouseLeadEmail: config.WAREHOUSE_LEAD_EMAIL,
    isPermanentEmailError: (err) => err instanceof PermanentEmailError,
    close: async () => {
      stopSweeper();
      email.close();
      await db.close();
    },
  };
}

function messageIdDomain(config: Config): string {
  const host = new URL(publicBaseUrl(config)).hostname;
  return host.includes('.') ? host : 'replacements.local';
}
