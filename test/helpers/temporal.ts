/**
 * Temporal helpers for integration tests. The jest global setup (test/helpers/global-setup.ts)
 * starts one dev server for the whole run and publishes it through environment variables:
 *
 *   TEST_TEMPORAL_ADDRESS      host:port of the dev server (namespace TEST_TEMPORAL_NAMESPACE)
 *   TEST_TIME_SKIPPING_SERVER  provisioned Java test-server wrapper (unset: the SDK downloads one)
 *   TEST_WORKFLOW_BUNDLE       the bundled code of workflows/index.ts (unset until it exists)
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { useFixture } from './fixture';
import { adoptProcess, findChildProcesses, watchOwnProcesses } from './processes';

// The SDK logs every worker state change at INFO; tests only want warnings (TEST_LOG_LEVEL=INFO
// brings them back). Installing fails harmlessly if a test installed its own runtime first.
try {
  Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL as LogLevel | undefined) ?? 'WARN') });
} catch {
  /* already installed */
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this test through the jest "integration" project (its global setup starts the servers)`);
  }
  return value;
}

export function devServerAddress(): string {
  return requireEnv('TEST_TEMPORAL_ADDRESS');
}

export function devServerNamespace(): string {
  return process.env.TEST_TEMPORAL_NAMESPACE ?? 'default';
}

/** Client-side connection to the suite's dev server; close it when done. */
export function devServerConnection(): Promise<Connection> {
  return Connection.connect({ address: devServerAddress() });
}

/** Worker-side connection to the suite's dev server; close it when done. */
export function devServerNativeConnection(): Promise<NativeConnection> {
  return NativeConnection.connect({ address: devServerAddress() });
}

/** A client for the dev server; `await client.connection.close()` when done. */
export async function devServerClient(): Promise<Client> {
  return new Client({ connection: await devServerConnection(), namespace: devServerNamespace() });
}

export interface DevServerConnections {
  client: Client;
  /** For workers. */
  nativeConnection: NativeConnection;
}

/** A client and a worker connection to the suite's dev server for the calling test file (or describe). */
export function useDevServer(): DevServerConnections {
  return useFixture(
    'the dev server connections',
    async () => {
      const client = await devServerClient();
      return {
        client,
        nativeConnection: await devServerNativeConnection().catch(async (err: unknown) => {
          await client.connection.close();
          throw err;
        }),
      };
    },
    async ({ client, nativeConnection }) => {
      await client.connection.close();
      await nativeConnection.close();
    },
  );
}

/**
 * The bundled production workflow code, or undefined while workflows/index.ts does not exist.
 * Throws the bundler's error if the code exists but did not bundle.
 */
export function workflowBundle(): { codePath: string } | undefined {
  const error = process.env.TEST_WORKFLOW_BUNDLE_ERROR;
  if (error) throw new Error(`bundling workflows/index.ts failed in the jest global setup:\n${error}`);
  const codePath = process.env.TEST_WORKFLOW_BUNDLE;
  return codePath ? { codePath } : undefined;
}

const GRPC_ALREADY_EXISTS = 6;

/**
 * Registers custom search attributes in a namespace. The Java test server rejects workflows that
 * set an unregistered attribute ("search attribute X is not defined"), so time-skipping
 * environments need this; the dev server gets them on its command line instead. One call per
 * attribute: the test server has no ListSearchAttributes and refuses a batch with a known name.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace = 'default',
  keys: readonly SearchAttributeKey<SearchAttributeType>[] = SEARCH_ATTRIBUTES,
): Promise<void> {
  for (const key of keys) {
    const type = encodeSearchAttributeIndexedValueType(key.type);
    if (type === undefined) throw new Error(`unknown search attribute type ${key.type} of ${key.name}`);
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [key.name]: type } });
    } catch (err) {
      if ((err as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw err;
    }
  }
}

/**
 * A fresh time-skipping environment on the provisioned Java test server (one JVM per call; tear
 * it down in afterAll). Time only skips while the test awaits a workflow result or env.sleep().
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEST_TIME_SKIPPING_SERVER;
  // The provisioned wrapper registers the JVM (TEMPORAL_TEST_SERVER_PID_DIR, set by the global
  // setup) the moment it starts; the watchdog must already be running for this process.
  watchOwnProcesses();
  const start = (): Promise<TestWorkflowEnvironment> =>
    TestWorkflowEnvironment.createTimeSkipping(path ? { server: { executable: { type: 'existing-path', path } } } : undefined);
  let env: TestWorkflowEnvironment;
  try {
    env = await start();
  } catch (err) {
    // The SDK allows the server 5 s to answer; on a saturated machine, try once more.
    if (!/did not start within/.test(String(err))) throw err;
    env = await start();
  }
  // The SDK kills its server only on teardown(); make sure an interrupted run does not leak it.
  // Adopting also covers servers that did not register themselves (the SDK's own download).
  // It is the child started with the server's port as first argument (the wrapper execs java,
  // so it is the JVM, whose first argument after the main class is that port).
  const port = env.address.split(':').pop() ?? '';
  const releases = findChildProcesses((argv) => argv.slice(1).includes(port) && !argv.includes('--port')).map(({ pid, argv }) =>
    adoptProcess(pid, 'time-skipping test server', argv[0] ?? 'java'),
  );
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await teardown();
    for (const release of releases) release();
  };
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export type TestWorkerOptions = Omit<WorkerOptions, 'taskQueue' | 'connection'> & {
  connection: NativeConnection;
  /** Defaults to a fresh unique queue so tests never steal each other's tasks. */
  taskQueue?: string;
};

/**
 * A worker on its own task queue. Without `workflowsPath` or `workflowBundle` it runs the
 * production workflows: bundled by the global setup, or bundled here from workflows/ when the
 * global setup made no bundle. Run it with `worker.runUntil(promise)`.
 */
export async function createTestWorker(options: TestWorkerOptions): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = options.taskQueue ?? uniqueTaskQueue();
  let code: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = {};
  if (!options.workflowsPath && !options.workflowBundle) {
    const bundle = workflowBundle();
    code = bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') };
  }
  const worker = await Worker.create({ namespace: devServerNamespace(), ...code, ...options, taskQueue });
  return { worker, taskQueue };
}
