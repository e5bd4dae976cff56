// An API under test on the suite's Temporal dev server: its own namespace, its own PostgreSQL (so
// staff lists see only this file's replacements), optionally a worker running the real workflow and
// activities over the sandboxes, and the app wired to the same database and carrier the worker writes.
import { PgReconciliationFindings } from '../../../src/adapters/postgres/reconciliation-findings';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Express } from 'express';
import { SignJWT } from 'jose';
import pino, { type Logger } from 'pino';
import Stripe from 'stripe';
import type { EmailRequest, EmailSender } from '../../../src/ports/mailer';
import { PgInventory } from '../../../src/adapters/postgres/inventory';
import { wakeOnRelease } from '../../../src/temporal/wake-stock-waiters';
import { signalRestocked } from '../../../src/temporal/restocked';
import { PgLedger } from '../../../src/adapters/postgres/ledger';
import { PgReadModel } from '../../../src/adapters/postgres/read-model';
import { PgSentEmailStore } from '../../../src/adapters/postgres/sent-emails';
import { PgFinanceActions } from '../../../src/adapters/postgres/finance-actions';
import { SandboxPaymentGateway, sandboxPaymentChallenge } from '../../../src/sandboxes/payment-gateway';
import { forwardPaymentEvents } from '../../../src/temporal/payment-events';
import { SandboxCarrier } from '../../../src/sandboxes/carrier';
import { signCarrierPayload } from '../../../src/lib/webhook-signature';
import { createApp, type AppDeps } from '../../../src/api/app';
import type { Role } from '../../../src/api/auth';
import { stripeEventVerifier } from '../../../src/adapters/payment/stripe-event-verifier';
import { loadConfig, type Config } from '../../../src/config';
import { PgDeviceClaims } from '../../../src/adapters/postgres/device-claims';
import { PgDeviceRegistry } from '../../../src/adapters/postgres/device-registry';
import { openDatabase, type Database } from '../../../src/composition/database';
import { ProcessedWebhooks } from '../../../src/adapters/postgres/processed-webhooks';
import { PgSessions } from '../../../src/adapters/postgres/sessions';
import { CATALOG, POLICY_VERSIONS } from '../../../src/domain';
import type { PolicyVersion } from '../../../src/domain/types';
import { realActivities } from '../../helpers/activities';
import { useFixture } from '../../helpers/fixture';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { createTestWorker, devServerAddress, devServerNativeConnection, registerSearchAttributes } from '../../helpers/temporal';

export const JWT_SECRET = 'api-test-jwt-secret-0123456789abcdef-xyz';
export const CARRIER_SECRET = 'api-test-carrier-webhook-secret';
export const STRIPE_SECRET = 'whsec_api_test_secret';

export interface TokenOptions {
  secret?: string;
  alg?: string;
  expiresIn?: string | number;
  notBefore?: string | number;
  issuer?: string;
  audience?: string;
  extraClaims?: Record<string, unknown>;
  omitSub?: boolean;
  omitExp?: boolean;
}

export async function token(role: Role | string, sub: string, opts: TokenOptions = {}): Promise<string> {
  let jwt = new SignJWT({ role, ...opts.extraClaims }).setProtectedHeader({ alg: opts.alg ?? 'HS256' }).setIssuedAt();
  if (!opts.omitSub) jwt = jwt.setSubject(sub);
  if (!opts.omitExp) jwt = jwt.setExpirationTime(opts.expiresIn ?? '10m');
  if (opts.notBefore !== undefined) jwt = jwt.setNotBefore(opts.notBefore);
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? JWT_SECRET));
}

export const bearer = async (role: Role, sub = `${role}-1`) => `Bearer ${await token(role, sub)}`;

/** Authorization headers by name, e.g. `{ kari: ['customer', 'kari'] }`, signed before the file's tests. */
export function useBearers<Name extends string>(who: Record<Name, readonly [Role, string]>): Record<Name, string> {
  const headers = {} as Record<Name, string>;
  beforeAll(async () => {
    for (const [name, [role, sub]] of Object.entries(who) as [Name, readonly [Role, string]][]) headers[name] = await bearer(role, sub);
  });
  return headers;
}

export function signedCarrierDelivery(body: unknown, atSeconds?: number, secret = CARRIER_SECRET) {
  const raw = JSON.stringify(body);
  return { raw, signature: signCarrierPayload(raw, secret, atSeconds) };
}

export function signedStripeDelivery(event: Record<string, unknown>, secret = STRIPE_SECRET) {
  const raw = JSON.stringify(event);
  return { raw, signature: Stripe.webhooks.generateTestHeaderString({ payload: raw, secret }) };
}

/** Emails are rendered and sent by other suites' tests; here they are only recorded. */
export class RecordingEmailSender implements EmailSender {
  readonly sent: EmailRequest[] = [];
  async send(req: EmailRequest) {
    this.sent.push(req);
    return { messageId: req.idempotencyKey, duplicate: false };
  }
}

/** Log lines the app wrote, parsed; for asserting what was logged (e.g. a 500's request id). */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export interface ApiWorldOptions {
  /** Run a worker with the real workflow and activities (default true). */
  worker?: boolean;
  stock?: Record<string, number>;
  env?: Record<string, string>;
  /**
   * The policy the API enforces limits from. Default: the shipped policy without the per-customer
   * limit, since most files run many replacements for one customer; test/api/one-device.test.ts
   * runs with the shipped limits.
   */
  policyVersions?: readonly PolicyVersion[];
  deps?: Partial<AppDeps>;
  /** Serve the payment sandbox's 3-D Secure challenge page, and signal its events to the workflows as a webhook would. */
  paymentChallenge?: boolean;
}

export interface ApiWorld {
  app: Express;
  config: Config;
  client: Client;
  namespace: string;
  taskQueue: string;
  /** The database the app reads and the worker writes (migrated and seeded). */
  db: Database;
  ledger: PgLedger;
  readModel: PgReadModel;
  financeActions: PgFinanceActions;
  payment: SandboxPaymentGateway;
  carrier: SandboxCarrier;
  inventory: PgInventory;
  emails: RecordingEmailSender;
  /** Another app on the same namespace with different configuration or dependencies. */
  variant(env?: Record<string, string>, deps?: Partial<AppDeps>): Express;
  close(): Promise<void>;
}

export function testConfig(namespace: string, taskQueue: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    TEMPORAL_ADDRESS: devServerAddress(),
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: JWT_SECRET,
    CARRIER_WEBHOOK_SECRET: CARRIER_SECRET,
    ...env,
  });
}

/** A throwaway namespace with the replacement search attributes registered. */
async function createNamespace(connection: Connection): Promise<string> {
  const namespace = `api-test-${randomUUID()}`;
  await connection.workflowService.registerNamespace({
    namespace,
    // protobufjs takes a plain number where the generated type says Long.
    workflowExecutionRetentionPeriod: { seconds: (24 * 3600) as never },
  });
  for (let i = 0; ; i++) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await registerSearchAttributes(connection, namespace);
  return namespace;
}

/** A PostgreSQL server per test file (its replacements are the only ones the lists see), migrated and seeded. */
async function openTestDatabase(config: Config): Promise<{ postgres: TestPostgres; db: Database }> {
  const postgres = await startPostgres();
  try {
    return { postgres, db: await openDatabase({ ...config, DATABASE_URL: postgres.url }, { applicationName: 'api-test' }) };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}

export async function createApiWorld(options: ApiWorldOptions = {}): Promise<ApiWorld> {
  const connection = await Connection.connect({ address: devServerAddress() });
  const namespace = await createNamespace(connection);
  const client = new Client({ connection, namespace });
  const taskQueue = `api-${randomUUID()}`;
  const config = testConfig(namespace, taskQueue, options.env);

  const { postgres, db } = await openTestDatabase(config).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  const ledger = new PgLedger(db.pool);
  const readModel = new PgReadModel(db.pool);
  const financeActions = new PgFinanceActions(db.pool);
  const payment = new SandboxPaymentGateway({
    inMemory: true,
    ...(options.paymentChallenge ? { onEvent: forwardPaymentEvents(client, () => undefined) } : {}),
  });
  const carrier = new SandboxCarrier({ publicBaseUrl: 'http://localhost:3000', webhookSecret: CARRIER_SECRET });
  const inventory = new PgInventory(db.pool);
  await inventory.seedIfAbsent(options.stock ?? Object.fromEntries(CATALOG.map((i) => [i.sku, 20])));
  const emails = new RecordingEmailSender();
  const devices = new PgDeviceRegistry(db.pool);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let native: NativeConnection | undefined;
  if (options.worker !== false) {
    native = await devServerNativeConnection();
    const onStockReleased = wakeOnRelease(inventory, (workflowId, sku) => signalRestocked(client, workflowId, sku));
    ({ worker } = await createTestWorker({
      connection: native,
      namespace,
      taskQueue,
      activities: realActivities({ payment, carrier, email: emails, inventory, ledger, readModel, financeActions, devices, onStockReleased }),
    }));
    running = worker.run();
  }

  const baseDeps: AppDeps = {
    config,
    temporal: client,
    ledger,
    readModel,
    financeActions,
    stock: inventory,
    deviceClaims: new PgDeviceClaims(db.pool),
    devices,
    webhooks: new ProcessedWebhooks(db.pool),
    findings: new PgReconciliationFindings(db.pool),
    sentEmails: new PgSentEmailStore(db.pool),
    sessions: new PgSessions(db.pool),
    database: db.pool,
    logger: pino({ level: 'silent' }),
    carrier: { lookupTracking: (n) => carrier.lookup(n)?.serviceNumber, label: (n) => carrier.label(n) },
    verifyStripeEvent: stripeEventVerifier(STRIPE_SECRET),
    policyVersions: options.policyVersions ?? POLICY_VERSIONS.map((v) => ({ ...v, limits: { maxOpenReplacementsPerCustomer: 100_000 } })),
    ...(options.paymentChallenge ? { paymentChallenge: sandboxPaymentChallenge(payment) } : {}),
  };
  const app = createApp({ ...baseDeps, ...options.deps });

  return {
    app,
    config,
    client,
    namespace,
    taskQueue,
    db,
    ledger,
    readModel,
    financeActions,
    payment,
    carrier,
    inventory,
    emails,
    variant: (env = {}, deps = {}) =>
      createApp({ ...baseDeps, ...options.deps, config: testConfig(namespace, taskQueue, { ...options.env, ...env }), ...deps }),
    async close() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await native?.close();
      // Leave nothing running on the shared server.
      await terminateAll(client).catch(() => undefined);
      await connection.close();
      await db.close();
      await postgres.stop();
    },
  };
}

/** The calling test file's API world: created before its tests, closed after them. */
export function useApiWorld(options: ApiWorldOptions = {}): ApiWorld {
  return useFixture(
    'the API world',
    () => createApiWorld(options),
    (world) => world.close(),
  );
}

async function terminateAll(client: Client): Promise<void> {
  for await (const wf of client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
    await client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .terminate('test finished')
      .catch(() => undefined);
  }
}

/** Polls `fn` until it returns a value `accept` likes, or fails with the last value seen. */
export async function eventually<T>(fn: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
