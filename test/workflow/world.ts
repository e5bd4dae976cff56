// A complete, isolated world for workflow tests: a worker on its own task queue with the real
// activities over the sandbox payment provider, stock, ledger and carrier, and emails rendered
// by the real templates. Only SMTP delivery is left out here (covered by the email adapter tests).
import type { DeviceFlagReason } from '../../src/domain/device';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { EmailRequest, EmailSender } from '../../src/ports/mailer';
import { renderEmail } from '../../src/adapters/email/templates';
import { SandboxInventory } from '../../src/sandboxes/inventory';
import { FileLedger } from '../../src/sandboxes/file-ledger';
import { SandboxPaymentGateway, type SandboxEvent } from '../../src/sandboxes/payment-gateway';
import { StaticPolicySource } from '../../src/ports/policy-source';
import { SandboxCarrier } from '../../src/sandboxes/carrier';
import { CATALOG, POLICY_VERSIONS } from '../../src/domain';
import type { PolicyVersion } from '../../src/domain/types';
import {
  REPLACEMENT_WORKFLOW_TYPE,
  getReplacementQuery,
  replacementWorkflowId,
  type Actor,
  type ReplacementInput,
  type ReplacementView,
} from '../../workflows/definitions';
import { LEAD_EMAIL, realActivities } from '../helpers/activities';
import { useFixture } from '../helpers/fixture';
import { createTestWorker, createTimeSkippingEnv } from '../helpers/temporal';

export const WAREHOUSE: Actor = { sub: 'ola.lager', role: 'warehouse' };
export { LEAD_EMAIL };

/** Rendered like production (so template data is checked) and kept for assertions. */
export class RecordingEmailSender implements EmailSender {
  readonly sent: (EmailRequest & { subject: string })[] = [];
  private readonly keys = new Set<string>();

  async send(req: EmailRequest) {
    const rendered = renderEmail(req.template, req.locale, req.data as never);
    if (this.keys.has(req.idempotencyKey)) return { messageId: req.idempotencyKey, duplicate: true };
    this.keys.add(req.idempotencyKey);
    this.sent.push({ ...req, subject: rendered.subject });
    return { messageId: req.idempotencyKey, duplicate: false };
  }

  templatesFor(serviceNumber: string): string[] {
    return this.sent.filter((m) => m.data.serviceNumber === serviceNumber).map((m) => m.template);
  }
}

/**
 * The payment sandbox must see the Temporal server's clock, which the time-skipping server runs
 * ahead of wall time: inside an activity that is the attempt's scheduled time.
 */
export function serverClock(): number {
  try {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  } catch {
    return Date.now();
  }
}

export interface World {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  payment: SandboxPaymentGateway;
  /** Where the payment sandbox's events go (none unless a test sets it: as a webhook would, it may signal the workflow). */
  onPaymentEvent?: (event: SandboxEvent) => void | Promise<void>;
  inventory: SandboxInventory;
  ledger: FileLedger;
  carrier: SandboxCarrier;
  emails: RecordingEmailSender;
  policies: StaticPolicySource;
  /** Serials the warehouse has flagged (normalized), as the device registry would answer. */
  flaggedDevices: Map<string, { reason: DeviceFlagReason; note: string | null }>;
  worker: Worker;
  /** Stops the worker (call in afterAll). */
  stop(): Promise<void>;
  /** Every workflow this world started, for history recording. */
  started: WorkflowHandle[];
  start(overrides?: Partial<ReplacementInput>): Promise<WorkflowHandle>;
  view(handle: WorkflowHandle): Promise<ReplacementView>;
  untilStatus(handle: WorkflowHandle, ...statuses: ReplacementView['status'][]): Promise<ReplacementView>;
  /** Polls the view until `done` holds (real time: activities run at wall-clock speed). */
  untilView(handle: WorkflowHandle, done: (v: ReplacementView) => boolean, what: string): Promise<ReplacementView>;
}

export interface WorldOptions {
  stock?: Record<string, number>;
  versions?: PolicyVersion[];
}

/** The calling test file's world on a time-skipping server of its own: both started before its tests, stopped after them. */
export function useWorld(opts: WorldOptions = {}): World {
  return useFixture(
    'the workflow world',
    async () => {
      const env = await createTimeSkippingEnv();
      return createWorld(env, opts).catch(async (err: unknown) => {
        await env.teardown();
        throw err;
      });
    },
    async (world) => {
      try {
        await world.stop();
      } finally {
        await world.env.teardown();
      }
    },
  );
}

export async function createWorld(env: TestWorkflowEnvironment, opts: WorldOptions = {}): Promise<World> {
  const taskQueue = `replacements-${randomUUID()}`;
  const payment = new SandboxPaymentGateway({ inMemory: true, clock: serverClock, onEvent: (event) => world.onPaymentEvent?.(event) });
  const inventory = new SandboxInventory({ initialStock: opts.stock ?? Object.fromEntries(CATALOG.map((i) => [i.sku, 1000])) });
  const ledger = new FileLedger(null);
  const carrier = new SandboxCarrier({ publicBaseUrl: 'http://localhost:3000', webhookSecret: 'test-carrier-secret', clock: serverClock });
  const emails = new RecordingEmailSender();
  const policies = new StaticPolicySource(opts.versions ?? POLICY_VERSIONS, CATALOG);
  const flaggedDevices: World['flaggedDevices'] = new Map();
  const devices = { history: async (serial: string) => ({ flagged: flaggedDevices.get(serial) ?? null, returnedUnder: null }) };
  const { worker } = await createTestWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: realActivities({ payment, carrier, email: emails, inventory, ledger, policies, clock: serverClock, devices }),
  });

  // One worker serves the whole test file; a crash surfaces in stop() and in stuck waits.
  const running = worker.run();
  let n = 0;
  const world: World = {
    env,
    taskQueue,
    payment,
    inventory,
    ledger,
    carrier,
    emails,
    policies,
    flaggedDevices,
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
    started: [],
    async start(overrides = {}) {
      const now = await env.currentTimeMs();
      const serviceNumber = `RMA-${taskQueue.slice(-6).toUpperCase()}-${++n}`;
      const input: ReplacementInput = {
        serviceNumber,
        customer: { sub: 'customer-kari', email: 'kari.nordmann@example.no', locale: 'nb' },
        sku: 'IP17P-256',
        serialNumber: 'F2LXK0AAQ1',
        purchaseDate: new Date(now - 120 * 86_400_000).toISOString().slice(0, 10),
        issueDescription: 'Display flickers and goes black',
        coverage: 'warranty',
        serviceLevel: 'standard',
        paymentMethodId: 'pm_card_visa',
        shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
        ...overrides,
      };
      const handle = await env.client.workflow.start(REPLACEMENT_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: replacementWorkflowId(input.serviceNumber),
        args: [input],
      });
      world.started.push(handle);
      return handle;
    },
    view: (handle) => handle.query(getReplacementQuery),
    untilStatus(handle, ...statuses) {
      return world.untilView(handle, (v) => statuses.includes(v.status), statuses.join('|'));
    },
    async untilView(handle, done, what) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const v = await handle.query(getReplacementQuery);
        if (done(v)) return v;
        if (Date.now() > deadline) throw new Error(`still ${v.status}, expected ${what}; timeline: ${JSON.stringify(v.timeline)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  return world;
}

/**
 * With RECORD_HISTORIES=1 (`npm run record-histories`), saves the histories of the workflows a
 * test started into test/histories/, for the replay test that guards in-flight replacements.
 */
export async function recordHistories(world: World, testName: string): Promise<void> {
  const handles = world.started.splice(0);
  if (process.env.RECORD_HISTORIES !== '1') return;
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);
  mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [i, handle] of handles.entries()) {
    const history = await handle.fetchHistory();
    const file = join(HISTORIES_DIR, `${slug}${handles.length > 1 ? `-${i + 1}` : ''}.json`);
    writeFileSync(file, JSON.stringify(history));
  }
}

export const HISTORIES_DIR = join(__dirname, '..', 'histories');
