// Worker process: polls the task queue and runs replacement workflows and their activities.
// Production starts from the prebuilt bundle (WORKFLOW_BUNDLE_PATH, `npm run build`); dev and
// tests bundle from source at start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfigOrExit } from '../src/config';
import { createLogger } from '../src/logger';
import { temporalConnectionOptions } from '../src/temporal/connection';
import { createDeps } from './deps';
import { forwardPaymentEvents } from './payment-events';
import { ensureSchedules } from './schedules';
import { createTemporalClient } from '../src/temporal/client';
import { signalRestocked } from '../src/temporal/restocked';

async function main() {
  const config = loadConfigOrExit();
  const log = createLogger(config, 'worker');
  Runtime.install({
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });

  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  // Signals from the sandbox's events go through an ordinary client connection.
  const client = await createTemporalClient(config);
  const deps = await createDeps(config, {
    onSandboxEvent: forwardPaymentEvents(client, (err) => log.warn({ err }, 'could not signal a payment event')),
    onPoolError: (err) => log.warn({ err }, 'database connection error'),
    signalRestocked: (workflowId, sku) => signalRestocked(client, workflowId, sku),
    onDemoStockSeeded: (skus) => log.info({ skus: skus.length, units: config.DEMO_STOCK_UNITS }, 'demo stock seeded (DEMO_STOCK_UNITS)'),
    onUnconfirmedEmail: (idempotencyKey, messageId) =>
      log.warn({ idempotencyKey, messageId }, 'email counted as sent without the mail server confirming it; check its log for this Message-ID'),
  });
  const bundlePath = config.WORKFLOW_BUNDLE_PATH;
  if (bundlePath && !existsSync(bundlePath)) {
    log.fatal({ bundlePath }, 'WORKFLOW_BUNDLE_PATH does not exist; run `npm run build` first');
    process.exit(78);
  }
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve(join(__dirname, '../workflows')) }),
    activities: createActivities(deps),
    ...(config.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
  });
  // Replacements must not wait on the books check: a failure here is logged, and the next start retries.
  await ensureSchedules(client, config.TEMPORAL_TASK_QUEUE).then(
    ({ created }) => created.length > 0 && log.info({ schedules: created }, 'schedules created'),
    (err: unknown) => log.error({ err }, 'could not create the reconciliation schedule'),
  );
  log.info(
    {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      address: config.TEMPORAL_ADDRESS,
      bundle: bundlePath ?? 'from source',
      payment: deps.payment.name,
    },
    'worker ready',
  );
  // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown: in-flight tasks finish first.
  await worker.run();
  await deps.close();
  await client.connection.close();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
