// The benchmark's worker process. Built like worker/main.ts (same Worker.create, the real
// activities, payment events forwarded as signals), but over in-memory sandboxes as the API tests
// use them: the embedded default's JSON files are rewritten whole on every change, which at
// thousands of replacements would measure those files instead of the service.
//
// Configured by one JSON environment variable, BENCH_WORKER (see WorkerSpec). Prints one line
// `BENCH_READY {...}` once the worker is created, then runs until SIGINT/SIGTERM.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { EmailRequest, EmailSender } from '../../src/ports/mailer';
import { renderEmail } from '../../src/adapters/email/templates';
import { SandboxInventory } from '../../src/sandboxes/inventory';
import { FileLedger } from '../../src/sandboxes/file-ledger';
import type { Ledger, LedgerEntry } from '../../src/ports/ledger';
import { SandboxPaymentGateway } from '../../src/sandboxes/payment-gateway';
import { StaticPolicySource } from '../../src/ports/policy-source';
import { SandboxCarrier } from '../../src/sandboxes/carrier';
import { CATALOG, POLICY_VERSIONS } from '../../src/domain';
import { forwardPaymentEvents } from '../../worker/payment-events';
import { ceilingActivities } from '../ceiling/activities';

/** Worker options a benchmark run may vary (the tuning experiments). */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentWorkflowTaskPolls'
  | 'maxConcurrentActivityTaskPolls'
  | 'nonStickyToStickyPollRatio'
  | 'reuseV8Context'
>;

export interface WorkerSpec {
  mode: 'replacement' | 'ceiling';
  address: string;
  namespace: string;
  taskQueue: string;
  /** Prebuilt bundle; without it the worker bundles `workflowsPath` at start. */
  bundlePath?: string;
  workflowsPath: string;
  /** The API reads the ledger from `<dataDir>/ledger.json`, as it does in the embedded default. */
  dataDir: string;
  tuning: WorkerTuning;
}

/** Renders every email exactly as production does, then drops it instead of speaking SMTP. */
class RenderOnlyEmailSender implements EmailSender {
  sent = 0;
  async send(req: EmailRequest) {
    renderEmail(req.template, req.locale, req.data as never);
    this.sent += 1;
    return { messageId: req.idempotencyKey, duplicate: false };
  }
}

/**
 * An in-memory ledger that writes itself to `<dataDir>/ledger.json` (the file ledger's format, so
 * the API's FileLedgerReader reads it unchanged) at most every `intervalMs`, instead of on each
 * append as the file ledger does.
 */
class SnapshotLedger implements Ledger {
  private readonly memory = new FileLedger(null);
  private timer: NodeJS.Timeout | null = null;
  private intervalMs = 250;

  constructor(private readonly file: string) {
    void this.write();
  }

  async append(entry: LedgerEntry) {
    const r = await this.memory.append(entry);
    this.timer ??= setTimeout(() => void this.write(), this.intervalMs);
    return r;
  }

  entries(filter?: { replacementId?: string; from?: number; to?: number }) {
    return this.memory.entries(filter);
  }

  async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const t0 = performance.now();
    const entries = await this.memory.entries();
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ entries }));
    renameSync(tmp, this.file);
    // A large ledger is written less often, so writing it never takes more than ~5% of the worker.
    this.intervalMs = Math.max(250, 20 * (performance.now() - t0));
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_WORKER ?? '') as WorkerSpec;
  const t0 = performance.now();
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
  const connection = await NativeConnection.connect({ address: spec.address });
  const clientConnection = await Connection.connect({ address: spec.address });
  const client = new Client({ connection: clientConnection, namespace: spec.namespace });

  mkdirSync(spec.dataDir, { recursive: true });
  const ledger = new SnapshotLedger(join(spec.dataDir, 'ledger.json'));
  const emails = new RenderOnlyEmailSender();
  const activities =
    spec.mode === 'ceiling'
      ? ceilingActivities
      : createActivities({
          payment: new SandboxPaymentGateway({
            inMemory: true,
            onEvent: forwardPaymentEvents(client, (err) => process.stderr.write(`payment event not signalled: ${String(err)}\n`)),
          }),
          carrier: new SandboxCarrier({ publicBaseUrl: 'http://127.0.0.1', webhookSecret: 'bench-carrier-webhook-secret' }),
          email: emails,
          // Enough stock that no replacement ever waits for a restock.
          inventory: new SandboxInventory({ initialStock: Object.fromEntries(CATALOG.map((i) => [i.sku, 10_000_000])) }),
          ledger,
          policies: new StaticPolicySource(POLICY_VERSIONS, CATALOG),
          warehouseLeadEmail: 'lead@warehouse.example.no',
        });

  const tCreate = performance.now();
  const worker = await Worker.create({
    connection,
    namespace: spec.namespace,
    taskQueue: spec.taskQueue,
    ...(spec.bundlePath ? { workflowBundle: { codePath: spec.bundlePath } } : { workflowsPath: spec.workflowsPath }),
    activities,
    ...spec.tuning,
  });
  const running = worker.run();
  const ready = {
    sinceProcessStartMs: Math.round(performance.now()),
    sinceMainMs: Math.round(performance.now() - t0),
    workerCreateMs: Math.round(performance.now() - tCreate),
    maxCachedWorkflows: worker.options.maxCachedWorkflows,
    reuseV8Context: worker.options.reuseV8Context,
  };
  process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);
  // The runtime turns SIGINT/SIGTERM into a graceful shutdown; in-flight tasks finish first.
  await running;
  await ledger.write();
  await clientConnection.close();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`bench worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
