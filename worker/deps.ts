// Builds the activities' ports from configuration: sandboxes for the embedded default,
// real providers when their credentials are configured.
import { join } from 'node:path';
import type { ActivityDeps } from '../activities';
import { createSmtpEmailSender, FileSentEmailStore, PermanentEmailError } from '../activities/email/smtp-sender';
import { SandboxInventory } from '../activities/inventory/sandbox-inventory';
import { FileLedger } from '../activities/ledger/file-ledger';
import { createPaymentGateway, type PaymentGatewayExtras } from '../activities/payment/factory';
import { SandboxPaymentGateway } from '../activities/payment/sandbox-gateway';
import { StaticPolicySource } from '../activities/policy-source';
import { BringCarrier, JsonFileBookingStore } from '../activities/shipping/bring-carrier';
import type { Carrier } from '../activities/shipping/carrier';
import { DEFAULT_WAREHOUSE_ADDRESS, SandboxCarrier } from '../activities/shipping/sandbox-carrier';
import { DEV_CARRIER_WEBHOOK_SECRET, type Config } from '../src/config';
import { CATALOG, POLICY_VERSIONS } from '../src/domain';

/** Stock the embedded default starts with: a few units of every SKU, so a demo can ship. */
export function demoStock(): Record<string, number> {
  return Object.fromEntries(CATALOG.map((item) => [item.sku, 5]));
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

export function createDeps(config: Config, extras: PaymentGatewayExtras = {}): ActivityDeps & { close(): void } {
  const dir = config.DATA_DIR;
  const payment = createPaymentGateway(config, extras);
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
    sentStore: new FileSentEmailStore(join(dir, 'sent-emails.json')),
    messageIdDomain: new URL(publicBaseUrl(config)).hostname.includes('.') ? new URL(publicBaseUrl(config)).hostname : 'replacements.local',
  });
  return {
    payment,
    carrier: createCarrier(config),
    email,
    inventory: new SandboxInventory({ path: join(dir, 'inventory.json'), initialStock: demoStock() }),
    ledger: new FileLedger(join(dir, 'ledger.json')),
    policies: new StaticPolicySource(POLICY_VERSIONS, CATALOG),
    warehouseLeadEmail: config.WAREHOUSE_LEAD_EMAIL,
    isPermanentEmailError: (err) => err instanceof PermanentEmailError,
    close: () => {
      stopSweeper();
      email.close();
    },
  };
}
